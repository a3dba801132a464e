/**
 * Reads on the filled database: a queue page of a busy group (GET /api/tasks?queue=available
 * through the running server, counts included, as the desk asks for it), a lookup by dossier
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

export interface ReadResult {
  queueP95Ms: number;
  queueP50Ms: number;
  queueOpenTasks: number;
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

export async function measureReads(databaseUrl: string, serverUrl: string, input: { tenantId: string; busyGroup: string; officialToken: string; serviceIds: string[]; samples: number }): Promise<ReadResult> {
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
