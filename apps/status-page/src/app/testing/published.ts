import { randomUUID } from 'node:crypto';
import { ComponentStatus, ComponentView, Impact, PublicStatus, SitrepEvent, createEvent } from '@sitrep/contracts';

/** Builders of the two events the status page reads, as comms and incident-core would publish them. */
const actor = { kind: 'system' as const, id: 'sitrep' };

let position = 0;

export function component(name: string, over: Partial<ComponentView> = {}): ComponentView {
  return {
    id: randomUUID(),
    name,
    description: null,
    group: null,
    status: 'operational',
    position: position++,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function componentCreated(c: ComponentView): SitrepEvent {
  return createEvent('component.created', { component: c }, { actor });
}

export interface CommunicationInput {
  incidentId: string;
  title?: string;
  status: PublicStatus;
  impact?: Impact;
  body?: string;
  at: string;
  components?: { c: ComponentView; status: ComponentStatus }[];
  kind?: 'initial' | 'update' | 'resolved' | 'postmortem' | 'maintenance_scheduled' | 'maintenance_started' | 'maintenance_completed';
  subject?: 'incident' | 'maintenance';
  channels?: ('status_page' | 'email' | 'sms' | 'slack')[];
  scheduledFor?: string | null;
  scheduledUntil?: string | null;
  communicationId?: string;
}

export function published(input: CommunicationInput): SitrepEvent {
  const kind = input.kind ?? (input.status === 'resolved' ? 'resolved' : 'update');
  return createEvent(
    'communication.published',
    {
      communicationId: input.communicationId ?? randomUUID(),
      kind,
      publishedAt: input.at,
      subject: input.subject ?? 'incident',
      title: input.title ?? 'Checkout errors',
      status: input.status,
      impact: input.impact ?? 'major',
      body: input.body ?? `We are ${input.status}.`,
      components: (input.components ?? []).map(({ c, status }) => ({ id: c.id, name: c.name, status })),
      channels: input.channels ?? ['status_page', 'email'],
      scheduledFor: input.scheduledFor ?? null,
      scheduledUntil: input.scheduledUntil ?? null,
    },
    { actor, incidentId: input.incidentId, occurredAt: new Date(input.at) },
  );
}
