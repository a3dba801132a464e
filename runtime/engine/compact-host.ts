/**
 * The compact interpreter: one token through a sequential process (compact-plan.ts), with
 * the observable behaviour of bpmn-engine for those elements — the same waits, task
 * descriptions, dossier statuses, variables, connector calls, gateway choices and errors —
 * and a state of a few hundred bytes instead of bpmn-engine's nine thousand.
 *
 * Why: bpmn-elements runs every element on its own message broker (smqp), so a step of an
 * official (recover the engine from its state, signal the task, run through a gateway to the
 * next task, serialize) costs about 2 ms of CPU and most of it is messaging and garbage
 * collection; the same step here is a lookup in the plan, a FEEL condition and a small
 * JSON text. Expressions and conditions go through the very `expressions` and `scripts`
 * engine options bpmn-engine is given (runtime/expressions), so FEEL, translated JUEL and
 * the refusal of scripts are one code path for both hosts.
 *
 * The stored state is `{ engine: 'compact', ... }`; an instance started by bpmn-engine keeps
 * its bpmn-engine state and host (hosts.ts chooses by the state).
 */
import type { SerializableContext } from 'moddle-context-serializer';
import type { ActivityLike, ApiLike, EnvironmentLike, ProcessLike } from './bpmn.js';
import type { CompactElement, CompactFlow, CompactPlan } from './compact-plan.js';
import { resolveInputs, type ServiceCall } from './connector-service.js';
import { readEsbProperties } from './extension.js';
import { RuntimeError } from './errors.js';
import type { StatusChange } from './host.js';
import type { StepHost } from './step-host.js';
import { DurableTimers, type TimerRef } from './timers.js';
import { ISOInterval, getDate } from '@0dep/piso';
import { publicVariables } from './variables.js';

export const COMPACT_ENGINE = 'compact';

/** The stored state of a compact instance (`process_instances.state`). */
export interface CompactState {
  engine: typeof COMPACT_ENGINE;
  v: 1;
  status: 'running' | 'completed';
  /** The last execution id number given out in this instance. */
  seq: number;
  variables: Record<string, unknown>;
  /** The token's wait: a user task, a message or timer catch or a service call; none once ended. */
  waits: Array<{ id: string; executionId: string; timer?: StoredTimer }>;
  /**
   * How often each element was left and each flow taken, in the shape of bpmn-engine's
   * element states (`{ id, type, counters }`), so a reader of either state finds the path.
   */
  activities: Array<{ id: string; type: string; counters: { taken: number } }>;
  flows: Array<{ id: string; type: 'bpmn:SequenceFlow'; counters: { take: number } }>;
}

export interface CompactHostConfig {
  plan: CompactPlan;
  sourceContext: SerializableContext;
  engineOptions: CompactEngineOptions;
  maxActivitiesPerRun: number;
}

/** The parts of bpmn-engine's `expressions` and `scripts` options the interpreter calls. */
export interface CompactEngineOptions {
  expressions: { resolveExpression(text: unknown, scope?: unknown, owner?: unknown): unknown };
  scripts: { getScript(language: string | undefined, element: unknown): ScriptLike | undefined };
}

interface ScriptLike {
  execute(scope: unknown, callback: (err: Error | null, result?: unknown) => void): unknown;
}

export function isCompactState(state: unknown): state is CompactState {
  return !!state && typeof state === 'object' && (state as { engine?: unknown }).engine === COMPACT_ENGINE;
}

/** Options the interpreter can use: both hooks present (a runtime may be given others). */
export function compactEngineOptions(options: Record<string, unknown> | undefined): CompactEngineOptions | undefined {
  const expressions = options?.expressions as CompactEngineOptions['expressions'] | undefined;
  const scripts = options?.scripts as CompactEngineOptions['scripts'] | undefined;
  if (typeof expressions?.resolveExpression !== 'function' || typeof scripts?.getScript !== 'function') return undefined;
  return { expressions, scripts };
}

/** A timer as bpmn-elements' TimerEventDefinition keeps it: its expiry by the real clock. */
interface StoredTimer {
  timerType: 'timeDuration' | 'timeDate';
  /** The timer's text after expressions, as the engine resolved it. */
  value: unknown;
  expireAt: string;
  startedAt: string;
}

interface Wait {
  element: CompactElement;
  executionId: string;
  api?: ApiLike;
  timer?: StoredTimer;
  timerRef?: TimerRef;
}

