/** Names of statuses and levels as designers read them. */
import { L } from '../../ui/i18n.js';
import { STATUS_NAMES } from '../../schemas/dossier-status.js';

export const serviceStatusLabel = (s: string) =>
  ({ draft: L('Bản nháp', 'Draft'), published: L('Đã công bố', 'Published'), retired: L('Ngừng áp dụng', 'Retired') })[s] ?? s;

export const onlineLevelLabel = (s: string) => ({ full: L('Toàn trình', 'Full online'), partial: L('Một phần', 'Partial') })[s] ?? s;

/** Dossier statuses as exchanged with the national portal, named as the server names them. */
export const DOSSIER_STATUSES: Array<[number, string, string]> = Object.entries(STATUS_NAMES).map(([n, s]) => [Number(n), s.vi, s.en]);
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
