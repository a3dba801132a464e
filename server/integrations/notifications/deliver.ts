/**
 * The delivery worker: sends pending outbox rows after their transaction committed.
 *
 * Rows are claimed in a short transaction of their own (`FOR UPDATE SKIP LOCKED`), and the
 * claim is a lease: `next_attempt_at` moves past the lease and `attempts` goes up, so other
 * workers (other server processes) skip the row while it is being sent, and a worker that
 * dies mid-send only delays it until the lease ends. Sending happens outside any
 * transaction: no database connection waits on a mail server. A row is marked sent only
 * while still pending, and only pending rows are ever claimed, so a row marked sent is
 * never sent again. (A crash between the provider's acceptance and the mark can repeat a
 * message: SMTP offers no way to ask "did you get it?", so delivery is at least once.)
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import { backoffMs, errorMessage } from '../registry.js';
import { PermanentDeliveryError, type NotificationChannel, type NotificationRegistry } from './providers.js';

export interface DeliverOptions {
  registry: NotificationRegistry;
  /** The worker's clock: rows due at or before it are sent. Tests move it. */
  now: Date;
  /** Rows to handle at most in this call; default 50. */
  limit?: number;
  /** Tries before a row is given up as failed; default 5. */
  maxAttempts?: number;
  /** First retry delay, doubled each time; default 30 s, at most `maxBackoffSeconds` (1 h). */
  backoffSeconds?: number;
  maxBackoffSeconds?: number;
  /** How long a claimed row stays ours; longer than a provider's own timeouts. Default 300 s. */
  leaseSeconds?: number;
  /** Messages sent at the same time; default 5. */
  concurrency?: number;
}

export interface DeliveryOutcome {
  id: string;
  channel: NotificationChannel;
  provider: string;
  attempt: number;
  outcome: 'sent' | 'retry' | 'failed';
  error?: string;
}

interface Claimed {
  id: string;
  tenant_id: string | null;
  channel: NotificationChannel;
  destination: string;
  template: string;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export async function deliverNotifications(db: Db, options: DeliverOptions): Promise<DeliveryOutcome[]> {
  const limit = options.limit ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 5);
  const channels = options.registry.routedChannels();
  const outcomes: DeliveryOutcome[] = [];
  if (channels.length === 0) return outcomes;
  // Bounded: each round claims at least one row or stops, and never more than `limit` in all.
  while (outcomes.length < limit) {
    const batch = await claim(db, channels, Math.min(concurrency, limit - outcomes.length), options);
    if (batch.length === 0) break;
    outcomes.push(...(await Promise.all(batch.map((row) => deliverOne(db, row, options)))));
  }
  return outcomes;
}

async function claim(db: Db, channels: NotificationChannel[], count: number, options: DeliverOptions): Promise<Claimed[]> {
  const { now } = options;
  const leaseEnd = new Date(now.getTime() + (options.leaseSeconds ?? 300) * 1000);
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('notification_outbox')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where('channel', 'in', channels)
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .limit(count)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable('notification_outbox')
      .set({ next_attempt_at: leaseEnd, attempts: sql<number>`attempts + 1` })
      .where(
        'id',
        'in',
        due.map((r) => r.id),
      )
      .returning(['id', 'tenant_id', 'channel', 'destination', 'template', 'subject', 'body', 'payload', 'attempts'])
      .execute();
    return rows as Claimed[];
  });
}

async function deliverOne(db: Db, row: Claimed, options: DeliverOptions): Promise<DeliveryOutcome> {
  const { now } = options;
  const { name, provider } = options.registry.forChannel(row.channel);
  const base = { id: row.id, channel: row.channel, provider: name, attempt: row.attempts };
  try {
    await provider.send({
      id: row.id,
      tenantId: row.tenant_id,
      channel: row.channel,
      destination: row.destination,
      template: row.template,
      subject: row.subject,
      body: row.body,
      payload: row.payload ?? {},
      attempt: row.attempts,
    });
  } catch (err) {
    const error = errorMessage(err);
    const giveUp = err instanceof PermanentDeliveryError || row.attempts >= (options.maxAttempts ?? 5);
    const delay = backoffMs(row.attempts, options.backoffSeconds ?? 30, options.maxBackoffSeconds ?? 3600);
    await db
      .updateTable('notification_outbox')
      .set(giveUp ? { status: 'failed', last_error: error } : { next_attempt_at: new Date(now.getTime() + delay), last_error: error })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      // Another worker re-claimed it after our lease ended: its outcome is the one that counts.
      .where('attempts', '=', row.attempts)
      .execute();
    return { ...base, outcome: giveUp ? 'failed' : 'retry', error };
  }
  // Marked sent even if another worker has re-claimed it meanwhile: the message went out,
  // and marking it stops any further send.
  await db
    .updateTable('notification_outbox')
    .set({ status: 'sent', sent_at: now, last_error: null })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .execute();
  return { ...base, outcome: 'sent' };
}
