import { decideSignIn } from './person-sign-in';

const identity = (over: Partial<{ email: string; name: string | null }> = {}) => ({ subject: 's1', email: 'ada@example.com', name: 'Ada', ...over });

describe('who a single sign-on identity is on the roster', () => {
  it('maps a verified email to the roster person', () => {
    expect(decideSignIn(identity(), { id: 'p1' }, false)).toEqual({ kind: 'person', personId: 'p1' });
  });

  it('refuses someone not on the roster unless auto-provisioning is on', () => {
    expect(decideSignIn(identity(), null, false)).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/not on Sitrep's roster/) });
    expect(decideSignIn(identity(), null, true)).toEqual({ kind: 'provision', name: 'Ada', email: 'ada@example.com' });
    expect(decideSignIn(identity({ name: null }), null, true)).toEqual({ kind: 'provision', name: 'ada', email: 'ada@example.com' });
  });
});
