/**
 * The working-day calendar of one tenant: weekends, statutory holidays, the days its
 * government decided (extra days off, Saturdays worked in exchange) and its working hours,
 * all reckoned in Asia/Ho_Chi_Minh whatever the process's zone.
 *
 * How a deadline of N working days is counted. The Civil Code 2015 (art. 147-148) gives the
 * frame: the day of the event is not counted, and a period whose last day is a day off ends
 * with the next working day. The one-stop rules (Decree 61/2018/NĐ-CP, Circular
 * 01/2018/TT-VPCP) and DESIGN.md add the receipt rules; where a rule is our reading of
 * practice, it says so.
 *
 * 1. The dossier is deemed received on its *receipt day* R: the local day of receipt if it
 *    is a working day and the dossier arrived no later than that day's cut-off, otherwise
 *    the next working day. Paper dossiers: cut-off 15:00 (received after 15:00, they count
 *    from the next working day; 15:00:00 sharp is in time). Online dossiers: cut-off at the
 *    end of working hours (17:00 by default), as portals treat submissions at night or on a
 *    day off as received the next working day (our reading; without it a 0-day dossier sent
 *    at 22:00 would be due before it arrived).
 * 2. The day of receipt is not counted (art. 147): day 1 is the first working day after R,
 *    and the deadline is the end of working hours of day N. Received Monday 10:00 with 3
 *    days: Tuesday, Wednesday, Thursday; due Thursday 17:00. Received online on Saturday:
 *    R is Monday, day 1 Tuesday, due Thursday 17:00. Paper on Friday 15:05 with 1 day: R is
 *    Monday, due Tuesday 17:00.
 * 3. 0 days means "within the day": the end of working hours of R itself.
 * 4. A due date always ends a working day ("the end of the working day it falls in"); a
 *    deadline that lands on a day off, after hours, or is set as a calendar date moves to
 *    the end of the next working day (art. 148). See `dueOn`, `dueAt`.
 *
 * Limits expressed in calendar days (some procedures say "ngày", not "ngày làm việc") count
 * from the same receipt day and are then moved to a working day: `dueAfterCalendarDays`.
 */
import {
  dayNumber,
  dayString,
  isWeekend,
  MS_PER_MINUTE,
  minuteOfDay,
  type LocalDate,
} from './dates.js';
import { statutoryHolidayOn } from './holidays.js';
import { DEFAULT_WORKING_HOURS, parseWorkingHours, type Shift, type WorkingHours } from './working-hours.js';
import { VN_ZONE } from './zone.js';

export type DecidedKind = 'off' | 'work';

/** A day the government decided for this tenant: off although a working day, or worked although off. */
export interface DecidedDay {
  day: LocalDate;
  kind: DecidedKind;
  name: string;
  /** The decision it comes from. */
  note?: string | null;
}

export type DayReason = 'weekday' | 'weekend' | 'holiday' | 'compensatory' | 'decided-off' | 'decided-work';

export interface DayInfo {
  day: LocalDate;
  working: boolean;
  reason: DayReason;
  /** Holiday or decision name, when there is one. */
  name?: string;
}

export interface CalendarOptions {
  /** The tenant's `working_hours`; validated. Default 08:00-12:00, 13:00-17:00. */
  workingHours?: unknown;
  decidedDays?: readonly DecidedDay[];
  /** Paper dossiers received after this local time count from the next working day. */
  paperCutoff?: string;
}

export interface ReceiptOptions {
  /** Received on paper at the counter: the 15:00 cut-off applies. */
  paper?: boolean;
}

export const PAPER_CUTOFF = '15:00';

