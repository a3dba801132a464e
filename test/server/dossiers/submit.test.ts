/** A citizen submits a dossier: validation, code, due date, process, idempotency. */
import { sql } from 'kysely';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { PNG } from '../../helpers/multipart.js';

describe('submitting a dossier', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: { id: string; agencyCode: string };

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29');
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t.close());

  async function attachments(components = ['tp-1', 'tp-2']) {
    const out = [];
    for (const componentId of components) {
      const up = await c.upload(serviceId, componentId);
      expect(up.status).toBe(201);
      out.push({ componentId, fileId: up.body.id });
    }
    return out;
  }

  it('answers 201 with a code of the receiving agency and today, due at the end of today, and starts the process', async () => {
    const res = await c.submit({ serviceId, receivingUnitId: phucxa.id, data: SAMPLE_DATA, attachments: await attachments() });
    expect(res.status).toBe(201);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: '2-digit', month: '2-digit', day: '2-digit' }).format(new Date()).replaceAll('-', '');
    expect(res.body.code).toMatch(new RegExp(`^000\\.31\\.01\\.H29-${day}-\\d{4}$`));
    expect(res.body.status).toBe(1);
    const dossier = await t.db.db.selectFrom('dossiers').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(dossier.due_at.toISOString()).toBe(res.body.dueAt);
    expect(dossier.due_at.getTime()).toBeGreaterThan(dossier.received_at.getTime());
    const tasks = await t.db.db.selectFrom('tasks').selectAll().where('business_key', '=', res.body.id).execute();
    expect(tasks.map((x) => [x.element_id, x.candidate_groups])).toEqual([['receive', ['000.31.01.H29/tiep-nhan']]]);
    const history = await t.db.db.selectFrom('dossier_history').select(['action', 'status']).where('dossier_id', '=', res.body.id).execute();
    expect(history).toEqual([{ action: 'submitted', status: 1 }]);
    const mail = await t.db.db.selectFrom('notification_outbox').selectAll().where('template', '=', 'dossier.status.1').execute();
    expect(mail.at(-1)!.body).toContain(res.body.code);
    const audit = await t.db.db.selectFrom('audit_log').selectAll().where('entity_id', '=', res.body.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['dossier.submit']);
    // The applicant sees it; the public tracking page shows nothing personal.
    const mine = await c.get(`/api/dossiers/${res.body.id}`);
    expect(mine.body).toMatchObject({ code: res.body.code, status: { code: 1 }, currentSteps: [{ name: 'Tiếp nhận hồ sơ' }] });
    expect(mine.body.files).toHaveLength(2);
    const track = await t.app.inject({ method: 'GET', url: `/api/track/${res.body.code}` });
    expect(track.json()).toMatchObject({ code: res.body.code, status: { code: 1 }, serviceName: 'Đăng ký khai sinh' });
    expect(JSON.stringify(track.json())).not.toContain('Nguyễn Văn An');
    // The receipt's QR code leads to a public page; codes are found whatever their case.
    const page = await t.app.inject({ method: 'GET', url: `/portal/track/${res.body.code.toLowerCase()}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Mới đăng ký');
    expect(page.body).toContain('Đăng ký khai sinh');
    expect(page.body).not.toContain('Nguyễn Văn An');
    expect((await t.app.inject({ method: 'GET', url: '/portal/track/000.31.01.H29-250101-9999' })).statusCode).toBe(404);
  });

  it('the same Idempotency-Key again answers the same 201 and body, never a second dossier; with another body 422', async () => {
    const body = { serviceId, receivingUnitId: phucxa.id, data: SAMPLE_DATA, attachments: await attachments() };
    const first = await c.submit(body, 'retry-key-0001');
    const again = await c.submit(body, 'retry-key-0001');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const count = await t.db.db.selectFrom('dossiers').select(sql<number>`count(*)::int`.as('n')).where('code', '=', first.body.code).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    const other = await c.submit({ ...body, data: { ...SAMPLE_DATA, hoTen: 'Người Khác' } }, 'retry-key-0001');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency.key_reused');
    expect((await c.post('/api/dossiers', body)).body.code).toBe('idempotency.key_required');
  });

  it('refuses a missing required component with 400 naming it, and a missing conditional one when its condition holds', async () => {
    const res = await c.submit({ serviceId, receivingUnitId: phucxa.id, data: SAMPLE_DATA, attachments: await attachments(['tp-1']) });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ path: '/attachments/tp-2', code: 'dossier.component_missing' })]);
    const onBehalf = await c.submit({ serviceId, receivingUnitId: phucxa.id, data: { ...SAMPLE_DATA, nopThay: true }, attachments: await attachments() });
    expect(onBehalf.status).toBe(400);
    expect(onBehalf.body.fields).toEqual([expect.objectContaining({ path: '/attachments/tp-3', code: 'dossier.component_missing' })]);
  });

  it('re-validates the form on the server and names each wrong field', async () => {
    const res = await c.submit({ serviceId, receivingUnitId: phucxa.id, data: { ...SAMPLE_DATA, hoTen: '', soCccd: '12345', soBan: 0 }, attachments: await attachments() });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: any) => f.path).sort()).toEqual(['/data/hoTen', '/data/soBan', '/data/soCccd']);
  });

  it('drops fields the form does not define', async () => {
    const res = await c.submit({ serviceId, receivingUnitId: phucxa.id, data: { ...SAMPLE_DATA, isAdmin: true, __proto__x: 1 }, attachments: await attachments() });
    expect(res.status).toBe(201);
    const d = await t.db.db.selectFrom('dossiers').select('data').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(Object.keys(d.data).sort()).toEqual(Object.keys(SAMPLE_DATA).sort());
  });

  it('refuses a file whose bytes are not an accepted type (a lying extension)', async () => {
    const up = await c.upload(serviceId, 'tp-1', { name: 'to-khai.pdf', type: 'application/pdf', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]) });
    expect(up.status).toBe(400);
    expect(up.body.code).toBe('file.type_not_allowed');
    const png = await c.upload(serviceId, 'tp-1', { name: 'anh.pdf', type: 'application/pdf', data: PNG });
    expect(png.status).toBe(201);
    expect(png.body.mime).toBe('image/png');
  });

  it('refuses a receiving unit that does not take the service, and a file of another citizen', async () => {
    const other = await t.db.db.selectFrom('units').select('id').where('agency_code', '=', '000.00.12.H29').executeTakeFirstOrThrow();
    const res = await c.submit({ serviceId, receivingUnitId: other.id, data: SAMPLE_DATA, attachments: await attachments() });
    expect(res.body.fields[0]).toMatchObject({ path: '/receivingUnitId', code: 'dossier.unit_not_receiving' });
    await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { citizenId: '001200000077', password: 'Matkhau@123', fullName: 'Người Thứ Hai', phone: '0900000077' } });
    await t.db.db.updateTable('accounts').set({ verified_at: new Date() }).where('username', '=', '001200000077').execute();
    const second = citizen(t.app, (await loginAs(t.app, '001200000077', 'Matkhau@123')).auth);
    const stolen = await second.submit({ serviceId, receivingUnitId: phucxa.id, data: SAMPLE_DATA, attachments: await attachments() });
    expect(stolen.status).toBe(400);
    expect(stolen.body.fields.every((f: any) => f.code === 'file.not_found')).toBe(true);
    // Nor can they read my dossier.
    const mine = (await c.get('/api/dossiers')).body[0];
    expect((await second.get(`/api/dossiers/${mine.id}`)).status).toBe(404);
  });

  it('refuses an unverified citizen (403)', async () => {
    await t.app.inject({ method: 'POST', url: '/api/auth/register', payload: { citizenId: '001200000088', password: 'Matkhau@123', fullName: 'Chưa Xác Thực', phone: '0900000088' } });
    const unverified = citizen(t.app, (await loginAs(t.app, '001200000088', 'Matkhau@123')).auth);
    const up = await unverified.upload(serviceId, 'tp-1');
    const res = await unverified.submit({ serviceId, receivingUnitId: phucxa.id, data: SAMPLE_DATA, attachments: [{ componentId: 'tp-1', fileId: up.body.id }] });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('account.not_verified');
  });

  it('a failure after the code was allocated rolls everything back, the code included: the next dossier gets that number', async () => {
    // Raises on the history row written after the code is given, and only once the dossier
    // holds a real code: a submission that failed before allocation would not trip it.
    await sql`create function fail_marked() returns trigger language plpgsql as $$ begin
      if exists (select 1 from dossiers where id = new.dossier_id and data->>'hoTen' = 'LỖI SAU KHI CẤP MÃ' and code not like '~%') then raise exception 'injected failure'; end if;
      return new; end $$`.execute(t.db.db);
    await sql`create trigger fail_marked before insert on dossier_history for each row execute function fail_marked()`.execute(t.db.db);
    const tables = ['dossiers', 'tasks', 'process_instances', 'process_jobs', 'dossier_history', 'dossier_files', 'portal_outbox', 'notification_outbox', 'idempotency_keys', 'audit_log'] as const;
    const counts = async () => Object.fromEntries(await Promise.all(tables.map(async (table) => [table, Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.db)).rows[0].n)])));
    const files = await attachments();
    const last = await t.db.db.selectFrom('dossier_sequences').select('last').where('agency_code', '=', '000.31.01.H29').executeTakeFirstOrThrow();
    const before = await counts();
    const failed = await c.submit({ serviceId, receivingUnitId: phucxa.id, data: { ...SAMPLE_DATA, hoTen: 'LỖI SAU KHI CẤP MÃ' }, attachments: files }, 'failing-key-0001');
    expect(failed.status).toBe(500);
    expect(await counts()).toEqual(before);
    expect(await t.db.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'failing-key-0001').execute()).toEqual([]);
    expect(await t.db.db.selectFrom('dossier_files').select('id').where('file_id', 'in', files.map((f) => f.fileId)).execute()).toEqual([]);
    expect(await t.db.db.selectFrom('dossier_sequences').select('last').where('agency_code', '=', '000.31.01.H29').executeTakeFirstOrThrow()).toEqual(last);
    const next = await c.submit({ serviceId, receivingUnitId: phucxa.id, data: SAMPLE_DATA, attachments: await attachments() });
    expect(next.status).toBe(201);
    expect(Number(next.body.code.split('-').at(-1))).toBe(last.last + 1);
  });
});
