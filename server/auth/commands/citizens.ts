/** Citizens register themselves (citizen ID as login), verify a phone or e-mail, reset passwords. */
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { hashPassword } from '../passwords.js';
import { checkOtp, otpError, sendOtp } from '../otp.js';
import type { RegisterBody } from '../schemas.js';
import { actorFor, normalizeUsername } from './login.js';

export async function registerCitizen(db: Db, ctx: RequestContext, input: RegisterBody) {
  if (!input.phone && !input.email) {
    throw errors.validation([{ path: '/phone', message: 'a phone number or an e-mail address is required', code: 'validation.required' }]);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('accounts').select('id').where('username', '=', input.citizenId).executeTakeFirst();
    if (taken) throw errors.conflict('auth.username_taken', 'An account with this citizen ID already exists');
    const account = await trx
      .insertInto('accounts')
      .values({
        kind: 'citizen',
        tenant_id: null,
        unit_id: null,
        username: input.citizenId,
        password_hash: passwordHash,
        full_name: input.fullName.trim(),
        phone: input.phone ?? null,
        email: input.email?.toLowerCase() ?? null,
        address: input.address ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const sent = await sendOtp(trx, account, 'verify');
    await writeAudit(trx, { ...ctx, actor: actorFor(account) }, { action: 'citizen.register', entityType: 'account', entityId: account.id });
    return { account, verification: sent };
  });
}

async function findCitizen(db: Db, username: string) {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('username', '=', normalizeUsername(username))
    .where('kind', '=', 'citizen')
    .executeTakeFirst();
}

export async function verifyCitizen(db: Db, ctx: RequestContext, input: { username: string; code: string }) {
  const account = await findCitizen(db, input.username);
  if (!account) throw otpError('expired');
  if (account.verified_at) return;
  const verdict = await db.transaction().execute(async (trx) => {
    const v = await checkOtp(trx, account.id, 'verify', input.code);
    if (v === 'ok') {
      await trx.updateTable('accounts').set({ verified_at: new Date(), updated_at: new Date() }).where('id', '=', account.id).execute();
      await writeAudit(trx, { ...ctx, actor: actorFor(account) }, { action: 'citizen.verify', entityType: 'account', entityId: account.id });
    }
    return v;
  });
  if (verdict !== 'ok') throw otpError(verdict);
}

export async function resendVerification(db: Db, _ctx: RequestContext, username: string) {
  const account = await findCitizen(db, username);
  // Same answer whether or not the account exists or is verified: nothing leaks.
  if (!account || account.verified_at) return;
  await db.transaction().execute((trx) => sendOtp(trx, account, 'verify'));
}

export async function requestPasswordReset(db: Db, _ctx: RequestContext, username: string) {
  const account = await db.selectFrom('accounts').selectAll().where('username', '=', normalizeUsername(username)).executeTakeFirst();
  if (!account || !account.active || (!account.email && !account.phone)) return;
  await db.transaction().execute((trx) => sendOtp(trx, account, 'reset'));
}

export async function confirmPasswordReset(db: Db, ctx: RequestContext, input: { username: string; code: string; newPassword: string }) {
  const account = await db.selectFrom('accounts').selectAll().where('username', '=', normalizeUsername(input.username)).executeTakeFirst();
  if (!account) throw otpError('expired');
  const passwordHash = await hashPassword(input.newPassword);
  const verdict = await db.transaction().execute(async (trx) => {
    const v = await checkOtp(trx, account.id, 'reset', input.code);
    if (v !== 'ok') return v;
    await trx
      .updateTable('accounts')
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: new Date() })
      .where('id', '=', account.id)
      .execute();
    // A reset ends every session: whoever knew the old password is logged out.
    await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('account_id', '=', account.id).where('revoked_at', 'is', null).execute();
    await writeAudit(trx, { ...ctx, actor: actorFor(account) }, { action: 'auth.password_reset', entityType: 'account', entityId: account.id, tenantId: account.tenant_id });
    return v;
  });
  if (verdict !== 'ok') throw otpError(verdict);
}
