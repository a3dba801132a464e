import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';

describe('bad input gets a clear 4xx, never a 500', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let provinceId: string;
  beforeAll(async () => {
    t = await createTestApp({ bodyLimitBytes: 64 * 1024 });
    const a = await createTestTenant(t.db.db, 'bi', '000.00.00.B01', '000.01.01.B01');
    provinceId = a.province.id;
    admin = (await loginAs(t.app, 'bi.admin', PASSWORD)).auth;
  });
  afterAll(() => t.close());

  const raw = (payload: string, contentType = 'application/json', url = '/api/auth/login') =>
    t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });

  it('malformed JSON → 400 request.malformed_json', async () => {
    const res = await raw('{"username": "a", ');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.malformed_json');
  });

  it('an empty JSON body → 400', async () => {
    const res = await raw('');
    expect(res.statusCode).toBe(400);
  });

  it('wrong types are not coerced: a number for a string → 400 naming the field', async () => {
    const res = await raw(JSON.stringify({ username: 12345, password: 'x' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation.failed', fields: [{ path: '/username', code: 'validation.type' }] });
  });

  it('unknown fields are refused, naming each', async () => {
    const res = await raw(JSON.stringify({ username: 'a', password: 'b', isAdmin: true }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation.unknown_field', fields: [{ path: '/isAdmin' }] });
  });

  it('missing required fields are named', async () => {
    const res = await raw(JSON.stringify({ username: 'a' }));
    expect(res.json().fields).toEqual([expect.objectContaining({ path: '/password', code: 'validation.required' })]);
  });

  it('an oversized body → 413 request.too_large', async () => {
    const res = await raw(JSON.stringify({ username: 'a', password: 'x'.repeat(100_000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('request.too_large');
  });

  it('an unsupported content type → 415', async () => {
    const res = await raw('username=a&password=b', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('request.unsupported_media_type');
  });

  it('a malformed id in the path → 400, not a database error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/units/not-a-uuid', headers: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].path).toBe('params:/id');
  });

  it('a wrong enum value → 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/units', headers: admin, payload: { parentId: provinceId, agencyCode: '000.09.01.B01', name: 'Xã', level: 'village' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.map((f: { path: string }) => f.path)).toContain('/level');
  });

  it('deeply nested or array bodies where an object is expected → 400', async () => {
    expect((await raw('[1,2,3]')).statusCode).toBe(400);
    expect((await raw('"just a string"')).statusCode).toBe(400);
    expect((await raw('null')).statusCode).toBe(400);
  });

  it('a path parameter outside its fixed values → one field error listing the allowed values (validation.enum)', async () => {
    const res = await t.app.inject({ url: '/api/dossiers/00000000-0000-4000-8000-000000000000/documents/foo', headers: admin });
    expect(res.statusCode).toBe(400);
    const allowed = ['receipt', 'supplement', 'refusal', 'apology', 'control'];
    expect(res.json()).toMatchObject({ code: 'validation.failed' });
    expect(res.json().fields).toEqual([{
      path: 'params:/slip', code: 'validation.enum', allowedValues: allowed,
      message: 'phải là một trong các giá trị: "receipt", "supplement", "refusal", "apology", "control"',
      messageEn: 'must be one of: "receipt", "supplement", "refusal", "apology", "control"',
    }]);
  });

  it('a body value of the wrong type in a union of literals → one field error listing the allowed values, not one per branch', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/dossiers/00000000-0000-4000-8000-000000000000/rating', payload: { rating: 5 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual([expect.objectContaining({ path: '/rating', code: 'validation.enum', allowedValues: ['very-satisfied', 'satisfied', 'not-satisfied'], messageEn: 'must be one of: "very-satisfied", "satisfied", "not-satisfied"' })]);
    const word = await t.app.inject({ method: 'POST', url: '/api/dossiers/00000000-0000-4000-8000-000000000000/rating', payload: { rating: 'great' } });
    expect(word.json().fields).toEqual([expect.objectContaining({ path: '/rating', code: 'validation.enum' })]);
  });

  it('an unknown route → 404 route.not_found', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route.not_found');
  });

  it('every error carries the request id, also sent as a header', async () => {
    const res = await raw('{');
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });
});

describe('JSON bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a body that tries to set __proto__ (400), as Fastify’s own parser does', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"a","password":"b","__proto__":{"admin":true}}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.forbidden_key');
  });

  it('treats an empty JSON body as no body: a route that needs one names the missing fields', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation.failed');
  });
});

describe('input PostgreSQL cannot store or the server should not walk', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const post = (payload: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });

  it('a NUL character in a string → 400 request.invalid_character, never 500', async () => {
    const res = await post('{"username":"thi\\u0000etke","password":"x"}');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid_character');
  });

  it('nesting deeper than 64 levels → 400 request.too_deep', async () => {
    const res = await post(`{"username":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.too_deep');
    // Brackets inside strings do not count.
    const inString = await post(`{"username":"${'['.repeat(90)}","password":"x"}`);
    expect(inString.json().code).toBe('auth.invalid_credentials');
  });

  it('an over-long path parameter or a malformed URL gets the usual error shape', async () => {
    const long = await t.app.inject({ method: 'GET', url: `/api/track/${'A'.repeat(200)}` });
    expect(long.json()).toMatchObject({ code: 'request.param_too_long', fields: [] });
    expect(long.body).not.toContain('AAAAAAAAAA');
    const bad = await t.app.inject({ method: 'GET', url: '/api/track/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('request.bad_url');
  });
});
