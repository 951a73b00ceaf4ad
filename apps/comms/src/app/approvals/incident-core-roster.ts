import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { RosterPersonSummary, commandReplySchema, personLookupResultSchema, querySubject } from '@sitrep/contracts';
import type { EventBus } from '@sitrep/messaging';
import type { Logger } from 'pino';
import { EVENT_BUS, LOGGER } from '@sitrep/platform';

const ASK_TIMEOUT_MS = 3_000;

/**
 * incident-core's answer about a person, asked over the bus (`queries.person_by_email`, `queries.person_by_id`):
 * who they are and the rights it gives them. comms keeps no rule of its own about who a person is or may be.
 * When incident-core cannot answer, the page says so (503) rather than guessing.
 */
@Injectable()
export class IncidentCoreRoster {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  byEmail(email: string): Promise<RosterPersonSummary | null> {
    return this.ask('person_by_email', { email });
  }

  byId(personId: string): Promise<RosterPersonSummary | null> {
    return this.ask('person_by_id', { personId });
  }

  private async ask(query: 'person_by_email' | 'person_by_id', request: object): Promise<RosterPersonSummary | null> {
    try {
      const raw = await this.bus.request(querySubject(query), Buffer.from(JSON.stringify(request)), ASK_TIMEOUT_MS);
      const reply = commandReplySchema.parse(JSON.parse(Buffer.from(raw).toString('utf8')));
      if (!reply.ok) throw new Error(reply.message);
      return personLookupResultSchema.parse(reply.result).person;
    } catch (error) {
      // A timeout, no responder, or an answer that does not fit the contract: the page cannot tell who this is.
      this.logger.error({ err: error, query }, 'approval page: incident-core did not answer a person query');
      throw new ServiceUnavailableException('incident-core did not answer who you are on the roster just now. Try again in a moment.');
    }
  }
}
