/** Time zone conversions through Intl, independent of the process's zone. */
import { instantAt, localDate, localTime, VN_TIME_ZONE, Zone } from '../../../runtime/calendar/index.js';
import { dayNumber } from '../../../runtime/calendar/dates.js';

describe('Asia/Ho_Chi_Minh', () => {
  test('is UTC+7 all year, every year of interest', () => {
    const zone = new Zone(VN_TIME_ZONE);
    for (let year = 2000; year <= 2060; year++) {
      for (const month of [0, 3, 6, 9]) expect(zone.offsetAt(Date.UTC(year, month, 15))).toBe(7 * 3_600_000);
    }
  });

  test('local dates and times round-trip', () => {
    const at = instantAt('2025-12-31', '23:59');
    expect(at.toISOString()).toBe('2025-12-31T16:59:00.000Z');
    expect(localDate(at)).toBe('2025-12-31');
    expect(localTime(at)).toBe('23:59');
    expect(localDate(new Date(at.getTime() + 60_000))).toBe('2026-01-01');
    expect(instantAt('2025-03-03', '24:00').toISOString()).toBe('2025-03-03T17:00:00.000Z');
  });
});

describe('a zone with daylight saving time (Europe/Berlin), to show the zone handling is general', () => {
  const berlin = new Zone('Europe/Berlin');
  const at = (day: string, minute: number) => new Date(berlin.instant(dayNumber(day), minute)).toISOString();

  test('noon is 11:00 UTC in winter and 10:00 UTC in summer, on either side of the change', () => {
    expect(at('2025-03-29', 12 * 60)).toBe('2025-03-29T11:00:00.000Z');
    expect(at('2025-03-30', 12 * 60)).toBe('2025-03-30T10:00:00.000Z');
    expect(at('2025-10-26', 12 * 60)).toBe('2025-10-26T11:00:00.000Z');
  });

  test('a time skipped by the spring change reads as the same time after it', () => {
    expect(at('2025-03-30', 2 * 60 + 30)).toBe('2025-03-30T01:30:00.000Z');
  });

  test('splitting an instant gives the local date and minute', () => {
    expect(berlin.split(Date.parse('2025-03-30T00:59:00Z'))).toEqual({ day: dayNumber('2025-03-30'), minute: 119 });
    expect(berlin.split(Date.parse('2025-03-30T01:00:00Z'))).toEqual({ day: dayNumber('2025-03-30'), minute: 180 });
  });
});

test('an unknown zone is refused', () => {
  expect(() => new Zone('Asia/Nowhere')).toThrow(RangeError);
});
