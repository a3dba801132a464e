/**
 * Instance, task and job rows, kept in line with the engine after each step.
 *
 * Tasks and jobs are reconciled, not appended: after a step the rows that should be open
 * are exactly the engine's waiting user tasks, live timers and waiting service calls. A
 * boundary timer that interrupts a task, a terminate end event or an escalation then closes
 * the right rows without a case of its own.
 */
import { sql } from 'kysely';
import { json, type InstanceRow, type InstanceStatus, type RuntimeTrx } from '../db.js';
import { RuntimeError } from './errors.js';
import { dueOnClock, type LiveTimer } from './timers.js';
import type { UserTaskSpec } from './user-tasks.js';

export interface TaskCompletion {
  taskId: string;
  actor: string;
  decision: string | null;
  data: Record<string, unknown> | null;
}

export interface CreatedTask {
  id: string;
  elementId: string;
  elementName: string | null;
  executionId: string;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee: string | null;
  formKey: string | null;
  dueAt: Date | null;
  dossierStatus: number | null;
}

export interface ClosedTask {
  id: string;
  elementId: string;
  status: 'completed' | 'cancelled';
}

export interface ScheduledJob {
  id: string;
  kind: 'timer' | 'connector';
  elementId: string;
  dueAt: Date;
}

export interface PendingCall {
  elementId: string;
  executionId: string;
  connector: string;
  input: () => Record<string, unknown>;
}

export interface JobPolicy {
  maxAttempts: number;
  backoffSeconds: number;
}

export async function lockInstance(trx: RuntimeTrx, tenantId: string, instanceId: string): Promise<InstanceRow> {
  const row = await trx
    .selectFrom('process_instances')
    .selectAll()
    .where('id', '=', instanceId)
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new RuntimeError('instance.not_found', 'No such process instance', { instanceId });
  return row;
}

export async function saveInstance(
  trx: RuntimeTrx,
  instance: InstanceRow,
  /** stateText: the lean state's JSON text (StepHost.stateText). */
  values: { stateText: string; variables: Record<string, unknown>; status: InstanceStatus; now: Date; error?: string | null },
): Promise<number> {
  const ended = values.status !== 'running';
  const result = await trx
    .updateTable('process_instances')
    .set({
      state: values.stateText,
      variables: json(values.variables),
      status: values.status,
      row_version: sql<number>`row_version + 1`,
      updated_at: values.now,
      ended_at: ended ? values.now : null,
      error: values.error ?? null,
    })
    .where('id', '=', instance.id)
    .where('tenant_id', '=', instance.tenant_id)
    // The row is locked, so this only fails if a caller broke the locking discipline.
    .where('row_version', '=', instance.row_version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new RuntimeError('instance.version_conflict', 'The process instance changed meanwhile', { instanceId: instance.id });
  }
  return instance.row_version + 1;
}

export async function syncTasks(
  trx: RuntimeTrx,
  instance: InstanceRow,
  waiting: Map<string, () => Promise<UserTaskSpec>>,
  now: Date,
  { completion, isNew }: { completion?: TaskCompletion; isNew?: boolean } = {},
): Promise<{ created: CreatedTask[]; closed: ClosedTask[] }> {
  // An instance this step created has no task rows yet.
  const open = isNew
    ? []
    : await trx
        .selectFrom('tasks')
        .select(['id', 'execution_id', 'element_id'])
        .where('instance_id', '=', instance.id)
        .where('tenant_id', '=', instance.tenant_id)
        .where('status', '=', 'open')
        .execute();
  const closed: ClosedTask[] = [];
  for (const row of open) {
    if (waiting.has(row.execution_id)) continue;
    const completed = completion?.taskId === row.id;
    await trx
      .updateTable('tasks')
      .set({
        status: completed ? 'completed' : 'cancelled',
        completed_at: now,
        ...(completed && {
          completed_by: completion.actor,
          decision: completion.decision,
          data: completion.data ? json(completion.data) : null,
        }),
        row_version: sql<number>`row_version + 1`,
      })
      .where('id', '=', row.id)
      .where('tenant_id', '=', instance.tenant_id)
      .execute();
    closed.push({ id: row.id, elementId: row.element_id, status: completed ? 'completed' : 'cancelled' });
  }

  // Only tasks that are new in this step are described: expressions are not re-resolved for the others.
  const known = new Set(open.map((row) => row.execution_id));
  const fresh: UserTaskSpec[] = [];
  for (const [executionId, describe] of waiting) {
    if (!known.has(executionId)) fresh.push(await describe());
  }
  if (!fresh.length) return { created: [], closed };
  const inserted = await trx
    .insertInto('tasks')
    .values(
      fresh.map((task) => ({
        tenant_id: instance.tenant_id,
        instance_id: instance.id,
        business_key: instance.business_key,
        element_id: task.elementId,
        element_name: task.elementName,
        execution_id: task.executionId,
        candidate_groups: task.candidateGroups,
        candidate_users: task.candidateUsers,
        assignee: task.assignee,
        form_key: task.formKey,
        decisions: json(task.decisions),
        dossier_status: task.dossierStatus,
        created_at: now,
        due_at: task.dueAt,
      })),
    )
    .returning(['id', 'execution_id'])
    .execute();
  const ids = new Map(inserted.map((row) => [row.execution_id, row.id]));
  const created = fresh.map((task) => ({
    id: ids.get(task.executionId)!,
    elementId: task.elementId,
    elementName: task.elementName,
    executionId: task.executionId,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    assignee: task.assignee,
    formKey: task.formKey,
    dueAt: task.dueAt,
    dossierStatus: task.dossierStatus,
  }));
  return { created, closed };
}

