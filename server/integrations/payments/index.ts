/**
 * Payments: a registry of providers, a sandbox provider, our payments with replay-safe
 * callback verification, refunds and reconciliation, and the HTTP routes for callbacks and
 * the sandbox pay page. The dossier code creates and starts payments in its transactions and
 * continues the process from the `onPaid` hook of the callback route.
 */
export { PaymentRegistry, presentPayment, type CallbackHeaders, type ParsedCallback, type PaymentProvider, type PaymentView, type ProviderCallback, type ProviderPaidRecord, type StartPaymentInput, type StartPaymentResult } from './types.js';
export { createPayment, getPayment, listDossierPayments, recordRefund, startPayment, cancelOpenPayments, type CreatePaymentInput, type StartInput } from './store.js';
export { refusalStatus, verifyCallback, type CallbackRefusalCode, type CallbackVerdict, type VerifyOptions } from './callback.js';
export { reconcile, type ReconcileItem } from './reconcile.js';
export { SIGNATURE_HEADER, createSandboxProvider, type SandboxOptions, type SandboxOrder, type SandboxPayResult, type SandboxProvider } from './sandbox.js';
export { formatVnd, renderSandboxPayPage, type SandboxPageInput } from './sandbox-page.js';
export { paymentCallbackRoutes, sandboxPayRoutes, type PaymentCallbackRoutesOptions, type SandboxPayRoutesOptions } from './routes.js';
