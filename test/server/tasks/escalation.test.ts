/**
 * Escalation through the real job loop, on PostgreSQL: two app instances with their own
 * connection pools run the server's job loop on one database; once the clock passes a step's
 * due date, each leader of the group's unit is notified exactly once, however many turns
 * either loop makes.
 */
import { sql } from 'kysely';
import { createPgDatabase, describeWithPg, type TestDb } from '../../helpers/db.js';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeWithPg('escalation of overdue steps by the job loop', () => {
  let db: TestDb;
  let t: TestApp;
  const loops: TestApp[] = [];
  // Tuesday 8 April 2025, 09:00 in Vietnam.
  let now = new Date('2025-04-08T02:00:00Z');

  beforeAll(async () => {
    db = await createPgDatabase();
    t = await createTestApp({}, db, { clock: () => now });
    await seedDemo(db.db);
  });
  afterAll(async () => {
    for (const l of loops) await l.close();
    await t?.close();
    await db?.close();
  });

  it('notifies each leader of the unit once when two job loops run past the due date', async () => {
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const serviceId = await publishFixture(s, 'Đăng ký khai sinh', { timeLimitDays: 1, fees: [] });
    const phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const submitted = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments });
    expect(submitted.status).toBe(201);
    const task = await db.db.selectFrom('tasks').select(['id', 'due_at', 'escalated_at']).where('business_key', '=', submitted.body.id).where('status', '=', 'open').executeTakeFirstOrThrow();
    expect(task.due_at!.getTime()).toBeGreaterThan(now.getTime());
    const leaders = await db.db
      .selectFrom('accounts as a')
      .innerJoin('units as u', 'u.id', 'a.unit_id')
      .select('a.id')
      .where('u.agency_code', '=', '000.31.01.H29')
      .where(sql<boolean>`'leader' = any(a.roles)`)
      .execute();
    expect(leaders.length).toBeGreaterThan(0);

    // Two server instances, each with the job loop of the server proper, sharing the clock.
    const turns = [0, 0];
    let escalated = 0;
    for (const i of [0, 1]) {
      const l = await createTestApp({ jobLoop: true, jobIntervalMs: 20 }, db, { clock: () => now });
      loops.push(l);
      const turn = l.app.runJobLoopTurn;
      l.app.runJobLoopTurn = async () => {
        const r = await turn();
        turns[i]++;
        escalated += r.escalated;
        return r;
      };
    }
    const mail = () =>
      db.db.selectFrom('notification_outbox').select('account_id').where('template', '=', 'task.overdue').where(sql<boolean>`payload->>'taskId' = ${task.id}`).execute();

    // Before the due date the loops turn and escalate nothing.
    await until('both loops to turn', async () => turns[0] >= 3 && turns[1] >= 3);
    expect(await mail()).toEqual([]);

    now = new Date(task.due_at!.getTime() + 60_000);
    await until('the escalation', async () => (await mail()).length > 0);
    const [a, b] = turns;
    await until('both loops to turn again', async () => turns[0] >= a + 3 && turns[1] >= b + 3);

    const sent = await mail();
    expect(sent.map((m) => m.account_id).sort()).toEqual(leaders.map((l) => l.id).sort());
    expect(escalated).toBe(1);
    const row = await db.db.selectFrom('tasks').select('escalated_at').where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(row.escalated_at).toEqual(now);
    const history = await db.db.selectFrom('dossier_history').select('action').where('dossier_id', '=', submitted.body.id).where('action', '=', 'task.escalated').execute();
    expect(history).toHaveLength(1);
  });
});
