/**
 * Every change to a service's draft goes through `changeDraft`: one transaction that locks
 * the row, refuses a stale row version (two designers editing at once), applies the change,
 * bumps the version and writes the audit row.
 */
import type { Db, Trx } from '../../db/connect.js';
import type { Service, ServicesTable } from '../../db/database.js';
import type { Updateable } from 'kysely';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { assertDesigner } from '../policies.js';
import { getServiceForDesigner } from '../queries.js';

export interface DraftChange {
  action: string;
  details?: Record<string, unknown>;
  apply(service: Service, trx: Trx): Promise<Updateable<ServicesTable>> | Updateable<ServicesTable>;
}

export async function changeDraft(db: Db, ctx: RequestContext, id: string, expectedRowVersion: number | undefined, change: DraftChange): Promise<Service> {
  const actor = ctx.actor;
  assertDesigner(actor);
  return db.transaction().execute(async (trx) => {
    const service = await getServiceForDesigner(trx, actor, id, true);
    if (expectedRowVersion !== undefined && expectedRowVersion !== service.row_version) {
      throw errors.conflict('service.version_conflict', 'The service was changed by someone else: reload it', { rowVersion: service.row_version });
    }
    const set = await change.apply(service, trx);
    const updated = await trx
      .updateTable('services')
      .set({ ...set, row_version: service.row_version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .where('tenant_id', '=', actor.tenantId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: change.action, entityType: 'service', entityId: id, details: change.details });
    return updated;
  });
}
