/**
 * Live engines between steps (runtime/engine/live-engines.ts): used only when the locked
 * row's version proves them current, never after a rollback, bypassed when another server
 * process advanced the instance, bounded in number. Two ProcessRuntime objects over one
 * database stand for two server processes.
 */
import { parseDefinition } from '../../../runtime/engine/definitions.js';
import { runtimeElements } from '../../../runtime/engine/elements.js';
import { EngineHost } from '../../../runtime/engine/host.js';
import type { ProcessRuntime } from '../../../runtime/engine/runtime.js';
import type { StepResult } from '../../../runtime/engine/step.js';
import { createWorld, fixture, freshRuntime, type World } from './harness.js';

const DECISIONS: Record<string, string> = { receive: 'accept', process: 'forward', approve: 'approve' };

describe('Given instances of bench-cycle.bpmn stepped by runtimes that keep live engines between steps', () => {
  let world: World;
  const versionId = `v-live-${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    world = await createWorld();
    world.versions.set(versionId, fixture('bench-cycle'));
  });
  afterAll(async () => {
    await world?.close();
  });

  const start = (runtime: ProcessRuntime) =>
    runtime.transaction(world.db, (trx) =>
      runtime.startInstance(trx, { tenantId: world.tenantId, versionId, businessKey: `d-${Math.random().toString(36).slice(2, 8)}`, variables: { fee: 1 } }),
    );

  const openTask = async (instanceId: string) => {
    const open = await world.db.selectFrom('tasks').selectAll().where('instance_id', '=', instanceId).where('status', '=', 'open').execute();
    expect(open).toHaveLength(1);
    return open[0];
  };

  /** Completes the instance's one open task with its decision, in `runtime.transaction`. */
  const step = async (runtime: ProcessRuntime, instanceId: string, after?: () => void): Promise<StepResult> => {
    const task = await openTask(instanceId);
    return runtime.transaction(world.db, async (trx) => {
      const result = await runtime.completeTask(trx, {
        tenantId: world.tenantId,
        taskId: task.id,
        actor: 'official',
        decision: DECISIONS[task.element_id],
        data: { note: `${task.element_id} done` },
      });
      after?.();
      return result;
    });
  };

  const instance = (id: string) => world.db.selectFrom('process_instances').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('When one process makes consecutive steps, then it uses its live engine and ends where recovering at each step ends', async () => {
    const runtime = freshRuntime(world);
    const live = await start(runtime);
    const recovered = await start(freshRuntime(world));
    for (let i = 0; i < 7; i++) {
      const a = await step(runtime, live.instanceId);
      // A new runtime at each step: recovered from the stored state every time.
      const b = await step(freshRuntime(world), recovered.instanceId);
      expect(a.createdTasks.map((t) => t.elementId)).toEqual(b.createdTasks.map((t) => t.elementId));
      expect(a.closedTasks.map((t) => [t.elementId, t.status])).toEqual(b.closedTasks.map((t) => [t.elementId, t.status]));
      expect(a.statusChanges).toEqual(b.statusChanges);
      expect(a.variables).toEqual(b.variables);
      expect(a.scheduledJobs.map((j) => [j.kind, j.elementId])).toEqual(b.scheduledJobs.map((j) => [j.kind, j.elementId]));
    }
    expect(runtime.liveEngineStats()).toMatchObject({ hits: 7, misses: 0, size: 1 });
    // The database stays the source of truth: the stored state is written at every step.
    const [x, y] = [await instance(live.instanceId), await instance(recovered.instanceId)];
    expect(x.row_version).toBe(y.row_version);
    expect(x.variables).toEqual(y.variables);
    expect((x.state as { definitions: unknown[] }).definitions).toHaveLength(1);
    // ... and a new process (a restart) goes on from it.
    const next = await step(freshRuntime(world), live.instanceId);
    expect(next.createdTasks.map((t) => t.elementId)).toEqual(['approve']);
  });

  it('When another process advanced the instance, then the step recovers from the stored state', async () => {
    const first = freshRuntime(world);
    const second = freshRuntime(world);
    const { instanceId } = await start(first); // first keeps the engine at version 1
    const b = await step(second, instanceId); // second: no engine of its own, recovers; version 2
    expect(b.createdTasks.map((t) => t.elementId)).toEqual(['process']);
    expect(second.liveEngineStats()).toMatchObject({ hits: 0, misses: 1 });
    // first's engine still waits at receive: version 1 is not the row's 2, so it must not be used.
    const c = await step(first, instanceId);
    expect(first.liveEngineStats()).toMatchObject({ hits: 0, misses: 1 });
    expect(c.closedTasks.map((t) => t.elementId)).toEqual(['process']);
    expect(c.createdTasks.map((t) => t.elementId)).toEqual(['approve']);
    expect(c.variables.decisions).toEqual({ receive: 'accept', process: 'forward' });
    // Now first holds the current engine again.
    const d = await step(first, instanceId);
    expect(first.liveEngineStats()).toMatchObject({ hits: 1, misses: 1 });
    expect(d.createdTasks.map((t) => t.elementId)).toEqual(['receive']);
    expect((await instance(instanceId)).row_version).toBe(4);
  });

  it('When a step\'s transaction rolls back, then its engine is not kept', async () => {
    const runtime = freshRuntime(world);
    const { instanceId } = await start(runtime);
    const before = await instance(instanceId);
    await expect(
      step(runtime, instanceId, () => {
        throw new Error('the caller fails after the step');
      }),
    ).rejects.toThrow('the caller fails after the step');
    // The step had taken the live engine (and advanced it in memory); nothing is kept.
    expect(runtime.liveEngineStats()).toMatchObject({ hits: 1, size: 0 });
    expect((await instance(instanceId)).row_version).toBe(before.row_version);
    // The next step sees the stored state: receive is still waiting and can be completed.
    const again = await step(runtime, instanceId);
    expect(runtime.liveEngineStats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
    expect(again.closedTasks.map((t) => [t.elementId, t.status])).toEqual([['receive', 'completed']]);
    expect(again.createdTasks.map((t) => t.elementId)).toEqual(['process']);
    expect(again.variables.decisions).toEqual({ receive: 'accept' });
    expect((await step(runtime, instanceId)).createdTasks.map((t) => t.elementId)).toEqual(['approve']);
    expect(runtime.liveEngineStats()).toMatchObject({ hits: 2, misses: 1 });
  });

  it('When another process commits the version a rolled-back step would have written, then no engine at that version is taken for it', async () => {
    const runtime = freshRuntime(world);
    const other = freshRuntime(world);
    const { instanceId } = await start(runtime);
    await expect(step(runtime, instanceId, () => { throw new Error('rolled back'); })).rejects.toThrow('rolled back');
    // Another process makes the same step for real: the row reaches the version the rolled-back
    // step would have written, with other execution ids.
    await step(other, instanceId);
    const next = await step(runtime, instanceId);
    expect(next.closedTasks.map((t) => t.elementId)).toEqual(['process']);
    expect(next.createdTasks.map((t) => t.elementId)).toEqual(['approve']);
    expect(runtime.liveEngineStats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('When steps run in a plain transaction or fail, then nothing is kept and the failed step\'s engine is dropped', async () => {
    const runtime = freshRuntime(world);
    const { instanceId } = await start(runtime);
    const task = await openTask(instanceId);
    // A decision the task does not offer: the step fails after taking the engine.
    await expect(
      runtime.transaction(world.db, (trx) => runtime.completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: 'o', decision: 'nonsense' })),
    ).rejects.toMatchObject({ code: 'task.decision_not_offered' });
    expect(runtime.liveEngineStats()).toMatchObject({ size: 0 });
    await world.db.transaction().execute((trx) =>
      runtime.completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: 'o', decision: 'accept' }),
    );
    expect(runtime.liveEngineStats()).toMatchObject({ size: 0, hits: 1, misses: 1 });
    expect((await openTask(instanceId)).element_id).toBe('process');
  });

  it('When more instances run than the configured number of engines, then the least recently stepped one is pushed out first', async () => {
    const runtime = freshRuntime(world, { liveEngines: 2 });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await start(runtime)).instanceId);
    expect(runtime.liveEngineStats()).toMatchObject({ size: 2, max: 2 });
    await step(runtime, ids[0]); // pushed out: recovers
    await step(runtime, ids[2]); // still live
    expect(runtime.liveEngineStats()).toMatchObject({ size: 2, hits: 1, misses: 1 });
    expect((await openTask(ids[0])).element_id).toBe('process');
    expect((await openTask(ids[2])).element_id).toBe('process');
  });

  it('When an instance is cancelled, then its engine is dropped', async () => {
    const runtime = freshRuntime(world);
    const { instanceId } = await start(runtime);
    await runtime.transaction(world.db, (trx) => runtime.cancelInstance(trx, { tenantId: world.tenantId, instanceId }));
    expect(runtime.liveEngineStats()).toMatchObject({ size: 0 });
    expect((await instance(instanceId)).status).toBe('cancelled');
  });

  it('Given a live engine waiting on a boundary timer (boundary-timer-interrupting.bpmn), when the timer is due, then it cannot stand in for a recovered one (resume would fire it)', async () => {
    const { sourceContext } = await parseDefinition(fixture('boundary-timer-interrupting'), { elements: runtimeElements });
    const host = await EngineHost.start({ sourceContext, maxActivitiesPerRun: 500 }, {});
    const [timer] = host.timers.list();
    expect(timer.elementId).toBeDefined();
    expect(host.beginStep(timer.expireAt.getTime() - 1)).toBe(true);
    expect(host.beginStep(timer.expireAt.getTime())).toBe(false);
  });
});
