/**
 * Scenario driver for the runtime tests. Every step runs in its own transaction through a
 * NEW ProcessRuntime (with its own, empty definition cache): nothing survives between steps
 * but the database rows, as after a restart of the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { RuntimeDatabase, RuntimeTrx, TaskRow } from '../../../runtime/db.js';
import { ProcessRuntime, type RuntimeOptions } from '../../../runtime/engine/runtime.js';
import type { StepResult } from '../../../runtime/engine/step.js';
import { ConnectorRegistry } from '../../../runtime/engine/connectors.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const fixturesDir = path.resolve(here, '../fixtures');
// The shared fixtures sit beside the repository (../shared from its root).
export const camundaExamplesDir = path.resolve(here, '../../../../shared/fixtures/bpmn/camunda-examples');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(fixturesDir, `${name}.bpmn`), 'utf8');
}

export interface World {
  handle: TestDb;
  db: Kysely<RuntimeDatabase>;
  tenantId: string;
  /** Version id → XML, as the server's version table would hold them. */
  versions: Map<string, string>;
  close(): Promise<void>;
}

export async function createWorld(handle?: TestDb): Promise<World> {
  const h = handle ?? (await createTestDb());
  const db = h.db as unknown as Kysely<RuntimeDatabase>;
  const tenant = await (h.db as unknown as Kysely<any>)
    .insertInto('tenants')
    .values({ code: `T${Math.random().toString(36).slice(2, 8).toUpperCase()}`, name: 'Test province' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { handle: h, db, tenantId: tenant.id, versions: new Map(), close: () => h.close() };
}

export type RuntimeFactory = (world: World) => ProcessRuntime;

/** A fresh runtime, as a freshly started server process builds it. */
export function freshRuntime(world: World, options: Partial<RuntimeOptions> & { register?: (r: ConnectorRegistry) => void } = {}): ProcessRuntime {
  const connectors = new ConnectorRegistry({ maxAttempts: 3, backoffSeconds: 10 });
  options.register?.(connectors);
  return new ProcessRuntime({
    loadDiagram: async (_trx, { versionId }) => {
      const xml = world.versions.get(versionId);
      if (!xml) throw new Error(`no version ${versionId}`);
      return xml;
    },
    connectors,
    ...options,
  });
}

/** One instance of one diagram, driven step by step. */
export class Scenario {
  instanceId = '';
  readonly versionId: string;
  readonly steps: StepResult[] = [];

  constructor(
    readonly world: World,
    xml: string,
    private readonly makeRuntime: (world: World) => ProcessRuntime = (w) => freshRuntime(w),
  ) {
    this.versionId = `v-${Math.random().toString(36).slice(2, 10)}`;
    world.versions.set(this.versionId, xml);
  }

  get runtime(): ProcessRuntime {
    return this.makeRuntime(this.world);
  }

  async tx<T>(fn: (trx: RuntimeTrx, runtime: ProcessRuntime) => Promise<T>): Promise<T> {
    const runtime = this.runtime;
    return this.world.db.transaction().execute((trx) => fn(trx, runtime));
  }

  private record(step: StepResult): StepResult {
    this.steps.push(step);
    return step;
  }

  async start(variables: Record<string, unknown> = {}, extra: { businessKey?: string; message?: { name: string; data?: Record<string, unknown> } } = {}): Promise<StepResult> {
    const step = await this.tx((trx, runtime) =>
      runtime.startInstance(trx, {
        tenantId: this.world.tenantId,
        versionId: this.versionId,
        businessKey: extra.businessKey ?? `dossier-${Math.random().toString(36).slice(2, 8)}`,
        variables,
        ...(extra.message && { message: extra.message }),
      }),
    );
    this.instanceId = step.instanceId;
    return this.record(step);
  }

  async openTasks(): Promise<TaskRow[]> {
    return this.world.db
      .selectFrom('tasks')
      .selectAll()
      .where('instance_id', '=', this.instanceId)
      .where('status', '=', 'open')
      .orderBy('created_at')
      .orderBy('element_id')
      .execute();
  }

  async allTasks(): Promise<TaskRow[]> {
    return this.world.db.selectFrom('tasks').selectAll().where('instance_id', '=', this.instanceId).orderBy('created_at').execute();
  }

  async openTaskIds(): Promise<string[]> {
    return (await this.openTasks()).map((t) => t.element_id).sort();
  }

  async task(elementId: string): Promise<TaskRow> {
    const task = (await this.openTasks()).find((t) => t.element_id === elementId);
    if (!task) throw new Error(`no open task ${elementId}; open: ${(await this.openTaskIds()).join(', ')}`);
    return task;
  }

  async complete(elementId: string, input: { decision?: string; data?: Record<string, unknown>; actor?: string } = {}): Promise<StepResult> {
    const task = await this.task(elementId);
    return this.record(
      await this.tx((trx, runtime) =>
        runtime.completeTask(trx, { tenantId: this.world.tenantId, taskId: task.id, actor: input.actor ?? 'official-1', ...input }),
      ),
    );
  }

  async message(name: string, data?: Record<string, unknown>): Promise<StepResult> {
    return this.record(
      await this.tx((trx, runtime) =>
        runtime.deliverMessage(trx, { tenantId: this.world.tenantId, instanceId: this.instanceId, message: name, data }),
      ),
    );
  }

  async instance() {
    return this.world.db.selectFrom('process_instances').selectAll().where('id', '=', this.instanceId).executeTakeFirstOrThrow();
  }

  async jobs() {
    return this.world.db.selectFrom('process_jobs').selectAll().where('instance_id', '=', this.instanceId).orderBy('created_at').execute();
  }
}
