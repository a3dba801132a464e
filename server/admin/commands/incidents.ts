/**
 * Incidents of the province's processes: connector calls that failed on every try (the
 * runtime keeps the instance waiting where it was). An admin lists them, fixes the cause
 * outside, and retries: the job gets a fresh set of tries at once, and the retry is audited.
 * Another province's incidents are never found (404).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { listIncidents, retryIncident, type IncidentView } from '../../../runtime/index.js';
import { assertAdmin } from '../policies.js';
import type { IncidentQuery, IncidentView as IncidentReply } from '../schemas.js';

export async function listProcessIncidents(db: Db, ctx: RequestContext, query: IncidentQuery): Promise<IncidentReply[]> {
  const actor = ctx.actor;
  assertAdmin(actor);
  const incidents = await listIncidents(db as never, {
    tenantId: actor.tenantId,
    open: query.status !== 'all',
    ...(query.instanceId && { instanceId: query.instanceId }),
    limit: query.limit ?? 100,
  });
  return presentIncidents(db, actor.tenantId, incidents);
}

export async function retryProcessIncident(db: Db, ctx: RequestContext, incidentId: string, now: Date): Promise<IncidentReply> {
  const actor = ctx.actor;
  assertAdmin(actor);
  const incident = await db.transaction().execute(async (trx) => {
    const retried = await retryIncident(trx as never, { tenantId: actor.tenantId, incidentId, actor: actor.id, now });
    await writeAudit(trx, ctx, {
      action: 'incident.retry',
      entityType: 'process_incident',
      entityId: retried.id,
      details: { instanceId: retried.instanceId, elementId: retried.elementId, connector: retried.connector, error: retried.error },
    });
    return retried;
  });
  return (await presentIncidents(db, actor.tenantId, [incident]))[0];
}

/** With the dossier each instance runs for, so that an admin knows which one waits. */
async function presentIncidents(db: Db, tenantId: string, incidents: IncidentView[]): Promise<IncidentReply[]> {
  const instanceIds = [...new Set(incidents.map((i) => i.instanceId))];
  const dossiers = instanceIds.length
    ? await db
        .selectFrom('process_instances as pi')
        // business_key is text (the runtime knows no dossiers); compare as text.
        .leftJoin('dossiers as d', (j) => j.on(sql`d.id::text`, '=', sql.ref('pi.business_key')).on('d.tenant_id', '=', tenantId))
        .select(['pi.id as instanceId', 'd.id as dossierId', 'd.code as dossierCode'])
        .where('pi.tenant_id', '=', tenantId)
        .where('pi.id', 'in', instanceIds)
        .execute()
    : [];
  const byInstance = new Map(dossiers.map((d) => [d.instanceId, d]));
  return incidents.map((i) => ({
    id: i.id,
    instanceId: i.instanceId,
    dossierId: byInstance.get(i.instanceId)?.dossierId ?? null,
    dossierCode: byInstance.get(i.instanceId)?.dossierCode ?? null,
    elementId: i.elementId,
    connector: i.connector,
    error: i.error,
    createdAt: i.createdAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    resolvedBy: i.resolvedBy,
  }));
}
