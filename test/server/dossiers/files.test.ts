/** Opening a dossier's files: the applicant and the officials who may see the dossier; nobody else. */
import crypto from 'node:crypto';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { PDF } from '../../helpers/multipart.js';

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('downloading a dossier file', () => {
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

  async function submit(first = { name: 'to-khai.pdf', type: 'application/pdf', data: PDF }) {
    const attachments = [
      { componentId: 'tp-1', fileId: (await c.upload(serviceId, 'tp-1', first)).body.id },
      { componentId: 'tp-2', fileId: (await c.upload(serviceId, 'tp-2')).body.id },
    ];
    const res = await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments });
    expect(res.status).toBe(201);
    return { ...(res.body as { id: string; code: string }), fileIds: attachments.map((a) => a.fileId) };
  }
  const official = async (username: string) => studio(t.app, (await loginAs(t.app, username, DEMO_PASSWORD)).auth);
  const downloads = (dossierId: string) =>
    t.db.db.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'dossier.download_file').where('entity_id', '=', dossierId).execute();

  it('gives the applicant the bytes as uploaded, with their type and the display name (never a path) as download name', async () => {
    const bytes = Buffer.concat([PDF, Buffer.from('% Giấy chứng sinh\n')]);
    const d = await submit({ name: 'Tờ khai.pdf', type: 'application/pdf', data: bytes });
    // A display name as hostile as any client could make it (multipart parsers differ on quotes and paths).
    await t.db.db.updateTable('files').set({ name: '../../etc/Tờ khai "gốc"\r\n.pdf' }).where('id', '=', d.fileIds[0]).execute();
    const res = await c.call('GET', `/api/dossiers/${d.id}/files/${d.fileIds[0]}`);
    expect(res.status).toBe(200);
    expect(sha256(res.raw.rawPayload)).toBe(sha256(bytes));
    expect(res.raw.headers['content-type']).toBe('application/pdf');
    const disposition = String(res.raw.headers['content-disposition']);
    expect(disposition).toBe(`attachment; filename="To khai goc.pdf"; filename*=UTF-8''${encodeURIComponent('Tờ khai gốc.pdf')}`);
    expect(disposition).not.toContain('..');
    // The citizen's own reads are not officials' views: nothing audited.
    expect(await downloads(d.id)).toEqual([]);
  });

  it('gives an official of the receiving unit the file and writes who read whose file to the audit log', async () => {
    const d = await submit();
    const receiver = await official('phucxa.tiepnhan');
    const res = await receiver.call('GET', `/api/dossiers/${d.id}/files/${d.fileIds[1]}`);
    expect(res.status).toBe(200);
    expect(sha256(res.raw.rawPayload)).toBe(sha256(PDF));
    const me = await t.db.db.selectFrom('accounts').select('id').where('username', '=', 'phucxa.tiepnhan').executeTakeFirstOrThrow();
    expect(await downloads(d.id)).toEqual([{ actor_id: me.id, details: { fileId: d.fileIds[1], kind: 'attachment', componentId: 'tp-2' } }]);
  });

  it('answers 404 to another citizen and to another unit’s official, and audits nothing', async () => {
    const d = await submit();
    await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { citizenId: '001200000066', password: 'Matkhau@123', fullName: 'Người Thứ Ba', phone: '0900000066' } });
    const other = citizen(t.app, (await loginAs(t.app, '001200000066', 'Matkhau@123')).auth);
    const url = `/api/dossiers/${d.id}/files/${d.fileIds[0]}`;
    expect((await other.call('GET', url)).status).toBe(404);
    expect((await (await official('trucbach.tiepnhan')).call('GET', url)).status).toBe(404);
    expect(await downloads(d.id)).toEqual([]);
  });

  it('answers 404 for a file of another dossier asked through this dossier, even to the applicant of both', async () => {
    const mine = await submit();
    const theirs = await submit();
    expect((await c.call('GET', `/api/dossiers/${mine.id}/files/${theirs.fileIds[0]}`)).status).toBe(404);
    expect((await (await official('phucxa.tiepnhan')).call('GET', `/api/dossiers/${mine.id}/files/${theirs.fileIds[0]}`)).status).toBe(404);
    expect((await c.call('GET', `/api/dossiers/${mine.id}/files/${crypto.randomUUID()}`)).status).toBe(404);
  });
});
