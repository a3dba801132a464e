/**
 * Days the government decided for public servants (cán bộ, công chức, viên chức), to seed a
 * new tenant's `calendar_days`. Only decisions whose days are certain are listed, each with
 * its source in `note`; admins add each year's decisions as they are published.
 *
 * The five Tết days and the day that goes with 2 September are the Prime Minister's choice
 * each year (Labour Code art. 112(3)), so they are recorded even where they coincide with
 * the default rule: the record, not the rule, is what the decision says. Weekends inside a
 * holiday period are not decisions and are not listed.
 */
import type { DecidedDay } from './calendar.js';

const VPCP_8726_2024 = 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ (Thủ tướng đồng ý phương án nghỉ Tết Âm lịch và các dịp lễ năm 2025 của Bộ LĐ-TB&XH)';
const VPCP_12729_2025 = 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (Phó Thủ tướng đồng ý phương án nghỉ Tết Dương lịch 2026 của Bộ Nội vụ)';
const TET_2026 = 'Phương án nghỉ Tết Âm lịch 2026 của Bộ Nội vụ được Thủ tướng Chính phủ đồng ý: công chức, viên chức nghỉ từ thứ Bảy 14/02 đến hết Chủ nhật 22/02/2026';
const LABOUR_CODE_112_3 = 'Bộ luật Lao động 2019, Điều 112 khoản 3: ngày lễ trùng ngày nghỉ hằng tuần được nghỉ bù vào ngày làm việc tiếp theo';

const KNOWN: readonly DecidedDay[] = [
  // Tết Ất Tỵ: 25/01-02/02/2025, the five days being 28 Chạp to mùng 3 (27-31 January).
  // Mùng 4 (Saturday 1 February) is therefore not a Tết day, and Monday 3 February, which
  // the default rule would give as its compensatory day, is worked.
  { day: '2025-01-27', kind: 'off', name: 'Tết Nguyên đán 2025 (28 tháng Chạp)', note: VPCP_8726_2024 },
  { day: '2025-01-28', kind: 'off', name: 'Tết Nguyên đán 2025 (29 tháng Chạp)', note: VPCP_8726_2024 },
  { day: '2025-01-29', kind: 'off', name: 'Tết Nguyên đán 2025 (mùng 1)', note: VPCP_8726_2024 },
  { day: '2025-01-30', kind: 'off', name: 'Tết Nguyên đán 2025 (mùng 2)', note: VPCP_8726_2024 },
  { day: '2025-01-31', kind: 'off', name: 'Tết Nguyên đán 2025 (mùng 3)', note: VPCP_8726_2024 },
  { day: '2025-02-03', kind: 'work', name: 'Làm việc sau Tết 2025 (không nghỉ bù mùng 4)', note: VPCP_8726_2024 },
  // 30/4-1/5/2025: 30 April-4 May, Friday 2 May swapped with Saturday 26 April.
  { day: '2025-04-26', kind: 'work', name: 'Làm bù cho thứ Sáu 02/5/2025', note: VPCP_8726_2024 },
  { day: '2025-05-02', kind: 'off', name: 'Nghỉ hoán đổi dịp 30/4-1/5/2025 (làm bù thứ Bảy 26/4)', note: VPCP_8726_2024 },
  // Quốc khánh 2025: 30 August-2 September, the day before (Monday 1 September) chosen.
  { day: '2025-09-01', kind: 'off', name: 'Quốc khánh 2025 (ngày liền kề trước 2/9)', note: VPCP_8726_2024 },
  { day: '2025-09-02', kind: 'off', name: 'Quốc khánh 2025', note: VPCP_8726_2024 },
  // Tết Dương lịch 2026: 1-4 January, Friday 2 January swapped with Saturday 10 January.
  { day: '2026-01-02', kind: 'off', name: 'Nghỉ hoán đổi dịp Tết Dương lịch 2026 (làm bù thứ Bảy 10/01)', note: VPCP_12729_2025 },
  { day: '2026-01-10', kind: 'work', name: 'Làm bù cho thứ Sáu 02/01/2026', note: VPCP_12729_2025 },
  // Tết Bính Ngọ: 14-22 February 2026, the five days being 29 Chạp to mùng 4 (16-20 February).
  { day: '2026-02-16', kind: 'off', name: 'Tết Nguyên đán 2026 (29 tháng Chạp)', note: TET_2026 },
  { day: '2026-02-17', kind: 'off', name: 'Tết Nguyên đán 2026 (mùng 1)', note: TET_2026 },
  { day: '2026-02-18', kind: 'off', name: 'Tết Nguyên đán 2026 (mùng 2)', note: TET_2026 },
  { day: '2026-02-19', kind: 'off', name: 'Tết Nguyên đán 2026 (mùng 3)', note: TET_2026 },
  { day: '2026-02-20', kind: 'off', name: 'Tết Nguyên đán 2026 (mùng 4)', note: TET_2026 },
  // Giỗ Tổ Hùng Vương 2026 falls on Sunday 26 April.
  { day: '2026-04-27', kind: 'off', name: 'Nghỉ bù Giỗ Tổ Hùng Vương 2026', note: LABOUR_CODE_112_3 },
];

/** The decisions to seed for a new tenant, oldest first. A fresh copy each call. */
export function knownGovernmentDecisions(): DecidedDay[] {
  return KNOWN.map((d) => ({ ...d }));
}
