import type { Db } from '../../db/connect.js';
import type { Account } from '../../db/database.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { burnPasswordCheck, verifyPassword } from '../passwords.js';
import { issueRefreshToken } from '../tokens.js';

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
  refreshTtlSeconds: number;
}

export const normalizeUsername = (u: string) => u.trim().toLowerCase();

/**
 * Checks a password and opens a session. The password hash is checked outside any
 * transaction (it is slow on purpose); failures count per account and lock it for a while,
 * whatever address they come from.
 */
export async function login(
  db: Db,
  ctx: RequestContext,
  input: { username: string; password: string },
  policy: LoginPolicy,
): Promise<{ account: Account; refreshToken: string }> {
  const username = normalizeUsername(input.username);
  const account = await db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
  if (!account) {
    await burnPasswordCheck(input.password);
    throw errors.unauthorized('auth.invalid_credentials', 'Wrong username or password');
  }
  const now = new Date();
  if (account.locked_until && account.locked_until > now) {
    const seconds = Math.ceil((account.locked_until.getTime() - now.getTime()) / 1000);
    throw errors.tooManyRequests('auth.locked', 'Too many failed logins: the account is locked for a while', seconds);
  }
  const ok = await verifyPassword(account.password_hash, input.password);
  if (!ok) {
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('accounts')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', account.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      if (row.failed_logins >= policy.maxFailures) {
        await trx
          .updateTable('accounts')
          .set({ failed_logins: 0, locked_until: new Date(now.getTime() + policy.lockMinutes * 60_000) })
          .where('id', '=', account.id)
          .execute();
      }
      await writeAudit(trx, ctx, {
        action: 'auth.login_failed',
        entityType: 'account',
        entityId: account.id,
        tenantId: account.tenant_id,
        details: { failures: row.failed_logins, locked: row.failed_logins >= policy.maxFailures },
      });
    });
    throw errors.unauthorized('auth.invalid_credentials', 'Wrong username or password');
  }
  if (!account.active) throw errors.forbidden('auth.account_disabled', 'This account is disabled');

  return db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ failed_logins: 0, locked_until: null }).where('id', '=', account.id).execute();
    const refreshToken = await issueRefreshToken(trx, account.id, policy.refreshTtlSeconds);
    await writeAudit(trx, { ...ctx, actor: actorFor(account) }, {
      action: 'auth.login',
      entityType: 'account',
      entityId: account.id,
      tenantId: account.tenant_id,
    });
    return { account, refreshToken };
  });
}

export function actorFor(account: Account): RequestContext['actor'] {
  return account.kind === 'staff'
    ? { kind: 'staff', id: account.id, tenantId: account.tenant_id!, unitId: account.unit_id!, roles: account.roles }
    : { kind: 'citizen', id: account.id };
}
