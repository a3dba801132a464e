/**
 * What a payment provider is to us: it starts a payment (a page to send the citizen to),
 * authenticates its callbacks, and lists what it has seen paid (for reconciliation).
 * Everything else (amounts, replay, state) is checked on our side, the same for every
 * provider, in `verifyCallback`.
 */
import { Registry } from '../registry.js';
import type { PaymentFeeLine, PaymentPurpose, PaymentRow, PaymentStatus } from '../tables.js';

export interface StartPaymentInput {
  paymentId: string;
  /** The dossier (or waiting submission) it pays for: a provider signs it into its callback. */
  dossierId: string;
  amountVnd: number;
  /** Shown to the citizen on the provider's page. */
  description: string;
  /** Where the provider sends the citizen back (the portal's page of the dossier). */
  returnUrl: string;
  /** Where the provider posts its signed callback (our `/api/payments/:provider/callback`). */
  callbackUrl: string;
}

export interface StartPaymentResult {
  redirectUrl: string;
  /** The provider's id of the transaction; a callback must name the same. */
  providerRef: string;
}

export type CallbackHeaders = Record<string, string | string[] | undefined>;

/** A callback the provider has authenticated (signature checked) and parsed. */
export interface ProviderCallback {
  paymentId: string;
  /** The dossier the provider was told of at start, when its callbacks carry it. */
  dossierId?: string;
  providerRef: string;
  amountVnd: number;
  currency: string;
  status: 'paid' | 'failed';
  paidAt: Date;
  nonce: string;
}

export type ParsedCallback =
  | { ok: true; callback: ProviderCallback }
  | { ok: false; code: 'payment.signature_invalid' | 'payment.callback_malformed'; message: string };

/** A transaction the provider reports as paid. */
export interface ProviderPaidRecord {
  providerRef: string;
  paymentId: string;
  amountVnd: number;
  currency: string;
  paidAt: Date;
}

export interface PaymentProvider {
  readonly name: string;
  startPayment(input: StartPaymentInput): Promise<StartPaymentResult>;
  /** Authenticates with the raw bytes as received: re-serialized JSON would not match. */
  parseCallback(rawBody: Buffer, headers: CallbackHeaders): ParsedCallback;
  listPaid(since: Date): Promise<ProviderPaidRecord[]>;
}

/** Providers by name; a provider must be registered under its own name. */
export class PaymentRegistry extends Registry<PaymentProvider> {
  constructor() {
    super('payment provider');
  }

  override register(name: string, provider: PaymentProvider): this {
    // verifyCallback and the payments rows use provider.name: the two must agree.
    if (provider.name !== name) throw new Error(`Payment provider "${provider.name}" must be registered as "${provider.name}", not "${name}"`);
    return super.register(name, provider);
  }
}

/** A payment as the rest of the server sees it (never the row). */
export interface PaymentView {
  id: string;
  tenantId: string;
  dossierId: string;
  amountVnd: number;
  currency: 'VND';
  status: PaymentStatus;
  provider: string;
  providerRef: string | null;
  redirectUrl: string | null;
  purpose: PaymentPurpose;
  description: string;
  feeLines: PaymentFeeLine[];
  createdAt: Date;
  paidAt: Date | null;
  failedAt: Date | null;
  refundedAt: Date | null;
  refundReason: string | null;
  version: number;
}

export function presentPayment(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    dossierId: row.dossier_id,
    amountVnd: Number(row.amount_vnd),
    currency: row.currency,
    status: row.status,
    provider: row.provider,
    providerRef: row.provider_ref,
    redirectUrl: row.redirect_url,
    purpose: row.purpose,
    description: row.description,
    feeLines: row.fee_lines ?? [],
    createdAt: row.created_at,
    paidAt: row.paid_at,
    failedAt: row.failed_at,
    refundedAt: row.refunded_at,
    refundReason: row.refund_reason,
    version: row.version,
  };
}
