import { AppError } from '../../../server/errors.js';
import { formatVnd, vnDate, vnDateTime, vnDayKey, vndInWords, vnLongDate, vnShortDateTime } from '../../../server/documents/format.js';

describe('Vietnamese dates', () => {
  test('an instant prints as its day and time in Vietnam, not in the process zone', () => {
    expect(vnDate('2025-11-03T17:30:00Z')).toBe('04/11/2025');
    expect(vnDateTime(new Date('2025-11-03T17:30:00Z'))).toBe('00 giờ 30 phút, ngày 04/11/2025');
    expect(vnShortDateTime('2025-11-03T17:30:00Z')).toBe('04/11/2025 00:30');
    expect(vnLongDate('2025-11-03T17:30:00Z')).toBe('ngày 04 tháng 11 năm 2025');
    expect(vnDayKey('2025-12-31T16:59:00Z')).toBe('2025-12-31');
    expect(vnDayKey('2025-12-31T17:00:00Z')).toBe('2026-01-01');
  });

  test('a bare calendar day stays that day', () => {
    expect(vnDate('2025-11-04')).toBe('04/11/2025');
    expect(vnLongDate('2026-01-01')).toBe('ngày 01 tháng 01 năm 2026');
  });

  test('refuses something that is not a date', () => {
    expect(() => vnDate('next Tuesday')).toThrow(AppError);
    expect(() => vnDate('next Tuesday')).toThrow(expect.objectContaining({ code: 'document.invalid_date', status: 400 }));
  });
});

describe('amounts in đồng', () => {
  test('groups thousands with dots and ends with đ', () => {
    expect(formatVnd(1_200_000)).toBe('1.200.000 đ');
    expect(formatVnd(0)).toBe('0 đ');
    expect(formatVnd(999)).toBe('999 đ');
    expect(formatVnd(1000)).toBe('1.000 đ');
    expect(formatVnd(12_345_678_901)).toBe('12.345.678.901 đ');
  });

  test('refuses fractions and negative amounts, which đồng do not have', () => {
    expect(() => formatVnd(1200.5)).toThrow(expect.objectContaining({ code: 'document.invalid_amount' }));
    expect(() => formatVnd(-1)).toThrow(expect.objectContaining({ code: 'document.invalid_amount' }));
    expect(() => formatVnd(Number.NaN)).toThrow(AppError);
  });

  test.each([
    [0, 'Không đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [15, 'Mười lăm đồng'],
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi tư đồng'],
    [14, 'Mười bốn đồng'],
    [55, 'Năm mươi lăm đồng'],
    [105, 'Một trăm linh năm đồng'],
    [110, 'Một trăm mười đồng'],
    [1005, 'Một nghìn không trăm linh năm đồng'],
    [2024, 'Hai nghìn không trăm hai mươi tư đồng'],
    [50_000, 'Năm mươi nghìn đồng'],
    [1_200_000, 'Một triệu hai trăm nghìn đồng'],
    [1_001_000, 'Một triệu không trăm linh một nghìn đồng'],
    [3_000_015, 'Ba triệu không trăm mười lăm đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [2_500_000_000, 'Hai tỷ năm trăm triệu đồng'],
    [1_000_000_000_000, 'Một nghìn tỷ đồng'],
  ])('reads %d as "%s"', (amount, words) => {
    expect(vndInWords(amount)).toBe(words);
  });
});
