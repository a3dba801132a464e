/**
 * One bpmn-engine `Engine` for one step of one instance: started or recovered from stored
 * state, driven to its next wait, observed, serialized, dropped.
 *
 * Everything bpmn-elements does between two waits is synchronous once timers are
 * registrations (timers.ts) and service tasks wait for a durable job (connector-service.ts),
 * so when `execute`, `resume` or a signal returns, the engine has reached its next wait.
 * The listener counts the activities a run starts and throws past a bound: an endless loop
 * without a wait state ends in a clear error instead of a hang or a stack overflow.
 */
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import type { SerializableContext } from 'moddle-context-serializer';
import type { ActivityLike, ApiLike, ProcessLike } from './bpmn.js';
import { RuntimeError } from './errors.js';
import { DurableTimers } from './timers.js';
import { connectorServiceExtension, type ServiceCall } from './connector-service.js';
import { fastFormatting } from './fast-format.js';
import { installQueueEvents } from './queue-events.js';
import { readEsbProperties } from './extension.js';
import { leanState, leanStateText, type LeanState } from './state.js';
import { publicVariables } from './variables.js';
import type { StepHost } from './step-host.js';

export interface HostConfig {
  sourceContext: SerializableContext;
  /**
   * Spread into every `new Engine(...)`: the safe `expressions` and `scripts` of
   * runtime/expressions (FEEL, translated JUEL, no JavaScript).
   */
  engineOptions?: Record<string, unknown>;
  /** Activities one run may start before it is called a loop. */
  maxActivitiesPerRun: number;
  /**
   * false: new instances run on bpmn-engine even when the compact interpreter could run the
   * version (hosts.ts); default true.
   */
  compact?: boolean;
}

export interface StatusChange {
  elementId: string;
  elementName?: string;
  status: number;
}

const silentLogger = () => ({ debug() {}, error() {}, warn() {} });

installQueueEvents();

export class EngineHost implements StepHost {
  readonly engine: Engine;
  readonly timers = new DurableTimers();
  /** Dossier statuses entered in the current step (a new list each step). */
  statusChanges: StatusChange[] = [];
  /** Service and send tasks waiting for their connector, by execution id. */
  readonly serviceCalls = new Map<string, ServiceCall>();
  private readonly seenWaits = new Map<string, ApiLike>();
  private readonly manualWaits: ApiLike[] = [];
  private readonly listener = new EventEmitter();
  private activities = 0;
  private failure: unknown;

  private constructor(private readonly config: HostConfig) {
    this.engine = new Engine({
      sourceContext: config.sourceContext,
      timers: this.timers,
      Logger: silentLogger,
      extensions: { esbConnectors: connectorServiceExtension(this.serviceCalls), fastFormatting },
      ...config.engineOptions,
    } as never);
    this.engine.on('error', (err: unknown) => {
      this.failure ??= err;
    });
    this.listener.on('wait', (api: ApiLike) => this.onWait(api));
    this.listener.on('activity.enter', (api: ApiLike) => this.onEnter(api));
    this.listener.on('activity.start', () => this.countActivity());
  }

  static async start(config: HostConfig, variables: Record<string, unknown>): Promise<EngineHost> {
    const host = new EngineHost(config);
    const definitions = await host.engine.getDefinitions();
    if (!definitions.some((definition) => definition.getExecutableProcesses().length)) {
      throw new RuntimeError('instance.no_executable_process', 'The diagram has no executable process');
    }
    await host.guard(() => host.engine.execute({ listener: host.listener, variables } as never));
    return host;
  }

  /**
   * The engine takes `state` over (bpmn-elements keeps parts of it, such as queued message
   * contents and variables): pass a state of its own, as one just read from the database is,
   * and do not use it afterwards.
   */
  static async recover(config: HostConfig, state: LeanState): Promise<EngineHost> {
    const host = new EngineHost(config);
    host.engine.recover(state as never);
    await host.guard(() => host.engine.resume({ listener: host.listener } as never));
    return host;
  }

