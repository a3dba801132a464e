/**
 * The engine state as stored in `process_instances.state`.
 *
 * bpmn-engine's own `getState()` embeds each definition's serialized source (a third of the
 * state, and the cost of serializing it on every step). The source is the version's, which
 * the runtime restores from the definition cache: `new Engine({ sourceContext })` pre-loads
 * it, and `recover` uses the pre-loaded source for a definition state that carries none.
 * So the state is built here from the same parts, without the source.
 *
 * What is stored is JSON text (`leanStateText`). smqp's `Queue.getState` deep-copies a
 * queue's messages through `JSON.parse(JSON.stringify(...))` so that a state object never
 * shares them with the running broker; text built at once from the state cannot share
 * anything, so while `leanStateText` builds it a queue hands over its messages themselves
 * (serialized to the same JSON: a message's own enumerable properties are `fields`,
 * `content` and `properties`). The copy happens once, in the one `JSON.stringify`.
 */
import type { Engine } from 'bpmn-engine';
import { Queue } from 'smqp';

export interface LeanState {
  name?: string;
  state: string;
  stopped: boolean;
  environment: unknown;
  definitions: Array<{ id: string; [key: string]: unknown }>;
}

interface ExecutionParts {
  state: string;
  stopped: boolean;
  environment: { getState(): unknown };
  definitions: Array<{ getState(): { id: string } }>;
}

export function leanState(engine: Engine): LeanState {
  const execution = engine.execution as unknown as ExecutionParts | null;
  if (!execution) throw new Error('the engine has not run');
  const definitions = execution.definitions.map((definition) => definition.getState());
  for (const definition of definitions) {
    for (const process of (definition as { execution?: { processes?: Array<{ execution?: unknown }> } }).execution?.processes ?? []) {
      omitPristine(process.execution);
    }
  }
  return {
    ...(engine.name && { name: engine.name }),
    state: execution.state,
    stopped: execution.stopped,
    environment: execution.environment.getState(),
    definitions,
  };
}

/**
 * Leaves out of a process (or embedded sub-process) execution state the elements that have
 * never run: an activity or sequence flow whose state is exactly that of a new one (no
 * status, no execution id, no queued messages, every counter 0). `recover` skips an element
 * it has no state for, so the element stays as new, which is what recovering that state
 * would make of it. Most of a process's elements are in that state at any step (a quarter of
 * the standard template's stored state); an element that ran keeps its whole state, its
 * counters included.
 */
function omitPristine(execution: unknown): void {
  if (!execution || typeof execution !== 'object') return;
  const state = execution as { children?: unknown[]; flows?: unknown[]; executions?: unknown[] };
  if (Array.isArray(state.children)) {
    state.children = state.children.filter((child) => !isPristine(child, PRISTINE_ACTIVITY_KEYS));
    for (const child of state.children) {
      const inner = (child as { execution?: { executions?: unknown[] } }).execution;
      omitPristine(inner);
      if (Array.isArray(inner?.executions)) for (const sub of inner.executions) omitPristine(sub);
    }
  }
  if (Array.isArray(state.flows)) state.flows = state.flows.filter((flow) => !isPristine(flow, PRISTINE_FLOW_KEYS));
}

/** What Activity.getState and SequenceFlow.getState (bpmn-elements 17) give for an element that never ran. */
const PRISTINE_ACTIVITY_KEYS = new Set(['id', 'type', 'executionId', 'stopped', 'counters', 'broker']);
const PRISTINE_FLOW_KEYS = new Set(['id', 'type', 'counters', 'broker']);

function isPristine(element: unknown, keys: Set<string>): boolean {
  if (!element || typeof element !== 'object') return false;
  const record = element as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (!keys.has(key)) return false;
    if (key === 'counters') {
      if (!value || typeof value !== 'object') return false;
      for (const count of Object.values(value)) if (count !== 0) return false;
    } else if (key !== 'id' && key !== 'type' && value !== undefined && value !== false) {
      return false;
    }
  }
  return typeof record.id === 'string';
}

/** The JSON text of `leanState(engine)`, as stored; the same text as `JSON.stringify(leanState(engine))`. */
export function leanStateText(engine: Engine): string {
  if (!installLeanQueueState()) return JSON.stringify(leanState(engine));
  let text: string;
  serializing = true;
  try {
    text = JSON.stringify(leanState(engine));
  } catch {
    // Content that does not serialize: let smqp's own copy report it (EQUEUE_STATE, the queue).
    serializing = false;
    return JSON.stringify(leanState(engine));
  } finally {
    serializing = false;
  }
  return text;
}

let serializing = false;
let installed = false;

/**
 * The getState this wraps, as smqp 11 wrote it: the patch is for that code only. Another
 * smqp keeps its own copy, slower but as it was tested upstream.
 */
const REPLACED = /state\.messages = JSON\.parse\(JSON\.stringify\(msgs\)\)/;

/** Installs the no-copy queue state for `leanStateText` (idempotent); false when smqp is not the one this was written for. */
export function installLeanQueueState(): boolean {
  if (installed) return true;
  const proto = Queue.prototype as unknown as { getState(this: QueueParts): unknown };
  if (typeof proto.getState !== 'function' || !REPLACED.test(String(proto.getState))) return false;
  const copying = proto.getState;
  proto.getState = function getState(this: QueueParts) {
    if (!serializing) return copying.call(this);
    // smqp 11's state, with the messages themselves for the one JSON.stringify of leanStateText.
    const state: Record<string, unknown> = { name: this.name, options: { ...this.options } };
    if (this.messages.length) state.messages = this.messages;
    return state;
  };
  installed = true;
  return true;
}

interface QueueParts {
  name: string;
  options: Record<string, unknown>;
  messages: unknown[];
}
