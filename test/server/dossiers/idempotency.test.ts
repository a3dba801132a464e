/**
 * The Idempotency-Key of a submission on the app's clock: concurrent retries make one dossier,
 * a retry 23 hours later replays the first answer, and after the key's retention (48 hours)
 * the key is forgotten — the same request then runs again as a new one.
 */
import { sql } from 'kysely';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';
import { IDEMPOTENCY_TTL_HOURS } from '../../../server/http/idempotency.js';

const HOUR = 3600_000;

describe('idempotency keys on the app clock', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let phucxa: string;
  let now = new Date('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam

  beforeAll(async () => {
    t = await createTestApp({}, undefined, { clock: () => now });
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t.close());

  const body = async () => ({
    serviceId,
    receivingUnitId: phucxa,
    data: SAMPLE_DATA,
    attachments: [
      { componentId: 'tp-1', fileId: (await c.upload(serviceId, 'tp-1')).body.id },
      { componentId: 'tp-2', fileId: (await c.upload(serviceId, 'tp-2')).body.id },
    ],
  });
  const dossierCount = async () => (await sql<{ n: number }>`select count(*)::int as n from dossiers`.execute(t.db.db)).rows[0].n;

  it('two concurrent requests with one key make one dossier and get the same answer', async () => {
    const request = await body();
    const before = await dossierCount();
    const [a, b] = await Promise.all([c.submit(request, 'concurrent-key-1'), c.submit(request, 'concurrent-key-1')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(await dossierCount()).toBe(before + 1);
  });

  it('replays the first answer 23 hours later; once the key has expired the same request is a new one', async () => {
    const request = await body();
    const first = await c.submit(request, 'retention-key-1');
    expect(first.status).toBe(201);
    const before = await dossierCount();
    const row = await t.db.db.selectFrom('idempotency_keys').select('expires_at').where('key', '=', 'retention-key-1').executeTakeFirstOrThrow();
    // Kept for the retention counted from the app's clock, not the machine's.
    expect(row.expires_at.getTime()).toBe(now.getTime() + IDEMPOTENCY_TTL_HOURS * HOUR);

    now = new Date(now.getTime() + 23 * HOUR);
    const replay = await c.submit(request, 'retention-key-1');
    expect([replay.status, replay.body]).toEqual([201, first.body]);
    expect(await dossierCount()).toBe(before);

    // Past the retention nothing is left to compare with: the key is claimed anew and the
    // request runs again, as a second dossier with its own code.
    now = new Date(now.getTime() + (IDEMPOTENCY_TTL_HOURS - 23) * HOUR + 1000);
    const again = await c.submit(request, 'retention-key-1');
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect(await dossierCount()).toBe(before + 1);
  });
});
