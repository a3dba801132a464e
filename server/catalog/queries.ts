/**
 * The public catalogue: the current published version of every service that is not
 * retired. Search folds Vietnamese accents on both sides and ranks with PostgreSQL full
 * text over the folded text (prefix match on each word), so "dang ky khai sinh" finds
 * "Đăng ký khai sinh" and "khai sinh" ranks it above "Đăng ký kết hôn". A match in the name
 * ranks above a match only in the field or code: the stored search text holds the folded
 * name before a `|` (see publish.ts).
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { errors } from '../errors.js';
import { foldVietnamese, queryTerms } from './fold.js';

export const PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

export interface CatalogFilter {
  q?: string;
  field?: string;
  unit?: string;
  level?: 'full' | 'partial';
  page?: number;
  pageSize?: number;
}

function current(db: Db) {
  return db
    .selectFrom('service_versions as v')
    .innerJoin('services as s', (j) => j.onRef('s.current_version_id', '=', 'v.id').onRef('s.tenant_id', '=', 'v.tenant_id'))
    .where('v.retired_at', 'is', null);
}

export async function searchCatalog(db: Db, filter: CatalogFilter) {
  const terms = filter.q ? queryTerms(filter.q) : [];
  const tsquery = terms.map((t) => `${t}:*`).join(' & ');
  let q = current(db);
  if (terms.length) q = q.where(sql<boolean>`to_tsvector('simple', v.search_text) @@ to_tsquery('simple', ${tsquery})`);
  if (filter.field) q = q.where(sql<boolean>`lower(v.field) = lower(${filter.field})`);
  if (filter.unit) q = q.where(sql<boolean>`${filter.unit}::uuid = any(v.receiving_unit_ids)`);
  if (filter.level) q = q.where('v.online_level', '=', filter.level);
  const page = Math.max(1, filter.page ?? 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, filter.pageSize ?? PAGE_SIZE));
  const phrase = filter.q ? foldVietnamese(filter.q) : '';
  // The name starts with the query, holds it, holds all its words; else the query is only
  // elsewhere (field, code). ts_rank (below 1) orders within each tier.
  const name = sql`split_part(v.search_text, '|', 1)`;
  const rank = terms.length
    ? sql<number>`ts_rank(to_tsvector('simple', v.search_text), to_tsquery('simple', ${tsquery})) + case
        when ${name} like ${`${phrase}%`} then 4
        when ${name} like ${`%${phrase}%`} then 3
        when to_tsvector('simple', ${name}) @@ to_tsquery('simple', ${tsquery}) then 2
        when v.search_text like ${`%${phrase}%`} then 1
        else 0 end`
    : sql<number>`0`;
  const [rows, total] = await Promise.all([
    q
      .select(['v.id as version_id', 's.id', 'v.version', 'v.name', 'v.field', 'v.procedure_code', 'v.online_level', 'v.metadata', 'v.receiving_unit_ids', 'v.published_at'])
      .select(rank.as('rank'))
      .orderBy('rank', 'desc')
      .orderBy('v.name')
      // A total order, so pages never overlap or skip services of equal rank and name.
      .orderBy('s.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n), page, pageSize };
}

export async function getCatalogService(db: Db, serviceId: string) {
  const row = await current(db).selectAll('v').select(['s.id as service_id']).where('s.id', '=', serviceId).executeTakeFirst();
  if (!row) throw errors.notFound('service');
  return row;
}

export async function listFields(db: Db) {
  const rows = await current(db).select('v.field').select((eb) => eb.fn.countAll<string>().as('n')).groupBy('v.field').orderBy('v.field').execute();
  return rows.filter((r) => r.field).map((r) => ({ field: r.field, services: Number(r.n) }));
}

export function unitsByIds(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('units').select(['id', 'agency_code', 'name', 'level']).where('id', 'in', ids).where('active', '=', true).orderBy('agency_code').execute();
}
