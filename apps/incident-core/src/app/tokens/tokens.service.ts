import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Principal, SqlTokenStore, TokenRecord } from '@sitrep/auth';
import { LOGGER } from '@sitrep/platform';
import { CORE_SCHEMA } from '../core-schema';
import { ConsoleSessions } from '../console/console-sessions';

/** incident-core's API tokens: list and revoke (issuing is per person, in PeopleService). */
@Injectable()
export class TokensService {
  private readonly store: SqlTokenStore;

  constructor(
    dataSource: DataSource,
    private readonly sessions: ConsoleSessions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.store = new SqlTokenStore((sql, params) => dataSource.query(sql, params), CORE_SCHEMA);
  }

  list(): Promise<TokenRecord[]> {
    return this.store.list();
  }

  /** The token's next request gets 401 (the guard looks every request up), and its console sessions end now. */
  async revoke(tokenId: string, caller: Principal): Promise<void> {
    const hash = await this.store.revoke(tokenId);
    if (!hash) throw new NotFoundException(`no live token with id ${tokenId}`);
    await this.sessions.store.closeFor({ kind: 'token', tokenHash: hash });
    this.logger.info({ tokenId, revokedBy: caller.tokenId }, 'token revoked');
  }
}
