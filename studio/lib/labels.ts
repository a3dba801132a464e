/** Names of statuses and levels as designers read them. */
import { L } from '../../ui/i18n.js';

export const serviceStatusLabel = (s: string) =>
  ({ draft: L('Bản nháp', 'Draft'), published: L('Đã công bố', 'Published'), retired: L('Ngừng áp dụng', 'Retired') })[s] ?? s;

export const onlineLevelLabel = (s: string) => ({ full: L('Toàn trình', 'Full online'), partial: L('Một phần', 'Partial') })[s] ?? s;

/** Dossier statuses as exchanged with the national portal. */
export const DOSSIER_STATUSES: Array<[number, string, string]> = [
  [1, 'Mới đăng ký', 'Newly submitted'],
  [2, 'Được tiếp nhận', 'Accepted'],
  [3, 'Không được tiếp nhận', 'Not accepted'],
  [4, 'Đang xử lý', 'In processing'],
  [5, 'Yêu cầu bổ sung giấy tờ', 'Documents requested'],
  [6, 'Yêu cầu thực hiện nghĩa vụ tài chính', 'Payment requested'],
  [7, 'Công dân yêu cầu rút hồ sơ', 'Withdrawn by the citizen'],
  [8, 'Dừng xử lý', 'Processing stopped'],
  [9, 'Đã xử lý xong', 'Processing finished'],
  [10, 'Đã trả kết quả', 'Result returned'],
];
export const dossierStatusLabel = (n: number) => {
  const s = DOSSIER_STATUSES.find(([k]) => k === n);
  return s ? `${n} · ${L(s[1], s[2])}` : String(n);
};

/** Decisions of the standard template, and what an official's button says. */
export const KNOWN_DECISIONS: Array<[string, string, string]> = [
  ['accept', 'Tiếp nhận', 'Accept'],
  ['request-supplement', 'Yêu cầu bổ sung', 'Request supplement'],
  ['refuse', 'Từ chối', 'Refuse'],
  ['forward', 'Chuyển bước tiếp', 'Forward'],
  ['send-back', 'Trả lại bước trước', 'Send back'],
  ['approve', 'Phê duyệt', 'Approve'],
  ['return-result', 'Trả kết quả', 'Return result'],
];
export const decisionLabel = (key: string) => {
  const d = KNOWN_DECISIONS.find(([k]) => k === key);
  return d ? L(d[1], d[2]) : key;
};
