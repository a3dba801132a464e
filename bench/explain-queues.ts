/**
 * The plans of the officials' queue queries on a filled database, without the whole bench:
 * a demo province, one real dossier submitted through the API, then N dossiers cloned from it
 * with their tasks (most closed, a few thousand open for the busy group), ANALYZE, EXPLAIN.
 * `DATABASE_URL=postgres://… npx tsx bench/explain-queues.ts [dossiers]` (a scratch database:
 * it is created and dropped).
 */
import pg from 'pg';
import { sql } from 'kysely';
import { createTestApp, loginAs } from '../test/helpers/app.js';
import { connect } from '../server/db/connect.js';
import { seedDemo, DEMO_PASSWORD } from '../server/seed/demo.js';
import { publishFixture, studio } from '../test/helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../test/helpers/citizen.js';
import { queuePlans } from './reads.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const n = Number(process.argv[2] ?? 1_000_000);
const name = `explain_${Date.now()}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${name}`);
const url = server.replace(/\/[^/]*$/, `/${name}`);
try {
  const handle = await connect({ databaseUrl: url, poolSize: 4 });
  const t = await createTestApp({}, handle as never);
  const db = handle.db;
  await seedDemo(db);
  const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
  const serviceId = await publishFixture(s, 'Đăng ký khai sinh');
  const phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
  const c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  const attachments = [];
  for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
  const d = (await c.submit({ serviceId, receivingUnitId: phucxa, data: SAMPLE_DATA, attachments })).body;
  const started = Date.now();
  // Every 500th dossier open at the busy group's reception, due around now; the rest closed.
  await sql`insert into dossiers (id, tenant_id, code, service_id, version_id, receiving_unit_id, channel, applicant_account_id, filed_by, applicant, on_behalf, data, fees, status, status_changed_at, received_at, counted_from, due_at, result_channel, instance_id, created_at, updated_at)
    select gen_random_uuid(), tenant_id, code || '-' || g, service_id, version_id, receiving_unit_id, channel, applicant_account_id, filed_by, applicant, on_behalf, data, fees, case when g % 500 = 0 then 1 else 10 end, now(), now() - (g || ' minutes')::interval, now(), now() + ((g % 7200 - 3600) || ' minutes')::interval, result_channel, instance_id, now(), now()
    from dossiers, generate_series(1, ${n}) g where id = ${d.id}`.execute(db);
  await sql`insert into tasks (tenant_id, instance_id, business_key, element_id, element_name, execution_id, candidate_groups, candidate_users, form_key, decisions, dossier_status, status, created_at, due_at, completed_at)
    select t.tenant_id, t.instance_id, x.id::text, t.element_id, t.element_name, t.execution_id || x.code, t.candidate_groups, t.candidate_users, t.form_key, t.decisions, t.dossier_status,
      case when x.status = 1 then 'open' else 'completed' end, x.received_at, x.due_at, case when x.status = 1 then null else now() end
    from dossiers x, tasks t where t.business_key = ${d.id} and x.code like ${`${d.code}-%`}`.execute(db);
  await sql`analyze`.execute(db);
  const counts = await sql<{ tasks: number; open: number }>`select count(*)::int as tasks, count(*) filter (where status = 'open')::int as open from tasks`.execute(db);
  console.log(`filled in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(counts.rows[0])}`);
  const tenantId = (await db.selectFrom('dossiers').select('tenant_id').where('id', '=', d.id).executeTakeFirstOrThrow()).tenant_id;
  console.log(JSON.stringify(await queuePlans(db, tenantId, 'phucxa.tiepnhan'), null, 2));
  await t.close();
  await handle.close();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
