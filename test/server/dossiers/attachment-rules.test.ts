/**
 * A file meets the type and size rules of its component at upload, and of the component it
 * is attached to, not only those of the component it was uploaded for: at submission, for a
 * reused earlier document, in a supplement, and for the authorization document. What is
 * stored is what was sent (size and SHA-256).
 */
import crypto from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { sql } from 'kysely';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { PDF, PNG } from '../../helpers/multipart.js';

const TIFF = Buffer.concat([Buffer.from('49492a0008000000', 'hex'), Buffer.alloc(200)]);
const BIG_PDF = Buffer.concat([PDF, Buffer.alloc(4096, 0x20)]);

describe("attached files meet their component's rules", () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    // tp-1: PDF only; tp-2: PNG or PDF up to ~1 KB; tp-3 (the authorization-like one): TIFF.
    serviceId = await publishFixture(s, 'Đăng ký khai sinh', {}, {
      components: (list) => list.map((x) => ({ ...x, ...({ 'tp-1': { fileTypes: ['pdf'], maxSizeMb: 1 }, 'tp-2': { fileTypes: ['png', 'pdf'], maxSizeMb: 0.001 }, 'tp-3': { fileTypes: ['tif', 'pdf'], maxSizeMb: 1 } } as Record<string, object>)[x.id] })),
    });
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t.close());

  const upload = async (componentId: string, data: Buffer, name = 'tep.bin') => {
    const res = await c.upload(serviceId, componentId, { name, type: 'application/octet-stream', data });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const submit = (attachments: Array<{ componentId: string; fileId: string }>, extra: Record<string, unknown> = {}) =>
    c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments, ...extra });

  it("refuses at upload a file over its component's size limit (413 file.too_large) and records no file", async () => {
    const before = await t.db.db.selectFrom('files').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const res = await c.upload(serviceId, 'tp-2', { name: 'lon.pdf', type: 'application/pdf', data: BIG_PDF });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('file.too_large');
    const after = await t.db.db.selectFrom('files').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // The same file fits tp-1's limit.
    expect((await c.upload(serviceId, 'tp-1', { name: 'lon.pdf', type: 'application/pdf', data: BIG_PDF })).status).toBe(201);
  });

  it('stores the SHA-256 digest and size of the bytes sent, and the stored bytes are those bytes', async () => {
    const res = await c.upload(serviceId, 'tp-1', { name: 'to-khai.pdf', type: 'application/pdf', data: BIG_PDF });
    const digest = crypto.createHash('sha256').update(BIG_PDF).digest('hex');
    expect(res.body).toMatchObject({ sha256: digest, size: BIG_PDF.length, mime: 'application/pdf' });
    const row = await t.db.db.selectFrom('files').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect([row.sha256, Number(row.size)]).toEqual([digest, BIG_PDF.length]);
    const stored = await buffer(t.app.storage.open(row.storage_key));
    expect(crypto.createHash('sha256').update(stored).digest('hex')).toBe(digest);
  });

  it('refuses a PNG uploaded for tp-2 and attached as the PDF-only tp-1 (400 naming the component)', async () => {
    const png = await upload('tp-2', PNG);
    const res = await submit([{ componentId: 'tp-1', fileId: png }, { componentId: 'tp-2', fileId: await upload('tp-2', PNG) }]);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ path: '/attachments/0/fileId', code: 'file.type_not_allowed', message: expect.stringContaining('tp-1') })]);
  });

  it('refuses a PDF uploaded for tp-1 (1 MB) and attached to tp-2, whose limit it exceeds', async () => {
    const big = await upload('tp-1', BIG_PDF);
    const res = await submit([{ componentId: 'tp-1', fileId: await upload('tp-1', PDF) }, { componentId: 'tp-2', fileId: big }]);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ path: '/attachments/1/fileId', code: 'file.too_large', message: expect.stringContaining('tp-2') })]);
  });

  it('refuses an earlier document reused for a component whose type it does not meet, and accepts it where it fits', async () => {
    const ok = await submit([{ componentId: 'tp-1', fileId: await upload('tp-1', PDF) }, { componentId: 'tp-2', fileId: await upload('tp-2', PNG) }]);
    expect(ok.status).toBe(201);
    const earlierPng = (await c.get('/api/me/documents')).body.find((d: any) => d.componentId === 'tp-2' && d.dossierCode === ok.body.code);
    const wrong = await submit([{ componentId: 'tp-1', fileId: earlierPng.id }, { componentId: 'tp-2', fileId: await upload('tp-2', PNG) }]);
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([expect.objectContaining({ path: '/attachments/0/fileId', code: 'file.type_not_allowed' })]);
    const again = await submit([{ componentId: 'tp-1', fileId: await upload('tp-1', PDF) }, { componentId: 'tp-2', fileId: earlierPng.id }]);
    expect(again.status).toBe(201);
  });

  it('refuses an authorization document whose type is not one an authorization may have', async () => {
    const tiff = await upload('tp-3', TIFF);
    const onBehalf = { applicant: { fullName: 'Trần Thị Bình', citizenId: '001099099999' }, authorizationFileId: tiff };
    const attachments = [{ componentId: 'tp-1', fileId: await upload('tp-1', PDF) }, { componentId: 'tp-2', fileId: await upload('tp-2', PNG) }, { componentId: 'tp-3', fileId: tiff }];
    const res = await submit(attachments, { onBehalf });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ path: '/onBehalf/authorizationFileId', code: 'file.type_not_allowed' })]);
    const pdf = await upload('_authorization', PDF);
    expect((await submit(attachments, { onBehalf: { ...onBehalf, authorizationFileId: pdf } })).status).toBe(201);
  });

  it('refuses a supplement file that does not meet the type of the component it replaces', async () => {
    const d = await submit([{ componentId: 'tp-1', fileId: await upload('tp-1', PDF) }, { componentId: 'tp-2', fileId: await upload('tp-2', PNG) }]);
    expect(d.status).toBe(201);
    const receiver = studio(t.app, (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth);
    const task = (await receiver.get(`/api/tasks?queue=available&code=${encodeURIComponent(d.body.code)}`)).body.items[0];
    await receiver.post(`/api/tasks/${task.id}/claim`);
    expect((await receiver.post(`/api/tasks/${task.id}/complete`, { decision: 'request-supplement', data: { reason: 'Tờ khai mờ', missingComponents: ['tp-1'] } })).status).toBe(200);
    const wrong = await c.post(`/api/dossiers/${d.body.id}/supplements`, { attachments: [{ componentId: 'tp-1', fileId: await upload('tp-2', PNG) }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([expect.objectContaining({ path: '/attachments/0/fileId', code: 'file.type_not_allowed', message: expect.stringContaining('tp-1') })]);
    const right = await c.post(`/api/dossiers/${d.body.id}/supplements`, { attachments: [{ componentId: 'tp-1', fileId: await upload('tp-1', PDF) }] });
    expect(right.status).toBe(200);
  });
});
