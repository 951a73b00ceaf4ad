import { refuseRoleAssignment, refuseSponsor } from './role-assignment';

const alice = { personId: 'alice', name: 'Alice Okoro' };
const bob = { personId: 'bob', name: 'Bob Stone' };
const eve = { personId: 'eve', name: 'Eve Marsh' };
const responder = (personId: string | null) => ({ role: 'responder' as const, personId });
const admin = { role: 'admin' as const, personId: null };

describe('who may assign an incident role', () => {
  it('lets anyone name the first commander, and only the commander (or an admin) hand command over', () => {
    expect(refuseRoleAssignment(responder('eve'), {}, 'commander')).toBeNull();
    expect(refuseRoleAssignment(responder('alice'), { commander: alice }, 'commander')).toBeNull();
    expect(refuseRoleAssignment(admin, { commander: alice }, 'commander')).toBeNull();
    expect(refuseRoleAssignment(responder('eve'), { commander: alice }, 'commander')).toBe('only the incident commander (Alice Okoro) or an admin may hand over command');
  });

  it('lets the commander assign the leads and the sponsor, and refuses anyone else by name', () => {
    for (const role of ['engineering_lead', 'support_lead', 'comms_lead', 'executive_sponsor'] as const) {
      expect(refuseRoleAssignment(responder('alice'), { commander: alice }, role)).toBeNull();
      expect(refuseRoleAssignment(admin, {}, role)).toBeNull();
      expect(refuseRoleAssignment(responder('eve'), { commander: alice }, role)).toMatch(/^only the incident commander \(Alice Okoro\) or an admin may assign the /);
    }
    expect(refuseRoleAssignment(responder('eve'), { commander: alice, executive_sponsor: bob }, 'executive_sponsor')).toBe(
      'only the incident commander (Alice Okoro), the executive sponsor (Bob Stone) handing over their own role, or an admin may assign the executive sponsor',
    );
  });

  it('lets a holder hand over their own role, but not seize another one', () => {
    expect(refuseRoleAssignment(responder('bob'), { commander: alice, comms_lead: bob }, 'comms_lead')).toBeNull();
    expect(refuseRoleAssignment(responder('bob'), { commander: alice, comms_lead: bob }, 'executive_sponsor')).not.toBeNull();
    expect(refuseRoleAssignment(responder('eve'), { commander: alice, executive_sponsor: eve }, 'commander')).not.toBeNull();
  });

  it('refuses a token that belongs to no person', () => {
    expect(refuseRoleAssignment(responder(null), {}, 'comms_lead')).toBe('only the incident commander (none assigned) or an admin may assign the communications lead');
  });

  it('lets only a roster executive be the sponsor', () => {
    expect(refuseSponsor({ name: 'Carol Diaz', roles: ['executive'] })).toBeNull();
    expect(refuseSponsor({ name: 'Eve Marsh', roles: ['engineer'] })).toBe('Eve Marsh is not an executive (roster role "executive") and cannot be the executive sponsor');
  });
});
