import crypto from 'node:crypto';
import { connect, type Db, type DbHandle } from '../../../server/db/connect.js';
import { createTenant } from '../../../server/admin/commands/units.js';
import { systemContext } from '../../../server/context.js';
import { AppError } from '../../../server/errors.js';
import {
  PaymentRegistry,
  SIGNATURE_HEADER,
  createPayment,
  createSandboxProvider,
  reconcile,
  recordRefund,
  renderSandboxPayPage,
  startPayment,
  verifyCallback,
  type CallbackVerdict,
  type SandboxProvider,
} from '../../../server/integrations/payments/index.js';
import { createPgDatabase, createTestDb, describeWithPg, type TestDb } from '../../helpers/db.js';

const SECRET = 'sandbox-secret-for-tests-0123456789abcdef';

interface Captured {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * The sandbox's outgoing callbacks, captured instead of posted, so each test can deliver
 * them (or forged variants) to verifyCallback itself. The HTTP path is in payment-routes.test.
 */
function capture() {
  const sent: Captured[] = [];
  const state = { answer: 200 };
  const fakeFetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, body: init.body as string, headers: init.headers as Record<string, string> });
    return new Response(null, { status: state.answer });
  }) as typeof fetch;
  return { sent, state, fetch: fakeFetch };
}

async function setup(db: Db, code: string) {
  const tenantId = (await createTenant(db, systemContext('test'), { agencyCode: code, name: `Tỉnh ${code}` })).tenant.id;
  const outbox = capture();
  const sandbox = createSandboxProvider({ db, secret: SECRET, publicBaseUrl: 'http://127.0.0.1:3000', fetch: outbox.fetch });
  const registry = new PaymentRegistry().register('sandbox', sandbox);
  return { tenantId, outbox, sandbox, registry };
}

const dossierId = () => crypto.randomUUID();
const tokenOf = (redirectUrl: string) => new URL(redirectUrl).searchParams.get('t') ?? '';
const sign = (body: string, key = SECRET) => `sha256=${crypto.createHmac('sha256', key).update(body).digest('hex')}`;

