import { FormClient } from '../../testing/form-client';
import { InProcessCore, TEST_ADMIN_TOKEN } from '../../testing/in-process-core';

/** A one-alert Alertmanager v4 notification. */
function notification(name: string, service: string, status: 'firing' | 'resolved' = 'firing') {
  return {
    version: '4',
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
    status,
    receiver: 'sitrep',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.test:9093',
    alerts: [
      {
        status,
        labels: { alertname: name, service, severity: 'warning' },
        annotations: {},
        startsAt: '2026-11-30T12:00:00Z',
        endsAt: status === 'resolved' ? '2026-11-30T12:05:00Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example.test/graph',
        fingerprint: `${name}-${service}`,
      },
    ],
  };
}

describe('alerts in the console (issue 13)', () => {
  const core = new InProcessCore(new Date('2026-11-30T12:00:00Z'));
  let commander: { id: string; token: string };
  let bystander: { id: string; token: string };
  let amToken = '';
  const components: Record<string, string> = {};
  const send = (name: string, service: string, status: 'firing' | 'resolved' = 'firing') => core.call<Record<string, unknown>>('POST', '/api/v1/integrations/alertmanager', amToken, notification(name, service, status));

  beforeAll(async () => {
    await core.setUp();
    commander = await core.person('Cleo Commander', ['incident_commander'], 'responder', true);
    bystander = await core.person('Bo Bystander', ['engineer'], 'responder');
    Object.assign(components, await core.components('Checkout API', 'Email'));
    const created = await core.alertmanager('Prometheus prod', { checkout: components['Checkout API'], mail: components['Email'] });
    amToken = created.body.token;
  });
  afterAll(() => core.tearDown());

  it('lists alerts waiting for a person and declares from them with the API\'s command: the incident on their components, the alerts linked to it', async () => {
    expect((await send('CheckoutSlow', 'checkout')).body).toMatchObject({ declared: null, linked: 0 });
    const [waiting] = (await core.call<{ alerts: { id: string; name: string }[] }>('GET', '/api/v1/alerts?unlinked=true&status=firing', TEST_ADMIN_TOKEN)).body.alerts;
    const browser = new FormClient(core.url);
    const csrf = await browser.signInWithToken(commander.token);
    const list = await browser.get('/console');
    expect(list.html).toContain('Alerts waiting for a person');
    expect(list.html).toMatch(new RegExp(`<tr data-alert="${waiting.id}"><td><label class="inline"><input type="checkbox" name="alert" value="${waiting.id}" checked> CheckoutSlow</label></td><td>Checkout API</td>`));

    const form = await browser.get(`/console?alert=${waiting.id}`);
    expect(form.html).toContain('Declare an incident from 1 alert');
    expect(form.html).toContain('value="CheckoutSlow"');
    expect(form.html).toContain(`<input type="hidden" name="alertIds" value="${waiting.id}">`);
    expect(form.html).toMatch(/Components affected \(the alerts'\):<\/strong> Checkout API</);
    expect(form.html).not.toContain('name="componentIds"');

    const declared = await browser.post('/console/incidents', { csrf, alertIds: waiting.id, title: 'CheckoutSlow', severity: 'P3', summary: 'Declared from 1 alert(s): CheckoutSlow', commanderId: '' });
    expect(declared.status).toBe(303);
    const incidentId = declared.location!.split('/').pop()!;
    expect((await browser.get(declared.location!)).html).toMatch(/P3 INC-\d+ declared from 1 alert\./);
    const [linked] = (await core.call<{ alerts: { id: string; incidentId: string }[] }>('GET', `/api/v1/incidents/${incidentId}/alerts`, TEST_ADMIN_TOKEN)).body.alerts;
    expect(linked).toMatchObject({ id: waiting.id, incidentId });
    expect((await core.call<{ componentIds: string[] }>('GET', `/api/v1/incidents/${incidentId}`, TEST_ADMIN_TOKEN)).body.componentIds).toEqual([components['Checkout API']]);
    expect((await browser.get('/console')).html).not.toContain(`data-alert="${waiting.id}"`);

    // The same alert again: refused as the API refuses it, and nothing declared.
    const again = await browser.post('/console/incidents', { csrf, alertIds: waiting.id, title: 'Twice', severity: 'P3' });
    expect(again.location).toBe('/console');
    const page = await browser.get('/console');
    expect(page.html).toMatch(/already on an incident/);
    expect(page.html).not.toContain('Twice');
  });

  it('does not offer declaring to a viewer', async () => {
    await send('MailSlow', 'mail');
    const viewer = await core.person('Vic Viewer', [], 'viewer');
    const browser = new FormClient(core.url);
    await browser.signInWithToken(viewer.token);
    expect((await browser.get('/console')).html).not.toContain('Alerts waiting for a person');
    await send('MailSlow', 'mail', 'resolved');
  });

  it('offers the commander Reopen when an alert flags a possible recurrence during the recovery watch', async () => {
    const incident = await core.call<{ id: string }>('POST', '/api/v1/incidents', commander.token, { title: 'Email down', severity: 'P2', componentIds: [components['Email']], commanderId: commander.id });
    const id = incident.body.id;
    expect((await send('MailQueue', 'mail')).body).toMatchObject({ linked: 1 });
    expect((await core.call('POST', `/api/v1/incidents/${id}/fix-deployed`, commander.token, { deployRef: 'mail-42' })).status).toBe(200);
    expect((await core.call('POST', `/api/v1/incidents/${id}/verifications`, commander.token, { passed: true })).status).toBe(200);
    await send('MailQueue', 'mail', 'resolved');
    core.clock.advance(15 * 60_000 + 1);
    expect((await core.call('POST', `/api/v1/incidents/${id}/resolve`, commander.token)).status).toBe(200);

    const browser = new FormClient(core.url);
    const csrf = await browser.signInWithToken(commander.token);
    expect((await browser.get(`/console/incidents/${id}`)).html).not.toContain('Possible recurrence');

    core.clock.advance(60_000);
    expect((await send('MailQueue', 'mail')).body).toMatchObject({ signals: [{ incidentId: id, healthy: false, possibleRecurrence: true }] });
    const page = await browser.get(`/console/incidents/${id}`);
    expect(page.html).toContain('<h2 id="recurrence-heading">Possible recurrence</h2>');
    expect(page.html).toContain('Reopen the incident');

    const other = new FormClient(core.url);
    await other.signInWithToken(bystander.token);
    const theirs = await other.get(`/console/incidents/${id}`);
    expect(theirs.html).toContain('Possible recurrence');
    expect(theirs.html).not.toContain('Reopen the incident');

    const reason = /name="reason" value="([^"]+)"/.exec(page.html)![1].replace(/&quot;/g, '"');
    expect(reason).toMatch(/^Possible recurrence: alertmanager "Prometheus prod" reports unhealthy/);
    const reopened = await browser.post(`/console/incidents/${id}/commands/reopen`, { csrf, reason });
    expect(reopened.status).toBe(303);
    const after = await browser.get(`/console/incidents/${id}`);
    expect(after.html).toMatch(/Done: reopen/);
    expect(after.html).toMatch(/id="incident-status">investigating</);
    expect(after.html).not.toContain('Reopen the incident');
  });
});
