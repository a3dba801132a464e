/**
 * The main job end to end on PostgreSQL, through the HTTP API: a service published with the
 * standard template; a citizen registers, uploads, submits; officials accept, process and
 * approve through /api/tasks; the citizen pays in the sandbox; the signed result is returned;
 * the citizen downloads it, its signature verifies, and rates. Every status reaches the
 * citizen (notification outbox) and the national portal receiver once, in order.
 * First at a commune (the usual one-stop counter), then at a department, where a new version
 * is published while the dossier runs and the dossier finishes on the version it was submitted under.
 */
import http from 'node:http';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { createPgDatabase, describeWithPg, type TestDb } from '../helpers/db.js';
import { createTestApp, loginAs, type TestApp } from '../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../server/seed/demo.js';
import { publishFixture, studio } from '../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../helpers/citizen.js';
import { multipart, resultPdf } from '../helpers/multipart.js';
import { verifyPdfSignature } from '../../server/documents/index.js';
import { standardProcessXml } from '../../server/procedures/template.js';

describeWithPg('the main job', () => {
  let db: TestDb;
  let t: TestApp;
  let receiver: http.Server;
  const received: Array<{ key: string; body: any }> = [];
  // Friday 4 April 2025, 10:00 in Vietnam; Monday 7 April is Hùng Kings day.
  let now = new Date('2025-04-04T03:00:00Z');

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(body) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    db = await createPgDatabase();
    t = await createTestApp({ portalEndpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sync` }, db, { clock: () => now });
    await seedDemo(db.db);
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
    await new Promise((r) => receiver.close(r));
  });

  it('at a commune: registration, submission, the commune\'s officials through /api/tasks, payment, signed result, rating', async () => {
    now = new Date('2025-04-04T03:00:00Z'); // Friday 4 April 2025, 10:00 in Vietnam.
    const designer = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const fees = [{ id: 'phi-1', name: 'Lệ phí cấp bản sao trích lục hộ tịch', amountVnd: 8000, dueAt: 'payment-step', quantityField: 'soBan' }];
    const serviceId = await publishFixture(designer, 'Cấp bản sao trích lục hộ tịch', { fees, timeLimitDays: 2 });

    // The citizen registers; the outbox delivers the one-time code through the local provider,
    // and the citizen reads it from the delivered message.
    const reg = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { citizenId: '001301004321', password: 'Matkhau@2025', fullName: 'Lê Văn Bình', email: 'binh@example.vn', phone: '0987000111', address: 'Phường Phúc Xá, Ba Đình, Hà Nội' } });
    expect(reg.statusCode).toBe(201);
    // Queued at the database's time (the real one), so delivered by a run at the real time.
    await t.app.runOutboxes(new Date());
    const delivered = await db.db.selectFrom('notification_outbox').select(['status', 'body', 'template']).where('destination', '=', 'binh@example.vn').executeTakeFirstOrThrow();
    expect(delivered).toMatchObject({ status: 'sent', template: 'otp.verify' });
    const code = /\b(\d{6})\b/.exec(delivered.body)![1];
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/verify', payload: { username: '001301004321', code } })).statusCode).toBe(204);
    const c = citizen(t.app, (await loginAs(t.app, '001301004321', 'Matkhau@2025')).auth);

    const detail = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${serviceId}` })).json();
    const unit = detail.receivingUnits.find((u: any) => u.agencyCode === '000.31.01.H29');
    expect(unit).toBeDefined();
    const attachments = [{ componentId: 'tp-1', fileId: (await c.upload(serviceId, 'tp-1')).body.id }];
    const submitted = await c.submit({ serviceId, receivingUnitId: unit.id, data: { ...SAMPLE_DATA, hoTen: 'Lê Văn Bình', soCccd: '001301004321', soBan: 3 }, attachments, resultChannel: 'online' });
    expect(submitted.status).toBe(201);
    expect(submitted.body.code).toMatch(/^000\.31\.01\.H29-250404-\d{4}$/);
    const id = submitted.body.id as string;

    const act = async (username: string, decision: string) => {
      const o = studio(t.app, (await loginAs(t.app, username, DEMO_PASSWORD)).auth);
      const task = (await o.get(`/api/tasks?queue=available&code=${encodeURIComponent(submitted.body.code)}`)).body.items[0];
      expect(task).toBeDefined();
      expect((await o.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
      const done = await o.post(`/api/tasks/${task.id}/complete`, { decision });
      expect(done.status).toBe(200);
      return { o, task, done };
    };
    expect((await act('phucxa.tiepnhan', 'accept')).task.step).toBe('Tiếp nhận hồ sơ');
    expect((await act('phucxa.chuyenvien', 'forward')).task.step).toBe('Xử lý hồ sơ');
    expect((await act('phucxa.lanhdao', 'approve')).task.step).toBe('Phê duyệt');

    // The payment step runs as a job; the citizen pays 3 × 8,000 đ in the sandbox.
    await t.app.runJobs(now);
    const payments = (await c.get(`/api/dossiers/${id}/payments`)).body;
    expect(payments).toEqual([expect.objectContaining({ amountVnd: 24000, status: 'pending', purpose: 'payment-step' })]);
    expect((await c.get(`/api/dossiers/${id}`)).body.status.code).toBe(6);
    const payUrl = new URL(payments[0].payUrl);
    const paid = await t.app.inject({ method: 'POST', url: `${payUrl.pathname}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `t=${encodeURIComponent(payUrl.searchParams.get('t')!)}&outcome=paid` });
    expect(paid.statusCode).toBe(303);
    expect((await c.get(`/api/dossiers/${id}`)).body.status.code).toBe(9);

    // The commune's receiving official returns the result, signed with the commune's certificate.
    const auth = (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth;
    const ret = studio(t.app, auth);
    const last = (await ret.get(`/api/tasks?queue=available&code=${encodeURIComponent(submitted.body.code)}`)).body.items[0];
    expect(last.step).toBe('Trả kết quả');
    await ret.post(`/api/tasks/${last.id}/claim`);
    const body = multipart({}, { name: 'ban-sao-trich-luc.pdf', type: 'application/pdf', data: await resultPdf('Ban sao trich luc ho tich') });
    const attached = (await t.app.inject({ method: 'POST', url: `/api/tasks/${last.id}/result`, headers: { ...auth, ...body.headers }, payload: body.payload })).json();
    expect(attached.signedBy).toMatch(/Phúc Xá/);
    expect((await ret.post(`/api/tasks/${last.id}/complete`, { decision: 'return-result' })).body.instanceStatus).toBe('completed');

    const result = await c.get(`/api/dossiers/${id}/result`);
    expect(result.raw.statusCode).toBe(200);
    const check = verifyPdfSignature(result.raw.rawPayload);
    expect(check).toMatchObject({ valid: true, coversWholeDocument: true });
    expect(check.signer?.commonName).toBe(attached.signedBy);
    expect((await c.post(`/api/dossiers/${id}/rating`, { rating: 'very-satisfied', comment: 'Nhanh, gọn' })).status).toBe(204);

    expect(await db.db.selectFrom('dossiers').select(['status', 'on_time']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 10, on_time: true });
    expect((await c.get(`/api/dossiers/${id}`)).body).toMatchObject({ rating: 'very-satisfied' });
    const history = await db.db.selectFrom('dossier_history').select('status').where('dossier_id', '=', id).where('status', 'is not', null).orderBy('id').execute();
    expect(history.map((h) => h.status)).toEqual([1, 2, 4, 6, 9, 10]);
    // The citizen heard of every status, once each, by the e-mail they registered with (statuses 2
    // and 4 are queued in one transaction, so the rows' times do not order them).
    const notices = await db.db.selectFrom('notification_outbox').select(['template', 'channel', 'destination']).where(sql<boolean>`payload->>'dossierId' = ${id}`).execute();
    expect(notices.map((n) => n.template).sort()).toEqual([1, 2, 4, 6, 9, 10].map((s) => `dossier.status.${s}`).sort());
    expect(new Set(notices.map((n) => `${n.channel}:${n.destination}`))).toEqual(new Set(['email:binh@example.vn']));
    // And the national portal received every status, once, in order.
    for (let i = 0; i < 10 && received.filter((r) => r.key.startsWith(id)).length < 6; i++) await t.app.runOutboxes(new Date(Date.now() + i * 3600_000));
    const mine = received.filter((r) => r.key.startsWith(id));
    expect(mine.map((r) => r.key)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${id}:${n}`));
    expect(mine.map((r) => r.body.status ?? r.body.dossierStatus)).toEqual([1, 2, 4, 6, 9, 10]);
  });

  it('at a department: from registration to rating, on the version it was submitted under', async () => {
    now = new Date('2025-04-04T03:00:00Z');
    const designer = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const name = 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam';
    const fees = [{ id: 'phi-1', name: 'Phí cung cấp thông tin lý lịch tư pháp', amountVnd: 200000, dueAt: 'payment-step', quantityField: 'soBan' }];
    const serviceId = await publishFixture(designer, name, { fees });
    const v1 = (await designer.get(`/api/studio/services/${serviceId}/versions/1`)).body;

    // A citizen registers and verifies with the code the local provider recorded.
    const reg = await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { citizenId: '079200001234', password: 'Matkhau@2025', fullName: 'Trần Thị Hường', email: 'huong@example.vn', address: 'Phường Phúc Xá, Hà Nội' } });
    expect(reg.statusCode).toBe(201);
    const otp = await db.db.selectFrom('notification_outbox').select('payload').where('destination', '=', 'huong@example.vn').executeTakeFirstOrThrow();
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/verify', payload: { username: '079200001234', code: (otp.payload as any).code } })).statusCode).toBe(204);
    const c = citizen(t.app, (await loginAs(t.app, '079200001234', 'Matkhau@2025')).auth);

    const detail = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${serviceId}` })).json();
    const unit = detail.receivingUnits[0];
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const submitted = await c.submit({ serviceId, receivingUnitId: unit.id, data: { ...SAMPLE_DATA, hoTen: 'Trần Thị Hường', soCccd: '079200001234', soBan: 2 }, attachments, resultChannel: 'online' });
    expect(submitted.status).toBe(201);
    expect(submitted.body.code).toBe('000.00.12.H29-250404-0001');
    // Ten working days from Friday 4 April, Hùng Kings Monday off: Monday 21 April, 17:00.
    expect(submitted.body.dueAt).toBe('2025-04-21T10:00:00.000Z');
    const id = submitted.body.id;

    // Version 2 is published while the dossier runs; it finishes on version 1.
    await designer.put(`/api/studio/services/${serviceId}/process`, { bpmnXml: standardProcessXml({ timeLimitDays: 10, withPayment: true }).replace('name="Phê duyệt"', 'name="Phê duyệt (v2)"') });
    expect((await designer.post(`/api/studio/services/${serviceId}/publish`)).body.version).toBe(2);

    const act = async (username: string, decision: string, data: Record<string, unknown> = {}) => {
      const o = studio(t.app, (await loginAs(t.app, username, DEMO_PASSWORD)).auth);
      const task = (await o.get(`/api/tasks?queue=available&code=${encodeURIComponent(submitted.body.code)}`)).body.items[0];
      expect(task).toBeDefined();
      expect((await o.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
      return { o, task, done: await o.post(`/api/tasks/${task.id}/complete`, { decision, data }) };
    };
    now = new Date('2025-04-08T02:00:00Z');
    expect((await act('sotuphap.tiepnhan', 'accept')).done.status).toBe(200);
    expect((await act('sotuphap.chuyenvien', 'forward')).done.status).toBe(200);
    const approval = await act('sotuphap.lanhdao', 'approve');
    expect(approval.task.step).toBe('Phê duyệt');
    expect(approval.done.status).toBe(200);

    // The payment step runs as a job; the citizen pays 2 × 200,000 đ in the sandbox.
    await t.app.runJobs(now);
    const payments = (await c.get(`/api/dossiers/${id}/payments`)).body;
    expect(payments).toEqual([expect.objectContaining({ amountVnd: 400000, status: 'pending', purpose: 'payment-step' })]);
    expect((await c.get(`/api/dossiers/${id}`)).body.status.code).toBe(6);
    const payUrl = new URL(payments[0].payUrl);
    const page = await t.app.inject({ method: 'GET', url: payUrl.pathname + payUrl.search });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('400.000');
    const paid = await t.app.inject({ method: 'POST', url: `${payUrl.pathname}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `t=${encodeURIComponent(payUrl.searchParams.get('t')!)}&outcome=paid` });
    expect(paid.statusCode).toBe(303);
    const afterPay = (await c.get(`/api/dossiers/${id}`)).body;
    expect(afterPay.status.code).toBe(9);
    const receipt = await c.get(`/api/dossiers/${id}/payments/${payments[0].id}/receipt`);
    expect(receipt.raw.headers['content-type']).toBe('application/pdf');

    // The official attaches the result; the system signs it; it is returned.
    const ret = studio(t.app, (await loginAs(t.app, 'sotuphap.tiepnhan', DEMO_PASSWORD)).auth);
    const last = (await ret.get(`/api/tasks?queue=available&code=${encodeURIComponent(submitted.body.code)}`)).body.items[0];
    await ret.post(`/api/tasks/${last.id}/claim`);
    const body = multipart({}, { name: 'phieu-ly-lich-tu-phap.pdf', type: 'application/pdf', data: await resultPdf('Phieu ly lich tu phap so 1') });
    const attached = await t.app.inject({ method: 'POST', url: `/api/tasks/${last.id}/result`, headers: { ...(await loginAs(t.app, 'sotuphap.tiepnhan', DEMO_PASSWORD)).auth, ...body.headers }, payload: body.payload });
    expect(attached.json()).toMatchObject({ signedBy: 'Sở Tư pháp' });
    expect((await ret.post(`/api/tasks/${last.id}/complete`, { decision: 'return-result' })).body.instanceStatus).toBe('completed');

    const result = await c.get(`/api/dossiers/${id}/result`);
    expect(result.raw.statusCode).toBe(200);
    const check = verifyPdfSignature(result.raw.rawPayload);
    expect(check).toMatchObject({ valid: true, coversWholeDocument: true });
    expect(check.signer?.commonName).toBe('Sở Tư pháp');
    expect((await c.post(`/api/dossiers/${id}/rating`, { rating: 'satisfied' })).status).toBe(204);

    const dossier = await db.db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(dossier).toMatchObject({ status: 10, version_id: v1.id, on_time: true });
    const instance = await db.db.selectFrom('process_instances').select('version_id').where('business_key', '=', id).executeTakeFirstOrThrow();
    expect(instance.version_id).toBe(v1.id);

    // Every status reached the outbox and the portal receiver, once, in order.
    const outbox = await db.db.selectFrom('portal_outbox').select(['dossier_status', 'sequence']).where('dossier_id', '=', id).orderBy('sequence').execute();
    expect(outbox.map((o) => o.dossier_status)).toEqual([1, 2, 4, 6, 9, 10]);
    for (let i = 0; i < 10 && received.filter((r) => r.key.startsWith(id)).length < 6; i++) await t.app.runOutboxes(new Date(Date.now() + i * 3600_000));
    const mine = received.filter((r) => r.key.startsWith(id));
    expect(mine.map((r) => r.key)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${id}:${n}`));
    expect(mine.map((r) => r.body.status ?? r.body.dossierStatus)).toEqual([1, 2, 4, 6, 9, 10]);
  });
});
