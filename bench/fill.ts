/**
 * Fills the bench database to N dossiers with COPY FROM STDIN (pg-copy-streams): the rows are
 * generated here and streamed as COPY text on two connections side by side (the process
 * instances, whose large states PostgreSQL compresses and TOASTs, on one; the dossiers, tasks,
 * history and code sequences on the other), each in one transaction. The secondary indexes of
 * the filled tables are dropped first and built again at the end (a sorted build is much
 * cheaper than N inserts into each index), and the tables are vacuumed and analysed
 * afterwards, as autovacuum would have done over the months the rows stand for.
 * As the superuser, the load also sets session_replication_role = replica so the foreign
 * keys' triggers do not look up each row's parents: the rows reference parents that exist
 * by construction (the province's units, services, versions and citizens, and the instances
 * and dossiers written just before them).
 *
 * The shape of the data (a seeded generator, so two runs fill the same spread):
 * - received from 1 January of last year to yesterday (Vietnam time): weekdays mostly, office
 *   hours mostly; communes and services skewed (the first commune gets about a quarter of the
 *   dossiers, the first service about a third), citizens spread; channels online 70 %, at the
 *   counter 25 %, by post 5 %; codes as the server allocates them (agency, day, a number per
 *   agency and day, with the dossier_sequences rows to match);
 * - older than 40 days: finished (returned 88 %, not accepted 5 %, withdrawn 4 %, stopped 1 %,
 *   finished but not yet returned 2 %); on time 90 %; 40 % of the returned rated; 3 % of the
 *   finished refused at approval (outcome);
 * - recent: at reception 25 %, processing 25 %, approval 15 %, waiting for a supplement 7 %,
 *   waiting to return the result 8 %, returned 20 %;
 * - one process instance per dossier (the state and variables of a real submission), one task
 *   per step reached (closed, or open at the current step, a tenth of the open ones claimed),
 *   one history row per status reached.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export interface FillInput {
  tenantId: string;
  communes: Array<{ id: string; agencyCode: string; receiver: string }>;
  services: Array<{ id: string; versionId: string }>;
  citizens: Array<{ id: string }>;
  /** From the real submission: the instance's state and variables, the dossier's data and applicant, the first task's decisions. */
  sample: { state: string; variables: string; data: string; applicant: string; decisions: Array<Record<string, unknown>> };
}

export interface FillResult {
  rows: Record<string, number>;
  seconds: Record<string, number>;
  superuser: boolean;
}

const STEPS = [
  { element: 'receive', name: 'Tiếp nhận hồ sơ', group: 'tiep-nhan', decisions: ['accept', 'request-supplement', 'refuse'], status: null },
  { element: 'process', name: 'Xử lý hồ sơ', group: 'chuyen-vien', decisions: ['forward', 'send-back'], status: 4 },
  { element: 'approve', name: 'Phê duyệt', group: 'lanh-dao', decisions: ['approve', 'send-back', 'refuse'], status: null },
  { element: 'returnResult', name: 'Trả kết quả', group: 'tiep-nhan', decisions: ['return-result'], status: 9 },
];

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Vietnam has no daylight saving: local time is UTC+7 all year. */
const VN = 7 * HOUR;

/** mulberry32: a small seeded generator, so the spread is the same from run to run. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
const text = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
const N = '\\N';
const ts = (ms: number) => new Date(ms).toISOString();

/** The plan of every dossier, in typed arrays (tens of bytes a dossier, even at 10 million). */
interface Plan {
  n: number;
  ids: Buffer;
  instanceIds: Buffer;
  unit: Uint16Array;
  service: Uint16Array;
  citizen: Uint32Array;
  received: Float64Array;
  /** dossier status now */
  status: Uint8Array;
  /** the step whose task is open now, 0 for none */
  openStep: Uint8Array;
  /** steps that have a task row: those done plus the open one */
  taskSteps: Uint8Array;
  finished: Float64Array;
  seq: Uint32Array;
  r2: Float32Array;
  r3: Float32Array;
  r4: Float32Array;
}

function uuids(n: number): Buffer {
  const b = crypto.randomBytes(n * 16);
  for (let o = 0; o < b.length; o += 16) {
    b[o + 6] = (b[o + 6] & 0x0f) | 0x40;
    b[o + 8] = (b[o + 8] & 0x3f) | 0x80;
  }
  return b;
}

