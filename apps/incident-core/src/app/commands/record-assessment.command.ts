import { z } from 'zod';
import { assessmentSchema } from '@sitrep/contracts';
import { emitDeadlineStage } from '../deadlines/deadline-events';
import { meetDeadline } from '../deadlines/deadline-store';
import { defineCommand } from './kernel/command';
import { badField, conflict } from './kernel/refusals';
import { uuid } from './shared/inputs';

export const recordAssessmentInput = assessmentSchema
  .omit({ customersAffectedPercent: true })
  .extend({
    impactScope: z.string().trim().min(1, 'must not be empty').max(2000),
    enterpriseCustomersAffected: z.array(z.string().trim().min(1)).max(1000).default([]),
    componentIds: z.array(uuid('a component id')).max(100).default([]),
  })
  .strict();
export type RecordAssessmentInput = z.infer<typeof recordAssessmentInput>;

/** The initial assessment: meets the assessment clock, and may confirm another severity. Any responder. */
export const recordAssessment = defineCommand({
  name: 'record_assessment',
  scope: 'incident',
  input: recordAssessmentInput,
  tokenRoles: ['responder'],
  async run({ input, change, incident, incidentId, deps }) {
    const unknown = await deps.components.unknownIds(input.componentIds, change.manager);
    if (unknown.length) throw badField('componentIds', `unknown component id(s): ${unknown.join(', ')}`);
    if (incident.status === 'closed') throw conflict('a closed incident takes no assessment');
    const total = deps.settings.customerBaseTotal;
    const assessment = { ...input, customersAffectedPercent: total ? Math.round((input.customersAffected / total) * 10_000) / 100 : null };
    await change.manager.query(`UPDATE core.incidents SET assessment = $2 WHERE id = $1`, [incidentId, JSON.stringify(assessment)]);
    const pct = assessment.customersAffectedPercent !== null ? ` (${assessment.customersAffectedPercent}% of customers)` : '';
    await change.emit(
      'incident.assessment_recorded',
      { assessment },
      { kind: 'assessment', text: `initial assessment: ${input.customersAffected} customers affected${pct}; ${input.impactScope}`, detail: assessment },
    );
    const met = await meetDeadline(change.manager, incidentId, 'assessment', change.at);
    if (met) await emitDeadlineStage(change, met, 'met');
    if (input.severityConfirmed !== incident.severity) {
      const from = incident.severity;
      await change.manager.query(`UPDATE core.incidents SET severity = $2 WHERE id = $1`, [incidentId, input.severityConfirmed]);
      await change.emit(
        'incident.severity_changed',
        { from, to: input.severityConfirmed, reason: 'initial assessment' },
        { kind: 'severity_changed', text: `severity changed by the initial assessment: ${from} → ${input.severityConfirmed}` },
      );
    }
    return { assessment };
  },
});
