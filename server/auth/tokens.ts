/**
 * Refresh tokens: opaque `<id>.<secret>`, only the secret's SHA-256 stored. Each use rotates
 * the token within its family; a token used twice means it leaked, so the whole family is
 * revoked (OAuth 2.0 Security BCP, refresh token rotation with reuse detection).
 */
import crypto from 'node:crypto';
import type { Trx } from '../db/connect.js';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export async function issueRefreshToken(trx: Trx, accountId: string, ttlSeconds: number, familyId?: string): Promise<string> {
  const id = crypto.randomUUID();
  const secret = crypto.randomBytes(32).toString('base64url');
  await trx
    .insertInto('refresh_tokens')
    .values({
      id,
      account_id: accountId,
      family_id: familyId ?? crypto.randomUUID(),
      token_hash: sha256(secret),
      expires_at: new Date(Date.now() + ttlSeconds * 1000),
    })
    .execute();
  return `${id}.${secret}`;
}

export function parseRefreshToken(token: string): { id: string; secret: string } | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,})$/.exec(token);
  return m ? { id: m[1], secret: m[2] } : null;
}

export function secretMatches(storedHash: string, secret: string): boolean {
  const a = Buffer.from(storedHash, 'hex');
  const b = Buffer.from(sha256(secret), 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export async function revokeFamily(trx: Trx, familyId: string): Promise<void> {
  await trx
    .updateTable('refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}
