import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '@sitrep/testing';
import { EmbeddedPorts, embeddedPorts, embeddedReady, startEmbedded } from '../support/embedded';

/**
 * The status page's subscribe form, as visitors behind a load balancer use it: the balancer (this test, on
 * loopback, a trusted proxy by default) names each visitor in X-Forwarded-For, the status page forwards
 * that address to comms, and comms limits each visitor on their own.
 */
describe('subscribing through the status page: limits per visitor', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-subscribe-limits-'));
  const perVisitor = 4;
  let sitrep: ServiceProcess;
  let ports: EmbeddedPorts;

  beforeAll(async () => {
    ports = await embeddedPorts();
    sitrep = startEmbedded(dataDir, ports, { SUBSCRIBE_PER_IP_PER_HOUR: String(perVisitor) });
    await embeddedReady(sitrep, ports, 200_000);
  }, 240_000);

  afterAll(async () => {
    await sitrep?.stop('SIGKILL');
  });

  const subscribe = (visitor: string, email: string) =>
    fetch(`http://127.0.0.1:${ports.statusPage}/subscriptions/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': visitor },
      body: new URLSearchParams({ email }).toString(),
      redirect: 'manual',
    });

  it('lets 25 different visitors subscribe, more than one visitor’s limit together', async () => {
    for (let i = 1; i <= 25; i++) {
      const reply = await subscribe(`203.0.113.${i}`, `visitor${i}@example.com`);
      expect({ visitor: i, status: reply.status }).toEqual({ visitor: i, status: 202 });
    }
  });

  it('answers one visitor over its limit with 429 and a standard Retry-After, and nobody else', async () => {
    for (let i = 1; i <= perVisitor; i++) expect((await subscribe('198.51.100.7', `eager${i}@example.com`)).status).toBe(202);
    const refused = await subscribe('198.51.100.7', 'eager-again@example.com');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await refused.text()).toContain('Too many requests');
    expect((await subscribe('198.51.100.8', 'neighbour@example.com')).status).toBe(202);
  });
});
