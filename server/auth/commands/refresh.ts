import type { Db } from '../../db/connect.js';
import type { Account } from '../../db/database.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { issueRefreshToken, parseRefreshToken, revokeFamily, secretMatches } from '../tokens.js';
import { actorFor } from './login.js';

type Outcome = { ok: true; account: Account; refreshToken: string } | { ok: false; reused: boolean };

/** Exchanges a refresh token for a new one (and the caller signs a new access token). */
export async function refresh(db: Db, ctx: RequestContext, token: string, ttlSeconds: number) {
  const parsed = parseRefreshToken(token);
  if (!parsed) throw errors.unauthorized('auth.refresh_invalid', 'The refresh token is not valid');

  // The reuse case must commit its revocation, so the transaction returns an outcome and
  // the error is thrown after it.
  const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
    const row = await trx.selectFrom('refresh_tokens').selectAll().where('id', '=', parsed.id).forUpdate().executeTakeFirst();
    if (!row || !secretMatches(row.token_hash, parsed.secret)) return { ok: false, reused: false };
    if (row.revoked_at || row.expires_at <= new Date()) return { ok: false, reused: false };
    const account = await trx.selectFrom('accounts').selectAll().where('id', '=', row.account_id).executeTakeFirstOrThrow();
    if (row.used_at) {
      await revokeFamily(trx, row.family_id);
      await writeAudit(trx, { ...ctx, actor: actorFor(account) }, {
        action: 'auth.refresh_reused',
        entityType: 'account',
        entityId: account.id,
        tenantId: account.tenant_id,
        details: { familyId: row.family_id },
      });
      return { ok: false, reused: true };
    }
    if (!account.active) return { ok: false, reused: false };
    await trx.updateTable('refresh_tokens').set({ used_at: new Date() }).where('id', '=', row.id).execute();
    const refreshToken = await issueRefreshToken(trx, account.id, ttlSeconds, row.family_id);
    return { ok: true, account, refreshToken };
  });

  if (!outcome.ok) {
    throw outcome.reused
      ? errors.unauthorized('auth.refresh_reused', 'This refresh token was already used: the session is revoked')
      : errors.unauthorized('auth.refresh_invalid', 'The refresh token is not valid');
  }
  return { account: outcome.account, refreshToken: outcome.refreshToken };
}

/** Ends the session the refresh token belongs to. Unknown tokens are ignored (idempotent). */
export async function logout(db: Db, ctx: RequestContext, token: string): Promise<void> {
  const parsed = parseRefreshToken(token);
  if (!parsed) return;
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('refresh_tokens').selectAll().where('id', '=', parsed.id).forUpdate().executeTakeFirst();
    if (!row || !secretMatches(row.token_hash, parsed.secret)) return;
    await revokeFamily(trx, row.family_id);
    // Logout takes no access token, so the request is anonymous: the token names who leaves.
    const account = await trx.selectFrom('accounts').selectAll().where('id', '=', row.account_id).executeTakeFirstOrThrow();
    await writeAudit(trx, { ...ctx, actor: actorFor(account) }, { action: 'auth.logout', entityType: 'account', entityId: account.id, tenantId: account.tenant_id });
  });
}
