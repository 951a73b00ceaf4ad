interface Named {
  id: string;
  name: string;
}

/** The seed: the incident commander "cannot be the person implementing the fix". Refusals name the person. */
export function refuseCommander(person: Named, implementerIds: readonly string[]): string | null {
  return implementerIds.includes(person.id) ? `${person.name} is implementing the fix and cannot be the incident commander` : null;
}

export function refuseImplementer(person: Named, commanderId: string | null): string | null {
  return commanderId === person.id ? `${person.name} is the incident commander and cannot implement the fix` : null;
}

/** Each role's responsibilities from the seed, shown on the incident as a checklist. */
export const ROLE_CHECKLISTS = {
  commander: [
    'Make final decisions',
    'Manage the communication cadence',
    'Track resolution progress',
    'Declare incident start and end',
    'Authorise escalation to executives',
    'Be the primary contact for external communications',
  ],
  engineering_lead: [
    'Lead the technical investigation',
    'Implement the fix or workaround',
    'Give technical status updates to the IC',
    'Manage engineering team assignments',
    'Validate the fix before deployment',
  ],
  support_lead: [
    'Manage inbound customer tickets',
    'Coordinate canned responses',
    'Flag critical customer situations (enterprise, VIP)',
    'Report ticket volume trends to the IC',
    'Manage SLA exceptions during the incident',
  ],
  comms_lead: [
    'Draft and send external updates',
    'Manage the status page',
    'Handle social media communications',
    'Prepare post-incident customer communication',
    'Coordinate with PR/legal if needed',
  ],
  executive_sponsor: [
    'Receive hourly updates',
    'Authorise compensation (credits, refunds)',
    'Contact enterprise customers personally if needed',
  ],
} as const;
