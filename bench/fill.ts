/**
 * Fills the bench database to N dossiers with INSERT … SELECT over generate_series (the
 * server builds the rows itself, as fast as COPY), shaped like the province's real data:
 *
 * - received over the last 700 days; communes and services skewed (the first commune gets
 *   about a quarter of the dossiers, the first service about a third), citizens spread;
 * - older than 40 days: finished (returned 88 %, refused 5 %, withdrawn 4 %, stopped 1 %,
 *   finished but not yet returned 2 %); on time 90 %; 40 % rated;
 * - recent: at reception 25 %, processing 25 %, approval 15 %, waiting for a supplement 7 %,
 *   waiting to return the result 8 %, returned 20 %;
 * - one process instance per dossier (the state of a real submission), one task per step
 *   reached (closed, or open at the current step, a tenth of the open ones claimed), one
 *   history row per status reached.
 *
 * The rows reference the real units, services, versions and citizens of the bench province.
 */
import pg from 'pg';

export interface FillInput {
  tenantId: string;
  communes: Array<{ id: string; agencyCode: string; receiver: string }>;
  services: Array<{ id: string; versionId: string }>;
  citizens: Array<{ id: string }>;
  /** From the real submission: the instance's state and variables, the dossier's data and applicant, the first task's decisions. */
  sample: { state: string; variables: string; data: string; applicant: string; decisions: Array<Record<string, unknown>> };
}

const STEPS = [
  { element: 'receive', name: 'Tiếp nhận hồ sơ', group: 'tiep-nhan', decisions: ['accept', 'request-supplement', 'refuse'], status: null },
  { element: 'process', name: 'Xử lý hồ sơ', group: 'chuyen-vien', decisions: ['forward', 'send-back'], status: 4 },
  { element: 'approve', name: 'Phê duyệt', group: 'lanh-dao', decisions: ['approve', 'send-back', 'refuse'], status: null },
  { element: 'returnResult', name: 'Trả kết quả', group: 'tiep-nhan', decisions: ['return-result'], status: 9 },
];