function uuidAt(b: Buffer, i: number): string {
  const h = b.toString('hex', i * 16, i * 16 + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Statuses a dossier went through, in order, for its status now. */
const PATHS: Record<number, number[]> = { 1: [1], 3: [1, 3], 4: [1, 2, 4], 5: [1, 5], 7: [1, 2, 4, 7], 8: [1, 2, 4, 8], 9: [1, 2, 4, 9], 10: [1, 2, 4, 9, 10] };

function plan(total: number, units: number, services: number, citizens: number, now: number): Plan {
  const rnd = seeded(20260101);
  const p: Plan = {
    n: total,
    ids: uuids(total),
    instanceIds: uuids(total),
    unit: new Uint16Array(total),
    service: new Uint16Array(total),
    citizen: new Uint32Array(total),
    received: new Float64Array(total),
    status: new Uint8Array(total),
    openStep: new Uint8Array(total),
    taskSteps: new Uint8Array(total),
    finished: new Float64Array(total),
    seq: new Uint32Array(total),
    r2: new Float32Array(total),
    r3: new Float32Array(total),
    r4: new Float32Array(total),
  };
  // From 1 January of last year to the end of yesterday, local time: today's codes are the
  // live load's (its dossier_sequences rows), so the fill leaves today alone.
  const todayLocal = Math.floor((now + VN) / DAY) * DAY;
  const from = Date.UTC(new Date(todayLocal).getUTCFullYear() - 1, 0, 1);
  const days = Math.round((todayLocal - from) / DAY);
  const sequences = new Map<number, number>();
  for (let i = 0; i < total; i++) {
    let day: number;
    do day = from + Math.floor(rnd() * days) * DAY;
    while ([0, 6].includes(new Date(day).getUTCDay()) && rnd() < 0.85);
    // Office hours (7:30 to 17:00) for most; online submissions come at any hour.
    const local = day + (rnd() < 0.8 ? 7.5 * HOUR + rnd() * 9.5 * HOUR : rnd() * DAY);
    const received = local - VN;
    const unit = Math.floor(units * rnd() ** 2);
    const r1 = rnd();
    const old = received < now - 40 * DAY;
    const status = old ? (r1 < 0.88 ? 10 : r1 < 0.93 ? 3 : r1 < 0.97 ? 7 : r1 < 0.98 ? 8 : 9) : r1 < 0.25 ? 1 : r1 < 0.65 ? 4 : r1 < 0.72 ? 5 : r1 < 0.8 ? 9 : 10;
    const openStep = old ? (r1 >= 0.98 ? 4 : 0) : r1 < 0.25 ? 1 : r1 < 0.5 ? 2 : r1 < 0.65 ? 3 : r1 < 0.72 ? 0 : r1 < 0.8 ? 4 : 0;
    const r2 = rnd();
    p.unit[i] = unit;
    p.service[i] = Math.floor(services * rnd() ** 1.5);
    p.citizen[i] = Math.floor(citizens * rnd());
    p.received[i] = received;
    p.status[i] = status;
    p.openStep[i] = openStep;
    p.taskSteps[i] = status === 10 ? 4 : status === 3 || status === 5 ? 1 : status === 7 || status === 8 ? 2 : openStep;
    p.finished[i] = [3, 7, 8, 9, 10].includes(status) ? received + (1 + r2 * 14) * DAY : NaN;
    const key = unit * 100_000 + (day - from) / DAY;
    const seq = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, seq);
    p.seq[i] = seq;
    p.r2[i] = r2;
    p.r3[i] = rnd();
    p.r4[i] = rnd();
  }
  return p;
}

/** Rows of COPY text, a few hundred to a chunk. */
function* chunks(n: number, row: (i: number) => string | undefined): Generator<string> {
  let buf = '';
  for (let i = 0; i < n; i++) {
    const r = row(i);
    if (r) buf += r;
    if (buf.length > 256 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

async function copy(client: pg.Client, table: string, columns: string[], rows: Iterable<string>): Promise<number> {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  await pipeline(Readable.from(rows), stream);
  return stream.rowCount;
}

export async function fillDossiers(databaseUrl: string, input: FillInput, total: number, log?: (s: string) => void): Promise<FillResult> {
  const result: FillResult = { rows: {}, seconds: {}, superuser: false };
  const timed = async <T>(label: string, fn: () => Promise<T>, count?: (t: T) => number) => {
    const t = Date.now();
    const out = await fn();
    result.seconds[label] = Math.round((Date.now() - t) / 100) / 10;
    if (count) result.rows[label] = count(out);
    log?.(`  fill: ${label}${count ? ` ${count(out).toLocaleString('en')} rows` : ''} in ${result.seconds[label]} s`);
    return out;
  };
  const now = Date.now();
  const p = await timed('plan', async () => plan(total, input.communes.length, input.services.length, input.citizens.length, now), (x) => x.n);

  const superuser = await (async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      return (await c.query('select rolsuper from pg_roles where rolname = current_user')).rows[0]?.rolsuper === true;
    } finally {
      await c.end();
    }
  })();
  result.superuser = superuser;

  /**
   * One connection, one transaction: the tables' secondary indexes (not those behind a primary
   * key or unique constraint) dropped, `work` streams the rows, the indexes built again; then
   * vacuum and analyse.
   */
  async function session(tables: string[], work: (client: pg.Client) => Promise<void>): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query("set local synchronous_commit = off; set local maintenance_work_mem = '256MB'");
      if (superuser) await client.query('set local session_replication_role = replica');
      const indexes = await client.query<{ name: string; def: string }>(
        `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
           from pg_index i
          where i.indrelid = any($1::regclass[])
            and not exists (select from pg_constraint c where c.conindid = i.indexrelid)`,
        [tables],
      );
      for (const ix of indexes.rows) await client.query(`drop index ${ix.name}`);
      await work(client);
      await timed(`${tables[0]}…: ${indexes.rows.length} indexes`, async () => {
        for (const ix of indexes.rows) await client.query(ix.def);
      });
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      await client.end();
      throw err;
    }
    try {
      await timed(`${tables[0]}…: vacuum analyze`, () => client.query(`vacuum (analyze) ${tables.join(', ')}`));
    } finally {
      await client.end();
    }
  }

  {
    const tenant = input.tenantId;
    const units = input.communes.map((c) => ({ id: c.id, code: text(c.agencyCode) }));
    const services = input.services;
    const citizens = input.citizens.map((c) => c.id);
    const state = text(input.sample.state);
    const variables = text(input.sample.variables);
    const applicant = text(input.sample.applicant);
    const data = text(input.sample.data);
    const shape = input.sample.decisions[0] ?? {};
    const steps = STEPS.map((s) => ({
      ...s,
      decisionsText: text(JSON.stringify(s.decisions.map((key) => ({ ...shape, key, label: key })))),
      first: s.decisions[0],
    }));

    // Two sessions side by side: the instances (large states, TOASTed) on one connection, the
    // dossiers, their tasks and history on the other. Without the foreign keys' triggers
    // neither waits for the other's rows.
    const sessions = await Promise.allSettled([
      session(['process_instances'], async (client) => {
        await timed(
          'process_instances',
          () =>
            copy(client, 'process_instances', ['id', 'tenant_id', 'version_id', 'definition_key', 'business_key', 'status', 'state', 'variables', 'row_version', 'created_at', 'updated_at', 'ended_at'],
              chunks(p.n, (i) => {
                const running = p.openStep[i] > 0 || p.status[i] === 5;
                const updated = Number.isNaN(p.finished[i]) ? p.received[i] : p.finished[i];
                return `${uuidAt(p.instanceIds, i)}\t${tenant}\t${services[p.service[i]].versionId}\tstandard\t${uuidAt(p.ids, i)}\t${running ? 'running' : 'completed'}\t${state}\t${variables}\t${p.taskSteps[i] + 1}\t${ts(p.received[i])}\t${ts(updated)}\t${running ? N : ts(updated)}\n`;
              })),
          (x) => x,
        );
      }),
      session(['dossiers', 'tasks', 'dossier_history', 'dossier_sequences'], async (client) => {
        const localDay = (ms: number) => new Date(ms + VN).toISOString().slice(2, 10).replace(/-/g, '');
        await timed(
          'dossiers',
          () =>
            copy(client, 'dossiers', ['id', 'tenant_id', 'code', 'service_id', 'version_id', 'receiving_unit_id', 'channel', 'applicant_account_id', 'filed_by', 'applicant', 'on_behalf', 'data', 'fees', 'status', 'status_changed_at', 'received_at', 'counted_from', 'due_at', 'original_due_at', 'finished_at', 'on_time', 'result_channel', 'instance_id', 'rating', 'rated_at', 'row_version', 'created_at', 'updated_at', 'outcome'],
              chunks(p.n, (i) => {
                const unit = units[p.unit[i]];
                const service = services[p.service[i]];
                const citizen = citizens[p.citizen[i]];
                const status = p.status[i];
                const received = p.received[i];
                const finished = p.finished[i];
                const done = !Number.isNaN(finished);
                const r2 = p.r2[i];
                const r3 = p.r3[i];
                const r4 = p.r4[i];
                const channel = r3 < 0.7 ? 'online' : r3 < 0.95 ? 'direct' : 'post';
                const code = `${unit.code}-${localDay(received)}-${String(p.seq[i]).padStart(4, '0')}`;
                const rated = status === 10 && r2 < 0.4;
                const outcome = (status === 9 || status === 10) && r3 > 0.97 ? 'refused' : N;
                const onTime = status === 9 || status === 10 ? (r4 < 0.9 ? 't' : 'f') : N;
                return `${uuidAt(p.ids, i)}\t${tenant}\t${code}\t${service.id}\t${service.versionId}\t${unit.id}\t${channel}\t${citizen}\t${citizen}\t${applicant}\tf\t${data}\t[]\t${status}\t${ts(done ? finished : received)}\t${ts(received)}\t${ts(received)}\t${ts(received + 10 * DAY)}\t${done && r4 < 0.02 ? ts(received + 7 * DAY) : N}\t${done ? ts(finished) : N}\t${onTime}\tonline\t${uuidAt(p.instanceIds, i)}\t${rated ? 1 + Math.floor(r3 * 3) : N}\t${rated ? ts(finished + DAY) : N}\t${PATHS[status].length}\t${ts(received)}\t${ts(done ? finished : received)}\t${outcome}\n`;
              })),
          (x) => x,
        );

        await timed(
          'tasks',
          () =>
            copy(client, 'tasks', ['tenant_id', 'instance_id', 'business_key', 'element_id', 'element_name', 'execution_id', 'candidate_groups', 'candidate_users', 'assignee', 'form_key', 'decisions', 'dossier_status', 'status', 'created_at', 'due_at', 'completed_at', 'completed_by', 'decision', 'row_version', 'claimed_at', 'dossier_due_at'],
              chunks(p.n, (i) => {
                let out = '';
                const instance = uuidAt(p.instanceIds, i);
                const id = uuidAt(p.ids, i);
                const received = p.received[i];
                const status = p.status[i];
                for (let n = 1; n <= p.taskSteps[i]; n++) {
                  const s = steps[n - 1];
                  const open = n === p.openStep[i];
                  const claimed = open && p.r4[i] < 0.1;
                  const cancelled = !open && (status === 7 || status === 8) && n === 2;
                  const execution = `${s.element}_${id.slice(0, 6)}${n}`;
                  out += `${tenant}\t${instance}\t${id}\t${s.element}\t${s.name}\t${execution}\t{"${units[p.unit[i]].code}/${s.group}"}\t{}\t${claimed ? `claimed.${s.group}` : N}\t${N}\t${s.decisionsText}\t${s.status ?? N}\t${open ? 'open' : cancelled ? 'cancelled' : 'completed'}\t${ts(received + (n - 1) * DAY)}\t${ts(received + n * DAY + (p.r2[i] - 0.5) * 2 * DAY)}\t${open ? N : ts(received + n * 20 * HOUR)}\t${open ? N : 'official'}\t${open || cancelled ? N : n === 1 && status === 3 ? 'refuse' : n === 1 && status === 5 ? 'request-supplement' : s.first}\t${open ? 1 : 2}\t${claimed ? ts(received + HOUR) : N}\t${ts(received + 10 * DAY)}\n`;
                }
                return out;
              })),
          (x) => x,
        );

        await timed(
          'dossier_history',
          () =>
            copy(client, 'dossier_history', ['tenant_id', 'dossier_id', 'at', 'action', 'status', 'actor_id', 'actor_kind', 'note', 'details'],
              chunks(p.n, (i) => {
                let out = '';
                const id = uuidAt(p.ids, i);
                const path = PATHS[p.status[i]];
                for (let k = 0; k < path.length; k++) {
                  const details = k === 0 ? '{"channel":"online","version":1}' : `{"elementId":"status${path[k]}"}`;
                  out += `${tenant}\t${id}\t${ts(p.received[i] + k * 18 * HOUR)}\t${k === 0 ? 'submitted' : 'process'}\t${path[k]}\t${N}\t${k === 0 ? 'citizen' : 'system:process'}\t${N}\t${details}\n`;
                }
                return out;
              })),
          (x) => x,
        );

        // The daily sequences the codes above imply: the last number per agency and day.
        const last = new Map<string, number>();
        for (let i = 0; i < p.n; i++) {
          const key = `${units[p.unit[i]].code}\t${new Date(p.received[i] + VN).toISOString().slice(0, 10)}`;
          if ((last.get(key) ?? 0) < p.seq[i]) last.set(key, p.seq[i]);
        }
        const entries = [...last];
        await timed('dossier_sequences', () => copy(client, 'dossier_sequences', ['agency_code', 'day', 'tenant_id', 'last'], chunks(entries.length, (i) => `${entries[i][0]}\t${tenant}\t${entries[i][1]}\n`)), (x) => x);
      }),
    ]);
    for (const r of sessions) if (r.status === 'rejected') throw r.reason;
  }
  return result;
}
