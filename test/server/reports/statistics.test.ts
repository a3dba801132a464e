/** Statistics of a service since 1 January, Vietnamese time: the query and its route. */
import crypto from 'node:crypto';
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { seedDemo, DEMO_PASSWORD } from '../../../server/seed/demo.js';
import { publishFixture, studio } from '../../helpers/studio.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';
import { serviceStatistics } from '../../../server/reports/index.js';

describe('service statistics', () => {
  let t: TestApp;
  let serviceId: string;
  let otherServiceId: string;
  let tenantId: string;

  interface Row {
    channel?: 'online' | 'direct' | 'post';
    receivedAt: string;
    finishedAt?: string;
    onTime?: boolean;
    apologized?: boolean;
    rating?: 1 | 2 | 3;
    ratedAt?: string;
    service?: string;
  }

  let n = 0;
  async function dossier(r: Row) {
    const service = r.service ?? serviceId;
    const v = await t.db.db.selectFrom('services').select(['current_version_id', 'tenant_id']).where('id', '=', service).executeTakeFirstOrThrow();
    const unit = await t.db.db.selectFrom('units').select('id').where('agency_code', '=', '000.31.01.H29').executeTakeFirstOrThrow();
    const received = new Date(r.receivedAt);
    await t.db.db
      .insertInto('dossiers')
      .values({
        id: crypto.randomUUID(),
        tenant_id: v.tenant_id,
        code: `000.31.01.H29-250101-${String(++n).padStart(4, '0')}`,
        service_id: service,
        version_id: v.current_version_id!,
        receiving_unit_id: unit.id,
        channel: r.channel ?? 'online',
        applicant_account_id: null,
        filed_by: null,
        applicant: JSON.stringify({ kind: 'citizen', fullName: 'Nguyễn Văn An', citizenId: null, phone: null, email: null, address: null }),
        on_behalf: false,
        data: '{}',
        fees: '[]',
        status: r.finishedAt ? 10 : 4,
        status_changed_at: received,
        received_at: received,
        counted_from: received,
        due_at: new Date(received.getTime() + 10 * 86_400_000),
        original_due_at: r.apologized ? new Date(received.getTime() + 5 * 86_400_000) : null,
        finished_at: r.finishedAt ? new Date(r.finishedAt) : null,
        on_time: r.finishedAt ? (r.onTime ?? true) : null,
        result_channel: 'online',
        postal_address: null,
        result_file_id: null,
        result_returned_at: null,
        instance_id: null,
        rating: r.rating ?? null,
        rating_comment: null,
        rated_at: r.rating ? new Date(r.ratedAt ?? r.finishedAt ?? r.receivedAt) : null,
        created_at: received,
        updated_at: received,
      } as never)
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db.db);
    const s = studio(t.app, (await loginAs(t.app, 'thietke', DEMO_PASSWORD)).auth);
    serviceId = await publishFixture(s, 'Đăng ký khai sinh');
    otherServiceId = await publishFixture(s, 'Cấp bản sao trích lục hộ tịch');
    tenantId = (await t.db.db.selectFrom('services').select('tenant_id').where('id', '=', serviceId).executeTakeFirstOrThrow()).tenant_id;

    // 00:10 on 1 January 2026 in Vietnam is still 31 December in UTC: it counts for 2026.
    await dossier({ receivedAt: '2025-12-31T17:10:00Z' });
    // 23:50 on 31 December 2025 in Vietnam: 2025, although its resolution and rating are 2026's.
    await dossier({ receivedAt: '2025-12-31T16:50:00Z', finishedAt: '2026-01-05T03:00:00Z', onTime: true, rating: 1 });
    await dossier({ receivedAt: '2026-02-02T02:00:00Z', channel: 'direct', finishedAt: '2026-02-10T03:00:00Z', onTime: false, rating: 3 });
    await dossier({ receivedAt: '2026-03-02T02:00:00Z', channel: 'post', finishedAt: '2026-03-05T03:00:00Z', onTime: true, apologized: true, rating: 2 });
    await dossier({ receivedAt: '2026-04-01T02:00:00Z', finishedAt: '2026-04-02T03:00:00Z', onTime: true });
    await dossier({ receivedAt: '2026-05-01T02:00:00Z' });
    // Next year's, and another service's: not counted.
    await dossier({ receivedAt: '2026-12-31T17:30:00Z', finishedAt: '2027-01-04T03:00:00Z', onTime: true, rating: 1 });
    await dossier({ receivedAt: '2026-06-01T02:00:00Z', service: otherServiceId, finishedAt: '2026-06-02T03:00:00Z', onTime: true, rating: 1 });
  });
  afterAll(() => t.close());

  it('counts received, resolved, on time and ratings of the Vietnamese year, by the date of each event', async () => {
    const stats = await serviceStatistics(t.db.db, tenantId, serviceId, 2026);
    expect(stats).toEqual({
      serviceId,
      year: 2026,
      from: '2025-12-31T17:00:00.000Z',
      to: '2026-12-31T17:00:00.000Z',
      received: { online: 3, total: 5 },
      // The apologized dossier met its new date but counts as late.
      resolved: { total: 4, onTime: 2, late: 2, onTimeShare: 0.5 },
      satisfaction: { verySatisfied: 1, satisfied: 1, notSatisfied: 1, total: 3, satisfiedShare: 0.6667 },
    });
  });

  it('gives empty figures, without shares, for a year with nothing', async () => {
    const stats = await serviceStatistics(t.db.db, tenantId, serviceId, 2024);
    expect(stats.received).toEqual({ online: 0, total: 0 });
    expect(stats.resolved).toEqual({ total: 0, onTime: 0, late: 0, onTimeShare: null });
    expect(stats.satisfaction.satisfiedShare).toBeNull();
  });

  it('answers leaders and admins of the tenant through GET /api/reports/services/:id/statistics', async () => {
    for (const username of ['phucxa.lanhdao', 'admin']) {
      const { auth } = await loginAs(t.app, username, DEMO_PASSWORD);
      const res = await t.app.inject({ method: 'GET', url: `/api/reports/services/${serviceId}/statistics?year=2026`, headers: auth });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ year: 2026, received: { online: 3, total: 5 }, resolved: { total: 4 } });
    }
  });

  it('refuses officials without the leader role (403), callers without a token (401), and bad years (400)', async () => {
    const official = await loginAs(t.app, 'phucxa.tiepnhan', DEMO_PASSWORD);
    const url = `/api/reports/services/${serviceId}/statistics`;
    expect((await t.app.inject({ method: 'GET', url, headers: official.auth })).statusCode).toBe(403);
    const citizen = await loginAs(t.app, '001099012345', DEMO_PASSWORD);
    expect((await t.app.inject({ method: 'GET', url, headers: citizen.auth })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const leader = await loginAs(t.app, 'phucxa.lanhdao', DEMO_PASSWORD);
    expect((await t.app.inject({ method: 'GET', url: `${url}?year=abc`, headers: leader.auth })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `${url}?year=2026&x=1`, headers: leader.auth })).statusCode).toBe(400);
  });

  it("answers 404 for another tenant's service, telling nothing about it", async () => {
    const other = await createTestTenant(t.db.db, 'rp', '000.00.00.T77', '000.31.01.T77');
    const admin = await loginAs(t.app, other.admin.username, PASSWORD);
    const res = await t.app.inject({ method: 'GET', url: `/api/reports/services/${serviceId}/statistics?year=2026`, headers: admin.auth });
    expect(res.statusCode).toBe(404);
  });
});
