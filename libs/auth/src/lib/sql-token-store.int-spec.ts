import { Client } from 'pg';
import { TestDatabase, createTestDatabase } from '@sitrep/testing';
import { SqlTokenStore, apiTokensTableSql } from './sql-token-store';
import { hashToken } from './tokens';

/** The token table every service keeps (core.api_tokens, comms.api_tokens), on real PostgreSQL. */
describe('SqlTokenStore', () => {
  let db: TestDatabase;
  let sql: Client;
  let store: SqlTokenStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await sql.query('CREATE SCHEMA svc');
    await sql.query(apiTokensTableSql('svc'));
    store = new SqlTokenStore(async (text, params) => (await sql.query(text, params as unknown[])).rows, 'svc');
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('revokes a token: it is found no more, and a second revoke finds nothing to revoke', async () => {
    await store.add('srp_one_token_for_revoking_0123456789', 'responder', 'Rae');
    const [token] = (await store.list()).filter((t) => t.label === 'Rae');
    expect(await store.revoke(token.tokenId)).toBe(hashToken('srp_one_token_for_revoking_0123456789'));
    expect(await store.findByHash(hashToken('srp_one_token_for_revoking_0123456789'))).toBeNull();
    expect(await store.revoke(token.tokenId)).toBeNull();
    expect((await store.list()).find((t) => t.tokenId === token.tokenId)?.revokedAt).not.toBeNull();
  });

  it('rotating SITREP_ADMIN_TOKEN revokes the previous admin token and keeps the new one', async () => {
    await store.rotateConfiguredAdmin('first-admin-token-0123456789');
    expect(await store.findByHash(hashToken('first-admin-token-0123456789'))).toMatchObject({ role: 'admin' });
    await store.rotateConfiguredAdmin('first-admin-token-0123456789'); // a restart with the same token changes nothing
    expect(await store.findByHash(hashToken('first-admin-token-0123456789'))).toMatchObject({ role: 'admin' });
    await store.rotateConfiguredAdmin('second-admin-token-0123456789');
    expect(await store.findByHash(hashToken('first-admin-token-0123456789'))).toBeNull();
    expect(await store.findByHash(hashToken('second-admin-token-0123456789'))).toMatchObject({ role: 'admin' });
  });
});
