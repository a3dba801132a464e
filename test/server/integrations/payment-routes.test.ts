/**
 * The payment routes in a small Fastify app of their own, listening on 127.0.0.1, with a
 * real test database: the sandbox's Pay button posts its signed callback over HTTP to the
 * callback route, whose `onPaid` writes in the same transaction as the payment.
 */
import crypto from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Trx } from '../../../server/db/connect.js';
import { createTenant } from '../../../server/admin/commands/units.js';
import { systemContext } from '../../../server/context.js';
import { queueNotification } from '../../../server/integrations/notifications/index.js';
import {
  PaymentRegistry,
  SIGNATURE_HEADER,
  createPayment,
  createSandboxProvider,
  paymentCallbackRoutes,
  sandboxPayRoutes,
  startPayment,
  type PaymentView,
  type SandboxProvider,
} from '../../../server/integrations/payments/index.js';
import { createTestDb, type TestDb } from '../../helpers/db.js';

const SECRET = 'route-test-secret-0123456789abcdefghijkl';

describe('payment routes', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let base: string;
  let tenantId: string;
  let sandbox: SandboxProvider;
  let registry: PaymentRegistry;
  const paidCalls: PaymentView[] = [];
  const failedCalls: PaymentView[] = [];
  const state = { breakOnPaid: false };

  beforeAll(async () => {
    t = await createTestDb();
    tenantId = (await createTenant(t.db, systemContext('test'), { agencyCode: '000.00.00.H29', name: 'Tỉnh thử' })).tenant.id;
    // The sandbox must know its public address before the app listens: take a free port first.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    base = `http://127.0.0.1:${port}`;
    app = Fastify({ logger: false });
    sandbox = createSandboxProvider({ db: t.db, secret: SECRET, publicBaseUrl: base, callbackTimeoutMs: 5000 });
    registry = new PaymentRegistry().register('sandbox', sandbox);
    const onPaid = async (trx: Trx, payment: PaymentView) => {
      // What the dossier code would do: continue the process in the same transaction.
      await queueNotification(trx, { tenantId: payment.tenantId, channel: 'email', destination: 'cong.dan@example.vn', template: 'payment.paid', subject: 'Đã nhận thanh toán', body: `Đã nhận ${payment.amountVnd} đồng`, payload: { paymentId: payment.id } });
      if (state.breakOnPaid) throw new Error('the dossier step failed');
      paidCalls.push(payment);
    };
    await app.register(paymentCallbackRoutes, { db: t.db, registry, onPaid, onFailed: async (_trx, p) => void failedCalls.push(p) });
    await app.register(sandboxPayRoutes, { sandbox });
    // A route outside the plugins: JSON parsing there must be untouched by the callback plugin.
    app.post('/echo', async (req) => req.body);
    await app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  async function started(amount = 250_000) {
    return t.db.transaction().execute(async (trx) => {
      const p = await createPayment(trx, registry, { tenantId, dossierId: crypto.randomUUID(), amountVnd: amount, provider: 'sandbox', purpose: 'payment-step', description: 'Phí thẩm định hồ sơ cấp phép xây dựng' });
      return startPayment(trx, registry, { tenantId, paymentId: p.id, returnUrl: `${base}/ho-so/abc?tab=thanh-toan`, callbackUrl: `${base}/api/payments/sandbox/callback` });
    });
  }
  const token = (redirectUrl: string) => new URL(redirectUrl).searchParams.get('t') ?? '';
  const press = (paymentId: string, t_: string, outcome = 'paid') =>
    app.inject({ method: 'POST', url: `/payments/sandbox/${paymentId}/pay`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ t: t_, outcome }).toString() });
  const payment = (id: string) => t.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** Rows written by onPaid: they exist only if its transaction committed. */
  const paidNotices = async (id: string) =>
    (await t.db.selectFrom('notification_outbox').select(['payload']).where('template', '=', 'payment.paid').execute()).filter((r) => (r.payload as { paymentId?: string }).paymentId === id);

  it('shows the pay page in Vietnamese with the amount', async () => {
    const p = await started();
    const res = await fetch(p.redirectUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('Cổng thanh toán thử nghiệm');
    expect(html).toContain('Phí thẩm định hồ sơ cấp phép xây dựng');
    expect(html).toContain('250.000 ₫');
    expect(html).toContain(p.providerRef);
  });

  it('refuses a tampered pay link with a Vietnamese page', async () => {
    const p = await started();
    const res = await app.inject({ method: 'GET', url: `/payments/sandbox/${p.payment.id}?t=${token(p.redirectUrl)}x` });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Liên kết thanh toán không hợp lệ');
    expect((await app.inject({ method: 'GET', url: '/payments/sandbox/not-a-uuid?t=x' })).statusCode).toBe(400);
  });

  it('Pay sends the signed callback; the payment is paid and onPaid runs once, in the same transaction', async () => {
    const p = await started();
    const res = await press(p.payment.id, token(p.redirectUrl));
    expect(res.statusCode).toBe(303);
    const back = new URL(res.headers.location as string);
    expect(`${back.origin}${back.pathname}`).toBe(`${base}/ho-so/abc`);
    expect(Object.fromEntries(back.searchParams)).toEqual({ tab: 'thanh-toan', paymentId: p.payment.id, status: 'paid' });
    expect(await payment(p.payment.id)).toMatchObject({ status: 'paid', version: 3 });
    expect(paidCalls.filter((c) => c.id === p.payment.id)).toHaveLength(1);
    expect(await paidNotices(p.payment.id)).toHaveLength(1);

    // Pressing Pay again re-sends the same callback: accepted as a duplicate, no second effect.
    expect((await press(p.payment.id, token(p.redirectUrl))).statusCode).toBe(303);
    expect(paidCalls.filter((c) => c.id === p.payment.id)).toHaveLength(1);
    expect(await paidNotices(p.payment.id)).toHaveLength(1);
    expect(await t.db.selectFrom('sandbox_payments').select(['callback_attempts', 'callback_acked_at']).where('provider_ref', '=', p.providerRef).executeTakeFirstOrThrow()).toMatchObject({ callback_attempts: 2, callback_acked_at: expect.any(Date) });
    const page = await (await fetch(p.redirectUrl)).text();
    expect(page).toContain('Giao dịch này đã được thanh toán.');
  });

  it('Cancel reports a failed payment through onFailed', async () => {
    const p = await started();
    const res = await press(p.payment.id, token(p.redirectUrl), 'failed');
    expect(new URL(res.headers.location as string).searchParams.get('status')).toBe('failed');
    expect(await payment(p.payment.id)).toMatchObject({ status: 'failed' });
    expect(failedCalls.map((c) => c.id)).toContain(p.payment.id);
  });

  it('when onPaid fails, nothing is kept and the redelivered callback succeeds later', async () => {
    const p = await started(99_000);
    state.breakOnPaid = true;
    const res = await press(p.payment.id, token(p.redirectUrl));
    expect(res.statusCode).toBe(303);
    expect(await payment(p.payment.id)).toMatchObject({ status: 'pending', version: 2 });
    expect(await paidNotices(p.payment.id)).toHaveLength(0);
    expect(await t.db.selectFrom('payment_callbacks').select('id').where('payment_id', '=', p.payment.id).execute()).toEqual([]);

    state.breakOnPaid = false;
    expect(await sandbox.redeliverCallbacks()).toBeGreaterThanOrEqual(1);
    expect(await payment(p.payment.id)).toMatchObject({ status: 'paid' });
    expect(await paidNotices(p.payment.id)).toHaveLength(1);
  });

  it('answers refusals with stable codes', async () => {
    const p = await started(10_000);
    const body = JSON.stringify({ paymentId: p.payment.id, dossierId: p.payment.dossierId, providerRef: p.providerRef, amount: 10_000, currency: 'VND', status: 'paid', paidAt: new Date().toISOString(), nonce: crypto.randomBytes(16).toString('hex') });
    const post = (url: string, payload: string, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
    const forged = await post('/api/payments/sandbox/callback', body, { [SIGNATURE_HEADER]: `sha256=${'0'.repeat(64)}` });
    expect([forged.statusCode, forged.json().code]).toEqual([401, 'payment.signature_invalid']);
    const unsigned = await post('/api/payments/sandbox/callback', body);
    expect([unsigned.statusCode, unsigned.json().code]).toEqual([401, 'payment.signature_invalid']);
    const unknown = await post('/api/payments/momo/callback', body);
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'payment.unknown_provider']);
    // Signed by the provider but naming another payment's dossier: refused, whatever the route expects.
    const b = await started(10_000);
    const otherDossier = body.replace(p.payment.dossierId, b.payment.dossierId);
    const crossed = await post('/api/payments/sandbox/callback', otherDossier, { [SIGNATURE_HEADER]: sandbox.sign(otherDossier) });
    expect([crossed.statusCode, crossed.json().code]).toEqual([422, 'payment.dossier_mismatch']);
    const noDossier = JSON.stringify({ ...JSON.parse(body), dossierId: undefined });
    const unbound = await post('/api/payments/sandbox/callback', noDossier, { [SIGNATURE_HEADER]: sandbox.sign(noDossier) });
    expect([unbound.statusCode, unbound.json().code]).toEqual([400, 'payment.callback_malformed']);
    const wrongAmount = body.replace('"amount":10000', '"amount":1000');
    const cheap = await post('/api/payments/sandbox/callback', wrongAmount, { [SIGNATURE_HEADER]: sandbox.sign(wrongAmount) });
    expect([cheap.statusCode, cheap.json().code]).toEqual([422, 'payment.amount_mismatch']);
    // The signature covers the bytes as sent: the same JSON with other spacing does not verify.
    const spaced = JSON.stringify(JSON.parse(body), null, 1);
    const respaced = await post('/api/payments/sandbox/callback', spaced, { [SIGNATURE_HEADER]: sandbox.sign(body) });
    expect(respaced.json().code).toBe('payment.signature_invalid');
    const ok = await post('/api/payments/sandbox/callback', body, { [SIGNATURE_HEADER]: sandbox.sign(body) });
    expect([ok.statusCode, ok.json()]).toEqual([200, { ok: true, paymentId: p.payment.id, status: 'paid', duplicate: false }]);
    const replay = await post('/api/payments/sandbox/callback', body, { [SIGNATURE_HEADER]: sandbox.sign(body), 'content-type': 'text/plain' });
    expect([replay.statusCode, replay.json().duplicate]).toEqual([200, true]);
    const other = body.replace(/"nonce":"[0-9a-f]+"/, `"nonce":"${crypto.randomBytes(16).toString('hex')}"`);
    const again = await post('/api/payments/sandbox/callback', other, { [SIGNATURE_HEADER]: sandbox.sign(other) });
    expect([again.statusCode, again.json().code]).toEqual([409, 'payment.already_paid']);
  });

  it('leaves JSON parsing of other routes alone', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { a: 'ă' } });
    expect(res.json()).toEqual({ a: 'ă' });
  });
});
