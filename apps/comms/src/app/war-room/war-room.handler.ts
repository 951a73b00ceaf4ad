import type { DataSource, EntityManager } from 'typeorm';
import { EVENTS_SUBJECT_ROOT, SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { NewInternalDelivery, enqueueDeliveries } from '../delivery/delivery-ledger';
import { warRoomChannelName } from './channel-name';
import { commanderPageText, deadlineText, escalatedText, missedClockText, possibleRecurrenceText, roleAssignedText, sponsorPageText } from './war-room-texts';
import { commanderPage, recurrence, reminder } from '../slack-app/slack-blocks';

export const WAR_ROOM_CONSUMER = 'comms-war-room';
export const REMINDERS_CONSUMER = 'comms-reminders';

export interface WarRoomDeps {
  dataSource: DataSource;
  slack: boolean;
  sms: boolean;
  email: boolean;
  /** Something was queued: wake the war-room worker and the delivery pumps. */
  queued: () => void;
}

async function personName(manager: EntityManager, id: string | null): Promise<string | null> {
  if (!id) return null;
  const rows: { name: string }[] = await manager.query(`SELECT name FROM ${COMMS_SCHEMA}.people WHERE id = $1`, [id]);
  return rows[0]?.name ?? null;
}

/** Who holds a role in the incident, as comms last heard. */
async function roleHolder(manager: EntityManager, incidentId: string, role: string): Promise<string | null> {
  const rows: { person_id: string }[] = await manager.query(`SELECT person_id FROM ${COMMS_SCHEMA}.war_room_roles WHERE incident_id = $1 AND role = $2`, [incidentId, role]);
  return rows[0]?.person_id ?? null;
}

/**
 * The war room: opened in Slack when an incident is declared, told of every role change (and the people
 * invited), and the commander paged by Slack and SMS when assigned. Each event queues rows in the ledger
 * under keys made from its id, inside the inbox transaction: handled once, sent once.
 */
export function warRoomHandler(deps: WarRoomDeps): EventHandler {
  return {
    consumer: WAR_ROOM_CONSUMER,
    kind: 'durable',
    filter: subjectFilters.incidentEvents,
    types: ['incident.declared', 'incident.role_assigned', 'incident.escalated', 'incident.signal_recorded'],
    async handle(event: SitrepEvent): Promise<void> {
      const incidentId = event.incidentId;
      await handleOnce(deps.dataSource, COMMS_SCHEMA, WAR_ROOM_CONSUMER, event.id, async (manager) => {
        const notices: NewInternalDelivery[] = [];
        if (event.type === 'incident.declared') {
          if (!deps.slack) return;
          const i = event.data.incident;
          await manager.query(
            `INSERT INTO ${COMMS_SCHEMA}.war_rooms (incident_id, reference, title, severity, declared_at, base_name, clocks) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (incident_id) DO NOTHING`,
            [i.id, i.reference, i.title, i.severity, i.declaredAt, warRoomChannelName(new Date(i.declaredAt), i.title), JSON.stringify(event.data.clocks ?? [])],
          );
        } else if (event.type === 'incident.role_assigned' && incidentId) {
          const { role, personId, previousPersonId } = event.data;
          await manager.query(
            `INSERT INTO ${COMMS_SCHEMA}.war_room_roles (incident_id, role, person_id, assigned_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (incident_id, role) DO UPDATE SET person_id = EXCLUDED.person_id, assigned_at = EXCLUDED.assigned_at
             WHERE ${COMMS_SCHEMA}.war_room_roles.assigned_at <= EXCLUDED.assigned_at`,
            [incidentId, role, personId, event.occurredAt],
          );
          const name = (await personName(manager, personId)) ?? 'someone not yet known to comms';
          const previous = await personName(manager, previousPersonId);
          if (deps.slack) {
            notices.push(
              { channel: 'slack', purpose: 'internal', payload: { kind: 'slack_invite', incidentId, personId }, dedupeKey: `${event.id}:invite`, incidentId, notice: 'war room invitation' },
              {
                channel: 'slack',
                purpose: 'internal',
                payload: { kind: 'slack_post', target: { warRoom: incidentId }, text: roleAssignedText(role, name, previousPersonId ? (previous ?? 'the previous holder') : null) },
                dedupeKey: `${event.id}:post`,
                incidentId,
                notice: 'role change',
              },
            );
          }
          if (role === 'commander' || role === 'executive_sponsor') {
            // The war room row comes from incident.declared on this same consumer, so it is here already.
            const incidents: { reference: string; title: string; severity: string }[] = await manager.query(
              `SELECT reference, title, severity FROM ${COMMS_SCHEMA}.war_rooms WHERE incident_id = $1
               UNION ALL SELECT reference, title, severity FROM ${COMMS_SCHEMA}.known_incidents WHERE id = $1`,
              [incidentId],
            );
            const incident = { reference: incidents[0]?.reference ?? 'an incident', title: incidents[0]?.title ?? '', severity: incidents[0]?.severity ?? '' };
            if (role === 'commander') {
              const text = commanderPageText(incident.reference, incident.title);
              const page = { incidentId, notice: 'commander page' as const };
              // In Slack the page carries the Acknowledge button (the acknowledgement is recorded by incident-core).
              if (deps.slack) notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: personId }, text, blocks: commanderPage(text, incidentId) }, dedupeKey: `${event.id}:page-slack`, ...page });
              if (deps.sms) notices.push({ channel: 'sms', purpose: 'internal', payload: { kind: 'sms_page', personId, text }, dedupeKey: `${event.id}:page-sms`, ...page });
            } else {
              // The seed's sponsor is paged like the commander: what happened, how bad, who commands, where.
              const commander = await personName(manager, await roleHolder(manager, incidentId, 'commander'));
              const { subject, text } = sponsorPageText({ ...incident, commanderName: commander, warRoom: deps.slack });
              const page = { incidentId, notice: 'sponsor page' as const };
              if (deps.slack) notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: personId }, text: `*${subject}*\n${text}` }, dedupeKey: `${event.id}:page-slack`, ...page });
              if (deps.email) notices.push({ channel: 'email', purpose: 'internal', payload: { kind: 'email_notice', personId, subject, text }, dedupeKey: `${event.id}:page-email`, ...page });
              if (deps.sms) notices.push({ channel: 'sms', purpose: 'internal', payload: { kind: 'sms_page', personId, text: subject }, dedupeKey: `${event.id}:page-sms`, ...page });
            }
          }
        } else if (event.type === 'incident.escalated' && incidentId) {
          const { path, contactRole, personId, reason } = event.data;
          const name = await personName(manager, personId);
          const text = escalatedText(path, contactRole, name, reason);
          if (deps.slack) {
            notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { warRoom: incidentId }, text }, dedupeKey: `${event.id}:post`, incidentId, notice: 'escalation' });
            if (personId) notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: personId }, text }, dedupeKey: `${event.id}:dm`, incidentId, notice: 'escalation' });
          }
        } else if (event.type === 'incident.signal_recorded' && incidentId && event.data.possibleRecurrence && deps.slack) {
          // Posted in the war room and sent to the commander, who decides whether to reopen: the Reopen
          // button runs the reopen command as whoever clicks it, so incident-core refuses anyone it would.
          const rooms: { reference: string }[] = await manager.query(`SELECT reference FROM ${COMMS_SCHEMA}.war_rooms WHERE incident_id = $1`, [incidentId]);
          const text = possibleRecurrenceText(rooms[0]?.reference ?? 'the incident', event.data.source);
          const blocks = recurrence(text, incidentId, event.data.source);
          notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { warRoom: incidentId }, text, blocks }, dedupeKey: `${event.id}:post`, incidentId, notice: 'possible recurrence' });
          const commander: { person_id: string }[] = await manager.query(`SELECT person_id FROM ${COMMS_SCHEMA}.war_room_roles WHERE incident_id = $1 AND role = 'commander'`, [incidentId]);
          if (commander[0]) notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: commander[0].person_id }, text, blocks }, dedupeKey: `${event.id}:dm`, incidentId, notice: 'possible recurrence' });
        }
        await enqueueDeliveries(manager, notices);
      });
      deps.queued();
    },
  };
}

