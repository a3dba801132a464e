/**
 * `npm run tenant:create`, run as an operator runs it (a child process) on an embedded
 * PGlite folder: it validates its arguments before touching the database, and creates the
 * province and its first admin in one transaction.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect } from '../../../server/db/connect.js';
import { verifyPassword } from '../../../server/auth/passwords.js';

const run = promisify(execFile);

describe('npm run tenant:create', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esb-tenant-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const tenantCreate = (...args: string[]) =>
    run('npm', ['run', '--silent', 'tenant:create', '--', ...args], { env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '', DATABASE_URL: '', DATA_DIR: dataDir }, timeout: 120_000 }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  const inDb = async <T>(fn: (db: Awaited<ReturnType<typeof connect>>['db']) => Promise<T>) => {
    const handle = await connect({ dataDir });
    try {
      return await fn(handle.db);
    } finally {
      await handle.close();
    }
  };

  it('refuses a bad username and a bad agency code, naming each, before opening the database (exit 2)', async () => {
    const res = await tenantCreate('000.00.00.h29', 'Tỉnh Thử', '001099012345');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/agency code "000\.00\.00\.h29"/);
    expect(res.stderr).toMatch(/username "001099012345".*12 digits/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    expect((await tenantCreate('000.00.00.H29', 'Tỉnh Thử', 'a b')).stderr).toMatch(/username "a b"/);
  }, 180_000);

  it('creates the province and its admin, audited, and prints the admin login once', async () => {
    const res = await tenantCreate('000.00.00.H29', 'UBND Thành phố Hà Nội', 'QuanTri');
    expect(res.code).toBe(0);
    const m = /^Province 000\.00\.00\.H29 created\. admin {2}quantri {2}(\S+)$/m.exec(res.stdout);
    expect(m).not.toBeNull();
    await inDb(async (db) => {
      const tenant = await db.selectFrom('tenants').selectAll().executeTakeFirstOrThrow();
      const unit = await db.selectFrom('units').selectAll().executeTakeFirstOrThrow();
      const admin = await db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
      expect(tenant).toMatchObject({ code: '000.00.00.H29', name: 'UBND Thành phố Hà Nội' });
      expect(unit).toMatchObject({ tenant_id: tenant.id, parent_id: null, level: 'province', agency_code: '000.00.00.H29' });
      expect(admin).toMatchObject({ username: 'quantri', kind: 'staff', tenant_id: tenant.id, unit_id: unit.id, roles: ['admin'] });
      expect(await verifyPassword(admin.password_hash, m![1])).toBe(true);
      const audit = await db.selectFrom('audit_log').select(['action', 'actor_kind', 'tenant_id']).orderBy('id').execute();
      expect(audit).toEqual([
        { action: 'tenant.create', actor_kind: 'system:cli', tenant_id: tenant.id },
        { action: 'account.create', actor_kind: 'system:cli', tenant_id: tenant.id },
      ]);
    });
  }, 180_000);

  it('leaves no province behind when the admin username is taken (one transaction, exit 1)', async () => {
    const res = await tenantCreate('000.00.00.H30', 'Tỉnh Khác', 'quantri');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/account\.username_taken/);
    await inDb(async (db) => {
      expect(await db.selectFrom('tenants').select('code').execute()).toEqual([{ code: '000.00.00.H29' }]);
      expect(await db.selectFrom('units').select('agency_code').execute()).toEqual([{ agency_code: '000.00.00.H29' }]);
    });
  }, 180_000);
});
