/**
 * The OpenAPI document says what the server enforces: the routes that refuse a request
 * without an Idempotency-Key header declare it required (the refusal keeps its
 * idempotency.key_required code: test/server/dossiers/submit.test.ts).
 */
import { createTestApp, type TestApp } from '../../helpers/app.js';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const headerOf = (doc: any, route: string, method: string) =>
    (doc.paths[route]?.[method]?.parameters ?? []).find((p: any) => p.in === 'header' && p.name === 'idempotency-key');

  it('marks the Idempotency-Key header required on every route that requires it', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    for (const [route, method] of [['/api/dossiers', 'post'], ['/api/desk/dossiers', 'post']]) {
      expect({ route, header: headerOf(doc, route, method) }).toEqual({ route, header: expect.objectContaining({ required: true }) });
    }
  });
});
