/**
 * The database's own limit for a submission-shaped transaction.
 *
 * The shape is taken from a real submission, not guessed: every row its transaction left
 * (found by the transaction id in `xmin`, so updated rows count once, as their final
 * image) with its columns and bytes. The limit then writes the same rows again, with fresh
 * keys and codes and spread over the same receiving agencies, as plain SQL from several
 * connections: one round trip per transaction (`begin; insert …; commit`), the daily code
 * sequence as the same upsert, and nothing of the application in between.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface CapturedRow {
  table: string;
  json: string;
  bytes: number;
  jsonbBytes: number;
}

export interface SubmissionShape {
  dossierId: string;
  instanceId: string;
  code: string;
  idempotencyKey: string;
  unitId: string;
  agencyCode: string;
  rows: CapturedRow[];
  /** table → rows */
  perTable: Record<string, number>;
  totalBytes: number;
  jsonbBytes: number;
}

const ORDER = ['dossier_sequences', 'idempotency_keys', 'dossiers', 'dossier_files', 'dossier_history', 'process_instances', 'tasks', 'process_jobs', 'notification_outbox', 'portal_outbox', 'audit_log'];

/** Every row the submission's transaction wrote, in an order that satisfies the foreign keys. */
export async function captureSubmission(pool: pg.Pool, dossierId: string, idempotencyKey: string): Promise<SubmissionShape> {
  const d = await pool.query('select xmin::text as xid, code, instance_id, receiving_unit_id from dossiers where id = $1', [dossierId]);
  const { xid, code, instance_id: instanceId, receiving_unit_id: unitId } = d.rows[0];
  const unit = await pool.query('select agency_code from units where id = $1', [unitId]);
  const tables = await pool.query<{ relname: string }>("select relname from pg_stat_user_tables where schemaname = 'public' order by relname");
  const rows: CapturedRow[] = [];
  for (const { relname } of tables.rows) {
    const jsonbCols = await pool.query<{ column_name: string }>("select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and data_type = 'jsonb'", [relname]);
    const jsonbSize = jsonbCols.rows.length ? jsonbCols.rows.map((c) => `coalesce(pg_column_size(t.${c.column_name}), 0)`).join(' + ') : '0';
    const found = await pool.query(`select row_to_json(t)::text as json, pg_column_size(t.*) as bytes, ${jsonbSize} as jsonb from ${relname} t where xmin = $1::xid`, [xid]);
    for (const r of found.rows) rows.push({ table: relname, json: r.json, bytes: Number(r.bytes), jsonbBytes: Number(r.jsonb) });
  }
  const rank = (t: string) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
  rows.sort((a, b) => rank(a.table) - rank(b.table));
  const perTable: Record<string, number> = {};
  for (const r of rows) perTable[r.table] = (perTable[r.table] ?? 0) + 1;
  return {
    dossierId,
    instanceId,
    code,
    idempotencyKey,
    unitId,
    agencyCode: unit.rows[0].agency_code,
    rows,
    perTable,
    totalBytes: rows.reduce((s, r) => s + r.bytes, 0),
    jsonbBytes: rows.reduce((s, r) => s + r.jsonbBytes, 0),
  };
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface Template {
  parts: string[];
  /** The placeholder between parts[i] and parts[i+1]. */
  slots: string[];
}

/** The transaction's SQL with placeholders for what must differ from one submission to the next. */
async function buildTemplate(pool: pg.Pool, shape: SubmissionShape): Promise<Template> {
  const statements: string[] = ['begin'];
  let rowNo = 0;
  for (const row of shape.rows) {
    const cols = await pool.query<{ column_name: string; is_identity: string }>(
      "select column_name, is_identity from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position",
      [row.table],
    );
    const names = cols.rows.filter((c) => c.is_identity !== 'YES').map((c) => c.column_name);
    const record = JSON.parse(row.json) as Record<string, unknown>;
    let json = row.json;
    // A row's own uuid key (other than the dossier's and the instance's) is fresh in every copy.
    if (typeof record.id === 'string' && record.id !== shape.dossierId && record.id !== shape.instanceId && /^[0-9a-f-]{36}$/.test(record.id)) {
      json = json.split(record.id).join(`\u0001ROW${rowNo++}\u0001`);
    }
    let text = lit(json);
    for (const [value, slot] of [
      [shape.dossierId, 'DOSSIER'],
      [shape.instanceId, 'INSTANCE'],
      [shape.code, 'CODE'],
      [shape.idempotencyKey, 'KEY'],
      [shape.unitId, 'UNIT'],
      [shape.agencyCode, 'AGENCY'],
    ] as const) {
      text = text.split(value).join(`\u0001${slot}\u0001`);
    }
    const list = names.join(', ');
    let sql = `insert into ${row.table} (${list}) select ${list} from json_populate_record(null::${row.table}, ${text}::json)`;
    if (row.table === 'dossier_sequences') sql += ' on conflict (agency_code, day) do update set last = dossier_sequences.last + 1';
    statements.push(sql);
  }
  statements.push('commit');
  const parts = statements.join(';\n').split('\u0001');
  // split gives text, slot, text, slot, …
  return { parts: parts.filter((_, i) => i % 2 === 0), slots: parts.filter((_, i) => i % 2 === 1) };
}

export interface LimitResult {
  tps: number;
  clients: number;
  trials: Array<{ clients: number; tps: number; transactions: number }>;
}

export async function measurePgLimit(databaseUrl: string, shape: SubmissionShape, agencies: Array<{ unitId: string; agencyCode: string }>, options: { clients: number[]; seconds: number }): Promise<LimitResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const template = await buildTemplate(pool, shape);
  await pool.end();
  const day = shape.code.split('-').at(-2)!;
  let counter = 100_000;
  const sqlFor = () => {
    const n = counter++;
    const agency = agencies[n % agencies.length];
    const values: Record<string, string> = {
      DOSSIER: crypto.randomUUID(),
      INSTANCE: crypto.randomUUID(),
      CODE: `${agency.agencyCode}-${day}-${n}`,
      KEY: `limit-${n}-${crypto.randomBytes(4).toString('hex')}`,
      UNIT: agency.unitId,
      AGENCY: agency.agencyCode,
    };
    let out = template.parts[0];
    for (let i = 0; i < template.slots.length; i++) {
      const slot = template.slots[i];
      out += (slot.startsWith('ROW') ? (values[slot] ??= crypto.randomUUID()) : values[slot]) + template.parts[i + 1];
    }
    return out;
  };

  const trials: LimitResult['trials'] = [];
  for (const clients of options.clients) {
    const conns = await Promise.all(Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }));
    let done = 0;
    const started = performance.now();
    const deadline = started + options.seconds * 1000;
    await Promise.all(conns.map(async (c) => {
      while (performance.now() < deadline) {
        await c.query(sqlFor());
        done++;
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    await Promise.all(conns.map((c) => c.end()));
    trials.push({ clients, tps: Math.round(done / elapsed), transactions: done });
  }
  const best = trials.reduce((a, b) => (b.tps > a.tps ? b : a));
  return { tps: best.tps, clients: best.clients, trials };
}
