import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db.js';
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
