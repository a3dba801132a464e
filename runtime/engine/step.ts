/**
 * The end of every step: the engine has reached its next wait; its waiting user tasks,
 * live timers and waiting service calls become rows, its state and variables are stored,
 * and the caller learns what changed.
 */
import type { InstanceRow, InstanceStatus, RuntimeTrx } from '../db.js';
import type { ApiLike } from './bpmn.js';
import type { ConnectorRegistry } from './connectors.js';
import type { Deadlines } from './deadlines.js';
import { RuntimeError } from './errors.js';
import type { StatusChange } from './host.js';
import type { StepHost } from './step-host.js';
import {
  saveInstance,
  syncJobs,
  syncTasks,
  type ClosedTask,
  type CreatedTask,
  type PendingCall,
  type ScheduledJob,
  type TaskCompletion,
} from './store.js';
import { describeUserTask, isUserTaskWait, type UserTaskSpec } from './user-tasks.js';
import type { SerializableContext } from 'moddle-context-serializer';

export interface StepResult {
  instanceId: string;
  /** The instance's business key (the dossier id), so a listener knows whose step it was. */
  businessKey: string | null;
  status: InstanceStatus;
  /** The step started the instance. */
  started: boolean;
  /** The instance row's version after the step. */
  rowVersion: number;
  createdTasks: CreatedTask[];
  closedTasks: ClosedTask[];
  /** Dossier statuses (esb:dossierStatus) of the elements entered, in order. */
  statusChanges: StatusChange[];
  scheduledJobs: ScheduledJob[];
  variables: Record<string, unknown>;
}

export interface StepContext {
  trx: RuntimeTrx;
  now: Date;
  sourceContext: SerializableContext;
  deadlines?: Deadlines;
  connectors: ConnectorRegistry;
  /** Called with every step's result inside the step's transaction (see RuntimeOptions.onStep). */
  onStep?: (trx: RuntimeTrx, result: StepResult) => Promise<void>;
  /** See RuntimeOptions.candidateGroups. */
  candidateGroups?: (groups: string[], variables: Record<string, unknown>) => string[];
}

export async function finishStep(
  ctx: StepContext,
  instance: InstanceRow,
  host: StepHost,
  options: { completion?: TaskCompletion; isNew?: boolean } = {},
): Promise<StepResult> {
  const { trx, now } = ctx;
  const variables = host.variables();
  const status: InstanceStatus = host.ended ? 'completed' : 'running';
  const rowVersion = options.isNew
    ? instance.row_version
    : await saveInstance(trx, instance, { stateText: host.stateText(), variables, status, now });

  const waiting = new Map<string, () => Promise<UserTaskSpec>>();
  for (const api of host.waits()) {
    if (isUserTaskWait(api)) waiting.set(api.executionId, () => specWithDue(ctx, instance, api, variables));
  }
  const { created, closed } = await syncTasks(trx, instance, waiting, now, { completion: options.completion, isNew: options.isNew });

  const calls: PendingCall[] = [...host.serviceCalls.values()].map((call) => {
    if (!call.connector) {
      throw new RuntimeError('connector.missing', `${call.elementId} names no connector (esb:connector)`, { elementId: call.elementId });
    }
    return { elementId: call.elementId, executionId: call.executionId, connector: call.connector, input: call.resolveInput };
  });
  const scheduledJobs = await syncJobs(trx, instance, host.timers.list(), calls, now, (name) => ctx.connectors.policy(name), options.isNew);

  const result: StepResult = {
    instanceId: instance.id,
    businessKey: instance.business_key,
    status,
    started: !!options.isNew,
    rowVersion,
    createdTasks: created,
    closedTasks: closed,
    statusChanges: host.statusChanges,
    scheduledJobs,
    variables,
  };
  if (ctx.onStep) await ctx.onStep(trx, result);
  return result;
}

async function specWithDue(ctx: StepContext, instance: InstanceRow, api: ApiLike, variables: Record<string, unknown>): Promise<UserTaskSpec> {
  const described = describeUserTask(api, ctx.sourceContext);
  const spec = ctx.candidateGroups ? { ...described, candidateGroups: ctx.candidateGroups(described.candidateGroups, variables) } : described;
  if (spec.dueAt || !spec.deadline || !ctx.deadlines) return spec;
  const dueAt = await ctx.deadlines.dueAt(ctx.trx, { tenantId: instance.tenant_id, from: ctx.now, ...spec.deadline });
  return { ...spec, dueAt };
}
