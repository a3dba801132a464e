/**
 * Reconciliation: what the provider says was paid, against what we recorded. A callback can
 * be lost for good (our server down through all the provider's retries); this finds those
 * payments so that an official, or a job, can settle them.
 */
import type { Db } from '../../db/connect.js';
import type { PaymentProvider } from './types.js';

export interface ReconcileItem {
  /**
   * not_recorded: ours exists but is not paid. unknown_payment: no payment of ours with that
   * provider reference. amount_mismatch: paid a different amount than ours.
   */
  kind: 'not_recorded' | 'unknown_payment' | 'amount_mismatch';
  providerRef: string;
  paymentId: string;
  amountVnd: number;
  paidAt: Date;
  ourStatus?: string;
  ourAmountVnd?: number;
}

export async function reconcile(db: Db, provider: PaymentProvider, since: Date): Promise<ReconcileItem[]> {
  const reported = await provider.listPaid(since);
  if (reported.length === 0) return [];
  const byRef = new Map<string | null, { status: string; amount_vnd: string | number }>();
  // In chunks: a long period can report more references than one statement may carry.
  for (let i = 0; i < reported.length; i += 1000) {
    const ours = await db
      .selectFrom('payments')
      .select(['provider_ref', 'status', 'amount_vnd'])
      .where('provider', '=', provider.name)
      .where(
        'provider_ref',
        'in',
        reported.slice(i, i + 1000).map((r) => r.providerRef),
      )
      .execute();
    for (const p of ours) byRef.set(p.provider_ref, p);
  }
  const items: ReconcileItem[] = [];
  for (const r of reported) {
    const base = { providerRef: r.providerRef, paymentId: r.paymentId, amountVnd: r.amountVnd, paidAt: r.paidAt };
    const p = byRef.get(r.providerRef);
    if (!p) items.push({ kind: 'unknown_payment', ...base });
    else if (Number(p.amount_vnd) !== r.amountVnd || r.currency !== 'VND') items.push({ kind: 'amount_mismatch', ...base, ourStatus: p.status, ourAmountVnd: Number(p.amount_vnd) });
    else if (p.status !== 'paid' && p.status !== 'refunded') items.push({ kind: 'not_recorded', ...base, ourStatus: p.status });
  }
  return items;
}
