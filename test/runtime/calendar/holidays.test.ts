/** Public holidays by rule (Labour Code 2019 art. 112), lunar dates included. */
import {
  hungKingsDay,
  lunarNewYear,
  nationalDayCompanion,
  statutoryHolidays,
} from '../../../runtime/calendar/index.js';

const days = (year: number, kind?: 'holiday' | 'compensatory') =>
  statutoryHolidays(year).filter((h) => !kind || h.kind === kind).map((h) => h.day);

describe('lunar dates from date-holidays, checked against known dates', () => {
  // 2024-2027 are published calendars; 2028-2031 agree with Hồ Ngọc Đức's algorithm at UTC+7.
  test.each([
    [2024, '2024-02-10', '2024-04-18'],
    [2025, '2025-01-29', '2025-04-07'],
    [2026, '2026-02-17', '2026-04-26'],
    [2027, '2027-02-06', '2027-04-16'],
    [2028, '2028-01-26', '2028-04-04'],
    [2029, '2029-02-13', '2029-04-23'],
    [2030, '2030-02-02', '2030-04-12'],
    [2031, '2031-01-23', '2031-04-01'],
  ])('%i: Tết on %s, Hùng Kings day on %s', (year, tet, hung) => {
    expect(lunarNewYear(year)).toBe(tet);
    expect(hungKingsDay(year)).toBe(hung);
  });

  test('Vietnamese New Year 2030 is reckoned at UTC+7: 2 February, a day before the Chinese one', () => {
    expect(lunarNewYear(2030)).toBe('2030-02-02');
  });
});

describe('statutory holidays of a year', () => {
  test('2025: New Year, five Tết days from the last day of the lunar year, Hùng Kings, 30/4, 1/5, 2/9 and the day before', () => {
    expect(statutoryHolidays(2025)).toEqual([
      { day: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
      { day: '2025-01-28', kind: 'holiday', name: 'Tết Nguyên đán (ngày cuối năm âm lịch)' },
      { day: '2025-01-29', kind: 'holiday', name: 'Tết Nguyên đán (mùng 1)' },
      { day: '2025-01-30', kind: 'holiday', name: 'Tết Nguyên đán (mùng 2)' },
      { day: '2025-01-31', kind: 'holiday', name: 'Tết Nguyên đán (mùng 3)' },
      { day: '2025-02-01', kind: 'holiday', name: 'Tết Nguyên đán (mùng 4)' },
      { day: '2025-02-03', kind: 'compensatory', name: 'Nghỉ bù Tết Nguyên đán (mùng 4)' },
      { day: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương' },
      { day: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng' },
      { day: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động' },
      { day: '2025-09-01', kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
      { day: '2025-09-02', kind: 'holiday', name: 'Quốc khánh' },
    ]);
  });

  test('the last day of the lunar year is the 30th when the 12th month is long (2024) and the 29th when short (2025)', () => {
    expect(days(2024)).toContain('2024-02-09');
    expect(days(2025)).toContain('2025-01-28');
  });

  test('Tết 2026 falls on Monday to Friday, 16-20 February, with no compensatory day', () => {
    expect(days(2026).filter((d) => d.startsWith('2026-02'))).toEqual([
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
    ]);
  });

  test('Tết 2027 takes in a weekend, so Wednesday and Thursday after it are compensatory days', () => {
    expect(days(2027).filter((d) => d.startsWith('2027-02'))).toEqual([
      '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
    ]);
    expect(days(2027, 'compensatory').filter((d) => d.startsWith('2027-02'))).toEqual(['2027-02-10', '2027-02-11']);
  });

  test('a holiday on a weekend gives the next working day off: 1/1/2022 (Saturday) gives Monday 3/1', () => {
    expect(days(2022, 'compensatory')).toContain('2022-01-03');
  });

  test('30 April on a Sunday and 1 May on Monday (2028) give Tuesday 2 May', () => {
    expect(days(2028, 'compensatory')).toContain('2028-05-02');
    expect(days(2028)).not.toContain('2028-05-03');
  });

  test('Hùng Kings day on Sunday 10/4/2022 gives Monday 11/4', () => {
    expect(days(2022, 'compensatory')).toContain('2022-04-11');
  });

  test('a fresh copy each call: callers cannot corrupt the cached year', () => {
    statutoryHolidays(2025).pop();
    statutoryHolidays(2025)[0].day = 'broken';
    expect(statutoryHolidays(2025)).toHaveLength(12);
    expect(statutoryHolidays(2025)[0].day).toBe('2025-01-01');
  });
});

describe('the day that goes with 2 September', () => {
  // The Prime Minister's choices, 2021 to 2025, and what the default rule gives.
  test.each([
    [2021, 'Thursday', '2021-09-03', ['2021-09-02', '2021-09-03']],
    [2022, 'Friday', '2022-09-01', ['2022-09-01', '2022-09-02']],
    [2023, 'Saturday', '2023-09-01', ['2023-09-01', '2023-09-02', '2023-09-04']],
    [2024, 'Monday', '2024-09-01', ['2024-09-01', '2024-09-02', '2024-09-03']],
    [2025, 'Tuesday', '2025-09-01', ['2025-09-01', '2025-09-02']],
  ])('%i (2/9 a %s): %s, so the days off are %j', (year, _weekday, companion, off) => {
    expect(nationalDayCompanion(year)).toBe(companion);
    expect(days(year).filter((d) => d >= `${year}-08-28` && d <= `${year}-09-10`)).toEqual(off);
  });
});
