/**
 * The province's working calendar: its working hours and the days the government decides
 * each year (extra days off, weekend days worked in exchange). Holidays by rule need no
 * editing; these are the exceptions. Every change is audited and forgets the cached calendar.
 */
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { forgetTenantCalendar } from '../../calendar/index.js';
import { deleteDecidedDay, parseWorkingHours, saveDecidedDay, type DecidedDay } from '../../../runtime/calendar/index.js';
import { assertAdmin } from '../policies.js';

export async function saveCalendarDay(db: Db, ctx: RequestContext, day: DecidedDay) {
  const actor = ctx.actor;
  assertAdmin(actor);
  await db.transaction().execute(async (trx) => {
    await saveDecidedDay(trx as never, actor.tenantId, day);
    await writeAudit(trx, ctx, { action: 'calendar.save_day', entityType: 'calendar_day', entityId: day.day, details: { ...day } });
  });
  forgetTenantCalendar(actor.tenantId);
}

export async function removeCalendarDay(db: Db, ctx: RequestContext, day: string) {
  const actor = ctx.actor;
  assertAdmin(actor);
  const removed = await db.transaction().execute(async (trx) => {
    const gone = await deleteDecidedDay(trx as never, actor.tenantId, day);
    if (gone) await writeAudit(trx, ctx, { action: 'calendar.delete_day', entityType: 'calendar_day', entityId: day });
    return gone;
  });
  if (!removed) throw errors.notFound('calendar_day');
  forgetTenantCalendar(actor.tenantId);
}

export async function setWorkingHours(db: Db, ctx: RequestContext, hours: [string, string][]) {
  const actor = ctx.actor;
  assertAdmin(actor);
  try {
    parseWorkingHours(hours);
  } catch (err) {
    throw errors.field('/workingHours', 'calendar.working_hours_invalid', (err as Error).message);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('tenants').set({ working_hours: JSON.stringify(hours) }).where('id', '=', actor.tenantId).execute();
    await writeAudit(trx, ctx, { action: 'calendar.set_working_hours', entityType: 'tenant', entityId: actor.tenantId, details: { hours } });
  });
  forgetTenantCalendar(actor.tenantId);
}
