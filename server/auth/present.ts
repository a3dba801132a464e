import type { Db, Trx } from '../db/connect.js';
import type { Account } from '../db/database.js';
import type { UserView } from './schemas.js';

export async function presentUser(db: Db | Trx, account: Account): Promise<UserView> {
  const groups = account.kind === 'staff'
    ? await db
        .selectFrom('group_members as m')
        .innerJoin('groups as g', 'g.id', 'm.group_id')
        .select(['g.id', 'g.name', 'g.unit_id'])
        .where('m.account_id', '=', account.id)
        .where('m.tenant_id', '=', account.tenant_id!)
        .orderBy('g.name')
        .execute()
    : [];
  return {
    id: account.id,
    kind: account.kind,
    username: account.username,
    fullName: account.full_name,
    roles: account.roles,
    tenantId: account.tenant_id,
    unitId: account.unit_id,
    groups: groups.map((g) => ({ id: g.id, name: g.name, unitId: g.unit_id })),
    email: account.email,
    phone: account.phone,
    address: account.address,
    verified: account.kind === 'staff' || account.verified_at !== null,
  };
}
