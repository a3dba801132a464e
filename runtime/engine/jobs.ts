/**
 * The job runner: fires due timers and calls connectors for waiting service tasks.
 *
 * A job is claimed in a short transaction of its own (`FOR UPDATE SKIP LOCKED`, then a
 * lease in `locked_until`), so several runners never take the same job and a runner that
 * dies only delays it until the lease ends. A connector is called outside any transaction;
 * its result is kept on the job before the process goes on, so a failure after the call
 * does not repeat the call. The step itself runs like any other: instance locked, engine
 * recovered, job re-read under that lock (still pending and still ours, or skipped), timer
 * fired or service task completed (or, for a connector's BPMN error, failed, so that its boundary
 * error event catches it), rows reconciled. Locks are always taken instance first,
 * then job, as steps do, so runner and steps never deadlock.
 */
import { sql } from 'kysely';
import { json, type AnyDb, type JobRow, type RuntimeDb, type RuntimeTrx } from '../db.js';
import { callConnector, type ConnectorResult } from './connectors.js';
import { isRuntimeError, RuntimeError } from './errors.js';
import type { ProcessRuntime } from './runtime.js';
import type { StepResult } from './step.js';
import { assignToScopes } from './variables.js';

export interface RunJobsOptions {
  /** The runner's clock: jobs due at or before it run. Tests move it. */
  now: Date;
  /** Identifies this runner in `locked_by`. */
  workerId: string;
  /** Jobs to run at most in this call; default 20. */
  limit?: number;
  /** How long a claimed job stays ours; default 300 s. */
  leaseSeconds?: number;
}

export interface JobOutcome {
  jobId: string;
  kind: 'timer' | 'connector';
  instanceId: string;
  elementId: string;
  outcome: 'done' | 'retry' | 'incident' | 'skipped';
  error?: string;
  step?: StepResult;
}

export async function runDueJobs(runtime: ProcessRuntime, anyDb: AnyDb, options: RunJobsOptions): Promise<JobOutcome[]> {
  const db = anyDb as RuntimeDb;
  const outcomes: JobOutcome[] = [];
  const limit = options.limit ?? 20;
  while (outcomes.length < limit) {
    const jobs = await claimDue(db, options, Math.min(CLAIM_BATCH, limit - outcomes.length));
    if (!jobs.length) break;
    // Every claimed job is run (or fails into a retry) before the next claim: none sits
    // leased and idle behind the limit.
    for (const job of jobs) outcomes.push(await runJob(runtime, db, job, options));
  }
  return outcomes;
}

/** Jobs claimed in one statement: a few at a time, so several runners share a burst of due timers. */
const CLAIM_BATCH = 8;

