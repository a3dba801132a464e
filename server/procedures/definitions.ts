/**
 * The runtime's view of a published version: its diagram, read by version id (the runtime
 * parses it once per version and caches it; versions are immutable). Dossiers always run on
 * the version they started on.
 */
import type { AnyTrx } from '../../runtime/db.js';
import { errors } from '../errors.js';

export async function loadVersionDiagram(trx: AnyTrx, ref: { tenantId: string; versionId: string }): Promise<string> {
  const row = await trx
    .selectFrom('service_versions')
    .select(['bpmn_xml'])
    .where('id', '=', ref.versionId)
    .where('tenant_id', '=', ref.tenantId)
    .executeTakeFirst();
  if (!row) throw errors.notFound('version');
  return row.bpmn_xml;
}
