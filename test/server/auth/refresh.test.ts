import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';
import { hashPassword } from '../../../server/auth/passwords.js';

describe('refresh token rotation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createTestTenant(t.db.db, 'r', '000.00.00.R01', '000.01.01.R01');
  });
  afterAll(() => t.close());

  const refresh = (refreshToken: string) => t.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });

  it('gives a new token pair and the new refresh token works in turn', async () => {
    const { refreshToken } = await loginAs(t.app, 'r.designer', PASSWORD);
    const first = await refresh(refreshToken);
    expect(first.statusCode).toBe(200);
    expect(first.json().refreshToken).not.toBe(refreshToken);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${first.json().accessToken}` } });
    expect(me.json().username).toBe('r.designer');
    expect((await refresh(first.json().refreshToken)).statusCode).toBe(200);
  });

  it('revokes the whole family when a used token is presented again (reuse detection)', async () => {
    const { refreshToken: original } = await loginAs(t.app, 'r.designer', PASSWORD);
    const rotated = (await refresh(original)).json().refreshToken;
    const reuse = await refresh(original);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('auth.refresh_reused');
    // The thief's copy and the honest one both die: the rotated token is revoked too.
    const after = await refresh(rotated);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.refresh_invalid');
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.refresh_reused').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a forged token and a token with a wrong secret', async () => {
    const { refreshToken } = await loginAs(t.app, 'r.designer', PASSWORD);
    const [id] = refreshToken.split('.');
    expect((await refresh(`${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)).json().code).toBe('auth.refresh_invalid');
    expect((await refresh('not-a-token-at-all')).json().code).toBe('auth.refresh_invalid');
  });

  it('logout ends the session: its refresh token no longer works', async () => {
    const { refreshToken } = await loginAs(t.app, 'r.official', PASSWORD);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken } });
    expect(out.statusCode).toBe(204);
    expect((await refresh(refreshToken)).statusCode).toBe(401);
  });

  it("audits a logout as the account's own act, in its province, from the caller's address", async () => {
    const { refreshToken, user } = await loginAs(t.app, 'r.admin', PASSWORD);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken } });
    expect(out.statusCode).toBe(204);
    const tenant = await t.db.db.selectFrom('tenants').select('id').where('code', '=', '000.00.00.R01').executeTakeFirstOrThrow();
    const rows = await t.db.db.selectFrom('audit_log').select(['actor_id', 'actor_kind', 'tenant_id', 'entity_id', 'ip']).where('action', '=', 'auth.logout').where('entity_id', '=', user.id).execute();
    expect(rows).toEqual([{ actor_id: user.id, actor_kind: 'staff', tenant_id: tenant.id, entity_id: user.id, ip: '127.0.0.1' }]);
  });

  it("audits a citizen's logout with the citizen as actor and no province", async () => {
    const c = await t.db.db
      .insertInto('accounts')
      .values({ kind: 'citizen', tenant_id: null, unit_id: null, username: '001099000777', password_hash: await hashPassword(PASSWORD), full_name: 'Công Dân', phone: null, email: null, address: null, verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { refreshToken } = await loginAs(t.app, '001099000777', PASSWORD);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken } })).statusCode).toBe(204);
    const rows = await t.db.db.selectFrom('audit_log').select(['actor_id', 'actor_kind', 'tenant_id']).where('action', '=', 'auth.logout').where('entity_id', '=', c.id).execute();
    expect(rows).toEqual([{ actor_id: c.id, actor_kind: 'citizen', tenant_id: null }]);
  });
});
