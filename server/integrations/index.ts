/**
 * Outside systems, each behind a registry with a local implementation: notifications
 * (e-mail, SMS), the national public service portal's status sync, and payment providers.
 * Other domains import from here. Each follows the outbox pattern: queue in the caller's
 * transaction, deliver from a worker after commit.
 */
export { Registry } from './registry.js';
export * from './notifications/index.js';
export * from './portal/index.js';
export * from './payments/index.js';
export type { DossierStatusCode, PaymentFeeLine, PaymentPurpose, PaymentStatus } from './tables.js';
