/**
 * Which published processes the compact interpreter (compact-host.ts) runs, and its plan of
 * one: the elements and flows of the version, read once from the same serialized source
 * context bpmn-engine runs.
 *
 * The compact interpreter runs one token through a sequential process: one executable
 * process, one none start event, and only elements whose bpmn-elements behaviour it
 * reproduces exactly (tested side by side in test/runtime/engine/compact.test.ts):
 * - none start, none and terminate end, none intermediate throw events;
 * - user, manual and plain tasks; service and send tasks (connectors, as durable jobs);
 *   receive tasks and intermediate message catch events; intermediate timer catch events
 *   with a duration or a date (durable jobs, as bpmn-engine's timers are here);
 * - exclusive gateways (conditions in order, the default flow last).
 * Anything else in the process (other gateways, timer cycles, start timers, boundary events, sub-processes,
 * multi-instance, data associations, conditional flows out of a task, several outgoing
 * flows out of anything but an exclusive gateway, collaborations) leaves the version to
 * bpmn-engine, which runs every element the runtime supports; `compactPlan` says why.
 */
import type { SerializableContext } from 'moddle-context-serializer';
import { readEsbProperties } from './extension.js';

export type CompactKind = 'start' | 'end' | 'terminate' | 'pass' | 'user' | 'manual' | 'message' | 'timer' | 'service' | 'exclusive';

export interface CompactFlow {
  id: string;
  targetId: string;
  isDefault: boolean;
  /** The flow as the source context holds it, for the engine's `scripts.getScript`. */
  def: FlowDef;
  condition?: { body?: string; language?: string };
}

export interface CompactElement {
  id: string;
  type: string;
  name?: string;
  kind: CompactKind;
  /** The element's behaviour from the source context: camunda:* and esb:* attributes. */
  behaviour: Record<string, unknown>;
  dossierStatus?: number;
  /** For an exclusive gateway in evaluation order (the default last); one flow or none otherwise. */
  outgoing: CompactFlow[];
  /** For a message wait: the bpmn:message it waits for. */
  message?: { id: string; name?: string };
  /** For a timer wait: the timer as written (an ISO 8601 text or an expression giving one). */
  timer?: { type: 'timeDuration' | 'timeDate'; text: string };
}

export interface CompactPlan {
  processId: string;
  startId: string;
  elements: Map<string, CompactElement>;
}

export type CompactPlanResult = { plan: CompactPlan; reason?: undefined } | { plan?: undefined; reason: string };

interface FlowDef {
  id: string;
  type: string;
  targetId: string;
  sourceId: string;
  isDefault?: boolean;
  parent?: { id: string };
  behaviour?: { conditionExpression?: { body?: string; language?: string } };
}

interface ActivityDef {
  id: string;
  type: string;
  name?: string;
  parent?: { id: string; type?: string };
  behaviour?: Record<string, unknown> & {
    eventDefinitions?: Array<{ type: string; behaviour?: { messageRef?: { id: string; name?: string }; timeDuration?: unknown; timeDate?: unknown; timeCycle?: unknown } }>;
    messageRef?: { id: string; name?: string };
  };
}

const KIND_BY_TYPE: Record<string, CompactKind> = {
  'bpmn:StartEvent': 'start',
  'bpmn:EndEvent': 'end',
  'bpmn:IntermediateThrowEvent': 'pass',
  'bpmn:IntermediateCatchEvent': 'message',
  'bpmn:Task': 'pass',
  'bpmn:UserTask': 'user',
  'bpmn:ManualTask': 'manual',
  'bpmn:ServiceTask': 'service',
  'bpmn:SendTask': 'service',
  'bpmn:ReceiveTask': 'message',
  'bpmn:ExclusiveGateway': 'exclusive',
};

/** Behaviour keys that give an element more than the compact interpreter does. */
const BEYOND_COMPACT = ['loopCharacteristics', 'ioSpecification', 'dataInputAssociations', 'dataOutputAssociations', 'properties', 'resources', 'isForCompensation'];

/** Root elements that run nothing of their own. */
const INERT_ROOTS = new Set(['bpmn:Message', 'bpmn:Error', 'bpmn:Escalation', 'bpmn:Signal']);

const plans = new WeakMap<SerializableContext, CompactPlanResult>();

/** The version's compact plan, or why bpmn-engine runs it; computed once per source context. */
export function compactPlan(sourceContext: SerializableContext): CompactPlanResult {
  let result = plans.get(sourceContext);
  if (!result) {
    result = buildPlan(sourceContext);
    plans.set(sourceContext, result);
  }
  return result;
}

