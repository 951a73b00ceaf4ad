import { createPersonBody, issueTokenBody, listPeopleQuery, updatePersonBody } from './people.schemas';
import { PERSON_ROLES } from './person-roles';

const fieldsOf = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);

describe('people schemas', () => {
  const ada = { name: 'Ada Okafor', email: 'ada@example.com' };

  it('accepts a person with only a name and an email, trimming and lower-casing the email', () => {
    expect(createPersonBody.parse({ name: '  Ada Okafor ', email: ' Ada.Okafor@Example.COM ' })).toEqual({ name: 'Ada Okafor', email: 'ada.okafor@example.com' });
  });

  it('takes every field, each role once', () => {
    const body = { ...ada, phone: '+14155550123', slackUserId: 'U024BE7LH', onCall: true, roles: ['comms_lead', 'executive', 'comms_lead'] };
    expect(createPersonBody.parse(body)).toEqual({ ...body, roles: ['comms_lead', 'executive'] });
  });

  it('wants phone numbers in E.164', () => {
    for (const phone of ['+14155550123', '+442079460102', '+12']) expect(createPersonBody.safeParse({ ...ada, phone }).success).toBe(true);
    for (const phone of ['4155550123', '+04155550123', '+1 415 555 0123', '+1415555012345678', '+', '+1']) {
      const result = createPersonBody.safeParse({ ...ada, phone });
      expect(fieldsOf(result)).toEqual([['phone', 'must be E.164, e.g. +14155550123']]);
    }
  });

  it('wants Slack member ids (U… or W…, upper case)', () => {
    for (const slackUserId of ['U024BE7LH', 'W01DEVRAMN', 'U12']) expect(createPersonBody.safeParse({ ...ada, slackUserId }).success).toBe(true);
    for (const slackUserId of ['u024be7lh', 'C024BE7LH', 'U1', '@ada', 'U02-4BE']) {
      expect(fieldsOf(createPersonBody.safeParse({ ...ada, slackUserId }))).toEqual([['slackUserId', expect.stringContaining('Slack user id')]]);
    }
  });

  it('knows the person roles and names the allowed ones for an unknown role', () => {
    expect(PERSON_ROLES).toEqual(['on_call_engineer', 'incident_commander', 'engineer', 'support_lead', 'comms_lead', 'executive']);
    const result = createPersonBody.safeParse({ ...ada, roles: ['engineer', 'wizard'] });
    expect(fieldsOf(result)).toEqual([['roles.1', expect.stringMatching(/on_call_engineer.*executive.*received 'wizard'/)]]);
  });

  it('is strict: unknown fields are refused, and every bad field is named', () => {
    const unknown = createPersonBody.safeParse({ ...ada, team: 'payments' });
    expect(fieldsOf(unknown)).toEqual([['', expect.stringContaining("'team'")]]);
    const bad = createPersonBody.safeParse({ name: '', email: 'not-an-email', onCall: 'yes' });
    expect(fieldsOf(bad).map(([field]) => field).sort()).toEqual(['email', 'name', 'onCall']);
    expect(createPersonBody.safeParse({ ...ada, name: 'x'.repeat(121) }).success).toBe(false);
  });

  it('updates take any of the fields, null to clear phone or Slack id, and not nothing', () => {
    expect(updatePersonBody.parse({ onCall: true })).toEqual({ onCall: true });
    expect(updatePersonBody.parse({ phone: null, slackUserId: null })).toEqual({ phone: null, slackUserId: null });
    expect(fieldsOf(updatePersonBody.safeParse({ phone: '555-0123' }))).toEqual([['phone', 'must be E.164, e.g. +14155550123']]);
    expect(fieldsOf(updatePersonBody.safeParse({}))).toEqual([['', 'give at least one field to change']]);
    expect(updatePersonBody.safeParse({ nickname: 'Ada' }).success).toBe(false);
  });

  it('filters the list by role and on-call', () => {
    expect(listPeopleQuery.parse({ role: 'comms_lead', onCall: 'true' })).toEqual({ role: 'comms_lead', onCall: true });
    expect(listPeopleQuery.parse({ onCall: 'false' })).toEqual({ onCall: false });
    expect(fieldsOf(listPeopleQuery.safeParse({ onCall: 'yes' }))).toEqual([['onCall', 'must be true or false']]);
    expect(listPeopleQuery.safeParse({ role: 'wizard' }).success).toBe(false);
  });

  it('issues tokens only for the auth roles', () => {
    expect(issueTokenBody.parse({ role: 'viewer' })).toEqual({ role: 'viewer' });
    expect(issueTokenBody.safeParse({ role: 'incident_commander' }).success).toBe(false);
  });
});
