import type { Db, Trx } from '../db/connect.js';
import type { StaffActor } from '../context.js';
import { errors } from '../errors.js';
import { foldVietnamese } from '../catalog/fold.js';
import { designerUnits } from './policies.js';

type Q = Db | Trx;

/** A service the designer may see; 404 otherwise. `lock` takes the row lock for a change. */
export async function getServiceForDesigner(db: Q, actor: StaffActor, id: string, lock = false) {
  let q = db.selectFrom('services').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const service = await q.executeTakeFirst();
  if (!service || !(await designerUnits(db, actor)).has(service.unit_id)) throw errors.notFound('service');
  return service;
}

export function listVersions(db: Q, tenantId: string, serviceId: string) {
  return db
    .selectFrom('service_versions')
    .select(['id', 'version', 'published_at', 'published_by', 'retired_at'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .orderBy('version', 'desc')
    .execute();
}

export async function getVersion(db: Q, tenantId: string, serviceId: string, version: number) {
  const v = await db.selectFrom('service_versions').selectAll().where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).where('version', '=', version).executeTakeFirst();
  if (!v) throw errors.notFound('version');
  return v;
}

export async function listServicesForDesigner(db: Q, actor: StaffActor, filter: { q?: string; status?: string }) {
  const units = [...(await designerUnits(db, actor))];
  const services = await db.selectFrom('services').selectAll().where('tenant_id', '=', actor.tenantId).where('unit_id', 'in', units).orderBy('updated_at', 'desc').limit(1000).execute();
  const ids = services.map((s) => s.id);
  const versions = ids.length
    ? await db.selectFrom('service_versions').select(['id', 'service_id', 'version']).where('tenant_id', '=', actor.tenantId).where('service_id', 'in', ids).execute()
    : [];
  const terms = filter.q ? foldVietnamese(filter.q).split(' ').filter(Boolean) : [];
  return services
    .filter((s) => {
      if (!terms.length) return true;
      const text = foldVietnamese(`${s.metadata.name} ${s.metadata.field} ${s.metadata.procedureCode ?? ''}`);
      return terms.every((t) => text.includes(t));
    })
    .map((s) => ({ service: s, current: versions.find((v) => v.id === s.current_version_id), count: versions.filter((v) => v.service_id === s.id).length }))
    .filter((x) => !filter.status || (filter.status === 'published' ? !!x.current : filter.status === 'retired' ? !x.current && x.count > 0 : x.count === 0));
}