export class CompactHost implements StepHost {
  /** Timer catch events, registered as bpmn-engine's are (durable jobs, timers.ts). */
  readonly timers = new DurableTimers();
  statusChanges: StatusChange[] = [];
  readonly serviceCalls = new Map<string, ServiceCall>();
  private readonly environment: EnvironmentLike;
  private readonly process: ProcessLike;
  private readonly current = new Map<string, Wait>();
  private readonly taken = new Map<string, number>();
  private readonly flowsTaken = new Map<string, number>();
  private status: CompactState['status'] = 'running';
  private seq = 0;
  private activities = 0;
  private failure: RuntimeError | undefined;

  private constructor(
    private readonly config: CompactHostConfig,
    variables: Record<string, unknown>,
  ) {
    const expressions = config.engineOptions.expressions;
    const environment: EnvironmentLike = {
      variables,
      options: {},
      resolveExpression(expression, message, fnContext) {
        return expressions.resolveExpression(expression, { environment, ...(message as object | undefined) }, fnContext);
      },
      // As bpmn-elements' Environment: a new object with the new values over the old.
      assignVariables(values) {
        if (!values || typeof values !== 'object') return;
        environment.variables = { ...environment.variables, ...values };
      },
    };
    this.environment = environment;
    this.process = { id: config.plan.processId, type: 'bpmn:Process', environment };
  }

  static async start(config: CompactHostConfig, variables: Record<string, unknown>): Promise<CompactHost> {
    const host = new CompactHost(config, variables);
    await host.act(() => host.run(host.element(config.plan.startId)));
    return host;
  }

  /** The host of a stored compact state. */
  static async recover(config: CompactHostConfig, state: CompactState): Promise<CompactHost> {
    if (!isCompactState(state) || state.v !== 1) {
      throw new RuntimeError('instance.state_unreadable', 'The stored state is not a compact state this runtime reads');
    }
    const host = new CompactHost(config, state.variables ?? {});
    host.status = state.status;
    host.seq = state.seq;
    for (const a of state.activities) host.taken.set(a.id, a.counters.taken);
    for (const f of state.flows) host.flowsTaken.set(f.id, f.counters.take);
    for (const wait of state.waits) host.await(host.element(wait.id), wait.executionId, wait.timer);
    // As bpmn-elements on resume: a timer whose time has come (by the real clock) fires now.
    const due = [...host.current.values()].filter((w) => w.timer && new Date(w.timer.expireAt).getTime() <= Date.now());
    if (due.length) await host.act(() => due.forEach((w) => host.timers.fire(w.executionId)));
    return host;
  }

  /** False when a timer's time has come: a recovered engine would fire it (see EngineHost.beginStep). */
  beginStep(now = Date.now()): boolean {
    if (this.failure) return false;
    if (this.timers.list().some((timer) => timer.expireAt.getTime() <= now)) return false;
    this.statusChanges = [];
    return true;
  }

  async act(action: () => void): Promise<void> {
    this.activities = 0;
    try {
      action();
    } catch (err) {
      this.failure ??= toRuntimeError(err);
    }
    if (this.failure) throw this.failure;
  }

  waits(): ApiLike[] {
    const result: ApiLike[] = [];
    for (const wait of this.current.values()) {
      if (wait.element.kind === 'service' || wait.element.kind === 'timer') continue;
      result.push((wait.api ??= this.api(wait)));
    }
    return result;
  }

  wait(executionId: string): ApiLike | undefined {
    const wait = this.current.get(executionId);
    if (!wait || wait.element.kind === 'service' || wait.element.kind === 'timer') return undefined;
    return (wait.api ??= this.api(wait));
  }

  get ended(): boolean {
    return this.status === 'completed';
  }

  variables(): Record<string, unknown> {
    return publicVariables(this.environment);
  }

  stateText(): string {
    const state: CompactState = {
      engine: COMPACT_ENGINE,
      v: 1,
      status: this.status,
      seq: this.seq,
      variables: this.environment.variables,
      waits: [...this.current.values()].map((w) => ({ id: w.element.id, executionId: w.executionId, ...(w.timer && { timer: w.timer }) })),
      activities: [...this.taken].map(([id, taken]) => ({ id, type: this.element(id).type, counters: { taken } })),
      flows: [...this.flowsTaken].map(([id, take]) => ({ id, type: 'bpmn:SequenceFlow' as const, counters: { take } })),
    };
    return JSON.stringify(state);
  }

