/**
 * Which BPMN the runtime runs. Everything not listed here is refused with
 * the element and exactly what is not supported.
 *
 * Supported:
 * - start events: none, message, timer (inside a sub-process: none only)
 * - end events: none, terminate, error
 * - intermediate catch events: timer, message; intermediate throw: none
 *   (a milestone, e.g. to set a dossier status)
 * - tasks: none (bpmn:Task, passes through), user, manual, service, send, receive
 * - gateways: exclusive, parallel, inclusive
 * - embedded sub-processes
 * - boundary events: timer (interrupting or not) and escalation on user
 *   tasks; error on user, service and send tasks and sub-processes
 * - parallel multi-instance user tasks
 * Refused: script tasks, business rule tasks, call activities, event-based
 * and complex gateways, transactions, ad-hoc and event sub-processes,
 * signal/conditional/compensation/link/cancel/escalation/message throw
 * events, standard loops, sequential multi-instance (nobody asked for it:
 * parallel review covers the "several officials" case) and multi-instance
 * on anything but a user task.
 */
import type { ModdleElement } from '../engine/definitions.js';

export interface Unsupported {
  /** e.g. "bpmn:ScriptTask", "bpmn:EndEvent[signal]". */
  feature: string;
  message: string;
}

export type ScopeKind = 'process' | 'subprocess';

const PLAIN_TASKS = new Set(['bpmn:Task', 'bpmn:ManualTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ReceiveTask']);
const GATEWAYS = new Set(['bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway']);
const ERROR_BOUNDARY_HOSTS = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:SubProcess']);

