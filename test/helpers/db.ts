/**
 * Test databases. Each test file gets its own: a fresh database on the PostgreSQL server of
 * TEST_DATABASE_URL (created, migrated, dropped), or an in-memory PGlite when there is none
 * or when TEST_DB=pglite. Nothing is mocked.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { connect, type DbHandle } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';

export interface TestDb extends DbHandle {
  /** Connection string of this test's own database (PostgreSQL only). */
  url?: string;
}

/** The PostgreSQL server for tests, if one is configured. */
export function pgServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function testDbKind(): 'postgres' | 'pglite' {
  return process.env.TEST_DB === 'pglite' || !pgServerUrl() ? 'pglite' : 'postgres';
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgServerUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database on the test server, migrated unless told not to; dropped by close(). */
export async function createPgDatabase(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const server = pgServerUrl();
  if (!server) throw new Error('TEST_DATABASE_URL is not set');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = withDatabase(server, name);
  const handle = await connect({ databaseUrl: url });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function createTestDb(): Promise<TestDb> {
  if (testDbKind() === 'postgres') return createPgDatabase();
  const handle = await connect({ dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  return handle;
}

/**
 * For tests that need a real server (several processes, restarts). Without one they skip
 * with a visible message; under CI a missing server is an error, never a silent skip.
 */
export const describeWithPg: (name: string, fn: () => void) => void = (name, fn) => {
  if (pgServerUrl()) return describe(name, fn);
  if (process.env.CI) throw new Error(`"${name}" needs TEST_DATABASE_URL, which CI must set`);
  // Straight to stderr: jest drops the console output of a file whose tests all skip.
  process.stderr.write(`\nSKIPPED "${name}": it needs a PostgreSQL server (set TEST_DATABASE_URL)\n`);
  return describe.skip(name, fn);
};
