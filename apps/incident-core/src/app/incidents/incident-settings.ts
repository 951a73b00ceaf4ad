/** Facts about the company that incident command needs beyond the policy's clocks. */
export interface IncidentSettings {
  /** Support tickets per hour on a normal day: the baseline of the ticket-volume escalation. */
  normalTicketsPerHour: number;
  /** Size of the customer base, for "customers affected: X (Y% of total)". */
  customerBaseTotal: number | null;
  /** The largest compensation one authorisation may grant, in the currency's units (default 100,000). */
  compensationCeiling?: number;
}

export const INCIDENT_SETTINGS = Symbol('IncidentSettings');
