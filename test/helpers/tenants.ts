/** Tenants for tests, built with the same commands as the product. */
import type { Db } from '../../server/db/connect.js';
import type { RequestContext } from '../../server/context.js';
import { systemContext } from '../../server/context.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { createTenant, createUnit } from '../../server/admin/commands/units.js';
import { createStaffAccount } from '../../server/admin/commands/accounts.js';
import { createGroup, setGroupMembers } from '../../server/admin/commands/groups.js';

export const PASSWORD = 'Test@12345';

/** A province with one commune, its three groups, and one person per role. Usernames are prefixed. */
export async function createTestTenant(db: Db, prefix: string, provinceCode: string, communeCode: string) {
  const { tenant, unit: province } = await createTenant(db, systemContext('test'), { agencyCode: provinceCode, name: `Tỉnh ${prefix}` });
  const admin = await db
    .insertInto('accounts')
    .values({ kind: 'staff', tenant_id: tenant.id, unit_id: province.id, username: `${prefix}.admin`, password_hash: await hashPassword(PASSWORD), full_name: 'Admin', roles: ['admin'], email: null, phone: null, address: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  const ctx: RequestContext = { actor: { kind: 'staff', id: admin.id, tenantId: tenant.id, unitId: province.id, roles: ['admin'] } };
  const designer = await createStaffAccount(db, ctx, { username: `${prefix}.designer`, password: PASSWORD, fullName: 'Nhà thiết kế', unitId: province.id, roles: ['designer'] });
  const commune = await createUnit(db, ctx, { parentId: province.id, agencyCode: communeCode, name: `Xã ${prefix}`, level: 'commune' });
  const official = await createStaffAccount(db, ctx, { username: `${prefix}.official`, password: PASSWORD, fullName: 'Cán bộ', unitId: commune.id, roles: ['official'] });
  const group = await createGroup(db, ctx, { unitId: commune.id, name: 'tiep-nhan', title: 'Tiếp nhận' });
  await setGroupMembers(db, ctx, group.id, [official.id]);
  return { tenant, province, commune, admin, designer, official, group, adminCtx: ctx };
}
