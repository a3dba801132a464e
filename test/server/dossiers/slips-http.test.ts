/**
 * The slips a citizen downloads over HTTP: slip 01 (receipt and appointment) of an online
 * dossier with its QR code of the public tracking address, and slip 02 (request to supplement)
 * listing the components asked for; the supplement that answers it corrects the form data,
 * validated like a submission.
 */
import jsQR from 'jsqr';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { readPdf } from '../documents/pdf-text.js';

describe('slips over HTTP and the supplement that corrects data', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: string;
  let componentNames: Map<string, string>;
  // Monday 30 November 2026, 09:00 in Vietnam: a working day.
  const now = new Date('2026-11-30T02:00:00Z');
  const PUBLIC_URL = 'https://dichvucong.example.gov.vn';

  beforeAll(async () => {
    t = await createTestApp({ publicUrl: PUBLIC_URL }, undefined, { clock: () => now });
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const version = await t.db.db.selectFrom('service_versions').select('components').where('service_id', '=', serviceId).executeTakeFirstOrThrow();
    componentNames = new Map(version.components.map((x) => [x.id, x.name]));
  });
  afterAll(() => t.close());

  async function submit() {
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const res = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments });
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string; dueAt: string };
  }

  it('slip 01 of an online dossier: its QR code decodes to the public tracking address; it names the code, the service and the appointment date', async () => {
    const d = await submit();
    const res = await c.call('GET', `/api/dossiers/${d.id}/documents/receipt`);
    expect(res.status).toBe(200);
    expect(res.raw.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.raw.rawPayload);
    const qr = pdf.images[0].map((image) => jsQR.default(image.rgba, image.width, image.height)?.data).filter(Boolean);
    expect(qr).toEqual([`${PUBLIC_URL}/portal/track/${d.code}`]);
    const text = pdf.text.normalize('NFC');
    expect(text).toContain(`Mã hồ sơ: ${d.code}`);
    expect(text).toContain('Nội dung yêu cầu giải quyết: Đăng ký khai sinh');
    expect(text).toContain('Hình thức nộp hồ sơ: Trực tuyến qua Cổng dịch vụ công');
    // A same-day procedure received Monday 09:00: the result is due Monday 30/11/2026, 17:00.
    expect(d.dueAt).toBe('2026-11-30T10:00:00.000Z');
    expect(text).toContain('Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 30/11/2026');
    for (const id of ['tp-1', 'tp-2']) expect(text).toContain(componentNames.get(id)!.normalize('NFC'));
  });

  it('slip 02 lists the requested components by name; the supplement refuses a wrong corrected value naming the field, and stores a right one', async () => {
    const d = await submit();
    const receiver = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const task = (await receiver.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
    await receiver.post(`/api/tasks/${task.id}/claim`);
    const asked = await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'request-supplement', data: { reason: 'Sai số bản sao và giấy tờ mờ', missingComponents: ['tp-1', 'tp-2'] } });
    expect(asked.status).toBe(200);

    const slip = await c.call('GET', `/api/dossiers/${d.id}/documents/supplement`);
    expect(slip.status).toBe(200);
    const text = (await readPdf(slip.raw.rawPayload)).text.normalize('NFC');
    for (const id of ['tp-1', 'tp-2']) expect(text).toContain(componentNames.get(id)!.normalize('NFC'));
    expect(text).toContain('Sai số bản sao và giấy tờ mờ');

    // soBan (number of copies) must be at least 1: a wrong correction is refused, nothing stored.
    const wrong = await c.post(`/api/dossiers/${d.id}/supplements`, { data: { soBan: 0 }, attachments: [] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.map((f: any) => f.path)).toEqual(['/data/soBan']);
    const still = await t.db.db.selectFrom('dossiers').select(['status', 'data']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect([still.status, still.data.soBan]).toEqual([5, SAMPLE_DATA.soBan]);

    const right = await c.post(`/api/dossiers/${d.id}/supplements`, { data: { soBan: 5, hoTen: 'Nguyễn Văn Bình' }, attachments: [] });
    expect(right.status).toBe(200);
    const stored = await t.db.db.selectFrom('dossiers').select(['status', 'data']).where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(stored.data).toMatchObject({ ...SAMPLE_DATA, soBan: 5, hoTen: 'Nguyễn Văn Bình' });
    expect(stored.status).not.toBe(5);
    expect((await c.get(`/api/dossiers/${d.id}`)).body.data).toMatchObject({ soBan: 5, hoTen: 'Nguyễn Văn Bình' });
  });

  it('a supplement carries only the form\'s fields to the process: it cannot rewrite the dossier\'s facts the process routes on', async () => {
    const d = await submit();
    const receiver = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const task = (await receiver.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.code)}`)).body.items[0];
    await receiver.post(`/api/tasks/${task.id}/claim`);
    expect((await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'request-supplement', data: { reason: 'Giấy tờ mờ', missingComponents: ['tp-1'] } })).status).toBe(200);
    // Keys the form does not have, among them the process's own facts about the dossier.
    const res = await c.post(`/api/dossiers/${d.id}/supplements`, { data: { soBan: 3, dossier: { id: d.id, receivingUnit: '000.31.02.H29' }, applicant: { fullName: 'Người khác' }, extra: 1 }, attachments: [] });
    expect(res.status).toBe(200);
    const instance = await t.db.db.selectFrom('process_instances').select('variables').where('business_key', '=', d.id).executeTakeFirstOrThrow();
    const variables = instance.variables as Record<string, any>;
    expect([variables.dossier.receivingUnit, variables.applicant.fullName, variables.extra, variables.soBan]).toEqual(['000.31.01.H29', SAMPLE_DATA.hoTen, undefined, 3]);
    // The step after the supplement goes to the dossier's own receiving commune.
    const open = await t.db.db.selectFrom('tasks').select('candidate_groups').where('business_key', '=', d.id).where('status', '=', 'open').execute();
    expect(open.length).toBeGreaterThan(0);
    for (const row of open) expect(row.candidate_groups.every((g) => g.startsWith('000.31.01.H29/'))).toBe(true);
  });
});
