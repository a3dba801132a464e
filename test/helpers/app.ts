/** A real app on a real test database, for `app.inject` tests. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { testConfig, type Config } from '../../server/config.js';
import { createTestDb, type TestDb } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  db: TestDb;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}, db?: TestDb): Promise<TestApp> {
  const handle = db ?? (await createTestDb());
  const app = await buildApp({ config: testConfig(overrides), db: handle, logger: false });
  await app.ready();
  return {
    app,
    db: handle,
    async close() {
      await app.close();
      if (!db) await handle.close();
    },
  };
}

export async function loginAs(app: FastifyInstance, username: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { token: body.accessToken as string, refreshToken: body.refreshToken as string, user: body.user, auth: { authorization: `Bearer ${body.accessToken}` } };
}
