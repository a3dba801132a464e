/**
 * The bench's COPY fill (bench/fill.ts) on a real database: rows the product can read, codes
 * and daily sequences as the server allocates them, every reference resolved, the secondary
 * indexes back as they were. PostgreSQL only: COPY FROM STDIN goes through node-postgres.
 */
import pg from 'pg';
import { createTestApp, loginAs, type TestApp } from '../helpers/app.js';
import { createPgDatabase, describeWithPg, type TestDb } from '../helpers/db.js';
import { seedDemo, DEMO_PASSWORD } from '../../server/seed/demo.js';
import { publishFixture, studio } from '../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../helpers/citizen.js';
import { fillDossiers } from '../../bench/fill.js';
import { trackByCode } from '../../server/dossiers/queries.js';
import { DOSSIER_CODE } from '../../server/dossiers/codes.js';

const FILLED = 3000;

// It needs the PostgreSQL server even in CI's PGlite pass, as the other server-only tests do.
describeWithPg('bench fill with COPY', () => {
  let t: TestApp;
  let db: TestDb;
  let pool: pg.Pool;
  let communes: Array<{ id: string; agencyCode: string; receiver: string }>;
  let indexesBefore: string[];
  const indexes = async () => (await pool.query<{ def: string }>("select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = any('{dossiers,tasks,dossier_history,process_instances,dossier_sequences}'::regclass[]) order by 1")).rows.map((r) => r.def);

  beforeAll(async () => {
    db = await createPgDatabase();
    t = await createTestApp({}, db);
    await seedDemo(t.db.db);
    pool = new pg.Pool({ connectionString: t.db.url, max: 2 });
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    const serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    const units: Array<{ id: string; agencyCode: string; level: string }> = (await s.get('/api/units')).body;
    communes = units.filter((u) => u.level === 'commune').map((u) => ({ id: u.id, agencyCode: u.agencyCode, receiver: '' }));
    const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const res = await c.submit({ serviceId, receivingUnitId: communes[0].id, data: SAMPLE_DATA, attachments });
    expect(res.status).toBe(201);

    const dossier = (await pool.query('select d.data::text as data, d.applicant::text as applicant, d.version_id, d.applicant_account_id, i.state::text as state, i.variables::text as variables from dossiers d join process_instances i on i.id = d.instance_id where d.id = $1', [res.body.id])).rows[0];
    const task = (await pool.query('select decisions from tasks where business_key = $1', [res.body.id])).rows[0];
    indexesBefore = await indexes();
    await fillDossiers(t.db.url!, {
      tenantId: (await pool.query('select tenant_id from units where id = $1', [communes[0].id])).rows[0].tenant_id,
      communes,
      services: [{ id: serviceId, versionId: dossier.version_id }],
      citizens: [{ id: dossier.applicant_account_id }],
      sample: { state: dossier.state, variables: dossier.variables, data: dossier.data, applicant: dossier.applicant, decisions: task.decisions },
    }, FILLED);
  }, 120_000);
  afterAll(async () => {
    await pool?.end();
    await t?.close();
    await db?.close();
  });

  it('writes the dossiers with codes the server would allocate, dated from January of last year to yesterday, and their daily sequences', async () => {
    const rows = (await pool.query<{ code: string; local_day: string; agency_code: string; received_at: Date }>(
      `select d.code, to_char(d.received_at at time zone 'Asia/Ho_Chi_Minh', 'YYMMDD') as local_day, u.agency_code, d.received_at
         from dossiers d join units u on u.id = d.receiving_unit_id
        where d.received_at < date_trunc('day', now() at time zone 'Asia/Ho_Chi_Minh') at time zone 'Asia/Ho_Chi_Minh'`,
    )).rows;
    expect(rows).toHaveLength(FILLED);
    for (const r of rows) {
      expect(r.code).toMatch(DOSSIER_CODE);
      expect(r.code.startsWith(`${r.agency_code}-${r.local_day}-`)).toBe(true);
    }
    const thisYear = new Date().getUTCFullYear();
    const years = new Set(rows.map((r) => new Date(r.received_at.getTime() + 7 * 3_600_000).getUTCFullYear()));
    expect([...years].sort()).toEqual([thisYear - 1, thisYear]);
    expect(new Set(rows.map((r) => r.agency_code)).size).toBe(communes.length);

    // The highest number of each agency's day is that day's sequence, so a later submission continues it.
    const gaps = await pool.query(
      `select s.agency_code, s.day, s.last, max(split_part(d.code, '-', 3)::int) as max
         from dossier_sequences s
         join dossiers d on d.code like s.agency_code || '-' || to_char(s.day, 'YYMMDD') || '-%'
        group by 1, 2, 3 having s.last <> max(split_part(d.code, '-', 3)::int)`,
    );
    expect(gaps.rows).toEqual([]);
  });

  it('gives every dossier its instance, tasks and history, its status that of its last history row', async () => {
    const orphans = await pool.query(
      `select (select count(*) from dossiers d where not exists (select from process_instances i where i.id = d.instance_id))::int as dossiers,
              (select count(*) from tasks t where not exists (select from process_instances i where i.id = t.instance_id))::int as tasks,
              (select count(*) from dossier_history h where not exists (select from dossiers d where d.id = h.dossier_id))::int as history,
              (select count(*) from dossiers d where d.status <> (select h.status from dossier_history h where h.dossier_id = d.id order by h.id desc limit 1))::int as wrong_status`,
    );
    expect(orphans.rows[0]).toEqual({ dossiers: 0, tasks: 0, history: 0, wrong_status: 0 });
    const open = await pool.query<{ status: number; n: number }>("select d.status, count(*)::int as n from tasks t join dossiers d on d.id::text = t.business_key where t.status = 'open' group by 1 order by 1");
    expect(open.rows.length).toBeGreaterThan(0);
    for (const r of open.rows) expect([1, 4, 9]).toContain(r.status);
  });

  it('builds the dropped indexes again, and a filled dossier is found by its code', async () => {
    expect(await indexes()).toEqual(indexesBefore);
    const code = (await pool.query<{ code: string }>('select code from dossiers order by received_at limit 1')).rows[0].code;
    const found = await trackByCode(t.db.db, code);
    expect(found).toMatchObject({ code });
  });
});
