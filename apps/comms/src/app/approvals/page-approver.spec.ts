import type { RosterPersonSummary } from '@sitrep/contracts';
import { approverFor } from './page-approver';

const person = (rights: RosterPersonSummary['rights']): RosterPersonSummary => ({
  id: '00000000-0000-4000-8000-000000000007',
  name: 'Chris Comms',
  email: 'chris@example.test',
  slackUserId: null,
  roles: rights.includes('comms_lead') ? ['comms_lead'] : ['engineer'],
  rights,
});

describe('who may use the approval page after single sign-on', () => {
  it('lets in a person incident-core gives comms_lead rights, acting as a comms_lead of their own', () => {
    expect(approverFor('chris@example.test', person(['responder', 'comms_lead']))).toEqual({
      kind: 'approver',
      principal: { tokenId: 'person:00000000-0000-4000-8000-000000000007:approvals', role: 'comms_lead', personId: '00000000-0000-4000-8000-000000000007', label: 'Chris Comms' },
    });
  });

  it('refuses a responder who is not a communications lead, saying why', () => {
    expect(approverFor('chris@example.test', person(['responder']))).toEqual({ kind: 'refuse', reason: expect.stringMatching(/^Chris Comms is not a communications lead on the roster.*your rights: responder/) });
  });

  it('refuses someone not on the roster', () => {
    expect(approverFor('mallory@example.test', null)).toEqual({ kind: 'refuse', reason: "mallory@example.test is not on Sitrep's roster. Ask an admin to add you." });
  });
});
