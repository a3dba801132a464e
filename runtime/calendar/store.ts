/**
 * Loading and editing a tenant's decided days. Every query filters by tenant. Functions take
 * any Kysely (or transaction) whose database includes `CalendarTables`, so the server passes
 * its own `db` or `trx` unchanged.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { WorkingCalendar, type DecidedDay } from './calendar.js';
import { dayNumber, type LocalDate } from './dates.js';
import { knownGovernmentDecisions } from './decisions.js';
import type { CalendarTables } from './tables.js';

/**
 * A database or transaction that has our table. Both are spelled out because TypeScript does
 * not infer `DB` from a `Transaction<DB>` given for a `Kysely<DB>`.
 */
export type CalendarDb<DB extends CalendarTables> = Kysely<DB> | Transaction<DB>;

/** Our queries touch only our table, so seeing the database as just that table is safe. */
function narrow<DB extends CalendarTables>(db: CalendarDb<DB>): Kysely<CalendarTables> {
  return db as unknown as Kysely<CalendarTables>;
}

const dayText = sql<string>`to_char(day, 'YYYY-MM-DD')`;

export interface DayRange {
  /** Inclusive. */
  from?: LocalDate;
  /** Inclusive. */
  to?: LocalDate;
}

/** A tenant's decided days, oldest first, optionally within a range. */
export async function loadDecidedDays<DB extends CalendarTables>(
  db: CalendarDb<DB>,
  tenantId: string,
  range: DayRange = {},
): Promise<DecidedDay[]> {
  let q = narrow(db)
    .selectFrom('calendar_days')
    .select([dayText.as('day'), 'kind', 'name', 'note'])
    .where('tenant_id', '=', tenantId);
  if (range.from) q = q.where('day', '>=', checked(range.from));
  if (range.to) q = q.where('day', '<=', checked(range.to));
  const rows = await q.orderBy('day').execute();
  return rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name, note: r.note }));
}

/** A tenant's calendar: its working hours (from its tenant row) and all its decided days. */
export async function loadWorkingCalendar<DB extends CalendarTables>(
  db: CalendarDb<DB>,
  tenantId: string,
  workingHours?: unknown,
): Promise<WorkingCalendar> {
  return new WorkingCalendar({ workingHours, decidedDays: await loadDecidedDays(db, tenantId) });
}

/** Adds or replaces the decision for one day. */
export async function saveDecidedDay<DB extends CalendarTables>(
  db: CalendarDb<DB>,
  tenantId: string,
  decided: DecidedDay,
): Promise<void> {
  const day = checked(decided.day);
  if (decided.kind !== 'off' && decided.kind !== 'work') throw new RangeError('kind must be off or work');
  await narrow(db)
    .insertInto('calendar_days')
    .values({ tenant_id: tenantId, day, kind: decided.kind, name: decided.name, note: decided.note ?? null })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'day']).doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        name: eb.ref('excluded.name'),
        note: eb.ref('excluded.note'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

/** Removes the decision for one day; true when there was one. */
export async function deleteDecidedDay<DB extends CalendarTables>(
  db: CalendarDb<DB>,
  tenantId: string,
  day: LocalDate,
): Promise<boolean> {
  const result = await narrow(db)
    .deleteFrom('calendar_days')
    .where('tenant_id', '=', tenantId)
    .where('day', '=', checked(day))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Seeds a tenant with the known government decisions. Days the tenant already has are left
 * as its admins set them. Returns how many days were added.
 */
export async function seedDecidedDays<DB extends CalendarTables>(db: CalendarDb<DB>, tenantId: string): Promise<number> {
  const rows = knownGovernmentDecisions().map((d) => ({
    tenant_id: tenantId,
    day: d.day,
    kind: d.kind,
    name: d.name,
    note: d.note ?? null,
  }));
  const result = await narrow(db)
    .insertInto('calendar_days')
    .values(rows)
    .onConflict((oc) => oc.columns(['tenant_id', 'day']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

function checked(day: LocalDate): LocalDate {
  dayNumber(day);
  return day;
}
