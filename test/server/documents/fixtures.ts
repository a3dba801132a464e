/** Realistic data for the slips: a ward of Hà Nội, a citizen, a birth registration. */
import type { IssuingUnit } from '../../../server/documents/pdf/layout.js';
import type { ApplicantInfo, ReceivedComponent } from '../../../server/documents/slips/types.js';

export const unit: IssuingUnit = {
  name: 'Ủy ban nhân dân phường Phúc Xá',
  parentName: 'Ủy ban nhân dân quận Ba Đình',
  place: 'Phúc Xá',
  receivingDepartment: 'Bộ phận Tiếp nhận và Trả kết quả',
};

export const applicant: ApplicantInfo = {
  name: 'Nguyễn Thị Hường',
  idNumber: '001190012345',
  address: 'Số 12 ngõ 34 phố Phúc Xá, phường Phúc Xá, quận Ba Đình, Hà Nội',
  phone: '0912 345 678',
  email: 'huong.nguyen@example.vn',
};

export const dossierCode = '000.31.01.H29-251103-0007';
export const serviceName = 'Đăng ký khai sinh';

export const components: ReceivedComponent[] = [
  { name: 'Tờ khai đăng ký khai sinh theo mẫu', originals: 1, copies: 0 },
  { name: 'Giấy chứng sinh', originals: 1, copies: 0 },
  { name: 'Căn cước công dân của người đi đăng ký', originals: 0, copies: 1 },
];

/** 00:30 on 4 November in Vietnam, still 3 November in UTC and in the Americas. */
export const receivedAt = '2025-11-03T17:30:00Z';
/** 17:00 on 6 November in Vietnam. */
export const dueAt = '2025-11-06T10:00:00Z';

export const trackingUrl = `https://dichvucong.phucxa.example.gov.vn/tra-cuu/${dossierCode}`;
