/**
 * Table types of the integrations (migration 2026_12_03_006_integrations). The server's
 * `Database` interface extends `IntegrationTables`. Never returned to clients: see the
 * `present*` functions of each integration.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: read as parsed JSON, written as a JSON string (pg cannot send JS arrays as jsonb). */
type JsonDefault<T> = ColumnType<T, string | undefined, string>;
/** bigint: `pg` returns int8 as a string, PGlite as a number; written as a number. */
type BigIntColumn = ColumnType<string | number, number, number>;

export type OutboxStatus = 'pending' | 'sent' | 'failed';
/** 1 newly submitted … 10 result returned, as exchanged with the national portal. */
export type DossierStatusCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export interface PortalOutboxTable {
  id: Generated<string>;
  tenant_id: string;
  dossier_id: string;
  dossier_code: string;
  procedure_code: string | null;
  agency_code: string | null;
  dossier_status: number;
  changed_at: Timestamp;
  received_at: NullableTimestamp;
  due_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  returned_at: NullableTimestamp;
  sequence: number;
  payload: JsonDefault<Record<string, unknown>>;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: NullableTimestamp;
  created_at: Timestamp;
}

export type PaymentStatus = 'created' | 'pending' | 'paid' | 'failed' | 'refunded' | 'cancelled';
export type PaymentPurpose = 'submission' | 'payment-step';

/**
 * One line of what is paid for. Only `name` and `totalVnd` are read here (the lines must add
 * up to the amount); the dossier code may keep more on a line (id, quantity, unit price).
 */
export interface PaymentFeeLine {
  name: string;
  totalVnd: number;
  [key: string]: unknown;
}

export interface PaymentsTable {
  id: Generated<string>;
  tenant_id: string;
  dossier_id: string;
  amount_vnd: BigIntColumn;
  currency: Generated<'VND'>;
  status: Generated<PaymentStatus>;
  provider: string;
  provider_ref: string | null;
  redirect_url: string | null;
  purpose: PaymentPurpose;
  description: string;
  fee_lines: JsonDefault<PaymentFeeLine[]>;
  paid_nonce: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  paid_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  refunded_at: NullableTimestamp;
  refund_reason: string | null;
  version: Generated<number>;
}

export interface PaymentCallbacksTable {
  id: Generated<string>;
  tenant_id: string;
  payment_id: string;
  provider: string;
  nonce: string;
  body_sha256: string;
  reported_status: 'paid' | 'failed';
  received_at: Timestamp;
}

export interface SandboxPaymentsTable {
  provider_ref: string;
  payment_id: string;
  amount_vnd: BigIntColumn;
  currency: string;
  status: 'paid' | 'failed';
  nonce: string;
  callback_url: string;
  callback_body: string;
  callback_attempts: Generated<number>;
  callback_acked_at: NullableTimestamp;
  paid_at: Timestamp;
}

export interface IntegrationTables {
  portal_outbox: PortalOutboxTable;
  payments: PaymentsTable;
  payment_callbacks: PaymentCallbacksTable;
  sandbox_payments: SandboxPaymentsTable;
}

export type PortalOutboxRow = Selectable<PortalOutboxTable>;
export type PaymentRow = Selectable<PaymentsTable>;
