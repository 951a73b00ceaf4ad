/** A clock as the console shows it: what it is, when it is due, how long is left, and whether it is late. */
export interface ClockDisplay {
  kind: string;
  label: string;
  dueAt: string;
  state: string;
  timeLeft: string;
  breached: boolean;
}

export interface ClockRow {
  kind: string;
  due_at: Date;
  state: string;
  met_at: Date | null;
  breached_at: Date | null;
}

/** "12m left", "1h 05m left", "3m late": minutes are what a bridge call talks in. */
export function timeLeftText(dueAt: Date, now: Date): string {
  const ms = dueAt.getTime() - now.getTime();
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const seconds = Math.floor((Math.abs(ms) % 60_000) / 1000);
  const span = minutes >= 60 ? `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m` : minutes > 0 ? `${minutes}m` : `${seconds}s`;
  return ms >= 0 ? `${span} left` : `${span} late`;
}

export function clockLabel(kind: string): string {
  return kind.replace(/_/g, ' ');
}

export function displayClock(row: ClockRow, now: Date): ClockDisplay {
  const open = row.state === 'pending' || (row.state === 'breached' && !row.met_at);
  const breached = row.state === 'breached' || (row.state === 'pending' && row.due_at.getTime() < now.getTime());
  const timeLeft = row.state === 'met' || row.met_at ? 'met' : row.state === 'cancelled' ? 'cancelled' : open ? timeLeftText(row.due_at, now) : row.state;
  return { kind: row.kind, label: clockLabel(row.kind), dueAt: row.due_at.toISOString(), state: row.state, timeLeft, breached: breached && !row.met_at };
}

/** The clock that matters next: the earliest one still running (pending, or breached and not yet met). */
export function nextClock(rows: readonly ClockRow[], now: Date): ClockDisplay | null {
  const open = rows.filter((r) => (r.state === 'pending' || r.state === 'breached') && !r.met_at).sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
  return open[0] ? displayClock(open[0], now) : null;
}

/** "2h 14m" open so far, or how long it was open once closed. */
export function durationText(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
  if (minutes >= 24 * 60) return `${Math.floor(minutes / (24 * 60))}d ${Math.floor((minutes % (24 * 60)) / 60)}h`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${minutes}m`;
}