  /**
   * A kept engine (live-engines.ts) starts another step: its status changes are the new
   * step's. False when it cannot stand in for an engine recovered from its stored state:
   * a timer whose time has come would fire on resume, so such a step recovers instead.
   */
  beginStep(now = Date.now()): boolean {
    if (this.failure) return false;
    if (this.timers.list().some((timer) => timer.expireAt.getTime() <= now)) return false;
    this.statusChanges = [];
    return true;
  }

  /** Run an action on the engine (signal, fire, deliver) and let it reach its next wait. */
  async act(action: () => void): Promise<void> {
    await this.guard(async () => action());
  }

  /** Every element waiting now: user tasks, message catches, boundary catches. */
  waits(): ApiLike[] {
    const result: ApiLike[] = [];
    for (const [executionId, api] of this.seenWaits) {
      if (isStillWaiting(api)) result.push(api);
      else this.seenWaits.delete(executionId);
    }
    return result;
  }

  wait(executionId: string): ApiLike | undefined {
    const api = this.seenWaits.get(executionId);
    return api && isStillWaiting(api) ? api : undefined;
  }

  get ended(): boolean {
    return this.engine.state === 'idle';
  }

  /** The top process's variables, without what bpmn-elements adds of its own. */
  variables(): Record<string, unknown> {
    const process = this.process();
    return process ? publicVariables(process.environment) : {};
  }

  state(): LeanState {
    return leanState(this.engine);
  }

  /** The state as stored: the JSON text of `state()`, built in one pass. */
  stateText(): string {
    return leanStateText(this.engine);
  }

  private process(): ProcessLike | undefined {
    const definition = this.engine.execution?.definitions[0] as unknown as { getProcesses(): ProcessLike[] } | undefined;
    const processes = definition?.getProcesses() ?? [];
    return processes.find((p) => (p as unknown as { isExecutable?: boolean }).isExecutable) ?? processes[0];
  }

  private async guard(run: () => unknown): Promise<void> {
    // The bound is per run: a run is what happens between two waits.
    this.activities = 0;
    try {
      await run();
      // Manual tasks pass through, as in Camunda: the engine would wait on them.
      while (this.manualWaits.length && !this.failure) {
        const api = this.manualWaits.shift()!;
        if (isStillWaiting(api)) api.signal({});
      }
    } catch (err) {
      this.failure ??= err;
    }
    if (this.failure) throw toRuntimeError(this.failure);
  }

  private onWait(api: ApiLike): void {
    this.seenWaits.set(api.executionId, api);
    if (api.owner?.type === 'bpmn:ManualTask' && api.id === api.owner.id) this.manualWaits.push(api);
  }

  private onEnter(api: ApiLike): void {
    const owner = api.owner as ActivityLike | undefined;
    if (!owner?.behaviour || owner.id !== api.id) return;
    const status = readEsbProperties(owner.behaviour).properties.dossierStatus;
    if (status !== undefined) {
      this.statusChanges.push({ elementId: owner.id, ...(owner.name && { elementName: owner.name }), status });
    }
  }

  private countActivity(): void {
    if (++this.activities > this.config.maxActivitiesPerRun) {
      const err = new RuntimeError(
        'run.step_limit',
        `The process started more than ${this.config.maxActivitiesPerRun} activities without waiting: a loop without a wait state?`,
      );
      this.failure ??= err;
      throw err;
    }
  }
}

function isStillWaiting(api: ApiLike): boolean {
  const owner = api.owner;
  if (!owner?.isRunning) return false;
  const postponed = owner.execution?.getPostponed() ?? [];
  return postponed.some((p) => p.executionId === api.executionId);
}

function toRuntimeError(err: unknown): RuntimeError {
  if (err instanceof RuntimeError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new RuntimeError('run.step_limit', 'The process ran too long without waiting: a loop without a wait state?', undefined, { cause: err });
  }
  // bpmn-elements wraps what an activity threw; the innermost cause has the useful message.
  const inner = (err as { inner?: unknown })?.inner;
  if (inner instanceof RuntimeError) return inner;
  const message = err instanceof Error ? err.message : String((err as { message?: unknown })?.message ?? err);
  const source = (err as { source?: { content?: { id?: string } } })?.source?.content?.id;
  return new RuntimeError('run.failed', `The process failed${source ? ` at ${source}` : ''}: ${message}`, {
    ...(source && { elementId: source }),
  }, { cause: err });
}
