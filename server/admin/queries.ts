import type { Db, Trx } from '../db/connect.js';
import { errors } from '../errors.js';
import type { GroupView } from './schemas.js';

type Q = Db | Trx;

export const listUnits = (db: Q, tenantId: string) =>
  db.selectFrom('units').selectAll().where('tenant_id', '=', tenantId).orderBy('agency_code').execute();

export async function getUnit(db: Q, tenantId: string, id: string) {
  const unit = await db.selectFrom('units').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!unit) throw errors.notFound('unit');
  return unit;
}

export function listAccounts(db: Q, tenantId: string, filter: { unitId?: string; q?: string }) {
  let q = db.selectFrom('accounts').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', 'staff');
  if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('username', 'like', like), eb(eb.fn('lower', ['full_name']), 'like', like)]));
  }
  return q.orderBy('username').limit(500).execute();
}

export async function getAccount(db: Q, tenantId: string, id: string) {
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'staff')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!account) throw errors.notFound('account');
  return account;
}

export async function getGroup(db: Q, tenantId: string, id: string) {
  const group = await db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!group) throw errors.notFound('group');
  return group;
}

export async function listGroups(db: Q, tenantId: string, unitId?: string): Promise<GroupView[]> {
  let q = db.selectFrom('groups').selectAll().where('tenant_id', '=', tenantId);
  if (unitId) q = q.where('unit_id', '=', unitId);
  const groups = await q.orderBy('unit_id').orderBy('name').execute();
  if (!groups.length) return [];
  const members = await db
    .selectFrom('group_members as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.group_id', 'a.id', 'a.username', 'a.full_name', 'a.active'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.group_id', 'in', groups.map((g) => g.id))
    .orderBy('a.username')
    .execute();
  return groups.map((g) => ({
    id: g.id,
    unitId: g.unit_id,
    name: g.name,
    title: g.title,
    members: members
      .filter((m) => m.group_id === g.id)
      .map((m) => ({ id: m.id, username: m.username, fullName: m.full_name, active: m.active })),
  }));
}
