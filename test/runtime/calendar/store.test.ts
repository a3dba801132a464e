/** A tenant's decided days in the database: seeding, loading, editing, and a calendar built from them. */
import { sql, type Kysely } from 'kysely';
import {
  deleteDecidedDay,
  knownGovernmentDecisions,
  loadDecidedDays,
  loadWorkingCalendar,
  saveDecidedDay,
  seedDecidedDays,
  type CalendarTables,
} from '../../../runtime/calendar/index.js';
import type { Database } from '../../../server/db/database.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';

let handle: TestDb;
let db: Kysely<Database & CalendarTables>;
let tenantA: string;
let tenantB: string;

async function tenant(code: string, workingHours?: string): Promise<string> {
  const row = await db
    .insertInto('tenants')
    .values({ code, name: `Tỉnh ${code}`, ...(workingHours ? { working_hours: workingHours } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db.withTables<CalendarTables>();
  tenantA = await tenant('000.00.00.H01');
  tenantB = await tenant('000.00.00.H02', JSON.stringify([['07:30', '11:30'], ['13:30', '17:30']]));
});

afterAll(async () => {
  await handle?.close();
});

describe('seeding a new tenant', () => {
  test('given a new tenant, when seeded, then it has every known decision, read back as YYYY-MM-DD', async () => {
    const added = await seedDecidedDays(db, tenantA);
    expect(added).toBe(knownGovernmentDecisions().length);
    expect(await loadDecidedDays(db, tenantA)).toEqual(knownGovernmentDecisions());
  });

  test('seeding again adds nothing and keeps what admins changed', async () => {
    await saveDecidedDay(db, tenantA, { day: '2025-04-26', kind: 'off', name: 'Đổi ý', note: 'admin' });
    expect(await seedDecidedDays(db, tenantA)).toBe(0);
    const [day] = await loadDecidedDays(db, tenantA, { from: '2025-04-26', to: '2025-04-26' });
    expect(day).toEqual({ day: '2025-04-26', kind: 'off', name: 'Đổi ý', note: 'admin' });
    await saveDecidedDay(db, tenantA, knownGovernmentDecisions().find((d) => d.day === '2025-04-26')!);
  });
});

describe('editing decided days', () => {
  test('a day saved twice keeps the last decision', async () => {
    await saveDecidedDay(db, tenantB, { day: '2027-05-03', kind: 'off', name: 'Nghỉ thêm' });
    await saveDecidedDay(db, tenantB, { day: '2027-05-03', kind: 'work', name: 'Làm bù', note: 'Quyết định X' });
    expect(await loadDecidedDays(db, tenantB)).toEqual([{ day: '2027-05-03', kind: 'work', name: 'Làm bù', note: 'Quyết định X' }]);
  });

  test('deleting a day says whether there was one', async () => {
    expect(await deleteDecidedDay(db, tenantB, '2027-05-03')).toBe(true);
    expect(await deleteDecidedDay(db, tenantB, '2027-05-03')).toBe(false);
    expect(await loadDecidedDays(db, tenantB)).toEqual([]);
  });

  test("one tenant's days are never another's", async () => {
    expect(await loadDecidedDays(db, tenantB)).toEqual([]);
    expect(await deleteDecidedDay(db, tenantB, '2025-01-27')).toBe(false);
    expect((await loadDecidedDays(db, tenantA)).length).toBe(knownGovernmentDecisions().length);
  });

  test('a range selects days inclusively', async () => {
    const days = await loadDecidedDays(db, tenantA, { from: '2025-04-26', to: '2025-05-02' });
    expect(days.map((d) => d.day)).toEqual(['2025-04-26', '2025-05-02']);
  });

  test('invalid input is refused before and by the database', async () => {
    await expect(saveDecidedDay(db, tenantB, { day: '2025-02-30', kind: 'off', name: 'x' })).rejects.toThrow(RangeError);
    await expect(saveDecidedDay(db, tenantB, { day: '2025-03-03', kind: 'holiday' as never, name: 'x' })).rejects.toThrow(RangeError);
    await expect(
      sql`insert into calendar_days (tenant_id, day, kind, name) values (${tenantB}, '2025-03-03', 'holiday', 'x')`.execute(db),
    ).rejects.toThrow(/check/i);
    await expect(
      sql`insert into calendar_days (tenant_id, day, kind, name) values (${tenantB}, '2025-03-03', 'off', '  ')`.execute(db),
    ).rejects.toThrow(/check/i);
  });
});

describe('a calendar from the database', () => {
  test("given tenant A seeded, a dossier received Friday 24/1/2025 with 1 day is due Monday 3/2 at 17:00", async () => {
    const row = await db.selectFrom('tenants').select('working_hours').where('id', '=', tenantA).executeTakeFirstOrThrow();
    const cal = await loadWorkingCalendar(db, tenantA, row.working_hours);
    expect(cal.dueAfterWorkingDays(new Date('2025-01-24T10:00:00+07:00'), 1).toISOString()).toBe('2025-02-03T10:00:00.000Z');
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
  });

  test("tenant B's own working hours set its due time (17:30), and it has no decided days", async () => {
    const row = await db.selectFrom('tenants').select('working_hours').where('id', '=', tenantB).executeTakeFirstOrThrow();
    const cal = await loadWorkingCalendar(db, tenantB, row.working_hours);
    expect(cal.dueAfterWorkingDays(new Date('2025-04-25T10:00:00+07:00'), 1).toISOString()).toBe('2025-04-28T10:30:00.000Z');
  });

  test('days are read back the same whatever the database session time zone', async () => {
    await db.transaction().execute(async (trx) => {
      await sql`set local time zone 'America/Los_Angeles'`.execute(trx);
      const days = await loadDecidedDays(trx, tenantA, { from: '2025-01-27', to: '2025-01-27' });
      expect(days.map((d) => d.day)).toEqual(['2025-01-27']);
    });
  });
});
