/**
 * The post-mortem review meeting: proposed in working hours, at least a day after resolution (time to
 * gather facts and write), and inside the post-mortem deadline. Plain functions.
 */

export interface WorkingHours {
  /** UTC hour the working day starts and ends. */
  startHour: number;
  endHour: number;
  /** Meeting length and the grid it is placed on. */
  meetingMinutes: number;
  stepMinutes: number;
  /** At least this long after resolution, if the deadline allows. */
  minDelayMs: number;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { startHour: 9, endHour: 17, meetingMinutes: 60, stepMinutes: 30, minDelayMs: 24 * 3_600_000 };

export interface ReviewSlot {
  start: Date;
  end: Date;
  /** False when no working-hours slot fits before the deadline (e.g. a Friday-evening resolution with a 48-hour clock). */
  withinDeadline: boolean;
}

const DAY = 24 * 3_600_000;

/** The first slot starting at or after `from` that lies entirely in working hours on a weekday. */
export function nextWorkingSlot(from: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): { start: Date; end: Date } {
  const step = hours.stepMinutes * 60_000;
  let t = Math.ceil(from.getTime() / step) * step;
  for (let guard = 0; guard < 60; guard++) {
    const d = new Date(t);
    const weekday = d.getUTCDay();
    const minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
    const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hours.startHour);
    if (weekday === 0 || weekday === 6 || minutes + hours.meetingMinutes > hours.endHour * 60) {
      t = dayStart + DAY;
      continue;
    }
    if (minutes < hours.startHour * 60) t = dayStart;
    return { start: new Date(t), end: new Date(t + hours.meetingMinutes * 60_000) };
  }
  throw new Error('no working-hours slot found within 60 days');
}

/**
 * The next working-hours slot at least a day after resolution. If that falls after the deadline,
 * the latest slot that still ends before it (but not within the first hour after resolution); if
 * there is none, the first slot after all, flagged as outside the deadline.
 */
export function proposeReviewSlot(resolvedAt: Date, dueAt: Date | null, hours: WorkingHours = DEFAULT_WORKING_HOURS): ReviewSlot {
  const preferred = nextWorkingSlot(new Date(resolvedAt.getTime() + hours.minDelayMs), hours);
  if (!dueAt || preferred.end.getTime() <= dueAt.getTime()) return { ...preferred, withinDeadline: true };
  let latest: { start: Date; end: Date } | null = null;
  let candidate = nextWorkingSlot(new Date(resolvedAt.getTime() + 3_600_000), hours);
  while (candidate.end.getTime() <= dueAt.getTime()) {
    latest = candidate;
    candidate = nextWorkingSlot(new Date(candidate.start.getTime() + hours.stepMinutes * 60_000), hours);
  }
  return latest ? { ...latest, withinDeadline: true } : { ...preferred, withinDeadline: false };
}
