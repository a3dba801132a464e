/**
 * The sandbox payment provider: a stand-in for a real gateway, used by the demo and tests.
 * It behaves like one: the citizen is sent to its pay page with a signed order token (the
 * page cannot be made to show another amount), paying is recorded in its own ledger
 * (`sandbox_payments`), and the result comes back as a server-to-server callback signed with
 * HMAC-SHA256 over the raw body. No money moves.
 */
import crypto from 'node:crypto';
import type { Db } from '../../db/connect.js';
import { errors } from '../../errors.js';
import type { CallbackHeaders, ParsedCallback, PaymentProvider, ProviderPaidRecord, StartPaymentInput } from './types.js';

export const SIGNATURE_HEADER = 'x-sandbox-signature';

export interface SandboxOptions {
  /** Its ledger lives in this database. */
  db: Db;
  /** The key shared between the "gateway" and us; at least 32 characters. */
  secret: string;
  /** Where its pay page is served, e.g. `http://127.0.0.1:3000` (our server hosts it). */
  publicBaseUrl: string;
  /** How long a pay link stays valid; default 24 h. */
  linkTtlSeconds?: number;
  /** For posting callbacks; default global fetch. */
  fetch?: typeof fetch;
  callbackTimeoutMs?: number;
  now?: () => Date;
}

/** What the pay page's token carries, signed. */
export interface SandboxOrder {
  paymentId: string;
  dossierId: string;
  providerRef: string;
  amountVnd: number;
  description: string;
  returnUrl: string;
  callbackUrl: string;
  expiresAt: string;
}

export interface SandboxPayResult {
  status: 'paid' | 'failed';
  /** Where the citizen goes next: the return URL with `paymentId` and `status` added. */
  returnUrl: string;
  /** Whether our callback endpoint acknowledged (2xx) the callback. */
  callbackAcknowledged: boolean;
  callbackStatus?: number;
}

