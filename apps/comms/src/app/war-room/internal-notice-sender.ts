import type { DataSource } from 'typeorm';
import { DeliveryFailure, SendReceipt } from '../channels/channel-adapter';
import { ChannelRegistry } from '../channels/channel-registry';
import { slackCallsFor } from '../channels/slack-call-purpose';
import { ClaimedDelivery, DeliveryPayload, S } from '../delivery/delivery-ledger';
import { IncidentSignature, incidentSignature, incidentSubject } from './war-room-texts';

export type InternalOutcome = { sent: SendReceipt } | { cancel: string };

interface Person {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  slack_user_id: string | null;
}

/**
 * A person or a war room that is not there yet: the events that bring them may still be on their way.
 * An invitation looks again sooner: each role holder must be in the room within seconds of assignment.
 */
// Scoped to the row: waiting for our own data must not pause Slack's whole pump as a vendor's 429 does.
const notYet = (what: string, needs: 'ready' | 'created' = 'ready') => new DeliveryFailure(what, 'transient', 'sitrep', { retryAfterMs: needs === 'created' ? 200 : 1_000, scope: 'recipient' });

/** How long an invitation waits in hand for its war room's channel (opened within a second or two). */
const INVITE_WAIT_MS = 5_000;

/**
 * Sends the internal notices (war-room posts, invitations, pages to people) that the ledger holds. Who and
 * where are resolved at send time, from comms' own copies of people and war rooms, because the events
 * that fill those copies travel on other consumers and may arrive after the notice was queued.
 */
