/**
 * The sandbox's pay page, in Vietnamese: what a citizen sees at the "gateway". Plain HTML
 * with no script, so the app's strict Content-Security-Policy holds.
 */
import type { SandboxOrder } from './sandbox.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** 150000 → "150.000 ₫", as amounts are written in Vietnam. */
export function formatVnd(amount: number): string {
  return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(amount)} ₫`;
}

export type SandboxPageInput =
  | { kind: 'order'; order: SandboxOrder; token: string; done?: { status: 'paid' | 'failed'; paidAt: Date } }
  | { kind: 'invalid' }
  | { kind: 'expired' };

const STYLE = `body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;background:#f3f5f9;margin:0;color:#1d2433}
main{max-width:34rem;margin:3rem auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0001;padding:2rem}
h1{font-size:1.35rem;margin:0 0 .5rem;color:#0b4a8b}.note{background:#fff7e0;border:1px solid #f0d58a;padding:.6rem .8rem;border-radius:8px;font-size:.9rem}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.5rem 1rem;margin:1.5rem 0}dt{color:#5b6475}dd{margin:0;font-weight:600;word-break:break-word}
.amount{font-size:1.4rem;color:#b3261e}form{display:flex;gap:.75rem}button{flex:1;font-size:1rem;padding:.75rem;border-radius:8px;border:0;cursor:pointer}
.pay{background:#0b6bcb;color:#fff}.cancel{background:#e6e9ef;color:#1d2433}.done{font-weight:600}`;

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
<h1>Cổng thanh toán thử nghiệm</h1>
<p class="note">Đây là môi trường thử nghiệm (sandbox): không có khoản tiền thật nào được chuyển.</p>
${content}
</main></body>
</html>`;
}

export function renderSandboxPayPage(input: SandboxPageInput): string {
  if (input.kind === 'invalid') return page('Liên kết không hợp lệ', '<p>Liên kết thanh toán không hợp lệ. Vui lòng quay lại Cổng dịch vụ công và thực hiện lại.</p>');
  if (input.kind === 'expired') return page('Liên kết đã hết hạn', '<p>Liên kết thanh toán đã hết hạn. Vui lòng quay lại Cổng dịch vụ công để tạo yêu cầu thanh toán mới.</p>');
  const { order, token, done } = input;
  const details = `<dl>
<dt>Mã giao dịch</dt><dd>${escapeHtml(order.providerRef)}</dd>
<dt>Nội dung</dt><dd>${escapeHtml(order.description)}</dd>
<dt>Số tiền</dt><dd class="amount">${escapeHtml(formatVnd(order.amountVnd))}</dd>
</dl>`;
  if (done) {
    const text = done.status === 'paid' ? 'Giao dịch này đã được thanh toán.' : 'Giao dịch này đã bị hủy.';
    return page('Giao dịch đã hoàn tất', `${details}<p class="done">${text}</p>
<form method="post" action="/payments/sandbox/${encodeURIComponent(order.paymentId)}/pay">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<button class="pay" type="submit" name="outcome" value="${done.status}">Quay lại Cổng dịch vụ công</button>
</form>`);
  }
  return page('Thanh toán phí, lệ phí', `${details}
<form method="post" action="/payments/sandbox/${encodeURIComponent(order.paymentId)}/pay">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<button class="pay" type="submit" name="outcome" value="paid">Thanh toán</button>
<button class="cancel" type="submit" name="outcome" value="failed">Hủy giao dịch</button>
</form>`);
}
