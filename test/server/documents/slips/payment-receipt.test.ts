import { renderPaymentReceipt, type PaymentReceiptData } from '../../../../server/documents/slips/payment-receipt.js';
import { applicant, dossierCode, serviceName, unit } from '../fixtures.js';
import { readPdf } from '../pdf-text.js';

const receipt: PaymentReceiptData = {
  unit,
  receiptNumber: '0000123',
  series: 'BL-25E',
  payer: applicant,
  dossierCode,
  serviceName,
  lines: [
    { description: 'Lệ phí đăng ký khai sinh', amount: 1_000_000 },
    { description: 'Phí cấp bản sao trích lục', amount: 200_000 },
  ],
  provider: 'Nền tảng thanh toán trực tuyến (thử nghiệm)',
  transactionId: 'SBX-20251104-8F3A2C',
  // 23:15 on 3 November UTC is 06:15 on 4 November in Vietnam.
  paidAt: '2025-11-03T23:15:00Z',
  issuedAt: '2025-11-03T23:15:05Z',
};

describe('electronic receipt of a fee payment', () => {
  test('prints payer, dossier, each fee, the total in figures and words, the transaction and time', async () => {
    const { text } = await readPdf(await renderPaymentReceipt(receipt));
    for (const expected of [
      'BIÊN LAI ĐIỆN TỬ THU PHÍ, LỆ PHÍ',
      'Ký hiệu: BL-25E Số: 0000123',
      'Đơn vị thu: Ủy ban nhân dân phường Phúc Xá',
      'Người nộp: Nguyễn Thị Hường',
      `Mã hồ sơ: ${dossierCode}`,
      'Thủ tục hành chính: Đăng ký khai sinh',
      '1 Lệ phí đăng ký khai sinh 1.000.000 đ',
      '2 Phí cấp bản sao trích lục 200.000 đ',
      'Tổng cộng 1.200.000 đ',
      'Số tiền bằng chữ: Một triệu hai trăm nghìn đồng',
      'Hình thức thanh toán: Trực tuyến qua Nền tảng thanh toán trực tuyến (thử nghiệm)',
      'Mã giao dịch: SBX-20251104-8F3A2C',
      'Thời gian thanh toán: 06 giờ 15 phút, ngày 04/11/2025',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('refuses fractional or negative fees and an empty receipt', async () => {
    await expect(renderPaymentReceipt({ ...receipt, lines: [{ description: 'Lệ phí', amount: 1000.5 }] })).rejects.toMatchObject({ code: 'document.invalid_amount' });
    await expect(renderPaymentReceipt({ ...receipt, lines: [{ description: 'Hoàn phí', amount: -5000 }] })).rejects.toMatchObject({ code: 'document.invalid_amount' });
    await expect(renderPaymentReceipt({ ...receipt, lines: [] })).rejects.toMatchObject({ code: 'document.receipt_empty' });
  });
});
