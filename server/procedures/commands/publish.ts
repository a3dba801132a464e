import type { Db, Trx } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { foldVietnamese } from '../../catalog/fold.js';
import { runChecks, type CheckOptions } from '../checks.js';
import { assertDesigner } from '../policies.js';
import { getServiceForDesigner, getVersion } from '../queries.js';

/**
 * Publishes the draft as version N+1: an immutable snapshot of the five steps. Refused with
 * the failing checks unless every check passes. The service row stays locked from the
 * checks to the insert, so two publishes never make the same number.
 */
export function publishService(db: Db, ctx: RequestContext, id: string, rowVersion?: number, checkOptions: CheckOptions = { onlinePayment: true }) {
  assertDesigner(ctx.actor);
  return db.transaction().execute((trx) => publishServiceIn(trx, ctx, id, rowVersion, checkOptions));
}

/** publishService inside the caller's transaction (the demo seed). */
export async function publishServiceIn(trx: Trx, ctx: RequestContext, id: string, rowVersion?: number, checkOptions: CheckOptions = { onlinePayment: true }) {
  const actor = ctx.actor;
  assertDesigner(actor);
  const service = await getServiceForDesigner(trx, actor, id, true);
  if (rowVersion !== undefined && rowVersion !== service.row_version) {
    throw errors.conflict('service.version_conflict', 'The service was changed by someone else: reload it', { rowVersion: service.row_version });
  }
  const checks = await runChecks(trx, service, checkOptions);
  const failing = checks.filter((c) => !c.ok && c.severity === 'error');
  if (failing.length) {
    throw errors.unprocessable('service.checks_failed', `${failing.length} publish check(s) fail`, { checks: failing });
  }
  const m = service.metadata;
  const version = service.latest_version + 1;
  const code = m.procedureCode ?? '';
  const row = await trx
    .insertInto('service_versions')
    .values({
      tenant_id: service.tenant_id,
      service_id: service.id,
      version,
      metadata: JSON.stringify(m),
      components: JSON.stringify(service.components),
      form: JSON.stringify(service.form),
      step_forms: JSON.stringify(service.step_forms),
      bpmn_xml: service.bpmn_xml!,
      name: m.name,
      field: m.field,
      procedure_code: m.procedureCode,
      online_level: m.onlineLevel,
      receiving_unit_ids: m.receivingUnitIds,
      // The name first, then `|` (never in folded text) before the other fields, so the
      // catalogue can rank a match in the name above one elsewhere.
      search_text: `${foldVietnamese(m.name)} | ${foldVietnamese(`${m.field} ${code}`)} ${code.replace(/\./g, '')}`.trim(),
      published_by: actor.id,
      retired_at: null,
      retired_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('services')
    .set({ latest_version: version, current_version_id: row.id, row_version: service.row_version + 1 })
    .where('id', '=', service.id)
    .execute();
  await writeAudit(trx, ctx, { action: 'service.publish', entityType: 'service', entityId: service.id, details: { version, versionId: row.id } });
  return { version: row, warnings: checks.filter((c) => !c.ok && c.severity === 'warning') };
}

/**
 * A retired version takes no new dossiers; dossiers already running on it go on. Retiring
 * the current version takes the service out of the catalogue until a new version is
 * published: an older, superseded version never comes back by itself.
 */
export async function retireVersion(db: Db, ctx: RequestContext, id: string, versionNumber: number) {
  const actor = ctx.actor;
  assertDesigner(actor);
  return db.transaction().execute(async (trx) => {
    const service = await getServiceForDesigner(trx, actor, id, true);
    const version = await getVersion(trx, actor.tenantId, id, versionNumber);
    if (version.retired_at) throw errors.conflict('version.already_retired', `Version ${versionNumber} is already retired`);
    await trx.updateTable('service_versions').set({ retired_at: new Date(), retired_by: actor.id }).where('id', '=', version.id).execute();
    let currentId = service.current_version_id;
    if (currentId === version.id) {
      currentId = null;
      await trx.updateTable('services').set({ current_version_id: null }).where('id', '=', id).execute();
    }
    await writeAudit(trx, ctx, { action: 'service.retire_version', entityType: 'service', entityId: id, details: { version: versionNumber } });
    return { currentVersionId: currentId };
  });
}
