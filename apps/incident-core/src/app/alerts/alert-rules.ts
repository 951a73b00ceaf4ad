import type { Severity } from '@sitrep/contracts';
import type { DetectionRule } from './alert-policy';

/** The pure rules of alert intake: label matching, state transitions and detection. No I/O here. */

export type AlertStatus = 'firing' | 'resolved';
export type Labels = Record<string, string>;

export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Alertmanager's matcher syntax: service="checkout", env=~"prod|staging", team!="infra". Null if malformed. */
export function parseMatcher(text: string): LabelMatcher | null {
  const found = MATCHER.exec(text);
  if (!found) return null;
  const value = found[3].replace(/\\(.)/g, '$1');
  if (found[2] === '=~' || found[2] === '!~') {
    try {
      new RegExp(`^(?:${value})$`);
    } catch {
      return null;
    }
  }
  return { label: found[1], op: found[2] as LabelMatcher['op'], value };
}

export function matches(labels: Labels, matcher: LabelMatcher): boolean {
  const actual = labels[matcher.label] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      // Anchored, as Alertmanager anchors its regular expressions.
      return new RegExp(`^(?:${matcher.value})$`).test(actual);
    case '!~':
      return !new RegExp(`^(?:${matcher.value})$`).test(actual);
  }
}

export interface ComponentMapping {
  /** All must match for the alert to belong to the component. */
  matchers: string[];
  componentId: string;
}

/** The components an alert belongs to, by its integration's mappings, in mapping order and without repeats. */
export function componentsFor(labels: Labels, mappings: readonly ComponentMapping[]): string[] {
  const found: string[] = [];
  for (const mapping of mappings) {
    const parsed = mapping.matchers.map(parseMatcher);
    if (parsed.every((m) => m !== null && matches(labels, m)) && !found.includes(mapping.componentId)) found.push(mapping.componentId);
  }
  return found;
}

/**
 * What one notification about an alert means given what we knew: first sight, a change (a re-fire or a
 * resolution), or a repeat (Alertmanager resends the whole group on every notification).
 */
export type Transition = 'new_firing' | 'new_resolved' | 'refired' | 'resolved' | 'still_firing' | 'still_resolved';

export function transitionOf(previous: AlertStatus | null, next: AlertStatus): Transition {
  if (previous === null) return next === 'firing' ? 'new_firing' : 'new_resolved';
  if (previous === next) return next === 'firing' ? 'still_firing' : 'still_resolved';
  return next === 'firing' ? 'refired' : 'resolved';
}

export function changesState(transition: Transition): boolean {
  return transition !== 'still_firing' && transition !== 'still_resolved';
}

/** The customers_affected annotation (or another) as a number; absent or not a number → null. */
export function numericAnnotation(annotations: Labels, key: string): number | null {
  const raw = annotations[key];
  if (raw === undefined || raw.trim() === '') return null;
  const value = Number(raw.trim());
  return Number.isFinite(value) ? value : null;
}

export interface CandidateAlert {
  id: string;
  name: string;
  labels: Labels;
  annotations: Labels;
  componentIds: string[];
}

export interface Detection {
  rule: DetectionRule;
  /** The alerts the rule looked at: the new incident's alerts. */
  alerts: CandidateAlert[];
  componentIds: string[];
  customersAffected: number | null;
}

function takesPart(rule: DetectionRule, alert: CandidateAlert): boolean {
  return Object.entries(rule.when.labels).every(([label, value]) => alert.labels[label] === value);
}

/** An alert a rule counts: labels match, on a component for a component rule, over the line for an annotation rule. */
function countsFor(rule: DetectionRule, alert: CandidateAlert): boolean {
  return (
    takesPart(rule, alert) &&
    (rule.when.minComponents === undefined || alert.componentIds.length > 0) &&
    (rule.when.annotation === undefined || (numericAnnotation(alert.annotations, rule.when.annotation) ?? -Infinity) >= rule.when.atLeast!)
  );
}

/**
 * Whether an alert, by itself, is the kind a rule counts: its labels match, it is on a component (for a
 * component rule) and its annotation is over the line (for an annotation rule). While a detection is
 * open, such alerts join it rather than declare again; others keep waiting.
 */
export function counts(rules: readonly DetectionRule[], alert: CandidateAlert): boolean {
  return rules.some((rule) => countsFor(rule, alert));
}

/**
 * The first rule that holds over the firing alerts no incident has yet: enough distinct components,
 * and/or an annotation at or over its threshold. Null when none holds (the alerts wait for a person).
 */
export function detect(rules: readonly DetectionRule[], pending: readonly CandidateAlert[]): Detection | null {
  for (const rule of rules) {
    const taking = pending.filter((a) => countsFor(rule, a));
    if (taking.length === 0) continue;
    const componentIds = [...new Set(taking.flatMap((a) => a.componentIds))];
    if (rule.when.minComponents !== undefined && componentIds.length < rule.when.minComponents) continue;
    return { rule, alerts: taking, componentIds, customersAffected: largestCustomersAffected(taking) };
  }
  return null;
}

/** The largest count among the alerts: components overlap in customers, so summing would overstate. */
export function largestCustomersAffected(alerts: readonly { annotations: Labels }[]): number | null {
  const counts = alerts.map((a) => numericAnnotation(a.annotations, 'customers_affected')).filter((n): n is number => n !== null && n >= 0);
  return counts.length ? Math.floor(Math.max(...counts)) : null;
}

