/**
 * `npm run bench` (full) and `npm run bench -- --quick` (under two minutes): how fast the
 * main job runs against the database's own limit, measured in one run on one machine.
 *
 * It creates its own database on the PostgreSQL of DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), runs the real server on it as a child
 * process, drives it over loopback from a load generator in another process, prints a
 * table, writes bench/results.json, and drops the database (BENCH_KEEP=1 keeps it).
 *
 * BENCH_DOSSIERS   dossiers to fill before the reads (1,000,000 full, 100,000 quick)
 * BENCH_CPU_PROF=1 the server writes a V8 CPU profile to .scratch-bench/profiles/ when it stops
 * BENCH_SOAK_S     seconds of steady submissions to watch the server's memory (180 full, 0 quick)
 * BENCH_SKIP       phases to leave out while working on one, comma-separated: engine,reads,timers
 * BENCH_SERVER_NODE_OPTIONS  NODE_OPTIONS for the server process (none by default), to try V8 or heap settings
 * BENCH_HEAP_SNAPSHOT=S  after the load, signal the server for a heap snapshot and wait S seconds
 *                  (with BENCH_SERVER_NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2)
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { validateFormData } from '../server/dossiers/validate.js';
import { startServer, client, expectStatus, login, machineCpuMs, postgresCpuMs, type BenchServer } from './server.js';
import { buildProvince, formData, loginAll } from './setup.js';
import { captureSubmission, measurePgLimit } from './pg-limit.js';
import { fillDossiers } from './fill.js';
import { measureReads, percentile } from './reads.js';
import { measureTimers } from './timers.js';
import type { CompleteJob, LoadResult, SubmitJob } from './load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const target = Number(process.env.BENCH_DOSSIERS ?? (quick ? 100_000 : 1_000_000));
const plan = quick
  ? // Quick: fewer citizens to log in (each login is an argon2 check; 3 a commune still reach
    // all 14 communes and 5 services) and 2,000 timers instead of 10,000 (the longest phase).
    { communes: 12, citizens: 42, limitClients: [8, 16], limitS: 3, submitConnections: [16, 32], submitS: 4, completeConnections: [16], completeMax: 1500, soakS: 0, engineSteps: 300, readSamples: 100, timers: 2_000, timersReal: 100 }
  : { communes: 12, citizens: 600, limitClients: [8, 16, 32], limitS: 10, submitConnections: [8, 16, 32, 64], submitS: 15, completeConnections: [8, 16, 32], completeMax: 6000, soakS: 180, engineSteps: 2000, readSamples: 300, timers: 10_000, timersReal: 10_000 };
if (process.env.BENCH_SOAK_S) plan.soakS = Number(process.env.BENCH_SOAK_S);

const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const started = Date.now();
const loadavgStart = os.loadavg().map((l) => Math.round(l * 10) / 10);
const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const dbName = `bench_${crypto.randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function admin(text: string) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

/**
 * A load trial, with the CPU each party spent per successful operation over it (robust on a
 * shared machine, unlike throughput): the server, PostgreSQL, the load generator, and the
 * whole machine with how busy its cores were. Where the machine's cores are all busy, these
 * say which party to make cheaper.
 */
async function runLoad(job: SubmitJob | CompleteJob): Promise<LoadResult> {
  const cpu0 = server?.cpuMs() ?? 0;
  const db0 = postgresCpuMs();
  const m0 = machineCpuMs();
  const r = await runLoadProcess(job);
  const m1 = machineCpuMs();
  const perOp = (ms: number) => Math.round((ms / r.ok) * 100) / 100;
  if (r.ok) {
    if (server) r.serverCpuMsPerOp = perOp(server.cpuMs() - cpu0);
    r.dbCpuMsPerOp = perOp(postgresCpuMs() - db0);
    if (r.loadCpuMs !== undefined) r.loadCpuMsPerOp = perOp(r.loadCpuMs);
    r.machineCpuMsPerOp = perOp(m1.busy - m0.busy);
  }
  r.machineBusyPct = Math.round(((m1.busy - m0.busy) / Math.max(1, m1.busy - m0.busy + m1.idle - m0.idle)) * 100);
  return r;
}

