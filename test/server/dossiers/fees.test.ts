/**
 * Fees due at submission: the dossier is received only once they are paid, in the payment
 * callback's transaction; a refused dossier's paid fees are refunded (recorded).
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

describe('fees due at submission', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: string;
  let s: ReturnType<typeof studio>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    // 8,000 đ per copy, paid with the submission.
    serviceId = await publishFixture(s, 'Cấp bản sao trích lục hộ tịch');
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t.close());

  async function pay(payUrl: string, outcome: 'paid' | 'failed' = 'paid') {
    const url = new URL(payUrl);
    const res = await t.app.inject({ method: 'POST', url: `${url.pathname}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `t=${encodeURIComponent(url.searchParams.get('t')!)}&outcome=${outcome}` });
    expect(res.statusCode).toBe(303);
  }

  it('answers 202 with the amount and a pay link; paying receives the dossier with its code; a retry replays the 202', async () => {
    const fileId = (await c.upload(serviceId, 'tp-1')).body.id;
    const body = { serviceId, receivingUnitId: phucxa, data: { ...SAMPLE_DATA, soBan: 3 }, attachments: [{ componentId: 'tp-1', fileId }] };
    const first = await c.submit(body, 'fee-key-0001');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'payment_required', payment: { amountVnd: 24000 } });
    expect((await c.submit(body, 'fee-key-0001')).body).toEqual(first.body);
    expect(await t.db.db.selectFrom('dossiers').select('id').execute()).toHaveLength(0);

    await pay(first.body.payment.payUrl, 'failed');
    expect(await t.db.db.selectFrom('dossiers').select('id').execute()).toHaveLength(0);
    // After a failed try the citizen asks for the page again, and pays.
    const retry = await c.post(`/api/dossiers/drafts/${first.body.draftId}/payment`, {});
    expect(retry.body.amountVnd).toBe(24000);
    await pay(retry.body.payUrl);
    const dossiers = await t.db.db.selectFrom('dossiers').selectAll().execute();
    expect(dossiers).toHaveLength(1);
    expect(dossiers[0].code).toMatch(/^000\.31\.01\.H29-\d{6}-0001$/);
    const payments = (await c.get(`/api/dossiers/${dossiers[0].id}/payments`)).body;
    expect(payments).toEqual([expect.objectContaining({ status: 'paid', amountVnd: 24000, purpose: 'submission' })]);
    expect((await c.get(`/api/dossiers/${dossiers[0].id}`)).body.history.map((h: any) => h.action)).toEqual(['submitted', 'paid']);
    // The same callback again changes nothing.
    await t.app.sandboxPayments!.redeliverCallbacks();
    expect(await t.db.db.selectFrom('dossiers').select('id').execute()).toHaveLength(1);
  });

  it('a paid dossier refused at reception has its payment refunded', async () => {
    const fileId = (await c.upload(serviceId, 'tp-1')).body.id;
    const first = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [{ componentId: 'tp-1', fileId }] });
    await pay(first.body.payment.payUrl);
    const dossier = await t.db.db.selectFrom('dossiers').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const receiver = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const task = (await receiver.get(`/api/tasks?queue=available&code=${encodeURIComponent(dossier.code)}`)).body.items[0];
    await receiver.post(`/api/tasks/${task.id}/claim`);
    expect((await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'refuse', data: { reason: 'Không đủ điều kiện' } })).status).toBe(200);
    const payments = (await c.get(`/api/dossiers/${dossier.id}/payments`)).body;
    expect(payments).toEqual([expect.objectContaining({ status: 'refunded' })]);
  });

  it('a paid dossier refused at approval has its payment refunded when it finishes (status 9), with the refusal as the reason', async () => {
    const fileId = (await c.upload(serviceId, 'tp-1')).body.id;
    const first = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [{ componentId: 'tp-1', fileId }] });
    await pay(first.body.payment.payUrl);
    const draft = await t.db.db.selectFrom('dossier_drafts').select('submitted_dossier_id').where('id', '=', first.body.draftId).executeTakeFirstOrThrow();
    const dossier = await t.db.db.selectFrom('dossiers').selectAll().where('id', '=', draft.submitted_dossier_id!).executeTakeFirstOrThrow();
    const decide = async (username: string, decision: string, data: Record<string, unknown> = {}) => {
      const o = studio(t.app, (await loginAs(t.app, username, DEMO_PASSWORD)).auth);
      const task = (await o.get(`/api/tasks?queue=available&code=${encodeURIComponent(dossier.code)}`)).body.items[0];
      await o.post(`/api/tasks/${task.id}/claim`);
      const done = await o.post(`/api/tasks/${task.id}/complete`, { decision, data });
      expect(done.status).toBe(200);
      return done.body;
    };
    await decide('phucxa.tiepnhan', 'accept');
    await decide('phucxa.chuyenvien', 'forward');
    expect((await c.get(`/api/dossiers/${dossier.id}/payments`)).body).toEqual([expect.objectContaining({ status: 'paid' })]);
    expect((await decide('phucxa.lanhdao', 'refuse', { reason: 'Không đủ điều kiện cấp' })).statuses.map((x: any) => x.code)).toEqual([9]);
    const after = await t.db.db.selectFrom('dossiers').select(['status', 'outcome']).where('id', '=', dossier.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 9, outcome: 'refused' });
    expect((await c.get(`/api/dossiers/${dossier.id}/payments`)).body).toEqual([expect.objectContaining({ status: 'refunded' })]);
    const row = await t.db.db.selectFrom('payments').select(['refund_reason']).where('dossier_id', '=', dossier.id).executeTakeFirstOrThrow();
    expect(row.refund_reason).toBe(`Hồ sơ ${dossier.code} bị từ chối giải quyết`);
  });

  it('a submission paid after version 2 was published is filed on version 1, the one it was submitted on', async () => {
    const fileId = (await c.upload(serviceId, 'tp-1')).body.id;
    const v1 = (await s.get(`/api/studio/services/${serviceId}/versions/1`)).body;
    const first = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [{ componentId: 'tp-1', fileId }] });
    expect(first.status).toBe(202);
    const service = (await s.get(`/api/studio/services/${serviceId}`)).body;
    expect((await s.put(`/api/studio/services/${serviceId}`, { metadata: { ...service.metadata, name: `${service.metadata.name} (phiên bản 2)`, timeLimitDays: service.metadata.timeLimitDays + 5 } })).status).toBe(200);
    expect((await s.post(`/api/studio/services/${serviceId}/publish`)).body.version).toBe(2);
    await pay(first.body.payment.payUrl);
    const draft = await t.db.db.selectFrom('dossier_drafts').select('submitted_dossier_id').where('id', '=', first.body.draftId).executeTakeFirstOrThrow();
    const dossier = await t.db.db.selectFrom('dossiers').selectAll().where('id', '=', draft.submitted_dossier_id!).executeTakeFirstOrThrow();
    expect(dossier.version_id).toBe(v1.id);
    const instance = await t.db.db.selectFrom('process_instances').select('version_id').where('id', '=', dossier.instance_id!).executeTakeFirstOrThrow();
    expect(instance.version_id).toBe(v1.id);
    const submitted = await t.db.db.selectFrom('dossier_history').select('details').where('dossier_id', '=', dossier.id).where('action', '=', 'submitted').executeTakeFirstOrThrow();
    expect(submitted.details).toMatchObject({ version: 1 });
  });
});
