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

export async function queuePortalSync(trx: Trx, input: PortalSyncInput): Promise<QueuedPortalSync> {
  if (!Number.isInteger(input.status) || input.status < 1 || input.status > 10) {
    throw new RangeError(`Dossier status must be 1..10, got ${String(input.status)}`);
  }
  // Serializes the dossier's changes until commit, so max+1 never hands out one number twice;
  // a transaction that rolls back releases its number with its row, so there are no gaps.
  // The lock is per dossier (hashed), so other dossiers are never held up.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`portal_outbox:${input.dossierId}`}, 0))`.execute(trx);
  const last = await trx
    .selectFrom('portal_outbox')
    .select(sql<number>`coalesce(max(sequence), 0)::int`.as('n'))
    .where('dossier_id', '=', input.dossierId)
    .executeTakeFirstOrThrow();
  const sequence = Number(last.n) + 1;
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
      sequence,
      payload: JSON.stringify(input.payload ?? {}),
      last_error: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, sequence };
}
