/**
 * Statistics of one service since 1 January (Vietnamese time): dossiers received online and
 * in total, resolved, the on-time share, and the citizens' satisfaction. The national
 * reporting rules count by event date: a dossier counts as received in the year it was
 * received, as resolved in the year its processing finished (status 9 or 10), and its rating
 * in the year it was given. A dossier that got an apology and a new date (its original due
 * date kept) counts as late even when it met the new date.
 *
 * One statement, three index range scans (received_at, finished_at, rated_at per tenant and
 * service), so it stays fast however many years of dossiers the table holds.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../db/connect.js';
import { instantAt } from '../../runtime/calendar/index.js';

export interface ServiceStatistics {
  serviceId: string;
  year: number;
  /** The year's bounds as instants: 1 January 00:00 in Vietnam, inclusive, to the next, exclusive. */
  from: string;
  to: string;
  received: { online: number; total: number };
  resolved: { total: number; onTime: number; late: number; onTimeShare: number | null };
  satisfaction: { verySatisfied: number; satisfied: number; notSatisfied: number; total: number; satisfiedShare: number | null };
}

const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

export async function serviceStatistics(db: Db | Trx, tenantId: string, serviceId: string, year: number): Promise<ServiceStatistics> {
  const from = instantAt(`${year}-01-01`, '00:00');
  const to = instantAt(`${year + 1}-01-01`, '00:00');
  const { rows } = await sql<{
    received: number;
    received_online: number;
    resolved: number;
    on_time: number;
    very_satisfied: number;
    satisfied: number;
    not_satisfied: number;
  }>`
    with received as (
      select count(*)::int as received,
             count(*) filter (where channel = 'online')::int as received_online
        from dossiers
       where tenant_id = ${tenantId} and service_id = ${serviceId}
         and received_at >= ${from} and received_at < ${to}
    ), resolved as (
      select count(*)::int as resolved,
             count(*) filter (where on_time and original_due_at is null)::int as on_time
        from dossiers
       where tenant_id = ${tenantId} and service_id = ${serviceId}
         and finished_at >= ${from} and finished_at < ${to}
    ), rated as (
      select count(*) filter (where rating = 1)::int as very_satisfied,
             count(*) filter (where rating = 2)::int as satisfied,
             count(*) filter (where rating = 3)::int as not_satisfied
        from dossiers
       where tenant_id = ${tenantId} and service_id = ${serviceId}
         and rated_at >= ${from} and rated_at < ${to}
    )
    select * from received, resolved, rated`.execute(db);
  const r = rows[0];
  const rated = r.very_satisfied + r.satisfied + r.not_satisfied;
  return {
    serviceId,
    year,
    from: from.toISOString(),
    to: to.toISOString(),
    received: { online: r.received_online, total: r.received },
    resolved: { total: r.resolved, onTime: r.on_time, late: r.resolved - r.on_time, onTimeShare: share(r.on_time, r.resolved) },
    satisfaction: { verySatisfied: r.very_satisfied, satisfied: r.satisfied, notSatisfied: r.not_satisfied, total: rated, satisfiedShare: share(r.very_satisfied + r.satisfied, rated) },
  };
}
