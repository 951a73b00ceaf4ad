import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import { POLICY, Policy } from '../policy/policy';
import type { Integration } from '../integrations/integration-store';
import type { NormalisedAlert } from '../integrations/payloads';
import {
  ComponentsJoining,
  DeclarationPlan,
  JoiningAlert,
  LinkedChange,
  SignalPlan,
  componentsFor,
  componentsJoining,
  counts,
  declarationFor,
  detect,
  detectionStanding,
  signalsFor,
} from './alert-rules';
import * as store from './alert-store';
import { ALERT_INCIDENT_COMMANDS, AlertIncidentCommands } from './incident-commands.port';

/**
 * Deciding whether pending alerts declare is the one step that must see every other notification's
 * alerts and decide alone: it runs under this advisory lock, and only for notifications that bring alerts
 * a rule counts while no detection is open to take them. Recording and linking never take it.
 */
const DETECTION_LOCK = `SELECT pg_advisory_xact_lock(hashtext('sitrep.core.alert-detection'))`;
/**
 * PostgreSQL's deadlock and serialization failures: the transaction was rolled back whole and may simply run
 * again. Intake takes its locks in one order (detection, alerts by fingerprint, incidents) so none is
 * expected; if one happens all the same, the notification is retried rather than answered with a 500.
 */
export function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ?? (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}
const ATTEMPTS = 3;

/** How many pending alerts a rule looks at: a storm's rest attach to the detection its first ones claimed. */
const PENDING_LIMIT = 5000;

export interface IntakeResult {
  received: number;
  changed: number;
  linked: number;
  declared: { incidentId: string; reference: string } | null;
  signals: { incidentId: string; healthy: boolean; possibleRecurrence: boolean }[];
}

/** An integration acts as itself: an automation principal named after it, never an admin. */
export function integrationPrincipal(integration: Integration): Principal {
  return { tokenId: integration.id, role: 'automation', personId: null, label: `${integration.kind} integration "${integration.name}"` };
}

/** What a notification's transaction found, to act on once it has committed. */
interface Recorded {
  changed: number;
  linked: number;
  signals: SignalPlan[];
  joining: ComponentsJoining[];
  /** Firing alerts a rule counts that nothing took: detection must decide about them. */
  undecided: string[];
}

/**
 * Alert intake. A notification's alerts are recorded, linked and turned into signals in one transaction
 * that runs alongside every other notification's (no global lock): the alerts are upserted in a few
 * set-based statements, linked to the open incident on their components or to the open detection, which
 * every notification may hold shared. Only a notification bringing alerts a rule counts, with no open
 * detection to take them, goes on to detection: a second short transaction under the detection lock,
 * after its alerts are committed, so whichever notification decides last sees them all, and exactly one
 * claims the declaration. The incident commands run after the commits, each in its own transaction, so
 * nothing holds a transaction open while waiting on another connection.
 */
