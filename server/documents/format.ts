/**
 * Dates, money and amounts in words as Vietnamese documents print them. Every date is
 * reckoned in Asia/Ho_Chi_Minh whatever the server's zone: a slip handed over in Hà Nội at
 * 00:30 on 4 November says 04/11/2025 even when the server runs on UTC.
 */
import { errors } from '../errors.js';

/** An instant, as a Date or an ISO 8601 string; a bare `YYYY-MM-DD` is that day in Vietnam. */
export type DateInput = Date | string;

export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: VN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface VnDateParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The wall-clock fields in Vietnam of an instant (or of a calendar day, at 00:00). */
export function vnParts(input: DateInput): VnDateParts {
  if (typeof input === 'string') {
    const day = DATE_ONLY.exec(input);
    // A calendar day has no instant: shifting it through a zone could move it a day.
    if (day) return { year: day[1], month: day[2], day: day[3], hour: '00', minute: '00' };
  }
  const date = toDate(input);
  const get = (type: Intl.DateTimeFormatPartTypes) => partsFormat.formatToParts(date).find((p) => p.type === type)!.value;
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

export function toDate(input: DateInput): Date {
  const date = input instanceof Date ? input : new Date(input);
  if (Number.isNaN(date.getTime())) throw errors.badRequest('document.invalid_date', `Not a date: ${String(input)}`);
  return date;
}

/** `04/11/2025` */
export function vnDate(input: DateInput): string {
  const p = vnParts(input);
  return `${p.day}/${p.month}/${p.year}`;
}

/** `07 giờ 30 phút, ngày 04/11/2025`, the way the receipt states times. */
export function vnDateTime(input: DateInput): string {
  const p = vnParts(input);
  return `${p.hour} giờ ${p.minute} phút, ngày ${p.day}/${p.month}/${p.year}`;
}

/** `04/11/2025 07:30`, compact for table cells. */
export function vnShortDateTime(input: DateInput): string {
  const p = vnParts(input);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** `ngày 04 tháng 11 năm 2025`, the dated line under the national motto. */
export function vnLongDate(input: DateInput): string {
  const p = vnParts(input);
  return `ngày ${p.day} tháng ${p.month} năm ${p.year}`;
}

/** The Vietnamese calendar day as `YYYY-MM-DD`, comparable as a string. */
export function vnDayKey(input: DateInput): string {
  const p = vnParts(input);
  return `${p.year}-${p.month}-${p.day}`;
}

/** VND has no minor unit: an amount is a whole, non-negative number of đồng. */
export function assertVndAmount(amount: number, what = 'amount'): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw errors.badRequest('document.invalid_amount', `The ${what} must be a whole, non-negative number of đồng: ${amount}`);
  }
}

/** `1.200.000 đ`: dots between thousands, as Vietnamese receipts print amounts. */
export function formatVnd(amount: number): string {
  assertVndAmount(amount);
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** Reads 0–999; `full` says a higher group precedes it, so "không trăm" and "linh" are spoken. */
function readGroup(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  const words: string[] = [];
  if (hundreds > 0 || full) words.push(DIGITS[hundreds], 'trăm');
  if (tens === 0) {
    if (ones > 0 && words.length > 0) words.push('linh');
  } else if (tens === 1) {
    words.push('mười');
  } else {
    words.push(DIGITS[tens], 'mươi');
  }
  if (ones === 1 && tens >= 2) words.push('mốt');
  else if (ones === 4 && tens >= 2) words.push('tư');
  else if (ones === 5 && tens >= 1) words.push('lăm');
  else if (ones > 0) words.push(DIGITS[ones]);
  return words;
}

const GROUP_UNITS = ['', 'nghìn', 'triệu'];

function readBelowBillion(n: number, full: boolean): string[] {
  const groups = [n % 1000, Math.floor(n / 1000) % 1000, Math.floor(n / 1_000_000)];
  const words: string[] = [];
  for (let i = 2; i >= 0; i -= 1) {
    if (groups[i] === 0) continue;
    words.push(...readGroup(groups[i], full || words.length > 0));
    if (GROUP_UNITS[i]) words.push(GROUP_UNITS[i]);
  }
  return words;
}

function readNumber(n: number, full: boolean): string[] {
  if (n < 1_000_000_000) return readBelowBillion(n, full);
  // Above a billion the units repeat: "một nghìn tỷ", "một triệu tỷ".
  const billions = Math.floor(n / 1_000_000_000);
  const rest = n % 1_000_000_000;
  return [...readNumber(billions, full), 'tỷ', ...(rest > 0 ? readBelowBillion(rest, true) : [])];
}

/** `Một triệu hai trăm nghìn đồng`, the "amount in words" line of a receipt. */
export function vndInWords(amount: number): string {
  assertVndAmount(amount);
  const words = amount === 0 ? ['không'] : readNumber(amount, false);
  const text = [...words, 'đồng'].join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
