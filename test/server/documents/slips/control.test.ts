import { classifyStep, renderControlSlip, type ControlSlipData, type ControlStep } from '../../../../server/documents/slips/control.js';
import { applicant, dossierCode, dueAt, receivedAt, serviceName, unit } from '../fixtures.js';
import { readPdf } from '../pdf-text.js';

const group = 'Công chức Tư pháp - Hộ tịch, UBND phường Phúc Xá';
const steps: ControlStep[] = [
  // Done 16:00 on 04/11, due 17:00 on 04/11 in Vietnam: on time.
  { name: 'Tiếp nhận hồ sơ', handler: 'Trần Văn Đức', group: 'Bộ phận một cửa, UBND phường Phúc Xá', receivedAt, dueAt: '2025-11-04T10:00:00Z', doneAt: '2025-11-04T09:00:00Z' },
  // Done on 04/11, due on 05/11: early.
  { name: 'Thẩm định hồ sơ', handler: 'Lê Thị Lan', group, receivedAt: '2025-11-04T09:00:00Z', dueAt: '2025-11-05T10:00:00Z', doneAt: '2025-11-04T16:59:00Z' },
  // Done 08:30 on 06/11, due 17:00 on 05/11: late.
  { name: 'Phê duyệt', handler: 'Hoàng Minh Tuấn', group: 'Lãnh đạo UBND phường Phúc Xá', receivedAt: '2025-11-05T01:00:00Z', dueAt: '2025-11-05T10:00:00Z', doneAt: '2025-11-06T01:30:00Z', note: 'Chờ ký số' },
  // Open, due 17:00 on 06/11, the slip dated 09:00 on 06/11: still in progress.
  { name: 'Trả kết quả', group: 'Bộ phận một cửa, UBND phường Phúc Xá', receivedAt: '2025-11-06T01:30:00Z', dueAt },
];

const data: ControlSlipData = {
  unit,
  dossierCode,
  applicant,
  serviceName,
  issuedAt: '2025-11-06T02:00:00Z',
  receivedAt,
  dueAt,
  cooperatingUnits: ['Công an phường Phúc Xá'],
  steps,
};

describe('slip 05, processing control slip', () => {
  test('classes steps by Vietnamese days: early, on time, late, open, overdue', () => {
    const asOf = '2025-11-06T02:00:00Z';
    expect(steps.map((step) => classifyStep(step, asOf))).toEqual(['on_time', 'early', 'late', 'in_progress']);
    // 00:30 on 05/11 in Vietnam is the due day itself, though UTC still says 4 November.
    expect(classifyStep({ dueAt: '2025-11-05T10:00:00Z', doneAt: '2025-11-04T17:30:00Z' }, asOf)).toBe('on_time');
    expect(classifyStep({ dueAt: '2025-11-05T10:00:00Z' }, '2025-11-05T10:00:01Z')).toBe('overdue');
    expect(classifyStep({ doneAt: '2025-11-05T10:00:00Z' }, asOf)).toBe('on_time');
  });

  test('prints every step with who, group, times and outcome', async () => {
    const { text } = await readPdf(await renderControlSlip(data));
    for (const expected of [
      'Mẫu số 05',
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      `Mã hồ sơ: ${dossierCode}`,
      'Kèm theo hồ sơ của: Nguyễn Thị Hường',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh',
      'Ngày nhận hồ sơ: 04/11/2025 00:30',
      'Ngày hẹn trả kết quả: 06/11/2025 17:00',
      'Cơ quan (bộ phận) giải quyết hồ sơ: Ủy ban nhân dân phường Phúc Xá',
      'Cơ quan phối hợp giải quyết hồ sơ: Công an phường Phúc Xá',
      `1 Tiếp nhận hồ sơ Trần Văn Đức Bộ phận một cửa, UBND phường Phúc Xá 04/11/2025 00:30 04/11/2025 17:00 04/11/2025 16:00 Đúng hạn`,
      `2 Thẩm định hồ sơ Lê Thị Lan ${group} 04/11/2025 16:00 05/11/2025 17:00 04/11/2025 23:59 Trước hạn`,
      '3 Phê duyệt Hoàng Minh Tuấn Lãnh đạo UBND phường Phúc Xá 05/11/2025 08:00 05/11/2025 17:00 06/11/2025 08:30 Quá hạn Chờ ký số',
      '4 Trả kết quả Chưa có người nhận',
      'Đang xử lý',
    ]) {
      expect(text).toContain(expected);
    }
  });

  test('a long history runs over pages, each numbered', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...steps[1], name: `Bước ${i + 1}` }));
    const pdf = await readPdf(await renderControlSlip({ ...data, steps: many }));
    expect(pdf.pages.length).toBeGreaterThan(1);
    expect(pdf.text).toContain(`Trang 1/${pdf.pages.length}`);
    expect(pdf.text).toContain('Bước 40');
    // The table header repeats on each page.
    expect(pdf.pages.every((page) => page.includes('Hạn xử lý'))).toBe(true);
  });
});
