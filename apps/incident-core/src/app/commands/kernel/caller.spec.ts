import { callerForPerson, callerFromToken, tokenRolesForPerson } from './caller';

describe('the rights of a person acting without a token', () => {
  it('makes every roster person a responder, and a roster comms lead also a comms_lead', () => {
    expect(tokenRolesForPerson({ roles: ['engineer', 'on_call_engineer'] })).toEqual(['responder']);
    expect(tokenRolesForPerson({ roles: ['comms_lead'] })).toEqual(['responder', 'comms_lead']);
  });

  it('makes a person without any roster role only a viewer', () => {
    expect(tokenRolesForPerson({ roles: [] })).toEqual(['viewer']);
  });

  it('never gives admin or automation, whatever the roster says', () => {
    const roles = tokenRolesForPerson({ roles: ['executive', 'incident_commander', 'admin', 'automation'] });
    expect(roles).not.toContain('admin');
    expect(roles).not.toContain('automation');
    expect(roles).toEqual(['responder']);
  });

  it('acts as the person, by name, so the timeline shows who did it', () => {
    const caller = callerForPerson({ id: 'p-1', name: 'Alice Okoro', roles: ['incident_commander'] }, 'slack');
    expect(caller.principal).toMatchObject({ personId: 'p-1', label: 'Alice Okoro', role: 'responder' });
    expect(caller.tokenRoles).toEqual(['responder']);
  });

  it('gives an API token exactly its one role', () => {
    expect(callerFromToken({ tokenId: 't', role: 'viewer', personId: null, label: 'ro' }).tokenRoles).toEqual(['viewer']);
  });
});
