import { BadRequestException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Principal, SqlTokenStore, TokenRecord, generateToken, hashToken } from '@sitrep/auth';
import type { EventBus } from '@sitrep/messaging';
import { EVENT_BUS, LOGGER } from '@sitrep/platform';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { rosterPerson } from './roster-person';
import { IssueTokenBody } from './tokens.schemas';

export const COMMS_TOKEN_STORE = Symbol('CommsTokenStore');

export interface IssuedToken {
  /** Shown once: only its hash is stored. */
  token: string;
  tokenId: string;
  role: string;
  label: string;
  personId: string | null;
}

/**
 * comms keeps its own token table (comms.api_tokens). A token tied to a person (personId, the person's id
 * on incident-core) is what lets comms recognise an incident's comms lead when they approve.
 */
@Injectable()
export class TokensService {
  constructor(
    @Inject(COMMS_TOKEN_STORE) private readonly store: SqlTokenStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async issue(body: IssueTokenBody, caller: Principal): Promise<IssuedToken> {
    // A token for a person who does not exist would let its holder pass for a comms lead nobody is.
    if (body.personId) {
      const answer = await rosterPerson(this.dataSource, this.bus, body.personId);
      if (answer === 'not_on_roster') {
        const reason = `no person with id ${body.personId} is on incident-core's roster`;
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `personId: ${reason}`, fields: [{ field: 'personId', reason }] });
      }
      if (answer === 'unknown') throw new ServiceUnavailableException(`cannot check personId ${body.personId}: comms does not know the person and incident-core is not answering; try again`);
    }
    const token = generateToken();
    await this.store.add(token, body.role, body.label, body.personId ?? null);
    const stored = await this.store.findByHash(hashToken(token));
    if (!stored) throw new Error('the new token was not stored');
    this.logger.info({ tokenId: stored.tokenId, role: body.role, personId: stored.personId, issuedBy: caller.tokenId }, 'comms token issued');
    return { token, tokenId: stored.tokenId, role: stored.role, label: stored.label, personId: stored.personId };
  }

  list(): Promise<TokenRecord[]> {
    return this.store.list();
  }

  async revoke(tokenId: string, caller: Principal): Promise<void> {
    if (!(await this.store.revoke(tokenId))) throw new NotFoundException(`no live token with id ${tokenId}`);
    this.logger.info({ tokenId, revokedBy: caller.tokenId }, 'comms token revoked');
  }
}