async function timed(client: pg.Client, label: string, text: string, values: unknown[] = [], log?: (s: string) => void) {
  const t = Date.now();
  const r = await client.query(text, values);
  log?.(`  fill: ${label} ${r.rowCount ?? ''} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r;
}

export async function fillDossiers(databaseUrl: string, input: FillInput, total: number, log?: (s: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '1GB'");
    await client.query(`
      create temp table b_units (i int primary key, id uuid, code text);
      create temp table b_services (i int primary key, id uuid, version_id uuid);
      create temp table b_citizens (i int primary key, id uuid);
      create temp table b_steps (n int primary key, element text, name text, grp text, decisions jsonb, status int);`);
    await client.query('insert into b_units select i - 1, id, code from unnest($1::uuid[], $2::text[]) with ordinality as u(id, code, i)', [input.communes.map((c) => c.id), input.communes.map((c) => c.agencyCode)]);
    await client.query('insert into b_services select i - 1, id, v from unnest($1::uuid[], $2::uuid[]) with ordinality as s(id, v, i)', [input.services.map((s) => s.id), input.services.map((s) => s.versionId)]);
    await client.query('insert into b_citizens select i - 1, id from unnest($1::uuid[]) with ordinality as c(id, i)', [input.citizens.map((c) => c.id)]);
    const shape = input.sample.decisions[0] ?? {};
    for (const [i, s] of STEPS.entries()) {
      const decisions = s.decisions.map((key) => ({ ...shape, key, label: key }));
      await client.query('insert into b_steps values ($1, $2, $3, $4, $5, $6)', [i + 1, s.element, s.name, s.group, JSON.stringify(decisions), s.status]);
    }

    // One row per dossier with everything later inserts derive from.
    await timed(client, 'plan', `
      create temp table b_fill as
      with base as (
        select g, gen_random_uuid() as id, gen_random_uuid() as instance_id,
               floor($1::int * power(random(), 2))::int as ui,
               floor($2::int * power(random(), 1.5))::int as si,
               floor($3::int * random())::int as ci,
               now() - interval '1 hour' - random() * interval '700 days' as received_at,
               random() as r1, random() as r2, random() as r3, random() as r4
          from generate_series(1, $4::int) g
      ), typed as (
        select *, received_at < now() - interval '40 days' as old from base
      ), shaped as (
        select *,
          case when old then
                 case when r1 < 0.88 then 10 when r1 < 0.93 then 3 when r1 < 0.97 then 7 when r1 < 0.98 then 8 else 9 end
               else
                 case when r1 < 0.25 then 1 when r1 < 0.65 then 4 when r1 < 0.72 then 5 when r1 < 0.80 then 9 else 10 end
          end as status,
          -- the step whose task is open now (0: none)
          case when old then case when r1 >= 0.98 then 4 else 0 end
               else case when r1 < 0.25 then 1 when r1 < 0.50 then 2 when r1 < 0.65 then 3 when r1 < 0.72 then 0 when r1 < 0.80 then 4 else 0 end
          end as open_step
        from typed
      )
      select s.*,
        -- steps that have a task row: those done plus the open one
        case when status = 10 then 4 when status = 3 then 1 when status in (7, 8) then 2 when status = 5 then 1 else open_step end as task_steps,
        case when status in (9, 10) or status in (3, 7, 8) then received_at + (1 + r2 * 14) * interval '1 day' end as finished_at,
        case when status = 10 then '{1,2,4,9,10}'::int[] when status = 9 then '{1,2,4,9}'::int[] when status = 3 then '{1,3}'::int[]
             when status = 7 then '{1,2,4,7}'::int[] when status = 8 then '{1,2,4,8}'::int[] when status = 5 then '{1,5}'::int[]
             when status = 4 then '{1,2,4}'::int[] else '{1}'::int[] end as path,
        u.id as unit_id, u.code as unit_code, sv.id as service_id, sv.version_id, c.id as citizen_id
      from shaped s
      join b_units u on u.i = s.ui
      join b_services sv on sv.i = s.si
      join b_citizens c on c.i = s.ci`, [input.communes.length, input.services.length, input.citizens.length, total], log);

    await timed(client, 'dossiers', `
      insert into dossiers (id, tenant_id, code, service_id, version_id, receiving_unit_id, channel, applicant_account_id, filed_by,
        applicant, on_behalf, data, fees, status, status_changed_at, received_at, counted_from, due_at, original_due_at, finished_at,
        on_time, result_channel, instance_id, rating, rated_at, row_version, created_at, updated_at)
      select id, $1::uuid, unit_code || '-' || to_char(received_at at time zone 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-' || lpad(g::text, 7, '0'),
        service_id, version_id, unit_id, case when r3 < 0.7 then 'online' when r3 < 0.95 then 'direct' else 'post' end, citizen_id, citizen_id,
        $2::jsonb, false, $3::jsonb, '[]'::jsonb, status, coalesce(finished_at, received_at), received_at, received_at,
        received_at + interval '10 days', case when finished_at is not null and r4 < 0.02 then received_at + interval '7 days' end, finished_at,
        case when status in (9, 10) then r4 < 0.9 end, 'online', instance_id,
        case when status = 10 and r2 < 0.4 then 1 + floor(r3 * 3)::int end,
        case when status = 10 and r2 < 0.4 then finished_at + interval '1 day' end, array_length(path, 1), received_at, coalesce(finished_at, received_at)
      from b_fill`, [input.tenantId, input.sample.applicant, input.sample.data], log);

    await timed(client, 'process_instances', `
      insert into process_instances (id, tenant_id, version_id, definition_key, business_key, status, state, variables, row_version, created_at, updated_at, ended_at)
      select instance_id, $1::uuid, version_id::text, 'standard', id::text,
        case when open_step > 0 or status in (5) then 'running' else 'completed' end,
        $2::jsonb, $3::jsonb, task_steps + 1, received_at, coalesce(finished_at, received_at),
        case when open_step > 0 or status in (5) then null else finished_at end
      from b_fill`, [input.tenantId, input.sample.state, input.sample.variables], log);

    await timed(client, 'tasks', `
      insert into tasks (tenant_id, instance_id, business_key, element_id, element_name, execution_id, candidate_groups, candidate_users,
        assignee, form_key, decisions, dossier_status, status, created_at, due_at, completed_at, completed_by, decision, row_version, claimed_at)
      select $1::uuid, f.instance_id, f.id::text, st.element, st.name, st.element || '_' || substr(md5(f.id::text || st.n), 1, 6),
        array[f.unit_code || '/' || st.grp], '{}',
        case when st.n = f.open_step and f.r4 < 0.1 then 'claimed.' || st.grp end, null, st.decisions, st.status,
        case when st.n = f.open_step then 'open' when f.status in (7, 8) and st.n = 2 then 'cancelled' else 'completed' end,
        f.received_at + (st.n - 1) * interval '1 day',
        f.received_at + (st.n) * interval '1 day' + (f.r2 - 0.5) * interval '2 days',
        case when st.n <> f.open_step then f.received_at + st.n * interval '20 hours' end,
        case when st.n <> f.open_step then 'official' end,
        case when st.n <> f.open_step and not (f.status in (7, 8) and st.n = 2) then (st.decisions -> 0 ->> 'key') end,
        case when st.n = f.open_step then 1 else 2 end,
        case when st.n = f.open_step and f.r4 < 0.1 then f.received_at + interval '1 hour' end
      from b_fill f join b_steps st on st.n <= f.task_steps`, [input.tenantId], log);

    await timed(client, 'dossier_history', `
      insert into dossier_history (tenant_id, dossier_id, at, action, status, actor_id, actor_kind, note, details)
      select $1::uuid, f.id, f.received_at + (k - 1) * interval '18 hours', case when k = 1 then 'submitted' else 'process' end,
        f.path[k], null, case when k = 1 then 'citizen' else 'system:process' end, null,
        case when k = 1 then '{"channel":"online","version":1}'::jsonb else jsonb_build_object('elementId', 'status' || f.path[k]) end
      from b_fill f cross join lateral generate_subscripts(f.path, 1) k`, [input.tenantId], log);

    await client.query('drop table b_fill');
    await timed(client, 'vacuum analyze', 'vacuum (analyze) dossiers, process_instances, tasks, dossier_history', [], log);
  } finally {
    await client.end();
  }
}