@Injectable()
export class AlertIntake {
  private readonly log = new Logger('AlertIntake');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY) private readonly policy: Policy,
    @Inject(ALERT_INCIDENT_COMMANDS) private readonly commands: AlertIncidentCommands,
  ) {}

  async receive(integration: Integration, alerts: NormalisedAlert[]): Promise<IntakeResult> {
    const principal = integrationPrincipal(integration);
    // A notification may name a fingerprint twice; the last word about it counts.
    const unique = [...new Map(alerts.map((a) => [a.fingerprint, a])).values()];
    const at = this.clock.now();
    const recorded = await this.transaction((manager) => this.record(manager, integration, unique, at));
    const detection = recorded.undecided.length ? await this.transaction((manager) => this.detectOrAttach(manager, recorded.undecided, at)) : null;

    const signals: IntakeResult['signals'] = [];
    for (const plan of [...recorded.signals, ...(detection?.signals ?? [])]) signals.push(await this.signal(principal, integration, plan));
    for (const join of [...recorded.joining, ...(detection?.joining ?? [])]) await this.addComponents(principal, integration, join);
    const declared = detection?.declare ? await this.declare(principal, integration, detection.declare.detectionId, detection.declare.plan) : null;
    return { received: unique.length, changed: recorded.changed, linked: recorded.linked + (detection?.linked ?? 0), declared, signals };
  }

  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= ATTEMPTS || !retryable(error)) throw error;
        this.log.warn(`alert intake retries after ${(error as Error).message}`);
      }
    }
  }

  /**
   * The notification's own transaction: record the alerts; link firing alerts to the open incident on their
   * components (an alert whose incident has closed starts afresh); let the open detection take alerts a rule
   * counts; say which linked alerts fired or resolved for their incident, and which components they bring.
   */
  private async record(manager: EntityManager, integration: Integration, alerts: NormalisedAlert[], at: Date): Promise<Recorded> {
    // The detection row first, before any alert row (see openDetection).
    const open = await store.openDetection(manager, 'share');
    const stored = await store.recordAlerts(manager, integration.id, alerts.map((alert) => ({ alert, componentIds: componentsFor(alert.labels, integration.componentMatchers) })), at);
    const states = await store.incidentStates(manager, [...new Set(stored.map((s) => s.incidentId).filter((id): id is string => id !== null))]);
    const changes: LinkedChange[] = [];
    const fresh: store.StoredAlert[] = [];
    const released: string[] = [];
    for (const alert of stored) {
      const current = alert.incidentId ? states.get(alert.incidentId) : undefined;
      if (current && current.status !== 'closed') {
        if (alert.transition === 'refired' || alert.transition === 'resolved') {
          changes.push({ incidentId: current.id, incidentStatus: current.status, alertId: alert.id, firedForIncident: alert.transition === 'refired', resolved: alert.transition === 'resolved' });
        }
        continue;
      }
      // Held by a detection that is still declaring: it joins that incident in a moment.
      if (alert.status !== 'firing' || (alert.detectionId && !alert.incidentId)) continue;
      if (current) {
        // Its incident is closed: it starts afresh, free for detection again.
        released.push(alert.id);
        alert.incidentId = null;
        alert.detectionId = null;
      }
      fresh.push(alert);
    }
    await store.releaseAlerts(manager, released);

    let linked = 0;
    const byComponents = await store.linkToOpenIncidents(manager, fresh.filter((a) => a.componentIds.length > 0).map((a) => a.id));
    for (const alert of fresh) {
      const incident = byComponents.get(alert.id);
      if (!incident) continue;
      states.set(incident.id, incident);
      alert.incidentId = incident.id;
      changes.push({ incidentId: incident.id, incidentStatus: incident.status, alertId: alert.id, firedForIncident: true, resolved: false });
      linked += 1;
    }

    // Alerts a rule counts join the storm's detection, if one is open and its incident still active.
    const counting = fresh.filter((a) => !a.incidentId && counts(this.policy.alerts.detection, a));
    // Its incident read after the detection row's lock, in a statement of its own (see detectionIncident).
    const incident = counting.length && open?.incidentId ? await this.detectionIncident(manager, open.incidentId) : undefined;
    const standing = counting.length ? detectionStanding(open && { ...open, incidentStatus: incident?.status ?? null }, at, this.policy.alerts.abandonDeclaringAfter) : 'none';
    let undecided: string[] = [];
    if (counting.length && standing === 'declared' && incident) {
      states.set(incident.id, incident);
      await store.linkAlerts(manager, counting.map((a) => a.id), incident.id);
      for (const a of counting) {
        a.incidentId = incident.id;
        changes.push({ incidentId: incident.id, incidentStatus: incident.status, alertId: a.id, firedForIncident: true, resolved: false });
      }
      linked += counting.length;
    } else if (counting.length && standing === 'declaring') {
      await store.attachToDetection(manager, counting.map((a) => a.id), open!.id);
    } else {
      undecided = counting.map((a) => a.id);
    }

    // "Its last firing alert resolved" is decided one notification at a time per incident: alerts resolving
    // together arrive in concurrent notifications (one per Alertmanager group), and without the lock each
    // would still see the others firing and none would give the healthy signal. Whoever counts last sees all.
    const firing = new Map<string, number>();
    for (const id of [...new Set(changes.filter((c) => c.resolved).map((c) => c.incidentId))].sort()) {
      await store.lockIncidentSignals(manager, id);
      firing.set(id, await store.firingLinkedCount(manager, id));
    }
    // Every firing alert on an active incident, repeats included: a component a lost call failed to add is added on the next notification.
    const joining = componentsJoining(
      states,
      stored.filter((a) => a.status === 'firing' && a.incidentId).map((a): JoiningAlert => ({ incidentId: a.incidentId!, name: a.name, componentIds: a.componentIds })),
    );
    return {
      changed: stored.filter((s) => s.transition !== 'still_firing' && s.transition !== 'still_resolved').length,
      linked,
      signals: signalsFor(changes, (id) => firing.get(id) ?? 0),
      joining,
      undecided,
    };
  }

  /**
   * Detection, under the detection lock, for this notification's alerts no open detection took. A detection
   * that is over (its incident resolved) or abandoned is closed first. If one is still open, these alerts
   * join it; otherwise the rules look at every pending alert, committed by any notification, and the first
   * that holds claims the declaration. A storm of hundreds of alerts in a minute is one incident.
   */
  private async detectOrAttach(
    manager: EntityManager,
    alertIds: string[],
    at: Date,
  ): Promise<{ linked: number; joining: ComponentsJoining[]; signals: SignalPlan[]; declare: { detectionId: string; plan: DeclarationPlan } | null }> {
    await manager.query(DETECTION_LOCK);
    const rules = this.policy.alerts.detection;
    let open = await store.openDetection(manager, 'update');
    const incident = open?.incidentId ? await this.detectionIncident(manager, open.incidentId) : undefined;
    const standing = detectionStanding(open && { ...open, incidentStatus: incident?.status ?? null }, at, this.policy.alerts.abandonDeclaringAfter);
    if (open && (standing === 'over' || standing === 'abandoned')) {
      const abandoned = standing === 'abandoned';
      await store.closeDetection(manager, open.id, at, abandoned ? 'failed' : null, abandoned ? "abandoned: still declaring after the policy's abandonDeclaringAfter" : null);
      open = null;
    }
    // Another notification's detection may have taken them since they were recorded.
    const pending = await store.stillPending(manager, alertIds);
    if (pending.length === 0) return { linked: 0, joining: [], signals: [], declare: null };
    if (open && incident) {
      await store.linkAlerts(manager, pending.map((a) => a.id), incident.id);
      // Joining an incident that is being monitored is a firing alert for it, as when linked by components.
      const signals = signalsFor(pending.map((a) => ({ incidentId: incident.id, incidentStatus: incident.status, alertId: a.id, firedForIncident: true, resolved: false })), () => 0);
      return { linked: pending.length, joining: componentsJoining(new Map([[incident.id, incident]]), pending.map((a) => ({ incidentId: incident.id, name: a.name, componentIds: a.componentIds }))), signals, declare: null };
    }
    if (open) {
      await store.attachToDetection(manager, pending.map((a) => a.id), open.id);
      return { linked: 0, joining: [], signals: [], declare: null };
    }
    const detection = detect(rules, await store.pendingAlerts(manager, PENDING_LIMIT));
    if (!detection) return { linked: 0, joining: [], signals: [], declare: null };
    const names: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM core.components WHERE id = ANY($1::uuid[])`, [detection.componentIds]);
    const plan = declarationFor(detection, Object.fromEntries(names.map((n) => [n.id, n.name])));
    const detectionId = await store.claimDetection(manager, detection.rule.name, plan, detection.alerts.map((a) => a.id), at);
    return { linked: 0, joining: [], signals: [], declare: { detectionId, plan } };
  }

  /**
   * The open detection's incident, read in a statement of its own after the detection row's lock: a lock
   * that waited for the detection's completion re-reads the detection row but not a joined one, so a join
   * would miss the incident declared meanwhile and call the detection over.
   */
  private async detectionIncident(manager: EntityManager, incidentId: string): Promise<store.IncidentState | undefined> {
    return (await store.incidentStates(manager, [incidentId])).get(incidentId);
  }

  /** Declares after the claim committed, then hands the incident every alert the detection gathered meanwhile. */
  private async declare(principal: Principal, integration: Integration, detectionId: string, plan: DeclarationPlan): Promise<IntakeResult['declared']> {
    let incident: { id: string; reference: string };
    try {
      incident = await this.commands.declare(principal, plan);
    } catch (error) {
      this.log.error(`alert detection could not declare: ${(error as Error).message}`);
      await this.transaction((manager) => store.closeDetection(manager, detectionId, this.clock.now(), 'failed', (error as Error).message));
      throw error;
    }
    const linked = await this.transaction((manager) => store.completeDetection(manager, detectionId, incident.id));
    // Alerts that joined while it was being declared may be on components the plan did not name.
    const states = new Map([[incident.id, { status: 'declared', componentIds: plan.componentIds }]]);
    for (const join of componentsJoining(states, linked.map((a) => ({ incidentId: incident.id, ...a })))) await this.addComponents(principal, integration, join);
    return { incidentId: incident.id, reference: incident.reference };
  }

  private async signal(principal: Principal, integration: Integration, plan: SignalPlan) {
    const { possibleRecurrence } = await this.commands.recordSignal(principal, plan.incidentId, {
      healthy: plan.healthy,
      source: `${integration.kind} "${integration.name}"`,
      ...(plan.alertId ? { alertId: plan.alertId } : {}),
    });
    return { incidentId: plan.incidentId, healthy: plan.healthy, possibleRecurrence };
  }

  /**
   * The components joining alerts bring, through the add_components command. The alerts are recorded and
   * linked whatever happens here; a failure (the incident closed meanwhile) is logged, and the next
   * notification about a firing alert on the incident asks again.
   */
  private async addComponents(principal: Principal, integration: Integration, join: ComponentsJoining): Promise<void> {
    const names = join.alertNames.length > 3 ? `${join.alertNames.slice(0, 3).join(', ')} and ${join.alertNames.length - 3} more` : join.alertNames.join(', ');
    const reason = `alert${join.alertNames.length > 1 ? 's' : ''} ${names} from ${integration.kind} "${integration.name}"`.slice(0, 500);
    try {
      await this.commands.addComponents(principal, join.incidentId, { componentIds: join.componentIds, reason });
    } catch (error) {
      this.log.warn(`alerts could not add components to incident ${join.incidentId}: ${(error as Error).message}`);
    }
  }
}