export class InternalNoticeSender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: ChannelRegistry,
    /** Base URL of the console messages link to (COMMS_CONSOLE_URL); null: no console link. */
    private readonly consoleUrl: string | null = null,
  ) {}

  /** Sends one notice; its Slack calls are labelled with the kind of notice and the delivery (for the log of a failed call). */
  send(row: ClaimedDelivery): Promise<InternalOutcome> {
    return slackCallsFor(`${(row.payload as DeliveryPayload).kind} (delivery ${row.id})`, () => this.sendNow(row));
  }

  private async sendNow(row: ClaimedDelivery): Promise<InternalOutcome> {
    const payload = row.payload as DeliveryPayload;
    switch (payload.kind) {
      case 'slack_post': {
        const slack = this.slack();
        const target = payload.target;
        const channel = 'warRoom' in target ? await this.warRoomChannel(target.warRoom) : 'channel' in target ? target.channel : await this.slackUser(await this.person(target.person));
        if (channel === null) return { cancel: await this.noRoom(row.incidentId) };
        const signature = 'person' in target ? await this.signature(row.incidentId) : null;
        const posted = await slack.workspace.post(channel, payload.text, payload.blocks, signature ? incidentSignature('slack', signature) : '');
        return { sent: { provider: 'slack', providerMessageId: posted.ts } };
      }
      case 'slack_invite': {
        const slack = this.slack();
        // People before posts: the Slack user is found first, then the invitation waits here (briefly) for
        // the channel to exist, not for the rules to be pinned, and goes the moment it does.
        const user = await this.slackUser(await this.person(payload.personId));
        const channel = await this.channelSoon(payload.incidentId);
        if (channel === null) return { cancel: await this.noRoom(payload.incidentId) };
        await slack.workspace.invite(channel, [user]);
        return { sent: { provider: 'slack', providerMessageId: null } };
      }
      case 'sms_page': {
        const sms = this.channels.sms;
        if (!sms) return { cancel: 'SMS is not configured' };
        const person = await this.person(payload.personId);
        if (!person.phone) throw new DeliveryFailure(`${person.name} has no phone number on the roster`, 'permanent', 'sitrep', { scope: 'recipient' });
        const signature = await this.signature(row.incidentId);
        const body = signature ? `${payload.text}${incidentSignature('sms', signature)}` : payload.text;
        const receipt = await sms.limit.run(() => sms.adapter.send({ to: person.phone!, body, reference: row.id }));
        return { sent: receipt };
      }
      case 'email_notice': {
        const email = this.channels.email;
        if (!email) return { cancel: 'email is not configured' };
        const person = await this.person(payload.personId);
        const signature = await this.signature(row.incidentId);
        const receipt = await email.limit.run(() =>
          email.adapter.send({
            to: person.email,
            subject: signature ? incidentSubject(signature.reference, payload.subject) : payload.subject,
            text: signature ? `${payload.text}\n${incidentSignature('email', signature)}` : payload.text,
            messageId: `<${row.id}@sitrep>`,
            icalEvent: payload.ics ? { method: 'REQUEST', content: payload.ics, filename: 'invitation.ics' } : undefined,
          }),
        );
        return { sent: receipt };
      }
      default:
        throw new DeliveryFailure(`internal notice of unknown kind ${(payload as { kind: string }).kind}`, 'permanent', 'sitrep');
    }
  }

  private slack() {
    if (!this.channels.slack) throw new DeliveryFailure('Slack is not configured (SLACK_BOT_TOKEN)', 'permanent', 'slack');
    return this.channels.slack;
  }

  /**
   * Which incident a message to a person is about: its reference, title, war room and console link. While
   * the war room is being opened the message waits for it (so it can link it), as it waits for a person.
   */
  private async signature(incidentId: string | null): Promise<IncidentSignature | null> {
    if (!incidentId) return null;
    const rooms: { reference: string; title: string; state: string; channel_id: string | null; channel_name: string | null }[] = await this.dataSource.query(
      `SELECT reference, title, state, channel_id, channel_name FROM ${S}.war_rooms WHERE incident_id = $1`,
      [incidentId],
    );
    const consoleUrl = this.consoleUrl ? `${this.consoleUrl}/console/incidents/${incidentId}` : null;
    const room = rooms[0];
    if (room) {
      if (room.state === 'pending') throw notYet(`war room of incident ${incidentId} is being set up`);
      const warRoom = room.state === 'ready' && room.channel_id && room.channel_name ? { channelId: room.channel_id, channelName: room.channel_name } : null;
      return { reference: room.reference, title: room.title, warRoom, consoleUrl };
    }
    const known: { reference: string; title: string; recent: boolean }[] = await this.dataSource.query(
      `SELECT reference, title, declared_at > now() - interval '10 minutes' AS recent FROM ${S}.known_incidents WHERE id = $1`,
      [incidentId],
    );
    if (known.length === 0) throw notYet(`incident ${incidentId} not known to comms yet`);
    // With Slack on, a new incident's war room is on its way (another consumer records it): wait for its link.
    if (this.channels.slack && known[0].recent) throw notYet(`war room of incident ${incidentId} not known yet`);
    return { reference: known[0].reference, title: known[0].title, warRoom: null, consoleUrl };
  }

  /**
   * The war room's channel id; null when the incident has none (or it was archived in Slack); "not yet" while it is being set up
   * (posts wait for the room to be ready, invitations only for the channel to exist).
   */
  private async warRoomChannel(incidentId: string, needs: 'ready' | 'created' = 'ready'): Promise<string | null> {
    const rows: { channel_id: string | null; state: string; archived: boolean }[] = await this.dataSource.query(`SELECT channel_id, state, archived_at IS NOT NULL AS archived FROM ${S}.war_rooms WHERE incident_id = $1`, [incidentId]);
    if (rows.length === 0) throw notYet(`war room of incident ${incidentId} not known yet`, needs);
    // Slack refuses posts and invitations to an archived channel (is_archived): there is nothing to retry.
    if (rows[0].state === 'failed' || rows[0].archived) return null;
    if (!rows[0].channel_id || (needs === 'ready' && rows[0].state !== 'ready')) throw notYet(`war room of incident ${incidentId} is being set up`, needs);
    return rows[0].channel_id;
  }

  /** Why a notice for the war room is cancelled: it was archived in Slack, or there is none. */
  private async noRoom(incidentId: string | null): Promise<string> {
    const rows: { archived: boolean }[] = incidentId ? await this.dataSource.query(`SELECT archived_at IS NOT NULL AS archived FROM ${S}.war_rooms WHERE incident_id = $1`, [incidentId]) : [];
    return rows[0]?.archived ? 'the war room is archived in Slack' : 'the incident has no war room';
  }

  /** The war room's channel once it exists, looked for every 100 ms for a few seconds before "not yet". */
  private async channelSoon(incidentId: string): Promise<string | null> {
    const until = Date.now() + INVITE_WAIT_MS;
    for (;;) {
      try {
        return await this.warRoomChannel(incidentId, 'created');
      } catch (error) {
        if (Date.now() >= until) throw error;
        await new Promise((ok) => setTimeout(ok, 100));
      }
    }
  }

  private async person(id: string): Promise<Person> {
    const rows: Person[] = await this.dataSource.query(`SELECT id, name, email, phone, slack_user_id FROM ${S}.people WHERE id = $1`, [id]);
    if (rows.length === 0) throw notYet(`person ${id} not known to comms yet`);
    return rows[0];
  }

  /** The person's Slack user: from the roster, else looked up by email once and remembered. */
  private async slackUser(person: Person): Promise<string> {
    if (person.slack_user_id) return person.slack_user_id;
    const slack = this.slack();
    const found = await slack.workspace.lookupByEmail(person.email);
    if (!found) throw new DeliveryFailure(`${person.name} (${person.email}) has no Slack account in this workspace`, 'permanent', 'slack', { scope: 'recipient' });
    await this.dataSource.query(`UPDATE ${S}.people SET slack_user_id = $2, slack_lookup_at = now() WHERE id = $1 AND slack_user_id IS NULL`, [person.id, found]);
    return found;
  }
}
