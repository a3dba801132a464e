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
  let dossier = await trx.selectFrom('dossiers').selectAll().where('id', '=', dossierId).executeTakeFirst();
  if (!dossier) return;
  if (result.createdTasks.length) {
    const unit = await trx.selectFrom('units').select('agency_code').where('id', '=', dossier.receiving_unit_id).executeTakeFirstOrThrow();
    for (const task of result.createdTasks) {
      const qualified = qualifyGroups(task.candidateGroups, unit.agency_code);
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
