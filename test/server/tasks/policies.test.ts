/**
 * An official's scope (officialScope): who they are and their groups, read in one query before
 * every task command, on the database of the run (PGlite, or PostgreSQL with TEST_DATABASE_URL).
 */
import { officialScope } from '../../../server/tasks/policies.js';
import { createStaffAccount } from '../../../server/admin/commands/accounts.js';
import { createGroup, setGroupMembers } from '../../../server/admin/commands/groups.js';
import { createUnit } from '../../../server/admin/commands/units.js';
import type { StaffActor } from '../../../server/context.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';

describe('officialScope', () => {
  let t: TestDb;
  let home: Awaited<ReturnType<typeof createTestTenant>>;
  let other: Awaited<ReturnType<typeof createTestTenant>>;
  let neighbour: { id: string };
  const actorOf = (a: { id: string; tenant_id: string | null; unit_id: string | null; roles: string[] }): StaffActor => ({ kind: 'staff', id: a.id, tenantId: a.tenant_id!, unitId: a.unit_id!, roles: a.roles as StaffActor['roles'] });

  beforeAll(async () => {
    t = await createTestDb();
    home = await createTestTenant(t.db, 'pol', '000.00.00.H40', '000.40.01.H40');
    other = await createTestTenant(t.db, 'pol2', '000.00.00.H41', '000.41.01.H41');
    neighbour = await createUnit(t.db, home.adminCtx, { parentId: home.province.id, agencyCode: '000.40.02.H40', name: 'Xã bên', level: 'commune' });
  });
  afterAll(() => t.close());

  it("gives the official their username, unit code and every group they belong to, qualified with the unit's code", async () => {
    const tham = await createGroup(t.db, home.adminCtx, { unitId: home.commune.id, name: 'tham-dinh', title: 'Thẩm định' });
    // A group of the neighbouring commune with the same name as one of theirs: not theirs.
    await createGroup(t.db, home.adminCtx, { unitId: neighbour.id, name: 'tham-dinh', title: 'Thẩm định' });
    await setGroupMembers(t.db, home.adminCtx, tham.id, [home.official.id]);
    const scope = await officialScope(t.db, actorOf(home.official));
    expect(scope.username).toBe('pol.official');
    expect(scope.unitCode).toBe('000.40.01.H40');
    expect([...scope.groups].sort()).toEqual(['000.40.01.H40/tham-dinh', '000.40.01.H40/tiep-nhan']);
    expect(scope.unitGroups).toEqual([]);
  });

  it('an official in no group has an empty list, not a missing one', async () => {
    const loner = await createStaffAccount(t.db, home.adminCtx, { username: 'pol.loner', password: PASSWORD, fullName: 'Chưa vào nhóm', unitId: home.commune.id, roles: ['official'] });
    const scope = await officialScope(t.db, actorOf(loner));
    expect(scope).toMatchObject({ username: 'pol.loner', unitCode: '000.40.01.H40', groups: [], unitGroups: [] });
  });

  it('a leader also gets every group of their unit, member or not; memberships of another tenant never count', async () => {
    const leader = await createStaffAccount(t.db, home.adminCtx, { username: 'pol.leader', password: PASSWORD, fullName: 'Lãnh đạo', unitId: home.commune.id, roles: ['leader'] });
    const scope = await officialScope(t.db, actorOf(leader));
    expect(scope.groups).toEqual([]);
    expect([...scope.unitGroups].sort()).toEqual(['000.40.01.H40/tham-dinh', '000.40.01.H40/tiep-nhan']);
    // The same account id claimed under another tenant: no such official there.
    await expect(officialScope(t.db, { ...actorOf(leader), tenantId: other.tenant.id })).rejects.toThrow();
    expect((await officialScope(t.db, actorOf(other.official))).groups).toEqual(['000.41.01.H41/tiep-nhan']);
  });
});
