import { randomUUID } from 'node:crypto';
import { BadRequestException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CLOCK, Clock } from '@sitrep/clock';
import type { Principal } from '@sitrep/auth';
import { IncidentRole, IncidentStatus, Severity } from '@sitrep/contracts';
import { actorOf } from '../access/actor';
import { CANCELLED_ON_CLOSE, CANCELLED_ON_RESOLVE, planDeadline } from '../deadlines/deadline-rules';
import { DeadlineRow, cancelDeadlines, createDeadlines, meetDeadline } from '../deadlines/deadline-store';
import { emitDeadlineStage } from '../deadlines/deadline-events';
import { escalate, nextLevel } from '../escalations/escalate';
import { exceedsTicketThreshold, ticketVolumeMultiple } from '../escalations/ticket-volume';
import { refuseClose, refuseFixDeployed, refuseResolve, refuseStatusChange } from '../lifecycle/lifecycle';
import { refuseCommander, refuseImplementer } from '../lifecycle/roles';
import { UnitOfWork } from '../outbox/unit-of-work';
import { POLICY, Policy } from '../policy/policy';
import { PostmortemsService } from '../postmortems/postmortems.service';
import { ComponentsService } from '../components/components.service';
import { conflict, lockIncident, requireRoleHolder, roleHolders } from './incident-access';
import { IncidentChange } from './incident-change';
import * as bodies from './incident-commands.schemas';
import { IncidentEntity } from './incident.entity';
import { INCIDENT_SETTINGS, IncidentSettings } from './incident-settings';
import { personById } from './people-lookup';

type Body<S extends z.ZodTypeAny> = z.infer<S>;

