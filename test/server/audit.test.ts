import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { createTestApp, loginAs, type TestApp } from '../helpers/app.js';
import { createTestTenant, PASSWORD } from '../helpers/tenants.js';
import { writeAudit } from '../../server/audit/index.js';
import { systemContext } from '../../server/context.js';

describe('audit log', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  const count = async () =>
    Number((await db.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('is written in the same transaction as the change: a change that fails leaves no audit row', async () => {
    const before = await count();
    await expect(
      db.db.transaction().execute(async (trx) => {
        await trx.insertInto('tenants').values({ code: '000.00.00.X01', name: 'X' }).execute();
        await writeAudit(trx, systemContext('test'), { action: 'tenant.create', entityType: 'tenant' });
        // The change then fails half-way (a duplicate code): everything rolls back.
        await trx.insertInto('tenants').values({ code: '000.00.00.X01', name: 'X again' }).execute();
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(before);
    expect(await db.db.selectFrom('tenants').select('id').where('code', '=', '000.00.00.X01').executeTakeFirst()).toBeUndefined();
  });

  it('is append-only: the database refuses to update or delete a row', async () => {
    await db.db.transaction().execute((trx) => writeAudit(trx, systemContext('test'), { action: 'x.y', entityType: 'x' }));
    await expect(sql`update audit_log set action = 'tampered'`.execute(db.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db.db)).rejects.toThrow(/append-only/);
  });
});

describe('audit log of an admin command through the API', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTestTenant>>;
  beforeAll(async () => {
    t = await createTestApp();
    a = await createTestTenant(t.db.db, 'al', '000.00.00.L01', '000.01.01.L01');
    // The database refuses, at commit, any transaction that created a group named
    // 'chuyen-vien': the failure comes after every statement of the command, its audit row
    // included. An audit row written in a transaction of its own would survive it.
    await sql`create function audit_test_refuse() returns trigger language plpgsql as $$
      begin raise exception 'refused at commit'; end $$`.execute(t.db.db);
    await sql`create constraint trigger audit_test_refuse after insert on groups
      deferrable initially deferred for each row when (new.name = 'chuyen-vien')
      execute function audit_test_refuse()`.execute(t.db.db);
  });
  afterAll(() => t.close());

  it('leaves no audit row and no change when the command fails after writing its audit row (500, no leak)', async () => {
    const { auth } = await loginAs(t.app, 'al.admin', PASSWORD);
    const before = await t.db.db.selectFrom('audit_log').select('id').execute();
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/groups', headers: auth, payload: { unitId: a.commune.id, name: 'chuyen-vien', title: 'Chuyên viên' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/refused at commit|audit_test|groups/);
    const after = await t.db.db.selectFrom('audit_log').select('id').execute();
    expect(after).toEqual(before);
    expect(await t.db.db.selectFrom('groups').select('id').where('name', '=', 'chuyen-vien').executeTakeFirst()).toBeUndefined();

    // The same command commits both the change and its audit row once nothing refuses it.
    await sql`drop trigger audit_test_refuse on groups`.execute(t.db.db);
    const ok = await t.app.inject({ method: 'POST', url: '/api/admin/groups', headers: auth, payload: { unitId: a.commune.id, name: 'chuyen-vien', title: 'Chuyên viên' } });
    expect(ok.statusCode).toBe(201);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'group.create').where('entity_id', '=', ok.json().id).execute();
    expect(audit).toHaveLength(1);
  });
});