function buildPlan(sourceContext: SerializableContext): CompactPlanResult {
  const context = sourceContext as unknown as {
    getProcesses(): Array<{ id: string; behaviour?: { isExecutable?: boolean } }>;
    getActivities(): ActivityDef[];
    getSequenceFlows(): FlowDef[];
    getMessageFlows(): unknown[];
    getDataObjects(): unknown[];
    getDataStoreReferences(): unknown[];
    getAssociations(): unknown[];
    getOutboundSequenceFlows(id: string): FlowDef[];
  };
  const processes = context.getProcesses();
  if (processes.length !== 1) return { reason: `${processes.length} processes` };
  const [process] = processes;
  if (!process.behaviour?.isExecutable) return { reason: 'the process is not executable' };
  if (context.getMessageFlows().length) return { reason: 'message flows' };
  if (context.getDataObjects().length || context.getDataStoreReferences().length) return { reason: 'data objects' };
  if (context.getAssociations().length) return { reason: 'associations' };

  const elements = new Map<string, CompactElement>();
  const starts: string[] = [];
  for (const activity of context.getActivities()) {
    if (INERT_ROOTS.has(activity.type) && activity.parent?.type === 'bpmn:Definitions') continue;
    if (activity.parent?.id !== process.id) return { reason: `${activity.id} is not directly in the process` };
    const kind = KIND_BY_TYPE[activity.type];
    if (!kind) return { reason: `${activity.type} ${activity.id}` };
    const behaviour = activity.behaviour ?? {};
    const extra = BEYOND_COMPACT.find((key) => key in behaviour && behaviour[key] !== undefined);
    if (extra) return { reason: `${activity.id} has ${extra}` };
    const element: CompactElement = { id: activity.id, type: activity.type, ...(activity.name !== undefined && { name: activity.name }), kind, behaviour, outgoing: [] };
    const definitions = behaviour.eventDefinitions ?? [];
    if (activity.type === 'bpmn:IntermediateCatchEvent') {
      const [definition] = definitions;
      if (definitions.length === 1 && definition.type === 'bpmn:TimerEventDefinition') {
        const timer = readTimer(definition.behaviour ?? {});
        if (!timer) return { reason: `${activity.id} has a timer that is not one duration or one date` };
        element.kind = 'timer';
        element.timer = timer;
      } else {
        if (definitions.length !== 1 || definition.type !== 'bpmn:MessageEventDefinition') return { reason: `${activity.id} is not a message or timer catch` };
        const ref = definition.behaviour?.messageRef;
        if (!ref?.id || hasExpression(ref.name)) return { reason: `${activity.id} has no plain message` };
        element.message = { id: ref.id, ...(ref.name !== undefined && { name: ref.name }) };
      }
    } else if (activity.type === 'bpmn:ReceiveTask') {
      const ref = behaviour.messageRef;
      if (!ref?.id || hasExpression(ref.name)) return { reason: `${activity.id} has no plain message` };
      element.message = { id: ref.id, ...(ref.name !== undefined && { name: ref.name }) };
    } else if (definitions.length) {
      if (activity.type !== 'bpmn:EndEvent' || definitions.length !== 1 || definitions[0].type !== 'bpmn:TerminateEventDefinition') {
        return { reason: `${activity.id} has ${definitions.map((d) => d.type).join(', ')}` };
      }
      element.kind = 'terminate';
    }
    const status = readEsbProperties(behaviour).properties.dossierStatus;
    if (status !== undefined) element.dossierStatus = status;
    if (kind === 'start') starts.push(activity.id);
    elements.set(activity.id, element);
  }
  if (starts.length !== 1) return { reason: `${starts.length} start events` };

  for (const flow of context.getSequenceFlows()) {
    if (!elements.has(flow.sourceId) || !elements.has(flow.targetId)) return { reason: `flow ${flow.id} leaves the process's elements` };
  }
  for (const element of elements.values()) {
    const flows = context.getOutboundSequenceFlows(element.id).map(toCompactFlow);
    if (element.kind === 'exclusive') {
      if (!flows.length) return { reason: `gateway ${element.id} has no outgoing flow` };
      // bpmn-elements evaluates the default flow last (outbound-evaluator.js).
      element.outgoing = [...flows.filter((f) => !f.isDefault), ...flows.filter((f) => f.isDefault)];
      continue;
    }
    if (element.kind === 'end' || element.kind === 'terminate') {
      if (flows.length) return { reason: `end event ${element.id} has outgoing flows` };
      continue;
    }
    if (flows.length !== 1) return { reason: `${element.id} has ${flows.length} outgoing flows` };
    if (flows[0].condition || flows[0].isDefault) return { reason: `${element.id} has a conditional outgoing flow` };
    element.outgoing = flows;
  }
  return { plan: { processId: process.id, startId: starts[0], elements } };
}

function toCompactFlow(def: FlowDef): CompactFlow {
  const condition = def.behaviour?.conditionExpression;
  return { id: def.id, targetId: def.targetId, isDefault: !!def.isDefault, def, ...(condition && { condition }) };
}

/** One timeDuration or one timeDate, as text; a cycle (which repeats) or both at once are bpmn-engine's. */
function readTimer(behaviour: { timeDuration?: unknown; timeDate?: unknown; timeCycle?: unknown }): CompactElement['timer'] {
  const present = (['timeDuration', 'timeDate', 'timeCycle'] as const).filter((key) => behaviour[key] !== undefined);
  if (present.length !== 1 || present[0] === 'timeCycle') return undefined;
  const type = present[0];
  const text = behaviour[type];
  return typeof text === 'string' && text.trim() ? { type, text } : undefined;
}

function hasExpression(text: unknown): boolean {
  return typeof text === 'string' && (/[$#]\{/.test(text) || text.trim().startsWith('='));
}
