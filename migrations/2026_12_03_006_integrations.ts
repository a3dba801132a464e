/**
 * Outside systems: the national portal's status-sync outbox, payments with the callbacks
 * (nonces) seen for them, and the payment sandbox's own ledger. Dossier ids are plain uuids
 * without foreign keys: the dossiers table is another migration's, and outbox rows must
 * outlive nothing but their own delivery. Frozen once landed: change it in a new migration.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('portal_outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('dossier_id', 'uuid', (c) => c.notNull())
    .addColumn('dossier_code', 'text', (c) => c.notNull())
    .addColumn('procedure_code', 'text')
    .addColumn('agency_code', 'text')
    .addColumn('dossier_status', 'smallint', (c) => c.notNull().check(sql`dossier_status between 1 and 10`))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz')
    .addColumn('due_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('returned_at', 'timestamptz')
    // 1, 2, 3... per dossier, without gaps: the portal applies changes in this order.
    .addColumn('sequence', 'integer', (c) => c.notNull().check(sql`sequence >= 1`))
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','sent','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('portal_outbox_dossier_sequence', ['dossier_id', 'sequence'])
    .execute();
  await db.schema.createIndex('portal_outbox_pending').on('portal_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('portal_outbox_tenant').on('portal_outbox').columns(['tenant_id', 'dossier_id']).execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('dossier_id', 'uuid', (c) => c.notNull())
    // Whole đồng: VND has no minor unit in practice.
    .addColumn('amount_vnd', 'bigint', (c) => c.notNull().check(sql`amount_vnd > 0`))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('VND').check(sql`currency = 'VND'`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('created').check(sql`status in ('created','pending','paid','failed','refunded')`),
    )
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text')
    .addColumn('redirect_url', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('submission','payment-step')`))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('fee_lines', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // The nonce of the callback that made it paid: a later callback with another nonce is a replay.
    .addColumn('paid_nonce', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('paid_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('refunded_at', 'timestamptz')
    .addColumn('refund_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('payments_provider_ref', ['provider', 'provider_ref'])
    .execute();
  await db.schema.createIndex('payments_dossier').on('payments').columns(['tenant_id', 'dossier_id']).execute();

  // Every callback accepted, by its nonce: a nonce is good for one callback body, once.
  await db.schema
    .createTable('payment_callbacks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('payment_id', 'uuid', (c) => c.notNull().references('payments.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('body_sha256', 'text', (c) => c.notNull())
    .addColumn('reported_status', 'text', (c) => c.notNull().check(sql`reported_status in ('paid','failed')`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('payment_callbacks_nonce', ['provider', 'nonce'])
    .execute();

  // The sandbox provider's own books, as a real provider would keep them on its side.
  await db.schema
    .createTable('sandbox_payments')
    .addColumn('provider_ref', 'text', (c) => c.primaryKey())
    .addColumn('payment_id', 'uuid', (c) => c.notNull())
    .addColumn('amount_vnd', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('paid','failed')`))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('callback_url', 'text', (c) => c.notNull())
    // The exact signed body, so a re-delivery is byte-identical (same nonce, same signature).
    .addColumn('callback_body', 'text', (c) => c.notNull())
    .addColumn('callback_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('callback_acked_at', 'timestamptz')
    .addColumn('paid_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sandbox_payments_paid_at').on('sandbox_payments').columns(['paid_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sandbox_payments', 'payment_callbacks', 'payments', 'portal_outbox']) {
    await db.schema.dropTable(t).execute();
  }
}
