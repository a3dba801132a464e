import { createTestDb, type TestDb } from '../../helpers/db.js';
import { seedDemo, DEMO_PROVINCE, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { hashPassword } from '../../../server/auth/passwords.js';
import { citizen } from '../../helpers/citizen.js';

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

  it('lists only the demo logins that still work: not a changed password, not a disabled account', async () => {
    const all = (await seedDemo(db.db)).logins.map((l) => l.username);
    const [changed, disabled] = all.filter((u) => u !== 'admin');
    await db.db.updateTable('accounts').set({ password_hash: await hashPassword('Another@2026') }).where('username', '=', changed).execute();
    await db.db.updateTable('accounts').set({ active: false }).where('username', '=', disabled).execute();
    const again = (await seedDemo(db.db)).logins.map((l) => l.username);
    expect(again).toEqual(all.filter((u) => u !== changed && u !== disabled));
    await db.db.updateTable('accounts').set({ password_hash: await hashPassword(DEMO_PASSWORD) }).where('username', '=', changed).execute();
    await db.db.updateTable('accounts').set({ active: true }).where('username', '=', disabled).execute();
    expect((await seedDemo(db.db)).logins.map((l) => l.username)).toEqual(all);
  });

  it('does nothing on a database that has data', async () => {
    const before = await db.db.selectFrom('accounts').select('id').execute();
    const again = await seedDemo(db.db);
    expect(again.created).toBe(false);
    expect(await db.db.selectFrom('accounts').select('id').execute()).toHaveLength(before.length);
  });
});

describe('demo seed with services (as npm start runs it)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db, { services: true });
  });
  afterAll(() => t.close());

  it('publishes two commune services that the catalogue finds without accents', async () => {
    const all = await t.app.inject({ method: 'GET', url: '/api/catalog/services' });
    expect(all.json().items.map((i: { name: string }) => i.name).sort()).toEqual(['Cấp bản sao trích lục hộ tịch', 'Đăng ký khai sinh']);
    const found = await t.app.inject({ method: 'GET', url: '/api/catalog/services?q=dang%20ky%20khai%20sinh' });
    expect(found.json().items).toHaveLength(1);
    expect(found.json().items[0]).toMatchObject({ procedureCode: '1.001193', onlineLevel: 'full', receivingUnits: 2 });
  });

  const BIRTH = { hoTen: 'Nguyễn Văn An', soCccd: '001099012345', quanHe: 'cha', hoTenTre: 'Nguyễn Minh Khang', ngaySinhTre: '01/12/2026', gioiTinh: 'nam', noiSinh: 'Bệnh viện Phụ sản Hà Nội', nopThay: false };

  it('gives each demo service its own form: the birth registration asks for the child, the copy for the number of copies', async () => {
    const items = (await t.app.inject({ method: 'GET', url: '/api/catalog/services' })).json().items as Array<{ id: string; name: string }>;
    const keysOf = async (name: string) => {
      const item = items.find((i) => i.name === name)!;
      const form = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${item.id}` })).json().form as { components: Array<{ key: string }> };
      return form.components.map((c) => c.key);
    };
    expect(await keysOf('Đăng ký khai sinh')).toEqual(expect.arrayContaining(['hoTenTre', 'ngaySinhTre', 'gioiTinh', 'noiSinh', 'nopThay']));
    expect(await keysOf('Đăng ký khai sinh')).not.toContain('soBan');
    expect(await keysOf('Cấp bản sao trích lục hộ tịch')).toEqual(expect.arrayContaining(['hoTenNguoiDuocCap', 'soBan']));
  });

  it('lets the demo citizen submit to a demo service, and the commune receiving group gets the task', async () => {
    const item = (await t.app.inject({ method: 'GET', url: '/api/catalog/services?q=khai%20sinh' })).json().items[0];
    const service = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${item.id}` })).json();
    const phucxa = service.receivingUnits.find((u: { agencyCode: string }) => u.agencyCode === '000.31.01.H29');
    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const attachments = [];
    for (const componentId of ['to-khai', 'giay-chung-sinh']) {
      const up = await c.upload(item.id, componentId);
      expect(up.status).toBe(201);
      attachments.push({ componentId, fileId: up.body.id });
    }
    const res = await c.submit({ serviceId: item.id, receivingUnitId: phucxa.id, data: BIRTH, attachments });
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^000\.31\.01\.H29-\d{6}-0001$/);
    const official = (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth;
    const queue = await t.app.inject({ method: 'GET', url: '/api/tasks', headers: official });
    expect(queue.statusCode).toBe(200);
    expect(JSON.stringify(queue.json())).toContain(res.body.code);
  });
});

describe('a demo seed that fails part-way', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  const count = async (table: 'tenants' | 'units' | 'accounts' | 'groups' | 'group_members' | 'services' | 'service_versions' | 'audit_log') =>
    (await db.db.selectFrom(table).select(db.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('leaves nothing behind, so the next start seeds it afresh', async () => {
    // A citizen who registered with the demo citizen's ID makes the seed's very last insert
    // fail, after the province, its units, staff, groups and services were written.
    const hash = await hashPassword('Other@2026');
    await db.db.insertInto('accounts').values({ kind: 'citizen', tenant_id: null, unit_id: null, username: '001099012345', password_hash: hash, full_name: 'Người khác', phone: null, email: null, address: null }).execute();
    const auditBefore = Number(await count('audit_log'));

    await expect(seedDemo(db.db, { services: true })).rejects.toThrow(/unique|duplicate/i);
    for (const table of ['tenants', 'units', 'groups', 'group_members', 'services', 'service_versions'] as const) {
      expect({ table, rows: Number(await count(table)) }).toEqual({ table, rows: 0 });
    }
    expect(Number(await count('accounts'))).toBe(1);
    expect(Number(await count('audit_log'))).toBe(auditBefore);

    // The next start finds no tenant and seeds the whole demo.
    await db.db.deleteFrom('accounts').where('username', '=', '001099012345').execute();
    const next = await seedDemo(db.db, { services: true });
    expect(next.created).toBe(true);
    expect(Number(await count('tenants'))).toBe(1);
    expect(Number(await count('units'))).toBe(4);
    expect(Number(await count('service_versions'))).toBe(2);
    expect(next.logins.map((l) => l.username)).toEqual(expect.arrayContaining(['admin', 'thietke', 'phucxa.lanhdao', 'trucbach.tiepnhan', '001099012345']));
  });
});

describe('two first starts at once', () => {
  it('seed the demo once: the second finds it done (created false on one of them)', async () => {
    const db = await createTestDb();
    try {
      const results = await Promise.all([seedDemo(db.db), seedDemo(db.db)]);
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect(await db.db.selectFrom('tenants').select('code').execute()).toEqual([{ code: DEMO_PROVINCE.agencyCode }]);
      expect(results[0].logins).toEqual(results[1].logins);
    } finally {
      await db.close();
    }
  });
});
