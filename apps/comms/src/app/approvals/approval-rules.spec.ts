import { routeRoleRefusal } from '@sitrep/auth';
import { DECIDER_ROLES, DRAFTER_ROLES, alreadyDecided, decisionRefusal } from './approval-rules';

const LEAD = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

describe('who may approve or reject', () => {
  it('lets only comms_lead tokens (and admins) reach the decision routes, in the words of the API guard', () => {
    expect(routeRoleRefusal('comms_lead', DECIDER_ROLES)).toBeNull();
    expect(routeRoleRefusal('admin', DECIDER_ROLES)).toBeNull();
    expect(routeRoleRefusal('responder', DECIDER_ROLES)).toBe('role "responder" may not do this; allowed: admin, comms_lead');
    expect(routeRoleRefusal('viewer', DRAFTER_ROLES)).toBe('role "viewer" may not do this; allowed: admin, comms_lead, responder');
  });

  it('lets an admin decide on any incident', () => {
    expect(decisionRefusal({ role: 'admin', personId: OTHER }, { commsLeadId: LEAD })).toBeNull();
  });

  it('lets only the assigned comms lead decide, naming them', () => {
    expect(decisionRefusal({ role: 'comms_lead', personId: LEAD }, { commsLeadId: LEAD })).toBeNull();
    expect(decisionRefusal({ role: 'comms_lead', personId: OTHER }, { commsLeadId: LEAD }, 'Carol Comms')).toBe(
      "only this incident's communications lead (Carol Comms) or an admin may approve or reject its communications",
    );
  });

  it('refuses a comms_lead token that belongs to no person once the incident has a named comms lead (issue 10)', () => {
    expect(decisionRefusal({ role: 'comms_lead', personId: null }, { commsLeadId: LEAD }, 'Carol Comms')).toBe(
      "only this incident's communications lead (Carol Comms) or an admin may approve or reject its communications",
    );
  });

  it('lets any comms_lead token decide while no comms lead is assigned', () => {
    expect(decisionRefusal({ role: 'comms_lead', personId: OTHER }, { commsLeadId: null })).toBeNull();
    expect(decisionRefusal({ role: 'comms_lead', personId: null }, { commsLeadId: null })).toBeNull();
  });

  it('refuses other roles', () => {
    expect(decisionRefusal({ role: 'responder', personId: LEAD }, { commsLeadId: LEAD })).toMatch(/role "responder" may not/);
    expect(decisionRefusal({ role: 'viewer', personId: null }, null)).toMatch(/role "viewer" may not/);
  });

  it('says when and by whom a draft was already decided', () => {
    const decidedAt = new Date('2026-11-26T10:20:00Z');
    expect(alreadyDecided({ id: 'c1', state: 'approved', decidedAt, decidedBy: { kind: 'person', id: LEAD, name: 'Carol' }, rejectionReason: null, publishedAt: decidedAt })).toBe(
      'communication c1 is not pending: it was already approved and published at 2026-11-26T10:20:00.000Z by Carol',
    );
    expect(alreadyDecided({ id: 'c2', state: 'rejected', decidedAt, decidedBy: { kind: 'system', id: 'comms' }, rejectionReason: 'superseded: the incident was resolved', publishedAt: null })).toBe(
      'communication c2 is not pending: it was rejected at 2026-11-26T10:20:00.000Z by comms: superseded: the incident was resolved',
    );
  });
});
