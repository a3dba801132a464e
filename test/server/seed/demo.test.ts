import { createTestDb, type TestDb } from '../../helpers/db.js';
import { seedDemo, DEMO_PROVINCE } from '../../../server/seed/demo.js';

describe('demo seed', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  it('seeds a province, a department and two communes, each commune with the three groups and one official in each', async () => {
    const first = await seedDemo(db.db);
    expect(first.created).toBe(true);
    const units = await db.db.selectFrom('units').select(['agency_code', 'level', 'id']).orderBy('agency_code').execute();
    expect(units.map((u) => u.level).sort()).toEqual(['commune', 'commune', 'department', 'province']);
    expect(units.find((u) => u.level === 'province')!.agency_code).toBe(DEMO_PROVINCE.agencyCode);

    for (const commune of units.filter((u) => u.level === 'commune')) {
      const rows = await db.db
        .selectFrom('groups as g')
        .innerJoin('group_members as m', 'm.group_id', 'g.id')
        .innerJoin('accounts as a', 'a.id', 'm.account_id')
        .select(['g.name', 'a.roles', 'a.unit_id'])
        .where('g.unit_id', '=', commune.id)
        .orderBy('g.name')
        .execute();
      expect(rows.map((r) => r.name)).toEqual(['chuyen-vien', 'lanh-dao', 'tiep-nhan']);
      expect(rows.every((r) => r.unit_id === commune.id)).toBe(true);
      expect(rows.find((r) => r.name === 'lanh-dao')!.roles).toEqual(['official', 'leader']);
    }
    const roles = first.logins.map((l) => l.role);
    expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
    expect(roles.filter((r) => r === 'designer')).toHaveLength(1);
    expect(roles.filter((r) => r === 'citizen')).toHaveLength(1);
    const citizen = await db.db.selectFrom('accounts').selectAll().where('kind', '=', 'citizen').executeTakeFirstOrThrow();
    expect(citizen.verified_at).not.toBeNull();
    expect(citizen.tenant_id).toBeNull();
  });

  it('does nothing on a database that has data', async () => {
    const before = await db.db.selectFrom('accounts').select('id').execute();
    const again = await seedDemo(db.db);
    expect(again.created).toBe(false);
    expect(await db.db.selectFrom('accounts').select('id').execute()).toHaveLength(before.length);
  });
});
