/**
 * Given a runtime with an onStep listener, When any step runs (start, task, job, cancel),
 * Then the listener sees its result inside the step's transaction: what it writes commits
 * with the step, and a listener that fails rolls the step back.
 */
import type { StepResult } from '../../../runtime/engine/step.js';
import type { RuntimeTrx } from '../../../runtime/db.js';
import { createWorld, fixture, freshRuntime, Scenario, type World } from './harness.js';

describe('Given a runtime with an onStep listener', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
  });
  afterAll(() => world.close());

  it('When an instance of service-task.bpmn runs from start to end, then the listener is called for every step, with the business key, inside the step transaction', async () => {
    const seen: Array<{ key: string | null; created: string[]; status: string; inTrx: boolean }> = [];
    const onStep = async (trx: RuntimeTrx, result: StepResult) => {
      const { rows } = await (await import('kysely')).sql<{ n: number }>`select count(*)::int as n from tasks where instance_id = ${result.instanceId} and status = 'open'`.execute(trx);
      seen.push({ key: result.businessKey, created: result.createdTasks.map((t) => t.elementId), status: result.status, inTrx: rows[0].n === result.createdTasks.length || result.createdTasks.length === 0 });
    };
    const s = new Scenario(world, fixture('service-task'), (w) =>
      freshRuntime(w, { onStep, register: (r) => { r.register('test-payment', () => ({ variables: { paid: true } })); r.register('test-notify', () => ({})); } }),
    );
    await s.start({}, { businessKey: 'dossier-42' });
    await s.runtime.runDueJobs(world.db, { now: new Date(), workerId: 'w' });
    await s.complete('check');
    await s.runtime.runDueJobs(world.db, { now: new Date(), workerId: 'w' });
    expect(seen.map((x) => x.key)).toEqual(['dossier-42', 'dossier-42', 'dossier-42', 'dossier-42']);
    expect(seen.map((x) => x.created)).toEqual([[], ['check'], [], []]);
    expect(seen.at(-1)!.status).toBe('completed');
    expect(seen.every((x) => x.inTrx)).toBe(true);
  });

  it('When the listener throws on a step of user-task.bpmn, then the step is rolled back', async () => {
    let fail = false;
    const s = new Scenario(world, fixture('user-task'), (w) =>
      freshRuntime(w, { onStep: async () => { if (fail) throw new Error('listener failed'); } }),
    );
    await s.start();
    const [task] = await s.openTasks();
    fail = true;
    await expect(s.complete(task.element_id, { decision: 'accept' })).rejects.toThrow('listener failed');
    expect((await s.openTasks()).map((t) => t.id)).toEqual([task.id]);
  });
});
