/**
 * Manual and plain tasks, parallel multi-instance user tasks, withdrawal, and the guard
 * against a run that never waits.
 */
import { createWorld, fixture, Scenario, type World } from './harness.js';
import { checkExecutable } from '../../../runtime/check/index.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

describe('Given a manual task and a plain task (manual-task.bpmn)', () => {
  it('When the instance starts, then both pass through, as in Camunda, reporting the manual task\'s status', async () => {
    const s = new Scenario(world, fixture('manual-task'));
    const started = await s.start();
    expect(started.statusChanges).toEqual([{ elementId: 'file', elementName: 'File the paper copy', status: 4 }]);
    expect(await s.openTaskIds()).toEqual(['check']);
  });
});

describe('Given a parallel multi-instance user task (multi-instance.bpmn)', () => {
  it('When it is reached, then it is one task row per instance; when all are complete, then the process goes on with every decision kept', async () => {
    const s = new Scenario(world, fixture('multi-instance'));
    const started = await s.start();
    expect(started.createdTasks.map((t) => t.elementId)).toEqual(['review', 'review', 'review']);
    const tasks = await s.openTasks();
    expect(new Set(tasks.map((t) => t.execution_id)).size).toBe(3);

    await s.complete('review', { decision: 'agree', actor: 'member-1' });
    await s.complete('review', { decision: 'disagree', actor: 'member-2' });
    expect(await s.openTaskIds()).toEqual(['review']);
    await s.complete('review', { decision: 'agree', actor: 'member-3' });
    expect(await s.openTaskIds()).toEqual(['sign']);

    const reviews = (await s.allTasks()).filter((t) => t.element_id === 'review');
    expect(reviews.map((t) => [t.status, t.completed_by, t.decision])).toEqual([
      ['completed', 'member-1', 'agree'],
      ['completed', 'member-2', 'disagree'],
      ['completed', 'member-3', 'agree'],
    ]);
    expect((await s.instance()).variables).toMatchObject({ decisions: { review: ['agree', 'disagree', 'agree'] } });
  });
});

describe('Given a parallel multi-instance user task over a collection (multi-instance-collection.bpmn)', () => {
  it('When it is reached and all instances complete, then each had its own assignee from the element variable and its loop counter, and the process goes on', async () => {
    // Given a council review over camunda:collection with camunda:elementVariable="reviewer"
    const s = new Scenario(world, fixture('multi-instance-collection'));
    // When the instance starts with three reviewers
    const started = await s.start({ reviewers: ['acc-a', 'acc-b', 'acc-c'] });
    // Then each review row is assigned to its own reviewer
    expect(started.createdTasks.map((t) => t.elementId)).toEqual(['review', 'review', 'review']);
    const rows = (await s.openTasks()).sort((a, b) => a.execution_id.localeCompare(b.execution_id));
    expect(rows.map((t) => [t.assignee, t.candidate_users, t.form_key])).toEqual([
      ['acc-a', ['acc-a'], 'review-0'],
      ['acc-b', ['acc-b'], 'review-1'],
      ['acc-c', ['acc-c'], 'review-2'],
    ]);

    // When every reviewer completes their own review (a new runtime for each step)
    for (const row of rows) {
      await s.tx((trx, rt) => rt.completeTask(trx, { tenantId: world.tenantId, taskId: row.id, actor: row.assignee!, decision: 'agree' }));
    }
    // Then the process goes on to the signature, with the loop variables not left behind as process variables
    expect(await s.openTaskIds()).toEqual(['sign']);
    const done = (await s.allTasks()).filter((t) => t.element_id === 'review');
    expect(done.map((t) => [t.status, t.completed_by]).sort()).toEqual([
      ['completed', 'acc-a'],
      ['completed', 'acc-b'],
      ['completed', 'acc-c'],
    ]);
    const variables = (await s.instance()).variables as Record<string, unknown>;
    expect(variables).not.toHaveProperty('reviewer');
    expect(variables).not.toHaveProperty('loopCounter');
  });
});

describe('Given a running instance with an open task and a timer (boundary-timer-interrupting.bpmn)', () => {
  it('When it is withdrawn (cancelInstance), then the instance ends, its open tasks and jobs are cancelled, and further steps are refused', async () => {
    const s = new Scenario(world, fixture('boundary-timer-interrupting'));
    await s.start();
    const task = await s.task('pay');
    const step = await s.tx((trx, rt) => rt.cancelInstance(trx, { tenantId: world.tenantId, instanceId: s.instanceId }));
    expect(step.status).toBe('cancelled');
    expect(step.closedTasks).toEqual([{ id: task.id, elementId: 'pay', status: 'cancelled' }]);
    expect((await s.jobs()).map((j) => j.status)).toEqual(['cancelled']);
    expect((await s.instance()).status).toBe('cancelled');

    await expect(
      s.tx((trx, rt) => rt.completeTask(trx, { tenantId: world.tenantId, taskId: task.id, actor: 'x' })),
    ).rejects.toMatchObject({ code: 'task.not_open' });
    await expect(
      s.tx((trx, rt) => rt.cancelInstance(trx, { tenantId: world.tenantId, instanceId: s.instanceId })),
    ).rejects.toMatchObject({ code: 'instance.not_running' });
  });
});

describe('Given a loop without a wait state', () => {
  it('When it is started (endless-loop.bpmn), then it ends in a clear error instead of a hang, and stores nothing', async () => {
    const s = new Scenario(world, fixture('endless-loop'));
    const count = async () => (await world.db.selectFrom('process_instances').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    await expect(s.start()).rejects.toMatchObject({ code: 'run.step_limit' });
    expect(Number(await count())).toBe(before);
  });

  it('When it is a loop of manual tasks only (manual-loop.bpmn), then it ends the same way, as they pass through without waiting (and the publish check refuses it)', async () => {
    const xml = fixture('manual-loop');
    expect((await checkExecutable(xml)).problems.map((p) => p.code)).toContain('graph.loop_without_wait');
    await expect(new Scenario(world, xml).start()).rejects.toMatchObject({ code: 'run.step_limit' });
  });
});
