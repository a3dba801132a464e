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
  return {
    ...(engine.name && { name: engine.name }),
    state: execution.state,
    stopped: execution.stopped,
    environment: execution.environment.getState(),
    definitions: execution.definitions.map((definition) => definition.getState()),
  };
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