function badField(field: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field}: ${reason}`, fields: [{ field, reason }] });
}

const ROLE_NAMES: Record<IncidentRole, string> = {
  commander: 'incident commander',
  engineering_lead: 'engineering lead',
  support_lead: 'support lead',
  comms_lead: 'communications lead',
  executive_sponsor: 'executive sponsor',
};

/**
 * Every change to a running incident. Each command locks the incident row, checks the domain rules,
 * and commits the change, its timeline lines, its clocks and its events together.
 */
@Injectable()
export class IncidentCommandsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly components: ComponentsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY) private readonly policy: Policy,
    @Inject(INCIDENT_SETTINGS) private readonly settings: IncidentSettings,
    private readonly postmortems: PostmortemsService,
  ) {}

  private change<T>(incidentId: string, principal: Principal, work: (change: IncidentChange, incident: IncidentEntity) => Promise<T>): Promise<T> {
    return this.unitOfWork.run(async (manager, record) => {
      const incident = await lockIncident(manager, incidentId);
      return work(new IncidentChange(manager, record, incidentId, actorOf(principal), this.clock.now()), incident);
    });
  }

  private async setStatus(change: IncidentChange, incident: IncidentEntity, to: IncidentStatus, reason: string | null, text?: string): Promise<void> {
    const from = incident.status;
    incident.status = to;
    await change.manager.query(`UPDATE core.incidents SET status = $2 WHERE id = $1`, [incident.id, to]);
    await change.emit('incident.status_changed', { from, to, reason }, { kind: 'status_changed', text: text ?? `${from} → ${to}${reason ? `: ${reason}` : ''}`, detail: { from, to } });
  }

  async changeStatus(id: string, principal: Principal, body: Body<typeof bodies.statusChangeBody>) {
    return this.change(id, principal, async (change, incident) => {
      const refusal = refuseStatusChange(incident.status, body.status);
      if (refusal) throw conflict(refusal);
      await this.setStatus(change, incident, body.status, body.reason ?? null);
      return { status: incident.status };
    });
  }

  async changeSeverity(id: string, principal: Principal, body: Body<typeof bodies.severityChangeBody>) {
    return this.change(id, principal, async (change, incident) => {
      if (incident.status === 'closed') throw conflict('a closed incident keeps the severity it closed with');
      if (incident.severity === body.severity) throw conflict(`the incident is already ${body.severity}`);
      const from = incident.severity;
      await change.manager.query(`UPDATE core.incidents SET severity = $2 WHERE id = $1`, [id, body.severity]);
      const direction = Number(body.severity[1]) < Number(from[1]) ? 'raised' : 'lowered';
      await change.emit('incident.severity_changed', { from, to: body.severity, reason: body.reason }, { kind: 'severity_changed', text: `severity ${direction} ${from} → ${body.severity}: ${body.reason}` });
      return { severity: body.severity as Severity };
    });
  }

  async markDuplicate(id: string, principal: Principal, body: Body<typeof bodies.duplicateBody>) {
    if (body.duplicateOf === id) throw badField('duplicateOf', 'an incident cannot duplicate itself');
    return this.change(id, principal, async (change, incident) => {
      await requireRoleHolder(change.manager, id, principal, ['commander'], 'mark this incident a duplicate');
      if (incident.status === 'closed') throw conflict('the incident is already closed');
      const [original] = await change.manager.query(`SELECT id, reference, duplicate_of FROM core.incidents WHERE id = $1`, [body.duplicateOf]);
      if (!original) throw badField('duplicateOf', `no incident with id ${body.duplicateOf}`);
      if (original.duplicate_of) throw conflict(`${original.reference} is itself a duplicate of ${original.duplicate_of}; point at the original`);
      await change.manager.query(`UPDATE core.incidents SET duplicate_of = $2, closed_at = $3 WHERE id = $1`, [id, body.duplicateOf, change.at]);
      await this.setStatus(change, incident, 'closed', `duplicate of ${original.reference}`);
      await cancelDeadlines(change.manager, id, [...CANCELLED_ON_CLOSE, 'postmortem'], change.at);
      await change.emit('incident.closed', { closedAt: change.at.toISOString(), duplicateOf: body.duplicateOf }, { kind: 'closed', text: `closed as a duplicate of ${original.reference}` });
      return { status: incident.status, duplicateOf: body.duplicateOf };
    });
  }

  async assignRole(id: string, role: IncidentRole, principal: Principal, body: Body<typeof bodies.personBody>) {
    return this.change(id, principal, async (change, incident) => {
      if (incident.status === 'closed') throw conflict('roles of a closed incident cannot change');
      const person = await personById(change.manager, body.personId);
      if (!person) throw badField('personId', `no person with id ${body.personId}`);
      const holders = await roleHolders(change.manager, id);
      // Handing over command is the commander's call (or an admin's), once someone holds it.
      if (role === 'commander' && holders.commander) await requireRoleHolder(change.manager, id, principal, ['commander'], 'hand over command');
      if (role === 'commander') {
        const implementers: { person_id: string }[] = await change.manager.query(`SELECT person_id FROM core.incident_implementers WHERE incident_id = $1`, [id]);
        const refusal = refuseCommander(body.personId, implementers.map((i) => i.person_id));
        if (refusal) throw conflict(refusal);
      }
      const previous = holders[role] ?? null;
      if (previous === body.personId) throw conflict(`${person.name} already is the ${ROLE_NAMES[role]}`);
      await change.manager.query(
        `INSERT INTO core.incident_roles (incident_id, role, person_id, assigned_at, acting) VALUES ($1, $2, $3, $4, false)
         ON CONFLICT (incident_id, role) DO UPDATE SET person_id = EXCLUDED.person_id, assigned_at = EXCLUDED.assigned_at, acting = false`,
        [id, role, body.personId, change.at],
      );
      const previousName = previous ? (await personById(change.manager, previous))?.name ?? previous : null;
      await change.emit(
        'incident.role_assigned',
        { role, personId: body.personId, previousPersonId: previous },
        { kind: previous ? 'handover' : 'role_assigned', text: previous ? `${ROLE_NAMES[role]} handed over from ${previousName} to ${person.name}` : `${person.name} is ${ROLE_NAMES[role]}` },
      );
      return { role, personId: body.personId, previousPersonId: previous };
    });
  }

  async addImplementer(id: string, principal: Principal, body: Body<typeof bodies.personBody>) {
    return this.change(id, principal, async (change, incident) => {
      if (incident.status === 'closed') throw conflict('a closed incident takes no implementers');
      const person = await personById(change.manager, body.personId);
      if (!person) throw badField('personId', `no person with id ${body.personId}`);
      const holders = await roleHolders(change.manager, id);
      const refusal = refuseImplementer(body.personId, holders.commander ?? null);
      if (refusal) throw conflict(refusal);
      const inserted: unknown[] = await change.manager.query(
        `INSERT INTO core.incident_implementers (incident_id, person_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING person_id`,
        [id, body.personId, change.at],
      );
      if (inserted.length === 0) throw conflict(`${person.name} is already implementing the fix`);
      await change.emit('incident.implementer_added', { personId: body.personId }, { kind: 'implementer_added', text: `${person.name} is implementing the fix` });
      return { personId: body.personId };
    });
  }

  async recordAssessment(id: string, principal: Principal, body: bodies.AssessmentBody) {
    const unknown = await this.components.unknownIds(body.componentIds);
    if (unknown.length) throw badField('componentIds', `unknown component id(s): ${unknown.join(', ')}`);
    return this.change(id, principal, async (change, incident) => {
      if (incident.status === 'closed') throw conflict('a closed incident takes no assessment');
      const total = this.settings.customerBaseTotal;
      const assessment = {
        ...body,
        customersAffectedPercent: total ? Math.round((body.customersAffected / total) * 10_000) / 100 : null,
      };
      await change.manager.query(`UPDATE core.incidents SET assessment = $2 WHERE id = $1`, [id, JSON.stringify(assessment)]);
      const pct = assessment.customersAffectedPercent !== null ? ` (${assessment.customersAffectedPercent}% of customers)` : '';
      await change.emit('incident.assessment_recorded', { assessment }, { kind: 'assessment', text: `initial assessment: ${body.customersAffected} customers affected${pct}; ${body.impactScope}`, detail: assessment });
      const met = await meetDeadline(change.manager, id, 'assessment', change.at);
      if (met) await this.emitMet(change, met);
      if (body.severityConfirmed !== incident.severity) {
        const from = incident.severity;
        await change.manager.query(`UPDATE core.incidents SET severity = $2 WHERE id = $1`, [id, body.severityConfirmed]);
        await change.emit('incident.severity_changed', { from, to: body.severityConfirmed, reason: 'initial assessment' }, { kind: 'severity_changed', text: `severity changed by the initial assessment: ${from} → ${body.severityConfirmed}` });
      }
      return { assessment };
    });
  }

  async fixDeployed(id: string, principal: Principal, body: Body<typeof bodies.fixDeployedBody>) {
    return this.change(id, principal, async (change, incident) => {
      const refusal = refuseFixDeployed(incident.status);
      if (refusal) throw conflict(refusal);
      // A new fix restarts verification: earlier results and stability were about another build.
      await change.manager.query(
        `UPDATE core.incidents SET fix_deployed_at = $2, deploy_ref = $3, verification_passed = false, stable_since = NULL, last_signal_healthy = NULL WHERE id = $1`,
        [id, change.at, body.deployRef],
      );
      await cancelDeadlines(change.manager, id, ['stability_window'], change.at);
      await change.emit('incident.fix_deployed', { deployRef: body.deployRef }, { kind: 'fix_deployed', text: `fix deployed: ${body.deployRef}` });
      if (incident.status !== 'monitoring') await this.setStatus(change, incident, 'monitoring', 'fix deployed, being verified');
      return { status: incident.status, deployRef: body.deployRef };
    });
  }

  async recordVerification(id: string, principal: Principal, body: Body<typeof bodies.verificationBody>) {
    return this.change(id, principal, async (change, incident) => {
      if (incident.status !== 'monitoring' || !incident.fixDeployedAt) throw conflict('verification is recorded against a deployed fix; record the fix first');
      await change.manager.query(`UPDATE core.incidents SET verification_passed = $2 WHERE id = $1`, [id, body.passed]);
      await change.line({ kind: 'verification', text: `verification ${body.passed ? 'passed' : 'failed'} for ${incident.deployRef}${body.details ? `: ${body.details}` : ''}`, detail: body });
      return { verificationPassed: body.passed };
    });
  }

  /**
   * Monitoring's health signal. While a fix is being verified, healthy signals start (and keep) the
   * stability window and an unhealthy one restarts it; during the recovery watch an unhealthy signal or
   * a linked alert is flagged as a possible recurrence.
   */
  async recordSignal(id: string, principal: Principal, body: Body<typeof bodies.signalBody>) {
    return this.change(id, principal, async (change, incident) => {
      const possibleRecurrence = incident.status === 'recovery_watch' && (!body.healthy || Boolean(body.alertId));
      await change.manager.query(`UPDATE core.incidents SET last_signal_healthy = $2 WHERE id = $1`, [id, body.healthy]);
      const text = `${body.source} reports ${body.healthy ? 'healthy' : 'unhealthy'}${body.alertId ? ` (alert ${body.alertId})` : ''}${possibleRecurrence ? ': possible recurrence' : ''}`;
      await change.emit('incident.signal_recorded', { healthy: body.healthy, source: body.source, possibleRecurrence }, { kind: possibleRecurrence ? 'possible_recurrence' : 'signal', text });
      if (incident.status === 'monitoring' && incident.fixDeployedAt) {
        const window = this.policy.severities[incident.severity].stabilityWindow;
        if (body.healthy && !incident.stableSince) {
          await change.manager.query(`UPDATE core.incidents SET stable_since = $2 WHERE id = $1`, [id, change.at]);
          await createDeadlines(change.manager, id, [planDeadline('stability_window', change.at, window)]);
          await change.line({ kind: 'stability', text: `stability window started: resolvable after ${Math.round(window / 1000)}s of healthy signals` });
        } else if (!body.healthy && incident.stableSince) {
          await change.manager.query(`UPDATE core.incidents SET stable_since = NULL WHERE id = $1`, [id]);
          await cancelDeadlines(change.manager, id, ['stability_window'], change.at);
          await change.line({ kind: 'stability', text: 'stability window restarted: unhealthy signal' });
        }
      }
      return { possibleRecurrence };
    });
  }

  async resolve(id: string, principal: Principal) {
    return this.change(id, principal, async (change, incident) => {
      await requireRoleHolder(change.manager, id, principal, ['commander'], 'declare the incident resolved');
      const policy = this.policy.severities[incident.severity];
      const refusal = refuseResolve({
        status: incident.status,
        fixDeployedAt: incident.fixDeployedAt,
        verificationPassed: incident.verificationPassed,
        stableSince: incident.stableSince,
        lastSignalHealthy: incident.lastSignalHealthy,
        now: change.at,
        stabilityWindowMs: policy.stabilityWindow,
      });
      if (refusal) throw conflict(`cannot resolve: ${refusal}`);
      const watchEnds = new Date(change.at.getTime() + policy.recoveryWatch);
      await change.manager.query(`UPDATE core.incidents SET resolved_at = $2, recovery_watch_ends_at = $3 WHERE id = $1`, [id, change.at, watchEnds]);
      const stability = await meetDeadline(change.manager, id, 'stability_window', change.at);
      if (stability) await this.emitMet(change, stability);
      await cancelDeadlines(change.manager, id, CANCELLED_ON_RESOLVE, change.at);
      await this.setStatus(change, incident, 'resolved', null);
      await change.emit('incident.resolved', { resolvedAt: change.at.toISOString(), recoveryWatchEndsAt: watchEnds.toISOString() }, { kind: 'resolved', text: 'incident declared resolved by the commander' });
      await this.setStatus(change, incident, 'recovery_watch', null, `recovery watch until ${watchEnds.toISOString()}`);
      await createDeadlines(change.manager, id, [planDeadline('recovery_watch', change.at, policy.recoveryWatch), planDeadline('postmortem', change.at, policy.postmortemDue)]);
      await this.postmortems.createDraft(change.manager, change);
      return { status: incident.status, resolvedAt: change.at.toISOString(), recoveryWatchEndsAt: watchEnds.toISOString() };
    });
  }

  /** A recurrence during the recovery watch reopens the incident; the clocks of a live incident restart. */
  async reopen(id: string, principal: Principal, body: { reason: string }) {
    return this.change(id, principal, async (change, incident) => {
      if (incident.status !== 'recovery_watch') throw conflict(`only an incident in its recovery watch can be reopened (this one is ${incident.status})`);
      await requireRoleHolder(change.manager, id, principal, ['commander', 'engineering_lead'], 'reopen the incident');
      await change.manager.query(
        `UPDATE core.incidents SET resolved_at = NULL, recovery_watch_ends_at = NULL, fix_deployed_at = NULL, deploy_ref = NULL, verification_passed = false, stable_since = NULL WHERE id = $1`,
        [id],
      );
      await cancelDeadlines(change.manager, id, ['recovery_watch', 'postmortem'], change.at);
      await this.setStatus(change, incident, 'investigating', `recurrence: ${body.reason}`, `reopened after a recurrence: ${body.reason}`);
      const policy = this.policy.severities[incident.severity];
      const plans = [planDeadline('escalation_engineering_vp', change.at, policy.escalateUnresolvedAfter), planDeadline('escalation_cto', change.at, policy.escalateUnresolvedAfter + policy.escalationStep)];
      if (incident.severity === 'P1' || incident.severity === 'P2') plans.push(planDeadline('executive_update', change.at, policy.executiveUpdateEvery));
      await createDeadlines(change.manager, id, plans);
      return { status: incident.status };
    });
  }

  async close(id: string, principal: Principal) {
    return this.change(id, principal, async (change, incident) => {
      await requireRoleHolder(change.manager, id, principal, ['commander'], 'close the incident');
      const refusal = refuseClose(incident.status, incident.recoveryWatchEndsAt, change.at);
      if (refusal) throw conflict(`cannot close: ${refusal}`);
      await change.manager.query(`UPDATE core.incidents SET closed_at = $2 WHERE id = $1`, [id, change.at]);
      await cancelDeadlines(change.manager, id, CANCELLED_ON_CLOSE, change.at);
      await this.setStatus(change, incident, 'closed', null);
      await change.emit('incident.closed', { closedAt: change.at.toISOString(), duplicateOf: null }, { kind: 'closed', text: 'incident closed by the commander' });
      return { status: incident.status, closedAt: change.at.toISOString() };
    });
  }

  async executiveUpdate(id: string, principal: Principal, body: Body<typeof bodies.executiveUpdateBody>) {
    return this.change(id, principal, async (change, incident) => {
      await requireRoleHolder(change.manager, id, principal, ['commander'], 'send the executive update');
      if (incident.resolvedAt || incident.status === 'closed') throw conflict('executive updates stop once the incident is resolved');
      await change.emit('incident.executive_update_sent', { summary: body.summary }, { kind: 'executive_update', text: `executive update sent: ${body.summary}` });
      const met = await meetDeadline(change.manager, id, 'executive_update', change.at);
      if (met) await this.emitMet(change, met);
      await cancelDeadlines(change.manager, id, ['executive_update'], change.at);
      await createDeadlines(change.manager, id, [planDeadline('executive_update', change.at, this.policy.severities[incident.severity].executiveUpdateEvery)]);
      return { sentAt: change.at.toISOString() };
    });
  }

  /** The seed's "IC → Support VP → CSO (if ticket volume > 5× normal)": each report over the line goes one level up, once. */
  async ticketVolume(id: string, principal: Principal, body: Body<typeof bodies.ticketVolumeBody>) {
    return this.change(id, principal, async (change, incident) => {
      if (incident.status === 'closed') throw conflict('a closed incident takes no ticket reports');
      const multiple = ticketVolumeMultiple(body.count, body.windowMinutes, this.settings.normalTicketsPerHour);
      const over = exceedsTicketThreshold(body.count, body.windowMinutes, this.settings.normalTicketsPerHour, this.policy.ticketVolumeEscalationMultiple);
      await change.line({ kind: 'ticket_volume', text: `${body.count} tickets in ${body.windowMinutes} min: ${multiple.toFixed(1)}× normal`, detail: { ...body, multiple } });
      let escalated = false;
      if (over) {
        const level = await nextLevel(change, 'support');
        if (level) escalated = await escalate(change, 'support', level, `ticket volume ${multiple.toFixed(1)}× normal (threshold ${this.policy.ticketVolumeEscalationMultiple}×)`);
      }
      return { multiple: Math.round(multiple * 100) / 100, escalated };
    });
  }

  /** The seed's "Comms Lead → PR → CEO (if media/social media attention)": flagged by the comms or support lead. */
  async mediaAttention(id: string, principal: Principal, body: Body<typeof bodies.mediaAttentionBody>) {
    return this.change(id, principal, async (change, incident) => {
      await requireRoleHolder(change.manager, id, principal, ['comms_lead', 'support_lead', 'commander'], 'flag media attention');
      if (incident.status === 'closed') throw conflict('a closed incident takes no media flags');
      await change.manager.query(`UPDATE core.incidents SET media_attention_at = coalesce(media_attention_at, $2) WHERE id = $1`, [id, change.at]);
      const level = await nextLevel(change, 'communications');
      const escalated = level ? await escalate(change, 'communications', level, `media attention: ${body.details}`) : false;
      if (!escalated) await change.line({ kind: 'media_attention', text: `media attention: ${body.details} (already escalated to the top)` });
      return { escalated };
    });
  }

  async authoriseCompensation(id: string, principal: Principal, body: Body<typeof bodies.compensationBody>) {
    return this.change(id, principal, async (change) => {
      const holders = await roleHolders(change.manager, id);
      if (!holders.executive_sponsor || principal.personId !== holders.executive_sponsor) {
        throw new ForbiddenException(`only the executive sponsor (${holders.executive_sponsor ? `person ${holders.executive_sponsor}` : 'none assigned'}) authorises compensation`);
      }
      const compensationId = randomUUID();
      await change.manager.query(
        `INSERT INTO core.compensations (id, incident_id, amount, currency, customers, reason, authorised_by, authorised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [compensationId, id, body.amount, body.currency, JSON.stringify(body.customers), body.reason, principal.personId, change.at],
      );
      await change.line({ kind: 'compensation', text: `compensation authorised: ${body.amount} ${body.currency} for ${body.customers.length} customer(s): ${body.reason}`, detail: body });
      return { id: compensationId, ...body };
    });
  }

  async addNote(id: string, principal: Principal, body: Body<typeof bodies.noteBody>) {
    return this.change(id, principal, async (change) => {
      await change.line({ kind: 'note', text: body.text, internal: true });
      return { at: change.at.toISOString() };
    });
  }

  private async emitMet(change: IncidentChange, row: DeadlineRow): Promise<void> {
    await emitDeadlineStage(change, row, 'met');
  }
}
