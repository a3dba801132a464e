/**
 * Public holidays by rule (Labour Code 2019, art. 112), per Gregorian year, cached.
 *
 * The rule gives the days; the government still decides some of them each year (which five
 * days make up Tết, which day goes with 2 September, swaps for long weekends). Those
 * decisions live per tenant in `calendar_days` and override what is computed here.
 */
import Holidays from 'date-holidays';
import { dayNumber, dayOf, dayString, isWeekend, weekday, yearOf, type LocalDate } from './dates.js';
import { VN_TIME_ZONE } from './zone.js';

export type HolidayKind = 'holiday' | 'compensatory';

export interface Holiday {
  day: LocalDate;
  name: string;
  kind: HolidayKind;
}

interface YearHolidays {
  list: Holiday[];
  byDay: Map<number, Holiday>;
}

/**
 * Lunar dates come from date-holidays' Vietnamese calendar (astronomical new moons reckoned
 * at UTC+7, which is what makes Vietnamese and Chinese New Year differ in some years, e.g.
 * 2030). Only the two rules we need are loaded: the full VN rule set costs four times as
 * long per year, and our own names and Tết length do not depend on that data set.
 */
let lunar: Holidays | undefined;
function lunarRules(): Holidays {
  if (lunar) return lunar;
  const hd = new Holidays();
  hd.setTimezone(VN_TIME_ZONE);
  if (!hd.setHoliday('vietnamese 1-0-1', { name: 'tet', type: 'public' }) ||
      !hd.setHoliday('vietnamese 3-0-10', { name: 'hung-kings', type: 'public' })) {
    throw new Error('date-holidays no longer understands the Vietnamese lunar calendar rules');
  }
  lunar = hd;
  return hd;
}

function lunarDay(year: number, rule: string): number {
  const found = lunarRules().getHolidays(year).find((h) => h.rule === rule);
  if (!found) throw new Error(`date-holidays gave no ${rule} in ${year}`);
  // `date` is local to the zone set above: "YYYY-MM-DD 00:00:00".
  return dayNumber(found.date.slice(0, 10));
}

/** First day of the lunar year (mùng 1 Tết) that begins in this Gregorian year. */
export function lunarNewYear(year: number): LocalDate {
  return dayString(lunarDay(year, 'vietnamese 1-0-1'));
}

/** 10th day of the 3rd lunar month (Giỗ Tổ Hùng Vương). */
export function hungKingsDay(year: number): LocalDate {
  return dayString(lunarDay(year, 'vietnamese 3-0-10'));
}

/**
 * The day that goes with 2 September (art. 112(1)(đ): "the day before or after", chosen by
 * the Prime Minister each year). Default: the day before, except when 2 September is a
 * Thursday, where Friday 3rd joins the weekend. That matches every decision from 2021 to
 * 2025 (2021 Fri 3; 2022 Thu 1; 2023 Fri 1; 2024 Sun 1, i.e. Tue 3 as compensatory; 2025
 * Mon 1); a different decision is entered as decided days.
 */
export function nationalDayCompanion(year: number): LocalDate {
  const national = dayOf(year, 9, 2);
  return dayString(weekday(national) === 4 ? national + 1 : national - 1);
}

function compute(year: number): YearHolidays {
  const tet = lunarDay(year, 'vietnamese 1-0-1');
  const rules: Array<[number, string]> = [
    [dayOf(year, 1, 1), 'Tết Dương lịch'],
    // Five days: the last day of the old lunar year and the first four of the new one.
    [tet - 1, 'Tết Nguyên đán (ngày cuối năm âm lịch)'],
    [tet, 'Tết Nguyên đán (mùng 1)'],
    [tet + 1, 'Tết Nguyên đán (mùng 2)'],
    [tet + 2, 'Tết Nguyên đán (mùng 3)'],
    [tet + 3, 'Tết Nguyên đán (mùng 4)'],
    [lunarDay(year, 'vietnamese 3-0-10'), 'Giỗ Tổ Hùng Vương'],
    [dayOf(year, 4, 30), 'Ngày Chiến thắng'],
    [dayOf(year, 5, 1), 'Ngày Quốc tế Lao động'],
    [dayOf(year, 9, 2), 'Quốc khánh'],
    [dayNumber(nationalDayCompanion(year)), 'Quốc khánh (ngày liền kề)'],
  ];
  rules.sort((a, b) => a[0] - b[0]);
  const byDay = new Map<number, Holiday>();
  for (const [day, name] of rules) {
    // Hùng Kings day has never met Tết or 30 April, but a collision must not drop a day.
    if (!byDay.has(day)) byDay.set(day, { day: dayString(day), name, kind: 'holiday' });
  }
  // Art. 112(3): a holiday on a weekly day off gives the next working day off. Taken in date
  // order, so two weekend holidays in a row (30 April and 1 May on Sat-Sun) give two days.
  for (const [day, name] of rules) {
    if (!isWeekend(day)) continue;
    let next = day + 1;
    while (isWeekend(next) || byDay.has(next)) next += 1;
    byDay.set(next, { day: dayString(next), name: `Nghỉ bù ${name}`, kind: 'compensatory' });
  }
  const list = [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([, h]) => h);
  return { list, byDay };
}

const cache = new Map<number, YearHolidays>();

function forYear(year: number): YearHolidays {
  let found = cache.get(year);
  if (!found) {
    found = compute(year);
    cache.set(year, found);
  }
  return found;
}

/** Public holidays and compensatory days of a Gregorian year, by date. */
export function statutoryHolidays(year: number): Holiday[] {
  return forYear(year).list.map((h) => ({ ...h }));
}

/** The statutory holiday or compensatory day on a day number, if any. */
export function statutoryHolidayOn(day: number): Holiday | undefined {
  return forYear(yearOf(day)).byDay.get(day);
}
