/**
 * The runtime's view of a published version: its diagram, parsed once per version id and
 * cached (versions are immutable). Dossiers always run on the version they started on.
 */
import { getDefinition, type ParsedDefinition } from '../../runtime/engine/definitions.js';
import type { AnyTrx } from '../../runtime/db.js';
import { errors } from '../errors.js';

export async function loadVersionDefinition(trx: AnyTrx, ref: { tenantId: string; versionId: string }): Promise<ParsedDefinition> {
  const row = await trx
    .selectFrom('service_versions')
    .select(['bpmn_xml'])
    .where('id', '=', ref.versionId)
    .where('tenant_id', '=', ref.tenantId)
    .executeTakeFirst();
  if (!row) throw errors.notFound('version');
  return getDefinition(ref.versionId, row.bpmn_xml);
}
