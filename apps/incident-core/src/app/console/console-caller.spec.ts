import { callerForPerson, callerFromToken, holdsAny } from './console-caller';

describe('console rights', () => {
  it('gives a token session exactly the token role', () => {
    expect(callerFromToken({ tokenId: 't', role: 'viewer', personId: null, label: 'ro' }).tokenRoles).toEqual(['viewer']);
  });

  it('makes a roster person a responder, a roster comms lead also comms_lead, a person without roles a viewer', () => {
    expect(callerForPerson({ id: 'p', name: 'A', roles: ['incident_commander'] }).tokenRoles).toEqual(['responder']);
    expect(callerForPerson({ id: 'p', name: 'C', roles: ['comms_lead'] }).tokenRoles).toEqual(['responder', 'comms_lead']);
    expect(callerForPerson({ id: 'p', name: 'V', roles: [] }).tokenRoles).toEqual(['viewer']);
    expect(callerForPerson({ id: 'p', name: 'A', roles: ['executive'] }).principal).toMatchObject({ personId: 'p', label: 'A', role: 'responder' });
  });

  it('lets admin do everything and others only what a role allows', () => {
    expect(holdsAny(callerFromToken({ tokenId: 't', role: 'admin', personId: null, label: 'a' }), [])).toBe(true);
    expect(holdsAny(callerForPerson({ id: 'p', name: 'V', roles: [] }), ['responder'])).toBe(false);
  });
});
