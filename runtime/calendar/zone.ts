/**
 * Conversions between instants and local wall-clock time in an IANA zone, through Intl, so
 * that nothing depends on the process's own zone (TZ) and no offset is hard-coded.
 * Asia/Ho_Chi_Minh has kept UTC+7 since 1975, but the code does not rely on that: a zone
 * with daylight saving time converts correctly too (see the tests).
 */
import { dayNumber, dayString, minuteOfDay, MS_PER_DAY, MS_PER_MINUTE, type LocalDate } from './dates.js';

/** Every legal date and time of the product is reckoned here (DESIGN.md, "Time"). */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MS_PER_HOUR = 3_600_000;
/** Enough for years of distinct hours; cleared rather than grown without bound. */
const MAX_CACHED_HOURS = 50_000;

export class Zone {
  readonly name: string;
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(name: string) {
    this.name = name;
    // Throws RangeError for an unknown zone, which is what a misconfiguration deserves.
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /**
   * Offset of local time from UTC, in ms, at an instant. Formatting through Intl costs
   * microseconds and the server asks on every submission, so the offset is cached per UTC
   * hour. That is exact wherever offsets change on whole UTC hours (every zone with daylight
   * saving time in Europe and America does; Asia/Ho_Chi_Minh has not changed since 1975).
   */
  offsetAt(utcMs: number): number {
    const hour = Math.floor(utcMs / MS_PER_HOUR);
    const cached = this.offsets.get(hour);
    if (cached !== undefined) return cached;
    const at = hour * MS_PER_HOUR;
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(new Date(at))) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    const localAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    const offset = localAsUtc - at;
    if (this.offsets.size >= MAX_CACHED_HOURS) this.offsets.clear();
    this.offsets.set(hour, offset);
    return offset;
  }

  /** Local wall-clock time of an instant, as ms on the UTC axis (day number * MS_PER_DAY + time). */
  toLocalMs(instant: Date | number): number {
    const ms = typeof instant === 'number' ? instant : instant.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('invalid instant');
    return ms + this.offsetAt(ms);
  }

  /**
   * The instant at which local wall-clock time reads `localMs`. A time skipped by a
   * daylight-saving gap is read with the offset in force before the gap (Temporal's
   * "compatible" choice); a repeated time gives one of its two instants.
   */
  toInstantMs(localMs: number): number {
    const guess = this.offsetAt(localMs);
    const first = localMs - guess;
    const o2 = this.offsetAt(first);
    if (o2 === guess) return first;
    const second = localMs - o2;
    const o3 = this.offsetAt(second);
    if (o3 === o2) return second;
    return localMs - Math.min(o2, o3);
  }

  /** Local date (day number) and minute of the day (fractional) of an instant. */
  split(instant: Date | number): { day: number; minute: number } {
    const local = this.toLocalMs(instant);
    const day = Math.floor(local / MS_PER_DAY);
    return { day, minute: (local - day * MS_PER_DAY) / MS_PER_MINUTE };
  }

  /** The instant of local `minute` (may be 1440, the end of the day) on local `day`. */
  instant(day: number, minute: number): number {
    return this.toInstantMs(day * MS_PER_DAY + minute * MS_PER_MINUTE);
  }
}

export const VN_ZONE = new Zone(VN_TIME_ZONE);

/** The local date (Asia/Ho_Chi_Minh) of an instant, `YYYY-MM-DD`: the date of a dossier code, a statistics month. */
export function localDate(at: Date): LocalDate {
  return dayString(VN_ZONE.split(at).day);
}

/** The local wall-clock time (Asia/Ho_Chi_Minh) of an instant, `HH:MM`. */
export function localTime(at: Date): string {
  const minute = Math.floor(VN_ZONE.split(at).minute);
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The instant at local (Asia/Ho_Chi_Minh) `time` (`HH:MM`, up to 24:00) on `day`. */
export function instantAt(day: LocalDate, time: string): Date {
  return new Date(VN_ZONE.instant(dayNumber(day), minuteOfDay(time)));
}
