import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertmanagerPayload, fromGeneric, fromWebhook, genericPayload, grafanaPayload, labelFingerprint } from './payloads';
import { refuseSignature, sign } from './signature';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'alerts', name), 'utf8'));

describe('receiver payloads, in the shapes their documentation gives', () => {
  it("reads Alertmanager's webhook payload version 4", () => {
    const alerts = fromWebhook(alertmanagerPayload.parse(fixture('alertmanager-webhook-v4.json')));
    expect(alerts).toEqual([
      expect.objectContaining({ fingerprint: '1a30ba71cca2921f', status: 'firing', name: 'ProbeFailure', severity: 'critical', startsAt: new Date('2023-02-06T13:08:45.828Z'), endsAt: null }),
    ]);
  });

  it('refuses another payload version, naming the field', () => {
    const parsed = alertmanagerPayload.safeParse({ ...fixture('alertmanager-webhook-v4.json'), version: '3' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path).toEqual(['version']);
  });

  it("reads Grafana alerting's webhook contact point payload", () => {
    const alerts = fromWebhook(grafanaPayload.parse(fixture('grafana-webhook.json')));
    expect(alerts.map((a) => [a.fingerprint, a.name, a.status, a.labels.zone])).toEqual([
      ['c6eadffa33fcdf37', 'High memory usage', 'firing', 'us-1'],
      ['bc97ff14869b13e3', 'High CPU usage', 'firing', 'eu-1'],
    ]);
    expect(alerts[0].startsAt).toEqual(new Date('2021-10-12T07:51:03.157Z'));
  });

  it('reads the generic payload; without a fingerprint the label set is the identity', () => {
    const [alert] = fromGeneric(genericPayload.parse(fixture('generic-webhook.json')));
    expect(alert).toMatchObject({ fingerprint: 'checkout-error-rate', name: 'CheckoutErrorRate', severity: 'critical', labels: { alertname: 'CheckoutErrorRate', severity: 'critical', service: 'checkout' } });
    expect(labelFingerprint({ b: '2', a: '1' })).toBe(labelFingerprint({ a: '1', b: '2' }));
    expect(labelFingerprint({ a: '1' })).not.toBe(labelFingerprint({ a: '2' }));
  });
});

describe('the generic signature', () => {
  const body = Buffer.from('{"alerts":[]}');
  const now = new Date('2026-11-29T02:00:00Z');
  const ts = String(now.getTime() / 1000);
  const check = (over: Partial<Parameters<typeof refuseSignature>[0]>) => refuseSignature({ secret: 's3cret', timestamp: ts, signature: sign('s3cret', ts, body), body, now, maxAgeMs: 300_000, ...over });

  it('accepts a right, fresh signature', () => {
    expect(check({})).toBeNull();
  });

  it('refuses a wrong secret, a changed body and a missing header, naming the header', () => {
    expect(check({ signature: sign('other', ts, body) })?.field).toBe('x-sitrep-signature');
    expect(check({ body: Buffer.from('{"alerts":[1]}') })?.field).toBe('x-sitrep-signature');
    expect(check({ signature: undefined })?.field).toBe('x-sitrep-signature');
    expect(check({ timestamp: undefined })?.field).toBe('x-sitrep-timestamp');
  });

  it('refuses a stale timestamp even when the signature over it is right', () => {
    const old = String(now.getTime() / 1000 - 301);
    expect(check({ timestamp: old, signature: sign('s3cret', old, body) })).toEqual({ field: 'x-sitrep-timestamp', reason: 'is 301s away from now; at most 300s is accepted' });
  });
});
