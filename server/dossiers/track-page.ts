/** The public tracking page of a dossier (Vietnamese), for citizens who scan the receipt's QR code. */
import type { trackByCode } from './queries.js';
import { STATUS_NAMES } from './statuses.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const date = (d: Date | null) => (d ? new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d) : '—');

export function renderTrackPage(code: string, d: Awaited<ReturnType<typeof trackByCode>> | undefined): string {
  const body = d
    ? `<dl>
  <dt>Mã hồ sơ</dt><dd>${esc(d.code)}</dd>
  <dt>Thủ tục</dt><dd>${esc(d.service_name)}</dd>
  <dt>Cơ quan tiếp nhận</dt><dd>${esc(d.unit_name)}</dd>
  <dt>Trạng thái</dt><dd><strong>${esc(STATUS_NAMES[d.status]?.vi ?? String(d.status))}</strong> (cập nhật ${date(d.status_changed_at)})</dd>
  <dt>Ngày tiếp nhận</dt><dd>${date(d.received_at)}</dd>
  <dt>Ngày hẹn trả kết quả</dt><dd>${date(d.due_at)}</dd>
  <dt>Ngày giải quyết xong</dt><dd>${date(d.finished_at)}</dd>
  <dt>Ngày trả kết quả</dt><dd>${date(d.result_returned_at)}</dd>
</dl>`
    : `<p>Không tìm thấy hồ sơ có mã <strong>${esc(code)}</strong>. Vui lòng kiểm tra lại mã trên giấy tiếp nhận.</p>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tra cứu hồ sơ ${esc(code)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}dt{font-weight:600;margin-top:.6rem}dd{margin:0}</style>
</head><body><h1>Tra cứu tình trạng hồ sơ</h1>${body}</body></html>`;
}
