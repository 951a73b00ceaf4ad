/**
 * The seed's "ticket volume > 5× normal": the observed rate against the configured normal rate.
 * Plain arithmetic, kept here so the threshold has one definition.
 */
export function ticketVolumeMultiple(count: number, windowMinutes: number, normalPerHour: number): number {
  const perHour = (count / windowMinutes) * 60;
  return normalPerHour > 0 ? perHour / normalPerHour : Number.POSITIVE_INFINITY;
}

export function exceedsTicketThreshold(count: number, windowMinutes: number, normalPerHour: number, multiple: number): boolean {
  return ticketVolumeMultiple(count, windowMinutes, normalPerHour) > multiple;
}
