import { randomUUID } from 'node:crypto';
import { InProcessComms, TEST_COMMS_ADMIN_TOKEN as ADMIN } from '../../testing/in-process-comms';

describe('comms tokens: revoke', () => {
  const comms = new InProcessComms(new Date());

  beforeAll(() => comms.setUp());
  afterAll(() => comms.tearDown());

  it('refuses a revoked token with 401 on its next request, on the API and on the approval page', async () => {
    const token = await comms.token('comms_lead', 'Carol Comms', randomUUID());
    expect((await comms.call('GET', '/api/v1/approvals', token)).status).toBe(200);
    const listed = await comms.call<{ tokens: { tokenId: string; label: string; revokedAt: string | null }[] }>('GET', '/api/v1/tokens', ADMIN);
    const carol = listed.body.tokens.find((t) => t.label === 'Carol Comms')!;
    expect((await comms.call('DELETE', `/api/v1/tokens/${carol.tokenId}`, token)).status).toBe(403);
    expect((await comms.call('DELETE', `/api/v1/tokens/${carol.tokenId}`, ADMIN)).status).toBe(204);
    expect((await comms.call('GET', '/api/v1/approvals', token)).status).toBe(401);
    expect((await comms.call('DELETE', `/api/v1/tokens/${carol.tokenId}`, ADMIN)).status).toBe(404);
  });
});
