/**
 * The five steps for each of the six fixture procedures, through the studio API, ending in
 * a published version that the public catalogue shows.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { componentsFor, fixtureProcedures, metadataFor, receivingFor, SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { standardProcessXml } from '../../../server/procedures/template.js';

describe('the five steps for the six fixture procedures', () => {
  let t: TestApp;
  let s: ReturnType<typeof studio>;
  let units: Array<{ id: string; agencyCode: string; level: string }>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    units = (await s.get('/api/units')).body;
  });
  afterAll(() => t.close());

  const procedures = fixtureProcedures().procedures;

  // Every procedure sends its process through the contract path PUT …/process, stored as
  // drawn: half send the standard process as the modeler opens it, the others their own.
  const drawsOwn = (i: number) => i % 2 === 1;

  it.each(procedures.map((p, i) => [p.name, p, i]))('%s: define, components, form, process, publish, then found in the catalogue', async (_name, p, i) => {
    const receiving = receivingFor(p, units);

    // Step 1: the service.
    const created = await s.post('/api/studio/services', { metadata: { name: p.name } });
    expect(created.status).toBe(201);
    expect(created.body.bpmnXml).toContain('Quy trình một cửa chuẩn');
    const id = created.body.id;
    const metadata = metadataFor(p, receiving);
    const step1 = await s.put(`/api/studio/services/${id}`, { metadata, rowVersion: created.body.rowVersion });
    expect(step1.status).toBe(200);

    // Step 2: dossier components, the free-text conditions written as FEEL.
    const components = componentsFor(p);
    expect((await s.put(`/api/studio/services/${id}/components`, { components })).status).toBe(200);

    // Step 3: the e-form.
    expect((await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM })).status).toBe(200);
    // Step 4: the process, the standard one or drawn.
    const standard = standardProcessXml({ timeLimitDays: metadata.timeLimitDays, withPayment: metadata.fees.some((f: any) => f.amountVnd > 0 && f.dueAt === 'payment-step') });
    const drawn = drawsOwn(i) ? standard.replace('name="Tiếp nhận hồ sơ"', 'name="Tiếp nhận và kiểm tra hồ sơ"') : standard;
    if (drawsOwn(i)) expect(drawn).not.toBe(standard);
    const step4 = await s.put(`/api/studio/services/${id}/process`, { bpmnXml: drawn });
    expect(step4.status).toBe(200);
    expect(step4.body.bpmnXml).toBe(drawn);

    // Step 5: every check passes, publish.
    const checks = await s.get(`/api/studio/services/${id}/checks`);
    expect(checks.body.checks.filter((c: any) => !c.ok)).toEqual([]);
    expect(checks.body.ok).toBe(true);
    const published = await s.post(`/api/studio/services/${id}/publish`);
    expect(published.status).toBe(201);
    expect(published.body.version).toBe(1);

    const found = await t.app.inject({ method: 'GET', url: `/api/catalog/services?q=${encodeURIComponent(p.name)}` });
    expect(found.json().items[0]).toMatchObject({ id, name: p.name, version: 1, onlineLevel: p.onlineLevel });
    const detail = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${id}` })).json();
    expect(detail.receivingUnits.map((u: any) => u.id).sort()).toEqual([...receiving].sort());
    expect(detail.components).toHaveLength(p.components.length);
    expect(detail.form.components.map((c: any) => c.key)).toContain('hoTen');
    expect(detail.timeLimitDays).toBe(p.timeLimit.workingDays);
    const v1 = (await s.get(`/api/studio/services/${id}/versions/1`)).body;
    expect(v1.bpmnXml.includes('Tiếp nhận và kiểm tra hồ sơ')).toBe(drawsOwn(i));
  });

  it('the catalogue search ignores accents and case, and ranks the best match first', async () => {
    const search = async (q: string) => (await t.app.inject({ method: 'GET', url: `/api/catalog/services?q=${encodeURIComponent(q)}` })).json();
    expect((await search('dang ky khai sinh')).items[0].name).toBe('Đăng ký khai sinh');
    expect((await search('DANG KY KHAI SINH')).items[0].name).toBe('Đăng ký khai sinh');
    expect((await search('ly lich tu phap')).items.map((i: any) => i.name)).toEqual(['Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam']);
    const dangKy = (await search('đăng ký')).items.map((i: any) => i.name);
    expect(dangKy).toEqual(expect.arrayContaining(['Đăng ký khai sinh', 'Đăng ký kết hôn', 'Đăng ký thành lập hộ kinh doanh']));
    expect((await search('1.001193')).items.map((i: any) => i.name)).toEqual(['Đăng ký khai sinh']);
    expect((await search('khong co thu tuc nao nhu the')).total).toBe(0);
  });

  it('filters the catalogue by field, receiving unit and level, and lists the fields', async () => {
    const get = async (qs: string) => (await t.app.inject({ method: 'GET', url: `/api/catalog/services?${qs}` })).json();
    expect((await get('field=H%E1%BB%99%20t%E1%BB%8Bch')).total).toBe(3);
    const dept = units.find((u) => u.agencyCode === '000.00.12.H29')!;
    expect((await get(`unit=${dept.id}`)).items.map((i: any) => i.name)).toEqual(['Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam']);
    expect((await get('level=partial')).items.map((i: any) => i.name)).toEqual(['Đăng ký kết hôn']);
    const fields = (await t.app.inject({ method: 'GET', url: '/api/catalog/fields' })).json();
    expect(fields.find((f: any) => f.field === 'Hộ tịch').services).toBe(3);
  });

  it('writes an audit row for every change of the five steps', async () => {
    const actions = (await t.db.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'service').execute()).map((r) => r.action);
    for (const action of ['service.create', 'service.update_metadata', 'service.set_components', 'service.set_form', 'service.publish']) {
      expect(actions.filter((a) => a === action)).toHaveLength(6);
    }
    expect(actions.filter((a) => a === 'service.set_process')).toHaveLength(6);
    expect(actions.filter((a) => a === 'service.reset_process')).toHaveLength(0);
  });
});
