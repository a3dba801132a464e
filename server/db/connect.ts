/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, embedded PGlite
 * (real PostgreSQL in WebAssembly, persisted in a folder) otherwise. Same queries for both.
 */
import fs from 'node:fs';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type DbKind = 'postgres' | 'pglite';

export interface DbHandle {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string;
  /** Folder for PGlite's files; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** PostgreSQL: send parameterized statements as named prepared statements (default true). */
  prepare?: boolean;
}

/**
 * A pg client that prepares each parameterized statement once per connection and then only
 * binds and executes it: PostgreSQL parses and plans a statement text on every use otherwise,
 * and a submission runs about twenty. Each text gets the next name of this connection; the
 * statements are the app's own (Kysely builds them from the code, with values as
 * parameters), so their number is bounded.
 */
class PreparingClient extends pg.Client {
  /** Statement names by text: at most MAX_PREPARED, the rest run unnamed. */
  private readonly prepared = new Map<string, string>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && config.length <= MAX_PREPARED_TEXT) {
      let name = this.prepared.get(config);
      if (!name && this.prepared.size < MAX_PREPARED) this.prepared.set(config, (name = `s${this.prepared.size + 1}`));
      if (name) return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}
/** A bound on what one connection keeps prepared (statements whose text varies with a list's length are many). */
const MAX_PREPARED = 500;
const MAX_PREPARED_TEXT = 16_384;

// timestamptz and timestamp come back as Date from both drivers; int8 as string from pg.
// Counting queries cast to int so that no bigint reaches the app.

export async function connect(options: ConnectOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, ...(options.prepare !== false && { Client: PreparingClient }) });
    // An idle client's network error must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
