/** Drafts: save, resume and submit a half-filled form; prefill from the profile; my documents. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

describe('drafts and my documents', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t.close());

  it('prefills a new draft from the profile, saves it with files, and submits it', async () => {
    const draft = (await c.post('/api/dossiers/drafts', { serviceId, receivingUnitId: phucxa })).body;
    expect(draft.data).toEqual({ hoTen: 'Nguyễn Văn An', soCccd: '001099012345' });
    const fileId = (await c.upload(serviceId, 'tp-1')).body.id;
    const saved = await c.call('PUT', `/api/dossiers/drafts/${draft.id}`, { serviceId, data: { ...draft.data, soBan: 1 }, attachments: [{ componentId: 'tp-1', fileId }], rowVersion: draft.rowVersion });
    expect(saved.status).toBe(200);
    const stale = await c.call('PUT', `/api/dossiers/drafts/${draft.id}`, { serviceId, data: {}, rowVersion: draft.rowVersion });
    expect(stale.body.code).toBe('draft.version_conflict');
    // Drafts are validated only on submit: a missing component is named then.
    const resumed = (await c.get(`/api/dossiers/drafts/${draft.id}`)).body;
    const incomplete = await c.submit({ serviceId, receivingUnitId: phucxa, data: { ...SAMPLE_DATA, ...resumed.data }, attachments: resumed.attachments, draftId: draft.id });
    expect(incomplete.body.fields).toEqual([expect.objectContaining({ path: '/attachments/tp-2' })]);
    const second = (await c.upload(serviceId, 'tp-2')).body.id;
    const done = await c.submit({ serviceId, receivingUnitId: phucxa, data: { ...SAMPLE_DATA, ...resumed.data }, attachments: [...resumed.attachments, { componentId: 'tp-2', fileId: second }], draftId: draft.id });
    expect(done.status).toBe(201);
    expect((await c.get(`/api/dossiers/drafts/${draft.id}`)).body.submittedDossierId).toBe(done.body.id);
    expect((await c.get('/api/dossiers/drafts')).body.map((d: any) => d.id)).not.toContain(draft.id);
  });

  it('submits a draft from its draftId alone: its data, files and receiving unit are the dossier\'s', async () => {
    const files = [];
    for (const componentId of ['tp-1', 'tp-2']) files.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const draft = (await c.post('/api/dossiers/drafts', { serviceId, receivingUnitId: phucxa, data: { ...SAMPLE_DATA, soBan: 3 }, attachments: files })).body;
    const done = await c.submit({ serviceId, draftId: draft.id });
    expect(done.status).toBe(201);
    const dossier = await t.db.db.selectFrom('dossiers').selectAll().where('id', '=', done.body.id).executeTakeFirstOrThrow();
    expect(dossier.data).toEqual({ ...SAMPLE_DATA, soBan: 3 });
    expect(dossier.receiving_unit_id).toBe(phucxa);
    const attached = await t.db.db.selectFrom('dossier_files').select(['component_id', 'file_id']).where('dossier_id', '=', done.body.id).orderBy('component_id').execute();
    expect(attached.map((f) => ({ componentId: f.component_id, fileId: f.file_id }))).toEqual(files);
    expect((await c.get(`/api/dossiers/drafts/${draft.id}`)).body.submittedDossierId).toBe(done.body.id);
    // Once submitted, the draft cannot be submitted again.
    const again = await c.submit({ serviceId, draftId: draft.id });
    expect([again.status, again.body.code]).toEqual([409, 'draft.submitted']);
    // What the body gives wins over the draft: here, data the form refuses.
    const second = (await c.post('/api/dossiers/drafts', { serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: files })).body;
    const corrected = await c.submit({ serviceId, draftId: second.id, data: { ...SAMPLE_DATA, soBan: 0 } });
    expect(corrected.body.fields).toEqual([expect.objectContaining({ path: '/data/soBan' })]);
  });

  it('one draft submitted twice at once (two keys) gives one dossier; the other answer is 409 draft.submitted', async () => {
    const files = [];
    for (const componentId of ['tp-1', 'tp-2']) files.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const draft = (await c.post('/api/dossiers/drafts', { serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: files })).body;
    // On PostgreSQL the two really race past the draft check; PGlite runs them one after the other.
    const answers = await Promise.all([c.submit({ serviceId, draftId: draft.id }), c.submit({ serviceId, draftId: draft.id })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('draft.submitted');
    const made = await t.db.db.selectFrom('dossier_drafts').select('submitted_dossier_id').where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(made.submitted_dossier_id).toBe(answers.find((a) => a.status === 201)!.body.id);
  });

  it('refuses a draftId that does not exist or is not mine (404), of another service (422), and a body with neither data nor draft (400)', async () => {
    const missing = await c.submit({ serviceId, draftId: '00000000-0000-4000-8000-000000000000' });
    expect([missing.status, missing.body.code]).toEqual([404, 'draft.not_found']);
    await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { citizenId: '001200000066', password: 'Matkhau@123', fullName: 'Người Lạ', phone: '0900000066' } });
    await t.db.db.updateTable('accounts').set({ verified_at: new Date() }).where('username', '=', '001200000066').execute();
    const stranger = citizen(t.app, (await loginAs(t.app, '001200000066', 'Matkhau@123')).auth);
    const mine = (await c.post('/api/dossiers/drafts', { serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA })).body;
    const theirs = await stranger.submit({ serviceId, draftId: mine.id });
    expect([theirs.status, theirs.body.code]).toEqual([404, 'draft.not_found']);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const otherService = await publishFixture(s, 'Đăng ký khai sinh');
    const wrongService = await c.submit({ serviceId: otherService, draftId: mine.id });
    expect([wrongService.status, wrongService.body.code]).toEqual([422, 'draft.other_service']);
    const empty = await c.submit({ serviceId, receivingUnitId: phucxa });
    expect(empty.status).toBe(400);
    expect(empty.body.fields.map((f: any) => f.path)).toEqual(['/data', '/attachments']);
    expect((await c.get(`/api/dossiers/drafts/${mine.id}`)).body.submittedDossierId).toBeNull();
  });

  it('lists my earlier documents and lets me attach one again instead of uploading it', async () => {
    const docs = (await c.get('/api/me/documents')).body;
    expect(docs.length).toBeGreaterThanOrEqual(2);
    const birthCert = docs.find((d: any) => d.componentId === 'tp-2');
    const tokhai = (await c.upload(serviceId, 'tp-1')).body.id;
    const again = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments: [{ componentId: 'tp-1', fileId: tokhai }, { componentId: 'tp-2', fileId: birthCert.id }] });
    expect(again.status).toBe(201);
  });

  it('another citizen cannot open my draft (404)', async () => {
    const draft = (await c.post('/api/dossiers/drafts', { serviceId })).body;
    await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { citizenId: '001200000055', password: 'Matkhau@123', fullName: 'Người Khác', phone: '0900000055' } });
    const other = citizen(t.app, (await loginAs(t.app, '001200000055', 'Matkhau@123')).auth);
    expect((await other.get(`/api/dossiers/drafts/${draft.id}`)).status).toBe(404);
  });
});
