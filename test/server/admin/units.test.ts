import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';

describe('administering units, accounts and groups', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTestTenant>>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTestTenant(t.db.db, 'u', '000.00.00.U01', '000.01.01.U01');
    admin = (await loginAs(t.app, 'u.admin', PASSWORD)).auth;
  });
  afterAll(() => t.close());

  const call = (method: 'POST' | 'PUT', url: string, payload: object) => t.app.inject({ method, url, headers: admin, payload });

  it.each(['000.00.00.h29', '000..00.H29', '.000.H29', '000.00.00.H29.', 'A'.repeat(36), '000-00-00-H29', ''])(
    'refuses the invalid agency code %j naming the field',
    async (agencyCode) => {
      const res = await call('POST', '/api/admin/units', { parentId: a.province.id, agencyCode, name: 'Xã Một', level: 'commune' });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toContainEqual(expect.objectContaining({ path: '/agencyCode' }));
    },
  );

  it('creates a unit under the province with a valid code, and audits it in the same transaction', async () => {
    const res = await call('POST', '/api/admin/units', { parentId: a.province.id, agencyCode: '000.01.02.U01', name: 'Xã Hai', level: 'commune' });
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(unit).toMatchObject({ parentId: a.province.id, agencyCode: '000.01.02.U01', version: 1 });
    const audit = await t.db.db.selectFrom('audit_log').selectAll().where('entity_id', '=', unit.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'unit.create', actor_id: a.admin.id, tenant_id: a.tenant.id, actor_kind: 'staff' });
    expect(audit[0].request_id).toBeTruthy();
  });

  it('refuses a taken agency code (409) and leaves no unit and no audit row', async () => {
    const before = await t.db.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await call('POST', '/api/admin/units', { parentId: a.province.id, agencyCode: '000.01.01.U01', name: 'Trùng mã', level: 'commune' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('unit.agency_code_taken');
    const after = await t.db.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  describe('the shape of the unit tree', () => {
    const unitCount = async () => Number((await t.db.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const refused = async (payload: object, status: number, code: string, path: string) => {
      const before = await unitCount();
      const res = await call('POST', '/api/admin/units', payload);
      expect({ status: res.statusCode, code: res.json().code, fields: res.json().fields.map((f: { path: string; code: string }) => [f.path, f.code]) }).toEqual({ status, code, fields: [[path, code]] });
      expect(await unitCount()).toBe(before);
    };
    let department: { id: string };

    beforeAll(async () => {
      const res = await call('POST', '/api/admin/units', { parentId: a.province.id, agencyCode: '000.00.12.U01', name: 'Sở Tư pháp', level: 'department' });
      expect(res.statusCode).toBe(201);
      department = res.json();
    });

    it('refuses a province under the province (400 unit.province_nested on /level)', async () => {
      await refused({ parentId: a.province.id, agencyCode: '000.00.00.U02', name: 'Tỉnh con', level: 'province' }, 400, 'unit.province_nested', '/level');
    });

    it('refuses any unit under a commune (400 unit.parent_is_commune on /parentId)', async () => {
      await refused({ parentId: a.commune.id, agencyCode: '000.01.01.U09', name: 'Thôn', level: 'other' }, 400, 'unit.parent_is_commune', '/parentId');
      await refused({ parentId: a.commune.id, agencyCode: '000.01.01.U08', name: 'Xã trong xã', level: 'commune' }, 400, 'unit.parent_is_commune', '/parentId');
    });

    it('refuses a commune or a department under a department (400 unit.parent_not_province on /parentId)', async () => {
      await refused({ parentId: department.id, agencyCode: '000.01.03.U01', name: 'Xã Ba', level: 'commune' }, 400, 'unit.parent_not_province', '/parentId');
      await refused({ parentId: department.id, agencyCode: '000.00.13.U01', name: 'Sở con', level: 'department' }, 400, 'unit.parent_not_province', '/parentId');
    });

    it('accepts an office of another kind under a department', async () => {
      const res = await call('POST', '/api/admin/units', { parentId: department.id, agencyCode: '000.00.12.U01.01', name: 'Phòng Hộ tịch', level: 'other' });
      expect(res.statusCode).toBe(201);
    });

    it('refuses a level change that breaks the shape: a unit with units under it cannot become a commune, nor any unit a province', async () => {
      const toCommune = await call('PUT', `/api/admin/units/${department.id}`, { level: 'commune' });
      expect(toCommune.statusCode).toBe(400);
      expect(toCommune.json()).toMatchObject({ code: 'unit.parent_is_commune', fields: [{ path: '/level' }] });
      const toProvince = await call('PUT', `/api/admin/units/${a.commune.id}`, { level: 'province' });
      expect(toProvince.statusCode).toBe(400);
      expect(toProvince.json()).toMatchObject({ code: 'unit.province_nested', fields: [{ path: '/level' }] });
      const unit = await t.db.db.selectFrom('units').select('level').where('id', '=', department.id).executeTakeFirstOrThrow();
      expect(unit.level).toBe('department');
    });
  });

  it('refuses a stale row version (409 unit.version_conflict)', async () => {
    expect((await call('PUT', `/api/admin/units/${a.commune.id}`, { name: 'Xã Đổi Tên', version: 1 })).statusCode).toBe(200);
    const stale = await call('PUT', `/api/admin/units/${a.commune.id}`, { name: 'Xã Lần Nữa', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('unit.version_conflict');
  });

  it('creates an official, puts them in a group of their unit, and refuses members of another unit', async () => {
    const acc = await call('POST', '/api/admin/accounts', { username: 'u.chuyenvien', password: PASSWORD, fullName: 'Chuyên Viên', unitId: a.commune.id, roles: ['official'] });
    expect(acc.statusCode).toBe(201);
    const group = await call('POST', '/api/admin/groups', { unitId: a.commune.id, name: 'chuyen-vien', title: 'Chuyên viên' });
    expect(group.statusCode).toBe(201);
    const ok = await call('PUT', `/api/admin/groups/${group.json().id}/members`, { accountIds: [acc.json().id] });
    expect(ok.json().members.map((m: { username: string }) => m.username)).toEqual(['u.chuyenvien']);
    const bad = await call('PUT', `/api/admin/groups/${group.json().id}/members`, { accountIds: [a.designer.id] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([expect.objectContaining({ path: '/accountIds/0', code: 'group.member_other_unit' })]);
    const dup = await call('POST', '/api/admin/groups', { unitId: a.commune.id, name: 'chuyen-vien', title: 'Lại' });
    expect(dup.json().code).toBe('group.name_taken');
    const me = (await loginAs(t.app, 'u.chuyenvien', PASSWORD)).user;
    expect(me.groups.map((g: { name: string }) => g.name)).toEqual(['chuyen-vien']);
  });

  it('refuses a 12-digit staff username: those are citizens’ logins', async () => {
    const res = await call('POST', '/api/admin/accounts', { username: '001099012345', password: PASSWORD, fullName: 'Giả Dân', unitId: a.commune.id, roles: ['official'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].path).toBe('/username');
  });

  it('a disabled account loses its sessions', async () => {
    const s = await loginAs(t.app, 'u.official', PASSWORD);
    expect((await call('PUT', `/api/admin/accounts/${a.official.id}`, { active: false })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: s.refreshToken } })).statusCode).toBe(401);
  });
});
