/**
 * The runtime's commands. Each runs inside the caller's transaction: it locks the instance
 * row (`SELECT ... FOR UPDATE`), takes the instance's live engine if the row's version proves
 * it current or recovers a new engine from the stored state, acts, lets the engine reach its
 * next wait, and stores the new state with its task and job rows. Two steps of one instance
 * wait for each other on that lock; a step that finds its task no longer open after the wait
 * fails with a conflict, so each step happens exactly once. Engines stay live between steps
 * only for transactions run through `transaction` (see live-engines.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import type { AnyTrx, InstanceRow, RuntimeTrx } from '../db.js';
import { json } from '../db.js';
import { DefinitionCache, type ParsedDefinition } from './definitions.js';
import { runtimeElements } from './elements.js';
import { ConnectorRegistry } from './connectors.js';
import type { Deadlines } from './deadlines.js';
import { calendarDeadlines } from './calendar-deadlines.js';
import { safeEngineOptions } from '../expressions/index.js';
import { RuntimeError } from './errors.js';
import type { HostConfig } from './host.js';
import { recoverHost, startHost } from './hosts.js';
import type { StepHost } from './step-host.js';
import { closeEverything, lockInstance } from './store.js';
import { finishStep, type StepContext, type StepResult } from './step.js';
import type { TaskCompletion } from './store.js';
import { LiveEngines, type LiveEngine, type LiveEngineStats } from './live-engines.js';
import { completeTaskAction, loadOpenTask } from './task-completion.js';
import { deliverTo, findMessageWait } from './messages.js';
import { runDueJobs, type JobOutcome, type RunJobsOptions } from './jobs.js';
import type { AnyDb } from '../db.js';

export interface RuntimeOptions {
  /** The BPMN XML of a published version; parsed once per version and cached by the runtime. */
  loadDiagram(trx: RuntimeTrx, ref: { tenantId: string; versionId: string }): Promise<string | Buffer>;
  /** Parsed versions kept in memory; default 500. */
  definitionCacheSize?: number;
  connectors?: ConnectorRegistry;
  /** Due dates from deadline shares; the tenant's working calendar by default. */
  deadlines?: Deadlines;
  /** Spread into every engine; default: runtime/expressions' safe `expressions` and `scripts` (FEEL/JUEL, no JavaScript). */
  engineOptions?: Record<string, unknown>;
  clock?: () => Date;
  /** Activities one run may start without reaching a wait; default 500. */
  maxActivitiesPerRun?: number;
  /**
   * Run new instances of a sequential process on the compact interpreter (compact-plan.ts
   * says which processes); default true. false: every new instance runs on bpmn-engine.
   * Stored instances always continue on the host that started them.
   */
  compact?: boolean;
  /**
   * Instances whose engine stays in memory between steps (least recently stepped leave
   * first); default 100, 0 for none. About 0.6 MiB each for a small process.
   */
  liveEngines?: number;
  /**
   * Called after every step (start, task, message, timer, connector, cancel) inside the
   * step's transaction, so what the caller keeps beside the instance (a dossier's status,
   * its history) changes atomically with it, also for steps the job runner takes.
   */
  onStep?: (trx: RuntimeTrx, result: StepResult) => Promise<void>;
  /**
   * A new task's candidate groups as its row is written, from the diagram's and the instance's
   * variables (the server qualifies a bare group with the dossier's receiving agency).
   */
  candidateGroups?: (groups: string[], variables: Record<string, unknown>) => string[];
}

export interface StartInstanceInput {
  tenantId: string;
  versionId: string;
  /** The version's XML when the caller has it at hand; read through `loadDiagram` otherwise. */
  xml?: string | Buffer;
  /** The dossier id. */
  businessKey?: string | null;
  variables?: Record<string, unknown>;
  /** For a process that starts on a message: the message (id or name) and its data. */
  message?: { name: string; data?: Record<string, unknown> };
}

export interface CompleteTaskInput {
  tenantId: string;
  taskId: string;
  /** Who completes it (account id); kept on the task row. */
  actor: string;
  decision?: string;
  data?: Record<string, unknown>;
  /** The task's row version the caller saw; a different one is a conflict. */
  expectedVersion?: number;
  /**
   * The task's instance, when the caller has read the task already: saves a read. The task is
   * read again under the instance's lock all the same, and must belong to it.
   */
  instanceId?: string;
}

export interface DeliverMessageInput {
  tenantId: string;
  /** The instance, or the business key (dossier id) of its running instance. */
  instanceId?: string;
  businessKey?: string;
  /** The bpmn:message's id or name. */
  message: string;
  data?: Record<string, unknown>;
}

export interface CancelInstanceInput {
  tenantId: string;
  instanceId: string;
}

