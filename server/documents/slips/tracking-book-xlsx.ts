/**
 * The tracking book (slip 06) as a spreadsheet, for units that file or filter it in Excel.
 * Dates are real Excel dates (so they sort and filter), holding the Vietnamese wall-clock
 * time: Excel dates have no zone, and a reader in Hà Nội expects to see Hà Nội's day.
 */
import { toDate, vnParts, type DateInput } from '../format.js';
import { PRODUCER } from '../pdf/render.js';
import { BOOK_HEADERS, checkBook, OUTCOME_LABELS, periodText, summaryText, type TrackingBookData } from './tracking-book.js';

/** The Vietnamese wall-clock time of an instant, as the UTC fields of a Date (what ExcelJS writes). */
export function excelLocalDate(input: DateInput): Date {
  const p = vnParts(input);
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)));
}

const COLUMN_WIDTHS = [5, 28, 40, 24, 30, 16, 12, 14, 15, 20];
const DATE = 'dd/mm/yyyy';
const DATE_TIME = 'dd/mm/yyyy hh:mm';

export async function renderTrackingBookXlsx(data: TrackingBookData): Promise<Buffer> {
  checkBook(data);
  // Loaded when a book is asked for, not at start: exceljs is heavy.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const created = toDate(data.issuedAt);
  workbook.creator = PRODUCER;
  workbook.lastModifiedBy = PRODUCER;
  workbook.created = created;
  workbook.modified = created;
  workbook.title = `Sổ theo dõi hồ sơ - ${data.unit.name}`;

  const sheet = workbook.addWorksheet('Sổ theo dõi hồ sơ', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = COLUMN_WIDTHS.map((width) => ({ width }));
  const lastColumn = BOOK_HEADERS.length;

  const banner = (row: number, text: string, bold = false, size = 11) => {
    sheet.mergeCells(row, 1, row, lastColumn);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = { name: 'Times New Roman', bold, size };
    cell.alignment = { horizontal: 'center' };
  };
  banner(1, data.unit.parentName ? `${data.unit.parentName.toUpperCase()} - ${data.unit.name.toUpperCase()}` : data.unit.name.toUpperCase(), true);
  banner(2, 'SỔ THEO DÕI HỒ SƠ', true, 14);
  banner(3, periodText(data) + (data.volume ? ` - Quyển số: ${data.volume}` : ''));

  const headerRow = 5;
  const header = sheet.getRow(headerRow);
  header.values = BOOK_HEADERS;
  header.font = { name: 'Times New Roman', bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];

  data.entries.forEach((entry, i) => {
    const row = sheet.addRow([
      i + 1,
      entry.dossierCode,
      entry.serviceName,
      entry.applicantName,
      entry.applicantContact ?? '',
      excelLocalDate(entry.receivedAt),
      excelLocalDate(entry.dueAt),
      entry.finishedAt === undefined ? null : excelLocalDate(entry.finishedAt),
      OUTCOME_LABELS[entry.outcome],
      entry.note ?? '',
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(6).numFmt = DATE_TIME;
    row.getCell(7).numFmt = DATE;
    row.getCell(8).numFmt = DATE;
  });

  for (let r = headerRow; r <= sheet.rowCount; r += 1) {
    for (let c = 1; c <= lastColumn; c += 1) {
      const thin = { style: 'thin' as const };
      sheet.getCell(r, c).border = { top: thin, left: thin, bottom: thin, right: thin };
    }
  }
  const summary = sheet.addRow([summaryText(data.entries)]);
  sheet.mergeCells(summary.number, 1, summary.number, lastColumn);
  summary.font = { bold: true };
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: lastColumn } };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
