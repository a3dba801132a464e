import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';

describe('POST /api/auth/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ loginMaxFailures: 3, loginLockMinutes: 15 });
    await createTestTenant(t.db.db, 'a', '000.00.00.A01', '000.01.01.A01');
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('gives tokens and the user with roles, unit and groups for the right password', async () => {
    const official = await t.db.db.selectFrom('accounts').select(['id', 'unit_id']).where('username', '=', 'a.official').executeTakeFirstOrThrow();
    const commune = await t.db.db.selectFrom('units').select('id').where('agency_code', '=', '000.01.01.A01').executeTakeFirstOrThrow();
    expect(official.unit_id).toBe(commune.id);
    const res = await login('a.official', PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accessToken).toMatch(/^ey/);
    expect(body.refreshToken).toMatch(/^[0-9a-f-]{36}\./);
    expect(body.user).toMatchObject({ id: official.id, username: 'a.official', kind: 'staff', roles: ['official'], unitId: commune.id });
    expect(body.user.groups.map((g: { name: string }) => g.name)).toEqual(['tiep-nhan']);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(body.user.id);
  });

  it('accepts the username in any case', async () => {
    expect((await login('A.Official', PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a wrong password and an unknown account alike (401 auth.invalid_credentials)', async () => {
    const wrong = await login('a.designer', 'not-the-password');
    const unknown = await login('nobody.here', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    expect(unknown.json().code).toBe('auth.invalid_credentials');
  });

  it('locks an account after repeated failures, even against the right password (429 auth.locked)', async () => {
    for (let i = 0; i < 3; i++) expect((await login('a.admin', 'wrong-password')).statusCode).toBe(401);
    const locked = await login('a.admin', PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('auth.locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'auth.login_failed').execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects requests without a valid token on protected routes (401)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/me' })).json().code).toBe('auth.required');
    const bad = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('auth.invalid_token');
  });
});

describe('concurrent logins against one account', () => {
  const MAX = 5;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ loginMaxFailures: MAX, loginLockMinutes: 15 });
    await createTestTenant(t.db.db, 'c', '000.00.00.C01', '000.01.01.C01');
  });
  afterAll(() => t.close());

  it('checks at most the allowed number of wrong passwords in a parallel burst, then locks even the right one (429 auth.locked)', async () => {
    const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'c.designer', password } });
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`wrong-${i}`)));
    const codes = burst.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(MAX);
    expect(codes.filter((c) => c !== 401 && c !== 429)).toEqual([]);
    expect(burst.filter((r) => r.statusCode === 429).every((r) => r.json().code === 'auth.locked')).toBe(true);

    const right = await login(PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('auth.locked');
    const failed = await t.db.db.selectFrom('audit_log').select('id').where('action', '=', 'auth.login_failed').execute();
    expect(failed.length).toBeLessThanOrEqual(MAX);
  });

  it('lets more parallel logins with the right password through than the failure limit (all 200)', async () => {
    const burst = await Promise.all(
      Array.from({ length: 3 * MAX }, () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'c.official', password: PASSWORD } })),
    );
    expect(burst.map((r) => r.statusCode)).toEqual(Array(3 * MAX).fill(200));
  });

  it('starts the count afresh once a lock has expired', async () => {
    const accounts = t.db.db.updateTable('accounts').where('username', '=', 'c.admin');
    await accounts.set({ failed_logins: MAX, locked_until: new Date(Date.now() - 1000) }).execute();
    const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'c.admin', password } });
    expect((await login('wrong')).statusCode).toBe(401);
    const row = await t.db.db.selectFrom('accounts').select(['failed_logins', 'locked_until']).where('username', '=', 'c.admin').executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 1, locked_until: null });
    expect((await login(PASSWORD)).statusCode).toBe(200);
  });
});

describe('login rate limit per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ loginIpLimitPerMinute: 3 });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limit.exceeded past the configured number per minute', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `u${i}`, password: 'x' } })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
  });
});

describe('login with a seeded account', () => {
  it('is refused for a disabled account (403 auth.account_disabled)', async () => {
    const t = await createTestApp();
    try {
      const { designer } = await createTestTenant(t.db.db, 'd', '000.00.00.D01', '000.01.01.D01');
      await t.db.db.updateTable('accounts').set({ active: false }).where('id', '=', designer.id).execute();
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'd.designer', password: PASSWORD } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.account_disabled');
      await expect(loginAs(t.app, 'd.official', PASSWORD)).resolves.toBeDefined();
    } finally {
      await t.close();
    }
  });
});
