import { callerForPerson, callerFromToken } from './console-caller';
import { consoleRights } from './console-commands';

const CLEO = { id: '00000000-0000-4000-8000-000000000001', name: 'Cleo Commander', roles: ['incident_commander'] };
const ERIN = { id: '00000000-0000-4000-8000-000000000002', name: 'Erin Engineer', roles: ['engineer'] };
const SAM = { id: '00000000-0000-4000-8000-000000000003', name: 'Sam Sponsor', roles: ['executive'] };
const PAT = { id: '00000000-0000-4000-8000-000000000004', name: 'Pat Passer-by', roles: ['engineer'] };
const holders = {
  commander: { personId: CLEO.id, name: CLEO.name },
  engineering_lead: { personId: ERIN.id, name: ERIN.name },
  executive_sponsor: { personId: SAM.id, name: SAM.name },
};

describe('what the console offers a person on an incident', () => {
  it('gives the commander every hand-over and the commander-only commands', () => {
    const rights = consoleRights(callerForPerson(CLEO), holders, 'incident');
    expect(rights.assignableRoles).toEqual(['commander', 'engineering_lead', 'support_lead', 'comms_lead', 'executive_sponsor']);
    expect([...rights.commands]).toEqual(expect.arrayContaining(['assign_role', 'resolve', 'close', 'send_executive_update']));
    expect(rights.commands.has('authorise_compensation')).toBe(false);
  });

  it('lets a role holder hand over their own role, and only that one', () => {
    const rights = consoleRights(callerForPerson(ERIN), holders, 'incident');
    expect(rights.assignableRoles).toEqual(['engineering_lead']);
    expect(rights.commands.has('assign_role')).toBe(true);
    expect(rights.commands.has('reopen')).toBe(true);
    expect(rights.commands.has('resolve')).toBe(false);
  });

  it('offers no hand-over to a responder who holds no role, except command of an incident without a commander', () => {
    expect(consoleRights(callerForPerson(PAT), holders, 'incident').assignableRoles).toEqual([]);
    expect(consoleRights(callerForPerson(PAT), holders, 'incident').commands.has('assign_role')).toBe(false);
    expect(consoleRights(callerForPerson(PAT), {}, 'incident').assignableRoles).toEqual(['commander']);
  });

  it('keeps compensation to the sponsor, even against an admin token', () => {
    expect(consoleRights(callerForPerson(SAM), holders, 'incident').commands.has('authorise_compensation')).toBe(true);
    const admin = consoleRights(callerFromToken({ tokenId: 't1', role: 'admin', personId: null, label: 'admin' }), holders, 'incident');
    expect(admin.commands.has('authorise_compensation')).toBe(false);
    expect(admin.commands.has('close')).toBe(true);
  });

  it('offers declaring (by hand or from alerts) only outside an incident, and never the page acknowledgement', () => {
    const outside = consoleRights(callerForPerson(PAT), {}, 'new');
    expect([...outside.commands]).toEqual(['declare', 'declare_from_alerts']);
    expect(consoleRights(callerForPerson(CLEO), holders, 'incident').commands.has('acknowledge_page')).toBe(false);
  });

  it('offers a viewer nothing', () => {
    const viewer = callerForPerson({ id: PAT.id, name: PAT.name, roles: [] });
    expect(consoleRights(viewer, holders, 'incident').commands.size).toBe(0);
    expect(consoleRights(viewer, {}, 'new').commands.size).toBe(0);
  });
});