  /** Enter `element` and move the token on until it waits or the process ends. */
  private run(first: CompactElement): void {
    let element: CompactElement | undefined = first;
    while (element) {
      if (++this.activities > this.config.maxActivitiesPerRun) {
        throw new RuntimeError(
          'run.step_limit',
          `The process started more than ${this.config.maxActivitiesPerRun} activities without waiting: a loop without a wait state?`,
        );
      }
      if (element.dossierStatus !== undefined) {
        this.statusChanges.push({ elementId: element.id, ...(element.name && { elementName: element.name }), status: element.dossierStatus });
      }
      switch (element.kind) {
        case 'user':
        case 'message':
        case 'service':
          this.await(element, this.nextExecutionId(element));
          return;
        case 'timer': {
          const executionId = this.nextExecutionId(element);
          const timer = this.startTimer(element, executionId);
          // A time already past completes the catch at once, as bpmn-elements does.
          if (new Date(timer.expireAt).getTime() - Date.now() <= 0) {
            element = this.follow(element, element.outgoing[0]);
            break;
          }
          this.await(element, executionId, timer);
          return;
        }
        case 'end':
        case 'terminate':
          this.leave(element);
          for (const wait of this.current.values()) this.timers.clearTimeout(wait.timerRef);
          this.current.clear();
          this.serviceCalls.clear();
          this.status = 'completed';
          return;
        case 'exclusive':
          element = this.follow(element, this.choose(element));
          break;
        default:
          // start, none throw, plain and manual tasks: the token passes on (manual tasks as
          // in Camunda, and as EngineHost signals them).
          element = this.follow(element, element.outgoing[0]);
      }
    }
  }

  /** The element is left along `flow`; its target is next. */
  private follow(element: CompactElement, flow: CompactFlow): CompactElement {
    this.leave(element);
    this.flowsTaken.set(flow.id, (this.flowsTaken.get(flow.id) ?? 0) + 1);
    return this.element(flow.targetId);
  }

  private leave(element: CompactElement): void {
    this.taken.set(element.id, (this.taken.get(element.id) ?? 0) + 1);
  }

  /** The exclusive gateway's rule (bpmn-elements' outbound evaluator): the first flow that holds, the default last. */
  private choose(gateway: CompactElement): CompactFlow {
    for (const flow of gateway.outgoing) {
      if (flow.isDefault || !flow.condition || this.holds(flow, gateway)) return flow;
    }
    throw new RuntimeError('run.failed', `The process failed at ${gateway.id}: <${gateway.id}> no conditional flow taken`, { elementId: gateway.id });
  }

  private holds(flow: CompactFlow, gateway: CompactElement): boolean {
    const condition = flow.condition!;
    const scope = { id: flow.id, type: 'bpmn:SequenceFlow', environment: this.environment, content: { id: flow.id, sourceId: gateway.id, targetId: flow.targetId } };
    const script = this.config.engineOptions.scripts.getScript(condition.language, flow.def);
    if (!script) {
      if (!condition.body) throw failedAt(gateway.id, new Error('Condition expression without body is unsupported'));
      return !!this.environment.resolveExpression(condition.body, scope);
    }
    let outcome: { err: Error | null; result?: unknown } | undefined;
    script.execute(scope, (err, result) => {
      outcome = { err, result };
    });
    if (!outcome) throw failedAt(gateway.id, new Error(`the condition of ${flow.id} did not answer at once`));
    if (outcome.err) throw failedAt(gateway.id, outcome.err);
    return !!outcome.result;
  }

  private await(element: CompactElement, executionId: string, timer?: StoredTimer): void {
    const wait: Wait = { element, executionId, ...(timer && { timer }) };
    this.current.set(executionId, wait);
    if (element.kind === 'service') this.serviceCalls.set(executionId, this.serviceCall(element, executionId));
    if (timer) {
      const owner = { id: element.id, executionId, expireAt: timer.expireAt, startedAt: timer.startedAt, timerType: timer.timerType, [timer.timerType]: timer.value };
      const delay = new Date(timer.expireAt).getTime() - Date.now();
      wait.timerRef = this.timers.register(owner).setTimeout(() => this.resume(executionId), delay);
    }
  }

