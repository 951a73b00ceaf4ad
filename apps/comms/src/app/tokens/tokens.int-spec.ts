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

describe('comms tokens: only for people on the roster (issue 10)', () => {
  const comms = new InProcessComms(new Date());
  const onCoreOnly = randomUUID();
  let roster: { stop(): Promise<void> } | null = null;

  beforeAll(() => comms.setUp());
  afterAll(async () => {
    await roster?.stop();
    await comms.tearDown();
  });

  const issue = (personId: string) => comms.call<{ message: string; fields?: { field: string; reason: string }[] }>('POST', '/api/v1/tokens', ADMIN, { role: 'comms_lead', label: 'Who', personId });

  it('asks incident-core when it does not know the person yet, and refuses one it has never seen, naming personId', async () => {
    // Until incident-core answers, comms cannot tell: it refuses rather than issue a token for nobody.
    expect((await issue(randomUUID())).status).toBe(503);
    // incident-core's answer on queries.person_by_id (its responder is tested in incident-core).
    roster = await comms.bus.serve('queries.person_by_id', async (data) => {
      const { personId } = JSON.parse(Buffer.from(data).toString());
      const person = personId === onCoreOnly ? { id: onCoreOnly, name: 'Nell New', email: 'nell@example.test', slackUserId: null, roles: ['comms_lead'], rights: ['responder', 'comms_lead'] } : null;
      return Buffer.from(JSON.stringify({ ok: true, result: { person } }));
    });
    const nobody = randomUUID();
    const refused = await issue(nobody);
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([{ field: 'personId', reason: `no person with id ${nobody} is on incident-core's roster` }]);
    expect((await issue(onCoreOnly)).status).toBe(201);
    const listed = await comms.call<{ tokens: { personId: string | null }[] }>('GET', '/api/v1/tokens', ADMIN);
    expect(listed.body.tokens.map((t) => t.personId)).not.toContain(nobody);
  });
});
