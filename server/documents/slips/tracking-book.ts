/**
 * Slip 06 (Mẫu số 06): the tracking book. One unit, one period, every dossier received with its
 * dates and outcome; printed landscape (this file) or exported as a spreadsheet
 * (tracking-book-xlsx.ts) from the same rows.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { errors } from '../../errors.js';
import { toDate, vnDate, type DateInput } from '../format.js';
import { formNumber, grid, LANDSCAPE_MARGINS, LANDSCAPE_WIDTH, nationalHeader, pageFooter, title, type IssuingUnit } from '../pdf/layout.js';
import { renderPdf } from '../pdf/render.js';

/** How a dossier stands in the book; callers pass the classification they stored at finish. */
export type DossierOutcome = 'early' | 'on_time' | 'late' | 'in_progress' | 'refused' | 'withdrawn' | 'stopped';

export const OUTCOME_LABELS: Record<DossierOutcome, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
  in_progress: 'Đang giải quyết',
  refused: 'Từ chối',
  withdrawn: 'Rút hồ sơ',
  stopped: 'Dừng xử lý',
};

export interface TrackingBookEntry {
  dossierCode: string;
  applicantName: string;
  /** Address and phone, as the book prints them in one column. */
  applicantContact?: string;
  serviceName: string;
  receivedAt: DateInput;
  dueAt: DateInput;
  finishedAt?: DateInput;
  outcome: DossierOutcome;
  note?: string;
}

export interface TrackingBookData {
  unit: IssuingUnit;
  period: { from: DateInput; to: DateInput };
  /** The book's date, and the file's creation date. */
  issuedAt: DateInput;
  /** Volume number, when the unit keeps several books. */
  volume?: string;
  entries: TrackingBookEntry[];
}

export const BOOK_HEADERS = [
  'TT',
  'Mã hồ sơ',
  'Tên thủ tục hành chính',
  'Tổ chức, cá nhân',
  'Địa chỉ, số điện thoại',
  'Ngày nhận hồ sơ',
  'Ngày hẹn trả',
  'Ngày hoàn thành',
  'Kết quả',
  'Ghi chú',
];

export function checkBook(data: TrackingBookData): void {
  if (toDate(data.period.from).getTime() > toDate(data.period.to).getTime()) {
    throw errors.badRequest('document.period_reversed', 'The period of a tracking book must not end before it starts');
  }
}

export const periodText = (data: TrackingBookData) => `Từ ngày ${vnDate(data.period.from)} đến ngày ${vnDate(data.period.to)}`;

/** "Tổng số hồ sơ: 3 (Trước hạn: 1; Đúng hạn: 1; ...)", only the outcomes that occur. */
export function summaryText(entries: TrackingBookEntry[]): string {
  const counts = new Map<DossierOutcome, number>();
  for (const entry of entries) counts.set(entry.outcome, (counts.get(entry.outcome) ?? 0) + 1);
  const parts = (Object.keys(OUTCOME_LABELS) as DossierOutcome[])
    .filter((outcome) => counts.has(outcome))
    .map((outcome) => `${OUTCOME_LABELS[outcome]}: ${counts.get(outcome)}`);
  return `Tổng số hồ sơ: ${entries.length}${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

export async function renderTrackingBook(data: TrackingBookData): Promise<Buffer> {
  checkBook(data);
  const rows = data.entries.map((e, i) => [
    { text: String(i + 1), alignment: 'center' as const },
    e.dossierCode,
    e.serviceName,
    e.applicantName,
    e.applicantContact ?? '',
    vnDate(e.receivedAt),
    vnDate(e.dueAt),
    e.finishedAt === undefined ? '' : vnDate(e.finishedAt),
    OUTCOME_LABELS[e.outcome],
    e.note ?? '',
  ]);
  const content: Content[] = [
    formNumber('Mẫu số 06'),
    nationalHeader({ unit: data.unit, dated: data.issuedAt, width: LANDSCAPE_WIDTH }),
    title('SỔ THEO DÕI HỒ SƠ', ...[periodText(data), data.volume ? `Quyển số: ${data.volume}` : ''].filter(Boolean)),
    grid(BOOK_HEADERS, rows, [18, 104, '*', 80, 92, 50, 50, 50, 52, 58], 8),
    { text: summaryText(data.entries), bold: true, margin: [0, 4, 0, 0] },
  ];
  return renderPdf(
    { pageSize: 'A4', pageOrientation: 'landscape', pageMargins: LANDSCAPE_MARGINS, content, footer: pageFooter },
    { title: `Sổ theo dõi hồ sơ - ${data.unit.name} - ${periodText(data)}`, author: data.unit.name, createdAt: data.issuedAt },
  );
}
