/**
 * Task deadlines from our extension attributes, counted end to end on the tenant's working
 * calendar (runtime/engine/calendar-deadlines.ts, the runtime's default): the task row's
 * due_at is asserted to the minute. The runtime's clock says when the task is created;
 * times in the comments are Vietnamese (UTC+7).
 */
import { seedDecidedDays } from '../../../runtime/calendar/index.js';
import { checkExecutable } from '../../../runtime/check/index.js';
import { WorkingCalendar } from '../../../runtime/calendar/index.js';
import { dueOnCalendar } from '../../../runtime/engine/calendar-deadlines.js';
import { createWorld, fixture, freshRuntime, Scenario, type World } from './harness.js';

let world: World;
/** A second tenant of the same database, seeded with the government's known decisions. */
let seeded: World;
beforeAll(async () => {
  world = await createWorld();
  seeded = await createWorld(world.handle);
  await seedDecidedDays(seeded.db as never, seeded.tenantId);
});
afterAll(async () => world?.close());

/** The due date of the first task of `name`, reached at `at` by the runtime's clock. */
async function dueOfTaskReachedAt(w: World, name: string, at: string, xml = fixture(name)): Promise<{ createdAt: string; dueAt: string | undefined }> {
  const clock = () => new Date(at);
  const s = new Scenario(w, xml, (x) => freshRuntime(x, { clock }));
  await s.start();
  const [task] = await s.openTasks();
  return { createdAt: task.created_at.toISOString(), dueAt: task.due_at?.toISOString() };
}

describe('Given a user task with a share of two whole working days (deadline-share-days.bpmn, esb:deadlineShare="2")', () => {
  it('When it is reached on Thursday 3 April 2025 at 10:00, then it is due at the end of Tuesday 8 April: the day itself is not counted, the weekend and Hùng Kings day (Monday 7) are skipped', async () => {
    const { createdAt, dueAt } = await dueOfTaskReachedAt(world, 'deadline-share-days', '2025-04-03T03:00:00Z');
    expect(createdAt).toBe('2025-04-03T03:00:00.000Z');
    // Day 1 Friday 4, day 2 Tuesday 8, due 17:00.
    expect(dueAt).toBe('2025-04-08T10:00:00.000Z');
  });

  it('When it is reached after working hours on Friday 4 April 2025 (18:00), then it counts from Tuesday: due at the end of Thursday 10 April', async () => {
    const { dueAt } = await dueOfTaskReachedAt(world, 'deadline-share-days', '2025-04-04T11:00:00Z');
    // Deemed received on Tuesday 8 (next working day), day 1 Wednesday 9, day 2 Thursday 10.
    expect(dueAt).toBe('2025-04-10T10:00:00.000Z');
  });

  it('When it is reached on Thursday 24 April 2025 by a tenant seeded with the decided days, then the Saturday worked in exchange (26 April) is day 2', async () => {
    const { dueAt } = await dueOfTaskReachedAt(seeded, 'deadline-share-days', '2025-04-24T03:00:00Z');
    expect(dueAt).toBe('2025-04-26T10:00:00.000Z');
    // Without the decision, the Saturday is a day off and Monday 28 April is day 2.
    expect((await dueOfTaskReachedAt(world, 'deadline-share-days', '2025-04-24T03:00:00Z')).dueAt).toBe('2025-04-28T10:00:00.000Z');
  });

  it('When it is reached on Friday 29 August 2025 by a seeded tenant, then 1 and 2 September are skipped with the weekend: due at the end of Thursday 4 September', async () => {
    const { dueAt } = await dueOfTaskReachedAt(seeded, 'deadline-share-days', '2025-08-29T03:00:00Z');
    expect(dueAt).toBe('2025-09-04T10:00:00.000Z');
  });
});

