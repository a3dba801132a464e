/**
 * BPMN timers count calendar time as written, from the runtime's clock: months are calendar
 * months, a date is a date, and a duration set under a test clock is due that long after the
 * clock's now, not after the machine's. The job runner's clock moves; no test waits.
 */
// bpmn-elements' own ISO 8601 arithmetic, to compare with.
import { ISOInterval } from '@0dep/piso';
import { addIsoDuration, dueOnClock } from '../../../runtime/engine/timers.js';
import { createWorld, fixture, freshRuntime, Scenario, type World } from './harness.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());

const at = (iso: string) => () => new Date(iso);
/** Runs every due job of the database; returns what it did for this scenario's instance. */
async function runJobs(s: Scenario, now: string) {
  const outcomes = await freshRuntime(world).runDueJobs(world.db, { now: new Date(now), workerId: 'test-runner' });
  return outcomes.filter((o) => o.instanceId === s.instanceId);
}
const MINUTE = 60_000;

describe('Given an intermediate timer of P2M (timer-months.bpmn)', () => {
  it('When it is reached on 10 January 2025 at 09:00 (Vietnam) by the clock, then its job is due on 10 March at 09:00, and it fires once when the clock has passed that', async () => {
    const s = new Scenario(world, fixture('timer-months'), (w) => freshRuntime(w, { clock: at('2025-01-10T02:00:00Z') }));
    const started = await s.start();
    expect(started.scheduledJobs).toEqual([{ id: expect.any(String), kind: 'timer', elementId: 'wait2m', dueAt: new Date('2025-03-10T02:00:00Z') }]);
    const [job] = await s.jobs();
    expect(job.due_at.toISOString()).toBe('2025-03-10T02:00:00.000Z');

    // A minute early: nothing; 59 days is not two months.
    expect(await runJobs(s, '2025-03-10T01:59:00Z')).toEqual([]);
    expect(await s.openTaskIds()).toEqual([]);

    expect(await runJobs(s, '2025-03-10T02:00:00Z')).toEqual([expect.objectContaining({ jobId: job.id, outcome: 'done' })]);
    expect(await s.openTaskIds()).toEqual(['decide']);
    expect(await runJobs(s, '2025-06-01T00:00:00Z')).toEqual([]);
    expect((await s.allTasks()).map((t) => t.element_id)).toEqual(['decide']);
  });

  it('When it is reached on 31 December 2025 by the clock, then it is due on the last day of February (28 February 2026), as Camunda counts months, not on 3 March', async () => {
    const s = new Scenario(world, fixture('timer-months'), (w) => freshRuntime(w, { clock: at('2025-12-31T03:00:00Z') }));
    await s.start();
    const [job] = await s.jobs();
    expect(job.due_at.toISOString()).toBe('2026-02-28T03:00:00.000Z');
  });
});

describe('Given an intermediate timer on a date (timer-date.bpmn, 2040-03-02T08:00:00+07:00)', () => {
  it('When it is reached, then its job is due at that instant whatever the clock, and it fires once when the clock has passed it', async () => {
    const s = new Scenario(world, fixture('timer-date'), (w) => freshRuntime(w, { clock: at('2040-01-15T02:00:00Z') }));
    await s.start();
    const [job] = await s.jobs();
    expect(job.due_at.toISOString()).toBe('2040-03-02T01:00:00.000Z');

    expect(await runJobs(s, '2040-03-02T00:59:00Z')).toEqual([]);
    expect(await runJobs(s, '2040-03-02T01:00:00Z')).toEqual([expect.objectContaining({ jobId: job.id, outcome: 'done' })]);
    expect(await runJobs(s, '2040-04-01T00:00:00Z')).toEqual([]);
    expect(await s.openTaskIds()).toEqual(['register']);
  });
});

describe('Given a non-interrupting boundary timer of PT1H beside a parallel task (timer-hour-parallel.bpmn)', () => {
  it('When the task is reached with the clock at 2025-01-10T02:00Z, then the timer\'s job is due at 03:00Z: counted from the runtime\'s clock, not the machine\'s', async () => {
    const s = new Scenario(world, fixture('timer-hour-parallel'), (w) => freshRuntime(w, { clock: at('2025-01-10T02:00:00Z') }));
    await s.start();
    const [job] = await s.jobs();
    expect(job.element_id).toBe('hourGone');
    expect(job.due_at.toISOString()).toBe('2025-01-10T03:00:00.000Z');
  });

  it('When another step recovers the instance half an hour later, then the timer keeps its due date, and it fires at 03:00Z', async () => {
    let now = '2025-01-10T02:00:00Z';
    const s = new Scenario(world, fixture('timer-hour-parallel'), (w) => freshRuntime(w, { clock: () => new Date(now) }));
    await s.start();
    expect(await s.openTaskIds()).toEqual(['answer', 'archive']);

    now = '2025-01-10T02:30:00Z';
    const step = await s.complete('archive');
    expect(step.scheduledJobs).toEqual([]);
    const [job] = await s.jobs();
    expect(job.due_at.toISOString()).toBe('2025-01-10T03:00:00.000Z');
    expect(job.status).toBe('pending');

    expect(await runJobs(s, '2025-01-10T02:59:00Z')).toEqual([]);
    expect(await runJobs(s, '2025-01-10T03:00:00Z')).toEqual([expect.objectContaining({ jobId: job.id, outcome: 'done' })]);
    expect(await s.openTaskIds()).toEqual(['answer', 'remind']);
  });
});

