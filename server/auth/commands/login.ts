import { sql } from 'kysely';
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
 *
 * Each attempt claims its place in the failure count in one UPDATE before the password is
 * checked, and the claim that reaches the limit sets the lock at once: however many logins
 * race, at most `maxFailures` passwords are checked before the lock applies. A right password
 * clears the count and the lock; a wrong one leaves its claim counted. A refused attempt waits
 * briefly before answering, so that many right logins at once are not refused by their own claims.
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
  const claim = await claimWhenFree(db, account.id, policy);
  if (!claim.claimed) {
    const seconds = Math.max(1, Math.ceil((claim.lockedUntil.getTime() - Date.now()) / 1000));
    throw errors.tooManyRequests('auth.locked', 'Too many failed logins: the account is locked for a while', seconds);
  }
  const ok = await verifyPassword(account.password_hash, input.password);
  if (!ok) {
    await db.transaction().execute((trx) =>
      writeAudit(trx, ctx, {
        action: 'auth.login_failed',
        entityType: 'account',
        entityId: account.id,
        tenantId: account.tenant_id,
        details: { failures: claim.attempts, locked: claim.locks },
      }),
    );
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

/** How long a refused attempt waits for checks still running to clear the lock they set. */
const CLAIM_WAIT_MS = 1500;
const CLAIM_RETRY_MS = 100;

/**
 * Claims an attempt, waiting a little when refused: the lock may only be the one set by the
 * last claim of a few logins still being checked at once, which a right password clears. A
 * lock earned by wrong passwords stays, and the attempt is refused after the wait.
 */
async function claimWhenFree(db: Db, accountId: string, policy: LoginPolicy): Promise<Claim> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    const claim = await claimAttempt(db, accountId, new Date(), policy);
    if (claim.claimed || Date.now() >= deadline) return claim;
    await new Promise((resolve) => setTimeout(resolve, CLAIM_RETRY_MS));
  }
}

type Claim = { claimed: true; attempts: number; locks: boolean } | { claimed: false; lockedUntil: Date };

/**
 * Counts one attempt unless the account is locked. An expired lock starts the count afresh;
 * the attempt that reaches the limit locks the account in the same statement.
 */
async function claimAttempt(db: Db, accountId: string, now: Date, policy: LoginPolicy): Promise<Claim> {
  const lockedUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
  const expired = sql<boolean>`locked_until is not null and locked_until <= ${now}`;
  const attempts = sql<number>`(case when ${expired} then 0 else failed_logins end) + 1`;
  const row = await db
    .updateTable('accounts')
    .set({
      failed_logins: attempts,
      locked_until: sql<Date | null>`case when ${attempts} >= ${policy.maxFailures} then ${lockedUntil}::timestamptz else null end`,
    })
    .where('id', '=', accountId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirst();
  if (row) return { claimed: true, attempts: row.failed_logins, locks: row.locked_until !== null };
  const current = await db.selectFrom('accounts').select('locked_until').where('id', '=', accountId).executeTakeFirst();
  return { claimed: false, lockedUntil: current?.locked_until ?? lockedUntil };
}