function formatMinute(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** No working day for ten years means the decided days are broken; fail instead of looping. */
const MAX_DAYS_SCANNED = 3660;

export class WorkingCalendar {
  readonly workingHours: WorkingHours;
  private readonly shifts: Shift[];
  private readonly close: number;
  private readonly paperCutoff: number;
  private readonly decided = new Map<number, DecidedDay>();

  constructor(options: CalendarOptions = {}) {
    this.shifts = parseWorkingHours(options.workingHours ?? DEFAULT_WORKING_HOURS);
    this.workingHours = Object.freeze(
      this.shifts.map((s) => Object.freeze([formatMinute(s.start), formatMinute(s.end)] as const)),
    );
    this.close = this.shifts[this.shifts.length - 1].end;
    this.paperCutoff = Math.min(minuteOfDay(options.paperCutoff ?? PAPER_CUTOFF), this.close);
    for (const d of options.decidedDays ?? []) {
      if (d.kind !== 'off' && d.kind !== 'work') throw new RangeError(`decided day ${d.day}: kind must be off or work`);
      const n = dayNumber(d.day);
      if (this.decided.has(n)) throw new RangeError(`decided day ${d.day} is listed twice`);
      this.decided.set(n, { ...d });
    }
  }

  // ---- days ---------------------------------------------------------------------------

  describeDay(day: LocalDate): DayInfo {
    const n = dayNumber(day);
    const decided = this.decided.get(n);
    if (decided) {
      return { day, working: decided.kind === 'work', reason: decided.kind === 'work' ? 'decided-work' : 'decided-off', name: decided.name };
    }
    if (isWeekend(n)) return { day, working: false, reason: 'weekend' };
    const holiday = statutoryHolidayOn(n);
    if (holiday) return { day, working: false, reason: holiday.kind, name: holiday.name };
    return { day, working: true, reason: 'weekday' };
  }

  isWorkingDay(day: LocalDate): boolean {
    return this.isWorking(dayNumber(day));
  }

  /** The first working day strictly after `day`. */
  nextWorkingDay(day: LocalDate): LocalDate {
    return dayString(this.nextWorking(dayNumber(day)));
  }

  /**
   * `n` > 0: the n-th working day after `day` (`day` itself is not counted, working or not).
   * `n` = 0: `day` if it is a working day, else the next one. `n` < 0: the |n|-th working
   * day before `day`.
   */
  addWorkingDays(day: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, not ${n}`);
    return dayString(this.addDays(dayNumber(day), n));
  }

  /** Working days d with from < d <= to; negative when `to` is before `from`. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isWorking(d)) count++;
    return sign * count;
  }

  // ---- receipt and due dates ----------------------------------------------------------

  /** The working day a dossier received at `receivedAt` counts as received (rule 1 above). */
  receiptDay(receivedAt: Date, options: ReceiptOptions = {}): LocalDate {
    return dayString(this.receipt(receivedAt, options));
  }

  /**
   * The instant a time limit counts from (rule 1 above): the receipt itself when the dossier
   * counts as received that day, otherwise the start of working hours on the day it counts
   * from (a paper dossier after 15:00, anything on a day off).
   */
  countedFrom(receivedAt: Date, options: ReceiptOptions = {}): Date {
    const day = this.receipt(receivedAt, options);
    if (day === VN_ZONE.split(receivedAt).day) return receivedAt;
    return new Date(VN_ZONE.instant(day, this.shifts[0].start));
  }

  /** Due date of an N-working-day limit (rules 1-3 above): the end of working hours of day N. */
  dueAfterWorkingDays(receivedAt: Date, days: number, options: ReceiptOptions = {}): Date {
    if (!Number.isInteger(days) || days < 0) {
      throw new RangeError(`a time limit in working days must be a whole number >= 0, not ${days}; use working hours for parts of a day`);
    }
    return this.closeOf(this.addDays(this.receipt(receivedAt, options), days));
  }

  /** Due date of an N-calendar-day limit: receipt day + N days, moved to a working day. */
  dueAfterCalendarDays(receivedAt: Date, days: number, options: ReceiptOptions = {}): Date {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`a time limit in days must be a whole number >= 0, not ${days}`);
    return this.closeOf(this.workingOnOrAfter(this.receipt(receivedAt, options) + days));
  }

  /** A deadline set on a date: the end of that day's working hours, or of the next working day. */
  dueOn(day: LocalDate): Date {
    return this.closeOf(this.workingOnOrAfter(dayNumber(day)));
  }

  /**
   * A deadline set at an instant, made a due date: the end of the working day it falls in;
   * after that day's hours or on a day off, the end of the next working day. Never earlier
   * than `at`.
   */
  dueAt(at: Date): Date {
    const { day, minute } = VN_ZONE.split(at);
    const d = this.isWorking(day) && minute <= this.close ? day : this.nextWorking(day);
    return this.closeOf(d);
  }

  // ---- working time -------------------------------------------------------------------

  isWorkingTime(at: Date): boolean {
    const { day, minute } = VN_ZONE.split(at);
    return this.isWorking(day) && this.shifts.some((s) => minute >= s.start && minute < s.end);
  }

  /**
   * The instant after `minutes` of working time from `at` (before it, when negative).
   * Time outside working hours does not count: 11:00 + 120 min is 14:00 with a lunch break
   * of 12:00-13:00; 16:00 + 120 min is 09:00 on the next working day. Work that ends exactly
   * at the end of a shift ends there (17:00), not at the next opening.
   */
  addWorkingMinutes(at: Date, minutes: number): Date {
    if (!Number.isFinite(minutes)) throw new RangeError(`not a number of minutes: ${minutes}`);
    const start = at.getTime();
    if (minutes === 0) return new Date(start);
    let remaining = Math.abs(minutes) * MS_PER_MINUTE;
    let { day } = VN_ZONE.split(start);
    const forward = minutes > 0;
    for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, day += forward ? 1 : -1) {
      for (const [s, e] of forward ? this.shiftInstants(day) : this.shiftInstants(day).reverse()) {
        if (forward) {
          if (e <= start) continue;
          const from = Math.max(s, start);
          if (remaining <= e - from) return new Date(Math.round(from + remaining));
          remaining -= e - from;
        } else {
          if (s >= start) continue;
          const to = Math.min(e, start);
          if (remaining <= to - s) return new Date(Math.round(to - remaining));
          remaining -= to - s;
        }
      }
    }
    throw new RangeError(`${minutes} working minutes reach beyond ten years`);
  }

  addWorkingHours(at: Date, hours: number): Date {
    return this.addWorkingMinutes(at, hours * 60);
  }

  /** Working minutes elapsed from `from` to `to` (negative when `to` is earlier). */
  workingMinutesBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b < a) return -this.workingMinutesBetween(to, from);
    const last = VN_ZONE.split(b).day;
    let total = 0;
    for (let day = VN_ZONE.split(a).day; day <= last; day++) {
      for (const [s, e] of this.shiftInstants(day)) {
        const overlap = Math.min(e, b) - Math.max(s, a);
        if (overlap > 0) total += overlap;
      }
    }
    return total / MS_PER_MINUTE;
  }

  workingHoursBetween(from: Date, to: Date): number {
    return this.workingMinutesBetween(from, to) / 60;
  }

  // ---- internals ----------------------------------------------------------------------

  private isWorking(day: number): boolean {
    const decided = this.decided.get(day);
    if (decided) return decided.kind === 'work';
    return !isWeekend(day) && !statutoryHolidayOn(day);
  }

  private nextWorking(day: number): number {
    return this.workingOnOrAfter(day + 1);
  }

  private workingOnOrAfter(day: number): number {
    for (let d = day, i = 0; i < MAX_DAYS_SCANNED; d++, i++) if (this.isWorking(d)) return d;
    throw new RangeError(`no working day within ten years after ${dayString(day)}`);
  }

  private addDays(day: number, n: number): number {
    if (n === 0) return this.workingOnOrAfter(day);
    const step = n > 0 ? 1 : -1;
    let d = day;
    for (let left = Math.abs(n), i = 0; left > 0; i++) {
      if (i >= MAX_DAYS_SCANNED) throw new RangeError(`${n} working days reach beyond ten years`);
      d += step;
      if (this.isWorking(d)) left--;
    }
    return d;
  }

  private receipt(receivedAt: Date, options: ReceiptOptions): number {
    const { day, minute } = VN_ZONE.split(receivedAt);
    const cutoff = options.paper ? this.paperCutoff : this.close;
    return this.isWorking(day) && minute <= cutoff ? day : this.nextWorking(day);
  }

  private closeOf(day: number): Date {
    return new Date(VN_ZONE.instant(day, this.close));
  }

  /** Shifts of a day as [start, end) instants; none on a day off. */
  private shiftInstants(day: number): Array<[number, number]> {
    if (!this.isWorking(day)) return [];
    return this.shifts.map((s) => [VN_ZONE.instant(day, s.start), VN_ZONE.instant(day, s.end)]);
  }
}
