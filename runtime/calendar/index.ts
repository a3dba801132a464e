/** The working-day calendar: the public face of `runtime/calendar`. */
export {
  WorkingCalendar,
  PAPER_CUTOFF,
  type CalendarOptions,
  type DayInfo,
  type DayReason,
  type DecidedDay,
  type DecidedKind,
  type ReceiptOptions,
} from './calendar.js';
export type { LocalDate } from './dates.js';
export { knownGovernmentDecisions } from './decisions.js';
export {
  hungKingsDay,
  lunarNewYear,
  nationalDayCompanion,
  statutoryHolidays,
  type Holiday,
  type HolidayKind,
} from './holidays.js';
export {
  deleteDecidedDay,
  loadDecidedDays,
  loadWorkingCalendar,
  saveDecidedDay,
  seedDecidedDays,
  type CalendarDb,
  type DayRange,
} from './store.js';
export type { CalendarDaysTable, CalendarTables } from './tables.js';
export { DEFAULT_WORKING_HOURS, parseWorkingHours, type WorkingHours } from './working-hours.js';
export { localDate, localTime, instantAt, VN_TIME_ZONE, Zone } from './zone.js';
