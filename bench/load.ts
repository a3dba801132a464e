/**
 * The load generator, run as its own process so that it does not share an event loop with
 * the bench or the server: autocannon against the server's real routes.
 *
 *   submit:   POST /api/dossiers, each request with its own Idempotency-Key, citizens,
 *             services and receiving communes taken in turn;
 *   complete: per task, POST /api/tasks/:id/claim then POST /api/tasks/:id/complete
 *             {decision: 'accept'} by the receiving official of the task's commune.
 *
 *   node --import tsx bench/load.ts <job.json>   (prints one line of JSON: the figures)
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface SubmitJob {
  mode: 'submit';
  url: string;
  connections: number;
  durationS: number;
  /** Bodies without their key; a request takes the next one (round robin). */
  bodies: Array<{ token: string; body: Record<string, unknown> }>;
  keyPrefix: string;
}

export interface CompleteJob {
  mode: 'complete';
  url: string;
  connections: number;
  /** Tasks to claim and complete, in order; a few more than `count` so no connection runs dry. */
  tasks: Array<{ id: string; token: string }>;
  count: number;
}

export interface LoadResult {
  connections: number;
  elapsedS: number;
  /** Successful operations (a submission, or a claim+complete pair). */
  ok: number;
  failed: number;
  perS: number;
  p50Ms: number;
  p99Ms: number;
  /** complete mode: the latencies of each kind of request. */
  claimP99Ms?: number;
  completeP50Ms?: number;
  completeP99Ms?: number;
  errors: Record<string, number>;
  /** Server CPU (all its threads) per successful operation over the trial, ms: set by run.ts. */
  serverCpuMsPerOp?: number;
  /** The same for PostgreSQL (every postgres process, exited backends included) and for this load generator; set by run.ts. */
  dbCpuMsPerOp?: number;
  loadCpuMsPerOp?: number;
  /** CPU the whole machine spent per operation (every core, every process), and how busy its cores were: set by run.ts. */
  machineCpuMsPerOp?: number;
  machineBusyPct?: number;
  /** This process's own CPU over the trial, ms. */
  loadCpuMs?: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (n: number) => Math.round(n * 100) / 100;

async function runSubmit(job: SubmitJob): Promise<LoadResult> {
  let n = 0;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.durationS,
    requests: [
      {
        method: 'POST',
        path: '/api/dossiers',
        setupRequest(req: any, context: any) {
          const item = job.bodies[n % job.bodies.length];
          context.t0 = performance.now();
          req.headers = { 'content-type': 'application/json', authorization: `Bearer ${item.token}`, 'idempotency-key': `${job.keyPrefix}-${n++}` };
          req.body = JSON.stringify(item.body);
          return req;
        },
        onResponse(status: number, body: string, context: any) {
          latencies.push(performance.now() - context.t0);
          if (status === 201) ok++;
          else {
            const key = `${status} ${(/"code":"([^"]+)"/.exec(body) ?? [])[1] ?? ''}`;
            errors[key] = (errors[key] ?? 0) + 1;
          }
        },
      },
    ],
  } as any);
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    connections: job.connections,
    elapsedS: round(elapsedS),
    ok,
    failed: Object.values(errors).reduce((a, b) => a + b, 0) + result.errors + result.timeouts,
    perS: round(ok / result.duration),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    errors,
  };
}

async function runComplete(job: CompleteJob): Promise<LoadResult> {
  let next = 0;
  const claims: number[] = [];
  const completes: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    amount: job.count * 2,
    requests: [
      {
        method: 'POST',
        setupRequest(req: any, context: any) {
          const task = job.tasks[next++];
          if (!task) return null;
          context.task = task;
          context.t0 = performance.now();
          req.path = `/api/tasks/${task.id}/claim`;
          req.headers = { 'content-type': 'application/json', authorization: `Bearer ${task.token}` };
          req.body = '{}';
          return req;
        },
        onResponse(status: number, body: string, context: any) {
          claims.push(performance.now() - context.t0);
          if (status !== 200) {
            const key = `claim ${status} ${(/"code":"([^"]+)"/.exec(body) ?? [])[1] ?? ''}`;
            errors[key] = (errors[key] ?? 0) + 1;
          }
        },
      },
      {
        method: 'POST',
        setupRequest(req: any, context: any) {
          context.t1 = performance.now();
          req.path = `/api/tasks/${context.task.id}/complete`;
          req.headers = { 'content-type': 'application/json', authorization: `Bearer ${context.task.token}` };
          req.body = JSON.stringify({ decision: 'accept', comment: 'Hồ sơ hợp lệ' });
          return req;
        },
        onResponse(status: number, body: string, context: any) {
          completes.push(performance.now() - context.t1);
          if (status === 200) ok++;
          else {
            const key = `complete ${status} ${(/"code":"([^"]+)"/.exec(body) ?? [])[1] ?? ''}`;
            errors[key] = (errors[key] ?? 0) + 1;
          }
        },
      },
    ],
  } as any);
  const elapsedS = (performance.now() - started) / 1000;
  // A pair's latency: its claim and its completion, each as the official waits for it.
  const pairs = completes.map((c, i) => c + (claims[i] ?? 0)).sort((a, b) => a - b);
  claims.sort((a, b) => a - b);
  completes.sort((a, b) => a - b);
  return {
    connections: job.connections,
    elapsedS: round(elapsedS),
    ok,
    failed: Object.values(errors).reduce((a, b) => a + b, 0) + result.errors + result.timeouts,
    perS: round(ok / result.duration),
    p50Ms: round(percentile(pairs, 50)),
    p99Ms: round(percentile(pairs, 99)),
    claimP99Ms: round(percentile(claims, 99)),
    completeP50Ms: round(percentile(completes, 50)),
    completeP99Ms: round(percentile(completes, 99)),
    errors,
  };
}

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as SubmitJob | CompleteJob;
const cpu0 = process.cpuUsage();
const out = job.mode === 'submit' ? await runSubmit(job) : await runComplete(job);
const cpu = process.cpuUsage(cpu0);
out.loadCpuMs = Math.round((cpu.user + cpu.system) / 1000);
process.stdout.write(`${JSON.stringify(out)}\n`);
