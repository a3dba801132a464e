/**
 * Each tenant's working calendar (working hours + the days its admins decided), built once
 * and kept for a minute: every submission computes a due date, and decided days change a
 * few times a year. An edit in this process forgets the cached calendar at once.
 */
import type { Db, Trx } from '../db/connect.js';
import { loadWorkingCalendar, type WorkingCalendar } from '../../runtime/calendar/index.js';

const TTL_MS = 60_000;
const cache = new Map<string, { calendar: WorkingCalendar; at: number }>();

export async function tenantCalendar(db: Db | Trx, tenantId: string): Promise<WorkingCalendar> {
  const hit = cache.get(tenantId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.calendar;
  const tenant = await db.selectFrom('tenants').select('working_hours').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const calendar = await loadWorkingCalendar(db as never, tenantId, tenant.working_hours);
  cache.set(tenantId, { calendar, at: Date.now() });
  return calendar;
}

export function forgetTenantCalendar(tenantId: string): void {
  cache.delete(tenantId);
}

/** The legal due date of a time limit in working days (0 = the day of receipt). */
export function dueDate(calendar: WorkingCalendar, receivedAt: Date, timeLimitDays: number, paper = false): Date {
  if (Number.isInteger(timeLimitDays)) return calendar.dueAfterWorkingDays(receivedAt, timeLimitDays, { paper });
  // Half days: the whole days on the calendar, then the half as working hours.
  const whole = Math.floor(timeLimitDays);
  const start = whole > 0 ? calendar.dueAfterWorkingDays(receivedAt, whole, { paper }) : receivedAt;
  const perDay = hoursPerDay(calendar);
  return calendar.dueAt(calendar.addWorkingHours(start, (timeLimitDays - whole) * perDay));
}

/** The working hours in one of the tenant's working days (8 with the default 08–12, 13–17). */
export function hoursPerDay(calendar: Pick<WorkingCalendar, 'workingHours'>): number {
  return calendar.workingHours.reduce((m, [a, b]) => m + minutes(b) - minutes(a), 0) / 60;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
