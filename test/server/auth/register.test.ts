import { createTestApp, type TestApp } from '../../helpers/app.js';

/** Reads the one-time code the local notification provider would have sent. */
async function lastCode(t: TestApp, destination: string): Promise<string> {
  const row = await t.db.db
    .selectFrom('notification_outbox')
    .select(['payload', 'body'])
    .where('destination', '=', destination)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const code = (row.payload as { code: string }).code;
  expect(row.body).toContain(code);
  return code;
}

describe('citizen registration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });
  const citizen = { citizenId: '001200000001', password: 'Matkhau@123', fullName: 'Trần Thị Bình', email: 'binh@example.vn', phone: '0987654321' };

  it('registers with the citizen ID as login, sends a code, and verifies with it', async () => {
    const reg = await post('/api/auth/register', citizen);
    expect(reg.statusCode).toBe(201);
    expect(reg.json().verification).toEqual({ channel: 'email', destination: 'b***@example.vn' });

    const login = await post('/api/auth/login', { username: citizen.citizenId, password: citizen.password });
    expect(login.json().user).toMatchObject({ kind: 'citizen', verified: false, tenantId: null });

    expect((await post('/api/auth/verify', { username: citizen.citizenId, code: '000000' === (await lastCode(t, 'binh@example.vn')) ? '111111' : '000000' })).json().code).toBe('auth.otp_wrong');
    const code = await lastCode(t, 'binh@example.vn');
    expect((await post('/api/auth/verify', { username: citizen.citizenId, code })).statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${login.json().accessToken}` } });
    expect(me.json().verified).toBe(true);
  });

  it('refuses a second account with the same citizen ID (409)', async () => {
    const again = await post('/api/auth/register', { ...citizen, email: 'other@example.vn' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('auth.username_taken');
  });

  it('names the field when the citizen ID is not 12 digits, and needs a phone or e-mail', async () => {
    const bad = await post('/api/auth/register', { ...citizen, citizenId: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual([expect.objectContaining({ path: '/citizenId', code: 'validation.pattern' })]);
    const noContact = await post('/api/auth/register', { citizenId: '001200000002', password: 'Matkhau@123', fullName: 'Lê Văn C' });
    expect(noContact.statusCode).toBe(400);
    expect(noContact.json().fields[0].path).toBe('/phone');
  });

  it('resets a password with a code sent by SMS, ending old sessions', async () => {
    await post('/api/auth/register', { citizenId: '001200000003', password: 'Matkhau@123', fullName: 'Phạm Văn D', phone: '0911222333' });
    const old = (await post('/api/auth/login', { username: '001200000003', password: 'Matkhau@123' })).json();
    expect((await post('/api/auth/password-reset', { username: '001200000003' })).statusCode).toBe(202);
    // Unknown accounts get the same answer: nothing leaks.
    expect((await post('/api/auth/password-reset', { username: '009999999999' })).statusCode).toBe(202);
    const code = await lastCode(t, '0911222333');
    expect((await post('/api/auth/password-reset/confirm', { username: '001200000003', code, newPassword: 'MoiHon@456' })).statusCode).toBe(204);
    expect((await post('/api/auth/login', { username: '001200000003', password: 'Matkhau@123' })).statusCode).toBe(401);
    expect((await post('/api/auth/login', { username: '001200000003', password: 'MoiHon@456' })).statusCode).toBe(200);
    expect((await post('/api/auth/refresh', { refreshToken: old.refreshToken })).statusCode).toBe(401);
    // A code works once.
    expect((await post('/api/auth/password-reset/confirm', { username: '001200000003', code, newPassword: 'KhacNua@789' })).json().code).toBe('auth.otp_expired');
  });

  it('stops accepting a code after five wrong tries', async () => {
    await post('/api/auth/register', { citizenId: '001200000004', password: 'Matkhau@123', fullName: 'Hoàng E', phone: '0911000444' });
    const code = await lastCode(t, '0911000444');
    const wrong = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) expect((await post('/api/auth/verify', { username: '001200000004', code: wrong })).json().code).toBe('auth.otp_wrong');
    expect((await post('/api/auth/verify', { username: '001200000004', code })).json().code).toBe('auth.otp_expired');
  });
});
