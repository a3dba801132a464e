/**
 * Completing a user task: the official's decision either completes the task or raises the
 * boundary error or escalation it stands for; the decision and data become process variables
 * first, so the gateway after the task routes on them.
 */
import type { InstanceRow, RuntimeTrx, TaskDecision, TaskRow } from '../db.js';
import type { ApiLike } from './bpmn.js';
import { RuntimeError } from './errors.js';
import type { StepHost } from './step-host.js';
import type { CompleteTaskInput } from './runtime.js';
import { lockInstance, type TaskCompletion } from './store.js';
import { assignToScopes, completionValues } from './variables.js';

/**
 * The task, read again after its instance is locked: whatever a concurrent step did to it
 * is committed and visible by then, so a second completion sees the first one's result.
 */
export async function loadOpenTask(trx: RuntimeTrx, input: CompleteTaskInput): Promise<{ instance: InstanceRow; task: TaskRow }> {
  const instanceId =
    input.instanceId ??
    (await trx.selectFrom('tasks').select(['instance_id']).where('id', '=', input.taskId).where('tenant_id', '=', input.tenantId).executeTakeFirst())?.instance_id;
  if (!instanceId) throw new RuntimeError('task.not_found', 'No such task', { taskId: input.taskId });
  const instance = await lockInstance(trx, input.tenantId, instanceId);
  const task = await trx
    .selectFrom('tasks')
    .selectAll()
    .where('id', '=', input.taskId)
    .where('tenant_id', '=', input.tenantId)
    .where('instance_id', '=', instance.id)
    .executeTakeFirst();
  if (!task) throw new RuntimeError('task.not_found', 'No such task', { taskId: input.taskId });
  if (task.status === 'completed') {
    throw new RuntimeError('task.already_completed', 'The task has already been completed', {
      taskId: task.id,
      completedBy: task.completed_by,
    });
  }
  if (task.status !== 'open') throw new RuntimeError('task.not_open', `The task is ${task.status}`, { taskId: task.id });
  if (input.expectedVersion !== undefined && input.expectedVersion !== task.row_version) {
    throw new RuntimeError('task.version_conflict', 'The task changed since it was read', {
      taskId: task.id,
      rowVersion: task.row_version,
    });
  }
  if (instance.status !== 'running') {
    throw new RuntimeError('instance.not_running', `The process instance is ${instance.status}`, { instanceId: instance.id });
  }
  return { instance, task };
}

export async function completeTaskAction(host: StepHost, task: TaskRow, input: CompleteTaskInput): Promise<TaskCompletion> {
  const chosen = chooseDecision(task.decisions, input.decision, task.id);
  const api = host.wait(task.execution_id);
  if (!api) {
    throw new RuntimeError('task.not_waiting', 'The process no longer waits for this task', { taskId: task.id });
  }
  const isMultiInstance = !!api.owner.behaviour.loopCharacteristics;
  const values = completionValues(host.variables(), task.element_id, isMultiInstance, input.decision, input.data);
  await host.act(() => {
    assignToScopes(api.owner, values);
    if (!chosen || chosen.kind === 'complete') api.signal({ decision: input.decision, data: input.data });
    else if (chosen.kind === 'error') raiseError(api, chosen);
    else raiseEscalation(host, chosen);
  });
  return { taskId: task.id, actor: input.actor, decision: input.decision ?? null, data: input.data ?? null };
}

function chooseDecision(offered: TaskDecision[], decision: string | undefined, taskId: string): TaskDecision | undefined {
  if (decision === undefined) {
    // Boundary decisions alone do not make a choice mandatory: plain completion stays possible.
    if (offered.some((d) => d.kind === 'complete')) {
      throw new RuntimeError('task.decision_required', 'This task needs a decision', { taskId, offered: offered.map((d) => d.key) });
    }
    return undefined;
  }
  const chosen = offered.find((d) => d.key === decision);
  if (!chosen) {
    throw new RuntimeError('task.decision_not_offered', `The task does not offer the decision "${decision}"`, {
      taskId,
      decision,
      offered: offered.map((d) => d.key),
    });
  }
  return chosen;
}

/** As a Camunda form's "BPMN error" button: the task ends with the error, its boundary catches it. */
function raiseError(api: ApiLike, decision: TaskDecision): void {
  api.sendApiMessage('error', { message: decision.label ?? decision.key, code: decision.code });
}

/**
 * bpmn-elements has no API to make an activity throw an escalation; its escalation catch
 * (the boundary event, waiting while the task runs) accepts an `escalate` API message, the
 * public Api.sendApiMessage, carrying the escalation's id. That is what a throwing
 * escalation event delivers to it too.
 */
function raiseEscalation(host: StepHost, decision: TaskDecision): void {
  const boundary = host.waits().find((w) => w.id === decision.boundaryEventId && w.content.escalation);
  if (!boundary) {
    throw new RuntimeError('task.not_waiting', `The escalation boundary ${decision.boundaryEventId} is not listening`, {
      boundaryEventId: decision.boundaryEventId,
    });
  }
  boundary.sendApiMessage('escalate', { message: { id: decision.refId ?? boundary.content.escalation?.id } });
}