describe('payments with the sandbox provider', () => {
  let t: TestDb;
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await createTestDb();
    s = await setup(t.db, '000.00.00.H29');
  });
  afterAll(() => t.close());

  /** A payment of `amount` started with the sandbox, and the callback its Pay button sends. */
  async function paid(amount = 150_000, outcome: 'paid' | 'failed' = 'paid', dossier = dossierId()) {
    const started = await t.db.transaction().execute(async (trx) => {
      const p = await createPayment(trx, s.registry, { tenantId: s.tenantId, dossierId: dossier, amountVnd: amount, provider: 'sandbox', purpose: 'payment-step', description: 'Lệ phí đăng ký hộ kinh doanh', feeLines: [{ name: 'Lệ phí', totalVnd: amount }] });
      return startPayment(trx, s.registry, { tenantId: s.tenantId, paymentId: p.id, returnUrl: 'http://127.0.0.1:3000/ho-so/1', callbackUrl: 'http://127.0.0.1:3000/api/payments/sandbox/callback' });
    });
    const result = await s.sandbox.pay(started.payment.id, tokenOf(started.redirectUrl), outcome);
    const callback = s.outbox.sent.at(-1)!;
    return { ...started, result, callback, raw: Buffer.from(callback.body), headers: { [SIGNATURE_HEADER]: callback.headers[SIGNATURE_HEADER] } };
  }
  const verify = (raw: Buffer | string, headers: Record<string, string>, expected?: { tenantId?: string; dossierId?: string }): Promise<CallbackVerdict> =>
    t.db.transaction().execute((trx) => verifyCallback(trx, s.sandbox, Buffer.from(raw), headers, { expected }));
  const row = (id: string) => t.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const nonces = (id: string) => t.db.selectFrom('payment_callbacks').select(['nonce', 'reported_status']).where('payment_id', '=', id).execute();
  const refusedWith = (v: CallbackVerdict) => (v.ok ? 'accepted' : v.code);
  /** A correctly signed variant of a callback body: what a provider holding the key could send. */
  const resign = (raw: Buffer, change: Record<string, unknown>) => {
    const body = JSON.stringify({ ...JSON.parse(raw.toString()), ...change });
    return { raw: Buffer.from(body), headers: { [SIGNATURE_HEADER]: sign(body) } };
  };

  it('starts a payment on the sandbox pay page and keeps the same link while it is pending', async () => {
    const p = await paid();
    expect(p.redirectUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:3000/payments/sandbox/${p.payment.id}\\?t=`));
    expect(p.payment).toMatchObject({ status: 'pending', providerRef: p.providerRef, amountVnd: 150_000, currency: 'VND', version: 2 });
    const again = await t.db.transaction().execute((trx) => startPayment(trx, s.registry, { tenantId: s.tenantId, paymentId: p.payment.id, returnUrl: 'x', callbackUrl: 'y' }));
    expect([again.redirectUrl, again.providerRef]).toEqual([p.redirectUrl, p.providerRef]);
    expect(JSON.parse(p.callback.body)).toEqual({ paymentId: p.payment.id, dossierId: p.payment.dossierId, providerRef: p.providerRef, amount: 150_000, currency: 'VND', status: 'paid', paidAt: expect.any(String), nonce: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('a valid callback marks the payment paid, once', async () => {
    const p = await paid();
    const v = await verify(p.raw, p.headers, { tenantId: s.tenantId, dossierId: p.payment.dossierId });
    expect(v).toMatchObject({ ok: true, effect: 'paid', duplicate: false, payment: { id: p.payment.id, status: 'paid', version: 3 } });
    const r = await row(p.payment.id);
    expect(r).toMatchObject({ status: 'paid', paid_nonce: JSON.parse(p.callback.body).nonce, version: 3 });
    expect(r.paid_at?.toISOString()).toBe(JSON.parse(p.callback.body).paidAt);
  });

  it('the same callback twice has one effect', async () => {
    const p = await paid();
    expect(await verify(p.raw, p.headers)).toMatchObject({ ok: true, effect: 'paid', duplicate: false });
    expect(await verify(p.raw, p.headers)).toMatchObject({ ok: true, effect: 'none', duplicate: true, payment: { status: 'paid', version: 3 } });
    expect((await row(p.payment.id)).version).toBe(3);
    expect(await nonces(p.payment.id)).toHaveLength(1);
  });

  it('refuses a forged signature: altered body, wrong key, no signature', async () => {
    const p = await paid();
    const altered = Buffer.from(p.raw.toString().replace('"amount":150000', '"amount":1'));
    expect(refusedWith(await verify(altered, p.headers))).toBe('payment.signature_invalid');
    const body = p.raw.toString();
    expect(refusedWith(await verify(body, { [SIGNATURE_HEADER]: sign(body, 'not-the-shared-secret-0123456789abcdef') }))).toBe('payment.signature_invalid');
    expect(refusedWith(await verify(body, {}))).toBe('payment.signature_invalid');
    expect(refusedWith(await verify(body, { [SIGNATURE_HEADER]: 'sha256=zz' }))).toBe('payment.signature_invalid');
    expect(await row(p.payment.id)).toMatchObject({ status: 'pending', version: 2 });
    expect(await nonces(p.payment.id)).toEqual([]);
  });

  it('refuses a wrong amount and a wrong currency, even correctly signed', async () => {
    const p = await paid();
    const more = resign(p.raw, { amount: 150_001 });
    expect(refusedWith(await verify(more.raw, more.headers))).toBe('payment.amount_mismatch');
    const usd = resign(p.raw, { currency: 'USD' });
    expect(refusedWith(await verify(usd.raw, usd.headers))).toBe('payment.currency_mismatch');
    expect(await row(p.payment.id)).toMatchObject({ status: 'pending', version: 2 });
  });

  it('refuses a replayed nonce: on another payment, or with another body', async () => {
    const a = await paid();
    const b = await paid();
    expect((await verify(a.raw, a.headers)).ok).toBe(true);
    const stolen = resign(b.raw, { nonce: JSON.parse(a.callback.body).nonce });
    expect(refusedWith(await verify(stolen.raw, stolen.headers))).toBe('payment.nonce_replayed');
    const edited = resign(a.raw, { paidAt: new Date().toISOString() });
    expect(refusedWith(await verify(edited.raw, edited.headers))).toBe('payment.nonce_replayed');
    expect(await row(b.payment.id)).toMatchObject({ status: 'pending' });
  });

  it('refuses a second callback with a new nonce for a payment already paid', async () => {
    const p = await paid();
    expect((await verify(p.raw, p.headers)).ok).toBe(true);
    const again = resign(p.raw, { nonce: crypto.randomBytes(16).toString('hex') });
    expect(refusedWith(await verify(again.raw, again.headers))).toBe('payment.already_paid');
    const failedLater = resign(p.raw, { nonce: crypto.randomBytes(16).toString('hex'), status: 'failed' });
    expect(refusedWith(await verify(failedLater.raw, failedLater.headers))).toBe('payment.already_paid');
    expect(await row(p.payment.id)).toMatchObject({ status: 'paid', version: 3 });
  });

  it('refuses a callback for an unknown payment, another tenant, another dossier, or another provider reference', async () => {
    const p = await paid();
    const unknown = resign(p.raw, { paymentId: crypto.randomUUID() });
    expect(refusedWith(await verify(unknown.raw, unknown.headers))).toBe('payment.not_found');
    expect(refusedWith(await verify(p.raw, p.headers, { tenantId: crypto.randomUUID() }))).toBe('payment.not_found');
    expect(refusedWith(await verify(p.raw, p.headers, { dossierId: crypto.randomUUID() }))).toBe('payment.dossier_mismatch');
    // The sandbox signs the payment's dossier into its callback: one naming another is refused.
    expect(JSON.parse(p.raw.toString()).dossierId).toBe(p.payment.dossierId);
    const crossed = resign(p.raw, { dossierId: crypto.randomUUID() });
    expect(refusedWith(await verify(crossed.raw, crossed.headers))).toBe('payment.dossier_mismatch');
    const otherRef = resign(p.raw, { providerRef: 'SBX000000000000000000' });
    expect(refusedWith(await verify(otherRef.raw, otherRef.headers))).toBe('payment.reference_mismatch');
    const badId = resign(p.raw, { paymentId: "1' or '1'='1" });
    expect(refusedWith(await verify(badId.raw, badId.headers))).toBe('payment.callback_malformed');
    const notJson = 'not json';
    expect(refusedWith(await verify(notJson, { [SIGNATURE_HEADER]: sign(notJson) }))).toBe('payment.callback_malformed');
    const noNonce = resign(p.raw, { nonce: undefined });
    expect(refusedWith(await verify(noNonce.raw, noNonce.headers))).toBe('payment.callback_malformed');
    expect(await row(p.payment.id)).toMatchObject({ status: 'pending', version: 2 });
  });

  it('a failed payment can be started again with a new provider transaction and then paid', async () => {
    const p = await paid(50_000, 'failed');
    expect(await verify(p.raw, p.headers)).toMatchObject({ ok: true, effect: 'failed', payment: { status: 'failed' } });
    const again = await t.db.transaction().execute((trx) => startPayment(trx, s.registry, { tenantId: s.tenantId, paymentId: p.payment.id, returnUrl: 'http://127.0.0.1:3000/r', callbackUrl: 'http://127.0.0.1:3000/c' }));
    expect(again.providerRef).not.toBe(p.providerRef);
    await s.sandbox.pay(p.payment.id, tokenOf(again.redirectUrl), 'paid');
    const cb = s.outbox.sent.at(-1)!;
    expect(await verify(cb.body, { [SIGNATURE_HEADER]: cb.headers[SIGNATURE_HEADER] })).toMatchObject({ ok: true, effect: 'paid' });
    // The old transaction's callback is stale now.
    expect(refusedWith(await verify(p.raw, p.headers))).toBe('payment.reference_mismatch');
  });

  it('pressing Pay twice re-sends the same callback, byte for byte', async () => {
    const p = await paid();
    await s.sandbox.pay(p.payment.id, tokenOf(p.redirectUrl), 'failed');
    expect(s.outbox.sent.at(-1)!.body).toBe(p.callback.body);
  });

  it('records a refund of a paid payment, once, with its reason', async () => {
    const p = await paid();
    await verify(p.raw, p.headers);
    const refunded = await t.db.transaction().execute((trx) => recordRefund(trx, p.payment.id, 'Hồ sơ bị từ chối', { tenantId: s.tenantId }));
    expect(refunded).toMatchObject({ status: 'refunded', refundReason: 'Hồ sơ bị từ chối', version: 4 });
    expect(refunded.refundedAt).toBeInstanceOf(Date);
    const again = t.db.transaction().execute((trx) => recordRefund(trx, p.payment.id, 'lần nữa'));
    await expect(again).rejects.toMatchObject({ status: 409, code: 'payment.not_refundable' });
    const unpaid = await paid();
    await expect(t.db.transaction().execute((trx) => recordRefund(trx, unpaid.payment.id, 'x'))).rejects.toMatchObject({ code: 'payment.not_refundable' });
    await expect(t.db.transaction().execute((trx) => recordRefund(trx, p.payment.id, '  '))).rejects.toMatchObject({ status: 400, code: 'payment.refund_reason_required' });
    await expect(t.db.transaction().execute((trx) => recordRefund(trx, p.payment.id, 'x', { tenantId: crypto.randomUUID() }))).rejects.toMatchObject({ status: 404 });
    // A refunded payment is not paid again by a late callback.
    const late = resign(p.raw, { nonce: crypto.randomBytes(16).toString('hex') });
    expect(refusedWith(await verify(late.raw, late.headers))).toBe('payment.already_paid');
  });

  it('refuses bad payments before storing anything', async () => {
    const base = { tenantId: s.tenantId, dossierId: dossierId(), provider: 'sandbox', purpose: 'submission' as const, description: 'Lệ phí' };
    const create = (over: object) => t.db.transaction().execute((trx) => createPayment(trx, s.registry, { ...base, amountVnd: 10_000, ...over }));
    await expect(create({ amountVnd: 0 })).rejects.toMatchObject({ code: 'payment.amount_invalid' });
    await expect(create({ amountVnd: 10.5 })).rejects.toMatchObject({ code: 'payment.amount_invalid' });
    await expect(create({ feeLines: [{ name: 'Phí', totalVnd: 9_000 }] })).rejects.toMatchObject({ code: 'payment.fee_lines_mismatch' });
    await expect(create({ description: ' ' })).rejects.toBeInstanceOf(AppError);
    await expect(create({ provider: 'vnpay' })).rejects.toThrow('No payment provider named "vnpay"');
    expect(await t.db.selectFrom('payments').select('id').where('dossier_id', '=', base.dossierId).execute()).toEqual([]);
  });

  it('reconciles: lists what the sandbox saw paid but we never recorded, until the callback arrives', async () => {
    const since = new Date(Date.now() - 1000);
    s.outbox.state.answer = 503;
    const lost = await paid(75_000);
    expect(lost.result.callbackAcknowledged).toBe(false);
    const items = await reconcile(t.db, s.sandbox, since);
    expect(items).toContainEqual({ kind: 'not_recorded', providerRef: lost.providerRef, paymentId: lost.payment.id, amountVnd: 75_000, paidAt: expect.any(Date), ourStatus: 'pending' });
    // The gateway retries; this time our side takes it.
    s.outbox.state.answer = 200;
    const before = s.outbox.sent.length;
    expect(await s.sandbox.redeliverCallbacks()).toBeGreaterThan(0);
    for (const cb of s.outbox.sent.slice(before)) await verify(cb.body, { [SIGNATURE_HEADER]: cb.headers[SIGNATURE_HEADER] });
    expect((await reconcile(t.db, s.sandbox, since)).filter((i) => i.paymentId === lost.payment.id)).toEqual([]);
    expect(await s.sandbox.redeliverCallbacks()).toBe(0);
  });

  it('reconciles: a sandbox transaction unknown to us, and one of another amount', async () => {
    const since = new Date(Date.now() - 1000);
    const p = await paid(20_000);
    await t.db.insertInto('sandbox_payments').values({ provider_ref: 'SBXUNKNOWN', payment_id: crypto.randomUUID(), amount_vnd: 5_000, currency: 'VND', status: 'paid', nonce: 'n'.repeat(32), callback_url: 'http://127.0.0.1:1/', callback_body: '{}', callback_acked_at: new Date(), paid_at: new Date() }).execute();
    await t.db.updateTable('sandbox_payments').set({ amount_vnd: 19_000 }).where('provider_ref', '=', p.providerRef).execute();
    const items = await reconcile(t.db, s.sandbox, since);
    expect(items).toContainEqual(expect.objectContaining({ kind: 'unknown_payment', providerRef: 'SBXUNKNOWN' }));
    expect(items).toContainEqual(expect.objectContaining({ kind: 'amount_mismatch', providerRef: p.providerRef, amountVnd: 19_000, ourAmountVnd: 20_000 }));
  });

  it('pay links are signed and expire', async () => {
    const p = await paid();
    const token = tokenOf(p.redirectUrl);
    expect(s.sandbox.readOrder(p.payment.id, token)).toMatchObject({ ok: true, order: { amountVnd: 150_000, providerRef: p.providerRef } });
    const [payload, mac] = token.split('.');
    const cheaper = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), amountVnd: 1 })).toString('base64url');
    expect(s.sandbox.readOrder(p.payment.id, `${cheaper}.${mac}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(s.sandbox.readOrder(crypto.randomUUID(), token)).toEqual({ ok: false, reason: 'invalid' });
    expect(s.sandbox.readOrder(p.payment.id, 'garbage')).toEqual({ ok: false, reason: 'invalid' });
    const later = createSandboxProvider({ db: t.db, secret: SECRET, publicBaseUrl: 'http://127.0.0.1:3000', now: () => new Date(Date.now() + 25 * 3_600_000) });
    expect(later.readOrder(p.payment.id, token)).toEqual({ ok: false, reason: 'expired' });
    await expect(later.pay(p.payment.id, token, 'paid')).rejects.toMatchObject({ code: 'payment.sandbox_link_expired' });
  });

  it('renders the pay page in Vietnamese, with the amount and the description escaped', () => {
    const html = renderSandboxPayPage({
      kind: 'order', token: 'a.b',
      order: { paymentId: 'p1', dossierId: 'd1', providerRef: 'SBX1', amountVnd: 1_250_000, description: 'Lệ phí <script>alert(1)</script>', returnUrl: '', callbackUrl: '', expiresAt: '' },
    });
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('1.250.000 ₫');
    expect(html).toContain('Lệ phí &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Thanh toán</button>');
    expect(html).toContain('action="/payments/sandbox/p1/pay"');
  });

  it('registry: one provider per name, under its own name', () => {
    expect(() => s.registry.register('sandbox', s.sandbox)).toThrow('already registered');
    expect(() => new PaymentRegistry().register('vnpay', s.sandbox)).toThrow('must be registered as "sandbox"');
  });
});