export class ProcessRuntime {
  readonly connectors: ConnectorRegistry;
  readonly clock: () => Date;
  private readonly deadlines: Deadlines;
  private readonly engineOptions: Record<string, unknown>;
  /** Parsed with the runtime's own element behaviours (elements.ts), once per version. */
  readonly definitions: DefinitionCache;
  private readonly byVersion = new Map<string, ParsedDefinition>();
  private readonly live: LiveEngines;
  /** Engines advanced in a transaction run by `transaction`, kept once it has committed. */
  private readonly uncommitted = new WeakMap<object, Map<string, LiveEngine>>();

  constructor(private readonly options: RuntimeOptions) {
    this.connectors = options.connectors ?? new ConnectorRegistry();
    this.clock = options.clock ?? (() => new Date());
    this.deadlines = options.deadlines ?? calendarDeadlines();
    // Never bpmn-engine's default scripts: they would run a diagram's JavaScript in node:vm.
    this.engineOptions = options.engineOptions ?? safeEngineOptions();
    this.definitions = new DefinitionCache(options.definitionCacheSize ?? 500, { elements: runtimeElements });
    this.live = new LiveEngines(options.liveEngines ?? 100);
  }

  /**
   * Runs `fn` in a transaction of `db`, as `db.transaction().execute(fn)` does; the engines
   * of the steps taken in it stay live for the next steps once it has committed (never when
   * it rolls back). Steps in a plain transaction work the same, without keeping engines.
   */
  async transaction<DB, T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const advanced = new Map<string, LiveEngine>();
    const result = await db.transaction().execute(async (trx) => {
      this.uncommitted.set(trx, advanced);
      try {
        return await fn(trx);
      } finally {
        this.uncommitted.delete(trx);
      }
    });
    for (const entry of advanced.values()) this.live.put(entry);
    return result;
  }

  /** How the live engines are used in this process. */
  liveEngineStats(): LiveEngineStats {
    return this.live.stats();
  }

  async startInstance(anyTrx: AnyTrx, input: StartInstanceInput): Promise<StepResult> {
    const trx = anyTrx as RuntimeTrx;
    const definition = await this.definition(trx, input, input.xml);
    const host = await startHost(this.hostConfig(definition), { ...input.variables });
    if (input.message) {
      const api = findMessageWait(host, input.message.name);
      await host.act(() => deliverTo(api, input.message!.data));
    }
    const now = this.clock();
    const instance = await trx
      .insertInto('process_instances')
      .values({
        tenant_id: input.tenantId,
        version_id: input.versionId,
        definition_key: definition.executableProcessIds.join(','),
        business_key: input.businessKey ?? null,
        status: host.ended ? 'completed' : 'running',
        state: host.stateText(),
        variables: json(host.variables()),
        created_at: now,
        updated_at: now,
        ended_at: host.ended ? now : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.finishStep(this.stepContext(trx, definition, now), instance, host, { isNew: true });
  }

  async completeTask(anyTrx: AnyTrx, input: CompleteTaskInput): Promise<StepResult> {
    const trx = anyTrx as RuntimeTrx;
    const { instance, task } = await loadOpenTask(trx, input);
    const { host, ctx } = await this.recover(trx, instance);
    const completion = await completeTaskAction(host, task, input);
    return this.finishStep(ctx, instance, host, { completion });
  }

  async deliverMessage(anyTrx: AnyTrx, input: DeliverMessageInput): Promise<StepResult> {
    const trx = anyTrx as RuntimeTrx;
    const instanceId = input.instanceId ?? (await this.runningInstanceOf(trx, input.tenantId, input.businessKey));
    const instance = await this.lockRunning(trx, input.tenantId, instanceId);
    const { host, ctx } = await this.recover(trx, instance);
    const api = findMessageWait(host, input.message);
    await host.act(() => deliverTo(api, input.data));
    return this.finishStep(ctx, instance, host);
  }

  /** The citizen withdraws: the instance ends where it is, its tasks and jobs with it. */
  async cancelInstance(anyTrx: AnyTrx, input: CancelInstanceInput): Promise<StepResult> {
    const trx = anyTrx as RuntimeTrx;
    const instance = await this.lockRunning(trx, input.tenantId, input.instanceId);
    this.live.drop(instance.id);
    this.uncommitted.get(trx)?.delete(instance.id);
    const now = this.clock();
    const closedTasks = await closeEverything(trx, instance, now);
    const updated = await trx
      .updateTable('process_instances')
      .set({ status: 'cancelled', row_version: instance.row_version + 1, updated_at: now, ended_at: now })
      .where('id', '=', instance.id)
      .where('tenant_id', '=', instance.tenant_id)
      .returning(['row_version'])
      .executeTakeFirstOrThrow();
    const result: StepResult = {
      instanceId: instance.id,
      businessKey: instance.business_key,
      status: 'cancelled',
      started: false,
      rowVersion: updated.row_version,
      createdTasks: [],
      closedTasks,
      statusChanges: [],
      scheduledJobs: [],
      variables: instance.variables,
    };
    if (this.options.onStep) await this.options.onStep(trx, result);
    return result;
  }

  /** Fire due timers and call connectors (see jobs.ts); run it from a loop or a scheduler. */
  runDueJobs(db: AnyDb, options: RunJobsOptions): Promise<JobOutcome[]> {
    return runDueJobs(this, db, options);
  }

  /**
   * The engine of a locked instance for a step: its live engine when the locked row's
   * version proves it current, otherwise a new engine recovered from the stored state.
   */
  async recover(trx: RuntimeTrx, instance: InstanceRow): Promise<{ host: StepHost; ctx: StepContext }> {
    const definition = await this.definition(trx, { tenantId: instance.tenant_id, versionId: instance.version_id });
    const host = this.takeLive(trx, instance) ?? (await recoverHost(this.hostConfig(definition), instance.state));
    return { host, ctx: this.stepContext(trx, definition, this.clock()) };
  }

  /** The end of a step (step.ts); a running instance's engine is kept for after the commit. */
  async finishStep(
    ctx: StepContext,
    instance: InstanceRow,
    host: StepHost,
    options: { completion?: TaskCompletion; isNew?: boolean } = {},
  ): Promise<StepResult> {
    const result = await finishStep(ctx, instance, host, options);
    const advanced = this.uncommitted.get(ctx.trx);
    if (advanced && result.status === 'running') {
      advanced.set(instance.id, { instanceId: instance.id, rowVersion: result.rowVersion, versionId: instance.version_id, host });
    } else {
      advanced?.delete(instance.id);
    }
    return result;
  }

  private takeLive(trx: RuntimeTrx, instance: InstanceRow): StepHost | undefined {
    // The step owns the engine from here: only its own commit puts an engine back.
    let host = this.live.take(instance.id, instance.row_version, instance.version_id);
    // An earlier step of this same transaction: its uncommitted row is what this one locked.
    const advanced = this.uncommitted.get(trx);
    const own = advanced?.get(instance.id);
    if (own) {
      advanced!.delete(instance.id);
      if (own.rowVersion === instance.row_version && own.versionId === instance.version_id) host = own.host;
    }
    const usable = host?.beginStep() ? host : undefined;
    if (usable) this.live.hits++;
    else this.live.misses++;
    return usable;
  }

  /** A version's parsed definition, from the cache or parsed now. */
  async definition(trx: RuntimeTrx, ref: { tenantId: string; versionId: string }, xml?: string | Buffer): Promise<ParsedDefinition> {
    // A published version never changes: a step finds it by id, without reading its XML again.
    const known = xml === undefined ? this.byVersion.get(ref.versionId) : undefined;
    if (known) return known;
    const parsed = await this.definitions.get(ref.versionId, xml ?? (await this.options.loadDiagram(trx, ref)));
    this.byVersion.delete(ref.versionId);
    this.byVersion.set(ref.versionId, parsed);
    if (this.byVersion.size > this.definitions.maxEntries) this.byVersion.delete(this.byVersion.keys().next().value as string);
    return parsed;
  }

  async lockRunning(trx: RuntimeTrx, tenantId: string, instanceId: string): Promise<InstanceRow> {
    const instance = await lockInstance(trx, tenantId, instanceId);
    if (instance.status !== 'running') {
      throw new RuntimeError('instance.not_running', `The process instance is ${instance.status}`, { instanceId, status: instance.status });
    }
    return instance;
  }

  private async runningInstanceOf(trx: RuntimeTrx, tenantId: string, businessKey: string | undefined): Promise<string> {
    if (!businessKey) throw new RuntimeError('instance.not_found', 'Give an instance id or a business key');
    const rows = await trx
      .selectFrom('process_instances')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('business_key', '=', businessKey)
      .where('status', '=', 'running')
      .limit(2)
      .execute();
    if (!rows.length) throw new RuntimeError('instance.not_found', 'No running process instance for this business key', { businessKey });
    if (rows.length > 1) throw new RuntimeError('message.ambiguous', 'Several running instances have this business key', { businessKey });
    return rows[0].id;
  }

  private hostConfig(definition: ParsedDefinition): HostConfig {
    return {
      sourceContext: definition.sourceContext,
      engineOptions: this.engineOptions,
      maxActivitiesPerRun: this.options.maxActivitiesPerRun ?? 500,
      compact: this.options.compact ?? true,
    };
  }

  private stepContext(trx: RuntimeTrx, definition: ParsedDefinition, now: Date): StepContext {
    return { trx, now, sourceContext: definition.sourceContext, deadlines: this.deadlines, connectors: this.connectors, onStep: this.options.onStep, candidateGroups: this.options.candidateGroups };
  }
}
