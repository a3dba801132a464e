/** The message a status change sends the applicant (server/dossiers/events.ts, notifyApplicant). */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

describe('status notifications', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
  });
  afterAll(() => t.close());

  it('payment requested (status 6): the message gives the amount and the link to the pay page', async () => {
    const designer = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const fees = [{ id: 'phi-1', name: 'Phí cung cấp thông tin lý lịch tư pháp', amountVnd: 200000, dueAt: 'payment-step', quantityField: 'soBan' }];
    const serviceId = await publishFixture(designer, 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', { fees });
    const unit = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${serviceId}` })).json().receivingUnits[0];
    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const submitted = await c.submit({ serviceId, receivingUnitId: unit.id, data: { ...SAMPLE_DATA, soBan: 2 }, attachments, resultChannel: 'online' });
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
    expect(payment).toMatchObject({ amountVnd: 400000, status: 'pending' });

    // Delivered by the local provider: the outbox row, marked sent, is its record.
    await t.app.runOutboxes();
    const sent = await t.db.db.selectFrom('notification_outbox').selectAll().where('template', '=', 'dossier.status.6').execute().then((rows) => rows.filter((r) => (r.payload as { dossierId?: string }).dossierId === id));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 'sent', channel: 'email', destination: 'nguyenvanan@example.vn' });
    expect(sent[0].body).toContain(`Hồ sơ ${code}: `);
    expect(sent[0].body).toContain('Số tiền cần thanh toán: 400.000 đ.');
    expect(sent[0].body).toContain(`Thanh toán trực tuyến tại: ${payment.payUrl}`);
    expect(sent[0].payload).toMatchObject({ status: 6, paymentId: payment.id, amountVnd: 400000, payUrl: payment.payUrl });
    // The link in the message opens the pay page with that amount.
    const payUrl = new URL(payment.payUrl);
    const page = await t.app.inject({ method: 'GET', url: payUrl.pathname + payUrl.search });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('400.000');
  });
});
