import { randomUUID } from 'node:crypto';
import { JetStreamClient, NatsConnection, connect } from 'nats';
import { ComponentStatus, ComponentView, Impact, PublicStatus, SitrepEvent, createEvent, encodeEvent, eventSubject } from '@sitrep/contracts';

/**
 * Publishes the two kinds of events the status page reads straight onto the bus, as incident-core and
 * comms would (subject `${namespace}.events.<type>`, the event id as JetStream message id): tests and the
 * benchmark simulate comms' approved communications without going through its approval queue.
 */
export class StatusPageEvents {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    readonly namespace: string,
  ) {}

  static async connect(natsUrl: string, namespace: string): Promise<StatusPageEvents> {
    const nc = await connect({ servers: natsUrl });
    return new StatusPageEvents(nc, nc.jetstream(), namespace);
  }

  async publish(event: SitrepEvent): Promise<void> {
    await this.js.publish(`${this.namespace}.${eventSubject(event.type)}`, encodeEvent(event), { msgID: event.id });
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}

const system = { kind: 'system' as const, id: 'sitrep' };

export function componentView(name: string, position: number, over: Partial<ComponentView> = {}): ComponentView {
  return {
    id: randomUUID(),
    name,
    description: null,
    group: null,
    status: 'operational',
    position,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function componentCreatedEvent(component: ComponentView): SitrepEvent {
  return createEvent('component.created', { component }, { actor: system });
}

export interface Communication {
  incidentId: string;
  title: string;
  status: PublicStatus;
  impact: Impact;
  body: string;
  at: Date;
  components?: { component: ComponentView; status: ComponentStatus }[];
  kind?: 'initial' | 'update' | 'resolved' | 'postmortem' | 'maintenance_scheduled' | 'maintenance_started' | 'maintenance_completed';
  subject?: 'incident' | 'maintenance';
  scheduledFor?: Date;
  scheduledUntil?: Date;
}

export function communicationPublished(c: Communication): SitrepEvent {
  const kind = c.kind ?? (c.status === 'resolved' ? 'resolved' : c.status === 'investigating' ? 'initial' : 'update');
  return createEvent(
    'communication.published',
    {
      communicationId: randomUUID(),
      kind,
      publishedAt: c.at.toISOString(),
      subject: c.subject ?? 'incident',
      title: c.title,
      status: c.status,
      impact: c.impact,
      body: c.body,
      components: (c.components ?? []).map(({ component, status }) => ({ id: component.id, name: component.name, status })),
      channels: ['status_page', 'email', 'sms'],
      scheduledFor: c.scheduledFor?.toISOString() ?? null,
      scheduledUntil: c.scheduledUntil?.toISOString() ?? null,
    },
    { actor: system, incidentId: c.incidentId, occurredAt: c.at },
  );
}

/**
 * A page as a mid-sized company has it during a bad day: 20 components in 4 groups, 3 active incidents
 * with a few updates each, a dozen resolved incidents over the last 90 days, and a maintenance window.
 */
export function realisticStatusPage(now: Date): { components: ComponentView[]; events: SitrepEvent[] } {
  const groups = ['Core platform', 'Payments', 'Data', 'Regions'];
  const names = [
    ['Public API', 'Dashboard', 'Authentication', 'Webhooks', 'Search'],
    ['Card payments', 'Payouts', 'Invoicing', 'Fraud checks', 'Billing portal'],
    ['Reporting', 'Exports', 'Data warehouse sync', 'Audit log', 'Backups'],
    ['Europe (Frankfurt)', 'US East', 'US West', 'Asia Pacific (Sydney)', 'South America'],
  ];
  const components = names.flatMap((list, g) =>
    list.map((name, i) => componentView(name, g * 5 + i, { group: groups[g], description: `${name} for all customers`, createdAt: new Date(now.getTime() - 400 * 86_400_000).toISOString() })),
  );
  const events: SitrepEvent[] = components.map(componentCreatedEvent);
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const body = (text: string) => `${text} We will post another update within 30 minutes or as soon as we know more.`;

  const active: [string, number, ComponentStatus, Impact][] = [
    ['Card payments failing for some customers', 5, 'major_outage', 'critical'],
    ['Delayed webhook deliveries', 3, 'degraded_performance', 'minor'],
    ['Elevated error rates in US East', 16, 'partial_outage', 'major'],
  ];
  active.forEach(([title, index, status, impact], n) => {
    const incidentId = randomUUID();
    const component = components[index];
    const start = 120 - n * 30;
    events.push(communicationPublished({ incidentId, title, status: 'investigating', impact, at: minutesAgo(start), body: body(`We are investigating reports of problems with ${component.name}.`), components: [{ component, status }] }));
    events.push(communicationPublished({ incidentId, title, status: 'identified', impact, at: minutesAgo(start - 20), body: body('We have identified the cause: a faulty configuration change, which we are rolling back.'), components: [{ component, status }] }));
    events.push(communicationPublished({ incidentId, title, status: 'identified', impact, at: minutesAgo(start - 45), body: body('The rollback is about half done; most customers should see improvement.') }));
  });

  for (let i = 0; i < 12; i++) {
    const incidentId = randomUUID();
    const component = components[(i * 7) % components.length];
    const startedAt = new Date(now.getTime() - (3 + i * 7) * 86_400_000);
    const statuses: ComponentStatus[] = ['degraded_performance', 'partial_outage', 'major_outage'];
    const impacts: Impact[] = ['minor', 'major', 'critical'];
    const title = `${component.name} ${['slow', 'partly unavailable', 'unavailable'][i % 3]}`;
    events.push(communicationPublished({ incidentId, title, status: 'investigating', impact: impacts[i % 3], at: startedAt, body: body('We are investigating.'), components: [{ component, status: statuses[i % 3] }] }));
    events.push(communicationPublished({ incidentId, title, status: 'monitoring', impact: impacts[i % 3], at: new Date(startedAt.getTime() + 40 * 60_000), body: 'A fix is in place and we are monitoring the results.', components: [{ component, status: 'operational' }] }));
    events.push(communicationPublished({ incidentId, title, status: 'resolved', impact: impacts[i % 3], at: new Date(startedAt.getTime() + 90 * 60_000), body: 'This incident has been resolved.' }));
  }

  const maintenanceId = randomUUID();
  events.push(
    communicationPublished({
      incidentId: maintenanceId,
      subject: 'maintenance',
      kind: 'maintenance_scheduled',
      title: 'Data warehouse upgrade',
      status: 'scheduled',
      impact: 'maintenance',
      at: minutesAgo(60 * 24),
      body: 'We will upgrade the data warehouse. Reports may be up to an hour old during the window.',
      scheduledFor: new Date(now.getTime() + 2 * 86_400_000),
      scheduledUntil: new Date(now.getTime() + 2 * 86_400_000 + 2 * 3_600_000),
      components: [{ component: components[12], status: 'under_maintenance' }],
    }),
  );
  return { components, events };
}

/**
 * Years of history behind a page: `count` events, mostly updates to long-resolved incidents (five each:
 * investigating, identified, monitoring, a note, resolved), with the occasional component re-announced.
 * Dated before the 90 days the history bars show, oldest first, as a stream that has run for a long time.
 */
export function longHistory(now: Date, components: ComponentView[], count: number): SitrepEvent[] {
  const events: SitrepEvent[] = [];
  const statuses: PublicStatus[] = ['investigating', 'identified', 'monitoring', 'monitoring', 'resolved'];
  const incidents = Math.ceil(count / 5);
  const span = 3 * 365 * 86_400_000;
  for (let i = 0; i < incidents && events.length < count; i++) {
    const incidentId = randomUUID();
    const component = components[i % components.length];
    const startedAt = now.getTime() - 100 * 86_400_000 - span + Math.floor((i * span) / incidents);
    const title = `${component.name} incident ${i + 1}`;
    for (let u = 0; u < statuses.length && events.length < count; u++) {
      const status = statuses[u];
      events.push(
        communicationPublished({
          incidentId,
          title,
          status,
          impact: (['minor', 'major', 'critical'] as const)[i % 3],
          at: new Date(startedAt + u * 20 * 60_000),
          body: status === 'resolved' ? 'This incident has been resolved.' : `Update ${u + 1} on ${component.name}: we are working on it.`,
          components: status === 'investigating' ? [{ component, status: 'partial_outage' }] : status === 'resolved' ? [{ component, status: 'operational' }] : [],
        }),
      );
    }
  }
  return events;
}
