import { join } from 'node:path';
import { Client } from 'pg';
import { TEST_NATS_URL } from '@sitrep/testing';
import { api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';

const ROSTER_FILE = join(__dirname, '..', '..', 'docs', 'examples', 'roster.yaml');

interface Person {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  slackUserId: string | null;
  onCall: boolean;
  roles: string[];
  createdAt: string;
  updatedAt: string;
}
interface Problem {
  statusCode: number;
  message: string;
  fields?: { field: string; reason: string }[];
}

/** PUT and PATCH, which the shared client does not have. */
async function send<T>(method: 'PUT' | 'PATCH', url: string, token: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

describe('people and the escalation roster', () => {
  let cluster: Cluster;
  let sql: Client;

  const personEvents = async () =>
    (await sql.query<{ type: string; email: string }>(`SELECT event->>'type' AS type, event->'data'->'person'->>'email' AS email FROM core.outbox WHERE event->>'type' LIKE 'person.%' ORDER BY position`)).rows;

  beforeAll(async () => {
    cluster = await startDistributedCluster(TEST_NATS_URL, { SITREP_ROSTER_FILE: ROSTER_FILE });
    sql = new Client({ connectionString: cluster.db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await cluster?.stop();
  });

  it('loads the roster file at start-up: people, by name, and the escalation contacts', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const { status, body } = await core.get<{ people: Person[] }>('/api/v1/people');
    expect(status).toBe(200);
    expect(body.people.map((p) => p.name)).toEqual(['Ada Okafor', 'Bruno Lindqvist', 'Chiara Benedetti', 'Dev Raman']);
    expect(body.people[0]).toMatchObject({
      email: 'ada.okafor@example.com',
      phone: '+14155550101',
      slackUserId: 'U01ADAOKAF',
      onCall: true,
      roles: ['on_call_engineer', 'incident_commander', 'engineer'],
    });
    expect(body.people[3]).toMatchObject({ name: 'Dev Raman', onCall: false, slackUserId: 'W01DEVRAMN' });

    const contacts = await core.get<{ contacts: { role: string; person: Person }[] }>('/api/v1/escalation-contacts');
    expect(contacts.body.contacts.map((c) => [c.role, c.person.name])).toEqual([
      ['engineering_vp', 'Bruno Lindqvist'],
      ['cto', 'Dev Raman'],
      ['support_vp', 'Chiara Benedetti'],
      ['cso', 'Dev Raman'],
      ['pr', 'Chiara Benedetti'],
      ['ceo', 'Dev Raman'],
    ]);
    expect((await personEvents()).map((e) => e.type)).toEqual(Array(4).fill('person.registered'));
  });

  it('filters people by role and on-call', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const names = async (query: string) => (await core.get<{ people: Person[] }>(`/api/v1/people${query}`)).body.people.map((p) => p.name);
    expect(await names('?role=comms_lead&onCall=true')).toEqual(['Chiara Benedetti']);
    expect(await names('?role=support_lead')).toEqual(['Bruno Lindqvist', 'Chiara Benedetti']);
    expect(await names('?onCall=false')).toEqual(['Bruno Lindqvist', 'Dev Raman']);
    const bad = await core.get<Problem>('/api/v1/people?role=wizard');
    expect(bad.status).toBe(400);
    expect(bad.body.fields?.map((f) => f.field)).toEqual(['role']);
  });

  it('registers a person, refuses a second one with the same email, and names bad fields', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const created = await core.post<Person>('/api/v1/people', { name: 'Erin Zhou', email: 'Erin.Zhou@Example.com', phone: '+14155550199', roles: ['engineer'] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Erin Zhou',
      email: 'erin.zhou@example.com',
      phone: '+14155550199',
      slackUserId: null,
      onCall: false,
      roles: ['engineer'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await core.get<Person>(`/api/v1/people/${created.body.id}`)).body).toEqual(created.body);

    const duplicate = await core.post<Problem>('/api/v1/people', { name: 'Erin Again', email: 'ERIN.ZHOU@example.com' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      statusCode: 409,
      message: `a person with email erin.zhou@example.com already exists (id ${created.body.id})`,
      fields: [{ field: 'email', reason: 'already taken' }],
    });

    const badPhone = await core.post<Problem>('/api/v1/people', { name: 'Finn', email: 'finn@example.com', phone: '415-555-0123' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.fields).toEqual([{ field: 'phone', reason: 'must be E.164, e.g. +14155550123' }]);
    const bad = await core.post<Problem>('/api/v1/people', { name: '', email: 'nope', slackUserId: 'finn', roles: ['wizard'], team: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields!.map((f) => f.field).sort()).toEqual(['(body)', 'email', 'name', 'roles.0', 'slackUserId']);

    const missing = await core.get<Problem>('/api/v1/people/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('00000000-0000-4000-8000-000000000000');
    expect((await core.get('/api/v1/people/not-an-id')).status).toBe(400);
  });

  it('updates a person with a partial body, recording person.updated', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const erin = (await core.get<{ people: Person[] }>('/api/v1/people')).body.people.find((p) => p.name === 'Erin Zhou')!;
    const url = `${cluster.urls.core}/api/v1/people/${erin.id}`;
    const patched = await send<Person>('PATCH', url, ADMIN_TOKEN, { onCall: true, roles: ['engineer', 'on_call_engineer'], phone: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: erin.id, name: 'Erin Zhou', onCall: true, roles: ['engineer', 'on_call_engineer'], phone: null });
    expect((await personEvents()).filter((e) => e.email === 'erin.zhou@example.com').map((e) => e.type)).toEqual(['person.registered', 'person.updated']);

    const taken = await send<Problem>('PATCH', url, ADMIN_TOKEN, { email: 'ada.okafor@example.com' });
    expect(taken.status).toBe(409);
    expect(taken.body.fields).toEqual([{ field: 'email', reason: 'already taken' }]);
    const badPhone = await send<Problem>('PATCH', url, ADMIN_TOKEN, { phone: '12345' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.fields!.map((f) => f.field)).toEqual(['phone']);
    expect((await send('PATCH', `${cluster.urls.core}/api/v1/people/00000000-0000-4000-8000-000000000000`, ADMIN_TOKEN, { onCall: true })).status).toBe(404);
  });

  it('names escalation contacts, refusing unknown roles and people', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const erin = (await core.get<{ people: Person[] }>('/api/v1/people')).body.people.find((p) => p.name === 'Erin Zhou')!;
    const set = await send<{ role: string; person: Person }>('PUT', `${cluster.urls.core}/api/v1/escalation-contacts/cto`, ADMIN_TOKEN, { personId: erin.id });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ role: 'cto', person: { id: erin.id, name: 'Erin Zhou' } });
    const contacts = await core.get<{ contacts: { role: string; person: Person }[] }>('/api/v1/escalation-contacts');
    expect(contacts.body.contacts.find((c) => c.role === 'cto')?.person.id).toBe(erin.id);

    const unknownRole = await send<Problem>('PUT', `${cluster.urls.core}/api/v1/escalation-contacts/janitor`, ADMIN_TOKEN, { personId: erin.id });
    expect(unknownRole.status).toBe(400);
    expect(unknownRole.body.message).toBe('unknown escalation role "janitor"; allowed: engineering_vp, cto, support_vp, cso, pr, ceo');
    const unknownPerson = await send<Problem>('PUT', `${cluster.urls.core}/api/v1/escalation-contacts/ceo`, ADMIN_TOKEN, { personId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownPerson.status).toBe(400);
    expect(unknownPerson.body.fields).toEqual([{ field: 'personId', reason: 'no person with id 00000000-0000-4000-8000-000000000000' }]);
  });

  it("issues a person a token that carries the person's role: a viewer reads but cannot write", async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const dev = (await core.get<{ people: Person[] }>('/api/v1/people')).body.people.find((p) => p.name === 'Dev Raman')!;
    const issued = await core.post<{ token: string; tokenId: string; role: string; personId: string }>(`/api/v1/people/${dev.id}/tokens`, { role: 'viewer' });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ token: expect.stringMatching(/^srp_/), tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/), role: 'viewer', personId: dev.id });
    const stored = await sql.query(`SELECT role, label, person_id FROM core.api_tokens WHERE id = $1`, [issued.body.tokenId]);
    expect(stored.rows).toEqual([{ role: 'viewer', label: 'Dev Raman', person_id: dev.id }]);

    const viewer = api(cluster.urls.core, issued.body.token);
    expect((await viewer.get<{ people: Person[] }>('/api/v1/people')).body.people).toHaveLength(5);
    expect((await viewer.get(`/api/v1/people/${dev.id}`)).status).toBe(200);
    expect((await viewer.get('/api/v1/escalation-contacts')).status).toBe(200);
    const refused = await viewer.post<Problem>('/api/v1/people', { name: 'Gus', email: 'gus@example.com' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('role "viewer" may not do this');
    expect((await send('PATCH', `${cluster.urls.core}/api/v1/people/${dev.id}`, issued.body.token, { onCall: true })).status).toBe(403);
    expect((await viewer.post(`/api/v1/people/${dev.id}/tokens`, { role: 'admin' })).status).toBe(403);

    expect((await core.post<Problem>(`/api/v1/people/${dev.id}/tokens`, { role: 'overlord' })).status).toBe(400);
    expect((await core.post('/api/v1/people/00000000-0000-4000-8000-000000000000/tokens', { role: 'viewer' })).status).toBe(404);
  });

  it('loads the same roster again on restart without changing anything or recording events', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const before = (await core.get<{ people: Person[] }>('/api/v1/people')).body.people;
    const eventsBefore = await personEvents();
    // Dev was made the CTO contact by the file, then Erin through the API: a restart names Dev again.
    const restarted = await cluster.spawn('incident-core');
    const again = api(restarted.url, ADMIN_TOKEN);
    expect((await again.get<{ people: Person[] }>('/api/v1/people')).body.people).toEqual(before);
    expect(await personEvents()).toEqual(eventsBefore);
    const contacts = await again.get<{ contacts: { role: string; person: Person }[] }>('/api/v1/escalation-contacts');
    expect(contacts.body.contacts.find((c) => c.role === 'cto')?.person.name).toBe('Dev Raman');
    await restarted.process.stop();
  });
});
