import type { Db, Trx } from '../db/connect.js';
import { errors } from '../errors.js';

/** The version new dossiers of a service are submitted on: its current, not retired one. */
export async function currentVersion(db: Db | Trx, serviceId: string) {
  const row = await db
    .selectFrom('services as s')
    .innerJoin('service_versions as v', 'v.id', 's.current_version_id')
    .selectAll('v')
    .where('s.id', '=', serviceId)
    .where('v.retired_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    // Its current version retired, a service takes no dossiers until a new one is published.
    const retired = await db.selectFrom('service_versions').select('id').where('service_id', '=', serviceId).where('retired_at', 'is not', null).limit(1).executeTakeFirst();
    if (retired) throw errors.field('/serviceId', 'service.retired', 'The service no longer takes dossiers: its version was retired and no new one is published');
    throw errors.field('/serviceId', 'service.not_available', 'The service is not published or no longer takes dossiers');
  }
  return row;
}

/**
 * A version a submission was pinned to when it started (fees due at submission are paid
 * later): the citizen filed on it, so it is used even if a newer one was published since.
 */
export async function pinnedVersion(db: Db | Trx, serviceId: string, versionId: string) {
  const row = await db.selectFrom('service_versions').selectAll().where('id', '=', versionId).where('service_id', '=', serviceId).executeTakeFirst();
  if (!row) throw errors.field('/serviceId', 'service.not_available', 'The version this submission was filed on is gone');
  return row;
}
