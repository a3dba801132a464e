/** Admins edit their province's working calendar; due dates follow at once. */
import { createTestApp, loginAs, type TestApp } from '../../helpers/app.js';
import { createTestTenant, PASSWORD } from '../../helpers/tenants.js';
import { tenantCalendar } from '../../../server/calendar/index.js';

describe('the working calendar of a province', () => {
  let t: TestApp;
  let tenantId: string;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await createTestTenant(t.db.db, 'cal', '000.00.00.C01', '000.01.01.C01');
    tenantId = a.tenant.id;
    admin = (await loginAs(t.app, 'cal.admin', PASSWORD)).auth;
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: admin, payload });

  it('comes with the government’s known decisions (Tết 2026: 16–20 February off) and the holidays by rule', async () => {
    const res = (await call('GET', '/api/admin/calendar?year=2026')).json();
    expect(res.workingHours).toEqual([['08:00', '12:00'], ['13:00', '17:00']]);
    const off = res.daysOff.map((d: any) => d.day);
    for (const day of ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-02']) expect(off).toContain(day);
  });

  it('a decided day off moves due dates, and removing it moves them back', async () => {
    const calendarBefore = await tenantCalendar(t.db.db, tenantId);
    const before = calendarBefore.dueAfterWorkingDays(new Date('2027-03-01T02:00:00Z'), 1);
    expect((await call('PUT', '/api/admin/calendar/days', { day: '2027-03-02', kind: 'off', name: 'Nghỉ bù theo quyết định' })).statusCode).toBe(204);
    const moved = (await tenantCalendar(t.db.db, tenantId)).dueAfterWorkingDays(new Date('2027-03-01T02:00:00Z'), 1);
    expect(moved.getTime()).toBeGreaterThan(before.getTime());
    expect((await call('DELETE', '/api/admin/calendar/days/2027-03-02')).statusCode).toBe(204);
    expect((await tenantCalendar(t.db.db, tenantId)).dueAfterWorkingDays(new Date('2027-03-01T02:00:00Z'), 1)).toEqual(before);
    expect((await call('DELETE', '/api/admin/calendar/days/2027-03-02')).statusCode).toBe(404);
  });

  it('refuses working hours that overlap or run backwards, naming the field', async () => {
    const res = await call('PUT', '/api/admin/calendar/working-hours', { workingHours: [['13:00', '12:00']] });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields[0].path).toBe('/workingHours');
    expect((await call('PUT', '/api/admin/calendar/working-hours', { workingHours: [['07:30', '11:30'], ['13:30', '17:00']] })).statusCode).toBe(204);
    expect((await call('GET', '/api/admin/calendar')).json().workingHours).toEqual([['07:30', '11:30'], ['13:30', '17:00']]);
  });
});

describe('the calendar without a year', () => {
  it("shows this year in Vietnam: on 31 December at 18:00 UTC that is already next year's calendar", async () => {
    // 2026-12-31T18:00Z is 01:00 on 1 January 2027 in Hà Nội.
    const t = await createTestApp({}, undefined, { clock: () => new Date('2026-12-31T18:00:00Z') });
    try {
      await createTestTenant(t.db.db, 'ny', '000.00.00.N01', '000.01.01.N01');
      const { auth } = await loginAs(t.app, 'ny.admin', PASSWORD);
      const res = await t.app.inject({ method: 'GET', url: '/api/admin/calendar', headers: auth });
      expect(res.statusCode).toBe(200);
      const days: string[] = res.json().daysOff.map((d: { day: string }) => d.day);
      expect(days).toContain('2027-01-01');
      expect(days.every((d) => d.startsWith('2027-'))).toBe(true);
    } finally {
      await t.close();
    }
  });
});
