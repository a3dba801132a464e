/**
 * The decisions of the standard template that go back (send-back at processing and at
 * approval), and the completions that must change nothing: a task someone else holds, a
 * stale row version, another tenant's task.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';

describe('decisions that go back, and completions that change nothing', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: string;
  const official = async (username: string, password = DEMO_PASSWORD) => studio(t.app, (await loginAs(t.app, username, password)).auth);

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    await createTestTenant(t.db.db, 'xa', '000.00.00.X77', '000.01.01.X77');
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    // A second member of Phúc Xá's reception group, to hold a task the first one wants.
    const db = t.db.db;
    const group = await db.selectFrom('groups').select(['id', 'tenant_id']).where('unit_id', '=', phucxa).where('name', '=', 'tiep-nhan').executeTakeFirstOrThrow();
    const second = await db.selectFrom('accounts').select('id').where('username', '=', 'phucxa.chuyenvien').executeTakeFirstOrThrow();
    await db.insertInto('group_members').values({ group_id: group.id, account_id: second.id, tenant_id: group.tenant_id }).execute();
  });
  afterAll(() => t.close());

  async function submit() {
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const res = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments });
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string };
  }
  const taskOf = async (o: ReturnType<typeof studio>, code: string, queue = 'available') =>
    (await o.get(`/api/tasks?queue=${queue}&code=${encodeURIComponent(code)}`)).body.items[0];
  async function decide(username: string, code: string, decision: string, data: Record<string, unknown> = {}) {
    const o = await official(username);
    const task = await taskOf(o, code);
    expect(task).toBeDefined();
    expect((await o.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const done = await o.post(`/api/tasks/${task.id}/complete`, { decision, data });
    expect(done.status).toBe(200);
    return done.body as { nextTasks: Array<{ id: string; step: string }>; statuses: Array<{ code: number }> };
  }
  /** Everything a refused action must leave as it was. */
  async function state(taskId: string, dossierId: string) {
    const db = t.db.db;
    return {
      task: await db.selectFrom('tasks').select(['status', 'assignee', 'claimed_at', 'row_version', 'completed_at', 'decision']).where('id', '=', taskId).executeTakeFirstOrThrow(),
      dossier: await db.selectFrom('dossiers').select(['status', 'row_version', 'updated_at', 'outcome']).where('id', '=', dossierId).executeTakeFirstOrThrow(),
      history: (await db.selectFrom('dossier_history').select((eb) => eb.fn.countAll<number>().as('n')).where('dossier_id', '=', dossierId).executeTakeFirstOrThrow()).n,
      openTasks: (await db.selectFrom('tasks').select('id').where('business_key', '=', dossierId).where('status', '=', 'open').execute()).map((r) => r.id),
    };
  }

  it('send-back at processing returns the dossier to reception', async () => {
    const d = await submit();
    await decide('phucxa.tiepnhan', d.code, 'accept');
    const back = await decide('phucxa.chuyenvien', d.code, 'send-back', { reason: 'Cần kiểm tra lại giấy chứng sinh' });
    expect(back.nextTasks.map((x) => x.step)).toEqual(['Tiếp nhận hồ sơ']);
    const receiver = await official('phucxa.tiepnhan');
    expect((await taskOf(receiver, d.code)).id).toBe(back.nextTasks[0].id);
    // Accepted again, it goes back to the specialist.
    expect((await decide('phucxa.tiepnhan', d.code, 'accept')).nextTasks.map((x) => x.step)).toEqual(['Xử lý hồ sơ']);
  });

  it('send-back at approval returns the dossier to processing', async () => {
    const d = await submit();
    await decide('phucxa.tiepnhan', d.code, 'accept');
    await decide('phucxa.chuyenvien', d.code, 'forward');
    const back = await decide('phucxa.lanhdao', d.code, 'send-back', { reason: 'Bổ sung ý kiến thẩm định' });
    expect(back.nextTasks.map((x) => x.step)).toEqual(['Xử lý hồ sơ']);
    expect(back.statuses.map((s) => s.code)).toEqual([4]);
    const specialist = await official('phucxa.chuyenvien');
    const again = await taskOf(specialist, d.code);
    expect(again).toMatchObject({ id: back.nextTasks[0].id, step: 'Xử lý hồ sơ' });
    expect((await t.db.db.selectFrom('dossiers').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status).toBe(4);
  });

  it('claiming a task someone else holds is 409, and changes nothing', async () => {
    const d = await submit();
    const first = await official('phucxa.tiepnhan');
    const second = await official('phucxa.chuyenvien');
    const task = await taskOf(first, d.code);
    expect((await first.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const before = await state(task.id, d.id);
    const res = await second.post(`/api/tasks/${task.id}/claim`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('task.already_claimed');
    // Nor may the other member give it back or complete it.
    expect((await second.post(`/api/tasks/${task.id}/unclaim`)).body.code).toBe('task.not_claimed');
    expect((await second.post(`/api/tasks/${task.id}/complete`, { decision: 'accept' })).status).toBe(409);
    expect(await state(task.id, d.id)).toEqual(before);
  });

  it('a completion with a stale row version is 409, and changes nothing; the current one goes through', async () => {
    const d = await submit();
    const receiver = await official('phucxa.tiepnhan');
    const task = await taskOf(receiver, d.code);
    const read = task.rowVersion as number;
    const claimed = await receiver.post(`/api/tasks/${task.id}/claim`);
    expect(claimed.body.rowVersion).toBe(read + 1);
    const before = await state(task.id, d.id);
    const stale = await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'accept', rowVersion: read });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('task.version_conflict');
    expect(await state(task.id, d.id)).toEqual(before);
    expect((await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'accept', rowVersion: claimed.body.rowVersion })).status).toBe(200);
  });

  it('another tenant’s official finds no task to claim or complete (404), and changes nothing', async () => {
    const d = await submit();
    const receiver = await official('phucxa.tiepnhan');
    const task = await taskOf(receiver, d.code);
    await receiver.post(`/api/tasks/${task.id}/claim`);
    const before = await state(task.id, d.id);
    const stranger = await official('xa.official', PASSWORD);
    for (const res of [
      await stranger.post(`/api/tasks/${task.id}/complete`, { decision: 'accept' }),
      await stranger.post(`/api/tasks/${task.id}/claim`),
      await stranger.get(`/api/tasks/${task.id}`),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await stranger.get('/api/tasks?queue=available')).body.items).toEqual([]);
    expect(await state(task.id, d.id)).toEqual(before);
  });

  const variables = async (dossierId: string) =>
    (await t.db.db.selectFrom('process_instances').select(['variables', 'row_version']).where('business_key', '=', dossierId).executeTakeFirstOrThrow());

  it('a step with no form takes only the decision fields: anything else is 400, named, and changes nothing', async () => {
    const d = await submit();
    const receiver = await official('phucxa.tiepnhan');
    const task = await taskOf(receiver, d.code);
    await receiver.post(`/api/tasks/${task.id}/claim`);
    const before = { state: await state(task.id, d.id), process: await variables(d.id) };
    const res = await receiver.post(`/api/tasks/${task.id}/complete`, {
      decision: 'accept',
      data: { dossier: { code: 'GIẢ-MẠO' }, applicant: { fullName: 'Kẻ gian' }, hoTen: 'Người khác', decisions: {}, approverGroup: 'lanh-dao', reason: 'Đủ hồ sơ' },
    });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: any) => [f.path, f.code])).toEqual([
      ['/data/dossier', 'task.reserved_field'],
      ['/data/applicant', 'task.reserved_field'],
      ['/data/hoTen', 'task.reserved_field'],
      ['/data/decisions', 'task.reserved_field'],
      ['/data/approverGroup', 'task.unknown_field'],
    ]);
    expect({ state: await state(task.id, d.id), process: await variables(d.id) }).toEqual(before);
    // The decision fields alone go through, and the process keeps the dossier it was given.
    expect((await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'accept', data: { reason: 'Đủ hồ sơ' } })).status).toBe(200);
    const after = (await variables(d.id)).variables as Record<string, any>;
    // The code is given after the process's first step (its lock held briefly): the process names the dossier by id.
    expect(after.dossier.code).toBeUndefined();
    expect(after).toMatchObject({ dossier: { id: d.id, channel: 'online' }, hoTen: SAMPLE_DATA.hoTen, reason: 'Đủ hồ sơ', decision: 'accept' });
    expect(after.approverGroup).toBeUndefined();
  });

  it('a system variable (the payment flag a connector set) cannot be overwritten by a completion (400)', async () => {
    const d = await submit();
    const receiver = await official('phucxa.tiepnhan');
    const task = await taskOf(receiver, d.code);
    await receiver.post(`/api/tasks/${task.id}/claim`);
    // As if the payment connector had run before this step (it runs after approval in the template).
    await t.db.db.updateTable('process_instances').set({ variables: JSON.stringify({ ...(await variables(d.id)).variables, paymentRequired: true, reason: 'set by a connector' }) as never }).where('business_key', '=', d.id).execute();
    const before = { state: await state(task.id, d.id), process: await variables(d.id) };
    const res = await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'accept', data: { paymentRequired: false, reason: 'Đủ hồ sơ' } });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: any) => [f.path, f.code])).toEqual([
      ['/data/paymentRequired', 'task.reserved_field'],
      ['/data/reason', 'task.reserved_field'],
    ]);
    expect({ state: await state(task.id, d.id), process: await variables(d.id) }).toEqual(before);
  });

  it('a reason given at one step may be given again at the next (a variable an earlier completion set)', async () => {
    const d = await submit();
    await decide('phucxa.tiepnhan', d.code, 'accept', { reason: 'Đủ hồ sơ' });
    const back = await decide('phucxa.chuyenvien', d.code, 'send-back', { reason: 'Thiếu chữ ký' });
    expect(back.nextTasks.map((x) => x.step)).toEqual(['Tiếp nhận hồ sơ']);
    expect(((await variables(d.id)).variables as Record<string, unknown>).reason).toBe('Thiếu chữ ký');
  });

  it('an official may not assign (403), and changes nothing', async () => {
    const d = await submit();
    const receiver = await official('phucxa.tiepnhan');
    const task = await taskOf(receiver, d.code);
    const before = await state(task.id, d.id);
    const me = await t.db.db.selectFrom('accounts').select('id').where('username', '=', 'phucxa.tiepnhan').executeTakeFirstOrThrow();
    expect((await receiver.post(`/api/tasks/${task.id}/assign`, { accountId: me.id })).status).toBe(403);
    expect(await state(task.id, d.id)).toEqual(before);
  });
});
