/** Facts about the company that incident command needs beyond the policy's clocks. */
export interface IncidentSettings {
  /** Support tickets per hour on a normal day: the baseline of the ticket-volume escalation. */
  normalTicketsPerHour: number;
  /** Size of the customer base, for "customers affected: X (Y% of total)". */
  customerBaseTotal: number | null;
}

export const INCIDENT_SETTINGS = Symbol('IncidentSettings');
