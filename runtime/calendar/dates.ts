/**
 * Calendar dates as day numbers (days since 1970-01-01) and `YYYY-MM-DD` strings.
 * A local date has no zone of its own, so all arithmetic here is done on the UTC axis, where
 * every day has 24 hours; callers convert instants with `zone.ts`.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumber(date: LocalDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC silently rolls 2025-02-30 over to March; a typo in a decided day must not.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`no such date: ${date}`);
  }
  return ms / MS_PER_DAY;
}

export function dayString(day: number): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

export function dayOf(year: number, month: number, date: number): number {
  return Date.UTC(year, month - 1, date) / MS_PER_DAY;
}

const TIME_RE = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** `HH:MM` (00:00 to 24:00) to minutes after local midnight. */
export function minuteOfDay(time: string): number {
  const m = TIME_RE.exec(time);
  if (!m) throw new RangeError(`not an HH:MM time: ${JSON.stringify(time)}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new RangeError(`not an HH:MM time: ${JSON.stringify(time)}`);
  return minutes;
}
