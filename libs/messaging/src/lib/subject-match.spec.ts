import { subjectMatches } from './subject-match';
import { retryDelay } from './event-consumer';

describe('subjectMatches', () => {
  it.each([
    ['events.>', 'events.incident.declared', true],
    ['events.incident.>', 'events.incident.declared', true],
    ['events.incident.>', 'events.component.created', false],
    ['events.*.created', 'events.component.created', true],
    ['events.*', 'events.component.created', false],
    ['events.>', 'events', false],
    ['dlq.>', 'events.incident.declared', false],
  ])('%s against %s is %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });
});

describe('retryDelay', () => {
  it('backs off per delivery and repeats the last step', () => {
    const policy = { maxDeliveries: 9, backoffMs: [100, 1000, 5000] };
    expect([1, 2, 3, 4, 8].map((n) => retryDelay(policy, n))).toEqual([100, 1000, 5000, 5000, 5000]);
  });
});
