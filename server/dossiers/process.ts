/**
 * The bridge from the runtime to dossiers: a dossier's new tasks get their candidate groups
 * qualified with the receiving unit's agency code (as the runtime writes them, from the
 * process's `dossier.receivingUnit`, and here for any it left bare), and after every step
 * (inside the step's transaction) the statuses the process entered become the dossier's.
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

/**
 * The variables the server gives every dossier's process at its start (commands/submit.ts):
 * facts of the dossier that neither an official's completion nor a citizen's supplement sets.
 */
export const PROCESS_FACTS: readonly string[] = ['dossier', 'applicant'];

/**
 * The runtime's candidate-groups hook: a dossier's process names its receiving unit in
 * `dossier.receivingUnit` from the start (a dossier's receiving unit never changes).
 */
export function dossierTaskGroups(groups: string[], variables: Record<string, unknown>): string[] {
  const agencyCode = (variables.dossier as { receivingUnit?: unknown } | undefined)?.receivingUnit;
  return typeof agencyCode === 'string' && agencyCode ? qualifyGroups(groups, agencyCode) : groups;
}

const isBare = (g: string) => !parseGroup(g).agencyCode;

export async function applyStep(trx: Trx, result: StepResult & { businessKey?: string | null }, at: Date = new Date(), ctx: RequestContext = systemContext('process')): Promise<void> {
  const dossierId = result.businessKey;
  if (!dossierId) return;
  const bare = result.createdTasks.some((t) => t.candidateGroups.some(isBare));
  // Nothing to do without a bare group or a status to apply. A dossier's first step: its
  // statuses are applied by receive() once the code is allocated, so that the messages and
  // portal records carry the real code.
  if (!bare && (result.started || !result.statusChanges.length)) return;
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
  if (bare) {
    for (const task of result.createdTasks) {
      const qualified = qualifyGroups(task.candidateGroups, agencyCode);
      if (qualified.some((g, i) => g !== task.candidateGroups[i])) {
        await trx.updateTable('tasks').set({ candidate_groups: qualified }).where('id', '=', task.id).where('tenant_id', '=', dossier.tenant_id).execute();
      }
    }
  }
  if (result.started || isUnallocated(dossier.code)) return;
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
