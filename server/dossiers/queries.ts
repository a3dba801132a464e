import type { Db, Trx } from '../db/connect.js';
import type { Dossier } from '../db/database.js';
import { errors } from '../errors.js';

type Q = Db | Trx;

export async function dossierDetails(db: Q, dossier: Dossier) {
  const [version, unit, files, history, openTasks] = await Promise.all([
    db.selectFrom('service_versions').select(['version', 'name', 'procedure_code', 'components', 'form', 'service_id']).where('id', '=', dossier.version_id).executeTakeFirstOrThrow(),
    db.selectFrom('units').select(['id', 'name', 'agency_code']).where('id', '=', dossier.receiving_unit_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('dossier_files as df')
      .innerJoin('files as f', 'f.id', 'df.file_id')
      .select(['df.id as link_id', 'df.component_id', 'df.kind', 'df.superseded_at', 'df.created_at', 'f.id', 'f.name', 'f.mime', 'f.size', 'f.sha256'])
      .where('df.dossier_id', '=', dossier.id)
      .where('df.tenant_id', '=', dossier.tenant_id)
      .orderBy('df.created_at')
      .execute(),
    db.selectFrom('dossier_history').selectAll().where('dossier_id', '=', dossier.id).where('tenant_id', '=', dossier.tenant_id).orderBy('id').execute(),
    db
      .selectFrom('tasks')
      .select(['id', 'element_id', 'element_name', 'due_at', 'candidate_groups', 'assignee'])
      .where('tenant_id', '=', dossier.tenant_id)
      .where('business_key', '=', dossier.id)
      .where('status', '=', 'open')
      .execute(),
  ]);
  return { version, unit, files, history, openTasks };
}

export function listMyDossiers(db: Q, accountId: string, page: number) {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('service_versions as v', 'v.id', 'd.version_id')
    .select(['d.id', 'd.code', 'd.status', 'd.received_at', 'd.due_at', 'd.finished_at', 'v.name as service_name'])
    .where((eb) => eb.or([eb('d.applicant_account_id', '=', accountId), eb('d.filed_by', '=', accountId)]))
    .orderBy('d.received_at', 'desc')
    .limit(50)
    .offset((page - 1) * 50)
    .execute();
}

export async function trackByCode(db: Q, code: string) {
  const row = await db
    .selectFrom('dossiers as d')
    .innerJoin('service_versions as v', 'v.id', 'd.version_id')
    .innerJoin('units as u', 'u.id', 'd.receiving_unit_id')
    .select(['d.code', 'd.status', 'd.status_changed_at', 'd.received_at', 'd.due_at', 'd.finished_at', 'd.result_returned_at', 'v.name as service_name', 'u.name as unit_name'])
    .where('d.code', '=', code)
    .executeTakeFirst();
  if (!row) throw errors.notFound('dossier');
  return row;
}

/**
 * A file the dossier holds as filed or supplemented (attachment, supplement, authorization):
 * a file id that is not linked to this dossier is not found, whoever asks. The result file
 * has its own route, which waits for the dossier to finish.
 */
export async function dossierFile(db: Q, dossier: Dossier, fileId: string) {
  const row = await db
    .selectFrom('dossier_files as df')
    .innerJoin('files as f', 'f.id', 'df.file_id')
    .select(['f.id', 'f.name', 'f.mime', 'f.size', 'f.storage_key', 'df.kind', 'df.component_id'])
    .where('df.dossier_id', '=', dossier.id)
    .where('df.tenant_id', '=', dossier.tenant_id)
    .where('df.file_id', '=', fileId)
    .where('df.kind', 'in', ['attachment', 'supplement', 'authorization'])
    .limit(1)
    .executeTakeFirst();
  if (!row) throw errors.notFound('file');
  return row;
}
