/**
 * Prepared statements on PostgreSQL (server/db/connect.ts): a parameterized statement is
 * prepared once per connection and then only executed; a connection keeps at most 500, the
 * rest run unnamed; DATABASE_PREPARE=false prepares nothing.
 */
import { sql } from 'kysely';
import { connect, type DbHandle } from '../../../server/db/connect.js';
import { loadConfig } from '../../../server/config.js';
import { createPgDatabase, describeWithPg, type TestDb } from '../../helpers/db.js';

describeWithPg('prepared statements on PostgreSQL', () => {
  let base: TestDb;
  const opened: DbHandle[] = [];
  beforeAll(async () => {
    base = await createPgDatabase({ migrate: false });
  });
  afterAll(async () => {
    for (const h of opened) await h.close();
    await base.close();
  });
  /** One connection, so that every query below runs on the same PostgreSQL session. */
  const open = async (prepare?: boolean) => {
    const h = await connect({ databaseUrl: base.url!, poolSize: 1, ...(prepare !== undefined && { prepare }) });
    opened.push(h);
    return h.db;
  };
  const preparedIn = async (db: DbHandle['db']) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements where not from_sql`.execute(db)).rows.map((r) => r.statement);

  it('Given the default, when one parameterized statement runs three times, then the session holds it prepared once and every run answers', async () => {
    const db = await open();
    for (const n of [1, 2, 3]) expect((await sql<{ v: number }>`select ${n}::int + 1 as v`.execute(db)).rows[0].v).toBe(n + 1);
    expect(await preparedIn(db)).toEqual(['select $1::int + 1 as v']);
    // A statement without parameters (begin, commit, DDL) is not prepared.
    await sql`select 42 as answer`.execute(db);
    expect(await preparedIn(db)).toHaveLength(1);
  });

  it('Given a connection that has prepared 500 statements, when a 501st text comes, then it runs unnamed and answers all the same', async () => {
    const db = await open();
    for (let i = 0; i < 501; i++) {
      const res = await sql<{ v: number }>`select ${i}::int + ${sql.raw(String(i))} as v`.execute(db);
      expect(res.rows[0].v).toBe(2 * i);
    }
    const held = await preparedIn(db);
    expect(held).toHaveLength(500);
    expect(held).not.toContain('select $1::int + 500 as v');
    // One already prepared keeps running prepared.
    expect((await sql<{ v: number }>`select ${7}::int + 0 as v`.execute(db)).rows[0].v).toBe(7);
    expect(await preparedIn(db)).toHaveLength(500);
  });

  it('Given DATABASE_PREPARE=false, when statements run, then nothing is prepared', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).databasePrepare).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_PREPARE: 'false' }).databasePrepare).toBe(false);
    const db = await open(false);
    for (const n of [1, 2]) await sql`select ${n}::int as v`.execute(db);
    expect(await preparedIn(db)).toEqual([]);
  });
});
