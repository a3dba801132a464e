/** /healthz checks the database, not only that the process is up. */
import { createTestApp } from '../../helpers/app.js';
import { createTestDb } from '../../helpers/db.js';

describe('GET /healthz', () => {
  it('answers 200 with the database kind while the database answers', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', database: t.db.kind });
    } finally {
      await t.close();
    }
  });

  it('answers 503 unavailable, without details, once the database is unreachable', async () => {
    const db = await createTestDb();
    const t = await createTestApp({}, db);
    try {
      // The app's database goes away under it (the handle closes; a server would drop too).
      await db.db.destroy();
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: db.kind });
    } finally {
      await t.app.close();
      await db.close().catch(() => undefined);
    }
  });
});
