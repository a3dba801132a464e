/**
 * Liên thông end to end on PostgreSQL, through the HTTP API: a citizen submits online to a
 * commune; the commune's receiving official accepts; the processing and approval steps belong
 * to the department's groups (qualified candidate groups `000.00.12.H29/...`), whose
 * officials claim and decide through /api/tasks; the commune returns the signed result and
 * the citizen downloads it. The commune's specialists never see the department's task; the
 * department's officials read the dossier only once their unit holds a task on it.
 */
import { createPgDatabase, describeWithPg, type TestDb } from '../../helpers/db.js';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { componentsFor, fixtureProcedures, metadataFor, SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { multipart, resultPdf } from '../../helpers/multipart.js';
import { verifyPdfSignature } from '../../../server/documents/index.js';
import { standardProcessXml } from '../../../server/procedures/template.js';

describeWithPg('liên thông: a commune receives, the department processes and approves', () => {
  let db: TestDb;
  let t: TestApp;
  // Tuesday 8 April 2025, 09:00 in Vietnam.
  let now = new Date('2025-04-08T02:00:00Z');
  const official = async (username: string) => studio(t.app, (await loginAs(t.app, username, DEMO_PASSWORD)).auth);

  beforeAll(async () => {
    db = await createPgDatabase();
    t = await createTestApp({}, db, { clock: () => now });
    await seedDemo(db.db);
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
  });

  it('runs from the commune’s counter through the department’s groups back to the citizen', async () => {
    const designer = await official('thietke');
    const units = (await designer.get('/api/units')).body;
    const phucxa = units.find((u: any) => u.agencyCode === '000.31.01.H29');
    // The department's procedure, received at the commune's counter; no fees.
    const p = fixtureProcedures().procedures.find((x) => x.name === 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam')!;
    const created = await designer.post('/api/studio/services', { metadata: { ...metadataFor(p, [phucxa.id]), timeLimitDays: 5, fees: [] } });
    expect(created.status).toBe(201);
    const serviceId = created.body.id;
    expect((await designer.put(`/api/studio/services/${serviceId}/components`, { components: componentsFor(p) })).status).toBe(200);
    expect((await designer.put(`/api/studio/services/${serviceId}/form`, { form: SAMPLE_FORM })).status).toBe(200);
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: false, groups: { process: '000.00.12.H29/chuyen-vien', approve: '000.00.12.H29/lanh-dao' } });
    expect((await designer.put(`/api/studio/services/${serviceId}/process`, { bpmnXml: xml })).status).toBe(200);
    expect((await designer.post(`/api/studio/services/${serviceId}/publish`)).status).toBe(201);

    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) {
      const up = await c.upload(serviceId, componentId);
      expect(up.status).toBe(201);
      attachments.push({ componentId, fileId: up.body.id });
    }
    const submitted = await c.submit({ serviceId, receivingUnitId: phucxa.id, data: SAMPLE_DATA, attachments, resultChannel: 'online' });
    expect(submitted.status).toBe(201);
    const { id, code } = submitted.body;
    expect(code).toMatch(/^000\.31\.01\.H29-250408-\d{4}$/);
    const byCode = `code=${encodeURIComponent(code)}`;

    const receiver = await official('phucxa.tiepnhan');
    const communeSpecialist = await official('phucxa.chuyenvien');
    const deptSpecialist = await official('sotuphap.chuyenvien');
    const deptLeader = await official('sotuphap.lanhdao');
    const stranger = await official('trucbach.tiepnhan');

    // At reception, nothing of the dossier is the department's yet.
    for (const o of [deptSpecialist, deptLeader]) {
      expect((await o.get(`/api/tasks?queue=available&${byCode}`)).body.items).toEqual([]);
      expect((await o.get(`/api/dossiers/${id}`)).status).toBe(404);
    }

    const reception = (await receiver.get(`/api/tasks?queue=available&${byCode}`)).body.items[0];
    expect(reception).toMatchObject({ step: 'Tiếp nhận hồ sơ', groups: ['000.31.01.H29/tiep-nhan'] });
    expect((await receiver.post(`/api/tasks/${reception.id}/claim`)).status).toBe(200);
    expect((await receiver.post(`/api/tasks/${reception.id}/complete`, { decision: 'accept' })).status).toBe(200);

    // The processing step belongs to the department's specialists, not the commune's.
    expect((await communeSpecialist.get(`/api/tasks?queue=available&${byCode}`)).body.items).toEqual([]);
    const processing = (await deptSpecialist.get(`/api/tasks?queue=available&${byCode}`)).body.items[0];
    expect(processing).toMatchObject({ step: 'Xử lý hồ sơ', groups: ['000.00.12.H29/chuyen-vien'] });
    expect((await communeSpecialist.get(`/api/tasks/${processing.id}`)).status).toBe(404);
    expect((await communeSpecialist.post(`/api/tasks/${processing.id}/claim`)).status).toBe(404);
    // Holding a task, the department reads the dossier; another commune still does not.
    const held = await deptSpecialist.get(`/api/tasks/${processing.id}`);
    expect(held.status).toBe(200);
    expect((await deptSpecialist.get(`/api/dossiers/${id}`)).status).toBe(200);
    expect((await stranger.get(`/api/dossiers/${id}`)).status).toBe(404);
    // Reading is not receiving: a supplement at the counter is the commune's to record.
    expect((await deptSpecialist.post(`/api/desk/dossiers/${id}/supplements`, { attachments: [] })).status).toBe(403);

    expect((await deptSpecialist.post(`/api/tasks/${processing.id}/claim`)).status).toBe(200);
    expect((await deptSpecialist.post(`/api/tasks/${processing.id}/complete`, { decision: 'forward' })).status).toBe(200);

    expect((await communeSpecialist.get(`/api/tasks?queue=available&${byCode}`)).body.items).toEqual([]);
    expect((await (await official('phucxa.lanhdao')).get(`/api/tasks?queue=available&${byCode}`)).body.items).toEqual([]);
    const approval = (await deptLeader.get(`/api/tasks?queue=available&${byCode}`)).body.items[0];
    expect(approval).toMatchObject({ step: 'Phê duyệt', groups: ['000.00.12.H29/lanh-dao'] });
    expect((await deptLeader.post(`/api/tasks/${approval.id}/claim`)).status).toBe(200);
    const approved = await deptLeader.post(`/api/tasks/${approval.id}/complete`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.statuses.map((s: any) => s.code)).toEqual([9]);

    // The result goes back through the commune's counter.
    expect((await deptSpecialist.get(`/api/tasks?queue=available&${byCode}`)).body.items).toEqual([]);
    const back = (await receiver.get(`/api/tasks?queue=available&${byCode}`)).body.items[0];
    expect(back).toMatchObject({ step: 'Trả kết quả', groups: ['000.31.01.H29/tiep-nhan'] });
    expect((await receiver.post(`/api/tasks/${back.id}/claim`)).status).toBe(200);
    const body = multipart({}, { name: 'phieu-ly-lich-tu-phap.pdf', type: 'application/pdf', data: await resultPdf('Phieu ly lich tu phap lien thong') });
    const attached = await t.app.inject({ method: 'POST', url: `/api/tasks/${back.id}/result`, headers: { ...(await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth, ...body.headers }, payload: body.payload });
    expect(attached.statusCode).toBe(200);
    const returned = await receiver.post(`/api/tasks/${back.id}/complete`, { decision: 'return-result' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ instanceStatus: 'completed', statuses: [{ code: 10 }] });

    const result = await c.get(`/api/dossiers/${id}/result`);
    expect(result.status).toBe(200);
    expect(result.raw.headers['content-type']).toBe('application/pdf');
    expect(verifyPdfSignature(result.raw.rawPayload)).toMatchObject({ valid: true, coversWholeDocument: true });
    expect(verifyPdfSignature(result.raw.rawPayload).signer?.commonName).toBe(attached.json().signedBy);

    const view = await c.get(`/api/dossiers/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.status.code).toBe(10);
    expect(view.body.history.filter((h: any) => h.status).map((h: any) => h.status.code)).toEqual([1, 2, 4, 9, 10]);

    // Finished, the department still reads the dossier it worked on; the other commune does not.
    expect((await deptSpecialist.get(`/api/dossiers/${id}`)).status).toBe(200);
    expect((await deptLeader.get(`/api/dossiers/${id}`)).status).toBe(200);
    expect((await stranger.get(`/api/dossiers/${id}`)).status).toBe(404);
    // The commune's specialists held no task of the dossier at any time.
    const tasks = await db.db.selectFrom('tasks').select(['element_id', 'candidate_groups', 'assignee', 'status']).where('business_key', '=', id).orderBy('created_at').execute();
    expect(tasks.map((x) => [x.element_id, x.candidate_groups, x.status])).toEqual([
      ['receive', ['000.31.01.H29/tiep-nhan'], 'completed'],
      ['process', ['000.00.12.H29/chuyen-vien'], 'completed'],
      ['approve', ['000.00.12.H29/lanh-dao'], 'completed'],
      ['returnResult', ['000.31.01.H29/tiep-nhan'], 'completed'],
    ]);
    expect(tasks.map((x) => x.assignee)).toEqual(['phucxa.tiepnhan', 'sotuphap.chuyenvien', 'sotuphap.lanhdao', 'phucxa.tiepnhan']);
  });
});