function runLoadProcess(job: SubmitJob | CompleteJob): Promise<LoadResult> {
  const file = path.join(os.tmpdir(), `${dbName}-${job.mode}-${job.connections}.json`);
  fs.writeFileSync(file, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'load.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => {
      fs.rmSync(file, { force: true });
      if (code !== 0) return reject(new Error(`load generator exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!));
    });
  });
}

interface EngineFigures {
  startMs: number;
  stepMs: number;
  stepLiveMs: number;
  stateBytes: number;
}

/** bench/engine.ts's figures: the server's host for the standard template, then bpmn-engine's. */
function runEngineBench(steps: number): Promise<{ host: string; server: EngineFigures; bpmnEngine: EngineFigures }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'engine.ts'), String(steps)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      const host = /the server's host for it: (.+)$/m.exec(out);
      const figures = (prefix: string): EngineFigures | undefined => {
        const start = new RegExp(`^  ${prefix}start: median ([\\d.]+) ms`, 'm').exec(out);
        const step = new RegExp(`^  ${prefix}step \\(recovered\\): median ([\\d.]+) ms`, 'm').exec(out);
        const live = new RegExp(`^  ${prefix}step \\(live\\): median ([\\d.]+) ms`, 'm').exec(out);
        const state = new RegExp(`^  ${prefix}state: median (\\d+) bytes`, 'm').exec(out);
        if (!start || !step || !live || !state) return undefined;
        return { startMs: Number(start[1]), stepMs: Number(step[1]), stepLiveMs: Number(live[1]), stateBytes: Number(state[1]) };
      };
      const server = figures('');
      const bpmnEngine = figures('bpmn-engine ');
      if (code !== 0 || !host || !server || !bpmnEngine) return reject(new Error(`engine bench failed (${code}): ${out}`));
      resolve({ host: host[1].trim(), server, bpmnEngine });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const results: Record<string, unknown> = {};
const notes: Record<string, unknown> = {};
let server: BenchServer | undefined;

try {
  log(`${quick ? 'quick' : 'full'} run on database ${dbName}; ${target.toLocaleString('en')} dossiers for the reads`);
  await admin(`create database ${dbName}`);
  const jwtSecret = crypto.randomBytes(32).toString('hex');

  // 1. The province, through the API of a server without background loops (so the sample
  //    submission's rows stay exactly as its transaction left them).
  server = await startServer({ databaseUrl: dbUrl, jwtSecret, jobLoop: false });
  log(`server up at ${server.url} (migrated, demo seeded)`);
  const province = await buildProvince(server.url, dbUrl, { extraCommunes: plan.communes, citizens: plan.citizens });
  log(`province: ${province.communes.length} communes, ${province.services.length} services, ${province.citizens.length} citizens`);

  // 2. One real submission: its rows are the shape of the limit.
  const first = province.citizens[0];
  const firstToken = await login(server.url, first.username, 'Demo@2026');
  const key = `bench-sample-${crypto.randomBytes(4).toString('hex')}`;
  const sample = expectStatus(
    await client(server.url, firstToken).post('/api/dossiers', { serviceId: province.services[0].id, receivingUnitId: province.communes[0].id, data: formData(first, 0), attachments: [], resultChannel: 'online' }, { 'idempotency-key': key }),
    201,
    'sample submission',
  );
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  const shape = await captureSubmission(pool, sample.id, key);
  const inst = (await pool.query('select state::text as state, variables::text as variables from process_instances where id = $1', [shape.instanceId])).rows[0];
  const dos = (await pool.query('select data::text as data, applicant::text as applicant from dossiers where id = $1', [sample.id])).rows[0];
  const task = (await pool.query('select decisions from tasks where business_key = $1', [sample.id])).rows[0];
  const form = (await pool.query('select form from service_versions where id = $1', [province.services[0].versionId])).rows[0].form;
  await pool.end();
  notes.submission_rows = shape.perTable;
  log(`a submission writes ${shape.rows.length} rows, ${shape.totalBytes} bytes (${shape.jsonbBytes} in jsonb): ${JSON.stringify(shape.perTable)}`);

  // 3. The database's limit for that transaction, before anything else loads the machine.
  const limit = await measurePgLimit(dbUrl, shape, province.communes.map((c) => ({ unitId: c.id, agencyCode: c.agencyCode })), { clients: plan.limitClients, seconds: plan.limitS });
  results.pg_limit_tps = limit.tps;
  notes.pg_limit = { rows: shape.rows.length, bytes: shape.totalBytes, jsonbBytes: shape.jsonbBytes, trials: limit.trials };
  log(`pg_limit_tps ${limit.tps} (${limit.trials.map((t) => `${t.clients} clients: ${t.tps}`).join(', ')})`);

  // 4. The server as it runs in production (job and outbox loops on), fresh.
  await server.stop();
  server = await startServer({ databaseUrl: dbUrl, jwtSecret, jobLoop: true, cpuProfDir: process.env.BENCH_CPU_PROF ? path.resolve('.scratch-bench/profiles') : undefined });
  await sleep(2000);
  const loadStarted = new Date();
  results.rss_mb_idle = server.rssMb();
  // The server's RSS once a second from here to the end of the load.
  const rssSamples: Array<[number, number]> = [];
  const sampler = setInterval(() => {
    try {
      rssSamples.push([Math.round((Date.now() - loadStarted.getTime()) / 1000), server!.rssMb()]);
    } catch {
      // The server is gone: the phase that needs it fails with the reason.
    }
  }, 1000);
  sampler.unref();
  const tokens = await loginAll(server.url, province.citizens.map((c) => c.username));
  const officialTokens = await loginAll(server.url, province.communes.map((c) => c.receiver));
  log(`logged in ${tokens.size} citizens and ${officialTokens.size} receiving officials; server RSS ${results.rss_mb_idle} MB idle`);

  // 5. Submissions at several concurrencies; the best throughput counts.
  // Citizens take the communes and the services in turn, so the load reaches every receiving
  // agency and every service (real load is spread that way); with 14 communes and 5 services
  // (coprime), the first 70 citizens also make 70 different pairs.
  const bodies = province.citizens.map((c, i) => ({
    token: tokens.get(c.username)!,
    // No result channel: each service's first (a partially online one returns at the counter).
    body: { serviceId: province.services[i % province.services.length].id, receivingUnitId: province.communes[i % province.communes.length].id, data: formData(c, i), attachments: [] },
  }));
  const receivingUnits = new Set(bodies.map((b) => b.body.receivingUnitId)).size;
  if (receivingUnits < 10) throw new Error(`the submissions reach ${receivingUnits} receiving agencies; the issue asks for at least 10 (more communes or citizens)`);
  notes.receiving_units = receivingUnits;
  notes.services_submitted = new Set(bodies.map((b) => b.body.serviceId)).size;
  await runLoad({ mode: 'submit', url: server.url, connections: 8, durationS: 2, bodies, keyPrefix: `warm-${dbName}` });
  const submitTrials: LoadResult[] = [];
  for (const connections of plan.submitConnections) {
    const r = await runLoad({ mode: 'submit', url: server.url, connections, durationS: plan.submitS, bodies, keyPrefix: `s${connections}-${dbName}` });
    submitTrials.push(r);
    log(`submit, ${connections} connections: ${r.perS}/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, CPU each: server ${r.serverCpuMsPerOp} ms, database ${r.dbCpuMsPerOp} ms, load generator ${r.loadCpuMsPerOp} ms, machine ${r.machineCpuMsPerOp} ms (cores ${r.machineBusyPct}% busy), ${r.failed} failed ${JSON.stringify(r.errors)}`);
  }
  const bestSubmit = submitTrials.reduce((a, b) => (b.perS > a.perS ? b : a));
  Object.assign(results, { submit_per_s: bestSubmit.perS, submit_p50_ms: bestSubmit.p50Ms, submit_p99_ms: bestSubmit.p99Ms, submit_ratio: Math.round((bestSubmit.perS / limit.tps) * 1000) / 1000 });
  notes.submit = { connections: bestSubmit.connections, trials: submitTrials };

  // 6. Claim + complete the first-step tasks those submissions created.
  const tpool = new pg.Pool({ connectionString: dbUrl, max: 1 });
  // Only tasks of the HTTP submissions: the limit's copies (step 3) are older than this server.
  const open = await tpool.query<{ id: string; grp: string }>("select id, candidate_groups[1] as grp from tasks where status = 'open' and element_id = 'receive' and assignee is null and created_at >= $1 order by random()", [loadStarted]);
  // What the server stored, not what was sent: the agencies the load's dossiers reached.
  const reached = await tpool.query<{ n: number }>('select count(distinct receiving_unit_id)::int as n from dossiers where created_at >= $1', [loadStarted]);
  await tpool.end();
  notes.receiving_units_reached = reached.rows[0].n;
  log(`the submissions reached ${reached.rows[0].n} receiving agencies (${receivingUnits} in the bodies, ${notes.services_submitted} services)`);
  const receiverOf = new Map(province.communes.map((c) => [`${c.agencyCode}/tiep-nhan`, officialTokens.get(c.receiver)!]));
  const tasks = open.rows.map((t) => ({ id: t.id, token: receiverOf.get(t.grp)! })).filter((t) => t.token);
  const completeTrials: LoadResult[] = [];
  let offset = 0;
  // About as long as a submission trial at the submission rate, within the tasks there are.
  const perTrial = Math.min(plan.completeMax, Math.max(200, Math.round(bestSubmit.perS * plan.submitS * 1.5)), Math.floor(tasks.length / plan.completeConnections.length) - Math.max(...plan.completeConnections));
  if (perTrial < 1) throw new Error(`only ${tasks.length} open first-step tasks to claim and complete`);
  for (const connections of plan.completeConnections) {
    const slice = tasks.slice(offset, offset + perTrial + connections);
    offset += perTrial + connections;
    const r = await runLoad({ mode: 'complete', url: server.url, connections, tasks: slice, count: perTrial });
    completeTrials.push(r);
    log(`claim+complete, ${connections} connections: ${r.perS}/s, pair p50 ${r.p50Ms} ms, pair p99 ${r.p99Ms} ms, complete p99 ${r.completeP99Ms} ms, CPU a pair: server ${r.serverCpuMsPerOp} ms, database ${r.dbCpuMsPerOp} ms, load generator ${r.loadCpuMsPerOp} ms, machine ${r.machineCpuMsPerOp} ms (cores ${r.machineBusyPct}% busy), ${r.failed} failed ${JSON.stringify(r.errors)}`);
  }
  const bestComplete = completeTrials.reduce((a, b) => (b.perS > a.perS ? b : a));
  Object.assign(results, { complete_per_s: bestComplete.perS, complete_p99_ms: bestComplete.p99Ms, complete_ratio: Math.round((bestComplete.perS / limit.tps) * 1000) / 1000 });
  notes.complete = { connections: bestComplete.connections, tasksAvailable: tasks.length, receivingGroups: new Set(open.rows.map((t) => t.grp)).size, trials: completeTrials };

  // A longer steady load at the best concurrency, to see whether the server's memory keeps
  // growing (the goal: no growth over a long run). Growth: the mean of the soak's last ten
  // samples less that of its first ten.
  if (plan.soakS > 0) {
    const soakFrom = rssSamples.length;
    const r = await runLoad({ mode: 'submit', url: server.url, connections: bestSubmit.connections, durationS: plan.soakS, bodies, keyPrefix: `soak-${dbName}` });
    const soak = rssSamples.slice(soakFrom).map(([, mb]) => mb);
    const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    const growth = mean(soak.slice(-10)) - mean(soak.slice(0, 10));
    results.rss_growth_mb = growth;
    notes.soak = { seconds: plan.soakS, connections: bestSubmit.connections, submissions: r.ok, perS: r.perS, failed: r.failed, rssFirstMb: mean(soak.slice(0, 10)), rssLastMb: mean(soak.slice(-10)), rssMaxMb: Math.max(...soak) };
    log(`soak: ${plan.soakS} s of submissions at ${bestSubmit.connections} connections (${r.perS}/s, ${r.failed} failed); server RSS ${mean(soak.slice(0, 10))} MB at the start, ${mean(soak.slice(-10))} MB at the end, max ${Math.max(...soak)} MB`);
  }
  await sleep(2000);
  clearInterval(sampler);
  results.rss_mb_after_load = server.rssMb();
  notes.rss = { maxMb: Math.max(...rssSamples.map(([, mb]) => mb)), samples: rssSamples };
  log(`server RSS ${results.rss_mb_after_load} MB after the load`);
  if (process.env.BENCH_HEAP_SNAPSHOT) {
    // What the server's heap holds after the load: a V8 heap snapshot (the server must run with
    // BENCH_SERVER_NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2), written in the working folder.
    process.kill(server.pid, 'SIGUSR2');
    await sleep(Number(process.env.BENCH_HEAP_SNAPSHOT) * 1000 || 30_000);
    log('heap snapshot asked for (Heap.*.heapsnapshot in the working folder)');
  }

  // 7. CPU per start and step (bench/engine.ts, the standard template), and form validation.
  //    engine_step_ms: a step from the stored state to the new stored state (recovering the
  //    engine), as an official's step is, on the host the server runs the template on (the
  //    compact interpreter); engine_step_live_ms: the same step on the engine kept from the
  //    instance's previous step, which a server has only for back-to-back steps. The bpmn_engine_*
  //    keys: the same on bpmn-engine, the host of every process the compact interpreter leaves.
  const none = { startMs: NaN, stepMs: NaN, stepLiveMs: NaN, stateBytes: NaN };
  const engine = skip.has('engine') ? { host: 'skipped', server: none, bpmnEngine: none } : await runEngineBench(plan.engineSteps);
  Object.assign(results, {
    engine_start_ms: engine.server.startMs,
    engine_step_ms: engine.server.stepMs,
    engine_step_live_ms: engine.server.stepLiveMs,
    state_bytes: engine.server.stateBytes,
    bpmn_engine_start_ms: engine.bpmnEngine.startMs,
    bpmn_engine_step_ms: engine.bpmnEngine.stepMs,
    bpmn_engine_step_live_ms: engine.bpmnEngine.stepLiveMs,
    bpmn_engine_state_bytes: engine.bpmnEngine.stateBytes,
  });
  notes.engine_host = `the server runs the standard template on the ${engine.host}`;
  notes.engine_step_live_ms = 'hit rate expected ~0 for officials\' steps (hours or days apart, thousands of open dossiers per server, 100 live engines kept); engine_step_ms is the step a server takes';
  const validations: number[] = [];
  for (let i = 0; i < 1200; i++) {
    const t = process.hrtime.bigint();
    const checked = validateFormData(form, formData(province.citizens[i % province.citizens.length], i));
    if (i >= 200) validations.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (checked.errors.length) throw new Error(`sample data invalid: ${JSON.stringify(checked.errors)}`);
  }
  results.validate_ms = percentile(validations, 50);
  log(`engine (${engine.host}) start ${engine.server.startMs} ms, step ${engine.server.stepMs} ms (live engine ${engine.server.stepLiveMs} ms), state ${engine.server.stateBytes} B; bpmn-engine start ${engine.bpmnEngine.startMs} ms, step ${engine.bpmnEngine.stepMs} ms (live ${engine.bpmnEngine.stepLiveMs} ms), state ${engine.bpmnEngine.stateBytes} B; validate ${results.validate_ms} ms`);

  // 8. Fill to the target, then the reads.
  if (!skip.has('reads')) {
    const spool = new pg.Pool({ connectionString: dbUrl, max: 1 });
    const have = Number((await spool.query('select count(*) from dossiers')).rows[0].count);
    await spool.end();
    const fillStarted = Date.now();
    if (target > have) {
      notes.fill = await fillDossiers(dbUrl, {
        tenantId: province.tenantId,
        communes: province.communes,
        services: province.services,
        citizens: province.citizens,
        sample: { state: inst.state, variables: inst.variables, data: dos.data, applicant: dos.applicant, decisions: task.decisions },
      }, target - have, log);
    }
    notes.fill_s = Math.round((Date.now() - fillStarted) / 1000);
    const busy = province.communes[0];
    const reads = await measureReads(dbUrl, server.url, { tenantId: province.tenantId, busyGroup: `${busy.agencyCode}/tiep-nhan`, officialToken: officialTokens.get(busy.receiver)!, officialUsername: busy.receiver, serviceIds: province.services.map((s) => s.id), samples: plan.readSamples });
    const size = await admin(`select pg_database_size('${dbName}') as bytes, (select count(*) from pg_stat_activity) as conns`);
    const count = await (async () => {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      const r = await c.query("select (select count(*) from dossiers)::int as dossiers, (select count(*) from tasks)::int as tasks, (select count(*) from tasks where status = 'open')::int as open_tasks, (select count(*) from dossier_history)::int as history");
      await c.end();
      return r.rows[0];
    })();
    Object.assign(results, { queue_p95_ms: reads.queueP95Ms, queue_overdue_p95_ms: reads.queueOverdueP95Ms, queue_due_soon_p95_ms: reads.queueDueSoonP95Ms, queue_counts_p95_ms: reads.countsP95Ms, queue_seq_scans: Object.entries(reads.plans).filter(([, p]) => p.seqScan).map(([k]) => k).length, lookup_p95_ms: reads.lookupP95Ms, stats_ms: reads.statsMs, bench_dossiers: count.dossiers, db_size_mb: Math.round(Number(size.rows[0].bytes) / 1048576) });
    notes.reads = { ...reads, ...count };
    log(`reads at ${count.dossiers} dossiers (${count.tasks} tasks, ${count.open_tasks} open; busy queue ${reads.queueOpenTasks}): queue p95 ${reads.queueP95Ms} ms (overdue ${reads.queueOverdueP95Ms}, due soon ${reads.queueDueSoonP95Ms}, counts ${reads.countsP95Ms}; plans ${JSON.stringify(reads.plans)}), lookup p95 ${reads.lookupP95Ms} ms, stats ${reads.statsMs} ms (cold ${reads.statsColdMs} ms)`);
  }

  // 9. Durable timers.
  if (!skip.has('timers')) {
    const timers = await measureTimers(dbUrl, province.tenantId, plan.timers, plan.timersReal);
    Object.assign(results, { timers_fire_s: timers.fireS, timers_doubled: timers.doubled });
    notes.timers = timers;
    log(`timers: ${timers.fired} of ${timers.timers} fired in ${timers.fireS} s (${timers.startedForReal} started through the runtime), ${timers.doubled} doubled, ${timers.missing} missing; the runners counted ${timers.firedByRunners} fires`);
  }
} finally {
  await server?.stop();
  if (!process.env.BENCH_KEEP) await admin(`drop database if exists ${dbName} with (force)`).catch((err) => console.error(err));
}

// The table and the file.
const goals: Record<string, string> = {
  submit_ratio: '>= 0.5',
  complete_ratio: '>= 0.5',
  engine_step_ms: '<= 0.5',
  queue_p95_ms: '<= 20 (at 10M)',
  queue_overdue_p95_ms: '<= 20 (at 10M)',
  queue_due_soon_p95_ms: '<= 20 (at 10M)',
  queue_counts_p95_ms: '<= 20 (at 10M)',
  queue_seq_scans: '= 0',
  lookup_p95_ms: '<= 5 (at 10M)',
  stats_ms: '<= 50',
  rss_mb_after_load: '<= 250',
  rss_growth_mb: '~ 0',
  timers_doubled: '= 0',
};
/** What each key measures, printed beside it (the README's Performance section says the same). */
const meaning: Record<string, string> = {
  pg_limit_tps: 'submission-shaped transactions/s, plain SQL, no application',
  rss_mb_idle: 'server RSS before the load',
  submit_per_s: 'HTTP submissions/s at the best concurrency',
  submit_p50_ms: 'submission latency, median',
  submit_p99_ms: 'submission latency, p99',
  submit_ratio: 'submit_per_s / pg_limit_tps',
  complete_per_s: 'claim+complete pairs/s at the best concurrency',
  complete_p99_ms: 'p99 of the claim+complete pair (both requests)',
  complete_ratio: 'complete_per_s / pg_limit_tps',
  rss_mb_after_load: 'server RSS after the load',
  rss_growth_mb: 'server RSS growth over the soak (last 10 s less first 10 s)',
  engine_start_ms: "CPU per instance start on the server's host for the template (compact interpreter), median",
  engine_step_ms: "CPU per step, stored state to stored state (engine recovered), on the server's host for the template, median",
  engine_step_live_ms: 'CPU per step on the live engine, median',
  state_bytes: 'stored state of an instance, median',
  bpmn_engine_start_ms: 'the same start on bpmn-engine (processes the compact interpreter leaves), median',
  bpmn_engine_step_ms: 'the same step on bpmn-engine, recovered, median',
  bpmn_engine_step_live_ms: 'the same step on a live bpmn-engine, median',
  bpmn_engine_state_bytes: 'stored bpmn-engine state, median',
  validate_ms: 'server-side form validation per submission, median',
  queue_p95_ms: 'queue page of a busy group (HTTP), p95',
  lookup_p95_ms: 'lookup by dossier code, p95',
  stats_ms: "one service's statistics since January, median",
  bench_dossiers: 'dossiers in the database for the reads',
  db_size_mb: 'database size after the fill',
  timers_fire_s: `time for ${plan.timers.toLocaleString('en')} due timers to fire`,
  timers_doubled: 'timers that fired more than once',
};
// The keys the issue names; a run that leaves none out must have every one.
const REQUIRED = ['pg_limit_tps', 'submit_per_s', 'submit_p50_ms', 'submit_p99_ms', 'submit_ratio', 'complete_per_s', 'complete_p99_ms', 'complete_ratio', 'engine_start_ms', 'engine_step_ms', 'state_bytes', 'bpmn_engine_step_ms', 'validate_ms', 'queue_p95_ms', 'lookup_p95_ms', 'stats_ms', 'bench_dossiers', 'db_size_mb', 'rss_mb_idle', 'rss_mb_after_load', 'timers_fire_s', 'timers_doubled'];
const missing = REQUIRED.filter((k) => !(k in results));
const machine = { nproc: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: (await admin('show server_version')).rows[0].server_version, when: new Date().toISOString(), quick, durationS: Math.round((Date.now() - started) / 1000), loadavgStart, loadavgEnd: os.loadavg().map((l) => Math.round(l * 10) / 10) };
const output = { ...results, machine, notes: { ...notes, ...(skip.size && { skipped: [...skip] }) } };
fs.writeFileSync(path.join(here, 'results.json'), `${JSON.stringify(output, null, 2)}\n`);
console.log('');
console.log('| key | value | goal | what |');
console.log('|---|---:|---|---|');
for (const [k, v] of Object.entries(results)) console.log(`| ${k} | ${v} | ${goals[k] ?? ''} | ${meaning[k] ?? ''} |`);
console.log(`\n${quick ? 'quick' : 'full'} run: ${machine.nproc} CPUs, ${machine.memGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres}; ${machine.durationS} s; load average ${machine.loadavgStart[0]} at the start, ${machine.loadavgEnd[0]} at the end (a shared machine counts others' work too); written to bench/results.json`);
if (missing.length) {
  console.error(`missing keys: ${missing.join(', ')}${skip.size ? ` (BENCH_SKIP=${[...skip].join(',')})` : ''}`);
  if (!skip.size) process.exitCode = 1;
}
