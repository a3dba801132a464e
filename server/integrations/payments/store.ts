/**
 * Our side of a payment: created in the dossier's transaction, started with a provider,
 * refunded when a paid dossier is refused. Functions that change a payment lock its row and
 * take the caller's transaction, so the dossier moves on in the same commit.
 */
import type { Db, Trx } from '../../db/connect.js';
import { errors } from '../../errors.js';
import type { PaymentFeeLine, PaymentPurpose } from '../tables.js';
import { presentPayment, type PaymentRegistry, type PaymentView } from './types.js';

export interface CreatePaymentInput {
  tenantId: string;
  dossierId: string;
  amountVnd: number;
  /** A registered provider's name. */
  provider: string;
  purpose: PaymentPurpose;
  description: string;
  /** When given, they must add up to the amount; stored whole (extra fields kept). */
  feeLines?: ReadonlyArray<Pick<PaymentFeeLine, 'name' | 'totalVnd'>>;
}

export async function createPayment(trx: Trx, registry: PaymentRegistry, input: CreatePaymentInput): Promise<PaymentView> {
  if (!Number.isSafeInteger(input.amountVnd) || input.amountVnd <= 0) {
    throw errors.field('/amountVnd', 'payment.amount_invalid', 'The amount must be a whole, positive number of đồng');
  }
  const lines = input.feeLines ?? [];
  if (lines.length > 0 && lines.reduce((sum, l) => sum + l.totalVnd, 0) !== input.amountVnd) {
    throw errors.field('/feeLines', 'payment.fee_lines_mismatch', 'The fee lines do not add up to the amount');
  }
  const description = input.description.trim();
  if (!description || description.length > 255) {
    throw errors.field('/description', 'payment.description_invalid', 'The description must have 1 to 255 characters');
  }
  // A wiring mistake, not a client's: fail loudly before anything is stored.
  registry.get(input.provider);
  const row = await trx
    .insertInto('payments')
    .values({
      tenant_id: input.tenantId,
      dossier_id: input.dossierId,
      amount_vnd: input.amountVnd,
      provider: input.provider,
      provider_ref: null,
      redirect_url: null,
      purpose: input.purpose,
      description,
      fee_lines: JSON.stringify(lines),
      paid_nonce: null,
      refund_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentPayment(row);
}

export interface StartInput {
  tenantId: string;
  paymentId: string;
  returnUrl: string;
  callbackUrl: string;
}

/**
 * Hands the payment to its provider and returns where to send the citizen. Asking again
 * while it is pending returns the same page (a citizen who reloads must not get a second
 * transaction); a failed payment starts afresh with a new provider transaction.
 */
export async function startPayment(trx: Trx, registry: PaymentRegistry, input: StartInput): Promise<{ payment: PaymentView; redirectUrl: string; providerRef: string }> {
  const row = await trx
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', input.paymentId)
    .where('tenant_id', '=', input.tenantId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw errors.notFound('payment');
  if (row.status === 'pending' && row.redirect_url && row.provider_ref) {
    return { payment: presentPayment(row), redirectUrl: row.redirect_url, providerRef: row.provider_ref };
  }
  if (row.status === 'paid' || row.status === 'refunded') throw errors.conflict('payment.already_paid', 'This payment has already been made');
  if (row.status === 'cancelled') throw errors.conflict('payment.cancelled', 'This payment was cancelled');
  const started = await registry.get(row.provider).startPayment({
    paymentId: row.id,
    dossierId: row.dossier_id,
    amountVnd: Number(row.amount_vnd),
    description: row.description,
    returnUrl: input.returnUrl,
    callbackUrl: input.callbackUrl,
  });
  const updated = await trx
    .updateTable('payments')
    .set((eb) => ({
      status: 'pending',
      provider_ref: started.providerRef,
      redirect_url: started.redirectUrl,
      updated_at: new Date(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { payment: presentPayment(updated), redirectUrl: started.redirectUrl, providerRef: started.providerRef };
}

/**
 * Records that a paid payment was refunded (a refused dossier). The money itself goes back
 * through the provider's back office; this is the record the receipt and statistics read.
 */
export async function recordRefund(trx: Trx, paymentId: string, reason: string, options: { tenantId?: string; now?: Date } = {}): Promise<PaymentView> {
  const why = reason.trim();
  if (!why) throw errors.field('/reason', 'payment.refund_reason_required', 'A refund needs a reason');
  let q = trx.selectFrom('payments').selectAll().where('id', '=', paymentId);
  if (options.tenantId) q = q.where('tenant_id', '=', options.tenantId);
  const row = await q.forUpdate().executeTakeFirst();
  if (!row) throw errors.notFound('payment');
  if (row.status !== 'paid') throw errors.conflict('payment.not_refundable', `Only a paid payment can be refunded; this one is ${row.status}`);
  const now = options.now ?? new Date();
  const updated = await trx
    .updateTable('payments')
    .set((eb) => ({ status: 'refunded', refunded_at: now, refund_reason: why, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentPayment(updated);
}

/** The payments of a dossier still waiting (created or pending) are cancelled: it no longer owes them. */
export async function cancelOpenPayments(trx: Trx, tenantId: string, dossierId: string, now: Date): Promise<PaymentView[]> {
  const rows = await trx
    .updateTable('payments')
    .set((eb) => ({ status: 'cancelled', updated_at: now, version: eb('version', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('dossier_id', '=', dossierId)
    .where('status', 'in', ['created', 'pending'])
    .returningAll()
    .execute();
  return rows.map(presentPayment);
}

export async function getPayment(db: Db, tenantId: string, paymentId: string): Promise<PaymentView | undefined> {
  const row = await db.selectFrom('payments').selectAll().where('id', '=', paymentId).where('tenant_id', '=', tenantId).executeTakeFirst();
  return row && presentPayment(row);
}

export async function listDossierPayments(db: Db, tenantId: string, dossierId: string): Promise<PaymentView[]> {
  const rows = await db.selectFrom('payments').selectAll().where('tenant_id', '=', tenantId).where('dossier_id', '=', dossierId).orderBy('created_at').execute();
  return rows.map(presentPayment);
}
