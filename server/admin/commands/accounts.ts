import type { Db, Trx } from '../../db/connect.js';
import type { Role } from '../../db/database.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { hashPassword } from '../../auth/passwords.js';
import { assertAdmin } from '../policies.js';
import { getAccount, getUnit } from '../queries.js';
import type { CreateAccountBody, UpdateAccountBody } from '../schemas.js';

export async function createStaffAccount(db: Db, ctx: RequestContext, input: CreateAccountBody) {
  assertAdmin(ctx.actor);
  // Hashed before the transaction: argon2 is slow on purpose and must not hold it open.
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute((trx) => createStaffAccountIn(trx, ctx, input, passwordHash));
}

/** createStaffAccount inside the caller's transaction, with the password already hashed. */
export async function createStaffAccountIn(trx: Trx, ctx: RequestContext, input: CreateAccountBody, passwordHash: string) {
  const actor = ctx.actor;
  assertAdmin(actor);
  const unit = await getUnit(trx, actor.tenantId, input.unitId);
  const taken = await trx.selectFrom('accounts').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw errors.conflict('account.username_taken', `Username ${input.username} is taken`);
  const account = await trx
    .insertInto('accounts')
    .values({
      kind: 'staff',
      tenant_id: actor.tenantId,
      unit_id: unit.id,
      username: input.username,
      password_hash: passwordHash,
      full_name: input.fullName.trim(),
      email: input.email?.toLowerCase() ?? null,
      phone: input.phone ?? null,
      address: null,
      roles: input.roles as Role[],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const { password: _p, ...details } = input;
  await writeAudit(trx, ctx, { action: 'account.create', entityType: 'account', entityId: account.id, details });
  return account;
}

export async function updateStaffAccount(db: Db, ctx: RequestContext, id: string, input: UpdateAccountBody) {
  const actor = ctx.actor;
  assertAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const account = await getAccount(trx, actor.tenantId, id);
    if (input.version !== undefined && input.version !== account.version) {
      throw errors.conflict('account.version_conflict', 'The account was changed by someone else: reload it', { version: account.version });
    }
    if (input.unitId && input.unitId !== account.unit_id) {
      await getUnit(trx, actor.tenantId, input.unitId);
      // Groups belong to a unit: moving to another unit leaves the old unit's groups.
      await trx.deleteFrom('group_members').where('account_id', '=', id).where('tenant_id', '=', actor.tenantId).execute();
    }
    if (id === actor.id && (input.active === false || (input.roles && !input.roles.includes('admin')))) {
      throw errors.unprocessable('account.self_lockout', 'You cannot disable yourself or remove your own admin role');
    }
    const updated = await trx
      .updateTable('accounts')
      .set({
        full_name: input.fullName?.trim() ?? account.full_name,
        unit_id: input.unitId ?? account.unit_id,
        roles: (input.roles as Role[] | undefined) ?? account.roles,
        email: input.email === undefined ? account.email : input.email?.toLowerCase() ?? null,
        phone: input.phone === undefined ? account.phone : input.phone,
        active: input.active ?? account.active,
        version: account.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('tenant_id', '=', actor.tenantId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.active === false) {
      await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('account_id', '=', id).where('revoked_at', 'is', null).execute();
    }
    const { version: _v, ...changes } = input;
    await writeAudit(trx, ctx, { action: 'account.update', entityType: 'account', entityId: id, details: changes });
    return updated;
  });
}

export async function setStaffPassword(db: Db, ctx: RequestContext, id: string, password: string) {
  const actor = ctx.actor;
  assertAdmin(actor);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await getAccount(trx, actor.tenantId, id);
    await trx
      .updateTable('accounts')
      .set((eb) => ({ password_hash: passwordHash, failed_logins: 0, locked_until: null, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', id)
      .where('tenant_id', '=', actor.tenantId)
      .execute();
    await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('account_id', '=', id).where('revoked_at', 'is', null).execute();
    await writeAudit(trx, ctx, { action: 'account.set_password', entityType: 'account', entityId: id });
  });
}
