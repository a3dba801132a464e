/**
 * The national portal's record of a dossier at a status, queued in the caller's transaction
 * (the integrations outbox): every status change sends one, and so does a process step with
 * the `portal-sync` connector.
 */
import type { Trx } from '../db/connect.js';
import type { Dossier } from '../db/database.js';
import { insertPortalSync, portalOutboxLock, type QueuedPortalSync } from '../integrations/index.js';

/**
 * Two statements: the read of the version and the unit takes the dossier's outbox lock too
 * (the lock does not change what it reads), then the numbered insert (see insertPortalSync).
 */
export async function queueDossierPortalRecord(trx: Trx, dossier: Dossier, status: number, at: Date, extra: Record<string, unknown> = {}): Promise<QueuedPortalSync> {
  const v = await trx
    .selectFrom('service_versions as v')
    .innerJoin('units as u', (j) => j.on('u.id', '=', dossier.receiving_unit_id))
    .select(['v.procedure_code', 'v.name', 'u.agency_code', portalOutboxLock(dossier.id).as('locked')])
    .where('v.id', '=', dossier.version_id)
    .executeTakeFirstOrThrow();
  return insertPortalSync(trx, {
    tenantId: dossier.tenant_id,
    dossierId: dossier.id,
    dossierCode: dossier.code,
    procedureCode: v.procedure_code,
    agencyCode: v.agency_code,
    status: status as never,
    changedAt: at,
    receivedAt: dossier.received_at,
    dueAt: dossier.due_at,
    finishedAt: dossier.finished_at,
    returnedAt: dossier.result_returned_at,
    payload: { serviceName: v.name, channel: dossier.channel, ...extra },
  });
}
