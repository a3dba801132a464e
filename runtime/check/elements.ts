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
import { UNSUPPORTED, type Text } from './messages.js';

export interface Unsupported {
  /** e.g. "bpmn:ScriptTask", "bpmn:EndEvent[signal]". */
  feature: string;
  /** Why, in both languages (messages.ts). */
  reason: Text;
}

export type ScopeKind = 'process' | 'subprocess';

const PLAIN_TASKS = new Set(['bpmn:Task', 'bpmn:ManualTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ReceiveTask']);
const GATEWAYS = new Set(['bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway']);
const ERROR_BOUNDARY_HOSTS = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:SubProcess']);

/** Flow elements that are data or decoration, not steps: never checked as nodes. */
export const NOT_A_NODE = new Set(['bpmn:SequenceFlow', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

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
  const tagged = (what: string, reason: Text): Unsupported => ({ feature: `${type}[${what}]`, reason });

  if (UNSUPPORTED.isRefusedType(type)) return { feature: type, reason: UNSUPPORTED.refusedType(type) };

  switch (type) {
    case 'bpmn:StartEvent':
      if (!kind) return undefined;
      if (scope === 'subprocess') return tagged(kind, UNSUPPORTED.startInSubprocess(kind));
      if (kind === 'message' || kind === 'timer') return undefined;
      return tagged(kind, UNSUPPORTED.startEvent(kind));
    case 'bpmn:EndEvent':
      if (!kind || kind === 'terminate' || kind === 'error') return undefined;
      return tagged(kind, UNSUPPORTED.endEvent(kind));
    case 'bpmn:IntermediateCatchEvent':
      if (kind === 'timer' || kind === 'message') return undefined;
      return tagged(kind ?? 'none', UNSUPPORTED.catchEvent(kind ?? 'none'));
    case 'bpmn:IntermediateThrowEvent':
      if (!kind) return undefined;
      return tagged(kind, UNSUPPORTED.throwEvent(kind));
    case 'bpmn:BoundaryEvent':
      return unsupportedBoundary(element, kind);
    case 'bpmn:UserTask':
      return unsupportedLoop(element, true);
    case 'bpmn:SubProcess':
      if (element.triggeredByEvent) return tagged('event sub-process', UNSUPPORTED.eventSubProcess());
      return unsupportedLoop(element, false);
    default:
      if (PLAIN_TASKS.has(type)) return unsupportedLoop(element, false);
      if (GATEWAYS.has(type)) return undefined;
      return { feature: type, reason: UNSUPPORTED.element(type) };
  }
}

function unsupportedBoundary(element: ModdleElement, kind: string | undefined): Unsupported | undefined {
  const host = element.attachedToRef as ModdleElement | undefined;
  const hostType = host?.$type ?? 'nothing';
  const tagged = (what: string, reason: Text): Unsupported => ({ feature: `bpmn:BoundaryEvent[${what}]`, reason });
  switch (kind) {
    case 'timer':
      if (hostType === 'bpmn:UserTask') return undefined;
      return tagged('timer', UNSUPPORTED.boundaryTimerHost(hostType));
    case 'escalation':
      if (hostType === 'bpmn:UserTask') return undefined;
      return tagged('escalation', UNSUPPORTED.boundaryEscalationHost(hostType));
    case 'error':
      if (!ERROR_BOUNDARY_HOSTS.has(hostType)) {
        return tagged('error', UNSUPPORTED.boundaryErrorHost(hostType));
      }
      if (element.cancelActivity === false) return tagged('non-interrupting error', UNSUPPORTED.nonInterruptingError());
      return undefined;
    default:
      return tagged(kind ?? 'none', UNSUPPORTED.boundaryEvent(kind ?? 'none'));
  }
}

function unsupportedLoop(element: ModdleElement, isUserTask: boolean): Unsupported | undefined {
  const loop = element.loopCharacteristics as ModdleElement | undefined;
  if (!loop) return undefined;
  const type = element.$type;
  if (loop.$type === 'bpmn:StandardLoopCharacteristics') {
    return { feature: `${type}[loop]`, reason: UNSUPPORTED.loop() };
  }
  if (!isUserTask) {
    return { feature: `${type}[multi-instance]`, reason: UNSUPPORTED.multiInstanceHost(type) };
  }
  if (loop.isSequential) {
    return { feature: `${type}[sequential multi-instance]`, reason: UNSUPPORTED.sequential() };
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