export interface DeclarationPlan {
  title: string;
  severity: Severity;
  trigger: 'manual' | 'multi_customer_impact';
  summary: string;
  componentIds: string[];
  customersAffected: number | null;
}

/** What a detection declares: a title a responder can say on a call, the rule and the alerts in the summary. */
export function declarationFor(detection: Detection, componentNames: Record<string, string>): DeclarationPlan {
  const names = [...new Set(detection.alerts.map((a) => a.name))];
  const components = detection.componentIds.map((id) => componentNames[id] ?? id);
  const where = components.length ? ` on ${components.join(', ')}` : '';
  const title = `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}${where}`;
  const customers = detection.customersAffected !== null ? `; ${detection.customersAffected} customers affected` : '; customers affected unknown (no customers_affected annotation)';
  return {
    title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
    severity: detection.rule.declare.severity,
    trigger: detection.rule.declare.trigger,
    // The declare command takes 5000 characters of summary: a storm over many components must still declare.
    summary: `Declared from monitoring by the rule "${detection.rule.name}": ${detection.alerts.length} firing alert(s)${where}${customers}.`.slice(0, 5000),
    componentIds: detection.componentIds,
    customersAffected: detection.customersAffected,
  };
}

/** Statuses in which alerts speak for the fix: monitoring (stability window) and the recovery watch. */
export type SignalPlan = { incidentId: string; healthy: boolean; alertId: string | null };

export interface LinkedChange {
  incidentId: string;
  incidentStatus: string;
  alertId: string;
  /** firing now and newly so for this incident: a re-fire, or a fresh alert linked to it. */
  firedForIncident: boolean;
  resolved: boolean;
}

/**
 * The health signals a batch of linked alert changes gives each incident: any alert (re)firing on an
 * incident that is monitoring or watching for recurrence is one unhealthy signal; its last firing alert
 * resolving while it is monitoring is one healthy signal.
 */
export function signalsFor(changes: readonly LinkedChange[], stillFiring: (incidentId: string) => number): SignalPlan[] {
  const plans: SignalPlan[] = [];
  const byIncident = new Map<string, LinkedChange[]>();
  for (const change of changes) byIncident.set(change.incidentId, [...(byIncident.get(change.incidentId) ?? []), change]);
  for (const [incidentId, list] of byIncident) {
    const status = list[0].incidentStatus;
    const fired = list.find((c) => c.firedForIncident);
    if (fired && (status === 'monitoring' || status === 'recovery_watch')) plans.push({ incidentId, healthy: false, alertId: fired.alertId });
    else if (!fired && status === 'monitoring' && list.some((c) => c.resolved) && stillFiring(incidentId) === 0) plans.push({ incidentId, healthy: true, alertId: null });
  }
  return plans;
}

/** The open detection as intake finds it: the claim, and its incident's status once declared. */
export interface OpenDetection {
  state: 'declaring' | 'declared' | 'failed';
  incidentId: string | null;
  incidentStatus: string | null;
  openedAt: Date;
}

/** Incident statuses in which the fix is not yet in: alerts joining it still widen what it covers. */
const ACTIVE = ['declared', 'investigating', 'identified', 'monitoring'];

/**
 * What an open detection means for alerts a rule counts: join its incident (`declared`), wait with it
 * for the declaration (`declaring`), or nothing to join (`none`). `over` (its incident resolved) and
 * `abandoned` (still declaring after the policy's abandonDeclaringAfter: its process died) must be
 * closed first, under the detection lock, before a new storm may declare.
 */
export function detectionStanding(open: OpenDetection | null, at: Date, abandonDeclaringAfter: number): 'none' | 'declaring' | 'declared' | 'over' | 'abandoned' {
  if (!open) return 'none';
  if (open.incidentId) return open.incidentStatus !== null && ACTIVE.includes(open.incidentStatus) ? 'declared' : 'over';
  if (at.getTime() - open.openedAt.getTime() > abandonDeclaringAfter) return 'abandoned';
  return 'declaring';
}

export interface JoiningAlert {
  incidentId: string;
  name: string;
  componentIds: readonly string[];
}

export interface ComponentsJoining {
  incidentId: string;
  componentIds: string[];
  /** The alerts that bring them, for the timeline. */
  alertNames: string[];
}

/**
 * The components alerts bring to the incidents they joined: each incident that is still active (not
 * resolved, in its recovery watch or closed) gains its alerts' components it does not have yet.
 */
export function componentsJoining(incidents: ReadonlyMap<string, { status: string; componentIds: readonly string[] }>, alerts: readonly JoiningAlert[]): ComponentsJoining[] {
  const joining = new Map<string, ComponentsJoining>();
  for (const alert of alerts) {
    const incident = incidents.get(alert.incidentId);
    if (!incident || !ACTIVE.includes(incident.status)) continue;
    const fresh = alert.componentIds.filter((id) => !incident.componentIds.includes(id));
    if (fresh.length === 0) continue;
    const entry = joining.get(alert.incidentId) ?? { incidentId: alert.incidentId, componentIds: [], alertNames: [] };
    for (const id of fresh) if (!entry.componentIds.includes(id)) entry.componentIds.push(id);
    if (!entry.alertNames.includes(alert.name)) entry.alertNames.push(alert.name);
    joining.set(alert.incidentId, entry);
  }
  return [...joining.values()];
}
