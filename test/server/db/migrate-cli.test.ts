/**
 * `npm run migrate`, run as an operator runs it (a child process), on an empty embedded
 * PGlite folder and on an empty PostgreSQL database: it applies every migration, and a second
 * run finds nothing to do.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect, type ConnectOptions } from '../../../server/db/connect.js';
import { migrations } from '../../../migrations/index.js';
import { createPgDatabase, describeWithPg } from '../../helpers/db.js';

const run = promisify(execFile);
const ALL = Object.keys(migrations);

async function migrateCli(env: Record<string, string>) {
  const { stdout } = await run('npm', ['run', '--silent', 'migrate'], {
    env: { ...process.env, NODE_ENV: 'development', NODE_OPTIONS: '', DATABASE_URL: '', ...env },
    timeout: 120_000,
  });
  return stdout.trim();
}

async function appliedIn(options: ConnectOptions) {
  const handle = await connect(options);
  try {
    return (await handle.db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never).execute()).map((r) => (r as { name: string }).name);
  } finally {
    await handle.close();
  }
}

describe('npm run migrate on embedded PGlite', () => {
  it('applies every migration to an empty DATA_DIR, then reports it up to date', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esb-migrate-'));
    try {
      expect(await migrateCli({ DATA_DIR: dataDir })).toBe(`Applied: ${ALL.join(', ')}`);
      expect(await appliedIn({ dataDir })).toEqual(ALL);
      expect(await migrateCli({ DATA_DIR: dataDir })).toBe('Database is up to date.');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describeWithPg('npm run migrate on PostgreSQL', () => {
  it('applies every migration to an empty database, then reports it up to date', async () => {
    const db = await createPgDatabase({ migrate: false });
    // An empty data folder too: with DATABASE_URL set, the CLI must not touch PGlite.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esb-migrate-'));
    try {
      expect(await migrateCli({ DATABASE_URL: db.url!, DATA_DIR: dataDir })).toBe(`Applied: ${ALL.join(', ')}`);
      expect(await appliedIn({ databaseUrl: db.url })).toEqual(ALL);
      expect(await migrateCli({ DATABASE_URL: db.url!, DATA_DIR: dataDir })).toBe('Database is up to date.');
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
