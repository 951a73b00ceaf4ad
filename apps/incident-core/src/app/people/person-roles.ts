/** What a person does; used to pick who to page, assign or brief. A fixed list: change it with care. */
export const PERSON_ROLES = ['on_call_engineer', 'incident_commander', 'engineer', 'support_lead', 'comms_lead', 'executive'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export function isPersonRole(value: string): value is PersonRole {
  return (PERSON_ROLES as readonly string[]).includes(value);
}
