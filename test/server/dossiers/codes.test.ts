/**
 * Dossier codes `<agency>-<YYMMDD>-<NNNN>`: the sequence restarts each day (Vietnam's day) per
 * agency, and past 9,999 in a day it goes on with five digits. The app's clock is moved.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

describe('dossier codes', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  let serviceId: string;
  let units: Array<{ id: string; agencyCode: string; level: string }>;
  // 23:59 on 3 November 2025 in Hà Nội (UTC+7).
  let now = new Date('2025-11-03T16:59:00.000Z');

  beforeAll(async () => {
    t = await createTestApp({}, undefined, { clock: () => now });
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    units = (await s.get('/api/units')).body;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
  });
  afterAll(() => t.close());

  const unit = (agencyCode: string) => units.find((u) => u.agencyCode === agencyCode)!;
  async function submitTo(agencyCode: string) {
    const attachments = [];
    for (const componentId of ['tp-1', 'tp-2']) attachments.push({ componentId, fileId: (await c.upload(serviceId, componentId)).body.id });
    const res = await c.submit({ serviceId, receivingUnitId: unit(agencyCode).id, data: SAMPLE_DATA, attachments });
    expect(res.status).toBe(201);
    return res.body.code as string;
  }

  it('restarts the sequence at Vietnam midnight (17:00 UTC), separately for each agency', async () => {
    const other = units.find((u) => u.level === 'commune' && u.agencyCode !== '000.31.01.H29')!.agencyCode;
    now = new Date('2025-11-03T16:59:00.000Z');
    expect(await submitTo('000.31.01.H29')).toBe('000.31.01.H29-251103-0001');
    now = new Date('2025-11-03T16:59:59.999Z');
    expect(await submitTo('000.31.01.H29')).toBe('000.31.01.H29-251103-0002');
    // Another agency the same day has its own sequence.
    expect(await submitTo(other)).toBe(`${other}-251103-0001`);
    // Midnight in Hà Nội: a new day, a new sequence, though it is still 3 November in UTC.
    now = new Date('2025-11-03T17:00:00.000Z');
    expect(await submitTo('000.31.01.H29')).toBe('000.31.01.H29-251104-0001');
    expect(await submitTo(other)).toBe(`${other}-251104-0001`);
    expect(await submitTo('000.31.01.H29')).toBe('000.31.01.H29-251104-0002');
  });

  it('goes on with five digits past 9,999 in a day', async () => {
    now = new Date('2025-11-05T03:00:00.000Z');
    const agency = '000.31.01.H29';
    const tenant = await t.db.db.selectFrom('units').select('tenant_id').where('agency_code', '=', agency).executeTakeFirstOrThrow();
    await t.db.db.insertInto('dossier_sequences').values({ agency_code: agency, day: '2025-11-05', tenant_id: tenant.tenant_id, last: 9999 }).execute();
    const code = await submitTo(agency);
    expect(code).toBe(`${agency}-251105-10000`);
    expect((await t.app.inject({ method: 'GET', url: `/api/track/${code}` })).json()).toMatchObject({ code });
    expect(await submitTo(agency)).toBe(`${agency}-251105-10001`);
  });
});
