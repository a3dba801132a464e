/**
 * The bridge from the runtime to dossiers: after every step of a dossier's process (inside
 * the step's transaction) the new tasks get their candidate groups qualified with the
 * receiving unit's agency code, and the statuses the process entered become the dossier's.
 */
import type { Trx } from '../db/connect.js';
import { systemContext, type RequestContext } from '../context.js';
import type { StepResult } from '../../runtime/index.js';
import { parseGroup } from '../procedures/index.js';
import type { Dossier } from '../db/database.js';
import { changeStatus } from './events.js';
import { isUnallocated } from './codes.js';

/** `tiep-nhan` → `000.31.01.H29/tiep-nhan`; an already qualified group stays as it is. */
export function qualifyGroups(groups: string[], agencyCode: string): string[] {
  return groups.map((g) => (parseGroup(g).agencyCode ? g : `${agencyCode}/${g}`));
}

export async function applyStep(trx: Trx, result: StepResult & { businessKey?: string | null }, at: Date = new Date(), ctx: RequestContext = systemContext('process')): Promise<void> {
  const dossierId = result.businessKey;
  if (!dossierId) return;
  // The dossier and its receiving unit's agency code in one read (every dossier has its unit).
  const row = await trx
    .selectFrom('dossiers as d')
    .innerJoin('units as u', 'u.id', 'd.receiving_unit_id')
    .selectAll('d')
    .select('u.agency_code as receiving_agency_code')
    .where('d.id', '=', dossierId)
    .executeTakeFirst();
  if (!row) return;
  const { receiving_agency_code: agencyCode, ...dossier } = row;
  if (result.createdTasks.length) {
    for (const task of result.createdTasks) {
      const qualified = qualifyGroups(task.candidateGroups, agencyCode);
      if (qualified.some((g, i) => g !== task.candidateGroups[i])) {
        await trx.updateTable('tasks').set({ candidate_groups: qualified }).where('id', '=', task.id).where('tenant_id', '=', dossier.tenant_id).execute();
      }
    }
  }
  // The first step of a dossier being received: its statuses are applied by receive() once the
  // code is allocated, so that the messages and portal records carry the real code.
  if (isUnallocated(dossier.code)) return;
  await applyStatusChanges(trx, dossier, result.statusChanges, at, ctx);
}

/** The statuses the process entered become the dossier's, each a history row, a message and a portal record. */
export async function applyStatusChanges(trx: Trx, dossier: Dossier, changes: StepResult['statusChanges'], at: Date, ctx: RequestContext = systemContext('process')): Promise<Dossier> {
  for (const change of changes) {
    if (change.status === dossier.status) continue;
    dossier = await changeStatus(trx, ctx, dossier, change.status, { action: 'process', at, details: { elementId: change.elementId, elementName: change.elementName } });
  }
  return dossier;
}