describe('Given a user task with a month-long share of 30 working days (deadline-share-days.bpmn with esb:deadlineShare="30")', () => {
  const xml = fixture('deadline-share-days').replace('esb:deadlineShare="2"', 'esb:deadlineShare="30"');

  it('When the diagram is checked, then the share is accepted', async () => {
    expect(xml).toContain('esb:deadlineShare="30"');
    expect(await checkExecutable(xml)).toEqual({ ok: true, problems: [] });
  });

  it('When it is reached on Monday 2 February 2026 by a seeded tenant, then Tết (14-22 February) does not count: due at the end of Monday 23 March', async () => {
    expect((await dueOfTaskReachedAt(seeded, 'deadline-share-days', '2026-02-02T03:00:00Z', xml)).dueAt).toBe('2026-03-23T10:00:00.000Z');
  });
});

describe('Given a user task with a share of one and a half working days (deadline-share-days.bpmn with esb:deadlineShare="1.5", as the standard process gives a 15-day procedure)', () => {
  const xml = fixture('deadline-share-days').replace('esb:deadlineShare="2"', 'esb:deadlineShare="1.5"');

  it('When it is reached on Thursday 3 April 2025 at 10:00, then it is due half a working day after the close of day 1 (Friday 17:00): Tuesday 8 April at 12:00, past the weekend and Hùng Kings day', async () => {
    expect(xml).toContain('esb:deadlineShare="1.5"');
    expect((await dueOfTaskReachedAt(world, 'deadline-share-days', '2025-04-03T03:00:00Z', xml)).dueAt).toBe('2025-04-08T05:00:00.000Z');
  });

  it('When shares grow, then due dates never come earlier: 0.5 < 1 < 1.5 < 2 days, from any hour of a week', () => {
    const calendar = new WorkingCalendar();
    const shares = [0.25, 0.5, 0.9, 1, 1.5, 2, 2.5, 3];
    for (let t = Date.parse('2025-04-02T00:00:00Z'); t < Date.parse('2025-04-09T00:00:00Z'); t += 30 * 60_000) {
      const from = new Date(t);
      const dues = shares.map((days) => dueOnCalendar(calendar, { tenantId: 't', from, days }).getTime());
      for (let i = 1; i < dues.length; i++) {
        expect([from.toISOString(), shares[i], dues[i] >= dues[i - 1]]).toEqual([from.toISOString(), shares[i], true]);
      }
    }
  });
});

describe('Given a user task with four working hours (deadline-hours.bpmn, esb:deadlineHours="4")', () => {
  it('When it is reached on Thursday 6 March 2025 at 11:00, then the lunch break does not count: due at 16:00 the same day', async () => {
    const { dueAt } = await dueOfTaskReachedAt(world, 'deadline-hours', '2025-03-06T04:00:00Z');
    // 11:00-12:00 is one hour, 13:00-16:00 three more.
    expect(dueAt).toBe('2025-03-06T09:00:00.000Z');
  });

  it('When it is reached on Friday 4 April 2025 at 15:00, then the time after 17:00, the weekend and Hùng Kings day do not count: due Tuesday 8 April at 10:00', async () => {
    const { dueAt } = await dueOfTaskReachedAt(world, 'deadline-hours', '2025-04-04T08:00:00Z');
    // 15:00-17:00 on Friday, 08:00-10:00 on Tuesday.
    expect(dueAt).toBe('2025-04-08T03:00:00.000Z');
  });

  it('When it is reached on Wednesday 5 March 2025 at 16:30, then it runs over the end of the day: due Thursday at 11:30', async () => {
    // 16:30-17:00 on Wednesday, 08:00-11:30 on Thursday.
    expect((await dueOfTaskReachedAt(world, 'deadline-hours', '2025-03-05T09:30:00Z')).dueAt).toBe('2025-03-06T04:30:00.000Z');
  });

  it('When it is reached during the lunch break (Wednesday 5 March 2025, 12:30), then it counts from 13:00 and ends at 17:00 sharp, not the next morning', async () => {
    expect((await dueOfTaskReachedAt(world, 'deadline-hours', '2025-03-05T05:30:00Z')).dueAt).toBe('2025-03-05T10:00:00.000Z');
  });
});