  /**
   * The timer's expiry as bpmn-elements 17 reckons it (TimerEventDefinition `_getTimers` and
   * `parse`): the text through the engine's expressions, then piso, from the real clock.
   */
  private startTimer(element: CompactElement, executionId: string): StoredTimer {
    const { type, text } = element.timer!;
    const now = new Date();
    const content = { id: element.id, type: element.type, executionId };
    let value: unknown;
    let expireAt: Date;
    try {
      value = this.environment.resolveExpression(text, { content });
      if (!value) expireAt = now;
      else {
        const parsed = type === 'timeDate' ? getDate(value as string) : new ISOInterval(value as string).parse().getExpireAt(now, now);
        if (!parsed || typeof (parsed as Date).getTime !== 'function') throw new TypeError(`Parsed ${type} "${String(value)}" expireAt failed to resolve to a date`);
        expireAt = parsed as Date;
      }
    } catch (err) {
      throw failedAt(element.id, err);
    }
    return { timerType: type, value, expireAt: expireAt.toISOString(), startedAt: now.toISOString() };
  }

  /** The wait ends: the token leaves the element and runs on. */
  private resume(executionId: string): void {
    const wait = this.current.get(executionId);
    if (!wait) throw new RuntimeError('task.not_waiting', `${executionId} is not waiting`, { executionId });
    this.current.delete(executionId);
    this.serviceCalls.delete(executionId);
    this.timers.clearTimeout(wait.timerRef);
    this.run(this.follow(wait.element, wait.element.outgoing[0]));
  }

  private nextExecutionId(element: CompactElement): string {
    return `${element.id}_${(++this.seq).toString(36)}`;
  }

  private element(id: string): CompactElement {
    const element = this.config.plan.elements.get(id);
    if (!element) throw new RuntimeError('instance.state_unreadable', `The stored state names ${id}, which the version does not have`, { elementId: id });
    return element;
  }

  /** The element as bpmn-elements' objects present it to the runtime (bpmn.ts). */
  private owner(element: CompactElement, executionId: string, postponed: () => ApiLike[]): ActivityLike {
    return {
      id: element.id,
      type: element.type,
      ...(element.name !== undefined && { name: element.name }),
      behaviour: element.behaviour,
      environment: this.environment,
      isRunning: true,
      executionId,
      execution: { getPostponed: postponed },
      parentElement: this.process,
      broker: NO_BROKER,
    };
  }

  private api(wait: Wait): ApiLike {
    const { element, executionId } = wait;
    const content = {
      id: element.id,
      type: element.type,
      executionId,
      ...(element.message && { message: { ...element.message, messageType: 'message' } }),
      parent: { id: this.process.id, type: 'bpmn:Process' },
    };
    const api: ApiLike = {
      id: element.id,
      type: element.type,
      ...(element.name !== undefined && { name: element.name }),
      executionId,
      content,
      owner: this.owner(element, executionId, () => [api]),
      environment: this.environment,
      signal: () => this.resume(executionId),
      sendApiMessage: (action) => {
        throw new RuntimeError('run.failed', `${element.id} has no boundary event to take the "${action}" message`, { elementId: element.id });
      },
      resolveExpression: (expression) => this.environment.resolveExpression(expression, { content }, api.owner),
      getPostponed: () => [api],
    };
    return api;
  }

  private serviceCall(element: CompactElement, executionId: string): ServiceCall {
    const { properties } = readEsbProperties(element.behaviour);
    const activity = this.owner(element, executionId, () => []);
    const content = { id: element.id, type: element.type, executionId };
    return {
      elementId: element.id,
      executionId,
      activity,
      ...(properties.connector && { connector: properties.connector }),
      resolveInput: () => resolveInputs(activity, { content } as never, properties.inputs ?? []),
      complete: () => this.resume(executionId),
      fail: (error) => {
        // No boundary event catches it in a compact process: the run fails, as bpmn-engine's does.
        throw failedAt(element.id, error);
      },
    };
  }
}

const NO_BROKER = {
  subscribeTmp() {
    throw new Error('the compact interpreter has no message broker');
  },
  cancel() {},
};

function failedAt(elementId: string, err: unknown): RuntimeError {
  if (err instanceof RuntimeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RuntimeError('run.failed', `The process failed at ${elementId}: ${message}`, { elementId }, { cause: err });
}

function toRuntimeError(err: unknown): RuntimeError {
  if (err instanceof RuntimeError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new RuntimeError('run.step_limit', 'The process ran too long without waiting: a loop without a wait state?', undefined, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new RuntimeError('run.failed', `The process failed: ${message}`, undefined, { cause: err });
}
