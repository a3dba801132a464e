/**
 * The client's address decides the per-IP login limit and is written into the audit log, so
 * a client must not choose it: X-Forwarded-For counts only from proxies TRUST_PROXY names.
 */
import { loadConfig, parseTrustProxy } from '../../../server/config.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { createTestTenant } from '../../helpers/tenants.js';

// Wrong passwords for a real account (unknown usernames leave no audit row); the account
// lock is set high so that only the per-IP limit answers 429.
const config = { loginIpLimitPerMinute: 3, loginMaxFailures: 100 };
const login = (t: TestApp, forwardedFor: string, remoteAddress = '127.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: { 'x-forwarded-for': forwardedFor },
    payload: { username: 'p.designer', password: 'wrong-password' },
  });

const failedLoginIps = async (t: TestApp) =>
  (await t.db.db.selectFrom('audit_log').select('ip').where('action', '=', 'auth.login_failed').orderBy('created_at').execute()).map((r) => r.ip);

describe('TRUST_PROXY setting', () => {
  it('is off when unset, empty, false or 0, even in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).trustProxy).toBe(false);
    for (const v of [undefined, '', 'false', '0']) expect(parseTrustProxy(v)).toBe(false);
  });

  it('takes a comma list of addresses, CIDR ranges and named ranges', () => {
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses "true" (every client trusted), a hop count (Fastify trusts no one for it) and entries that are not addresses', () => {
    expect(() => parseTrustProxy('true')).toThrow(/any client/);
    expect(() => parseTrustProxy('1')).toThrow(/hop count/);
    expect(() => parseTrustProxy('10.0.0.1,proxy.local')).toThrow(/proxy\.local/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
  });
});

describe('client address with TRUST_PROXY off (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(config);
    await createTestTenant(t.db.db, 'p', '000.00.00.P01', '000.01.01.P01');
  });
  afterAll(() => t.close());

  it('ignores a spoofed X-Forwarded-For: a new forged address per request still meets the per-IP limit (429)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await login(t, `203.0.113.${i + 1}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  it('writes the real peer address into the audit log, not the forged one', async () => {
    expect(await failedLoginIps(t)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
  });
});

describe('client address with TRUST_PROXY set to the loopback proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...config, trustProxy: parseTrustProxy('127.0.0.1') });
    await createTestTenant(t.db.db, 'p', '000.00.00.P01', '000.01.01.P01');
  });
  afterAll(() => t.close());

  it('counts the per-IP limit by the forwarded address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await login(t, '198.51.100.7')).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    // Another client behind the same proxy has its own allowance.
    expect((await login(t, '198.51.100.8')).statusCode).toBe(401);
  });

  it('writes the forwarded address into the audit log', async () => {
    expect(await failedLoginIps(t)).toEqual(['198.51.100.7', '198.51.100.7', '198.51.100.7', '198.51.100.8']);
  });

  it('does not take X-Forwarded-For from a peer that is not the trusted proxy', async () => {
    expect((await login(t, '198.51.100.99', '192.0.2.50')).statusCode).toBe(401);
    expect((await failedLoginIps(t)).at(-1)).toBe('192.0.2.50');
  });
});
