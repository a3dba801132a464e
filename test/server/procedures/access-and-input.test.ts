/** Who may see a service, and what bad input gets: a clear 4xx, nothing stored. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { createStaffAccount } from '../../../server/admin/commands/accounts.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { standardProcessXml } from '../../../server/procedures/template.js';
import { multipart, PDF } from '../../helpers/multipart.js';

describe('studio access and bad input', () => {
  let t: TestApp;
  let s: ReturnType<typeof studio>;
  let communeDesigner: ReturnType<typeof studio>;
  let ownerAuth: Record<string, string>;
  let communeAuth: Record<string, string>;
  let id: string;
  let units: any[];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const admin = await loginAs(t.app, 'admin', DEMO_PASSWORD);
    ownerAuth = (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth;
    s = studio(t.app, ownerAuth);
    units = (await s.get('/api/units')).body;
    const [phucxa, trucbach] = units.filter((u) => u.level === 'commune');
    const ctx = { actor: { kind: 'staff' as const, id: admin.user.id, tenantId: admin.user.tenantId, unitId: admin.user.unitId, roles: ['admin' as const] } };
    await createStaffAccount(t.db.db, ctx, { username: 'phucxa.thietke', password: 'Thietke@123', fullName: 'Thiết kế xã', unitId: phucxa.id, roles: ['designer'] });
    communeAuth = (await loginAs(t.app, 'phucxa.thietke', 'Thietke@123')).auth;
    communeDesigner = studio(t.app, communeAuth);
    id = (await s.post('/api/studio/services', { metadata: { name: 'Dịch vụ của tỉnh', receivingUnitIds: [phucxa.id, trucbach.id] } })).body.id;
  });
  afterAll(() => t.close());

  it('a designer of a commune does not see the province’s services (404) but designs for their own commune', async () => {
    expect((await communeDesigner.get(`/api/studio/services/${id}`)).status).toBe(404);
    expect((await communeDesigner.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM })).status).toBe(404);
    expect((await communeDesigner.post(`/api/studio/services/${id}/publish`)).status).toBe(404);
    const own = await communeDesigner.post('/api/studio/services', { metadata: { name: 'Dịch vụ của xã' } });
    expect(own.status).toBe(201);
    expect((await communeDesigner.get('/api/studio/services')).body.map((x: any) => x.name)).toEqual(['Dịch vụ của xã']);
    // The province's designer sees services of the units below it.
    expect((await s.get(`/api/studio/services/${own.body.id}`)).status).toBe(200);
    // The commune designer cannot make the province a receiving unit.
    const province = units.find((u) => u.level === 'province');
    const res = await communeDesigner.post('/api/studio/services', { metadata: { name: 'Dịch vụ vượt cấp', receivingUnitIds: [province.id] } });
    expect(res.status).toBe(400);
  });

  it('an official may not design (403)', async () => {
    const official = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const res = await official.get('/api/studio/services');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.role_required');
  });

  const rowVersion = async () => (await s.get(`/api/studio/services/${id}`)).body.rowVersion as number;

  it('malformed form JSON or a form without components → 400, nothing stored', async () => {
    const raw = await t.app.inject({ method: 'PUT', url: `/api/studio/services/${id}/form`, headers: { ...(await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth, 'content-type': 'application/json' }, payload: '{"form": {"components": [' });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().code).toBe('request.malformed_json');
    const noComponents = await s.put(`/api/studio/services/${id}/form`, { form: { display: 'form' } });
    expect(noComponents.status).toBe(400);
    expect(noComponents.body.fields[0].path).toBe('/form/components');
    expect(await rowVersion()).toBe(1);
  });

  it('duplicate form keys in one data scope → 400 naming both places, nothing stored', async () => {
    expect((await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM })).status).toBe(200);
    const before = (await s.get(`/api/studio/services/${id}`)).body;
    const form = { components: [{ type: 'textfield', key: 'hoTen', input: true }, { type: 'panel', key: 'p', input: false, components: [{ type: 'textfield', key: 'hoTen', input: true }] }] };
    const res = await s.put(`/api/studio/services/${id}/form`, { form });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ code: 'form.key_duplicate', path: 'form:components[1].components[0] "hoTen"' })]);
    const after = (await s.get(`/api/studio/services/${id}`)).body;
    expect({ form: after.form, rowVersion: after.rowVersion }).toEqual({ form: SAMPLE_FORM, rowVersion: before.rowVersion });
    // The same key inside a container is another data scope: allowed.
    const scoped = { components: [{ type: 'textfield', key: 'hoTen', input: true }, { type: 'container', key: 'nguoiUyQuyen', input: true, components: [{ type: 'textfield', key: 'hoTen', input: true }] }] };
    const ok = await s.put(`/api/studio/services/${id}/step-forms/kiem-tra`, { form: scoped });
    expect(ok.status).toBe(200);
    await s.call('DELETE', `/api/studio/services/${id}/step-forms/kiem-tra`);
  });

  it('a field prefilled from a profile field that does not exist → 400 form.prefill_unknown, nothing stored', async () => {
    const before = (await s.get(`/api/studio/services/${id}`)).body;
    const form = { components: [{ type: 'textfield', key: 'ngaySinh', label: 'Ngày sinh', input: true, properties: { prefill: 'birthDate' } }] };
    const res = await s.put(`/api/studio/services/${id}/form`, { form });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ code: 'form.prefill_unknown', path: 'form:components[0] "ngaySinh"' })]);
    const after = (await s.get(`/api/studio/services/${id}`)).body;
    expect({ form: after.form, rowVersion: after.rowVersion }).toEqual({ form: before.form, rowVersion: before.rowVersion });
    // A profile field that exists is accepted.
    const known = { components: [{ ...form.components[0], key: 'soDienThoai', properties: { prefill: 'phone' } }] };
    expect((await s.put(`/api/studio/services/${id}/step-forms/lien-he`, { form: known })).status).toBe(200);
    await s.call('DELETE', `/api/studio/services/${id}/step-forms/lien-he`);
  });

  it('a designer of another unit gets 404 service.not_found on every studio route of a service, and nothing changes', async () => {
    const communes = units.filter((u) => u.level === 'commune').map((u) => u.id);
    const created = await s.post('/api/studio/services', {
      metadata: { name: 'Dịch vụ đã công bố của tỉnh', field: 'Hộ tịch', receivingUnitIds: communes, timeLimitDays: 5, legalBasis: ['Luật Hộ tịch 2014'], result: 'Giấy xác nhận' },
    });
    const pid = created.body.id;
    const component = { id: 'to-khai', name: 'Tờ khai', requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf'], maxSizeMb: 5 };
    expect((await s.put(`/api/studio/services/${pid}/components`, { components: [component] })).status).toBe(200);
    expect((await s.put(`/api/studio/services/${pid}/form`, { form: SAMPLE_FORM })).status).toBe(200);
    expect((await s.post(`/api/studio/services/${pid}/publish`)).status).toBe(201);
    const service = (await s.get(`/api/studio/services/${pid}`)).body;
    const snapshot = async () => ({
      service: await t.db.db.selectFrom('services').selectAll().where('id', '=', pid).executeTakeFirstOrThrow(),
      versions: await t.db.db.selectFrom('service_versions').selectAll().where('service_id', '=', pid).execute(),
    });
    const before = await snapshot();
    const base = `/api/studio/services/${pid}`;
    // Valid requests: the owner's designer makes each of them successfully below.
    const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown]> = [
      ['GET', base, undefined],
      ['PUT', base, { metadata: { ...service.metadata, name: 'Đổi tên trái phép' } }],
      ['PUT', `${base}/components`, { components: [] }],
      ['PUT', `${base}/form`, { form: SAMPLE_FORM }],
      ['PUT', `${base}/step-forms/tham-dinh`, { form: { components: [{ type: 'textarea', key: 'yKien', input: true }] } }],
      ['DELETE', `${base}/step-forms/tham-dinh`, undefined],
      ['PUT', `${base}/process`, { bpmnXml: service.bpmnXml }],
      ['POST', `${base}/process/template`, {}],
      ['PUT', `${base}/notes`, { notes: [] }],
      ['GET', `${base}/checks`, undefined],
      ['POST', `${base}/publish`, {}],
      ['GET', `${base}/versions`, undefined],
      ['GET', `${base}/versions/compare?from=1&to=1`, undefined],
      ['GET', `${base}/versions/1`, undefined],
      ['POST', `${base}/versions/1/retire`, {}],
      ['GET', `${base}/export`, undefined],
      ['GET', `${base}/export?version=1`, undefined],
      ['POST', `${base}/test-runs`, { data: {}, decisions: ['refuse'] }],
    ];
    for (const [method, url, body] of routes) {
      const res = await communeDesigner.call(method, url, body);
      expect({ method, url, status: res.status, code: res.body?.code }).toEqual({ method, url, status: 404, code: 'service.not_found' });
    }
    const upload = (auth: Record<string, string>) => {
      const body = multipart({}, { name: 'to-khai.pdf', type: 'application/pdf', data: PDF });
      return t.app.inject({ method: 'POST', url: `${base}/components/to-khai/template`, headers: { ...auth, ...body.headers }, payload: body.payload });
    };
    const denied = await upload(communeAuth);
    expect({ status: denied.statusCode, code: denied.json().code }).toEqual({ status: 404, code: 'service.not_found' });
    expect(await snapshot()).toEqual(before);
    // The owner's designer makes every one of them (the requests are valid).
    expect((await upload(ownerAuth)).statusCode).toBe(200);
    for (const [method, url, body] of routes) {
      const res = await s.call(method, url, body);
      expect({ method, url, ok: res.status >= 200 && res.status < 300 }).toEqual({ method, url, ok: true });
    }
  });

  it.each([
    ['not XML at all', 'đây không phải XML', 'process.malformed_xml'],
    ['XML that is not BPMN', '<?xml version="1.0"?><html><body/></html>', 'process.not_bpmn'],
    ['an entity declaration', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&a;</bpmn:definitions>`, 'process.doctype_refused'],
  ])('a diagram that is %s → 400 with the reason, nothing stored', async (_what, xml, code) => {
    const before = (await s.get(`/api/studio/services/${id}`)).body;
    const res = await s.put(`/api/studio/services/${id}/process`, { bpmnXml: xml });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.fields[0].path).toBe('/bpmnXml');
    expect((await s.get(`/api/studio/services/${id}`)).body.bpmnXml).toBe(before.bpmnXml);
  });

  it('a 10 MB diagram → 413, nothing stored', async () => {
    const version = await rowVersion();
    const big = standardProcessXml({ timeLimitDays: 1, withPayment: false }).replace('</bpmn:definitions>', `<!-- ${'x'.repeat(10 * 1024 * 1024)} --></bpmn:definitions>`);
    const res = await s.put(`/api/studio/services/${id}/process`, { bpmnXml: big });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('request.too_large');
    // Just over the diagram limit but under the body limit: refused by the diagram guard.
    const over = standardProcessXml({ timeLimitDays: 1, withPayment: false }).replace('</bpmn:definitions>', `<!-- ${'x'.repeat(5 * 1024 * 1024)} --></bpmn:definitions>`);
    const res2 = await s.put(`/api/studio/services/${id}/process`, { bpmnXml: over });
    expect(res2.status).toBe(413);
    expect(res2.body.code).toBe('process.too_large');
    expect(await rowVersion()).toBe(version);
  });

  it('an empty procedure code is a local procedure, stored as null; a malformed code → 400', async () => {
    const created = await s.post('/api/studio/services', { metadata: { name: 'Thủ tục đặc thù của tỉnh', procedureCode: '' } });
    expect(created.status).toBe(201);
    expect(created.body.metadata.procedureCode).toBeNull();
    const national = await s.put(`/api/studio/services/${created.body.id}`, { metadata: { ...created.body.metadata, procedureCode: '1.001193' } });
    expect(national.body.metadata.procedureCode).toBe('1.001193');
    const local = await s.put(`/api/studio/services/${created.body.id}`, { metadata: { ...created.body.metadata, procedureCode: '' } });
    expect(local.status).toBe(200);
    expect(local.body.metadata.procedureCode).toBeNull();
    expect((await s.get('/api/studio/services')).body.find((x: any) => x.id === created.body.id).procedureCode).toBeNull();
    const bad = await s.put(`/api/studio/services/${created.body.id}`, { metadata: { ...created.body.metadata, procedureCode: 'TT-01' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.path)).toContain('/metadata/procedureCode');
  });

  it('bad metadata and components name their fields', async () => {
    const current = (await s.get(`/api/studio/services/${id}`)).body;
    const version = current.rowVersion;
    const res = await s.put(`/api/studio/services/${id}`, { metadata: { ...current.metadata, timeLimitDays: -1, onlineLevel: 'toàn trình', fees: [{ id: 'phi', name: 'Phí', amountVnd: 1.5, dueAt: 'submission' }] } });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: any) => f.path)).toEqual(expect.arrayContaining(['/metadata/timeLimitDays', '/metadata/onlineLevel', '/metadata/fees/0/amountVnd']));
    const comp = { id: 'a', name: 'A', requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf'], maxSizeMb: 5 };
    const dup = await s.put(`/api/studio/services/${id}/components`, { components: [comp, comp] });
    expect(dup.status).toBe(400);
    expect(dup.body.fields).toEqual([expect.objectContaining({ path: '/components/1/id', code: 'component.id_duplicate' })]);
    const unknownFile = await s.put(`/api/studio/services/${id}/components`, { components: [{ ...comp, templateFileId: '00000000-0000-4000-8000-000000000000' }] });
    expect(unknownFile.status).toBe(400);
    expect(await rowVersion()).toBe(version);
  });
});
