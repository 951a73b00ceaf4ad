import { z } from 'zod';
import { Actor, Envelope, envelopeSchema, newEventId } from './envelope';
import { EventData, EventType, eventCatalogue, isEventType } from './catalogue';

export type SitrepEvent<T extends EventType = EventType> = T extends EventType
  ? Omit<Envelope, 'type' | 'data'> & { type: T; data: EventData<T> }
  : never;

export interface EventOptions {
  actor: Actor;
  incidentId?: string | null;
  occurredAt?: Date;
  id?: string;
}

/** Builds an event of the current schema version, validating its data on the way out. */
export function createEvent<T extends EventType>(type: T, data: EventData<T>, options: EventOptions): SitrepEvent<T> {
  const definition = eventCatalogue[type];
  const event = {
    id: options.id ?? newEventId(),
    type,
    schemaVersion: definition.version,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    actor: options.actor,
    incidentId: options.incidentId ?? null,
    data: definition.data.parse(data),
  };
  return event as unknown as SitrepEvent<T>;
}

export type ParseResult = { ok: true; event: SitrepEvent } | { ok: false; error: string };

/** Validates a received event: the envelope, a known type, a supported version, and its data. */
export function parseEvent(raw: unknown): ParseResult {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, error: `invalid envelope: ${describeZodError(envelope.error)}` };
  const { type, schemaVersion } = envelope.data;
  if (!isEventType(type)) return { ok: false, error: `unknown event type "${type}"` };
  const definition = eventCatalogue[type];
  if (schemaVersion !== definition.version) {
    return { ok: false, error: `unsupported schemaVersion ${schemaVersion} for "${type}" (this build understands ${definition.version})` };
  }
  const data = definition.data.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, error: `invalid data for "${type}": ${describeZodError(data.error)}` };
  return { ok: true, event: { ...envelope.data, type, data: data.data } as SitrepEvent };
}

/** Decodes and validates an event received as bytes. */
export function decodeEvent(bytes: Uint8Array): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  return parseEvent(raw);
}

export function encodeEvent(event: SitrepEvent): Uint8Array {
  return Buffer.from(JSON.stringify(event), 'utf8');
}

/** "data.component.name: Required" — the path and the reason, for logs and dead letters. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
