/**
 * Deadlines on the tenant's working calendar (runtime/calendar): the runtime's default.
 *
 * A share in whole working days ends at the close of the Nth working day after the task's
 * day (as a dossier's time limit does); a share under one day is that part of the tenant's
 * working day, counted as working time from the task's creation; a share of N days and a
 * part is the close of day N and that part of a working day after it, so that a larger
 * share is never due earlier (1.5 days counted as 12 working hours from now would end
 * before the close of day 1). `esb:deadlineHours` counts working hours.
 */
import { sql } from 'kysely';
import { loadWorkingCalendar, type WorkingCalendar } from '../calendar/index.js';
import type { RuntimeTrx } from '../db.js';
import type { DeadlineRequest, Deadlines } from './deadlines.js';

export interface CalendarDeadlinesOptions {
  /** The tenant's working hours; read from its `tenants` row when not given. */
  workingHours?: (trx: RuntimeTrx, tenantId: string) => Promise<unknown> | unknown;
}

export function calendarDeadlines(options: CalendarDeadlinesOptions = {}): Deadlines {
  return {
    async dueAt(trx: RuntimeTrx, request: DeadlineRequest): Promise<Date> {
      const workingHours = options.workingHours ? await options.workingHours(trx, request.tenantId) : await tenantWorkingHours(trx, request.tenantId);
      const calendar = await loadWorkingCalendar(trx as never, request.tenantId, workingHours ?? undefined);
      return dueOnCalendar(calendar, request);
    },
  };
}

export function dueOnCalendar(calendar: WorkingCalendar, { from, days, hours }: DeadlineRequest): Date {
  if (hours !== undefined) return calendar.addWorkingHours(from, hours);
  const share = days ?? 0;
  if (Number.isInteger(share)) return calendar.dueAfterWorkingDays(from, share);
  const whole = Math.floor(share);
  const part = (share - whole) * hoursPerDay(calendar);
  if (whole === 0) return calendar.addWorkingHours(from, part);
  return calendar.addWorkingHours(calendar.dueAfterWorkingDays(from, whole), part);
}

function hoursPerDay(calendar: WorkingCalendar): number {
  let minutes = 0;
  for (const [start, end] of calendar.workingHours) minutes += toMinutes(end) - toMinutes(start);
  return minutes / 60;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

async function tenantWorkingHours(trx: RuntimeTrx, tenantId: string): Promise<unknown> {
  const { rows } = await sql<{ working_hours: unknown }>`select working_hours from tenants where id = ${tenantId}`.execute(trx);
  return rows[0]?.working_hours;
}
