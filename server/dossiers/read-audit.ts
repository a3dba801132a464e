/**
 * Who read whose data: an official's read of a dossier (its data, a slip, its payments) is
 * written to the audit log with what was read. A citizen reading their own dossier is not.
 */
import type { Db } from '../db/connect.js';
import type { RequestContext } from '../context.js';
import type { Dossier } from '../db/database.js';
import { writeAudit } from '../audit/index.js';

export type OfficialRead = 'dossier.view' | 'dossier.view_slip' | 'dossier.view_payments' | 'dossier.view_payment_receipt' | 'dossier.download_result' | 'dossier.download_file';

export async function auditOfficialRead(db: Db, ctx: RequestContext, dossier: Pick<Dossier, 'id' | 'tenant_id'>, action: OfficialRead, details?: Record<string, unknown>): Promise<void> {
  if (ctx.actor.kind !== 'staff') return;
  await db.transaction().execute((trx) => writeAudit(trx, ctx, { action, entityType: 'dossier', entityId: dossier.id, tenantId: dossier.tenant_id, ...(details && { details }) }));
}
