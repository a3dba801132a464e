import jsQR from 'jsqr';
import { renderReceiptSlip, type ReceiptSlipData } from '../../../../server/documents/slips/receipt.js';
import { applicant, components, dossierCode, dueAt, receivedAt, serviceName, trackingUrl, unit } from '../fixtures.js';
import { readPdf } from '../pdf-text.js';

const slip = (over: Partial<ReceiptSlipData> = {}): ReceiptSlipData => ({
  unit,
  dossierCode,
  applicant,
  serviceName,
  issuedAt: receivedAt,
  channel: 'direct',
  components,
  timeLimitDays: 3,
  receivedAt,
  dueAt,
  resultDelivery: { method: 'counter' },
  trackingUrl,
  receiverName: 'Trần Văn Đức',
  book: { volume: '01/2025', entry: '0007' },
  ...over,
});

describe('slip 01, receipt and appointment', () => {
  test('prints the form, the national motto, the unit, code, applicant, service and components', async () => {
    const { text } = await readPdf(await renderReceiptSlip(slip()));
    for (const expected of [
      'Mẫu số 01',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'ỦY BAN NHÂN DÂN PHƯỜNG PHÚC XÁ',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Mã hồ sơ: 000.31.01.H29-251103-0007',
      'Tiếp nhận hồ sơ của: Nguyễn Thị Hường',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
      '1 Tờ khai đăng ký khai sinh theo mẫu 1 0',
      '3 Căn cước công dân của người đi đăng ký 0 1',
      '3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc',
      'Quyển số: 01/2025, Số thứ tự: 0007',
      'NGƯỜI NỘP HỒ SƠ',
      'Trần Văn Đức',
    ]) {
      expect(text).toContain(expected.normalize('NFC'));
    }
  });

  test('dates are Vietnamese dates: received 17:30 UTC on 3 November is 00:30 on 04/11/2025', async () => {
    const { text } = await readPdf(await renderReceiptSlip(slip()));
    expect(text).toContain('Phúc Xá, ngày 04 tháng 11 năm 2025');
    expect(text).toContain('4. Thời gian nhận hồ sơ: 00 giờ 30 phút, ngày 04/11/2025');
    expect(text).toContain('5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 06/11/2025');
    expect(text).not.toContain('03/11/2025');
  });

  test('embeds a QR code that decodes to the public tracking address', async () => {
    const pdf = await readPdf(await renderReceiptSlip(slip()));
    expect(pdf.images[0]).toHaveLength(1);
    const image = pdf.images[0][0];
    expect(jsQR.default(image.rgba, image.width, image.height)?.data).toBe(trackingUrl);
    expect(pdf.text).toContain(trackingUrl);
  });

  test('names typed in decomposed Unicode come out composed', async () => {
    const decomposed = 'Nguyễn Thị Hường'.normalize('NFD');
    const { pages } = await readPdf(await renderReceiptSlip(slip({ applicant: { ...applicant, name: decomposed } })));
    expect(pages[0]).toContain('Nguyễn Thị Hường'.normalize('NFC'));
  });

  test('an online dossier has no applicant signature and says where the result goes', async () => {
    const { text } = await readPdf(
      await renderReceiptSlip(slip({ channel: 'online', receiverName: undefined, resultDelivery: { method: 'post', address: '5 Hàng Bài, Hoàn Kiếm, Hà Nội' } })),
    );
    expect(text).toContain('Hình thức nộp hồ sơ: Trực tuyến qua Cổng dịch vụ công');
    expect(text).toContain('6. Đăng ký nhận kết quả tại: Qua dịch vụ bưu chính công ích, địa chỉ: 5 Hàng Bài, Hoàn Kiếm, Hà Nội');
    expect(text).not.toContain('NGƯỜI NỘP HỒ SƠ');
    expect(text).toContain('NGƯỜI TIẾP NHẬN HỒ SƠ');
  });

  test('the same data gives the same bytes', async () => {
    const [a, b] = [await renderReceiptSlip(slip()), await renderReceiptSlip(slip())];
    expect(a.equals(b)).toBe(true);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('refuses a tracking address that is not a web address', async () => {
    await expect(renderReceiptSlip(slip({ trackingUrl: 'javascript:alert(1)' }))).rejects.toMatchObject({ status: 400, code: 'document.invalid_url' });
    await expect(renderReceiptSlip(slip({ trackingUrl: 'not a url' }))).rejects.toMatchObject({ code: 'document.invalid_url' });
  });
});
