/**
 * What a waiting user task asks of the officials, read from the diagram: Camunda's
 * assignment attributes (expressions resolved against the running instance), our
 * extension's deadline share, dossier status and decision keys, and the boundary error
 * and escalation events an official may choose to raise (as Camunda's task forms allow).
 */
import type { SerializableContext } from 'moddle-context-serializer';
import type { ApiLike } from './bpmn.js';
import type { TaskDecision } from '../db.js';
import { RuntimeError } from './errors.js';
import { readEsbProperties } from './extension.js';

export interface UserTaskSpec {
  elementId: string;
  elementName: string | null;
  executionId: string;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee: string | null;
  formKey: string | null;
  decisions: TaskDecision[];
  dossierStatus: number | null;
  /** From camunda:dueDate; wins over a deadline share. */
  dueAt: Date | null;
  /** Working time from the task's creation, from esb:deadlineShare or esb:deadlineHours. */
  deadline: { days?: number; hours?: number } | null;
  isMultiInstance: boolean;
}

export function isUserTaskWait(api: ApiLike): boolean {
  return api.owner?.type === 'bpmn:UserTask' && api.id === api.owner.id;
}

export function describeUserTask(api: ApiLike, sourceContext: SerializableContext): UserTaskSpec {
  const behaviour = api.owner.behaviour;
  const { properties } = readEsbProperties(behaviour);
  const decisions: TaskDecision[] = (properties.decisions ?? []).map((key) => ({ key, kind: 'complete' }));
  for (const boundary of boundaryDecisions(sourceContext, api.id)) {
    if (!decisions.some((d) => d.key === boundary.key)) decisions.push(boundary);
  }
  const deadline =
    properties.deadlineShare !== undefined
      ? { days: properties.deadlineShare }
      : properties.deadlineHours !== undefined
        ? { hours: properties.deadlineHours }
        : null;
  return {
    elementId: api.id,
    elementName: api.owner.name ?? null,
    executionId: api.executionId,
    candidateGroups: list(resolve(api, behaviour.candidateGroups)),
    candidateUsers: list(resolve(api, behaviour.candidateUsers)),
    assignee: single(resolve(api, behaviour.assignee)),
    formKey: single(resolve(api, behaviour.formKey)),
    decisions,
    dossierStatus: properties.dossierStatus ?? null,
    dueAt: dueDate(api, behaviour.dueDate),
    deadline,
    isMultiInstance: !!behaviour.loopCharacteristics,
  };
}

const decisionsByContext = new WeakMap<SerializableContext, Map<string, TaskDecision[]>>();

/** Boundary error/escalation events by the task they are attached to; computed once per version. */
function boundaryDecisions(sourceContext: SerializableContext, taskId: string): TaskDecision[] {
  let byTask = decisionsByContext.get(sourceContext);
  if (!byTask) {
    byTask = new Map();
    for (const activity of sourceContext.getActivities() as Array<{ id: string; type: string; name?: string; behaviour?: BoundaryBehaviour }>) {
      const attachedTo = activity.behaviour?.attachedTo?.id;
      if (activity.type !== 'bpmn:BoundaryEvent' || !attachedTo) continue;
      for (const definition of activity.behaviour?.eventDefinitions ?? []) {
        const decision = toDecision(sourceContext, activity, definition);
        if (!decision) continue;
        const list = byTask.get(attachedTo) ?? [];
        list.push(decision);
        byTask.set(attachedTo, list);
      }
    }
    decisionsByContext.set(sourceContext, byTask);
  }
  return byTask.get(taskId) ?? [];
}

interface BoundaryBehaviour {
  attachedTo?: { id: string };
  eventDefinitions?: Array<{ type: string; behaviour?: { errorRef?: { id: string }; escalationRef?: { id: string } } }>;
}

function toDecision(
  sourceContext: SerializableContext,
  boundary: { id: string; name?: string },
  definition: NonNullable<BoundaryBehaviour['eventDefinitions']>[number],
): TaskDecision | undefined {
  const kind = definition.type === 'bpmn:ErrorEventDefinition' ? 'error' : definition.type === 'bpmn:EscalationEventDefinition' ? 'escalation' : undefined;
  if (!kind) return undefined;
  const ref = kind === 'error' ? definition.behaviour?.errorRef : definition.behaviour?.escalationRef;
  const element = ref && (sourceContext.getActivityById(ref.id) as { behaviour?: Record<string, unknown> } | undefined);
  const code = element?.behaviour?.[kind === 'error' ? 'errorCode' : 'escalationCode'];
  return {
    // The code is what Camunda forms send and what a catching boundary matches on.
    key: typeof code === 'string' && code ? code : ref?.id ?? boundary.id,
    kind,
    boundaryEventId: boundary.id,
    ...(typeof code === 'string' && code && { code }),
    ...(ref?.id && { refId: ref.id }),
    ...(boundary.name && { label: boundary.name.replace(/\s+/g, ' ').trim() }),
  };
}

function resolve(api: ApiLike, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text) return undefined;
  return text.startsWith('=') || /[$#]\{/.test(text) ? api.resolveExpression(text) : text;
}

function list(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : String(value).split(',');
  return [...new Set(items.map((item) => String(item).trim()).filter(Boolean))];
}

function single(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return text || null;
}

function dueDate(api: ApiLike, value: unknown): Date | null {
  const resolved = resolve(api, value);
  if (resolved === undefined || resolved === null || resolved === '') return null;
  const date = resolved instanceof Date ? resolved : new Date(String(resolved));
  if (Number.isNaN(date.getTime())) {
    throw new RuntimeError('task.due_date_invalid', `camunda:dueDate of ${api.id} is not a date: ${String(resolved)}`, {
      elementId: api.id,
    });
  }
  return date;
}
