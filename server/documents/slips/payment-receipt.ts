/**
 * The electronic receipt of a fee paid online: who paid, for which dossier, each fee line, the
 * total in figures and in words, and the payment platform's transaction id, so that a payment
 * can be matched to the provider's statement.
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { errors } from '../../errors.js';
import { assertVndAmount, formatVnd, vndInWords, vnDateTime, type DateInput } from '../format.js';
import { field, grid, nationalHeader, paragraph, PORTRAIT_MARGINS, signatures, title, type IssuingUnit } from '../pdf/layout.js';
import { renderPdf } from '../pdf/render.js';
import type { ApplicantInfo } from './types.js';

export interface FeeLine {
  /** "Lệ phí đăng ký khai sinh", "Phí thẩm định hồ sơ". */
  description: string;
  /** Whole đồng. */
  amount: number;
}

export interface PaymentReceiptData {
  /** The unit that collects the fee. */
  unit: IssuingUnit;
  receiptNumber: string;
  /** Receipt template series (ký hiệu), when the unit's e-receipts have one. */
  series?: string;
  payer: ApplicantInfo;
  dossierCode: string;
  serviceName: string;
  lines: FeeLine[];
  /** Payment platform, as printed: "Nền tảng thanh toán trực tuyến (thử nghiệm)". */
  provider: string;
  transactionId: string;
  paidAt: DateInput;
  issuedAt: DateInput;
}

export function receiptTotal(lines: FeeLine[]): number {
  lines.forEach((line) => assertVndAmount(line.amount, `fee "${line.description}"`));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  assertVndAmount(total, 'total');
  return total;
}

export async function renderPaymentReceipt(data: PaymentReceiptData): Promise<Buffer> {
  if (data.lines.length === 0) throw errors.badRequest('document.receipt_empty', 'A receipt must have at least one fee line');
  const total = receiptTotal(data.lines);
  const rows: TableCell[][] = data.lines.map((line, i) => [
    { text: String(i + 1), alignment: 'center' },
    line.description,
    { text: formatVnd(line.amount), alignment: 'right' },
  ]);
  rows.push(['', { text: 'Tổng cộng', bold: true }, { text: formatVnd(total), alignment: 'right', bold: true }]);
  const content: Content[] = [
    nationalHeader({ unit: data.unit, dated: data.issuedAt }),
    title('BIÊN LAI ĐIỆN TỬ THU PHÍ, LỆ PHÍ', [data.series ? `Ký hiệu: ${data.series}` : '', `Số: ${data.receiptNumber}`].filter(Boolean).join('   ')),
    field('Đơn vị thu', data.unit.name),
    field('Người nộp', data.payer.name),
    ...(data.payer.idNumber ? [field('Số định danh cá nhân / Mã số thuế', data.payer.idNumber)] : []),
    ...(data.payer.address ? [field('Địa chỉ', data.payer.address)] : []),
    field('Mã hồ sơ', data.dossierCode),
    field('Thủ tục hành chính', data.serviceName),
    grid(['TT', 'Nội dung thu', 'Số tiền'], rows, [24, '*', 110]),
    field('Số tiền bằng chữ', vndInWords(total)),
    field('Hình thức thanh toán', `Trực tuyến qua ${data.provider}`),
    field('Mã giao dịch', data.transactionId),
    field('Thời gian thanh toán', vnDateTime(data.paidAt)),
    paragraph('Biên lai được lập tự động trên Hệ thống thông tin một cửa điện tử khi khoản thanh toán được xác nhận.', [0, 8, 0, 0]),
    signatures([
      { title: 'NGƯỜI NỘP TIỀN', hint: '(Thanh toán trực tuyến)', name: data.payer.name },
      { title: 'ĐƠN VỊ THU', hint: '(Lập tự động)', name: data.unit.name },
    ]),
  ];
  return renderPdf(
    { pageMargins: PORTRAIT_MARGINS, content },
    { title: `Biên lai thu phí, lệ phí ${data.receiptNumber} - hồ sơ ${data.dossierCode}`, author: data.unit.name, createdAt: data.issuedAt },
  );
}
