import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Principal, SqlTokenStore, TokenRecord, generateToken, hashToken } from '@sitrep/auth';
import { LOGGER } from '@sitrep/platform';
import type { Logger } from 'pino';
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
  ) {}

  async issue(body: IssueTokenBody, caller: Principal): Promise<IssuedToken> {
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
