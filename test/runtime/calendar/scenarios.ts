/**
 * Calendar scenarios on real dates, shared by the `calendar.tz-*.test.ts` files, which run
 * them with the process in different time zones. Inputs and expectations are written as
 * Vietnamese wall-clock times with an explicit +07:00 offset, so they are parsed without the
 * library and without the process zone.
 */
import { WorkingCalendar, knownGovernmentDecisions, localDate, localTime } from '../../../runtime/calendar/index.js';

/** A Vietnamese wall-clock time, `YYYY-MM-DD HH:MM`, as an instant. */
export function vn(text: string): Date {
  const d = new Date(`${text.replace(' ', 'T')}:00+07:00`);
  if (Number.isNaN(d.getTime())) throw new Error(`bad test time ${text}`);
  return d;
}

/** An instant shown as Vietnamese wall-clock time, for readable failures. */
function shown(d: Date): string {
  return new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function expectAt(actual: Date, expected: string): void {
  expect(shown(actual)).toBe(expected);
  expect(actual.getTime()).toBe(vn(expected).getTime());
}

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export function calendarScenarios(processZone: string): void {
  /** A tenant seeded with the known government decisions, default working hours. */
  const cal = new WorkingCalendar({ decidedDays: knownGovernmentDecisions() });
  /** The Labour Code's rule alone, no decisions. */
  const rule = new WorkingCalendar();

  describe(`working calendar (process zone ${processZone})`, () => {
    test('the process really runs in the zone under test', () => {
      const probe = new Date(Date.UTC(2025, 6, 1, 12));
      const expected = Number(probe.toLocaleString('en-US', { timeZone: processZone, hourCycle: 'h23', hour: 'numeric' }));
      expect(probe.getHours()).toBe(expected);
    });

    describe('local dates and times are Vietnamese', () => {
      test('an instant late on a UTC evening is already the next day in Vietnam', () => {
        const at = new Date('2025-03-03T17:30:00Z');
        expect(localDate(at)).toBe('2025-03-04');
        expect(localTime(at)).toBe('00:30');
      });

      test('Monday 06:30 in Vietnam is Sunday in UTC, but a 0-day dossier is due that Monday', () => {
        const at = vn('2025-03-03 06:30');
        expect(at.getUTCDay()).toBe(0);
        expect(cal.receiptDay(at)).toBe('2025-03-03');
        expectAt(cal.dueAfterWorkingDays(at, 0), '2025-03-03 17:00');
      });
    });

    describe('Tết 2025 (Ất Tỵ) with the decided days: 25 January to 2 February off', () => {
      test('given the decision, every day from Saturday 25/1 to Sunday 2/2 is off and the days around work', () => {
        for (const day of days('2025-01-25', '2025-02-02')) expect([day, cal.isWorkingDay(day)]).toEqual([day, false]);
        expect(cal.isWorkingDay('2025-01-24')).toBe(true);
        expect(cal.isWorkingDay('2025-02-03')).toBe(true);
        expect(cal.describeDay('2025-01-27')).toMatchObject({ working: false, reason: 'decided-off' });
        expect(cal.describeDay('2025-02-03')).toMatchObject({ working: true, reason: 'decided-work' });
      });

      test('by the rule alone, Tết is 28/1 to 1/2 and Monday 3/2 is the compensatory day for Saturday 1/2', () => {
        expect(rule.isWorkingDay('2025-01-27')).toBe(true);
        for (const day of days('2025-01-28', '2025-02-02')) expect(rule.isWorkingDay(day)).toBe(false);
        expect(rule.describeDay('2025-02-03')).toMatchObject({ working: false, reason: 'compensatory' });
        expect(rule.isWorkingDay('2025-02-04')).toBe(true);
      });

      test('when a dossier arrives Friday 24/1 with 1 working day, then it is due Monday 3/2 at 17:00', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-01-24 10:00'), 1), '2025-02-03 17:00');
        expectAt(cal.dueAfterWorkingDays(vn('2025-01-24 10:00'), 3), '2025-02-05 17:00');
      });

      test('when a dossier is submitted online on mùng 1, then it counts as received Monday 3/2', () => {
        expect(cal.receiptDay(vn('2025-01-29 09:00'))).toBe('2025-02-03');
        expectAt(cal.dueAfterWorkingDays(vn('2025-01-29 09:00'), 0), '2025-02-03 17:00');
        expectAt(cal.dueAfterWorkingDays(vn('2025-01-29 09:00'), 2), '2025-02-05 17:00');
      });
    });

    describe('Tết 2026 (Bính Ngọ): 14 to 22 February off', () => {
      test('given the decision or the rule alone, 14/2 to 22/2 are off, Friday 13/2 and Monday 23/2 work', () => {
        for (const c of [cal, rule]) {
          for (const day of days('2026-02-14', '2026-02-22')) expect([day, c.isWorkingDay(day)]).toEqual([day, false]);
          expect(c.isWorkingDay('2026-02-13')).toBe(true);
          expect(c.isWorkingDay('2026-02-23')).toBe(true);
        }
        expect(rule.describeDay('2026-02-17')).toMatchObject({ reason: 'holiday', name: 'Tết Nguyên đán (mùng 1)' });
      });

      test('when a paper dossier arrives Friday 13/2 at 15:05 with 1 working day, then it is due Tuesday 24/2', () => {
        expect(cal.receiptDay(vn('2026-02-13 15:05'), { paper: true })).toBe('2026-02-23');
        expectAt(cal.dueAfterWorkingDays(vn('2026-02-13 15:05'), 1, { paper: true }), '2026-02-24 17:00');
      });

      test('when the same paper dossier arrives at 14:55, then day 1 is Monday 23/2', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2026-02-13 14:55'), 1, { paper: true }), '2026-02-23 17:00');
      });

      test('when a dossier with 30 working days arrives on Monday 2/2, then the nine days of Tết do not count: due Monday 23/3', () => {
        // 3-13/2 are 9 working days, 23/2-20/3 another 20, Monday 23/3 the 30th.
        for (const c of [cal, rule]) {
          expectAt(c.dueAfterWorkingDays(vn('2026-02-02 10:00'), 30), '2026-03-23 17:00');
          expect(c.workingDaysBetween('2026-02-02', '2026-03-23')).toBe(30);
          expect(c.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
        }
        // Counted as calendar days, 30 days would end on Wednesday 4/3.
        expectAt(cal.dueAfterCalendarDays(vn('2026-02-02 10:00'), 30), '2026-03-04 17:00');
      });

      test('when a paper dossier with 30 working days arrives on Friday 13/2 at 15:05, then it counts from Monday 23/2: due Monday 6/4', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2026-02-13 15:05'), 30, { paper: true }), '2026-04-06 17:00');
      });

      test('when a task has 30 working days of working time (240 hours) from Thursday 12/2 at 14:00, then it ends on Thursday 2/4 at 14:00', () => {
        // Each 8 hours end at 14:00 of the next working day: 13/2 is the 1st, 23/2 the 2nd, 2/4 the 30th.
        expectAt(cal.addWorkingHours(vn('2026-02-12 14:00'), 30 * 8), '2026-04-02 14:00');
        expect(cal.workingHoursBetween(vn('2026-02-12 14:00'), vn('2026-04-02 14:00'))).toBe(240);
      });
    });

    describe('Tết 2025 (Ất Tỵ) over a month-long limit', () => {
      test('when a dossier with 30 working days arrives on Monday 13/1/2025, then it is due Monday 3/3 by the decision (27-31/1 off, 3/2 worked) and by the rule (28/1-1/2 off, 3/2 in compensation) alike', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-01-13 10:00'), 30), '2025-03-03 17:00');
        expectAt(rule.dueAfterWorkingDays(vn('2025-01-13 10:00'), 30), '2025-03-03 17:00');
        // The two differ on the days, not on their number: 27/1 is off by the decision only, 3/2 by the rule only.
        expect([cal.isWorkingDay('2025-01-27'), rule.isWorkingDay('2025-01-27')]).toEqual([false, true]);
        expect([cal.isWorkingDay('2025-02-03'), rule.isWorkingDay('2025-02-03')]).toEqual([true, false]);
      });
    });

    describe('Hùng Kings day', () => {
      test('2025: Monday 7 April is off, so 2 working days from Friday 4/4 end on Wednesday 9/4', () => {
        expect(rule.describeDay('2025-04-07')).toMatchObject({ working: false, reason: 'holiday', name: 'Giỗ Tổ Hùng Vương' });
        expect(cal.isWorkingDay('2025-04-08')).toBe(true);
        expectAt(cal.dueAfterWorkingDays(vn('2025-04-04 10:00'), 2), '2025-04-09 17:00');
      });

      test('2026: it falls on Sunday 26 April, so Monday 27 April is off by the rule and by the seeded decision', () => {
        expect(rule.describeDay('2026-04-26')).toMatchObject({ working: false, reason: 'weekend' });
        expect(rule.describeDay('2026-04-27')).toMatchObject({ working: false, reason: 'compensatory' });
        expect(cal.describeDay('2026-04-27')).toMatchObject({ working: false, reason: 'decided-off' });
        expect(cal.isWorkingDay('2026-04-28')).toBe(true);
      });

      test('2026: 3 working days from Friday 24/4 skip 27/4, 30/4 and 1/5 and end on Monday 4/5', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2026-04-24 09:00'), 2), '2026-04-29 17:00');
        expectAt(cal.dueAfterWorkingDays(vn('2026-04-24 09:00'), 3), '2026-05-04 17:00');
      });
    });

    describe('30 April and 1 May 2025, with Friday 2 May swapped for Saturday 26 April', () => {
      test('the decided Saturday is a working day and Friday 2 May is off', () => {
        expect(cal.describeDay('2025-04-26')).toMatchObject({ working: true, reason: 'decided-work' });
        expect(rule.isWorkingDay('2025-04-26')).toBe(false);
        for (const day of days('2025-04-30', '2025-05-04')) expect(cal.isWorkingDay(day)).toBe(false);
        expect(cal.isWorkingTime(vn('2025-04-26 10:00'))).toBe(true);
      });

      test('a dossier received Friday 25/4 with 1 working day is due on the working Saturday', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-04-25 10:00'), 1), '2025-04-26 17:00');
        expectAt(cal.dueAfterWorkingDays(vn('2025-04-25 10:00'), 2), '2025-04-28 17:00');
        expectAt(cal.dueAfterWorkingDays(vn('2025-04-25 10:00'), 4), '2025-05-05 17:00');
      });

      test('a dossier received on the working Saturday is received that day', () => {
        expect(cal.receiptDay(vn('2025-04-26 10:00'), { paper: true })).toBe('2025-04-26');
        expectAt(cal.dueAfterWorkingDays(vn('2025-04-26 10:00'), 0), '2025-04-26 17:00');
      });

      test('working hours run through the working Saturday', () => {
        expectAt(cal.addWorkingHours(vn('2025-04-25 16:00'), 2), '2025-04-26 09:00');
        expect(cal.workingHoursBetween(vn('2025-04-25 08:00'), vn('2025-04-28 08:00'))).toBe(16);
      });
    });

    describe('2 September 2025', () => {
      test('Monday 1 and Tuesday 2 September are off (30/8 to 2/9 with the weekend)', () => {
        for (const c of [cal, rule]) {
          for (const day of days('2025-08-30', '2025-09-02')) expect(c.isWorkingDay(day)).toBe(false);
          expect(c.isWorkingDay('2025-08-29')).toBe(true);
          expect(c.isWorkingDay('2025-09-03')).toBe(true);
        }
      });

      test('a dossier submitted online Friday 29/8 at 16:00 with 1 working day is due Wednesday 3/9', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-08-29 16:00'), 1), '2025-09-03 17:00');
      });
    });

    describe('how N working days are counted', () => {
      test('received Monday with 3 days: Tuesday, Wednesday, Thursday; due Thursday 17:00', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-03 10:00'), 3), '2025-03-06 17:00');
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-03 16:59'), 3), '2025-03-06 17:00');
      });

      test('received online on a Saturday: counted as received Monday, so day 1 is Tuesday', () => {
        expect(cal.receiptDay(vn('2025-03-08 10:00'))).toBe('2025-03-10');
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-08 10:00'), 1), '2025-03-11 17:00');
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-08 10:00'), 3), '2025-03-13 17:00');
      });

      test('received online after the day closes: counted from the next working day', () => {
        expect(cal.receiptDay(vn('2025-03-03 18:30'))).toBe('2025-03-04');
        expect(cal.receiptDay(vn('2025-03-03 17:00'))).toBe('2025-03-03');
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-03 18:30'), 1), '2025-03-05 17:00');
      });

      test('received before opening: counted that day', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-03 06:00'), 1), '2025-03-04 17:00');
      });

      test('fractional or negative working-day limits are refused', () => {
        expect(() => cal.dueAfterWorkingDays(vn('2025-03-03 10:00'), 1.5)).toThrow(RangeError);
        expect(() => cal.dueAfterWorkingDays(vn('2025-03-03 10:00'), -1)).toThrow(RangeError);
      });
    });

    describe('a deadline of 0 days', () => {
      test('received on a working day: the end of that day', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-03 10:00'), 0), '2025-03-03 17:00');
      });

      test('received on a Saturday: the end of the next working day', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-08 10:00'), 0), '2025-03-10 17:00');
      });

      test('received on paper at 15:05 on a Friday: the end of Monday', () => {
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-07 15:05'), 0, { paper: true }), '2025-03-10 17:00');
      });
    });

    describe('the 15:00 cut-off for paper dossiers', () => {
      test('a paper dossier received at 15:05 on a Friday counts from Monday, so 1 day ends Tuesday', () => {
        expect(cal.receiptDay(vn('2025-03-07 15:05'), { paper: true })).toBe('2025-03-10');
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-07 15:05'), 1, { paper: true }), '2025-03-11 17:00');
      });

      test('received at 15:00 sharp, it is still in time', () => {
        expect(cal.receiptDay(vn('2025-03-07 15:00'), { paper: true })).toBe('2025-03-07');
        expect(cal.receiptDay(new Date(vn('2025-03-07 15:00').getTime() + 1000), { paper: true })).toBe('2025-03-10');
      });

      test('the same dossier submitted online at 15:05 counts from Friday', () => {
        expect(cal.receiptDay(vn('2025-03-07 15:05'))).toBe('2025-03-07');
        expectAt(cal.dueAfterWorkingDays(vn('2025-03-07 15:05'), 1), '2025-03-10 17:00');
      });

      test('a tenant may set another cut-off', () => {
        const early = new WorkingCalendar({ paperCutoff: '11:00' });
        expect(early.receiptDay(vn('2025-03-07 11:30'), { paper: true })).toBe('2025-03-10');
      });
    });

    describe('a deadline that falls on a day off moves to the next working day', () => {
      test('5 calendar days from Monday 3/3 land on Saturday 8/3, so the dossier is due Monday 10/3', () => {
        expectAt(cal.dueAfterCalendarDays(vn('2025-03-03 10:00'), 5), '2025-03-10 17:00');
        expectAt(cal.dueAfterCalendarDays(vn('2025-03-03 10:00'), 4), '2025-03-07 17:00');
      });

      test('a deadline set on Saturday 8/3 is due Monday 10/3 at 17:00', () => {
        expectAt(cal.dueOn('2025-03-08'), '2025-03-10 17:00');
        expectAt(cal.dueAt(vn('2025-03-08 10:00')), '2025-03-10 17:00');
      });

      test('a deadline set on the decided working Saturday 26/4/2025 stays there', () => {
        expectAt(cal.dueOn('2025-04-26'), '2025-04-26 17:00');
      });

      test('a deadline on the last day of Tết 2025 moves to Monday 3/2', () => {
        expectAt(cal.dueOn('2025-02-01'), '2025-02-03 17:00');
      });

      test('an instant is due at the end of its working day, or of the next one after hours', () => {
        expectAt(cal.dueAt(vn('2025-03-03 09:15')), '2025-03-03 17:00');
        expectAt(cal.dueAt(vn('2025-03-03 17:00')), '2025-03-03 17:00');
        expectAt(cal.dueAt(vn('2025-03-07 17:01')), '2025-03-10 17:00');
      });
    });

    describe('working hours arithmetic', () => {
      test('across lunch: 11:00 + 2 h is 14:00', () => {
        expectAt(cal.addWorkingHours(vn('2025-03-03 11:00'), 2), '2025-03-03 14:00');
        expectAt(cal.addWorkingHours(vn('2025-03-03 11:00'), 1.5), '2025-03-03 13:30');
      });

      test('starting at lunch or before opening, counting starts at the next opening', () => {
        expectAt(cal.addWorkingMinutes(vn('2025-03-03 12:30'), 30), '2025-03-03 13:30');
        expectAt(cal.addWorkingHours(vn('2025-03-03 07:00'), 1), '2025-03-03 09:00');
      });

      test('work that ends with the day ends at 17:00, not at the next opening', () => {
        expectAt(cal.addWorkingHours(vn('2025-03-03 16:00'), 1), '2025-03-03 17:00');
        expectAt(cal.addWorkingHours(vn('2025-03-03 08:00'), 8), '2025-03-03 17:00');
      });

      test('across a night and a weekend: Friday 16:00 + 2 h is Monday 09:00', () => {
        expectAt(cal.addWorkingHours(vn('2025-03-07 16:00'), 2), '2025-03-10 09:00');
        expectAt(cal.addWorkingHours(vn('2025-03-03 16:00'), 2), '2025-03-04 09:00');
      });

      test('across Tết 2025: Friday 24/1 16:00 + 8 h is Monday 3/2 16:00', () => {
        expectAt(cal.addWorkingHours(vn('2025-01-24 16:00'), 8), '2025-02-03 16:00');
      });

      test('backwards: Monday 09:00 - 2 h is Friday 16:00', () => {
        expectAt(cal.addWorkingHours(vn('2025-03-10 09:00'), -2), '2025-03-07 16:00');
        expectAt(cal.addWorkingHours(vn('2025-03-03 14:00'), -2), '2025-03-03 11:00');
      });

      test('with other working hours (07:30-11:30, 13:30-17:30), days end at 17:30', () => {
        const other = new WorkingCalendar({ workingHours: [['07:30', '11:30'], ['13:30', '17:30']] });
        expectAt(other.addWorkingHours(vn('2025-03-03 11:00'), 1), '2025-03-03 14:00');
        expectAt(other.dueAfterWorkingDays(vn('2025-03-03 10:00'), 1), '2025-03-04 17:30');
        expect(other.receiptDay(vn('2025-03-03 17:15'))).toBe('2025-03-03');
        expect(other.workingHours).toEqual([['07:30', '11:30'], ['13:30', '17:30']]);
      });
    });

    describe('working time elapsed between two instants', () => {
      test('over a night and a weekend, only working hours count', () => {
        expect(cal.workingMinutesBetween(vn('2025-03-07 16:00'), vn('2025-03-10 09:00'))).toBe(120);
        expect(cal.workingHoursBetween(vn('2025-03-03 08:00'), vn('2025-03-03 17:00'))).toBe(8);
      });

      test('lunch does not count', () => {
        expect(cal.workingMinutesBetween(vn('2025-03-03 12:10'), vn('2025-03-03 12:50'))).toBe(0);
        expect(cal.workingMinutesBetween(vn('2025-03-03 11:30'), vn('2025-03-03 13:30'))).toBe(60);
      });

      test('over Tết 2025, only 24/1 and 3/2 count', () => {
        expect(cal.workingHoursBetween(vn('2025-01-24 08:00'), vn('2025-02-03 17:00'))).toBe(16);
      });

      test('reversed instants give a negative time', () => {
        expect(cal.workingMinutesBetween(vn('2025-03-10 09:00'), vn('2025-03-07 16:00'))).toBe(-120);
      });

      test('adding working minutes and measuring them back agree, across holidays and weekends', () => {
        let seed = 20250129;
        const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
        const start = vn('2025-01-01 00:00').getTime();
        for (let i = 0; i < 300; i++) {
          const at = new Date(start + Math.floor(random() * 500 * 86_400_000));
          const minutes = Math.floor(random() * 8 * 60 * 30);
          const later = cal.addWorkingMinutes(at, minutes);
          expect([at.toISOString(), minutes, cal.workingMinutesBetween(at, later)]).toEqual([at.toISOString(), minutes, minutes]);
          if (minutes > 0) {
            expect(cal.isWorkingTime(new Date(later.getTime() - 1))).toBe(true);
            // Going back the same amount lands at or after the start (outside hours it snaps).
            expect(cal.addWorkingMinutes(later, -minutes).getTime()).toBeGreaterThanOrEqual(at.getTime());
          }
        }
      });
    });
  });
}