async function claimDue(db: RuntimeDb, { now, workerId, leaseSeconds = 300 }: RunJobsOptions, count: number): Promise<JobRow[]> {
  const lockedUntil = new Date(now.getTime() + leaseSeconds * 1000);
  // One statement: the subquery locks the due rows it picks (skipping those another runner
  // holds) and the update leases them, so no other runner can take them after it commits.
  const jobs = await db
    .updateTable('process_jobs')
    .set({ locked_until: lockedUntil, locked_by: workerId, attempts: sql<number>`attempts + 1`, updated_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('process_jobs')
        .select('id')
        .where('status', '=', 'pending')
        .where('due_at', '<=', now)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', now)]))
        .orderBy('due_at')
        .limit(count)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return jobs.sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
}

async function runJob(runtime: ProcessRuntime, db: RuntimeDb, job: JobRow, options: RunJobsOptions): Promise<JobOutcome> {
  const base = { jobId: job.id, kind: job.kind, instanceId: job.instance_id, elementId: job.element_id };
  try {
    let result: ConnectorResult | undefined;
    if (job.kind === 'connector') result = await callOnce(runtime, db, job);
    const step = await runtime.transaction(db, (trx) => continueInstance(runtime, trx, job, options, result));
    return { ...base, outcome: step ? 'done' : 'skipped', ...(step && { step }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // An uncaught BPMN error is the outside system's answer, not a fault: a retry gives the same.
    const final = err instanceof RuntimeError && err.code === 'connector.bpmn_error_uncaught';
    const outcome = await recordFailure(db, job, message, options.now, final);
    return { ...base, outcome, error: message };
  }
}

/** Call the connector unless an earlier try already succeeded and only the step after it failed. */
async function callOnce(runtime: ProcessRuntime, db: RuntimeDb, job: JobRow): Promise<ConnectorResult> {
  const payload = job.payload as { input?: Record<string, unknown>; result?: ConnectorResult };
  if (payload.result) return payload.result;
  const result = await callJobConnector(runtime, db, job);
  await db
    .updateTable('process_jobs')
    .set({ payload: json({ ...payload, result }) })
    .where('id', '=', job.id)
    .where('locked_by', '=', job.locked_by)
    .execute();
  return result;
}

/** Calls a connector job's connector with its input and what it may know of its instance. */
async function callJobConnector(runtime: ProcessRuntime, db: RuntimeDb | RuntimeTrx, job: JobRow): Promise<ConnectorResult> {
  const payload = job.payload as { input?: Record<string, unknown> };
  const instance = await db
    .selectFrom('process_instances')
    .select(['business_key'])
    .where('id', '=', job.instance_id)
    .where('tenant_id', '=', job.tenant_id)
    .executeTakeFirstOrThrow();
  return callConnector(runtime.connectors.get(job.connector ?? ''), {
    tenantId: job.tenant_id,
    instanceId: job.instance_id,
    businessKey: instance.business_key,
    elementId: job.element_id,
    jobId: job.id,
    attempt: job.attempts,
    input: payload.input ?? {},
  });
}

async function continueInstance(
  runtime: ProcessRuntime,
  trx: RuntimeTrx,
  job: JobRow,
  options: RunJobsOptions,
  result: ConnectorResult | undefined,
): Promise<StepResult | undefined> {
  const instance = await trx
    .selectFrom('process_instances')
    .selectAll()
    .where('id', '=', job.instance_id)
    .where('tenant_id', '=', job.tenant_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const current = await trx.selectFrom('process_jobs').select(['status', 'locked_by']).where('id', '=', job.id).executeTakeFirstOrThrow();
  // Another runner took over after our lease ended, or a step made the job obsolete.
  if (current.status !== 'pending' || current.locked_by !== options.workerId) return undefined;
  await trx
    .updateTable('process_jobs')
    .set({ status: 'done', completed_at: options.now, updated_at: options.now, locked_until: null })
    .where('id', '=', job.id)
    .execute();
  if (instance.status !== 'running') return undefined;

  const { host, ctx } = await runtime.recover(trx, instance);
  if (job.kind === 'timer') {
    // false: the timer already fired on resume (its time had come by the engine's clock too).
    await host.act(() => void host.timers.fire(job.execution_id));
  } else {
    const call = host.serviceCalls.get(job.execution_id);
    if (!call) {
      throw new RuntimeError('run.failed', `The process no longer waits for ${job.element_id}`, { jobId: job.id });
    }
    const variables = result?.variables ?? {};
    const bpmnError = result?.bpmnError;
    if (bpmnError) {
      // The engine's own error path: a boundary error event with this code catches it; with
      // none, the run fails, the step rolls back and the job becomes an incident.
      const error = Object.assign(new Error(bpmnError.message), { code: bpmnError.code });
      await host.act(() => call.fail(error)).catch((err: unknown) => {
        if (!isRuntimeError(err, 'run.failed')) throw err;
        throw new RuntimeError('connector.bpmn_error_uncaught', `No boundary event of ${job.element_id} catches the BPMN error "${bpmnError.code}": ${bpmnError.message}`, {
          jobId: job.id,
          elementId: job.element_id,
          errorCode: bpmnError.code,
        }, { cause: err });
      });
    } else {
      await host.act(() => {
        assignToScopes(call.activity, variables);
        call.complete(variables);
      });
    }
  }
  return runtime.finishStep({ ...ctx, now: options.now }, instance, host);
}

async function recordFailure(db: RuntimeDb, job: JobRow, message: string, now: Date, final = false): Promise<'retry' | 'incident'> {
  const exhausted = final || job.attempts >= job.max_attempts;
  await db.transaction().execute(async (trx) => {
    if (!exhausted) {
      const delay = job.backoff_seconds * 2 ** Math.max(0, job.attempts - 1);
      await trx
        .updateTable('process_jobs')
        .set({ due_at: new Date(now.getTime() + delay * 1000), locked_until: null, locked_by: null, last_error: message, updated_at: now })
        .where('id', '=', job.id)
        .where('status', '=', 'pending')
        .execute();
      return;
    }
    const updated = await trx
      .updateTable('process_jobs')
      .set({ status: 'failed', locked_until: null, locked_by: null, last_error: message, updated_at: now })
      .where('id', '=', job.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    await trx
      .insertInto('process_incidents')
      .values({
        tenant_id: job.tenant_id,
        instance_id: job.instance_id,
        job_id: job.id,
        element_id: job.element_id,
        connector: job.connector,
        error: message,
        created_at: now,
      })
      .execute();
  });
  return exhausted ? 'incident' : 'retry';
}

/**
 * Runs one pending job now, inside the caller's transaction: the connector is called in it
 * too. Only for dry runs (the studio's test run, in a transaction that is rolled back) with
 * connectors that reach nothing outside; the server's own jobs go through runDueJobs.
 */
export async function runJobInTransaction(runtime: ProcessRuntime, trx: RuntimeTrx, jobId: string, now: Date): Promise<StepResult | undefined> {
  const workerId = `dry-run-${jobId}`;
  const job = await trx
    .updateTable('process_jobs')
    .set({ locked_by: workerId, locked_until: new Date(now.getTime() + 60_000), attempts: sql<number>`attempts + 1`, updated_at: now })
    .where('id', '=', jobId)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  if (!job) return undefined;
  let result: ConnectorResult | undefined;
  if (job.kind === 'connector') {
    result = await callJobConnector(runtime, trx, job);
  }
  return continueInstance(runtime, trx, job, { now, workerId }, result);
}
