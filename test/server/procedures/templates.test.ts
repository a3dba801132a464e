import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { SAMPLE_FORM, studio } from '../../helpers/studio.js';
import { multipart, PDF, PNG } from '../../helpers/multipart.js';

describe('component template files', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let s: ReturnType<typeof studio>;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    auth = (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth;
    s = studio(t.app, auth);
    const communes = (await s.get('/api/units')).body.filter((u: any) => u.level === 'commune').map((u: any) => u.id);
    id = (await s.post('/api/studio/services', {
      metadata: { name: 'Đăng ký khai tử', field: 'Hộ tịch', receivingUnitIds: communes, legalBasis: ['Luật Hộ tịch 2014'], result: 'Trích lục khai tử', timeLimitDays: 1 },
    })).body.id;
    await s.put(`/api/studio/services/${id}/form`, { form: SAMPLE_FORM });
    await s.put(`/api/studio/services/${id}/components`, { components: [{ id: 'to-khai', name: 'Tờ khai khai tử', requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf'], maxSizeMb: 5 }] });
  });
  afterAll(() => t.close());

  const upload = (file: { name: string; type: string; data: Buffer }, componentId = 'to-khai') => {
    const body = multipart({}, file);
    return t.app.inject({ method: 'POST', url: `/api/studio/services/${id}/components/${componentId}/template`, headers: { ...auth, ...body.headers }, payload: body.payload });
  };

  it('stores an uploaded template with its SHA-256, and citizens download it from the catalogue', async () => {
    const res = await upload({ name: 'Tờ khai khai tử.pdf', type: 'application/pdf', data: PDF });
    expect(res.statusCode).toBe(200);
    const fileId = res.json().components[0].templateFileId;
    const file = await t.db.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ mime: 'application/pdf', name: 'Tờ khai khai tử.pdf', purpose: 'template' });
    expect(Number(file.size)).toBe(PDF.length);
    expect(file.storage_key).not.toContain('Tờ khai');
    expect((await s.post(`/api/studio/services/${id}/publish`)).status).toBe(201);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${id}` })).json();
    const download = await t.app.inject({ method: 'GET', url: detail.components[0].templateUrl });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(PDF)).toBe(true);
  });

  it('refuses a file whose bytes are not an allowed type, whatever its name says', async () => {
    const res = await upload({ name: 'to-khai.pdf', type: 'application/pdf', data: PNG });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('file.type_not_allowed');
  });

  it('refuses a template for a component the service does not have (404)', async () => {
    expect((await upload({ name: 'a.pdf', type: 'application/pdf', data: PDF }, 'khong-co')).statusCode).toBe(404);
  });

  describe('the standard process follows the time limit', () => {
    const shares = (xml: string) => [...xml.matchAll(/<bpmn:userTask id="(\w+)"[^>]*esb:deadline(Share|Hours)="([0-9.]+)"/g)].map((m) => [m[1], m[2], m[3]]);

    it('a service created with a name only gets the template; a new time limit rewrites its shares', async () => {
      const created = (await s.post('/api/studio/services', { metadata: { name: 'Cấp giấy phép kinh doanh' } })).body;
      // Created with the default time limit of 0 (the same day): the day is shared in hours.
      expect(shares(created.bpmnXml)).toEqual([['receive', 'Hours', '1'], ['process', 'Hours', '4'], ['approve', 'Hours', '2'], ['returnResult', 'Hours', '1']]);
      const res = await s.put(`/api/studio/services/${created.id}`, { metadata: { ...created.metadata, timeLimitDays: 10 } });
      expect(res.status).toBe(200);
      const stored = await t.db.db.selectFrom('services').select('bpmn_xml').where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(shares(stored.bpmn_xml!)).toEqual([['receive', 'Share', '1'], ['process', 'Share', '6'], ['approve', 'Share', '2'], ['returnResult', 'Share', '1']]);
    });

    it('a drawn process is left alone when the time limit changes', async () => {
      const created = (await s.post('/api/studio/services', { metadata: { name: 'Cấp giấy phép kinh doanh (vẽ riêng)', timeLimitDays: 3 } })).body;
      const drawn = created.bpmnXml.replace('name="Tiếp nhận hồ sơ"', 'name="Tiếp nhận và kiểm tra"');
      expect(drawn).not.toBe(created.bpmnXml);
      expect((await s.put(`/api/studio/services/${created.id}/process`, { bpmnXml: drawn })).status).toBe(200);
      const current = (await s.get(`/api/studio/services/${created.id}`)).body;
      expect((await s.put(`/api/studio/services/${created.id}`, { metadata: { ...current.metadata, timeLimitDays: 10 } })).status).toBe(200);
      const stored = await t.db.db.selectFrom('services').select('bpmn_xml').where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(stored.bpmn_xml).toBe(drawn);
      expect(shares(drawn)).toEqual([['receive', 'Share', '0.3'], ['process', 'Share', '1.8'], ['approve', 'Share', '0.6'], ['returnResult', 'Share', '0.3']]);
    });
  });
});
