import { renderApologySlip, type ApologySlipData } from '../../../../server/documents/slips/apology.js';
import { renderWrittenRefusal } from '../../../../server/documents/slips/written-refusal.js';
import { renderRefusalSlip } from '../../../../server/documents/slips/refusal.js';
import { renderSupplementSlip, type SupplementSlipData } from '../../../../server/documents/slips/supplement.js';
import { applicant, dossierCode, dueAt, receivedAt, serviceName, unit } from '../fixtures.js';
import { readPdf } from '../pdf-text.js';

const base = { unit, dossierCode, applicant, serviceName, receivedAt };

describe('slip 02, request to supplement', () => {
  const data: SupplementSlipData = {
    ...base,
    issuedAt: '2025-11-04T02:15:00Z',
    items: [
      { name: 'Giấy chứng sinh', issue: 'missing' },
      { name: 'Tờ khai đăng ký khai sinh theo mẫu', issue: 'incorrect', detail: 'ghi sai ngày sinh của người mẹ' },
    ],
    reason: 'Hồ sơ thiếu giấy chứng sinh bản chính theo khoản 1 Điều 16 Luật Hộ tịch.',
    guide: { name: 'Lê Thị Lan', phone: '024 3823 1234' },
  };

  test('lists each missing or wrong component, the reason and whom to ask', async () => {
    const { text } = await readPdf(await renderSupplementSlip(data));
    for (const expected of [
      'Mẫu số 02',
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      `Mã hồ sơ: ${dossierCode}`,
      'Hồ sơ của: Nguyễn Thị Hường',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
      'Ngày 04/11/2025, Bộ phận Tiếp nhận và Trả kết quả - Ủy ban nhân dân phường Phúc Xá đã tiếp nhận hồ sơ',
      '1. Bổ sung: Giấy chứng sinh',
      '2. Sửa đổi, hoàn thiện: Tờ khai đăng ký khai sinh theo mẫu - ghi sai ngày sinh của người mẹ',
      'Lý do: Hồ sơ thiếu giấy chứng sinh bản chính theo khoản 1 Điều 16 Luật Hộ tịch.',
      'liên hệ với Lê Thị Lan, số điện thoại 024 3823 1234',
      'NGƯỜI HƯỚNG DẪN',
      'Phúc Xá, ngày 04 tháng 11 năm 2025',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('refuses a request that names nothing to supplement', async () => {
    await expect(renderSupplementSlip({ ...data, items: [] })).rejects.toMatchObject({ status: 400, code: 'document.supplement_empty' });
  });
});

describe('slip 03, refusal', () => {
  const reason = 'Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã; đề nghị nộp tại Sở Tư pháp thành phố Hà Nội.';

  test('states the refusal and its reason', async () => {
    const { text } = await readPdf(
      await renderRefusalSlip({ ...base, issuedAt: '2025-11-04T03:00:00Z', reason, signer: { name: 'Phạm Quốc Khánh' } }),
    );
    for (const expected of [
      'Mẫu số 03',
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      `Mã hồ sơ: ${dossierCode}`,
      'Tiếp nhận hồ sơ của: Nguyễn Thị Hường',
      'Ngày tiếp nhận: 04/11/2025',
      'Ủy ban nhân dân phường Phúc Xá từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:',
      reason,
      'Phạm Quốc Khánh',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('refuses a refusal without a reason', async () => {
    await expect(renderRefusalSlip({ ...base, issuedAt: receivedAt, reason: '  ' })).rejects.toMatchObject({ code: 'document.reason_required' });
  });
});

describe('slip 04, apology and new date', () => {
  const data: ApologySlipData = {
    ...base,
    issuedAt: '2025-11-05T08:00:00Z',
    previousDueAt: dueAt,
    // 17:00 on 10 November in Vietnam.
    newDueAt: '2025-11-10T10:00:00Z',
    reason: 'Cần xác minh thông tin cư trú của người mẹ tại địa phương khác.',
    signer: { title: 'CHỦ TỊCH', name: 'Hoàng Minh Tuấn' },
  };

  test('gives the old date, the reason, the apology and the new date', async () => {
    const { text } = await readPdf(await renderApologySlip(data));
    for (const expected of [
      'Mẫu số 04',
      'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
      'Ngày 04/11/2025, Ủy ban nhân dân phường Phúc Xá tiếp nhận giải quyết hồ sơ của ông/bà Nguyễn Thị Hường.',
      `Mã hồ sơ: ${dossierCode}`,
      'Thời hạn trả kết quả giải quyết hồ sơ: 06/11/2025',
      'Lý do: Cần xác minh thông tin cư trú của người mẹ tại địa phương khác.',
      'xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào ngày 10 tháng 11 năm 2025 (10/11/2025).',
      'CHỦ TỊCH',
      'Hoàng Minh Tuấn',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('refuses a new date that is not later than the old one', async () => {
    await expect(renderApologySlip({ ...data, newDueAt: dueAt })).rejects.toMatchObject({ status: 400, code: 'document.new_date_not_later' });
  });
});

describe('the written refusal, the result of a dossier refused at approval', () => {
  const reason = 'Người được đăng ký khai sinh đã được đăng ký khai sinh tại Ủy ban nhân dân phường Trúc Bạch.';

  test('names the dossier, the service, the applicant, the reason, the unit and the date', async () => {
    const { text } = await readPdf(
      await renderWrittenRefusal({ ...base, issuedAt: '2025-11-06T03:00:00Z', reason, signer: { name: 'Hoàng Minh Tuấn' } }),
    );
    for (const expected of [
      'ỦY BAN NHÂN DÂN PHƯỜNG PHÚC XÁ',
      'Phúc Xá, ngày 06 tháng 11 năm 2025',
      'THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ',
      `Mã hồ sơ: ${dossierCode}`,
      'Kính gửi: ông/bà Nguyễn Thị Hường',
      'Ngày 04/11/2025, Ủy ban nhân dân phường Phúc Xá tiếp nhận hồ sơ',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
      reason,
      'THỦ TRƯỞNG CƠ QUAN',
      'Hoàng Minh Tuấn',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('refuses a refusal without a reason', async () => {
    await expect(renderWrittenRefusal({ ...base, issuedAt: receivedAt, reason: ' ' })).rejects.toMatchObject({ status: 400, code: 'document.reason_required' });
  });
});
