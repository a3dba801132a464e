import type { Db, Trx } from '../../db/connect.js';
import type { Unit, UnitLevel } from '../../db/database.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { seedDecidedDays } from '../../../runtime/calendar/index.js';
import { errors } from '../../errors.js';
import { assertAdmin } from '../policies.js';
import { getUnit } from '../queries.js';
import type { CreateUnitBody, UpdateUnitBody } from '../schemas.js';

async function assertCodeFree(trx: Trx, agencyCode: string, exceptId?: string) {
  let q = trx.selectFrom('units').select('id').where('agency_code', '=', agencyCode);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) {
    throw errors.conflict('unit.agency_code_taken', `Agency code ${agencyCode} is already used by another unit`);
  }
}

/**
 * The shape of a province's tree: the province is its root alone (created with the tenant);
 * departments and communes sit directly under it; nothing sits under a commune.
 */
function assertTreeShape(level: UnitLevel, parent: Pick<Unit, 'level'>, field: { level: string; parent: string }) {
  if (level === 'province') {
    throw errors.field(field.level, 'unit.province_nested', 'A province is the root of its tree: it cannot sit under another unit');
  }
  if (parent.level === 'commune') {
    throw errors.field(field.parent, 'unit.parent_is_commune', 'A commune has no units under it');
  }
  if ((level === 'department' || level === 'commune') && parent.level !== 'province') {
    throw errors.field(field.parent, 'unit.parent_not_province', `A ${level} sits directly under the province`);
  }
}

/** Creates a province: a tenant with its root unit. Only the system does this (CLI, seed). */
export function createTenant(db: Db, ctx: RequestContext, input: { agencyCode: string; name: string }) {
  return db.transaction().execute((trx) => createTenantIn(trx, ctx, input));
}

/** createTenant inside the caller's transaction (the demo seed and the CLI build more in it). */
export async function createTenantIn(trx: Trx, ctx: RequestContext, input: { agencyCode: string; name: string }) {
  await assertCodeFree(trx, input.agencyCode);
  const tenant = await trx.insertInto('tenants').values({ code: input.agencyCode, name: input.name }).returningAll().executeTakeFirstOrThrow();
  const unit = await trx
    .insertInto('units')
    .values({ tenant_id: tenant.id, parent_id: null, agency_code: input.agencyCode, name: input.name, level: 'province' })
    .returningAll()
    .executeTakeFirstOrThrow();
  // The days the government has decided (Tết, swaps) are known before the admin edits any.
  const seeded = await seedDecidedDays(trx as never, tenant.id);
  await writeAudit(trx, ctx, { action: 'tenant.create', entityType: 'tenant', entityId: tenant.id, tenantId: tenant.id, details: { agencyCode: input.agencyCode, name: input.name, decidedDays: seeded } });
  return { tenant, unit };
}

/**
 * A province and its first admin, in one transaction (the tenant:create CLI): a taken
 * username leaves no province behind. The password comes hashed (argon2 stays outside).
 */
export function createTenantWithAdmin(db: Db, ctx: RequestContext, input: { agencyCode: string; name: string; username: string; passwordHash: string }) {
  return db.transaction().execute(async (trx) => {
    const { tenant, unit } = await createTenantIn(trx, ctx, input);
    const taken = await trx.selectFrom('accounts').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw errors.conflict('account.username_taken', `Username ${input.username} is taken`);
    const admin = await trx
      .insertInto('accounts')
      .values({ kind: 'staff', tenant_id: tenant.id, unit_id: unit.id, username: input.username, password_hash: input.passwordHash, full_name: 'Quản trị hệ thống', roles: ['admin'], email: null, phone: null, address: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'account.create', entityType: 'account', entityId: admin.id, tenantId: tenant.id, details: { username: input.username, roles: ['admin'] } });
    return { tenant, unit, admin };
  });
}

export function createUnit(db: Db, ctx: RequestContext, input: CreateUnitBody) {
  assertAdmin(ctx.actor);
  return db.transaction().execute((trx) => createUnitIn(trx, ctx, input));
}

/** createUnit inside the caller's transaction. */
export async function createUnitIn(trx: Trx, ctx: RequestContext, input: CreateUnitBody) {
  const actor = ctx.actor;
  assertAdmin(actor);
  const parent = await getUnit(trx, actor.tenantId, input.parentId);
  assertTreeShape(input.level as UnitLevel, parent, { level: '/level', parent: '/parentId' });
  await assertCodeFree(trx, input.agencyCode);
  const unit = await trx
    .insertInto('units')
    .values({ tenant_id: actor.tenantId, parent_id: parent.id, agency_code: input.agencyCode, name: input.name.trim(), level: input.level as UnitLevel })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(trx, ctx, { action: 'unit.create', entityType: 'unit', entityId: unit.id, details: { ...input } });
  return unit;
}

export async function updateUnit(db: Db, ctx: RequestContext, id: string, input: UpdateUnitBody) {
  const actor = ctx.actor;
  assertAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const unit = await getUnit(trx, actor.tenantId, id);
    if (input.version !== undefined && input.version !== unit.version) {
      throw errors.conflict('unit.version_conflict', 'The unit was changed by someone else: reload it', { version: unit.version });
    }
    if (input.agencyCode && input.agencyCode !== unit.agency_code) await assertCodeFree(trx, input.agencyCode, id);
    if (unit.parent_id === null && (input.active === false || (input.level && input.level !== 'province'))) {
      throw errors.unprocessable('unit.root_locked', 'The province unit cannot be deactivated or change level');
    }
    if (input.level && input.level !== unit.level && unit.parent_id !== null) {
      const level = input.level as UnitLevel;
      assertTreeShape(level, await getUnit(trx, actor.tenantId, unit.parent_id), { level: '/level', parent: '/level' });
      if (level === 'commune' && (await trx.selectFrom('units').select('id').where('tenant_id', '=', actor.tenantId).where('parent_id', '=', id).limit(1).executeTakeFirst())) {
        throw errors.field('/level', 'unit.parent_is_commune', 'A unit with units under it cannot become a commune');
      }
    }
    const updated = await trx
      .updateTable('units')
      .set({
        agency_code: input.agencyCode ?? unit.agency_code,
        name: input.name?.trim() ?? unit.name,
        level: (input.level as UnitLevel | undefined) ?? unit.level,
        active: input.active ?? unit.active,
        version: unit.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('tenant_id', '=', actor.tenantId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const { version: _v, ...changes } = input;
    await writeAudit(trx, ctx, { action: 'unit.update', entityType: 'unit', entityId: id, details: changes });
    return updated;
  });
}