export interface SandboxProvider extends PaymentProvider {
  readonly name: 'sandbox';
  /** The order behind a pay link, or why it is not valid. */
  readOrder(paymentId: string, token: string): { ok: true; order: SandboxOrder } | { ok: false; reason: 'invalid' | 'expired' };
  /** The recorded outcome of an order, if the "user" already acted on it. */
  findTransaction(providerRef: string): Promise<{ status: 'paid' | 'failed'; paidAt: Date } | undefined>;
  /** The fake user pressing Pay (or Cancel): records it, then posts the signed callback. */
  pay(paymentId: string, token: string, outcome: 'paid' | 'failed'): Promise<SandboxPayResult>;
  /** Re-sends recorded callbacks our side never acknowledged, as a gateway retries; returns how many were. */
  redeliverCallbacks(limit?: number): Promise<number>;
  /** HMAC-SHA256 of a callback body, as the header value. */
  sign(body: string | Buffer): string;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function header(headers: CallbackHeaders, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function createSandboxProvider(options: SandboxOptions): SandboxProvider {
  if (options.secret.length < 32) throw new Error('The sandbox secret must have at least 32 characters');
  const now = options.now ?? (() => new Date());
  const doFetch = options.fetch ?? fetch;
  const hmac = (data: string | Buffer) => crypto.createHmac('sha256', options.secret).update(data).digest();
  // Domain separation: a token's MAC can never pass as a callback's, and the other way round.
  const tokenMac = (payload: string) => hmac(`sandbox-order.${payload}`);
  const sign = (body: string | Buffer) => `sha256=${hmac(body).toString('hex')}`;
  const base = options.publicBaseUrl.replace(/\/+$/, '');

  const readOrder: SandboxProvider['readOrder'] = (paymentId, token) => {
    const [payload, mac] = token.split('.');
    if (!payload || !mac) return { ok: false, reason: 'invalid' };
    const given = Buffer.from(mac, 'base64url');
    const expected = tokenMac(payload);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    const order = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SandboxOrder;
    if (order.paymentId !== paymentId) return { ok: false, reason: 'invalid' };
    if (new Date(order.expiresAt).getTime() < now().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, order };
  };

  async function deliver(providerRef: string, callbackUrl: string, body: string): Promise<{ acked: boolean; status?: number }> {
    await options.db.updateTable('sandbox_payments').set((eb) => ({ callback_attempts: eb('callback_attempts', '+', 1) })).where('provider_ref', '=', providerRef).execute();
    try {
      const res = await doFetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: sign(body) },
        body,
        signal: AbortSignal.timeout(options.callbackTimeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        await options.db.updateTable('sandbox_payments').set({ callback_acked_at: now() }).where('provider_ref', '=', providerRef).execute();
      }
      return { acked: res.ok, status: res.status };
    } catch {
      // Like a real gateway: the payment stands; our side learns of it by reconciliation.
      return { acked: false };
    }
  }

  return {
    name: 'sandbox',
    sign,
    readOrder,

    async startPayment(input: StartPaymentInput) {
      const providerRef = `SBX${crypto.randomBytes(9).toString('hex').toUpperCase()}`;
      const order: SandboxOrder = {
        paymentId: input.paymentId,
        dossierId: input.dossierId,
        providerRef,
        amountVnd: input.amountVnd,
        description: input.description,
        returnUrl: input.returnUrl,
        callbackUrl: input.callbackUrl,
        expiresAt: new Date(now().getTime() + (options.linkTtlSeconds ?? 86_400) * 1000).toISOString(),
      };
      const payload = b64url(JSON.stringify(order));
      const token = `${payload}.${b64url(tokenMac(payload))}`;
      return { providerRef, redirectUrl: `${base}/payments/sandbox/${input.paymentId}?t=${token}` };
    },

    parseCallback(rawBody, headers): ParsedCallback {
      const signature = header(headers, SIGNATURE_HEADER);
      const given = /^sha256=[0-9a-f]{64}$/.test(signature ?? '') ? Buffer.from(signature!.slice(7), 'hex') : undefined;
      if (!given || !crypto.timingSafeEqual(given, hmac(rawBody))) {
        return { ok: false, code: 'payment.signature_invalid', message: 'The callback signature is missing or wrong' };
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
      } catch {
        return { ok: false, code: 'payment.callback_malformed', message: 'The callback is not JSON' };
      }
      const { paymentId, dossierId, providerRef, amount, currency, status, paidAt, nonce } = body;
      const paid = typeof paidAt === 'string' ? new Date(paidAt) : undefined;
      if (
        typeof paymentId !== 'string' || typeof dossierId !== 'string' || typeof providerRef !== 'string' || typeof currency !== 'string' ||
        typeof amount !== 'number' || !Number.isSafeInteger(amount) ||
        (status !== 'paid' && status !== 'failed') ||
        !paid || Number.isNaN(paid.getTime()) ||
        typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce)
      ) {
        return { ok: false, code: 'payment.callback_malformed', message: 'The callback lacks a field or has one of the wrong type' };
      }
      return { ok: true, callback: { paymentId, dossierId, providerRef, amountVnd: amount, currency, status, paidAt: paid, nonce } };
    },

    async listPaid(since: Date): Promise<ProviderPaidRecord[]> {
      const rows = await options.db.selectFrom('sandbox_payments').selectAll().where('status', '=', 'paid').where('paid_at', '>=', since).orderBy('paid_at').execute();
      return rows.map((r) => ({ providerRef: r.provider_ref, paymentId: r.payment_id, amountVnd: Number(r.amount_vnd), currency: r.currency, paidAt: r.paid_at }));
    },

    async findTransaction(providerRef) {
      const row = await options.db.selectFrom('sandbox_payments').select(['status', 'paid_at']).where('provider_ref', '=', providerRef).executeTakeFirst();
      return row && { status: row.status, paidAt: row.paid_at };
    },

    async pay(paymentId, token, outcome) {
      const read = readOrder(paymentId, token);
      if (!read.ok) {
        throw read.reason === 'expired'
          ? errors.badRequest('payment.sandbox_link_expired', 'This payment link has expired')
          : errors.badRequest('payment.sandbox_link_invalid', 'This payment link is not valid');
      }
      const { order } = read;
      const paidAt = now();
      const nonce = crypto.randomBytes(16).toString('hex');
      const body = JSON.stringify({
        paymentId: order.paymentId,
        dossierId: order.dossierId,
        providerRef: order.providerRef,
        amount: order.amountVnd,
        currency: 'VND',
        status: outcome,
        paidAt: paidAt.toISOString(),
        nonce,
      });
      // One transaction per order: pressing Pay twice (or Pay then Cancel) re-sends the first
      // outcome's callback byte for byte, which our side takes as a harmless re-delivery.
      await options.db
        .insertInto('sandbox_payments')
        .values({
          provider_ref: order.providerRef,
          payment_id: order.paymentId,
          amount_vnd: order.amountVnd,
          currency: 'VND',
          status: outcome,
          nonce,
          callback_url: order.callbackUrl,
          callback_body: body,
          paid_at: paidAt,
        })
        .onConflict((oc) => oc.column('provider_ref').doNothing())
        .execute();
      const tx = await options.db.selectFrom('sandbox_payments').select(['status', 'callback_body']).where('provider_ref', '=', order.providerRef).executeTakeFirstOrThrow();
      const sent = await deliver(order.providerRef, order.callbackUrl, tx.callback_body);
      const back = new URL(order.returnUrl);
      back.searchParams.set('paymentId', order.paymentId);
      back.searchParams.set('status', tx.status);
      return { status: tx.status, returnUrl: back.toString(), callbackAcknowledged: sent.acked, ...(sent.status && { callbackStatus: sent.status }) };
    },

    async redeliverCallbacks(limit = 50) {
      const rows = await options.db
        .selectFrom('sandbox_payments')
        .select(['provider_ref', 'callback_url', 'callback_body'])
        .where('callback_acked_at', 'is', null)
        .orderBy('paid_at')
        .limit(limit)
        .execute();
      let acked = 0;
      for (const r of rows) if ((await deliver(r.provider_ref, r.callback_url, r.callback_body)).acked) acked++;
      return acked;
    },
  };
}
