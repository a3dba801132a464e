/**
 * Queuing a dossier's status change for the national portal, in the caller's transaction:
 * the outbox row commits or rolls back with the change it reports.
 */
import { sql } from 'kysely';
import type { Trx } from '../../db/connect.js';
import type { DossierStatusCode } from '../tables.js';

export interface PortalSyncInput {
  tenantId: string;
  dossierId: string;
  dossierCode: string;
  /** The national procedure code (mã TTHC); null for a service that has none yet. */
  procedureCode: string | null;
  /** The receiving agency's code. */
  agencyCode?: string | null;
  /** 1 newly submitted … 10 result returned. */
  status: DossierStatusCode;
  /** When the dossier reached this status. */
  changedAt: Date;
  receivedAt?: Date | null;
  dueAt?: Date | null;
  finishedAt?: Date | null;
  returnedAt?: Date | null;
  /** Anything else the portal's record carries (service name, applicant kind...). */
  payload?: Record<string, unknown>;
}

export interface QueuedPortalSync {
  id: string;
  sequence: number;
}

/**
 * The expression that takes the dossier's outbox lock (a transaction-scoped advisory lock, per
 * dossier, hashed): a caller that reads something anyway may select it in that read and then
 * call `insertPortalSync`, one round trip less than `queuePortalSync`.
 */
export function portalOutboxLock(dossierId: string) {
  return sql<string>`pg_advisory_xact_lock(hashtextextended(${`portal_outbox:${dossierId}`}, 0))`;
}

export async function queuePortalSync(trx: Trx, input: PortalSyncInput): Promise<QueuedPortalSync> {
  checkStatus(input.status);
  // Serializes the dossier's changes until commit, so max+1 never hands out one number twice;
  // a transaction that rolls back releases its number with its row, so there are no gaps.
  // The lock is per dossier (hashed), so other dossiers are never held up.
  await sql`select ${portalOutboxLock(input.dossierId)}`.execute(trx);
  return insertPortalSync(trx, input);
}

function checkStatus(status: number) {
  if (!Number.isInteger(status) || status < 1 || status > 10) {
    throw new RangeError(`Dossier status must be 1..10, got ${String(status)}`);
  }
}

/**
 * The outbox row, numbered max+1 of the dossier's rows in the same statement. Only with the
 * dossier's outbox lock already held by this transaction, taken by an earlier statement
 * (`portalOutboxLock`): the insert's snapshot, taken after the lock was granted, then sees
 * the rows of every transaction that held it before, so the number is never handed out twice.
 */
export async function insertPortalSync(trx: Trx, input: PortalSyncInput): Promise<QueuedPortalSync> {
  checkStatus(input.status);
  const row = await trx
    .insertInto('portal_outbox')
    .values({
      tenant_id: input.tenantId,
      dossier_id: input.dossierId,
      dossier_code: input.dossierCode,
      procedure_code: input.procedureCode,
      agency_code: input.agencyCode ?? null,
      dossier_status: input.status,
      changed_at: input.changedAt,
      received_at: input.receivedAt ?? null,
      due_at: input.dueAt ?? null,
      finished_at: input.finishedAt ?? null,
      returned_at: input.returnedAt ?? null,
      sequence: sql<number>`(select coalesce(max(p.sequence), 0) + 1 from portal_outbox p where p.dossier_id = ${input.dossierId})`,
      payload: JSON.stringify(input.payload ?? {}),
      last_error: null,
    })
    .returning(['id', 'sequence'])
    .executeTakeFirstOrThrow();
  return { id: row.id, sequence: Number(row.sequence) };
}
