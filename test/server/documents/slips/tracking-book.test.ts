import ExcelJS from 'exceljs';
import { renderTrackingBook, type TrackingBookData } from '../../../../server/documents/slips/tracking-book.js';
import { renderTrackingBookXlsx } from '../../../../server/documents/slips/tracking-book-xlsx.js';
import { dossierCode, dueAt, receivedAt, unit } from '../fixtures.js';
import { readPdf } from '../pdf-text.js';

const book: TrackingBookData = {
  unit,
  period: { from: '2025-11-01', to: '2025-11-30' },
  issuedAt: '2025-12-01T02:00:00Z',
  volume: '01/2025',
  entries: [
    {
      dossierCode,
      applicantName: 'Nguyễn Thị Hường',
      applicantContact: 'Số 12 ngõ 34 phố Phúc Xá, 0912 345 678',
      serviceName: 'Đăng ký khai sinh',
      receivedAt,
      dueAt,
      finishedAt: '2025-11-05T08:00:00Z',
      outcome: 'early',
    },
    {
      dossierCode: '000.31.01.H29-251104-0001',
      applicantName: 'Công ty TNHH Thương mại Hòa Bình',
      serviceName: 'Chứng thực chữ ký trong các giấy tờ, văn bản',
      receivedAt: '2025-11-04T02:00:00Z',
      dueAt: '2025-11-04T10:00:00Z',
      finishedAt: '2025-11-05T02:00:00Z',
      outcome: 'late',
      note: 'Đã xin lỗi, hẹn lại',
    },
    {
      dossierCode: '000.31.01.H29-251120-0003',
      applicantName: 'Đỗ Văn Quý',
      serviceName: 'Đăng ký kết hôn',
      receivedAt: '2025-11-20T03:00:00Z',
      dueAt: '2025-12-03T10:00:00Z',
      outcome: 'in_progress',
    },
  ],
};

describe('slip 06, tracking book as PDF', () => {
  test('is landscape and lists every dossier with its dates and outcome', async () => {
    const pdf = await readPdf(await renderTrackingBook(book));
    expect(pdf.pageSizes[0].width).toBeGreaterThan(pdf.pageSizes[0].height);
    for (const expected of [
      'Mẫu số 06',
      'SỔ THEO DÕI HỒ SƠ',
      'Từ ngày 01/11/2025 đến ngày 30/11/2025',
      'Quyển số: 01/2025',
      'Phúc Xá, ngày 01 tháng 12 năm 2025',
      `1 ${dossierCode} Đăng ký khai sinh Nguyễn Thị Hường`,
      '04/11/2025 06/11/2025 05/11/2025 Trước hạn',
      'Công ty TNHH Thương mại Hòa Bình',
      '04/11/2025 04/11/2025 05/11/2025 Quá hạn Đã xin lỗi, hẹn lại',
      '3 000.31.01.H29-251120-0003 Đăng ký kết hôn Đỗ Văn Quý',
      '20/11/2025 03/12/2025 Đang giải quyết',
      'Tổng số hồ sơ: 3 (Trước hạn: 1; Quá hạn: 1; Đang giải quyết: 1)',
    ]) {
      expect(pdf.text).toContain(expected);
    }
  });

  test('refuses a period that ends before it starts', async () => {
    await expect(renderTrackingBook({ ...book, period: { from: '2025-11-30', to: '2025-11-01' } })).rejects.toMatchObject({
      status: 400,
      code: 'document.period_reversed',
    });
  });
});

describe('slip 06, tracking book as XLSX', () => {
  async function openBook(data: TrackingBookData) {
    const workbook = new ExcelJS.Workbook();
    const xlsx = await renderTrackingBookXlsx(data);
    await workbook.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer);
    return workbook;
  }

  test('has a header row and one row per dossier, dates as Excel dates of the Vietnamese day', async () => {
    const workbook = await openBook(book);
    const sheet = workbook.getWorksheet('Sổ theo dõi hồ sơ')!;
    expect(sheet.getCell('A2').value).toBe('SỔ THEO DÕI HỒ SƠ');
    expect(sheet.getCell('A3').value).toBe('Từ ngày 01/11/2025 đến ngày 30/11/2025 - Quyển số: 01/2025');
    expect(sheet.getRow(5).values).toEqual([
      undefined,
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
    ]);
    const first = sheet.getRow(6);
    expect(first.getCell(2).value).toBe(dossierCode);
    expect(first.getCell(4).value).toBe('Nguyễn Thị Hường');
    // Received 17:30 UTC on 3 November: 00:30 on 4 November in Hà Nội, which is what Excel shows.
    expect(first.getCell(6).value).toEqual(new Date(Date.UTC(2025, 10, 4, 0, 30)));
    expect(first.getCell(6).numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(first.getCell(7).value).toEqual(new Date(Date.UTC(2025, 10, 6, 17, 0)));
    expect(first.getCell(9).value).toBe('Trước hạn');
    expect(sheet.getRow(8).getCell(8).value).toBeNull();
    expect(sheet.getRow(8).getCell(9).value).toBe('Đang giải quyết');
    expect(sheet.getRow(9).getCell(1).value).toBe('Tổng số hồ sơ: 3 (Trước hạn: 1; Quá hạn: 1; Đang giải quyết: 1)');
    expect(workbook.created).toEqual(new Date(book.issuedAt as string));
  });

  test('an empty period still gives a book with its header and a zero total', async () => {
    const sheet = (await openBook({ ...book, entries: [] })).getWorksheet(1)!;
    expect(sheet.getRow(5).getCell(2).value).toBe('Mã hồ sơ');
    expect(sheet.getRow(6).getCell(1).value).toBe('Tổng số hồ sơ: 0');
  });
});
