import type { ComponentStatus } from '@sitrep/contracts';

export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

/** Statuspage's banner texts for each indicator. */
export const INDICATOR_DESCRIPTIONS: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

const RANK: Record<ComponentStatus, { rank: number; indicator: Indicator }> = {
  operational: { rank: 0, indicator: 'none' },
  under_maintenance: { rank: 1, indicator: 'maintenance' },
  degraded_performance: { rank: 2, indicator: 'minor' },
  partial_outage: { rank: 3, indicator: 'major' },
  major_outage: { rank: 4, indicator: 'critical' },
};

const INDICATOR_RANK: Record<Indicator, number> = { none: 0, maintenance: 1, minor: 2, major: 3, critical: 4 };

/** The banner the components alone call for: the worst component status decides it; an outage outranks maintenance. */
export function componentIndicator(statuses: readonly ComponentStatus[]): Indicator {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) if (RANK[status].rank > RANK[worst].rank) worst = status;
  return RANK[worst].indicator;
}

/** The worst of several indicators (components, unresolved incidents' impact, maintenance in progress). */
export function worstIndicator(indicators: readonly Indicator[]): Indicator {
  return indicators.reduce<Indicator>((worst, i) => (INDICATOR_RANK[i] > INDICATOR_RANK[worst] ? i : worst), 'none');
}
