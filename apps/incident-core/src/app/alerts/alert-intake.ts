import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import { POLICY, Policy } from '../policy/policy';
import type { Integration } from '../integrations/integration-store';
import type { NormalisedAlert } from '../integrations/payloads';
import { DeclarationPlan, LinkedChange, SignalPlan, componentsFor, counts, declarationFor, detect, signalsFor } from './alert-rules';
import * as store from './alert-store';
import { ALERT_INCIDENT_COMMANDS, AlertIncidentCommands } from './incident-commands.port';

/** Held for each notification's transaction: detection sees every earlier alert, and only one claims a declaration. */
const INTAKE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('sitrep.core.alert-intake'))`;
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

/**
 * Alert intake: records each notification, links alerts to the open incident on their components, lets
 * the policy's detection rules declare, and turns linked alerts into the fix's health signals. The
 * database work runs under one advisory lock; the incident commands run after it commits, each in its
 * own transaction, so nothing holds a transaction open while waiting on another connection.
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
    const recorded = await this.dataSource.transaction(async (manager) => {
      await manager.query(INTAKE_LOCK);
      const stored = await store.upsertAlerts(manager, integration.id, unique.map((alert) => ({ alert, componentIds: componentsFor(alert.labels, integration.componentMatchers) })), at);
      const { changes, linked } = await this.link(manager, stored);
      const claim = await this.detectOrAttach(manager, stored, changes, at);
      const firing = new Map<string, number>();
      for (const id of new Set(changes.filter((c) => c.resolved).map((c) => c.incidentId))) firing.set(id, await store.firingLinkedCount(manager, id));
      const signals = signalsFor(changes, (id) => firing.get(id) ?? 0);
      return { changed: stored.filter((s) => s.transition !== 'still_firing' && s.transition !== 'still_resolved').length, linked: linked + claim.linked, signals, claim: claim.declare };
    });

    const signals: IntakeResult['signals'] = [];
    for (const plan of recorded.signals) signals.push(await this.signal(principal, integration, plan));
    const declared = recorded.claim ? await this.declare(principal, recorded.claim.detectionId, recorded.claim.plan) : null;
    return { received: unique.length, changed: recorded.changed, linked: recorded.linked, declared, signals };
  }

  /**
   * Links firing alerts to an open incident on their components (an alert whose incident has closed starts
   * afresh), and says which linked alerts fired or resolved for their incident.
   */
  private async link(manager: EntityManager, stored: store.StoredAlert[]): Promise<{ changes: LinkedChange[]; linked: number }> {
    const states = await store.incidentStates(manager, [...new Set(stored.map((s) => s.incidentId).filter((id): id is string => id !== null))]);
    const changes: LinkedChange[] = [];
    let linked = 0;
    for (const alert of stored) {
      const current = alert.incidentId ? states.get(alert.incidentId) : undefined;
      if (current && current.status !== 'closed') {
        if (alert.transition === 'refired' || alert.transition === 'resolved') {
          changes.push({ incidentId: current.id, incidentStatus: current.status, alertId: alert.id, firedForIncident: alert.transition === 'refired', resolved: alert.transition === 'resolved' });
        }
        continue;
      }
      if (alert.status !== 'firing' || alert.detectionId) continue;
      if (current) {
        await store.linkAlerts(manager, [alert.id], null);
        alert.incidentId = null;
      }
      const open = await store.openIncidentOn(manager, alert.componentIds);
      if (!open) continue;
      await store.linkAlerts(manager, [alert.id], open.id);
      alert.incidentId = open.id;
      linked += 1;
      states.set(open.id, open);
      changes.push({ incidentId: open.id, incidentStatus: open.status, alertId: alert.id, firedForIncident: true, resolved: false });
    }
    return { changes, linked };
  }

  /**
   * The detection rules, one claim at a time. While a detection is open (its incident being declared, or
   * declared and not yet resolved), alerts a rule would take attach to it instead of declaring again:
   * a storm of hundreds of alerts in a minute is one incident.
   */
  private async detectOrAttach(manager: EntityManager, stored: store.StoredAlert[], changes: LinkedChange[], at: Date): Promise<{ linked: number; declare: { detectionId: string; plan: DeclarationPlan } | null }> {
    const rules = this.policy.alerts.detection;
    const unlinked = stored.filter((s) => s.status === 'firing' && !s.incidentId && !s.detectionId);
    let open = await store.openDetection(manager);
    if (open) {
      const incident = open.incident_id ? (await store.incidentStates(manager, [open.incident_id])).get(open.incident_id) : undefined;
      const over = incident && ['resolved', 'recovery_watch', 'closed'].includes(incident.status);
      const abandoned = open.state === 'declaring' && at.getTime() - open.opened_at.getTime() > this.policy.alerts.abandonDeclaringAfter;
      if (over || abandoned) {
        await store.closeDetection(manager, open.id, at, abandoned ? 'failed' : null, abandoned ? 'abandoned: still declaring after the policy\'s abandonDeclaringAfter' : null);
        open = null;
      }
    }
    if (unlinked.length === 0) return { linked: 0, declare: null };
    if (open) {
      const taking = unlinked.filter((a) => counts(rules, a));
      if (open.incident_id) {
        await store.linkAlerts(manager, taking.map((a) => a.id), open.incident_id);
        const state = (await store.incidentStates(manager, [open.incident_id])).get(open.incident_id)!;
        for (const a of taking) changes.push({ incidentId: state.id, incidentStatus: state.status, alertId: a.id, firedForIncident: true, resolved: false });
        return { linked: taking.length, declare: null };
      }
      await store.attachToDetection(manager, taking.map((a) => a.id), open.id);
      return { linked: 0, declare: null };
    }
    const detection = detect(rules, await store.pendingAlerts(manager, PENDING_LIMIT));
    if (!detection) return { linked: 0, declare: null };
    const names: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM core.components WHERE id = ANY($1::uuid[])`, [detection.componentIds]);
    const plan = declarationFor(detection, Object.fromEntries(names.map((n) => [n.id, n.name])));
    const detectionId = await store.claimDetection(manager, detection.rule.name, plan, detection.alerts.map((a) => a.id), at);
    return { linked: 0, declare: { detectionId, plan } };
  }

  /** Declares outside the intake lock, then hands the incident every alert the detection gathered meanwhile. */
  private async declare(principal: Principal, detectionId: string, plan: DeclarationPlan): Promise<IntakeResult['declared']> {
    let incident: { id: string; reference: string };
    try {
      incident = await this.commands.declare(principal, plan);
    } catch (error) {
      this.log.error(`alert detection could not declare: ${(error as Error).message}`);
      await this.dataSource.transaction(async (manager) => {
        await manager.query(INTAKE_LOCK);
        await store.closeDetection(manager, detectionId, this.clock.now(), 'failed', (error as Error).message);
      });
      throw error;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(INTAKE_LOCK);
      await store.completeDetection(manager, detectionId, incident.id);
    });
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
}

