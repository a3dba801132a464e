/** What a refused desk action must leave as it was: the task, the dossier, its history, its process. */
import type { Db } from '../../server/db/connect.js';

export async function deskState(db: Db, taskId: string, dossierId: string) {
  return {
    task: await db.selectFrom('tasks').select(['status', 'assignee', 'claimed_at', 'row_version', 'completed_at', 'decision', 'data']).where('id', '=', taskId).executeTakeFirstOrThrow(),
    dossier: await db.selectFrom('dossiers').select(['status', 'row_version', 'updated_at', 'outcome', 'due_at', 'original_due_at', 'result_file_id']).where('id', '=', dossierId).executeTakeFirstOrThrow(),
    history: (await db.selectFrom('dossier_history').select((eb) => eb.fn.countAll<number>().as('n')).where('dossier_id', '=', dossierId).executeTakeFirstOrThrow()).n,
    files: (await db.selectFrom('dossier_files').select((eb) => eb.fn.countAll<number>().as('n')).where('dossier_id', '=', dossierId).executeTakeFirstOrThrow()).n,
    instance: await db.selectFrom('process_instances').select(['status', 'row_version', 'variables']).where('business_key', '=', dossierId).executeTakeFirstOrThrow(),
    openTasks: (await db.selectFrom('tasks').select('id').where('business_key', '=', dossierId).where('status', '=', 'open').execute()).map((r) => r.id),
  };
}
