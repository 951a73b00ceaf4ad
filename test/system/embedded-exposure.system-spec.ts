import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '@sitrep/testing';
import { SmtpSink, TwilioFake } from '@sitrep/vendor-fakes';
import { EmbeddedPorts, embeddedPorts, embeddedReady, startEmbedded } from '../support/embedded';

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ host, port });
    socket.setTimeout(3_000);
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
    socket.once('timeout', () => {
      socket.destroy();
      ok(false);
    });
  });
}

/**
 * npm start as it ships: private to this machine unless told otherwise, fakes with credentials of their own,
 * and no dev inbox once a real channel (here email, to an SMTP server the launcher did not start) is configured.
 */
describe('embedded mode: what it exposes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-exposure-'));
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
  const realSmtp = new SmtpSink();
  let sitrep: ServiceProcess;
  let ports: EmbeddedPorts;

  beforeAll(async () => {
    await realSmtp.start();
    ports = await embeddedPorts();
    sitrep = startEmbedded(dataDir, ports, { HOST: '', SMTP_URL: realSmtp.url, SMTP_FROM: 'Status <status@example.com>' });
    await embeddedReady(sitrep, ports, 200_000);
  }, 240_000);

  afterAll(async () => {
    await sitrep?.stop('SIGKILL');
    await realSmtp.stop();
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(external).toBeDefined();
    for (const port of Object.values(ports)) {
      expect(await accepts('127.0.0.1', port)).toBe(true);
      expect(await accepts(external!, port)).toBe(false);
    }
  });

  it('serves no dev inbox while a real channel is configured, and says so', async () => {
    for (const path of ['/dev/inbox', '/dev/inbox.json']) {
      expect((await fetch(`http://127.0.0.1:${ports.comms}${path}`)).status).toBe(404);
    }
    expect(sitrep.output).not.toContain('dev inbox      ');
    expect(sitrep.output).toContain('real channels configured (email): no dev inbox');
  });

  it('gives the bundled Twilio fake an auth token of this data folder, so a STOP signed with the old published one is refused', async () => {
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(file, 'utf8')) as { twilio: { accountSid: string; authToken: string } };
    expect(secrets.twilio.authToken).toMatch(/^[0-9a-f]{32}$/);
    const inbound = `http://127.0.0.1:${ports.comms}/api/v1/webhooks/twilio/inbound`;
    const stop = { From: '+14155550100', To: '+15005550006', Body: 'STOP' };
    const forger = new TwilioFake({ accountSid: `AC${'0'.repeat(30)}01`, authToken: 'fake-twilio-auth-token' });
    expect(await forger.sendInbound(inbound, stop)).toBe(403);
    // The data folder's own token is what the bundled fake signs with, and comms accepts it.
    const bundled = new TwilioFake(secrets.twilio);
    expect(await bundled.sendInbound(inbound, stop)).toBe(200);
  });
});
