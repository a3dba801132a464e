/**
 * Who may apply: the kinds of applicant, on someone's behalf, in person at the counter; a
 * business gives its tax code. The catalogue says so, and submissions online and at the
 * counter hold to it. Services stored before `inPerson` existed take counter dossiers.
 */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { citizen, SAMPLE_DATA } from '../../helpers/citizen.js';

describe('who may apply', () => {
  let t: TestApp;
  let c: ReturnType<typeof citizen>;
  // The counter official, who also uploads the scans of a paper dossier.
  let official: ReturnType<typeof citizen>;
  let officialAuth: Record<string, string>;
  let phucxa: string;
  let legacy: string;
  let onlineOnly: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    // Metadata as stored before `inPerson` existed: kinds and onBehalf only.
    legacy = await publishFixture(s, 'Đăng ký khai sinh');
    onlineOnly = await publishFixture(s, 'Đăng ký khai sinh', { name: 'Đăng ký khai sinh trực tuyến', applicants: { kinds: ['citizen', 'business'], onBehalf: false, inPerson: false } });
    phucxa = (await s.get('/api/units')).body.find((u: any) => u.agencyCode === '000.31.01.H29').id;
    c = citizen(t.app, (await loginAs(t.app, '001099012345', DEMO_PASSWORD)).auth);
    officialAuth = (await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD)).auth;
    official = citizen(t.app, officialAuth);
  });
  afterAll(() => t.close());

  const detail = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/catalog/services/${id}` })).json();
  async function files(who: ReturnType<typeof citizen>, serviceId: string) {
    const out = [];
    for (const componentId of ['tp-1', 'tp-2']) out.push({ componentId, fileId: (await who.upload(serviceId, componentId)).body.id as string });
    return out;
  }
  const atCounter = async (serviceId: string, applicant: Record<string, unknown>, channel = 'direct') =>
    t.app.inject({
      method: 'POST',
      url: '/api/desk/dossiers',
      headers: { ...officialAuth, 'idempotency-key': `k-${Math.random().toString(36).slice(2, 12)}` },
      payload: { serviceId, channel, data: SAMPLE_DATA, attachments: await files(official, serviceId), applicant } as never,
    });

  it('the catalogue says who may apply, in person or not, and whether a business gives its tax code; a service stored without inPerson takes it as yes', async () => {
    expect((await detail(legacy)).applicants).toEqual({ kinds: ['citizen'], onBehalf: true, inPerson: true, taxCodeRequired: false });
    expect((await detail(onlineOnly)).applicants).toEqual({ kinds: ['citizen', 'business'], onBehalf: false, inPerson: false, taxCodeRequired: true });
  });

  it('refuses a counter dossier for a service applied for online only (400 dossier.in_person_not_allowed); a service stored without inPerson takes one', async () => {
    const refused = await atCounter(onlineOnly, { fullName: 'Nguyễn Thị Hường', citizenId: '001180000123' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields.map((f: any) => f.code)).toContain('dossier.in_person_not_allowed');
    expect((await atCounter(legacy, { fullName: 'Nguyễn Thị Hường', citizenId: '001180000123' })).statusCode).toBe(201);
  });

  it('at the counter, holds to the kinds of applicant and asks a business for its tax code', async () => {
    const household = await atCounter(legacy, { kind: 'household', fullName: 'Hộ ông Nguyễn Văn Bình' });
    expect(household.statusCode).toBe(400);
    expect(household.json().fields).toContainEqual(expect.objectContaining({ path: '/applicant/kind', code: 'dossier.applicant_kind' }));
    const business = await atCounter(onlineOnly, { kind: 'business', fullName: 'Công ty TNHH Minh An' }, 'post');
    expect(business.statusCode).toBe(400);
    expect(business.json().fields).toContainEqual(expect.objectContaining({ path: '/applicant/taxCode', code: 'validation.required' }));
    expect((await atCounter(onlineOnly, { kind: 'business', fullName: 'Công ty TNHH Minh An', taxCode: '0101234567' }, 'post')).statusCode).toBe(201);
  });

  it('online, a business applicant gives its tax code', async () => {
    const base = { serviceId: onlineOnly, receivingUnitId: phucxa, data: SAMPLE_DATA, applicantKind: 'business' };
    const missing = await c.submit({ ...base, attachments: await files(c, onlineOnly) });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toContainEqual(expect.objectContaining({ path: '/business', code: 'validation.required' }));
    const given = await c.submit({ ...base, attachments: await files(c, onlineOnly), business: { taxCode: '0101234567', name: 'Công ty TNHH Minh An' } });
    expect(given.status).toBe(201);
  });
});
