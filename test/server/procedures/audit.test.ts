/** Every change a designer makes to a service leaves an audit row: who, what, on which service. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { multipart, PDF } from '../../helpers/multipart.js';
import { readFixture, SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { standardProcessXml } from '../../../server/procedures/template.js';

describe('audit rows of the studio', () => {
  let t: TestApp;
  let s: ReturnType<typeof studio>;
  let auth: Record<string, string>;
  let designerId: string;
  let communes: string[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const login = await loginAs(t.app, 'thietke', DEMO_PASSWORD);
    auth = login.auth;
    designerId = login.user.id;
    s = studio(t.app, auth);
    communes = (await s.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
  });
  afterAll(() => t.close());

  const rowsOf = async (serviceId: string) =>
    (await t.db.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'service').where('entity_id', '=', serviceId).orderBy('created_at').execute())
      .map((r) => ({ action: r.action, actor: r.actor_id, details: r.details }));

  it('writes one row per change, in order, for each of the steps, versions and notes', async () => {
    const metadata = {
      procedureCode: '1.000002', name: 'Đăng ký khai tử', field: 'Hộ tịch', description: '', receivingUnitIds: communes,
      onlineLevel: 'full', timeLimitDays: 5, timeLimitNote: '', fees: [], legalBasis: ['Luật Hộ tịch 2014'],
      applicants: { kinds: ['citizen'], onBehalf: true }, result: 'Trích lục khai tử', resultChannels: ['online'],
    };
    const id = (await s.post('/api/studio/services', { metadata: { name: metadata.name } })).body.id;
    const ok = async (res: Promise<{ status: number }>) => expect((await res).status).toBeLessThan(300);
    await ok(s.put(`/api/studio/services/${id}`, { metadata }));
    const component = { id: 'to-khai', name: 'Tờ khai', requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf'], maxSizeMb: 5 };
    await ok(s.put(`/api/studio/services/${id}/components`, { components: [component] }));
    const body = multipart({}, { name: 'to-khai.pdf', type: 'application/pdf', data: PDF });
    const upload = await t.app.inject({ method: 'POST', url: `/api/studio/services/${id}/components/to-khai/template`, headers: { ...auth, ...body.headers }, payload: body.payload });
    expect(upload.statusCode).toBe(200);
    const fileId = upload.json().components[0].templateFileId;
    await ok(s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM }));
    await ok(s.put(`/api/studio/services/${id}/step-forms/tham-dinh`, { form: { components: [{ type: 'textarea', key: 'yKien', input: true }] } }));
    await ok(s.call('DELETE', `/api/studio/services/${id}/step-forms/tham-dinh`));
    const xml = standardProcessXml({ timeLimitDays: 5, withPayment: false });
    await ok(s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml }));
    await ok(s.post(`/api/studio/services/${id}/process/template`));
    await ok(s.put(`/api/studio/services/${id}/notes`, { notes: [{ where: 'components[0].condition', text: 'Ghi chú' }] }));
    await ok(s.post(`/api/studio/services/${id}/publish`));
    await ok(s.post(`/api/studio/services/${id}/versions/1/retire`));
    // Refused changes write nothing.
    expect((await s.put(`/api/studio/services/${id}/form`, { form: { components: [{ type: 'textfield', input: true }] } })).status).toBe(400);
    expect((await s.post(`/api/studio/services/${id}/versions/1/retire`)).status).toBe(409);

    const rows = await rowsOf(id);
    expect(rows.every((r) => r.actor === designerId)).toBe(true);
    expect(rows.map((r) => [r.action, r.details])).toEqual([
      ['service.create', expect.objectContaining({ name: metadata.name })],
      ['service.update_metadata', { name: metadata.name }],
      ['service.set_components', { count: 1 }],
      ['service.upload_template', expect.objectContaining({ componentId: 'to-khai', fileId })],
      ['service.set_form', { fields: 8 }],
      ['service.set_step_form', { key: 'tham-dinh' }],
      ['service.delete_step_form', { key: 'tham-dinh' }],
      ['service.set_process', { bytes: Buffer.byteLength(xml) }],
      ['service.reset_process', expect.anything()],
      ['service.set_notes', { count: 1 }],
      ['service.publish', expect.objectContaining({ version: 1 })],
      ['service.retire_version', { version: 1 }],
    ]);
  });

  it('both imports write service.create for each service they make', async () => {
    const source = (await s.post('/api/studio/services', { metadata: { name: 'Dịch vụ để sao chép', receivingUnitIds: communes } })).body.id;
    const pkg = (await s.get(`/api/studio/services/${source}/export`)).body;
    const copy = await s.post('/api/studio/services/import', { package: pkg });
    expect(copy.status).toBe(201);
    expect(await rowsOf(copy.body.id)).toEqual([{ action: 'service.create', actor: designerId, details: expect.objectContaining({ name: 'Dịch vụ để sao chép' }) }]);

    const drafts = await s.post('/api/studio/imports/procedures', JSON.parse(readFixture('procedures/procedures.json')));
    expect(drafts.status).toBe(201);
    expect(drafts.body).toHaveLength(6);
    for (const d of drafts.body) {
      expect(await rowsOf(d.id)).toEqual([{ action: 'service.create', actor: designerId, details: expect.objectContaining({ name: d.name }) }]);
    }
  });
});
