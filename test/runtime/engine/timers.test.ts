/**
 * Durable timers: the engine's timers become job rows with the engine's expiry, and the job
 * runner, given a clock, fires them from the stored state. No test waits: the clock moves.
 */
import { createWorld, fixture, freshRuntime, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

const DAY = 86_400_000;
const runJobs = (now: Date) => freshRuntime(world).runDueJobs(world.db, { now, workerId: 'test-runner' });

describe('Given an intermediate timer catch event of P40D (intermediate-timer.bpmn)', () => {
  it('When the instance reaches it, then it waits as a job due in 40 days; when the clock has passed that, then it fires once', async () => {
    const s = new Scenario(world, fixture('intermediate-timer'));
    const t0 = Date.now();
    const started = await s.start();

    expect(started.createdTasks).toEqual([]);
    expect(started.scheduledJobs).toEqual([expect.objectContaining({ kind: 'timer', elementId: 'wait40d' })]);
    const [job] = await s.jobs();
    expect(job.due_at.getTime() - t0).toBeGreaterThanOrEqual(40 * DAY - 1000);
    expect(job.due_at.getTime() - t0).toBeLessThan(40 * DAY + 60_000);

    expect(await runJobs(new Date(t0 + 39 * DAY))).toEqual([]);
    expect(await s.openTaskIds()).toEqual([]);

    const fired = await runJobs(new Date(t0 + 41 * DAY));
    expect(fired).toEqual([expect.objectContaining({ jobId: job.id, outcome: 'done' })]);
    expect(await s.openTaskIds()).toEqual(['decide']);
    expect((await s.jobs())[0].status).toBe('done');

    expect(await runJobs(new Date(t0 + 80 * DAY))).toEqual([]);
    expect(await s.openTaskIds()).toEqual(['decide']);
    await s.complete('decide');
    expect((await s.instance()).status).toBe('completed');
  });
});

describe('Given an interrupting boundary timer on a user task (boundary-timer-interrupting.bpmn)', () => {
  it('When the timer fires, then the task is cancelled and the process takes the timeout path', async () => {
    const s = new Scenario(world, fixture('boundary-timer-interrupting'));
    const t0 = Date.now();
    await s.start();
    expect(await s.openTaskIds()).toEqual(['pay']);

    await runJobs(new Date(t0 + 16 * DAY));
    const tasks = await s.allTasks();
    expect(tasks.map((t) => [t.element_id, t.status])).toEqual([
      ['pay', 'cancelled'],
      ['stop', 'open'],
    ]);
  });

  it('When the task completes first, then the timer is cancelled', async () => {
    const s = new Scenario(world, fixture('boundary-timer-interrupting'));
    await s.start();
    const step = await s.complete('pay');
    expect(step.status).toBe('completed');
    expect((await s.jobs()).map((j) => j.status)).toEqual(['cancelled']);
    expect(await runJobs(new Date(Date.now() + 20 * DAY))).toEqual([]);
  });
});

describe('Given a non-interrupting boundary timer on a user task (boundary-timer-non-interrupting.bpmn)', () => {
  it('When the timer fires, then a reminder task opens and the task stays open', async () => {
    const s = new Scenario(world, fixture('boundary-timer-non-interrupting'));
    const t0 = Date.now();
    await s.start();
    await runJobs(new Date(t0 + 3 * DAY));
    expect(await s.openTaskIds()).toEqual(['process', 'remind']);

    await s.complete('remind');
    expect(await s.openTaskIds()).toEqual(['process']);
    const done = await s.complete('process');
    expect(done.status).toBe('completed');
  });
});

describe('Given a timer start event (timer-start.bpmn)', () => {
  it('When an instance is started, then it is held until the date and the process starts once the timer fires', async () => {
    // The fixture's literal date is moved to ten days after the test's clock, so that it is
    // always in the future (a date already past fires at once).
    const t0 = Date.now();
    const at = new Date(Math.floor(t0 / 1000) * 1000 + 10 * DAY);
    const xml = fixture('timer-start');
    expect(xml).toContain('<bpmn:timeDate>2030-01-02T01:00:00Z</bpmn:timeDate>');
    const s = new Scenario(world, xml.replace('2030-01-02T01:00:00Z', at.toISOString()));
    await s.start();
    const [job] = await s.jobs();
    expect(job.due_at.toISOString()).toBe(at.toISOString());
    expect(await s.openTaskIds()).toEqual([]);

    await runJobs(new Date(at.getTime() - 60_000));
    expect(await s.openTaskIds()).toEqual([]);
    await runJobs(at);
    expect(await s.openTaskIds()).toEqual(['review']);
  });
});
