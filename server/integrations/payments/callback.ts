/**
 * Verifying a provider's callback, in the caller's transaction, before anything is believed.
 *
 * Order of the checks: the provider authenticates the bytes (HMAC, compared in constant
 * time); then, under a lock on the payment row, the callback must name our payment with
 * the provider's own reference, the exact amount and currency, and the expected dossier
 * (the caller's, and the one the provider signed into the callback at start).
 * Replay: every accepted callback leaves its nonce in `payment_callbacks` (unique per
 * provider). The same nonce with the same body again is the provider re-delivering: an
 * idempotent success with no effect. A nonce seen with another body or payment, or a new
 * nonce for a payment already paid, is refused. Refusals write nothing.
 */
import crypto from 'node:crypto';
import type { Trx } from '../../db/connect.js';
import { presentPayment, type CallbackHeaders, type PaymentProvider, type PaymentView } from './types.js';

export type CallbackRefusalCode =
  | 'payment.signature_invalid'
  | 'payment.callback_malformed'
  | 'payment.not_found'
  | 'payment.dossier_mismatch'
  | 'payment.reference_mismatch'
  | 'payment.amount_mismatch'
  | 'payment.currency_mismatch'
  | 'payment.nonce_replayed'
  | 'payment.already_paid';

/** The HTTP status each refusal is answered with, for the callback route. */
export const refusalStatus: Record<CallbackRefusalCode, number> = {
  'payment.signature_invalid': 401,
  'payment.callback_malformed': 400,
  'payment.not_found': 404,
  'payment.dossier_mismatch': 422,
  'payment.reference_mismatch': 422,
  'payment.amount_mismatch': 422,
  'payment.currency_mismatch': 422,
  'payment.nonce_replayed': 409,
  'payment.already_paid': 409,
};

export type CallbackVerdict =
  | {
      ok: true;
      /** What this callback changed: `none` for a re-delivery already applied. */
      effect: 'paid' | 'failed' | 'none';
      duplicate: boolean;
      payment: PaymentView;
    }
  | { ok: false; code: CallbackRefusalCode; message: string; paymentId?: string };

export interface VerifyOptions {
  /** When the caller knows which dossier (and tenant) the payment must belong to. */
  expected?: { tenantId?: string; dossierId?: string };
  /** Our clock, for `failed_at` and `updated_at`. */
  now?: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const refuse = (code: CallbackRefusalCode, message: string, paymentId?: string): CallbackVerdict => ({ ok: false, code, message, ...(paymentId && { paymentId }) });

export async function verifyCallback(
  trx: Trx,
  provider: PaymentProvider,
  rawBody: Buffer,
  headers: CallbackHeaders,
  options: VerifyOptions = {},
): Promise<CallbackVerdict> {
  const parsed = provider.parseCallback(rawBody, headers);
  if (!parsed.ok) return refuse(parsed.code, parsed.message);
  const cb = parsed.callback;
  if (!UUID.test(cb.paymentId)) return refuse('payment.callback_malformed', 'The payment id is not valid');

  const payment = await trx
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', cb.paymentId)
    .where('provider', '=', provider.name)
    .forUpdate()
    .executeTakeFirst();
  const { expected } = options;
  // Another tenant's payment is "not found": its existence must not leak.
  if (!payment || (expected?.tenantId && payment.tenant_id !== expected.tenantId)) {
    return refuse('payment.not_found', 'No such payment with this provider');
  }
  if (expected?.dossierId && payment.dossier_id !== expected.dossierId) {
    return refuse('payment.dossier_mismatch', 'The payment belongs to another dossier', payment.id);
  }
  if (payment.provider_ref !== cb.providerRef) {
    return refuse('payment.reference_mismatch', "The provider's reference is not the one this payment was started with", payment.id);
  }
  if (cb.currency !== payment.currency) {
    return refuse('payment.currency_mismatch', `The callback is in ${cb.currency}, the payment in ${payment.currency}`, payment.id);
  }
  if (cb.amountVnd !== Number(payment.amount_vnd)) {
    return refuse('payment.amount_mismatch', `The callback says ${cb.amountVnd} VND, the payment is ${Number(payment.amount_vnd)} VND`, payment.id);
  }

  const bodySha256 = crypto.createHash('sha256').update(rawBody).digest('hex');
  const seen = await trx
    .selectFrom('payment_callbacks')
    .select(['payment_id', 'body_sha256'])
    .where('provider', '=', provider.name)
    .where('nonce', '=', cb.nonce)
    .executeTakeFirst();
  if (seen) {
    if (seen.payment_id === payment.id && seen.body_sha256 === bodySha256) {
      return { ok: true, effect: 'none', duplicate: true, payment: presentPayment(payment) };
    }
    return refuse('payment.nonce_replayed', 'This nonce was already used by another callback', payment.id);
  }
  // After the re-delivery check: a submission's payment moves from its waiting draft to the
  // dossier it became once paid, and the provider's identical re-delivery must stay harmless.
  if (cb.dossierId !== undefined && cb.dossierId !== payment.dossier_id) {
    return refuse('payment.dossier_mismatch', 'The callback names another dossier than the payment belongs to', payment.id);
  }
  if (payment.status === 'paid' || payment.status === 'refunded') {
    return refuse('payment.already_paid', 'The payment was already settled by another callback', payment.id);
  }

  const now = options.now ?? new Date();
  await trx
    .insertInto('payment_callbacks')
    .values({ tenant_id: payment.tenant_id, payment_id: payment.id, provider: provider.name, nonce: cb.nonce, body_sha256: bodySha256, reported_status: cb.status, received_at: now })
    .execute();
  const updated = await trx
    .updateTable('payments')
    .set((eb) => ({
      ...(cb.status === 'paid' ? { status: 'paid' as const, paid_at: cb.paidAt, paid_nonce: cb.nonce } : { status: 'failed' as const, failed_at: now }),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ok: true, effect: cb.status, duplicate: false, payment: presentPayment(updated) };
}
