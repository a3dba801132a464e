/**
 * What a step of the runtime asks of the engine that runs one instance: started or
 * recovered from its stored state, acted on (a task completed, a message delivered, a timer
 * fired, a connector answered), observed at its next wait, serialized, dropped.
 *
 * Two hosts implement it:
 * - `EngineHost` (host.ts): bpmn-engine, for every element the runtime supports;
 * - `CompactHost` (compact-host.ts): the runtime's own single-token interpreter for the
 *   processes that use only sequential elements (compact-plan.ts says which), with a
 *   state a few hundred bytes long.
 * An instance keeps the host it was started with: its stored state says which one.
 */
import type { ApiLike } from './bpmn.js';
import type { ServiceCall } from './connector-service.js';
import type { StatusChange } from './host.js';
import type { DurableTimers } from './timers.js';

export interface StepHost {
  /** The timers the instance waits on (durable jobs, see timers.ts). */
  readonly timers: DurableTimers;
  /** Dossier statuses (esb:dossierStatus) of the elements entered in the current step. */
  statusChanges: StatusChange[];
  /** Service and send tasks waiting for their connector, by execution id. */
  readonly serviceCalls: Map<string, ServiceCall>;
  /** True when the engine, kept from its previous step, can take another one (live-engines.ts). */
  beginStep(now?: number): boolean;
  /** Run an action (signal, fire, deliver) and let the engine reach its next wait. */
  act(action: () => void): Promise<void>;
  /** Every element waiting now: user tasks, message catches, boundary catches. */
  waits(): ApiLike[];
  wait(executionId: string): ApiLike | undefined;
  readonly ended: boolean;
  /** The process's variables, as stored in `process_instances.variables`. */
  variables(): Record<string, unknown>;
  /** The state as stored in `process_instances.state` (JSON text). */
  stateText(): string;
}
