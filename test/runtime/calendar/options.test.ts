/** What a calendar accepts: working hours and decided days are legal data, checked on the way in. */
import { DEFAULT_WORKING_HOURS, parseWorkingHours, WorkingCalendar } from '../../../runtime/calendar/index.js';

describe('working hours', () => {
  test('the default is 08:00-12:00 and 13:00-17:00', () => {
    expect(new WorkingCalendar().workingHours).toEqual(DEFAULT_WORKING_HOURS);
    expect(parseWorkingHours(DEFAULT_WORKING_HOURS)).toEqual([{ start: 480, end: 720 }, { start: 780, end: 1020 }]);
  });

  test.each([
    ['an empty list', []],
    ['not a list', '08:00-17:00'],
    ['a malformed time', [['8:00', '12:00']]],
    ['a time past midnight', [['08:00', '24:30']]],
    ['a shift that ends before it starts', [['12:00', '08:00']]],
    ['overlapping shifts', [['08:00', '12:00'], ['11:00', '17:00']]],
    ['shifts out of order', [['13:00', '17:00'], ['08:00', '12:00']]],
    ['a pair of three', [['08:00', '12:00', '13:00']]],
  ])('refuses %s', (_what, value) => {
    expect(() => new WorkingCalendar({ workingHours: value })).toThrow(RangeError);
  });

  test('accepts a single shift and a day that ends at midnight', () => {
    const cal = new WorkingCalendar({ workingHours: [['07:00', '24:00']] });
    expect(cal.workingHours).toEqual([['07:00', '24:00']]);
  });
});

describe('decided days', () => {
  test('refuses a date that does not exist', () => {
    expect(() => new WorkingCalendar({ decidedDays: [{ day: '2025-02-30', kind: 'off', name: 'x' }] })).toThrow(RangeError);
  });

  test('refuses the same day twice', () => {
    const twice = [
      { day: '2025-03-03', kind: 'off' as const, name: 'a' },
      { day: '2025-03-03', kind: 'work' as const, name: 'b' },
    ];
    expect(() => new WorkingCalendar({ decidedDays: twice })).toThrow(/twice/);
  });

  test('refuses an unknown kind', () => {
    expect(() => new WorkingCalendar({ decidedDays: [{ day: '2025-03-03', kind: 'holiday' as never, name: 'x' }] })).toThrow(RangeError);
  });

  test('an extra day off and a worked Sunday change working-day counts', () => {
    const cal = new WorkingCalendar({
      decidedDays: [
        { day: '2025-03-04', kind: 'off', name: 'Nghỉ thêm' },
        { day: '2025-03-09', kind: 'work', name: 'Làm bù Chủ nhật' },
      ],
    });
    expect(cal.addWorkingDays('2025-03-03', 1)).toBe('2025-03-05');
    expect(cal.addWorkingDays('2025-03-07', 1)).toBe('2025-03-09');
    expect(cal.workingDaysBetween('2025-03-02', '2025-03-09')).toBe(5);
  });
});

describe('working-day arithmetic on dates', () => {
  const cal = new WorkingCalendar();

  test('0 days is the day itself when it works, else the next working day', () => {
    expect(cal.addWorkingDays('2025-03-03', 0)).toBe('2025-03-03');
    expect(cal.addWorkingDays('2025-03-08', 0)).toBe('2025-03-10');
  });

  test('negative days count back', () => {
    expect(cal.addWorkingDays('2025-03-10', -1)).toBe('2025-03-07');
    expect(cal.addWorkingDays('2025-02-04', -1)).toBe('2025-01-27');
  });

  test('days between agree with adding days', () => {
    expect(cal.workingDaysBetween('2025-01-24', cal.addWorkingDays('2025-01-24', 7))).toBe(7);
    expect(cal.workingDaysBetween('2025-02-05', '2025-01-24')).toBe(-cal.workingDaysBetween('2025-01-24', '2025-02-05'));
  });

  test('the next working day after Friday is Monday; after the working days of Tết 2025 by rule, Tuesday 4/2', () => {
    expect(cal.nextWorkingDay('2025-03-07')).toBe('2025-03-10');
    expect(cal.nextWorkingDay('2025-01-27')).toBe('2025-02-04');
  });

  test('half working days are refused: use working hours', () => {
    expect(() => cal.addWorkingDays('2025-03-03', 0.5)).toThrow(RangeError);
  });

  test('a calendar with no working day fails instead of looping', () => {
    const allOff = Array.from({ length: 3700 }, (_, i) => {
      const d = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
      return { day: d, kind: 'off' as const, name: 'off' };
    });
    const none = new WorkingCalendar({ decidedDays: allOff });
    expect(() => none.addWorkingDays('2025-01-01', 1)).toThrow(/ten years/);
    expect(() => none.addWorkingMinutes(new Date('2025-01-01T00:00:00Z'), 1)).toThrow(/ten years/);
  });
});
