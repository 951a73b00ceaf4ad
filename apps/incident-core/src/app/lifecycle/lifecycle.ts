import type { IncidentStatus } from '@sitrep/contracts';

/**
 * declared → investigating → identified → monitoring → resolved → recovery_watch → closed.
 * Responders move freely between the working states before the fix; "monitoring" is entered by
 * recording a deployed fix, "resolved" only through the resolve command (which checks verification),
 * and "closed" only through close.
 */
export const ACTIVE_STATUSES: readonly IncidentStatus[] = ['declared', 'investigating', 'identified', 'monitoring'];

const MANUAL_MOVES: Partial<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  declared: ['investigating', 'identified'],
  investigating: ['identified'],
  identified: ['investigating'],
  monitoring: ['investigating', 'identified'],
};

/** Why a status change is refused, or null when it is allowed. */
export function refuseStatusChange(from: IncidentStatus, to: IncidentStatus): string | null {
  if (from === to) return `the incident is already ${to}`;
  if (to === 'monitoring') return 'an incident enters monitoring when a fix is recorded as deployed (POST /fix-deployed with its deploy reference)';
  if (to === 'resolved' || to === 'recovery_watch') return 'an incident is resolved through POST /resolve, which checks the fix was verified and stable';
  if (to === 'closed') return 'an incident is closed through POST /close, after its recovery watch';
  if (!(MANUAL_MOVES[from] ?? []).includes(to)) return `cannot move from ${from} to ${to}`;
  return null;
}

export function refuseFixDeployed(status: IncidentStatus): string | null {
  return ACTIVE_STATUSES.includes(status) ? null : `a fix cannot be recorded on a ${status} incident`;
}

export interface ResolveCheck {
  status: IncidentStatus;
  fixDeployedAt: Date | null;
  verificationPassed: boolean;
  stableSince: Date | null;
  lastSignalHealthy: boolean | null;
  now: Date;
  stabilityWindowMs: number;
}

/** The seed's "fix deployed; verification tests run; monitoring confirms stability for 15 minutes". */
export function refuseResolve(c: ResolveCheck): string | null {
  if (c.status !== 'monitoring') return `only an incident in monitoring can be resolved (this one is ${c.status}); record the deployed fix first`;
  if (!c.fixDeployedAt) return 'no fix has been recorded as deployed';
  if (!c.verificationPassed) return 'no passing verification has been recorded for the deployed fix';
  if (!c.stableSince || c.lastSignalHealthy !== true) return 'monitoring has not reported the service healthy since the fix';
  const stableFor = c.now.getTime() - c.stableSince.getTime();
  if (stableFor < c.stabilityWindowMs) {
    const leftSeconds = Math.ceil((c.stabilityWindowMs - stableFor) / 1000);
    return `the service has been stable for ${Math.floor(stableFor / 1000)}s of the required ${Math.round(c.stabilityWindowMs / 1000)}s stability window (${leftSeconds}s to go)`;
  }
  return null;
}

export function refuseClose(status: IncidentStatus, recoveryWatchEndsAt: Date | null, now: Date): string | null {
  if (status !== 'recovery_watch') return `only an incident in its recovery watch can be closed (this one is ${status})`;
  if (recoveryWatchEndsAt && now < recoveryWatchEndsAt) return `the recovery watch runs until ${recoveryWatchEndsAt.toISOString()}`;
  return null;
}

/**
 * The status as the timeline tells it: declared, then each recorded change in order. The incidents
 * table keeps the same value for locking and filtering; both are written in one transaction.
 */
export function statusFromTimeline(lines: readonly { kind: string; detail?: unknown }[]): IncidentStatus {
  let status: IncidentStatus = 'declared';
  for (const line of lines) {
    const to = (line.detail as { to?: IncidentStatus } | null | undefined)?.to;
    if (line.kind === 'status_changed' && to) status = to;
  }
  return status;
}
