import type { Db, Trx } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { assertAdmin } from '../policies.js';
import { getGroup, getUnit } from '../queries.js';

export function createGroup(db: Db, ctx: RequestContext, input: { unitId: string; name: string; title: string }) {
  assertAdmin(ctx.actor);
  return db.transaction().execute((trx) => createGroupIn(trx, ctx, input));
}

/** createGroup inside the caller's transaction. */
export async function createGroupIn(trx: Trx, ctx: RequestContext, input: { unitId: string; name: string; title: string }) {
  const actor = ctx.actor;
  assertAdmin(actor);
  const unit = await getUnit(trx, actor.tenantId, input.unitId);
  const taken = await trx.selectFrom('groups').select('id').where('unit_id', '=', unit.id).where('name', '=', input.name).executeTakeFirst();
  if (taken) throw errors.conflict('group.name_taken', `Unit ${unit.agency_code} already has a group ${input.name}`);
  const group = await trx
    .insertInto('groups')
    .values({ tenant_id: actor.tenantId, unit_id: unit.id, name: input.name, title: input.title.trim() })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, ctx, { action: 'group.create', entityType: 'group', entityId: group.id, details: input });
  return group;
}

export async function updateGroup(db: Db, ctx: RequestContext, id: string, input: { title: string }) {
  const actor = ctx.actor;
  assertAdmin(actor);
  return db.transaction().execute(async (trx) => {
    await getGroup(trx, actor.tenantId, id);
    const group = await trx
      .updateTable('groups')
      .set({ title: input.title.trim() })
      .where('id', '=', id)
      .where('tenant_id', '=', actor.tenantId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'group.update', entityType: 'group', entityId: id, details: input });
    return group;
  });
}

export async function deleteGroup(db: Db, ctx: RequestContext, id: string) {
  const actor = ctx.actor;
  assertAdmin(actor);
  await db.transaction().execute(async (trx) => {
    const group = await getGroup(trx, actor.tenantId, id);
    await trx.deleteFrom('groups').where('id', '=', id).where('tenant_id', '=', actor.tenantId).execute();
    await writeAudit(trx, ctx, { action: 'group.delete', entityType: 'group', entityId: id, details: { name: group.name, unitId: group.unit_id } });
  });
}

/** Replaces a group's members. Members are staff of the group's own unit. */
export async function setGroupMembers(db: Db, ctx: RequestContext, id: string, accountIds: string[]) {
  assertAdmin(ctx.actor);
  await db.transaction().execute((trx) => setGroupMembersIn(trx, ctx, id, accountIds));
}

/** setGroupMembers inside the caller's transaction. */
export async function setGroupMembersIn(trx: Trx, ctx: RequestContext, id: string, accountIds: string[]) {
  const actor = ctx.actor;
  assertAdmin(actor);
  const group = await getGroup(trx, actor.tenantId, id);
  const accounts = accountIds.length
    ? await trx
        .selectFrom('accounts')
        .select(['id', 'unit_id'])
        .where('tenant_id', '=', actor.tenantId)
        .where('kind', '=', 'staff')
        .where('id', 'in', accountIds)
        .execute()
    : [];
  const fields = accountIds.flatMap((accountId, i) => {
    const a = accounts.find((x) => x.id === accountId);
    if (!a) return [{ path: `/accountIds/${i}`, message: 'no such account in this province', code: 'account.not_found' }];
    if (a.unit_id !== group.unit_id) return [{ path: `/accountIds/${i}`, message: "is not staff of the group's unit", code: 'group.member_other_unit' }];
    return [];
  });
  if (fields.length) throw errors.validation(fields);
  await trx.deleteFrom('group_members').where('group_id', '=', id).where('tenant_id', '=', actor.tenantId).execute();
  if (accountIds.length) {
    await trx
      .insertInto('group_members')
      .values(accountIds.map((accountId) => ({ group_id: id, account_id: accountId, tenant_id: actor.tenantId })))
      .execute();
  }
  await writeAudit(trx, ctx, { action: 'group.set_members', entityType: 'group', entityId: id, details: { accountIds } });
}
