/**
 * Dossier statuses as exchanged with the national portal, with their names: the one source
 * for the server (replies, tracking page, history, the portal sync), the process template's
 * milestones and the studio (its status list and the test run), so one status reads the same
 * everywhere. Plain data: the browser bundles import it too.
 */
export const STATUS_NAMES: Readonly<Record<number, { vi: string; en: string }>> = {
  1: { vi: 'Mới đăng ký', en: 'Newly submitted' },
  2: { vi: 'Đã tiếp nhận', en: 'Accepted' },
  3: { vi: 'Không được tiếp nhận', en: 'Not accepted' },
  4: { vi: 'Đang xử lý', en: 'In processing' },
  5: { vi: 'Yêu cầu bổ sung giấy tờ', en: 'Documents requested' },
  6: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Payment requested' },
  7: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn by the citizen' },
  8: { vi: 'Dừng xử lý', en: 'Processing stopped' },
  9: { vi: 'Đã xử lý xong', en: 'Processing finished' },
  10: { vi: 'Đã trả kết quả', en: 'Result returned' },
};
