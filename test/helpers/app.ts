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

export async function createTestApp(overrides: Partial<Config> = {}, db?: TestDb, extra: { clock?: () => Date } = {}): Promise<TestApp> {
  const handle = db ?? (await createTestDb());
  const config = testConfig(overrides);
  // Calls the server makes to its own public address (the sandbox's payment callbacks) are
  // routed into this app, as the network would deliver them.
  let self: FastifyInstance | undefined;
  const loopback = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (!self || `${url.protocol}//${url.host}` !== new URL(config.publicUrl).origin) return fetch(input, init);
    const res = await self.inject({ method: (init?.method ?? 'GET') as never, url: url.pathname + url.search, headers: Object.fromEntries(new Headers(init?.headers).entries()), payload: init?.body as never });
    return new Response(new Uint8Array(res.rawPayload), { status: res.statusCode, headers: res.headers as Record<string, string> });
  }) as typeof fetch;
  const app = await buildApp({ config, db: handle, logger: false, fetch: loopback, clock: extra.clock });
  self = app;
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
