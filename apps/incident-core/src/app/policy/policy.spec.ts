import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { durationSchema } from './duration';
import { loadPolicy, resolvePolicy } from './policy-file';

describe('policy', () => {
  it("has the seed's P1 clocks by default", () => {
    const p1 = resolvePolicy().severities.P1;
    expect(p1).toEqual({
      assessmentDue: 15 * 60_000,
      firstCustomerNoticeDue: 30 * 60_000,
      customerUpdateEvery: 30 * 60_000,
      executiveUpdateEvery: 60 * 60_000,
      stabilityWindow: 15 * 60_000,
      recoveryWatch: 2 * 3_600_000,
      postmortemDue: 48 * 3_600_000,
      escalateUnresolvedAfter: 2 * 3_600_000,
      escalationStep: 3_600_000,
    });
    expect(resolvePolicy().ticketVolumeEscalationMultiple).toBe(5);
  });

  it('lets a file override single keys, in seconds for tests and demos', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, 'severities:\n  P1:\n    assessmentDue: 2s\n    recoveryWatch: 90s\nticketVolumeEscalationMultiple: 3\n');
    const policy = loadPolicy(file);
    expect(policy.severities.P1.assessmentDue).toBe(2_000);
    expect(policy.severities.P1.recoveryWatch).toBe(90_000);
    expect(policy.severities.P1.postmortemDue).toBe(48 * 3_600_000);
    expect(policy.ticketVolumeEscalationMultiple).toBe(3);
  });

  it('names the key and the reason when a file is wrong', () => {
    expect(() => resolvePolicy({ severities: { P1: { assessmentDue: 'soon' } } })).toThrow(/severities\.P1\.assessmentDue: must be a positive duration/);
    expect(() => resolvePolicy({ severities: { P1: { coffeeBreak: '5m' } } })).toThrow(/Unrecognized key.*coffeeBreak/);
    expect(() => resolvePolicy({ severities: { P9: {} } })).toThrow(/P9/);
  });

  it('parses durations strictly', () => {
    expect(durationSchema.parse('90s')).toBe(90_000);
    expect(durationSchema.parse('48h')).toBe(172_800_000);
    expect(durationSchema.safeParse('0s').success).toBe(false);
    expect(durationSchema.safeParse('15').success).toBe(false);
    expect(durationSchema.safeParse('fifteen minutes').success).toBe(false);
  });
});
