/**
 * The bridge from the runtime to dossiers: after every step of a dossier's process (inside
 * the step's transaction) the new tasks get their candidate groups qualified with the
 * receiving unit's agency code, and the statuses the process entered become the dossier's.
 */
import type { Trx } from '../db/connect.js';
import { systemContext, type RequestContext } from '../context.js';
import type { StepResult } from '../../runtime/index.js';
import { parseGroup } from '../procedures/index.js';
import { changeStatus } from './events.js';

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
  for (const change of result.statusChanges) {
    if (change.status === dossier.status) continue;
    dossier = await changeStatus(trx, ctx, dossier, change.status, { action: 'process', at, details: { elementId: change.elementId, elementName: change.elementName } });
  }
}
