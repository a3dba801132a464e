/** The studio's test run: the real runtime in a transaction that is always rolled back. */
import { sql } from 'kysely';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';

/** Every table a real dossier's run writes to: a test run leaves each as it was. */
const WRITTEN = ['process_instances', 'process_jobs', 'tasks', 'dossiers', 'notification_outbox', 'portal_outbox'] as const;

describe('test runs', () => {
  let t: TestApp;
  let s: ReturnType<typeof studio>;
  let id: string;
  let admin: ReturnType<typeof studio>;
  const count = async (table: (typeof WRITTEN)[number]) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db.db)).rows[0].n;
  const counts = () => Promise.all(WRITTEN.map(count));

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    admin = studio(t.app, (await loginAs(t.app, 'admin', DEMO_PASSWORD)).auth);
    const communes = (await s.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
    id = (await s.post('/api/studio/services', {
      metadata: { name: 'Cấp bản sao trích lục', field: 'Hộ tịch', receivingUnitIds: communes, timeLimitDays: 5, fees: [{ id: 'phi', name: 'Phí', amountVnd: 8000, dueAt: 'payment-step' }] },
    })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
  });
  afterAll(() => t.close());

  it('follows the decisions through the standard process, with groups of the receiving unit, deadlines and statuses', async () => {
    const before = await counts();
    const res = await s.post(`/api/studio/services/${id}/test-runs`, {
      data: { hoTen: 'Nguyễn Văn An', soCccd: '001099012345' },
      decisions: ['accept', 'forward', 'approve', { decision: 'return-result' }],
      messages: [{ name: 'payment', data: { paid: true } }],
      receivedAt: '2025-04-04T02:00:00Z',
    });
    expect(res.status).toBe(200);
    const run = res.body;
    expect(run.error).toBeNull();
    expect(run.ok).toBe(true);
    expect(run.tasks.map((x: any) => [x.elementId, x.decision])).toEqual([['receive', 'accept'], ['process', 'forward'], ['approve', 'approve'], ['returnResult', 'return-result']]);
    expect(run.tasks[0].groups).toEqual(['000.31.01.H29/tiep-nhan']);
    // Friday 4 April 2025, 09:00 in Vietnam: reception's half working day (4 hours) is
    // 09:00–12:00 and, after lunch, 13:00–14:00.
    expect(run.tasks[0].dueAt).toBe('2025-04-04T07:00:00.000Z');
    expect(run.statuses.map((x: any) => x.status)).toEqual([2, 4, 6, 9, 10]);
    expect(run.connectorCalls.map((c: any) => c.connector)).toEqual(['request-payment']);
    expect(run.path.map((p: any) => p.elementId)).toEqual(expect.arrayContaining(['start', 'receive', 'receiveDecision', 'f_accept', 'accepted', 'process', 'approve', 'requestPayment', 'waitPayment', 'returnResult', 'end']));
    expect(run.path.map((p: any) => p.elementId)).not.toContain('endRefused');
    expect(run.endedAt).not.toBeNull();
    // Nothing was written: no instance, job, task, dossier, notification or portal message.
    expect(await counts()).toEqual(before);
  });

  it("computes deadlines on the tenant's calendar: a day off the province decided, and its own working hours", async () => {
    const before = await counts();
    const receiveDue = async (receivedAt: string) => {
      const run = (await s.post(`/api/studio/services/${id}/test-runs`, { data: {}, decisions: [], receivedAt })).body;
      expect(run.tasks.map((x: any) => x.elementId)).toEqual(['receive']);
      return run.tasks[0].dueAt;
    };
    // Friday 4 April 2025, 16:00 in Vietnam: one hour of reception's four that day, three on
    // the next working day. Monday 7 April is the Hùng Kings' day (a holiday by rule), so Tuesday.
    expect(await receiveDue('2025-04-04T09:00:00Z')).toBe('2025-04-08T04:00:00.000Z');
    // The province decides Tuesday 8 April is a day off: the deadline moves to Wednesday.
    expect((await admin.put('/api/admin/calendar/days', { day: '2025-04-08', kind: 'off', name: 'Nghỉ bù' })).status).toBe(204);
    expect(await receiveDue('2025-04-04T09:00:00Z')).toBe('2025-04-09T04:00:00.000Z');
    expect((await admin.call('DELETE', '/api/admin/calendar/days/2025-04-08')).status).toBe(204);
    expect(await receiveDue('2025-04-04T09:00:00Z')).toBe('2025-04-08T04:00:00.000Z');

    // Friday 09:00: four hours end at 14:00 with the default hours (08–12, 13–17); with the
    // province's hours 07:30–11:30 and 13:30–17:30 they end at 15:00.
    expect(await receiveDue('2025-04-04T02:00:00Z')).toBe('2025-04-04T07:00:00.000Z');
    expect((await admin.put('/api/admin/calendar/working-hours', { workingHours: [['07:30', '11:30'], ['13:30', '17:30']] })).status).toBe(204);
    try {
      expect(await receiveDue('2025-04-04T02:00:00Z')).toBe('2025-04-04T08:00:00.000Z');
    } finally {
      await admin.put('/api/admin/calendar/working-hours', { workingHours: [['08:00', '12:00'], ['13:00', '17:00']] });
    }
    expect(await counts()).toEqual(before);
  });

  it('stops where nobody has decided yet, and says which decisions were left unused', async () => {
    const waiting = (await s.post(`/api/studio/services/${id}/test-runs`, { data: {}, decisions: ['refuse'] })).body;
    expect(waiting).toMatchObject({ ok: true, statuses: [{ status: 3 }], waitingFor: [] });
    expect(waiting.endedAt).not.toBeNull();
    const stuck = (await s.post(`/api/studio/services/${id}/test-runs`, { data: {}, decisions: ['accept'] })).body;
    expect(stuck.waitingFor).toEqual(['process']);
    const extra = (await s.post(`/api/studio/services/${id}/test-runs`, { data: {}, decisions: ['refuse', 'accept'] })).body;
    expect(extra).toMatchObject({ ok: false, error: { code: 'test_run.unused_decisions' } });
    const wrong = (await s.post(`/api/studio/services/${id}/test-runs`, { data: {}, decisions: ['approve'] })).body;
    expect(wrong).toMatchObject({ ok: false, error: { code: 'task.decision_not_offered' } });
  });

  it('reports the form errors of the sample data', async () => {
    const run = (await s.post(`/api/studio/services/${id}/test-runs`, { data: { soCccd: '123' }, decisions: [] })).body;
    expect(run.formErrors.map((e: any) => e.path).sort()).toEqual(['/data/hoTen', '/data/soCccd']);
  });
});
