import type { EntityManager } from 'typeorm';
import { Actor, EventData, EventType, createEvent } from '@sitrep/contracts';
import type { RecordEvent } from '../outbox/unit-of-work';
import { TimelineLine, appendTimeline } from './timeline';

type Line = Pick<TimelineLine, 'kind' | 'text' | 'detail' | 'internal'>;

/**
 * One change to one incident inside a unit of work: each event it emits goes to the outbox and,
 * with a line for people, onto the timeline, all in the same transaction.
 */
export class IncidentChange {
  constructor(
    readonly manager: EntityManager,
    private readonly record: RecordEvent,
    readonly incidentId: string,
    readonly actor: Actor,
    readonly at: Date,
    private readonly source: TimelineLine['source'] = 'api',
  ) {}

  async emit<T extends EventType>(type: T, data: EventData<T>, line?: Line): Promise<void> {
    const event = createEvent(type, data, { actor: this.actor, incidentId: this.incidentId, occurredAt: this.at });
    await this.record(event);
    if (line) await this.line(line, event.id);
  }

  async line(line: Line, eventId: string | null = null): Promise<void> {
    await appendTimeline(this.manager, { ...line, incidentId: this.incidentId, at: this.at, actor: this.actor, eventId, source: this.source });
  }
}
