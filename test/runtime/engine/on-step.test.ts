/**
 * Given a runtime with an onStep listener, When any step runs (start, task, job, cancel),
 * Then the listener sees its result inside the step's transaction: what it writes commits
 * with the step, and a listener that fails rolls the step back. Also what a caller gives a
 * step besides: the candidate-groups hook, and the task's instance when it has it.
 */
import { RuntimeError } from '../../../runtime/engine/errors.js';
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
    const seen: Array<{ key: string | null; created: string[]; status: string; started: boolean; inTrx: boolean }> = [];
    const onStep = async (trx: RuntimeTrx, result: StepResult) => {
      const { rows } = await (await import('kysely')).sql<{ n: number }>`select count(*)::int as n from tasks where instance_id = ${result.instanceId} and status = 'open'`.execute(trx);
      seen.push({ key: result.businessKey, created: result.createdTasks.map((t) => t.elementId), status: result.status, started: result.started, inTrx: rows[0].n === result.createdTasks.length || result.createdTasks.length === 0 });
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
    // Only the first step started the instance.
    expect(seen.map((x) => x.started)).toEqual([true, false, false, false]);
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

  it.each([true, false])('When a candidate-groups hook is given (compact %s), then a new task row is written with the groups it returns, from the instance\'s variables', async (compact) => {
    const candidateGroups = (groups: string[], variables: Record<string, unknown>) => groups.map((g) => `${String(variables.unit)}/${g}`);
    const s = new Scenario(world, fixture('user-task'), (w) => freshRuntime(w, { compact, candidateGroups }));
    const started = await s.start({ unit: '000.31.01.H29' });
    expect(started.createdTasks.map((t) => t.candidateGroups)).toEqual([['000.31.01.H29/tiep-nhan', '000.31.01.H29/mot-cua']]);
    expect((await s.openTasks()).map((t) => t.candidate_groups)).toEqual([['000.31.01.H29/tiep-nhan', '000.31.01.H29/mot-cua']]);
    // Without the hook the diagram's groups are written as they are.
    const plain = new Scenario(world, fixture('user-task'), (w) => freshRuntime(w, { compact }));
    await plain.start({ unit: '000.31.01.H29' });
    expect((await plain.openTasks()).map((t) => t.candidate_groups)).toEqual([['tiep-nhan', 'mot-cua']]);
  });

  it('When a completion names the task\'s instance, then it completes; naming another instance, then the task is not found and stays open', async () => {
    const a = new Scenario(world, fixture('user-task'));
    const b = new Scenario(world, fixture('user-task'));
    await a.start();
    await b.start();
    const [task] = await a.openTasks();
    const wrong = a.tx((trx, runtime) => runtime.completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: 'official-1', decision: 'accept', instanceId: b.instanceId }));
    await expect(wrong).rejects.toMatchObject({ code: 'task.not_found' });
    await expect(wrong).rejects.toBeInstanceOf(RuntimeError);
    expect((await a.openTasks()).map((t) => t.id)).toEqual([task.id]);
    expect((await b.openTasks())).toHaveLength(1);
    const done = await a.tx((trx, runtime) => runtime.completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: 'official-1', decision: 'accept', instanceId: a.instanceId }));
    expect(done.closedTasks).toEqual([expect.objectContaining({ id: task.id, status: 'completed' })]);
  });
});
