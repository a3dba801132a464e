/**
 * Fees of a dossier. At the payment step the process asks (connector `request-payment`): a
 * payment is created for the fees due then and the citizen is sent its link; the provider's
 * signed callback, verified, continues the process (message `payment`) in the callback's own
 * transaction. Fees due at submission are paid before the dossier counts as received: the
 * submission waits in a draft, and the paid callback receives it. A refused dossier's
 * payments are refunded (recorded).
 */
import type { Db, Trx } from '../db/connect.js';
import { systemContext } from '../context.js';
import type { ConnectorCall, ProcessRuntime } from '../../runtime/index.js';
import { createPayment, listDossierPayments, recordRefund, startPayment, type PaymentRegistry, type PaymentView } from '../integrations/index.js';
import { addHistory, onStatusChange } from './events.js';
import { totalOf } from './fees.js';

export interface PaymentDeps {
  db: Db;
  registry: PaymentRegistry;
  provider: string;
  publicUrl: string;
}

export const callbackUrl = (deps: Pick<PaymentDeps, 'publicUrl' | 'provider'>) => `${deps.publicUrl}/api/payments/${deps.provider}/callback`;
export const returnUrl = (deps: Pick<PaymentDeps, 'publicUrl'>, dossierOrDraftId: string) => `${deps.publicUrl}/portal/dossiers/${dossierOrDraftId}`;

/** `request-payment`: one payment per dossier for the fees due at the payment step, reused on retries. */
export function requestPaymentConnector(deps: PaymentDeps) {
  return async (call: ConnectorCall) => {
    if (!call.businessKey) return { variables: { paymentRequired: false } };
    return deps.db.transaction().execute(async (trx) => {
      const d = await trx.selectFrom('dossiers').selectAll().where('id', '=', call.businessKey!).where('tenant_id', '=', call.tenantId).executeTakeFirst();
      if (!d) return { variables: { paymentRequired: false } };
      const lines = d.fees.filter((f) => f.dueAt === 'payment-step');
      const amount = totalOf(lines);
      if (amount <= 0) return { variables: { paymentRequired: false } };
      const existing = (await listDossierPayments(trx as never, d.tenant_id, d.id)).find((p) => p.purpose === 'payment-step' && p.status !== 'failed' && p.status !== 'refunded');
      const payment = existing ?? (await createPayment(trx, deps.registry, {
        tenantId: d.tenant_id,
        dossierId: d.id,
        amountVnd: amount,
        provider: deps.provider,
        purpose: 'payment-step',
        description: `Phí, lệ phí hồ sơ ${d.code}`.slice(0, 255),
        feeLines: lines,
      }));
      const started = payment.status === 'paid' ? null : await startPayment(trx, deps.registry, { tenantId: d.tenant_id, paymentId: payment.id, returnUrl: returnUrl(deps, d.id), callbackUrl: callbackUrl(deps) });
      return { variables: { paymentRequired: payment.status !== 'paid', paymentId: payment.id, paymentAmountVnd: amount, paymentUrl: started?.redirectUrl ?? null } };
    });
  };
}

/** The provider says paid: the dossier's process goes on (or a waiting submission is received). */
export async function onPaid(trx: Trx, runtime: ProcessRuntime, payment: PaymentView, receiveSubmission: (trx: Trx, draftId: string, payment: PaymentView) => Promise<void>): Promise<void> {
  if (payment.purpose === 'submission') return receiveSubmission(trx, payment.dossierId, payment);
  const d = await trx.selectFrom('dossiers').selectAll().where('id', '=', payment.dossierId).where('tenant_id', '=', payment.tenantId).forUpdate().executeTakeFirst();
  if (!d) return;
  const ctx = systemContext('payment');
  await addHistory(trx, ctx, d, { action: 'paid', at: payment.paidAt ?? new Date(), details: { paymentId: payment.id, amountVnd: payment.amountVnd, provider: payment.provider } });
  // Paid on a link opened before the dossier was withdrawn (its payment cancelled then): the
  // money is owed back.
  if (d.status === 7) {
    await recordRefund(trx, payment.id, `Hồ sơ ${d.code} đã được rút`, { tenantId: d.tenant_id, now: payment.paidAt ?? undefined });
    return;
  }
  const instance = d.instance_id ? await trx.selectFrom('process_instances').select('status').where('id', '=', d.instance_id).executeTakeFirst() : undefined;
  if (instance?.status === 'running') {
    await runtime.deliverMessage(trx, { tenantId: d.tenant_id, instanceId: d.instance_id!, message: 'payment', data: { paymentId: payment.id, paid: true } });
  }
}

/**
 * A refused dossier's paid fees are refunded (recorded; the money goes back through the
 * provider): refused at reception (status 3), or refused later, at approval, when it finishes
 * (status 9 with the outcome `refused`): the service was not rendered either way.
 */
const refundListener = async (trx: Trx, dossier: { id: string; tenant_id: string; code: string; outcome: 'refused' | null }, status: number, at: Date) => {
  const reason = status === 3 ? `Hồ sơ ${dossier.code} không được tiếp nhận` : status === 9 && dossier.outcome === 'refused' ? `Hồ sơ ${dossier.code} bị từ chối giải quyết` : null;
  if (!reason) return;
  const payments = await trx.selectFrom('payments').select(['id']).where('dossier_id', '=', dossier.id).where('tenant_id', '=', dossier.tenant_id).where('status', '=', 'paid').execute();
  for (const p of payments) await recordRefund(trx, p.id, reason, { tenantId: dossier.tenant_id, now: at });
};

export function refundWhenRefused(): void {
  onStatusChange(refundListener);
}
