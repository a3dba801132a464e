/**
 * The portal sender: posts queued status records, in order per dossier, after commit.
 *
 * Only a dossier's head can be claimed: its lowest pending sequence with every earlier one
 * already `sent` (acknowledged). Claiming takes the head row with `FOR UPDATE SKIP LOCKED`
 * and leases it (next_attempt_at pushed past the lease, attempts counted) in a short
 * transaction, so several sender processes work on different dossiers and never on one
 * dossier at once; n+1 becomes a head only when n is marked sent, which happens only on a
 * 2xx answer. The record is posted outside any transaction. A failure (non-2xx, timeout,
 * hang-up) schedules a retry with exponential backoff; after `maxAttempts` the row is
 * `failed` and the dossier's later records wait behind it until an operator requeues it.
 *
 * Delivery is at least once: an answer lost after the portal applied a record makes us send
 * it again. The idempotency key (`<dossierId>:<sequence>`, in a header and in the body)
 * lets the portal drop such a repeat, which makes the whole exactly once on its side.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import { backoffMs, errorMessage } from '../registry.js';
import type { PortalOutboxRow } from '../tables.js';
import { createHttpPortalSender, type PortalRecord, type PortalSender } from './senders.js';

export interface SyncPortalOptions {
  /** Posts to this URL with the HTTP sender, unless `sender` is given. */
  endpoint?: string;
  sender?: PortalSender;
  /** For the HTTP sender: extra headers, per-request timeout (10 s), fetch implementation. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The sender's clock: records due at or before it are sent. Tests move it. */
  now: Date;
  /** Records to handle at most in this call; default 100. */
  limit?: number;
  /** Dossiers posted to at the same time; default 5. */
  concurrency?: number;
  /** Tries before a record is failed; default 10. */
  maxAttempts?: number;
  /** First retry delay, doubled each time; default 30 s, at most `maxBackoffSeconds` (1 h). */
  backoffSeconds?: number;
  maxBackoffSeconds?: number;
  /** How long a claimed record stays ours; default 300 s, far beyond the request timeout. */
  leaseSeconds?: number;
}

export interface PortalSyncOutcome {
  id: string;
  dossierId: string;
  sequence: number;
  attempt: number;
  outcome: 'sent' | 'retry' | 'failed';
  error?: string;
}

export async function syncPortal(db: Db, options: SyncPortalOptions): Promise<PortalSyncOutcome[]> {
  const sender = options.sender ?? senderFor(options);
  const limit = options.limit ?? 100;
  const concurrency = Math.max(1, options.concurrency ?? 5);
  const outcomes: PortalSyncOutcome[] = [];
  // Bounded: each round claims at least one record or stops, never more than `limit` in all.
  // A dossier whose record was just acknowledged offers its next one in the next round.
  while (outcomes.length < limit) {
    const heads = await claimHeads(db, Math.min(concurrency, limit - outcomes.length), options);
    if (heads.length === 0) break;
    outcomes.push(...(await Promise.all(heads.map((row) => sendOne(db, sender, row, options)))));
  }
  return outcomes;
}

function senderFor(options: SyncPortalOptions): PortalSender {
  if (!options.endpoint) throw new Error('syncPortal needs an endpoint or a sender');
  return createHttpPortalSender({ endpoint: options.endpoint, headers: options.headers, timeoutMs: options.timeoutMs, fetch: options.fetch });
}

async function claimHeads(db: Db, count: number, options: SyncPortalOptions): Promise<PortalOutboxRow[]> {
  const { now } = options;
  const leaseEnd = new Date(now.getTime() + (options.leaseSeconds ?? 300) * 1000);
  return db.transaction().execute(async (trx) => {
    const heads = await trx
      .selectFrom('portal_outbox as o')
      .select('o.id')
      .where('o.status', '=', 'pending')
      .where('o.next_attempt_at', '<=', now)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('portal_outbox as p')
              .select(sql`1`.as('one'))
              .whereRef('p.dossier_id', '=', 'o.dossier_id')
              .whereRef('p.sequence', '<', 'o.sequence')
              .where('p.status', '<>', 'sent'),
          ),
        ),
      )
      .orderBy('o.next_attempt_at')
      .orderBy('o.created_at')
      .limit(count)
      .forUpdate('o')
      .skipLocked()
      .execute();
    if (heads.length === 0) return [];
    return trx
      .updateTable('portal_outbox')
      .set({ next_attempt_at: leaseEnd, attempts: sql<number>`attempts + 1` })
      .where(
        'id',
        'in',
        heads.map((h) => h.id),
      )
      .returningAll()
      .execute();
  });
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toPortalRecord(row: PortalOutboxRow): PortalRecord {
  return {
    idempotencyKey: `${row.dossier_id}:${row.sequence}`,
    dossierId: row.dossier_id,
    dossierCode: row.dossier_code,
    procedureCode: row.procedure_code,
    agencyCode: row.agency_code,
    status: row.dossier_status,
    sequence: row.sequence,
    changedAt: new Date(row.changed_at).toISOString(),
    receivedAt: iso(row.received_at),
    dueAt: iso(row.due_at),
    finishedAt: iso(row.finished_at),
    returnedAt: iso(row.returned_at),
    data: row.payload ?? {},
  };
}

async function sendOne(db: Db, sender: PortalSender, row: PortalOutboxRow, options: SyncPortalOptions): Promise<PortalSyncOutcome> {
  const { now } = options;
  const base = { id: row.id, dossierId: row.dossier_id, sequence: row.sequence, attempt: row.attempts };
  try {
    await sender.send(toPortalRecord(row), { tenantId: row.tenant_id, attempt: row.attempts });
  } catch (err) {
    const error = errorMessage(err);
    const giveUp = row.attempts >= (options.maxAttempts ?? 10);
    const delay = backoffMs(row.attempts, options.backoffSeconds ?? 30, options.maxBackoffSeconds ?? 3600);
    await db
      .updateTable('portal_outbox')
      .set(giveUp ? { status: 'failed', last_error: error } : { next_attempt_at: new Date(now.getTime() + delay), last_error: error })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      // A sender that took over after our lease ended decides; our late failure does not.
      .where('attempts', '=', row.attempts)
      .execute();
    return { ...base, outcome: giveUp ? 'failed' : 'retry', error };
  }
  // The portal acknowledged it: sent, whoever holds the lease now.
  await db
    .updateTable('portal_outbox')
    .set({ status: 'sent', sent_at: now, last_error: null })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .execute();
  return { ...base, outcome: 'sent' };
}

/**
 * Puts failed records back in line (after the portal or the record was fixed), oldest first
 * per dossier as always. Returns how many were requeued.
 */
export async function requeueFailedPortalSync(db: Db, filter: { tenantId: string; dossierId?: string; now: Date }): Promise<number> {
  let q = db
    .updateTable('portal_outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: filter.now })
    .where('tenant_id', '=', filter.tenantId)
    .where('status', '=', 'failed');
  if (filter.dossierId) q = q.where('dossier_id', '=', filter.dossierId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
