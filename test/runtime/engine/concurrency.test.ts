/**
 * Exactly once across server processes: two pools on one PostgreSQL database stand for two
 * servers. Completions of one task race; completions of parallel branches queue.
 */
import { connect, type DbHandle } from '../../../server/db/connect.js';
import { createPgDatabase, describeWithPg, type TestDb } from '../../helpers/db.js';
import { createWorld, fixture, freshRuntime, Scenario, type World } from './harness.js';
import type { Kysely } from 'kysely';
import type { RuntimeDatabase } from '../../../runtime/db.js';

describeWithPg('Given two server processes on one PostgreSQL database', () => {
  let handle: TestDb;
  let second: DbHandle;
  let world: World;
  beforeAll(async () => {
    handle = await createPgDatabase();
    second = await connect({ databaseUrl: handle.url! });
    world = await createWorld(handle);
  });
  afterAll(async () => {
    await second?.close();
    await world?.close();
  });

  const pools = () => [world.db, second.db as unknown as Kysely<RuntimeDatabase>];

  it('Given a user task (user-task.bpmn), when two completions of it race, then exactly one succeeds and the other gets task.already_completed', async () => {
    const s = new Scenario(world, fixture('user-task'));
    await s.start();
    const task = await s.task('receive');
    const results = await Promise.allSettled(
      pools().map((db, i) =>
        db.transaction().execute((trx) =>
          freshRuntime(world).completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: `official-${i}`, decision: 'accept' }),
        ),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toMatchObject({ code: 'task.already_completed' });
    const [row] = await s.allTasks();
    expect(row.status).toBe('completed');
    expect((await s.instance()).row_version).toBe(2);
  });

  it('Given a user task (user-task.bpmn), when ten completions of it race, then exactly one gets through', async () => {
    const s = new Scenario(world, fixture('user-task'));
    await s.start();
    const task = await s.task('receive');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        pools()[i % 2].transaction().execute((trx) =>
          freshRuntime(world).completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: `o-${i}`, decision: 'refuse' }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe('task.already_completed');
  });

  it('Given two parallel branches (parallel-gateway.bpmn), when each server completes one at once, then both succeed, one after the other', async () => {
    const s = new Scenario(world, fixture('parallel-gateway'));
    await s.start();
    const [land, tax] = await s.openTasks().then((t) => t.sort((a, b) => a.element_id.localeCompare(b.element_id)));
    const results = await Promise.allSettled(
      [tax, land].map((task, i) =>
        pools()[i].transaction().execute((trx) =>
          freshRuntime(world).completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: `o-${i}` }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await s.openTaskIds()).toEqual(['approve']);
    expect((await s.instance()).row_version).toBe(3);
  });

  it('Given a due timer (intermediate-timer.bpmn), when two runners on two servers race for it, then it fires once', async () => {
    const s = new Scenario(world, fixture('intermediate-timer'));
    await s.start();
    const later = new Date(Date.now() + 41 * 86_400_000);
    const outcomes = (
      await Promise.all(pools().map((db, i) => freshRuntime(world).runDueJobs(db, { now: later, workerId: `runner-${i}` })))
    ).flat().filter((o) => o.instanceId === s.instanceId);
    expect(outcomes.map((o) => o.outcome)).toEqual(['done']);
    expect((await s.allTasks()).map((t) => t.element_id)).toEqual(['decide']);
    expect((await s.instance()).row_version).toBe(2);
  });

  it('Given a connector job (service-task.bpmn), when two runners race for it, then the connector is called once', async () => {
    let calls = 0;
    const register = (r: import('../../../runtime/engine/connectors.js').ConnectorRegistry) => {
      r.register('test-payment', async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { variables: { paid: true } };
      });
      r.register('test-notify', () => undefined);
    };
    const s = new Scenario(world, fixture('service-task'), (w) => freshRuntime(w, { register }));
    await s.start();
    const now = new Date(Date.now() + 1000);
    await Promise.all(pools().map((db, i) => freshRuntime(world, { register }).runDueJobs(db, { now, workerId: `runner-${i}` })));
    expect(calls).toBe(1);
    expect(await s.openTaskIds()).toEqual(['check']);
  });
});
