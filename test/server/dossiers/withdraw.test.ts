/**
 * The citizen withdraws a dossier waiting for its payment (status 6): status 7, the process
 * instance cancelled with no job left to run, the pending payment cancelled; paying on the
 * old link afterwards is refunded.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

describe('withdrawing a dossier', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
  });
  afterAll(() => t.close());

  it('while its payment is asked for: status 7, the instance cancelled with no pending job, the payment cancelled; paying the old link later is refunded', async () => {
    const designer = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const fees = [{ id: 'phi-1', name: 'Phí cung cấp thông tin lý lịch tư pháp', amountVnd: 200000, dueAt: 'payment-step', quantityField: 'soBan' }];
    const serviceId = await publishFixture(designer, 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', { fees });
    const unit = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${serviceId}` })).json().receivingUnits[0];
    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const submitted = await c.submit({ serviceId, receivingUnitId: unit.id, data: { ...SAMPLE_DATA, soBan: 1 }, attachments, resultChannel: 'online' });
    expect(submitted.status).toBe(201);
    const { id, code } = submitted.body;
    for (const [username, decision] of [['sotuphap.tiepnhan', 'accept'], ['sotuphap.chuyenvien', 'forward'], ['sotuphap.lanhdao', 'approve']]) {
      const o = studio(t.app, (await loginAs(t.app, username, DEMO_PASSWORD)).auth);
      const task = (await o.get(`/api/tasks?queue=available&code=${encodeURIComponent(code)}`)).body.items[0];
      await o.post(`/api/tasks/${task.id}/claim`);
      expect((await o.post(`/api/tasks/${task.id}/complete`, { decision })).status).toBe(200);
    }
    await t.app.runJobs();
    expect((await c.get(`/api/dossiers/${id}`)).body.status.code).toBe(6);
    const [payment] = (await c.get(`/api/dossiers/${id}/payments`)).body;
    expect(payment).toMatchObject({ status: 'pending' });
    const dossier = await t.db.db.selectFrom('dossiers').select('instance_id').where('id', '=', id).executeTakeFirstOrThrow();
    const instanceId = dossier.instance_id!;
    expect((await t.db.db.selectFrom('process_instances').select('status').where('id', '=', instanceId).executeTakeFirstOrThrow()).status).toBe('running');

    const res = await c.post(`/api/dossiers/${id}/withdraw`, { reason: 'Không cần nữa' });
    expect(res.status).toBe(200);
    expect(res.body.status.code).toBe(7);
    expect((await t.db.db.selectFrom('process_instances').select('status').where('id', '=', instanceId).executeTakeFirstOrThrow()).status).toBe('cancelled');
    expect(await t.db.db.selectFrom('process_jobs').select(['id', 'status']).where('instance_id', '=', instanceId).where('status', '=', 'pending').execute()).toEqual([]);
    expect(await t.db.db.selectFrom('tasks').select('id').where('instance_id', '=', instanceId).where('status', '=', 'open').execute()).toEqual([]);
    expect((await c.get(`/api/dossiers/${id}/payments`)).body).toEqual([expect.objectContaining({ id: payment.id, status: 'cancelled' })]);
    // The pay link cannot be started again.
    const restart = await c.post(`/api/dossiers/${id}/payments/${payment.id}/start`, {});
    expect([restart.status, restart.body.code]).toEqual([409, 'payment.cancelled']);

    // The citizen had the pay page open and pays anyway: the money is recorded and refunded.
    const payUrl = new URL(payment.payUrl);
    const paid = await t.app.inject({ method: 'POST', url: `${payUrl.pathname}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `t=${encodeURIComponent(payUrl.searchParams.get('t')!)}&outcome=paid` });
    expect(paid.statusCode).toBeLessThan(400);
    const row = await t.db.db.selectFrom('payments').select(['status', 'refund_reason']).where('id', '=', payment.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'refunded', refund_reason: `Hồ sơ ${code} đã được rút` });
    expect((await c.get(`/api/dossiers/${id}`)).body.status.code).toBe(7);
  });
});
