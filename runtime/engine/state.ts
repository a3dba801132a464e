/**
 * The engine state as stored in `process_instances.state`.
 *
 * bpmn-engine's own `getState()` embeds each definition's serialized source (a third of the
 * state, and the cost of serializing it on every step). The source is the version's, which
 * the runtime restores from the definition cache: `new Engine({ sourceContext })` pre-loads
 * it, and `recover` uses the pre-loaded source for a definition state that carries none.
 * So the state is built here from the same parts, without the source.
 */
import type { Engine } from 'bpmn-engine';

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
