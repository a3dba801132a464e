/**
 * Reads on the filled database: queue pages of a busy group (GET /api/tasks?queue=available,
 * overdue and due-soon through the running server, counts included, as the desk asks for
 * them), the counts query on its own, the plans of those queries (each must reach the tasks
 * through an index, never a scan of all tasks), a lookup by dossier
 * code (the query behind GET /api/track/:code, whose route allows 60 calls a minute per
 * address), and the since-January statistics of the busiest service (the query behind
 * GET /api/reports/services/:id/statistics).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { connect } from '../server/db/connect.js';
import { trackByCode } from '../server/dossiers/queries.js';
import { serviceStatistics } from '../server/reports/index.js';
import { localDate } from '../runtime/calendar/index.js';
import { client } from './server.js';
import { officialScope } from '../server/tasks/policies.js';
import { countsQuery, queueQuery, type Queue } from '../server/tasks/queries.js';
import { tenantCalendar } from '../server/calendar/index.js';
import type { Db } from '../server/db/connect.js';

export interface ReadResult {
  queueP95Ms: number;
  queueP50Ms: number;
  queueOpenTasks: number;
  queueOverdueP95Ms: number;
  queueDueSoonP95Ms: number;
  countsP95Ms: number;
  /** Per query: how its plan reads tasks and dossiers; a Seq Scan of either is flagged (and counted in queue_seq_scans). */
  plans: Record<string, { scans: string[]; seqScan: boolean }>;
  lookupP95Ms: number;
  lookupP50Ms: number;
  statsMs: number;
  statsColdMs: number;
  statsService: { id: string; receivedThisYear: number };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) / 100;
};

async function times(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

/** How the plan reaches the tasks and dossiers tables: `tasks: Index Scan using tasks_open_due`, `dossiers: Seq Scan`, … */
function relationScans(node: PlanNode, out: string[] = []): string[] {
  const relation = node['Relation Name'];
  if (relation === 'tasks' || relation === 'dossiers') out.push(`${relation}: ${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`);
  else if (node['Node Type'] === 'Bitmap Index Scan' && /^(tasks|dossiers)/.test(node['Index Name'] ?? '')) out.push(`Bitmap Index Scan using ${node['Index Name']}`);
  for (const child of node.Plans ?? []) relationScans(child, out);
  return out;
}

/** EXPLAIN of the queue and counts queries as the server builds them, for the busy official. */
export async function queuePlans(db: Db, tenantId: string, username: string): Promise<ReadResult['plans']> {
  const account = await db.selectFrom('accounts').select(['id', 'unit_id', 'roles']).where('tenant_id', '=', tenantId).where('username', '=', username).executeTakeFirstOrThrow();
  const scope = await officialScope(db, { kind: 'staff', id: account.id, tenantId, unitId: account.unit_id!, roles: account.roles } as never);
  const now = new Date();
  const calendar = await tenantCalendar(db, tenantId);
  const dueSoonUntil = calendar.dueOn(calendar.nextWorkingDay(localDate(now)));
  const plans: ReadResult['plans'] = {};
  const explain = async (name: string, query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
    const compiled = query.compile();
    const res = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>({ ...compiled, sql: `explain (format json) ${compiled.sql}`, query: compiled as never } as never);
    const scans = relationScans(res.rows[0]['QUERY PLAN'][0].Plan);
    plans[name] = { scans, seqScan: scans.some((x) => x.endsWith(': Seq Scan')) };
  };
  for (const queue of ['available', 'overdue', 'due-soon'] as Queue[]) await explain(`queue_${queue}`, queueQuery(db, scope, { queue, now, dueSoonUntil }));
  await explain('counts', countsQuery(db, scope, now, dueSoonUntil));
  return plans;
}

export async function measureReads(databaseUrl: string, serverUrl: string, input: { tenantId: string; busyGroup: string; officialToken: string; officialUsername: string; serviceIds: string[]; samples: number }): Promise<ReadResult> {
  const handle = await connect({ databaseUrl, poolSize: 2 });
  const db = handle.db;
  try {
    const open = await sql<{ n: number }>`select count(*)::int as n from tasks where status = 'open' and candidate_groups @> ${sql.val([input.busyGroup])}::text[] and assignee is null`.execute(db);

    const official = client(serverUrl, input.officialToken);
    await times(5, async () => official.get('/api/tasks?queue=available'));
    const queue = await times(input.samples, async () => {
      const res = await official.get('/api/tasks?queue=available');
      if (res.status !== 200 || !res.body.items?.length) throw new Error(`queue page: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    });

    const page = (queue: string) => async () => {
      const res = await official.get(`/api/tasks?queue=${queue}`);
      if (res.status !== 200 || !Array.isArray(res.body.items)) throw new Error(`queue ${queue}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    };
    const overdue = await times(input.samples, page('overdue'));
    const dueSoon = await times(input.samples, page('due-soon'));
    const account = await db.selectFrom('accounts').select(['id', 'unit_id', 'roles']).where('tenant_id', '=', input.tenantId).where('username', '=', input.officialUsername).executeTakeFirstOrThrow();
    const scope = await officialScope(db, { kind: 'staff', id: account.id, tenantId: input.tenantId, unitId: account.unit_id!, roles: account.roles } as never);
    const counts = await times(input.samples, async () => countsQuery(db, scope, new Date(), new Date(Date.now() + 86_400_000)).executeTakeFirstOrThrow());
    const plans = await queuePlans(db, input.tenantId, input.officialUsername);

    const codes = (await sql<{ code: string }>`select code from dossiers tablesample system (1) limit ${input.samples * 2}`.execute(db)).rows.map((r) => r.code);
    const lookups = await times(codes.length, async (i) => trackByCode(db, codes[i]));

    const year = Number(localDate(new Date()).slice(0, 4));
    const busiest = await sql<{ service_id: string; n: number }>`select service_id, count(*)::int as n from dossiers where received_at >= ${new Date(`${year}-01-01T00:00:00+07:00`)} group by service_id order by n desc limit 1`.execute(db);
    const serviceId = busiest.rows[0]?.service_id ?? input.serviceIds[0];
    const cold = await times(1, async () => serviceStatistics(db, input.tenantId, serviceId, year));
    const stats = await times(11, async () => serviceStatistics(db, input.tenantId, serviceId, year));
    return {
      queueP95Ms: percentile(queue, 95),
      queueP50Ms: percentile(queue, 50),
      queueOpenTasks: open.rows[0].n,
      queueOverdueP95Ms: percentile(overdue, 95),
      queueDueSoonP95Ms: percentile(dueSoon, 95),
      countsP95Ms: percentile(counts, 95),
      plans,
      lookupP95Ms: percentile(lookups, 95),
      lookupP50Ms: percentile(lookups, 50),
      statsMs: percentile(stats, 50),
      statsColdMs: Math.round(cold[0] * 100) / 100,
      statsService: { id: serviceId, receivedThisYear: busiest.rows[0]?.n ?? 0 },
    };
  } finally {
    await handle.close();
  }
}
