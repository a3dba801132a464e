import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';

describe('tenant isolation', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTestTenant>>;
  let b: Awaited<ReturnType<typeof createTestTenant>>;
  let designerA: { authorization: string };
  let adminA: { authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTestTenant(t.db.db, 'ta', '000.00.00.T01', '000.01.01.T01');
    b = await createTestTenant(t.db.db, 'tb', '000.00.00.T02', '000.01.01.T02');
    designerA = (await loginAs(t.app, 'ta.designer', PASSWORD)).auth;
    adminA = (await loginAs(t.app, 'ta.admin', PASSWORD)).auth;
  });
  afterAll(() => t.close());

  const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: object, payload?: object) =>
    t.app.inject({ method, url, headers: headers as Record<string, string>, payload });

  it("lists only the caller's own province's units and groups", async () => {
    const units = (await req('GET', '/api/units', designerA)).json();
    expect(units.map((u: { agencyCode: string }) => u.agencyCode).sort()).toEqual(['000.00.00.T01', '000.01.01.T01']);
    const groups = (await req('GET', '/api/groups', designerA)).json();
    expect(groups.map((g: { unitId: string }) => g.unitId)).toEqual([a.commune.id]);
  });

  it("a designer of A reading a unit of B gets 404, and B's groups come back empty", async () => {
    const unit = await req('GET', `/api/units/${b.commune.id}`, designerA);
    expect(unit.statusCode).toBe(404);
    expect(unit.json().code).toBe('unit.not_found');
    const groups = await req('GET', `/api/groups?unitId=${b.commune.id}`, designerA);
    expect(groups.statusCode).toBe(200);
    expect(groups.json()).toEqual([]);
  });

  it.each([
    ['GET', () => `/api/units/${b.commune.id}`, undefined],
    ['PUT', () => `/api/admin/units/${b.commune.id}`, { name: 'Đổi tên' }],
    ['POST', () => '/api/admin/units', { parentId: '', agencyCode: '000.02.01.T02', name: 'Xã mới', level: 'commune' }],
    ['GET', () => `/api/admin/accounts/${b.official.id}`, undefined],
    ['PUT', () => `/api/admin/accounts/${b.official.id}`, { fullName: 'Đổi tên' }],
    ['POST', () => `/api/admin/accounts/${b.official.id}/password`, { password: 'Hacked@123' }],
    ['POST', () => '/api/admin/accounts', { username: 'intruder', password: 'Hacked@123', fullName: 'Kẻ lạ', unitId: '', roles: ['official'] }],
    ['PUT', () => `/api/admin/groups/${b.group.id}`, { title: 'Đổi tên' }],
    ['PUT', () => `/api/admin/groups/${b.group.id}/members`, { accountIds: [] }],
    ['DELETE', () => `/api/admin/groups/${b.group.id}`, undefined],
    ['POST', () => '/api/admin/groups', { unitId: '', name: 'x-y', title: 'Nhóm' }],
  ])("an admin of A touching B's rows (%s) gets 404 and nothing changes", async (method, url, body) => {
    const payload = body && 'parentId' in body ? { ...body, parentId: b.province.id } : body && 'unitId' in body ? { ...body, unitId: b.commune.id } : body;
    const res = await req(method as 'GET', url(), adminA, payload);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toMatch(/\.not_found$/);
  });

  it("leaves B's rows exactly as they were", async () => {
    const commune = await t.db.db.selectFrom('units').selectAll().where('id', '=', b.commune.id).executeTakeFirstOrThrow();
    expect(commune.name).toBe('Xã tb');
    expect(commune.version).toBe(1);
    const members = await t.db.db.selectFrom('group_members').selectAll().where('group_id', '=', b.group.id).execute();
    expect(members).toHaveLength(1);
    expect(await t.db.db.selectFrom('accounts').select('id').where('username', '=', 'intruder').executeTakeFirst()).toBeUndefined();
    await expect(loginAs(t.app, 'tb.official', PASSWORD)).resolves.toBeDefined();
  });

  it('a designer may not administer their own province (403 auth.role_required)', async () => {
    const res = await req('PUT', `/api/admin/units/${a.commune.id}`, designerA, { name: 'Đổi tên' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.role_required');
  });

  it('a citizen may not read units (403 auth.staff_only)', async () => {
    await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { citizenId: '001200009999', password: 'Matkhau@123', fullName: 'Dân', phone: '0900000999' } });
    const citizen = await loginAs(t.app, '001200009999', 'Matkhau@123');
    expect((await req('GET', '/api/units', citizen.auth)).json().code).toBe('auth.staff_only');
  });
});
