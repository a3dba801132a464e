/**
 * Dossiers: what a citizen submits (or an official registers at the counter), its files,
 * its history, the gapless daily code sequences, submission idempotency keys and drafts.
 * Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dossiers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('services.id'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('service_versions.id'))
    .addColumn('receiving_unit_id', 'uuid', (c) => c.notNull().references('units.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online','direct','post')`))
    .addColumn('applicant_account_id', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('filed_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('applicant', 'jsonb', (c) => c.notNull())
    .addColumn('on_behalf', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('fees', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'smallint', (c) => c.notNull().check(sql`status between 1 and 10`))
    .addColumn('status_changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('counted_from', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('original_due_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('on_time', 'boolean')
    .addColumn('result_channel', 'text')
    .addColumn('postal_address', 'text')
    .addColumn('result_file_id', 'uuid', (c) => c.references('files.id'))
    .addColumn('result_returned_at', 'timestamptz')
    .addColumn('instance_id', 'uuid')
    .addColumn('rating', 'smallint', (c) => c.check(sql`rating between 1 and 3`))
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'timestamptz')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('dossiers_applicant').on('dossiers').columns(['applicant_account_id', 'created_at']).execute();
  await db.schema.createIndex('dossiers_tenant_unit_received').on('dossiers').columns(['tenant_id', 'receiving_unit_id', 'received_at']).execute();
  await db.schema.createIndex('dossiers_tenant_service_received').on('dossiers').columns(['tenant_id', 'service_id', 'received_at']).execute();

  await db.schema
    .createTable('dossier_files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('dossier_id', 'uuid', (c) => c.notNull().references('dossiers.id'))
    .addColumn('component_id', 'text')
    .addColumn('file_id', 'uuid', (c) => c.notNull().references('files.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('attachment','authorization','supplement','result')`))
    .addColumn('superseded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('dossier_files_dossier').on('dossier_files').columns(['dossier_id']).execute();

  await db.schema
    .createTable('dossier_history')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('dossier_id', 'uuid', (c) => c.notNull().references('dossiers.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'smallint')
    .addColumn('actor_id', 'uuid')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('dossier_history_dossier').on('dossier_history').columns(['dossier_id', 'id']).execute();

  // One row per agency and Vietnamese day; incremented in the submitting transaction, so
  // a rolled-back submission gives its number back and no number is skipped.
  await db.schema
    .createTable('dossier_sequences')
    .addColumn('agency_code', 'varchar(35)', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('dossier_sequences_pk', ['agency_code', 'day'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'scope', 'key'])
    .execute();

  await db.schema
    .createTable('dossier_drafts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('services.id'))
    .addColumn('receiving_unit_id', 'uuid')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('attachments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('extra', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('submitted_dossier_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('dossier_drafts_account').on('dossier_drafts').columns(['account_id', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['dossier_drafts', 'idempotency_keys', 'dossier_sequences', 'dossier_history', 'dossier_files', 'dossiers']) {
    await db.schema.dropTable(t).execute();
  }
}
