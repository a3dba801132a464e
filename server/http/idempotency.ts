/**
 * Idempotency keys: a retried request with the same key gets the first answer again, never a
 * second effect. The key row is inserted inside the command's transaction: a concurrent
 * duplicate waits on its unique index until the first commits (then replays its answer) or
 * rolls back (then runs itself). The same key with a different body is refused.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import Type from 'typebox';
import type { Db, Trx } from '../db/connect.js';
import { errors } from '../errors.js';

/**
 * How long a key is kept (the contract is at least 24 hours). Once expired, the same key is a
 * new request: it runs again (a second dossier if the first was received), since nothing is
 * left to compare it with. Times are the app's clock (`now`), so tests can move it.
 */
export const IDEMPOTENCY_TTL_HOURS = 48;

export interface Replay {
  statusCode: number;
  body: Record<string, unknown>;
}

export function requestHash(body: unknown): string {
  return crypto.createHash('sha256').update(stableStringify(body)).digest('hex');
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * The header schema of every route that requires a key, so the OpenAPI document says it is
 * required. Its validation errors are answered with the stable idempotency.* codes (see the
 * error handler), the same as assertKey's.
 */
export const IdempotencyKeyHeader = Type.Object({
  'idempotency-key': Type.String({ pattern: '^[A-Za-z0-9_.:-]{8,128}$', description: 'A key of the client\'s choice (8 to 128 letters, digits, or . _ : -); a retry with the same key and body gets the first answer again' }),
});

/** The refusal of a missing or malformed key (also used for the header schema's validation errors). */
export function keyRefusal(missing: boolean) {
  return missing
    ? errors.field('header:/idempotency-key', 'idempotency.key_required', 'An Idempotency-Key header is required')
    : errors.field('header:/idempotency-key', 'idempotency.key_invalid', 'The Idempotency-Key must be 8 to 128 letters, digits, or . _ : -');
}

export function assertKey(key: string | undefined): string {
  if (!key) throw keyRefusal(true);
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) throw keyRefusal(false);
  return key;
}

/** A stored answer for this key, checked before any work; undefined when there is none. */
export async function findReplay(db: Db | Trx, accountId: string, scope: string, key: string, hash: string, now: Date = new Date()): Promise<Replay | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== hash) throw errors.unprocessable('idempotency.key_reused', 'This Idempotency-Key was used with a different request');
  return { statusCode: row.status_code, body: row.response };
}

/**
 * Claims the key in the caller's transaction, before the work. Returns the earlier answer if
 * another request with this key committed first (the caller then rolls back its work).
 *
 * One statement: the insert takes the key; an expired row of the same key is overwritten
 * (a new request, as if deleted first); a live one is left as it is and its answer read. A
 * concurrent duplicate waits on the key's unique index until the first commits (then finds
 * its live row and replays it) or rolls back (then takes the key itself).
 */
export async function claimKey(trx: Trx, accountId: string, scope: string, key: string, hash: string, now: Date = new Date()): Promise<Replay | undefined> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ account_id: accountId, scope, key, request_hash: hash, status_code: 0, response: '{}', expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_HOURS * 3600_000) })
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'scope', 'key'])
        .doUpdateSet((eb) => ({
          request_hash: eb.ref('excluded.request_hash'),
          status_code: eb.ref('excluded.status_code'),
          response: eb.ref('excluded.response'),
          created_at: sql<Date>`now()`,
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where('idempotency_keys.expires_at', '<=', now),
    )
    .returning('key')
    .executeTakeFirst();
  if (inserted) return undefined;
  return findReplay(trx, accountId, scope, key, hash, now);
}

export async function storeAnswer(trx: Trx, accountId: string, scope: string, key: string, answer: Replay): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ status_code: answer.statusCode, response: JSON.stringify(answer.body) })
    .where('account_id', '=', accountId)
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}
