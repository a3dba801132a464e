/** A step's own form is validated on the server like a citizen's; a leader assigns within the group. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';
import { standardProcessXml } from '../../../server/procedures/template.js';
import { deskState } from '../../helpers/desk-state.js';

describe('step forms and assignment', () => {
  let t: TestApp;
  let code: string;
  let dossierId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    const id = (await s.post('/api/studio/services', { metadata: { name: 'Thẩm định có biểu mẫu', field: 'Thử nghiệm', receivingUnitIds: [phucxa], legalBasis: ['Thử nghiệm'], result: 'Kết quả', timeLimitDays: 5 } })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    await s.put(`/api/studio/services/${id}/step-forms/tham-dinh`, { form: { components: [{ type: 'textarea', key: 'yKien', label: 'Ý kiến thẩm định', input: true, validate: { required: true, minLength: 5 } }] } });
    await s.put(`/api/studio/services/${id}/process`, { bpmnXml: standardProcessXml({ timeLimitDays: 5, withPayment: false }).replace('camunda:candidateGroups="chuyen-vien"', 'camunda:candidateGroups="chuyen-vien" camunda:formKey="tham-dinh"') });
    expect((await s.post(`/api/studio/services/${id}/publish`)).status).toBe(201);
    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const d = (await c.submit({ serviceId: id, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [] })).body;
    code = d.code;
    dossierId = d.id;
    const receiver = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const task = (await receiver.get(`/api/tasks?queue=available&code=${encodeURIComponent(code)}`)).body.items[0];
    await receiver.post(`/api/tasks/${task.id}/claim`);
    await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'accept' });
  });
  afterAll(() => t.close());

  it('refuses a completion whose step form fails validation (400, the field named) and changes nothing', async () => {
    const o = studio(t.app, (await loginAs(t.app, 'phucxa.chuyenvien', DEMO_PASSWORD)).auth);
    const task = (await o.get(`/api/tasks?queue=available&code=${encodeURIComponent(code)}`)).body.items[0];
    const detail = (await o.get(`/api/tasks/${task.id}`)).body;
    expect(detail.stepForm.components[0].key).toBe('yKien');
    expect(detail.decisions.map((d: any) => d.key)).toEqual(['forward', 'send-back']);
    await o.post(`/api/tasks/${task.id}/claim`);
    const before = await deskState(t.db.db, task.id, dossierId);
    const bad = await o.post(`/api/tasks/${task.id}/complete`, { decision: 'forward', data: { yKien: 'ok' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.path)).toEqual(['/data/yKien']);
    expect(await deskState(t.db.db, task.id, dossierId)).toEqual(before);
    const good = await o.post(`/api/tasks/${task.id}/complete`, { decision: 'forward', data: { yKien: 'Hồ sơ hợp lệ, đề nghị phê duyệt' } });
    expect(good.status).toBe(200);
    const stored = await t.db.db.selectFrom('tasks').select('data').where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(stored.data).toEqual({ yKien: 'Hồ sơ hợp lệ, đề nghị phê duyệt' });
  });

  it('a leader assigns an approval task to a member of its group, who then finds it in "mine"', async () => {
    const leader = studio(t.app, (await loginAs(t.app, 'phucxa.lanhdao', DEMO_PASSWORD)).auth);
    const task = (await leader.get(`/api/tasks?queue=available&code=${encodeURIComponent(code)}`)).body.items[0];
    expect(task.step).toBe('Phê duyệt');
    const me = await t.db.db.selectFrom('accounts').select('id').where('username', '=', 'phucxa.lanhdao').executeTakeFirstOrThrow();
    const outsider = await t.db.db.selectFrom('accounts').select('id').where('username', '=', 'phucxa.tiepnhan').executeTakeFirstOrThrow();
    const refused = await leader.post(`/api/tasks/${task.id}/assign`, { accountId: outsider.id });
    expect(refused.body.fields[0].code).toBe('task.assignee_not_member');
    expect((await leader.post(`/api/tasks/${task.id}/assign`, { accountId: me.id })).body.assignee).toBe('phucxa.lanhdao');
    expect((await leader.get('/api/tasks?queue=mine')).body.items.map((i: any) => i.id)).toContain(task.id);
    // An assigned task cannot be given back by unclaiming.
    expect((await leader.post(`/api/tasks/${task.id}/unclaim`)).body.code).toBe('task.assigned');
  });

  it('officials of another province find neither the task nor the dossier (404)', async () => {
    await createTestTenant(t.db.db, 'xa', '000.00.00.X77', '000.01.01.X77');
    const stranger = studio(t.app, (await loginAs(t.app, 'xa.official', PASSWORD)).auth);
    const task = await t.db.db.selectFrom('tasks').select('id').where('business_key', '=', dossierId).where('status', '=', 'open').executeTakeFirstOrThrow();
    expect((await stranger.get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect((await stranger.post(`/api/tasks/${task.id}/claim`)).status).toBe(404);
    expect((await stranger.get(`/api/dossiers/${dossierId}`)).status).toBe(404);
  });
});
