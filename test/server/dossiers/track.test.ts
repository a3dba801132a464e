/** Public tracking by code needs no login, and is rate-limited per client. */
import { createTestApp, type TestApp } from '../../helpers/app.js';

describe('public tracking', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 429 after 60 look-ups a minute from one client, while another client is still answered', async () => {
    const track = (ip: string, n: number) => t.app.inject({ method: 'GET', url: `/api/track/000.31.01.H29-251103-${String(n).padStart(4, '0')}`, remoteAddress: ip });
    for (let i = 0; i < 60; i++) expect((await track('203.0.113.7', i)).statusCode).toBe(404);
    const limited = await track('203.0.113.7', 60);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().code).toBe('rate_limit.exceeded');
    expect((await track('203.0.113.8', 61)).statusCode).toBe(404);
  });
});
