/**
 * The work queues: overdue and due-soon by the task's or the dossier's due date, the service
 * and status filters, exact counts per queue, and keyset paging over several pages.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { standardProcessXml } from '../../../server/procedures/template.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { sql } from 'kysely';
import { officialScope } from '../../../server/tasks/policies.js';
import { COUNT_CAP, queueCounts } from '../../../server/tasks/queries.js';

describe('work queues', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceA: string;
  let serviceB: string;
  let phucxa: string;
  let receiver: ReturnType<typeof studio>;
  const HOUR = 3600_000;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceA = await publishFixture(s, 'Đăng ký khai sinh');
    serviceB = await publishFixture(s, 'Đăng ký khai sinh', { timeLimitDays: 5 });
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    receiver = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t.close());

  async function submit(serviceId: string) {
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const res = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments });
    expect(res.status).toBe(201);
    const task = await t.db.db.selectFrom('tasks').select('id').where('business_key', '=', res.body.id).where('status', '=', 'open').executeTakeFirstOrThrow();
    return { id: res.body.id as string, code: res.body.code as string, taskId: task.id };
  }
  /** Puts the task's and the dossier's due dates where a case needs them. */
  async function due(d: { id: string; taskId: string }, task: Date | null, dossier: Date) {
    await t.db.db.updateTable('tasks').set({ due_at: task }).where('id', '=', d.taskId).execute();
    await t.db.db.updateTable('dossiers').set({ due_at: dossier }).where('id', '=', d.id).execute();
  }
  const codes = async (query: string) => {
    const res = await receiver.get(`/api/tasks?${query}`);
    expect(res.status).toBe(200);
    return { codes: (res.body.items as any[]).map((i) => i.dossier.code as string).sort(), counts: res.body.counts, nextCursor: res.body.nextCursor };
  };

  it('overdue and due-soon go by the task’s or the dossier’s due date, with exact counts per queue', async () => {
    const now = Date.now();
    const past = new Date(now - 2 * HOUR);
    const soon = new Date(now + HOUR);
    const far = new Date(now + 40 * 24 * HOUR);
    const taskLate = await submit(serviceA);
    await due(taskLate, past, far);
    const dossierLate = await submit(serviceA);
    await due(dossierLate, far, past);
    const taskSoon = await submit(serviceA);
    await due(taskSoon, soon, far);
    const dossierSoon = await submit(serviceA);
    await due(dossierSoon, far, soon);
    const noTaskDueDossierSoon = await submit(serviceA);
    await due(noTaskDueDossierSoon, null, soon);
    const calm = await submit(serviceA);
    await due(calm, far, far);
    // Mine: claimed, and overdue too.
    await receiver.post(`/api/tasks/${taskLate.taskId}/claim`);

    const overdue = await codes('queue=overdue');
    expect(overdue.codes).toEqual([taskLate.code, dossierLate.code].sort());
    const dueSoon = await codes('queue=due-soon');
    expect(dueSoon.codes).toEqual([taskSoon.code, dossierSoon.code, noTaskDueDossierSoon.code].sort());
    expect((await codes('queue=available')).codes).toEqual([dossierLate, taskSoon, dossierSoon, noTaskDueDossierSoon, calm].map((d) => d.code).sort());
    expect((await codes('queue=mine')).codes).toEqual([taskLate.code]);
    expect(overdue.counts).toEqual({ available: 5, mine: 1, overdue: 2, 'due-soon': 3 });
    expect((await receiver.get('/api/tasks?queue=overdue')).body.countsCapped).toEqual([]);
    // Another commune's receiver: nothing, and nothing counted.
    const other = studio(t.app, (await loginAs(t.app, 'trucbach.tiepnhan', DEMO_PASSWORD)).auth);
    expect((await other.get('/api/tasks?queue=overdue')).body).toMatchObject({ items: [], counts: { available: 0, mine: 0, overdue: 0, 'due-soon': 0 } });
  });

  it('filters by service and by the dossier’s status', async () => {
    const b1 = await submit(serviceB);
    const b2 = await submit(serviceB);
    expect((await codes(`queue=available&service=${serviceB}`)).codes).toEqual([b1.code, b2.code].sort());
    expect((await codes(`queue=available&service=${serviceA}`)).codes).not.toContain(b1.code);
    // The status filter reads the dossier's status, whatever step it is at.
    await t.db.db.updateTable('dossiers').set({ status: 2 }).where('id', '=', b2.id).execute();
    expect((await codes(`queue=available&service=${serviceB}&status=2`)).codes).toEqual([b2.code]);
    expect((await codes(`queue=available&service=${serviceB}&status=1`)).codes).toEqual([b1.code]);
    expect((await codes(`queue=available&status=9`)).codes).toEqual([]);
    expect((await receiver.get('/api/tasks?queue=available&status=11')).status).toBe(400);
  });

  it('pages by due date with a keyset cursor: every task once, in order, ties and tasks without a due date included', async () => {
    const serviceC = await publishFixture(studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth), 'Đăng ký khai sinh');
    const base = Date.now() + 10 * 24 * HOUR;
    const dues = [base, base, base, base + HOUR, base + 2 * HOUR, null, null];
    const made = [];
    for (const d of dues) {
      const x = await submit(serviceC);
      await due(x, d === null ? null : new Date(d), new Date(base + 20 * 24 * HOUR));
      made.push({ ...x, due: d });
    }
    const expected = [...made]
      .sort((a, b) => (a.due ?? Infinity) - (b.due ?? Infinity) || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0))
      .map((x) => x.taskId);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await receiver.get(`/api/tasks?queue=available&service=${serviceC}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i: any) => i.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(expected);
    // The default page is 25; a cursor the API did not give is refused.
    expect((await receiver.get(`/api/tasks?queue=available&service=${serviceC}`)).body.items).toHaveLength(7);
    expect((await receiver.get('/api/tasks?queue=available&cursor=bm9wZQ')).status).toBe(400);
  });
  it('overdue and due-soon are sorted by the earlier of the two due dates, and page by it with a cursor', async () => {
    const serviceD = await publishFixture(studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth), 'Đăng ký khai sinh');
    const now = Date.now();
    const at = (hours: number) => new Date(now + hours * HOUR);
    // [task due, dossier due]: the earlier one orders them, not the task's alone.
    const cases: Array<[Date | null, Date]> = [[at(5), at(2)], [at(1), at(40 * 24)], [null, at(3)], [at(4), at(40 * 24)]];
    const made = [];
    for (const [task, dossier] of cases) {
      const x = await submit(serviceD);
      await due(x, task, dossier);
      made.push(x.taskId);
    }
    // Earlier dates first: 1 h, 2 h, 3 h, 4 h.
    const expected = [made[1], made[0], made[2], made[3]];
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await receiver.get(`/api/tasks?queue=due-soon&service=${serviceD}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: any) => i.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected);
    expect(pages).toBe(4);
    // A cursor of the available queue (its tasks without a due date last) is not one of these.
    const nullCursor = Buffer.from(JSON.stringify([null, made[0]])).toString('base64url');
    expect((await receiver.get(`/api/tasks?queue=due-soon&cursor=${nullCursor}`)).status).toBe(400);
  });

  it('a step for named users (camunda:candidateUsers): the named official sees and claims it, a colleague of the same group does not', async () => {
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const id = (await s.post('/api/studio/services', { metadata: { name: 'Tiếp nhận bởi người được chỉ định', field: 'Thử nghiệm', receivingUnitIds: [phucxa], legalBasis: ['Thử nghiệm'], result: 'Kết quả', timeLimitDays: 5 } })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    // Reception goes to one named official instead of the reception group.
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: false }).replace('camunda:candidateGroups="tiep-nhan"', 'camunda:candidateUsers="phucxa.tiepnhan"');
    expect((await s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml })).status).toBe(200);
    expect((await s.post(`/api/studio/services/${id}/publish`)).status).toBe(201);
    // A colleague in the reception group (whose other tasks they would see).
    const db = t.db.db;
    const group = await db.selectFrom('groups').select(['id', 'tenant_id']).where('unit_id', '=', phucxa).where('name', '=', 'tiep-nhan').executeTakeFirstOrThrow();
    const colleagueId = (await db.selectFrom('accounts').select('id').where('username', '=', 'phucxa.chuyenvien').executeTakeFirstOrThrow()).id;
    await db.insertInto('group_members').values({ group_id: group.id, account_id: colleagueId, tenant_id: group.tenant_id }).execute();
    const colleague = studio(t.app, (await loginAs(t.app, 'phucxa.chuyenvien', DEMO_PASSWORD)).auth);

    const d = (await c.submit({ serviceId: id, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [] })).body;
    const row = await db.selectFrom('tasks').select(['id', 'candidate_users', 'candidate_groups']).where('business_key', '=', d.id).where('status', '=', 'open').executeTakeFirstOrThrow();
    expect([row.candidate_users, row.candidate_groups]).toEqual([['phucxa.tiepnhan'], []]);
    // The group still reaches the colleague: a dossier of the standard service is in their queue.
    const standard = await submit(serviceA);
    expect((await colleague.get(`/api/tasks?queue=available&code=${encodeURIComponent(standard.code)}`)).body.items.map((i: any) => i.id)).toEqual([standard.taskId]);

    expect((await colleague.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items).toEqual([]);
    expect((await colleague.get(`/api/tasks/${row.id}`)).status).toBe(404);
    expect((await colleague.post(`/api/tasks/${row.id}/claim`)).status).toBe(404);
    expect((await db.selectFrom('tasks').select('assignee').where('id', '=', row.id).executeTakeFirstOrThrow()).assignee).toBeNull();

    expect((await receiver.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items.map((i: any) => i.id)).toEqual([row.id]);
    const claimed = await receiver.post(`/api/tasks/${row.id}/claim`);
    expect([claimed.status, claimed.body.assignee]).toEqual([200, 'phucxa.tiepnhan']);
    expect((await receiver.post(`/api/tasks/${row.id}/complete`, { decision: 'accept' })).status).toBe(200);
  });

  it('a task carries its dossier’s due date: taken when it is created, passed on while it is open, kept once it is closed', async () => {
    const db = t.db.db;
    const dueOf = async (taskId: string) => (await db.selectFrom('tasks').select('dossier_due_at').where('id', '=', taskId).executeTakeFirstOrThrow()).dossier_due_at;
    const d = await submit(serviceA);
    const dossier = await db.selectFrom('dossiers').select('due_at').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(await dueOf(d.taskId)).toEqual(dossier.due_at);

    // The appointment moves (as a supplement or an apology moves it): the open task follows.
    const moved = new Date(dossier.due_at.getTime() + 3 * 24 * HOUR);
    await db.updateTable('dossiers').set({ due_at: moved }).where('id', '=', d.id).execute();
    expect(await dueOf(d.taskId)).toEqual(moved);

    // The step is done: the next step's task takes the dossier's date; the closed one keeps its own.
    expect((await receiver.post(`/api/tasks/${d.taskId}/claim`)).status).toBe(200);
    expect((await receiver.post(`/api/tasks/${d.taskId}/complete`, { decision: 'accept' })).status).toBe(200);
    const next = await db.selectFrom('tasks').select('id').where('business_key', '=', d.id).where('status', '=', 'open').executeTakeFirstOrThrow();
    expect(await dueOf(next.id)).toEqual(moved);
    const later = new Date(moved.getTime() + 24 * HOUR);
    await db.updateTable('dossiers').set({ due_at: later }).where('id', '=', d.id).execute();
    expect([await dueOf(d.taskId), await dueOf(next.id)]).toEqual([moved, later]);
  });

  it('a task of a process run for no dossier carries no due date and is in no queue’s count', async () => {
    const db = t.db.db;
    const d = await submit(serviceA);
    await sql`insert into tasks (tenant_id, instance_id, business_key, element_id, element_name, execution_id, candidate_groups, candidate_users, decisions, status, created_at, due_at)
      select tenant_id, instance_id, null, element_id, element_name, execution_id || '-test', candidate_groups, candidate_users, decisions, 'open', created_at, ${new Date(Date.now() - HOUR)} from tasks where id = ${d.taskId}`.execute(db);
    // As the studio's test run makes them (business key null), inside its transaction.
    const orphan = await db.selectFrom('tasks').select('dossier_due_at').where('business_key', 'is', null).where('execution_id', 'like', '%-test').executeTakeFirstOrThrow();
    expect(orphan.dossier_due_at).toBeNull();
    // Counted nowhere: not as available, nor as overdue (its due date is past).
    const withIt = (await receiver.get('/api/tasks')).body.counts;
    await db.deleteFrom('tasks').where('business_key', 'is', null).where('execution_id', 'like', '%-test').execute();
    expect((await receiver.get('/api/tasks')).body.counts).toEqual(withIt);
  });

  it(`a count stops at the cap (${COUNT_CAP}): the queue is named in countsCapped, the other counts stay exact`, async () => {
    const db = t.db.db;
    const d = await submit(serviceA);
    const before = (await receiver.get('/api/tasks')).body;
    expect(before.countsCapped).toEqual([]);
    // As many more open tasks of the group as it takes to pass the cap, due far away.
    const more = COUNT_CAP + 1 - before.counts.available;
    await sql`insert into tasks (tenant_id, instance_id, business_key, element_id, element_name, execution_id, candidate_groups, candidate_users, decisions, status, created_at, due_at)
      select tenant_id, instance_id, business_key, element_id, element_name, execution_id || '-' || g, candidate_groups, candidate_users, decisions, 'open', created_at, ${new Date(Date.now() + 40 * 24 * HOUR)}
      from tasks, generate_series(1, ${more}) g where id = ${d.taskId}`.execute(db);
    const capped = (await receiver.get('/api/tasks')).body;
    expect(capped.counts).toEqual({ ...before.counts, available: COUNT_CAP });
    expect(capped.countsCapped).toEqual(['available']);
    expect(capped.items).toHaveLength(25);
    // One fewer and the count is exact again.
    const clone = await db.selectFrom('tasks').select('id').where('business_key', '=', d.id).where('id', '!=', d.taskId).limit(1).executeTakeFirstOrThrow();
    await db.deleteFrom('tasks').where('id', '=', clone.id).execute();
    expect((await receiver.get('/api/tasks')).body).toMatchObject({ counts: { available: COUNT_CAP }, countsCapped: [] });

    // The cap is the caller's: at 2, every queue past it is named, the rest are exact.
    const account = await db.selectFrom('accounts').select(['id', 'tenant_id']).where('username', '=', 'phucxa.tiepnhan').executeTakeFirstOrThrow();
    const scope = await officialScope(db, { kind: 'staff', id: account.id, tenantId: account.tenant_id, roles: ['official'] } as never);
    const now = new Date();
    const small = await queueCounts(db, scope, now, new Date(now.getTime() + 24 * HOUR), 2);
    expect(small.counts.available).toBe(2);
    expect(small.capped).toContain('available');
    expect(small.capped.every((q) => small.counts[q as 'available'] === 2)).toBe(true);
    await db.deleteFrom('tasks').where('business_key', '=', d.id).where('id', '!=', d.taskId).execute();
  });
});
