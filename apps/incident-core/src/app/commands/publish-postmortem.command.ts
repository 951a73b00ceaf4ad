import { emitDeadlineStage } from '../deadlines/deadline-events';
import { meetDeadline } from '../deadlines/deadline-store';
import type { PostmortemDocument } from '../postmortems/document';
import { externalVersion } from '../postmortems/external';
import { SECTION_TITLES } from '../postmortems/sections';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';
import { noInput } from './shared/inputs';

/**
 * Publishes the reviewed post-mortem: the text is frozen, the post-mortem clock is met and, for a P1,
 * the external version goes to comms as postmortem.published.
 */
export const publishPostmortem = defineCommand({
  name: 'publish_postmortem',
  scope: 'incident',
  input: noInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['commander'], 'publish the post-mortem'),
  async run({ manager, incidentId, incident, change, deps, at }): Promise<PostmortemDocument> {
    const pm = await deps.postmortems.requireRecord(manager, incidentId, true);
    if (pm.state === 'published') throw conflict(`the post-mortem was already published at ${pm.publishedAt?.toISOString()}`);
    if (pm.state !== 'reviewed') throw conflict('the post-mortem has not been reviewed: the commander records the review first (POST .../postmortem/review)');
    if (!incident.resolvedAt) throw conflict('the incident was reopened: publish once it is resolved again');
    const met = await meetDeadline(manager, incidentId, 'postmortem', at);
    if (met) await emitDeadlineStage(change, met, 'met');
    const { doc, facts } = await deps.postmortems.live(manager, incidentId, { ...pm, state: 'published', publishedAt: at, publishedBy: change.actor }, at);
    if (doc.missingForPublish.length) {
      throw conflict(`cannot publish: still to write: ${doc.missingForPublish.map((k) => `${k} (${SECTION_TITLES[k]})`).join(', ')}`);
    }
    await manager.query(`UPDATE core.postmortems SET state = 'published', published_at = $2, published_by = $3, published = $4 WHERE incident_id = $1`, [
      incidentId,
      at,
      JSON.stringify(change.actor),
      JSON.stringify(doc),
    ]);
    const external = facts.incident.severity === 'P1' ? externalVersion(doc, facts) : null;
    if (external) {
      await change.emit(
        'postmortem.published',
        { incidentId, reference: facts.incident.reference, severity: facts.incident.severity, publishedAt: at.toISOString(), external },
        { kind: 'postmortem_published', text: 'post-mortem published internally; external version sent to comms for approval' },
      );
    } else {
      await change.line({ kind: 'postmortem_published', text: 'post-mortem published internally' });
    }
    return doc;
  },
});
