/**
 * A tenant's working hours: ordered, non-overlapping local intervals of one day, as stored in
 * `tenants.working_hours` (`[["08:00","12:00"],["13:00","17:00"]]` by default).
 */
import { minuteOfDay } from './dates.js';

export type WorkingHours = ReadonlyArray<readonly [string, string]>;

export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze([
  Object.freeze(['08:00', '12:00'] as const),
  Object.freeze(['13:00', '17:00'] as const),
]);

/** Working hours as minutes after local midnight, checked. */
export interface Shift {
  start: number;
  end: number;
}

/**
 * Validates working hours from anywhere (a tenant row, an admin form) and returns them in
 * minutes. Throws a RangeError naming the problem: a calendar with overlapping or reversed
 * hours would count time twice or never, and deadlines are legal dates.
 */
export function parseWorkingHours(value: unknown): Shift[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RangeError('working hours must be a non-empty list of ["HH:MM","HH:MM"] pairs');
  }
  const shifts: Shift[] = value.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new RangeError(`working hours[${i}] must be a ["HH:MM","HH:MM"] pair`);
    }
    const start = minuteOfDay(pair[0]);
    const end = minuteOfDay(pair[1]);
    if (end <= start) throw new RangeError(`working hours[${i}] ends before it starts: ${pair[0]}-${pair[1]}`);
    return { start, end };
  });
  for (let i = 1; i < shifts.length; i++) {
    if (shifts[i].start < shifts[i - 1].end) {
      throw new RangeError(`working hours[${i}] starts before working hours[${i - 1}] ends; list them in order, without overlap`);
    }
  }
  return shifts;
}
