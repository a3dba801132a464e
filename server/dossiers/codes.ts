/**
 * Dossier codes: `<agency code>-<YYMMDD>-<NNNN>` (Circular 01/2018/TT-VPCP, art. 19), the
 * date in Vietnam. The sequence is a row per agency and day, incremented in the submitting
 * transaction: its row lock is held until commit, so concurrent submissions queue on it and
 * a rolled-back submission gives its number back. Call it as late in the transaction as
 * possible to hold the lock briefly. Past 9,999 in a day the number simply grows a digit.
 */
import { sql } from 'kysely';
import type { Trx } from '../db/connect.js';
import { localDate } from '../../runtime/calendar/index.js';

export async function allocateCode(trx: Trx, tenantId: string, agencyCode: string, at: Date): Promise<string> {
  const day = localDate(at);
  const row = await trx
    .insertInto('dossier_sequences')
    .values({ agency_code: agencyCode, day, tenant_id: tenantId, last: 1 })
    .onConflict((oc) => oc.columns(['agency_code', 'day']).doUpdateSet({ last: sql`dossier_sequences.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  const yymmdd = day.slice(2, 4) + day.slice(5, 7) + day.slice(8, 10);
  return `${agencyCode}-${yymmdd}-${String(row.last).padStart(4, '0')}`;
}

/**
 * The code a dossier holds inside its receiving transaction until the real one is allocated
 * at the end of it (unique, never matches DOSSIER_CODE, never committed): the steps that run
 * before (the process's first step) see a dossier that is not received yet.
 */
export function unallocatedCode(dossierId: string): string {
  return `~${dossierId}`;
}
export function isUnallocated(code: string): boolean {
  return code.startsWith('~');
}

export const DOSSIER_CODE = /^[0-9A-Z.]{1,35}-\d{6}-\d{4,}$/;