describe('dueOnClock: a timer the engine has just set, counted from the runtime\'s clock', () => {
  // The engine's view, by a real clock far from the test clock.
  const engine = { elementId: 't', executionId: 't_1', startedAt: new Date('2026-12-04T07:00:00Z'), expireAt: new Date('2026-12-04T08:00:00Z') };
  const now = new Date('2025-01-10T02:00:00Z');

  it.each([
    ['timeDuration', 'PT1H', '2025-01-10T03:00:00.000Z'],
    ['timeDuration', 'P40D', '2025-02-19T02:00:00.000Z'],
    ['timeDuration', 'P1Y2M3DT4H5M6S', '2026-03-13T06:05:06.000Z'],
    ['timeDuration', 'P1W', '2025-01-17T02:00:00.000Z'],
    ['timeDuration', 'PT1.5H', '2025-01-10T03:30:00.000Z'],
    ['timeCycle', 'R3/PT10M', '2025-01-10T02:10:00.000Z'],
  ])('%s %s from 2025-01-10T02:00Z is due at %s', (timerType, value, expected) => {
    expect(dueOnClock({ ...engine, timerType, value }, now).toISOString()).toBe(expected);
  });

  it('A date is the date written, whatever the clock', () => {
    const expireAt = new Date('2040-03-02T01:00:00Z');
    expect(dueOnClock({ ...engine, expireAt, timerType: 'timeDate', value: '2040-03-02T08:00:00+07:00' }, now)).toEqual(expireAt);
  });

  it('A value it cannot read keeps the engine\'s interval, moved to the clock', () => {
    expect(dueOnClock({ ...engine, timerType: 'timeCycle', value: 'R2/2026-12-04T07:00:00Z/PT1H' }, now).toISOString()).toBe('2025-01-10T03:00:00.000Z');
    expect(dueOnClock({ ...engine, timerType: 'timeDuration' }, now).getTime() - now.getTime()).toBe(60 * MINUTE);
  });

  it('Months move the Vietnamese calendar date: 31 January 03:00 in Vietnam (30 January in UTC) + P1M is 28 February 03:00 in Vietnam', () => {
    expect(addIsoDuration(new Date('2025-01-30T20:00:00Z'), 'P1M')?.toISOString()).toBe('2025-02-27T20:00:00.000Z');
    expect(addIsoDuration(new Date('2024-01-31T03:00:00Z'), 'P1M')?.toISOString()).toBe('2024-02-29T03:00:00.000Z');
    expect(addIsoDuration(new Date('2025-11-30T03:00:00Z'), 'P3M')?.toISOString()).toBe('2026-02-28T03:00:00.000Z');
    expect(addIsoDuration(now, 'three days')).toBeUndefined();
  });

  it('A job is never due later than bpmn-elements would fire the same timer on recovery: from 1 March 03:00 in Vietnam (28 February in UTC), P1M is due on 29 March 03:00 in Vietnam', () => {
    const from = new Date('2025-02-28T20:00:00Z');
    // By the Vietnamese calendar alone it would be 1 April 03:00 in Vietnam.
    expect(addIsoDuration(from, 'P1M')?.toISOString()).toBe('2025-03-31T20:00:00.000Z');
    expect(dueOnClock({ ...engine, timerType: 'timeDuration', value: 'P1M' }, from).toISOString()).toBe('2025-03-28T20:00:00.000Z');
  });

  it.each(['P1M', 'P2M', 'P1Y', 'P1M15D', 'P3MT12H', 'P40D', 'PT36H'])('%s from every half day of 2024-2025 is due no later than bpmn-elements counts it, and on the Vietnamese calendar date when that is earlier', (value) => {
    for (let t = Date.parse('2024-01-01T00:00:00Z'); t < Date.parse('2026-01-01T00:00:00Z'); t += 12 * 3_600_000) {
      const from = new Date(t);
      const engineDue = new ISOInterval(value).parse().getExpireAt(from, from).getTime();
      const calendarDue = addIsoDuration(from, value)!.getTime();
      const due = dueOnClock({ ...engine, timerType: 'timeDuration', value }, from).getTime();
      expect([from.toISOString(), due]).toEqual([from.toISOString(), Math.min(engineDue, calendarDue)]);
    }
  });
});