/**
 * Clock reminders: posted in the war room and sent to the clock's owner directly. A missed clock is
 * announced in the war room and sent to its owner and to the commander (one message each, once).
 */
export function remindersHandler(deps: WarRoomDeps): EventHandler {
  return {
    consumer: REMINDERS_CONSUMER,
    kind: 'durable',
    filter: `${EVENTS_SUBJECT_ROOT}.deadline.>`,
    types: ['deadline.due_soon', 'deadline.due', 'deadline.breached'],
    async handle(event: SitrepEvent): Promise<void> {
      if ((event.type !== 'deadline.due_soon' && event.type !== 'deadline.due' && event.type !== 'deadline.breached') || !deps.slack) return;
      const { deadline } = event.data;
      const incidentId = deadline.incidentId;
      await handleOnce(deps.dataSource, COMMS_SCHEMA, REMINDERS_CONSUMER, event.id, async (manager) => {
        const owner = await personName(manager, deadline.ownerPersonId);
        const breached = event.type === 'deadline.breached';
        const text = breached ? missedClockText(deadline, owner) : deadlineText(event.type === 'deadline.due_soon' ? 'due_soon' : 'due', deadline, owner);
        const notice = breached ? ('missed clock' as const) : ('clock reminder' as const);
        // A reminder carries the button that does what it asks (record the assessment, send the update).
        const blocks = breached ? undefined : reminder(text, deadline.kind, incidentId);
        const recipients = breached ? [deadline.ownerPersonId, await roleHolder(manager, incidentId, 'commander')] : [deadline.ownerPersonId];
        const notices: NewInternalDelivery[] = [{ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { warRoom: incidentId }, text, blocks }, dedupeKey: `${event.id}:post`, incidentId, notice }];
        for (const personId of new Set(recipients.filter((p): p is string => Boolean(p)))) {
          const dedupeKey = personId === deadline.ownerPersonId ? `${event.id}:dm` : `${event.id}:dm:${personId}`;
          notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: personId }, text, blocks }, dedupeKey, incidentId, notice });
        }
        await enqueueDeliveries(manager, notices);
      });
      deps.queued();
    },
  };
}
