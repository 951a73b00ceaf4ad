import { Slots } from './slots';

describe('Slots', () => {
  it('lets at most its size hold a slot at once, the others in the order they asked', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const holders = ['a', 'b', 'c', 'd'].map(async (name) => {
      await slots.acquire();
      order.push(`${name} in`);
      await new Promise((ok) => setImmediate(ok));
      order.push(`${name} out`);
      slots.release();
    });
    await Promise.all(holders);
    expect(order.slice(0, 2)).toEqual(['a in', 'b in']);
    // Nobody got in while two were inside.
    let inside = 0;
    for (const step of order) {
      inside += step.endsWith('in') ? 1 : -1;
      expect(inside).toBeLessThanOrEqual(2);
    }
    expect(order.filter((s) => s.endsWith('in'))).toEqual(['a in', 'b in', 'c in', 'd in']);
  });
});
