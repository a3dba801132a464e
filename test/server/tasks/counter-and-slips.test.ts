/**
 * The counter and the slips: paper dossiers around the 15:00 cut-off on a Friday before a
 * holiday, the apology once, the tracking book, escalation of overdue steps, inter-unit
 * processing (liên thông), and slips 01–06 read back as text.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { SAMPLE_DATA } from '../../helpers/citizen.js';
import { multipart, PDF } from '../../helpers/multipart.js';
import { standardProcessXml } from '../../../server/procedures/template.js';
import { readPdf } from '../documents/pdf-text.js';

describe('counter intake, apology, tracking book, escalation, liên thông, slips', () => {
  let t: TestApp;
  let now = new Date('2025-04-04T07:59:00Z'); // Friday 4 April 2025, 14:59 in Vietnam; Monday is Hùng Kings day.
  let serviceId: string;
  let counter: ReturnType<typeof studio>;
  let counterAuth: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({}, undefined, { clock: () => now });
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký thành lập hộ kinh doanh', { timeLimitDays: 1, fees: [] });
    counterAuth = (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth;
    counter = studio(t.app, counterAuth);
  });
  afterAll(() => t.close());

  const sent = new Map<string, unknown>();
  let lienThongCode = '';
  async function registerPaper(key: string) {
    if (sent.has(key)) {
      // A retry sends the very same request.
      const res = await t.app.inject({ method: 'POST', url: '/api/desk/dossiers', headers: { ...counterAuth, 'idempotency-key': key }, payload: sent.get(key) as never });
      return res.json();
    }
    const files = [];
    for (const componentId of ['tp-1', 'tp-2']) {
      const body = multipart({ serviceId, componentId }, { name: 'scan.pdf', type: 'application/pdf', data: PDF });
      const up = await t.app.inject({ method: 'POST', url: '/api/files', headers: { ...counterAuth, ...body.headers }, payload: body.payload });
      files.push({ componentId, fileId: up.json().id });
    }
    const payload = { serviceId, channel: 'direct', data: SAMPLE_DATA, attachments: files, applicant: { fullName: 'Nguyễn Thị Hường', citizenId: '001180000123', phone: '0912000123', address: 'Phúc Xá, Ba Đình' } };
    sent.set(key, payload);
    const res = await t.app.inject({ method: 'POST', url: '/api/desk/dossiers', headers: { ...counterAuth, 'idempotency-key': key }, payload });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json();
  }

  it('a paper dossier at 14:59 on Friday counts from Friday; at 15:01 from the next working day (Tuesday, after the holiday)', async () => {
    const early = await registerPaper('counter-1459');
    expect(early.code).toBe('000.31.01.H29-250404-0001');
    // One working day: Monday is Hùng Kings day, so Tuesday 8 April, 17:00.
    expect(early.dueAt).toBe('2025-04-08T10:00:00.000Z');
    expect(early.receiptUrl).toBe(`/api/dossiers/${early.id}/documents/receipt`);
    now = new Date('2025-04-04T08:01:00Z');
    const late = await registerPaper('counter-1501');
    expect(late.code).toBe('000.31.01.H29-250404-0002');
    expect(late.dueAt).toBe('2025-04-09T10:00:00.000Z');
    const d = await t.db.db.selectFrom('dossiers').select(['channel', 'applicant_account_id', 'filed_by', 'received_at', 'counted_from']).where('id', '=', late.id).executeTakeFirstOrThrow();
    expect(d.channel).toBe('direct');
    // Received at 15:01, it counts from the start of Tuesday 8 April (08:00), as its due date does.
    expect(d.received_at).toEqual(now);
    expect(d.counted_from.toISOString()).toBe('2025-04-08T01:00:00.000Z');
    const e = await t.db.db.selectFrom('dossiers').select(['received_at', 'counted_from']).where('id', '=', early.id).executeTakeFirstOrThrow();
    expect(e.counted_from).toEqual(e.received_at);
    // The same key again: the same answer, no second dossier.
    expect((await registerPaper('counter-1501')).id).toBe(late.id);
  });

  it('slip 01 reads back with the code, the applicant, the service and the Vietnamese dates', async () => {
    const d = await registerPaper('counter-slip');
    const res = await t.app.inject({ method: 'GET', url: d.receiptUrl, headers: counterAuth });
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(res.rawPayload)).text.normalize('NFC');
    for (const s of [d.code, 'Nguyễn Thị Hường', 'Đăng ký thành lập hộ kinh doanh', '09/04/2025', 'Ủy ban nhân dân'.length ? 'Phúc Xá' : '']) expect(text).toContain(s);
  });

  it('the apology sets a new date once, not twice, and the dossier then counts as late', async () => {
    now = new Date('2025-04-10T02:00:00Z'); // Thursday 09:00: one working day, due Friday 17:00.
    const d = await registerPaper('counter-apology');
    now = new Date('2025-04-11T03:00:00Z'); // Friday 10:00, the due day itself: too late to apologise.
    const first = await counter.post(`/api/desk/dossiers/${d.id}/apology`, { newDueDate: '2025-04-17', reason: 'Cần xác minh thêm thông tin' });
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('dossier.apology_too_late');
    // Due next Tuesday instead: on Friday there is still a working day (Monday) before it.
    await t.db.db.updateTable('dossiers').set({ due_at: new Date('2025-04-15T10:00:00Z') }).where('id', '=', d.id).execute();
    const ok = await counter.post(`/api/desk/dossiers/${d.id}/apology`, { newDueDate: '2025-04-17', reason: 'Cần xác minh thêm thông tin' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ dueAt: '2025-04-17T10:00:00.000Z', originalDueAt: '2025-04-15T10:00:00.000Z' });
    // The dossier's open step carries the new date, so the queues count it by that one.
    const open = await t.db.db.selectFrom('tasks').select('dossier_due_at').where('business_key', '=', d.id).where('status', '=', 'open').execute();
    expect(open.length).toBeGreaterThan(0);
    expect(open.map((r) => r.dossier_due_at!.toISOString())).toEqual(open.map(() => '2025-04-17T10:00:00.000Z'));
    // The applicant gave a phone number at the counter: the apology goes to it by SMS, with the new date.
    const notices = await t.db.db.selectFrom('notification_outbox').select(['channel', 'destination', 'template', 'body']).where('template', '=', 'dossier.apology').where(sql<boolean>`payload->>'dossierId' = ${d.id}`).execute();
    expect(notices).toEqual([{ channel: 'sms', destination: '0912000123', template: 'dossier.apology', body: expect.stringContaining('Ngày hẹn trả kết quả mới: 17/04/2025') }]);
    expect(notices[0].body).toContain('Cần xác minh thêm thông tin');
    expect(notices[0].body).toContain(d.code);
    const again = await counter.post(`/api/desk/dossiers/${d.id}/apology`, { newDueDate: '2025-04-18', reason: 'Lần nữa' });
    expect(again.body.code).toBe('dossier.apology_given');
    // Finished well before even the old date, it still counts as late.
    const { changeStatus } = await import('../../../server/dossiers/events.js');
    await t.db.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('dossiers').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
      await changeStatus(trx, { actor: { kind: 'system', name: 'test' } }, row, 9, { action: 'test', at: new Date('2025-04-11T04:00:00Z') });
    });
    expect((await t.db.db.selectFrom('dossiers').select('on_time').where('id', '=', d.id).executeTakeFirstOrThrow()).on_time).toBe(false);
    const slip = await t.app.inject({ method: 'GET', url: ok.body.slipUrl, headers: counterAuth });
    const text = (await readPdf(slip.rawPayload)).text.normalize('NFC');
    expect(text).toContain(d.code);
    expect(text).toContain('17/04/2025');
    expect(text).toContain('Cần xác minh thêm thông tin');
  });

  it('two officials apologising for one dossier at once: one 200, the other 409, one new date and one notice', async () => {
    now = new Date('2025-04-14T02:00:00Z'); // Monday 14 April, 09:00: one working day, due Tuesday.
    const d = await registerPaper('counter-apology-race');
    await t.db.db.updateTable('dossiers').set({ due_at: new Date('2025-04-17T10:00:00Z') }).where('id', '=', d.id).execute();
    const other = studio(t.app, (await loginAs(t.app, 'phucxa.lanhdao', DEMO_PASSWORD)).auth);
    const answers = await Promise.all([
      counter.post(`/api/desk/dossiers/${d.id}/apology`, { newDueDate: '2025-04-22', reason: 'Cần xác minh tại địa phương' }),
      other.post(`/api/desk/dossiers/${d.id}/apology`, { newDueDate: '2025-04-23', reason: 'Cần lấy ý kiến cơ quan khác' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('dossier.apology_given');
    const row = await t.db.db.selectFrom('dossiers').select(['due_at', 'original_due_at']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect([row.due_at.toISOString(), row.original_due_at!.toISOString()]).toEqual([winner.body.dueAt, '2025-04-17T10:00:00.000Z']);
    const notices = await t.db.db.selectFrom('notification_outbox').select('body').where('template', '=', 'dossier.apology').where(sql<boolean>`payload->>'dossierId' = ${d.id}`).execute();
    expect(notices).toHaveLength(1);
    const apologies = await t.db.db.selectFrom('dossier_history').select('note').where('dossier_id', '=', d.id).where('action', '=', 'apology').execute();
    expect(apologies).toHaveLength(1);
  });

  it('a supplement brought to the counter by an applicant without an account restarts the time limit after the 15:00 cut-off', async () => {
    now = new Date('2025-04-09T02:00:00Z'); // Wednesday 9 April, 09:00.
    const d = await registerPaper('counter-supplement');
    const row = () => t.db.db.selectFrom('dossiers').select(['status', 'counted_from', 'due_at', 'applicant_account_id']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect((await row()).applicant_account_id).toBeNull();
    const task = (await counter.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
    expect((await counter.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const asked = await counter.post(`/api/tasks/${task.id}/complete`, { decision: 'request-supplement', data: { reason: 'Bản chụp giấy tờ bị mờ', missingComponents: ['tp-2'] } });
    expect(asked.status).toBe(200);
    expect((await row()).status).toBe(5);

    // Thursday 10 April, 15:30: the applicant brings the page; the official scans it.
    now = new Date('2025-04-10T08:30:00Z');
    const scan = multipart({ serviceId, componentId: 'tp-2' }, { name: 'scan-lai.pdf', type: 'application/pdf', data: PDF });
    const fileId = (await t.app.inject({ method: 'POST', url: '/api/files', headers: { ...counterAuth, ...scan.headers }, payload: scan.payload })).json().id;
    const body = { attachments: [{ componentId: 'tp-2', fileId }], note: 'Công dân nộp bổ sung tại quầy' };
    // Another commune's official does not find the dossier; a colleague may not record files someone else scanned.
    expect((await studio(t.app, (await loginAs(t.app, 'trucbach.tiepnhan', DEMO_PASSWORD)).auth).post(`/api/desk/dossiers/${d.id}/supplements`, body)).status).toBe(404);
    const colleague = await studio(t.app, (await loginAs(t.app, 'phucxa.chuyenvien', DEMO_PASSWORD)).auth).post(`/api/desk/dossiers/${d.id}/supplements`, body);
    expect(colleague.status).toBe(400);
    expect(colleague.body.fields).toEqual([expect.objectContaining({ path: '/attachments/0/fileId', code: 'file.not_found' })]);
    expect((await row()).status).toBe(5);

    const sup = await counter.post(`/api/desk/dossiers/${d.id}/supplements`, body);
    expect(sup.status).toBe(200);
    // After 15:00 on paper: counted from Friday 11 April 08:00; one working day, due Monday 14 April 17:00.
    expect(sup.body).toMatchObject({ countedFrom: '2025-04-11T01:00:00.000Z', dueAt: '2025-04-14T10:00:00.000Z' });
    expect(await row()).toMatchObject({ counted_from: new Date('2025-04-11T01:00:00Z'), due_at: new Date('2025-04-14T10:00:00Z') });
    expect((await row()).status).not.toBe(5);
    const again = (await counter.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
    expect(again).toMatchObject({ step: 'Tiếp nhận hồ sơ' });
    const files = await t.db.db.selectFrom('dossier_files').select(['file_id', 'kind', 'superseded_at']).where('dossier_id', '=', d.id).where('component_id', '=', 'tp-2').orderBy('superseded_at').execute();
    expect(files.find((f) => f.superseded_at === null)).toMatchObject({ file_id: fileId, kind: 'supplement' });
    expect((await counter.post(`/api/desk/dossiers/${d.id}/supplements`, body)).body.code).toBe('dossier.no_supplement_requested');
  });

  it('overdue steps are escalated to the leaders of the unit, once', async () => {
    now = new Date('2025-04-20T03:00:00Z');
    // Two turns of the server's job loop, on the app's clock.
    const first = (await t.app.runJobLoopTurn()).escalated;
    expect(first).toBeGreaterThan(0);
    expect((await t.app.runJobLoopTurn()).escalated).toBe(0);
    const leaderMail = await t.db.db.selectFrom('notification_outbox').select(['template', 'account_id']).where('template', '=', 'task.overdue').execute();
    const leader = await t.db.db.selectFrom('accounts').select('id').where('username', '=', 'phucxa.lanhdao').executeTakeFirstOrThrow();
    expect(leaderMail.every((m) => m.account_id === leader.id)).toBe(true);
    expect(leaderMail).toHaveLength(first);
  });

  it('the tracking book lists the unit’s dossiers of the period, as PDF and XLSX', async () => {
    const pdf = await t.app.inject({ method: 'GET', url: '/api/desk/tracking-book?from=2025-04-01&to=2025-04-30', headers: counterAuth });
    expect(pdf.statusCode).toBe(200);
    const text = (await readPdf(pdf.rawPayload)).text.normalize('NFC');
    for (const s of [
      'Mẫu số 06',
      'SỔ THEO DÕI HỒ SƠ',
      'Từ ngày 01/04/2025 đến ngày 30/04/2025',
      '000.31.01.H29-250404-0001',
      '000.31.01.H29-250404-0002',
      'Nguyễn Thị Hường',
      'Đăng ký thành lập hộ kinh doanh',
      // Received on 4 April; due on 8 April (before 15:00) and 9 April (after).
      '04/04/2025',
      '08/04/2025',
      '09/04/2025',
    ]) expect(text).toContain(s);
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/desk/tracking-book?from=2025-04-01&to=2025-04-30&format=xlsx', headers: counterAuth });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    const cells = book.worksheets[0].getSheetValues().flat().map(String).join(' ');
    expect(cells).toContain('000.31.01.H29-250404-0001');
    const empty = await t.app.inject({ method: 'GET', url: '/api/desk/tracking-book?from=2025-04-30&to=2025-04-01', headers: counterAuth });
    expect(empty.statusCode).toBe(400);
  });

  it('liên thông: a commune receives, the department processes', async () => {
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const units = (await s.get('/api/units')).body;
    const communes = units.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
    const id = (await s.post('/api/studio/services', { metadata: { name: 'Cấp phiếu liên thông', field: 'Tư pháp', receivingUnitIds: communes, legalBasis: ['Thử nghiệm'], result: 'Phiếu', timeLimitDays: 5 } })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: false })
      .replace('camunda:candidateGroups="chuyen-vien"', 'camunda:candidateGroups="000.00.12.H29/chuyen-vien"')
      .replace('camunda:candidateGroups="lanh-dao"', 'camunda:candidateGroups="000.00.12.H29/lanh-dao"');
    await s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml });
    expect((await s.post(`/api/studio/services/${id}/publish`)).status).toBe(201);
    now = new Date('2025-04-21T02:00:00Z');
    const res = await t.app.inject({ method: 'POST', url: '/api/desk/dossiers', headers: { ...counterAuth, 'idempotency-key': 'lien-thong-1' }, payload: { serviceId: id, channel: 'direct', data: SAMPLE_DATA, attachments: [], applicant: { fullName: 'Lê Văn Thông' } } });
    const d = res.json();
    const task = (await counter.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
    await counter.post(`/api/tasks/${task.id}/claim`);
    await counter.post(`/api/tasks/${task.id}/complete`, { decision: 'accept' });
    const dept = studio(t.app, (await loginAs(t.app, 'sotuphap.chuyenvien', DEMO_PASSWORD)).auth);
    const deptTask = (await dept.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
    expect(deptTask).toMatchObject({ step: 'Xử lý hồ sơ', groups: ['000.00.12.H29/chuyen-vien'] });
    const communeSpecialist = studio(t.app, (await loginAs(t.app, 'phucxa.chuyenvien', DEMO_PASSWORD)).auth);
    expect((await communeSpecialist.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items).toEqual([]);
    // The department's official may read the dossier it processes; another commune's may not.
    expect((await dept.get(`/api/dossiers/${d.id}`)).status).toBe(200);
    const other = studio(t.app, (await loginAs(t.app, 'trucbach.tiepnhan', DEMO_PASSWORD)).auth);
    expect((await other.get(`/api/dossiers/${d.id}`)).status).toBe(404);
    lienThongCode = d.code;
  });

  it('a dossier finished after its due date is classed late, once: returning the result later changes nothing', async () => {
    now = new Date('2025-04-21T02:00:00Z'); // Monday 09:00: one working day, due Tuesday 17:00.
    const d = await registerPaper('counter-late');
    expect(d.dueAt).toBe('2025-04-22T10:00:00.000Z');
    const decide = async (username: string, decision: string, data: Record<string, unknown> = {}) => {
      const o = studio(t.app, (await loginAs(t.app, username, DEMO_PASSWORD)).auth);
      const task = (await o.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
      await o.post(`/api/tasks/${task.id}/claim`);
      const done = await o.post(`/api/tasks/${task.id}/complete`, { decision, data });
      expect(done.status).toBe(200);
      return done.body;
    };
    await decide('phucxa.tiepnhan', 'accept');
    await decide('phucxa.chuyenvien', 'forward');
    now = new Date('2025-04-23T03:00:00Z'); // Wednesday 10:00, the day after the due date.
    expect((await decide('phucxa.lanhdao', 'approve')).statuses.map((s: any) => s.code)).toEqual([9]);
    const row = () => t.db.db.selectFrom('dossiers').select(['status', 'on_time', 'finished_at']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(await row()).toEqual({ status: 9, on_time: false, finished_at: now });
    const finishedAt = now;
    now = new Date('2025-04-24T02:00:00Z');
    await decide('phucxa.tiepnhan', 'return-result', { postalDispatch: { carrier: 'VNPost', trackingNumber: 'EA000000001VN' } });
    expect(await row()).toEqual({ status: 10, on_time: false, finished_at: finishedAt });
    // Finished, it may not be given a new date that would reopen the question.
    expect((await counter.post(`/api/desk/dossiers/${d.id}/apology`, { newDueDate: '2025-04-30', reason: 'Muộn' })).body.code).toBe('dossier.finished');
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/desk/tracking-book?from=2025-04-21&to=2025-04-21&format=xlsx', headers: counterAuth });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    const line = book.worksheets[0].getSheetValues().find((r: any) => Array.isArray(r) && r.includes(d.code)) as unknown[];
    expect(line).toContain('Quá hạn');
  });

  it('another unit’s tracking book: not found, except the lines of the dossiers one’s unit works on; an admin reads it whole', async () => {
    const units = (await studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth).get('/api/units')).body;
    const phucxa = units.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    const book = async (username: string) => {
      const auth = (await loginAs(t.app, username, DEMO_PASSWORD)).auth;
      const res = await t.app.inject({ method: 'GET', url: `/api/desk/tracking-book?unitId=${phucxa}&from=2025-04-01&to=2025-04-30`, headers: auth });
      return { status: res.statusCode, text: res.statusCode === 200 ? (await readPdf(res.rawPayload)).text.normalize('NFC') : '' };
    };
    for (const stranger of ['trucbach.tiepnhan', 'trucbach.lanhdao']) {
      const res = await book(stranger);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Nguyễn Thị Hường');
    }
    const dept = await book('sotuphap.chuyenvien');
    expect(dept.status).toBe(200);
    expect(dept.text).toContain(lienThongCode);
    expect(dept.text).toContain('Lê Văn Thông');
    expect(dept.text).not.toContain('000.31.01.H29-250404-0001');
    expect(dept.text).not.toContain('Nguyễn Thị Hường');
    const admin = await book('admin');
    expect(admin.status).toBe(200);
    for (const s of [lienThongCode, '000.31.01.H29-250404-0001', 'Nguyễn Thị Hường']) expect(admin.text).toContain(s);
  });
});