describeWithPg('payment callbacks across server processes (PostgreSQL)', () => {
  let t: TestDb;
  let other: DbHandle;
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    t = await createPgDatabase();
    other = await connect({ databaseUrl: t.url, poolSize: 6 });
    s = await setup(t.db, '000.00.00.H31');
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('the same callback delivered ten times at once, on two pools, takes effect once', async () => {
    const p = await t.db.transaction().execute(async (trx) => {
      const created = await createPayment(trx, s.registry, { tenantId: s.tenantId, dossierId: dossierId(), amountVnd: 30_000, provider: 'sandbox', purpose: 'submission', description: 'Lệ phí' });
      return startPayment(trx, s.registry, { tenantId: s.tenantId, paymentId: created.id, returnUrl: 'http://127.0.0.1/r', callbackUrl: 'http://127.0.0.1/c' });
    });
    await s.sandbox.pay(p.payment.id, tokenOf(p.redirectUrl), 'paid');
    const cb = s.outbox.sent.at(-1)!;
    const verdicts = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? other.db : t.db).transaction().execute((trx) => verifyCallback(trx, s.sandbox, Buffer.from(cb.body), { [SIGNATURE_HEADER]: cb.headers[SIGNATURE_HEADER] })),
      ),
    );
    expect(verdicts.filter((v) => v.ok && v.effect === 'paid')).toHaveLength(1);
    expect(verdicts.filter((v) => v.ok && v.duplicate)).toHaveLength(9);
    expect(await t.db.selectFrom('payment_callbacks').select('id').where('payment_id', '=', p.payment.id).execute()).toHaveLength(1);

    // Ten different (validly signed) nonces at once: one may pay, the rest are replays.
    const q = await t.db.transaction().execute(async (trx) => {
      const created = await createPayment(trx, s.registry, { tenantId: s.tenantId, dossierId: dossierId(), amountVnd: 30_000, provider: 'sandbox', purpose: 'submission', description: 'Lệ phí' });
      return startPayment(trx, s.registry, { tenantId: s.tenantId, paymentId: created.id, returnUrl: 'http://127.0.0.1/r', callbackUrl: 'http://127.0.0.1/c' });
    });
    const bodies = Array.from({ length: 10 }, () => JSON.stringify({ paymentId: q.payment.id, dossierId: q.payment.dossierId, providerRef: q.providerRef, amount: 30_000, currency: 'VND', status: 'paid', paidAt: new Date().toISOString(), nonce: crypto.randomBytes(16).toString('hex') }));
    const many = await Promise.all(bodies.map((b, i) => (i % 2 ? other.db : t.db).transaction().execute((trx) => verifyCallback(trx, s.sandbox, Buffer.from(b), { [SIGNATURE_HEADER]: sign(b) }))));
    expect(many.filter((v) => v.ok)).toHaveLength(1);
    expect(many.filter((v) => !v.ok && v.code === 'payment.already_paid')).toHaveLength(9);
  });
});
