/**
 * Durable timers at scale: instances of a process with an intermediate timer (P40D, beyond
 * what an in-process timer can hold) wait as job rows; the clock moves past them and job
 * runners in two processes fire them through the runtime's runDueJobs. Each timer must fire
 * exactly once: the task after it exists once per instance, and one timer job per instance
 * is done.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '../server/db/connect.js';
import { ProcessRuntime } from '../runtime/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const VERSION = 'bench-timer-v1';

export interface TimerResult {
  timers: number;
  startedForReal: number;
  fireS: number;
  /** Instances whose timer took effect once: one task after it and one done timer job. */
  fired: number;
  /** Instances whose timer took effect more than once (two tasks after it, or two done jobs). */
  doubled: number;
  missing: number;
  /** Timer jobs the runners ran to `done`, counted by the runners themselves. */
  firedByRunners: number;
}

function runner(databaseUrl: string, now: Date, loops: number): Promise<{ fired: number; failed: number; first: number; last: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'timer-runner.ts'), databaseUrl, now.toISOString(), String(loops)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`timer runner exited ${code}: ${err}`))));
  });
}

/** `startForReal` instances go through ProcessRuntime.startInstance; the rest copy the first one's rows. */
export async function measureTimers(databaseUrl: string, tenantId: string, count: number, startForReal: number): Promise<TimerResult> {
  const xml = fs.readFileSync(path.join(here, '../test/runtime/fixtures/intermediate-timer.bpmn'), 'utf8');
  const handle = await connect({ databaseUrl, poolSize: 4 });
  const runtime = new ProcessRuntime({ loadDiagram: async () => xml });
  let started = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (started < Math.min(count, startForReal)) {
        started++;
        await handle.db.transaction().execute((trx) => runtime.startInstance(trx, { tenantId, versionId: VERSION }));
      }
    }),
  );
  await handle.close();

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const copies = count - started;
    if (copies > 0) {
      await pool.query(
        `with template as (select * from process_instances where version_id = $1 order by created_at limit 1),
              fresh as (select gen_random_uuid() as id from generate_series(1, $2::int)),
              ins as (
                insert into process_instances (id, tenant_id, version_id, definition_key, business_key, status, state, variables, created_at, updated_at)
                select fresh.id, t.tenant_id, t.version_id, t.definition_key, null, 'running', t.state, t.variables, now(), now()
                  from fresh, template t returning id)
         insert into process_jobs (tenant_id, instance_id, kind, element_id, execution_id, connector, payload, due_at, created_at, updated_at)
         select j.tenant_id, ins.id, j.kind, j.element_id, j.execution_id, j.connector, j.payload, j.due_at, now(), now()
           from ins, process_jobs j where j.instance_id = (select id from template)`,
        [VERSION, copies],
      );
    }
    await pool.query('analyze process_jobs, process_instances');
    const due = await pool.query<{ max: Date }>("select max(due_at) from process_jobs where status = 'pending' and kind = 'timer'");
    const now = new Date(due.rows[0].max.getTime() + 60_000);
    const results = await Promise.all([runner(databaseUrl, now, 2), runner(databaseUrl, now, 2)]);
    const fireS = (Math.max(...results.map((r) => r.last)) - Math.min(...results.filter((r) => r.first).map((r) => r.first))) / 1000;
    const check = await pool.query<{ doubled: number; missing: number; fired: number }>(
      `select count(*) filter (where n_tasks > 1 or n_done > 1)::int as doubled,
              count(*) filter (where n_tasks = 0)::int as missing,
              count(*) filter (where n_tasks = 1)::int as fired
         from (select i.id,
                      (select count(*) from tasks t where t.instance_id = i.id and t.element_id = 'decide') as n_tasks,
                      (select count(*) from process_jobs j where j.instance_id = i.id and j.kind = 'timer' and j.status = 'done') as n_done
                 from process_instances i where i.version_id = $1) x`,
      [VERSION],
    );
    // Two counts of real fires that do not depend on each other: the rows each instance ended
    // with (above), and the runners' own tally of jobs they ran. A timer fired twice shows in
    // the rows as a second task, or in the tally as more fires than instances.
    const firedByRunners = results.reduce((a, r) => a + r.fired, 0);
    const doubled = Math.max(check.rows[0].doubled, firedByRunners - check.rows[0].fired - check.rows[0].doubled);
    return { timers: count, startedForReal: started, fireS: Math.round(fireS * 100) / 100, ...check.rows[0], doubled, firedByRunners };
  } finally {
    await pool.end();
  }
}