export async function syncJobs(
  trx: RuntimeTrx,
  instance: InstanceRow,
  timers: LiveTimer[],
  calls: PendingCall[],
  now: Date,
  policy: (connector: string) => JobPolicy,
  isNew = false,
): Promise<ScheduledJob[]> {
  // An instance this step created has no job rows yet.
  const existing = isNew
    ? []
    : await trx
        .selectFrom('process_jobs')
        .select(['id', 'kind', 'execution_id', 'due_at', 'status', 'payload'])
        .where('instance_id', '=', instance.id)
        .where('tenant_id', '=', instance.tenant_id)
        .where('status', 'in', ['pending', 'failed'])
        .execute();
  const liveTimers = new Map(timers.map((timer) => [timer.executionId, timer]));
  const liveCalls = new Map(calls.map((call) => [call.executionId, call]));

  const obsolete: string[] = [];
  for (const job of existing) {
    const timer = job.kind === 'timer' ? liveTimers.get(job.execution_id) : undefined;
    const call = job.kind === 'connector' ? liveCalls.get(job.execution_id) : undefined;
    if (!timer && !call) obsolete.push(job.id);
    else if (timer && engineExpiry(job.payload) !== timer.expireAt.getTime()) {
      // The engine set this timer anew (a cycle moving on keeps its execution id): it counts
      // from this step's clock. The same timer recovered keeps the due date it was given.
      const dueAt = dueOnClock(timer, now);
      await trx
        .updateTable('process_jobs')
        .set({ due_at: dueAt, payload: json(timerPayload(timer, dueAt)), updated_at: now })
        .where('id', '=', job.id)
        .execute();
    }
  }
  if (obsolete.length) {
    await trx
      .updateTable('process_jobs')
      .set({ status: 'cancelled', updated_at: now, completed_at: now, locked_until: null, locked_by: null })
      .where('id', 'in', obsolete)
      .execute();
    // An incident about a call the process no longer waits for is over.
    await trx
      .updateTable('process_incidents')
      .set({ resolved_at: now, resolved_by: 'process' })
      .where('job_id', 'in', obsolete)
      .where('resolved_at', 'is', null)
      .execute();
  }

  const known = new Set(existing.map((job) => `${job.kind}:${job.execution_id}`));
  const rows = [
    ...timers
      .filter((timer) => !known.has(`timer:${timer.executionId}`))
      .map((timer) => ({ timer, dueAt: dueOnClock(timer, now) }))
      .map(({ timer, dueAt }) => ({
        tenant_id: instance.tenant_id,
        instance_id: instance.id,
        kind: 'timer' as const,
        element_id: timer.elementId,
        execution_id: timer.executionId,
        connector: null,
        payload: json(timerPayload(timer, dueAt)),
        due_at: dueAt,
        created_at: now,
        updated_at: now,
      })),
    ...calls
      .filter((call) => !known.has(`connector:${call.executionId}`))
      .map((call) => ({
        tenant_id: instance.tenant_id,
        instance_id: instance.id,
        kind: 'connector' as const,
        element_id: call.elementId,
        execution_id: call.executionId,
        connector: call.connector,
        payload: json({ input: call.input() }),
        due_at: now,
        max_attempts: policy(call.connector).maxAttempts,
        backoff_seconds: policy(call.connector).backoffSeconds,
        created_at: now,
        updated_at: now,
      })),
  ];
  if (!rows.length) return [];
  const inserted = await trx
    .insertInto('process_jobs')
    .values(rows)
    .returning(['id', 'kind', 'element_id', 'due_at'])
    .execute();
  return inserted.map((row) => ({ id: row.id, kind: row.kind, elementId: row.element_id, dueAt: row.due_at }));
}

/** A timer job's payload: its value, its due date and the engine's own expiry (real clock). */
function timerPayload(timer: LiveTimer, dueAt: Date) {
  return { timerType: timer.timerType, value: timer.value, expireAt: dueAt, engineExpireAt: timer.expireAt };
}

/** The engine's expiry recorded on a timer job (jobs written before it was kept apart: `expireAt`). */
function engineExpiry(payload: unknown): number | undefined {
  const { engineExpireAt, expireAt } = (payload ?? {}) as { engineExpireAt?: string; expireAt?: string };
  const text = engineExpireAt ?? expireAt;
  return text === undefined ? undefined : new Date(text).getTime();
}

/** Ending an instance from outside (withdrawal): its open tasks and jobs end with it. */
export async function closeEverything(trx: RuntimeTrx, instance: InstanceRow, now: Date): Promise<ClosedTask[]> {
  const closed = await trx
    .updateTable('tasks')
    .set({ status: 'cancelled', completed_at: now, row_version: sql<number>`row_version + 1` })
    .where('instance_id', '=', instance.id)
    .where('tenant_id', '=', instance.tenant_id)
    .where('status', '=', 'open')
    .returning(['id', 'element_id'])
    .execute();
  await syncJobs(trx, instance, [], [], now, () => ({ maxAttempts: 0, backoffSeconds: 0 }));
  return closed.map((row) => ({ id: row.id, elementId: row.element_id, status: 'cancelled' as const }));
}