/** Flow elements that are data or decoration, not steps: never checked as nodes. */
export const NOT_A_NODE = new Set(['bpmn:SequenceFlow', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

const REFUSED_TYPES: Record<string, string> = {
  'bpmn:ScriptTask': 'Script tasks are refused: a designer must not be able to run code on the server',
  'bpmn:BusinessRuleTask': 'Business rule tasks (DMN decisions) are not supported; decide with gateway conditions in FEEL',
  'bpmn:CallActivity': 'Call activities are not supported; draw the steps in this process or in an embedded sub-process',
  'bpmn:EventBasedGateway': 'Event-based gateways are not supported; use a boundary timer on the waiting task instead',
  'bpmn:ComplexGateway': 'Complex gateways are not supported; use exclusive, parallel or inclusive gateways',
  'bpmn:Transaction': 'Transactions are not supported',
  'bpmn:AdHocSubProcess': 'Ad-hoc sub-processes are not supported',
};

export function eventKind(definition: ModdleElement): string {
  return definition.$type.replace(/^bpmn:/, '').replace(/EventDefinition$/, '').toLowerCase();
}

function eventKinds(element: ModdleElement): string[] {
  return ((element.eventDefinitions as ModdleElement[] | undefined) ?? []).map(eventKind);
}

/** Why this flow node cannot run, or undefined when it can. */
export function unsupportedFeature(element: ModdleElement, scope: ScopeKind): Unsupported | undefined {
  const type = element.$type;
  const kinds = eventKinds(element);
  const kind = kinds.length > 1 ? 'multiple' : kinds[0];
  const tagged = (what: string, message: string): Unsupported => ({ feature: `${type}[${what}]`, message });

  if (REFUSED_TYPES[type]) return { feature: type, message: REFUSED_TYPES[type] };

  switch (type) {
    case 'bpmn:StartEvent':
      if (!kind) return undefined;
      if (scope === 'subprocess') return tagged(kind, `A sub-process starts with a none start event; a ${kind} start event is supported only at the start of the process`);
      if (kind === 'message' || kind === 'timer') return undefined;
      return tagged(kind, `${describeKind(kind)} start events are not supported (none, message and timer are)`);
    case 'bpmn:EndEvent':
      if (!kind || kind === 'terminate' || kind === 'error') return undefined;
      return tagged(kind, `${describeKind(kind)} end events are not supported (none, terminate and error are)`);
    case 'bpmn:IntermediateCatchEvent':
      if (kind === 'timer' || kind === 'message') return undefined;
      return tagged(kind ?? 'none', `${describeKind(kind ?? 'none')} intermediate catch events are not supported (timer and message are)`);
    case 'bpmn:IntermediateThrowEvent':
      if (!kind) return undefined;
      return tagged(kind, `${describeKind(kind)} intermediate throw events are not supported (only a none event, as a milestone)`);
    case 'bpmn:BoundaryEvent':
      return unsupportedBoundary(element, kind);
    case 'bpmn:UserTask':
      return unsupportedLoop(element, true);
    case 'bpmn:SubProcess':
      if (element.triggeredByEvent) return tagged('event sub-process', 'Event sub-processes are not supported; use boundary events on the task concerned');
      return unsupportedLoop(element, false);
    default:
      if (PLAIN_TASKS.has(type)) return unsupportedLoop(element, false);
      if (GATEWAYS.has(type)) return undefined;
      return { feature: type, message: `${type.replace(/^bpmn:/, '')} elements are not supported` };
  }
}

function unsupportedBoundary(element: ModdleElement, kind: string | undefined): Unsupported | undefined {
  const host = element.attachedToRef as ModdleElement | undefined;
  const hostType = host?.$type ?? 'nothing';
  const tagged = (what: string, message: string): Unsupported => ({ feature: `bpmn:BoundaryEvent[${what}]`, message });
  switch (kind) {
    case 'timer':
      if (hostType === 'bpmn:UserTask') return undefined;
      return tagged('timer', `Boundary timers are supported on user tasks only, not on ${describeType(hostType)}`);
    case 'escalation':
      if (hostType === 'bpmn:UserTask') return undefined;
      return tagged('escalation', `Boundary escalation events are supported on user tasks only, not on ${describeType(hostType)}`);
    case 'error':
      if (!ERROR_BOUNDARY_HOSTS.has(hostType)) {
        return tagged('error', `Boundary error events are supported on user, service and send tasks and sub-processes, not on ${describeType(hostType)}`);
      }
      if (element.cancelActivity === false) return tagged('non-interrupting error', 'A boundary error event always interrupts its task');
      return undefined;
    default:
      return tagged(kind ?? 'none', `${describeKind(kind ?? 'none')} boundary events are not supported (timer, error and escalation are)`);
  }
}

function unsupportedLoop(element: ModdleElement, isUserTask: boolean): Unsupported | undefined {
  const loop = element.loopCharacteristics as ModdleElement | undefined;
  if (!loop) return undefined;
  const type = element.$type;
  if (loop.$type === 'bpmn:StandardLoopCharacteristics') {
    return { feature: `${type}[loop]`, message: 'Loop activities are not supported; draw the loop with a gateway' };
  }
  if (!isUserTask) {
    return { feature: `${type}[multi-instance]`, message: `Multi-instance is supported on user tasks only, not on ${describeType(type)}` };
  }
  if (loop.isSequential) {
    return { feature: `${type}[sequential multi-instance]`, message: 'Sequential multi-instance is not supported; use parallel multi-instance' };
  }
  return undefined;
}

/**
 * Tasks and events at which an instance stops and waits for the outside world. Not a
 * manual task: the runtime passes it through at once, as Camunda does (engine/host.ts).
 */
export function isWaitState(element: ModdleElement): boolean {
  switch (element.$type) {
    case 'bpmn:UserTask':
    case 'bpmn:ReceiveTask':
    case 'bpmn:IntermediateCatchEvent':
      return true;
    case 'bpmn:SubProcess':
      return ((element.flowElements as ModdleElement[] | undefined) ?? []).some(isWaitState);
    default:
      return false;
  }
}

function describeKind(kind: string): string {
  const text = kind === 'none' ? 'None' : kind === 'multiple' ? 'Multiple-trigger' : kind[0].toUpperCase() + kind.slice(1);
  return text;
}

/** "sub-processes", "call activities": the plural of a BPMN type, for messages. */
function describeType(type: string): string {
  if (type === 'nothing') return 'nothing';
  const words = type.replace(/^bpmn:/, '').replace(/SubProcess/, 'Sub-process').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (words.endsWith('y')) return `${words.slice(0, -1)}ies`;
  if (words.endsWith('s')) return `${words}es`;
  return `${words}s`;
}
