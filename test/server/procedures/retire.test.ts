/**
 * Retiring the current version: no new dossiers on it (the service leaves the catalogue and
 * submissions are refused) while dossiers already running on it go on; publishing again
 * makes the new version current. An older, superseded version never comes back by itself.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

describe('retiring the current version', () => {
  let t: TestApp;
  let s: ReturnType<typeof studio>;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t.close());

  async function upload() {
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    return attachments;
  }
  const submit = async (attachments?: Array<{ componentId: string; fileId: string }>) =>
    c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: attachments ?? (await upload()) });
  const catalogIds = async () => (await t.app.inject({ method: 'GET', url: '/api/catalog/services?pageSize=50' })).json().items.map((x: any) => x.id);
  const catalogVersion = async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/catalog/services/${serviceId}` });
    return res.statusCode === 200 ? res.json().version : res.statusCode;
  };

  it('takes the service out of the catalogue and refuses new dossiers, while a running dossier goes on; publishing again makes the new version current', async () => {
    // Version 2 is published over version 1, and a dossier starts on version 2.
    const draft = (await s.get(`/api/studio/services/${serviceId}`)).body;
    expect((await s.put(`/api/studio/services/${serviceId}`, { metadata: { ...draft.metadata, timeLimitNote: 'Trong ngày làm việc' } })).status).toBe(200);
    expect((await s.post(`/api/studio/services/${serviceId}/publish`)).body.version).toBe(2);
    const running = await submit();
    expect(running.status).toBe(201);
    const uploadedBefore = await upload();

    expect((await s.post(`/api/studio/services/${serviceId}/versions/2/retire`)).body).toEqual({ currentVersionId: null });
    // Version 1 (superseded, never retired) does not come back.
    expect(await catalogIds()).not.toContain(serviceId);
    expect(await catalogVersion()).toBe(404);
    const refused = await submit(uploadedBefore);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('service.retired');
    expect((await c.upload(serviceId, 'tp-1')).body.code).toBe('service.retired');

    // The dossier already running on version 2 goes on: its reception task can be completed.
    const officer = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const task = (await officer.get(`/api/tasks?queue=available&code=${encodeURIComponent(running.body.code)}`)).body.items[0];
    expect(task).toBeDefined();
    expect((await officer.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const done = await officer.post(`/api/tasks/${task.id}/complete`, { decision: 'accept', data: {} });
    expect(done.status).toBe(200);
    expect(done.body.nextTasks.map((x: any) => x.step)).toEqual(['Xử lý hồ sơ']);

    // Publishing again makes version 3 current: back in the catalogue, taking dossiers.
    expect((await s.post(`/api/studio/services/${serviceId}/publish`)).body.version).toBe(3);
    expect(await catalogIds()).toContain(serviceId);
    expect(await catalogVersion()).toBe(3);
    expect((await s.get(`/api/studio/services/${serviceId}`)).body).toMatchObject({ status: 'published', currentVersion: { version: 3 } });
    const again = await submit();
    expect(again.status).toBe(201);
    const row = await t.db.db.selectFrom('dossiers as d').innerJoin('service_versions as v', 'v.id', 'd.version_id').select('v.version').where('d.id', '=', again.body.id).executeTakeFirstOrThrow();
    expect(row.version).toBe(3);
  });

  it('retiring a superseded version leaves the current one in the catalogue', async () => {
    expect((await s.post(`/api/studio/services/${serviceId}/versions/1/retire`)).status).toBe(200);
    expect(await catalogVersion()).toBe(3);
    expect((await submit()).status).toBe(201);
  });
});
