/**
 * Services (the designer's draft of the five steps), their immutable published versions,
 * and stored files (templates now; dossier attachments and results later).
 * Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.references('tenants.id'))
    .addColumn('owner_id', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('files_owner').on('files').columns(['owner_id', 'created_at']).execute();

  await db.schema
    .createTable('services')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('unit_id', 'uuid', (c) => c.notNull().references('units.id'))
    .addColumn('metadata', 'jsonb', (c) => c.notNull())
    .addColumn('components', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('form', 'jsonb')
    .addColumn('step_forms', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('bpmn_xml', 'text')
    .addColumn('notes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('latest_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('current_version_id', 'uuid')
    .addColumn('created_by', 'uuid', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('services_tenant_unit').on('services').columns(['tenant_id', 'unit_id']).execute();

  await db.schema
    .createTable('service_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('services.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('metadata', 'jsonb', (c) => c.notNull())
    .addColumn('components', 'jsonb', (c) => c.notNull())
    .addColumn('form', 'jsonb')
    .addColumn('step_forms', 'jsonb', (c) => c.notNull())
    .addColumn('bpmn_xml', 'text', (c) => c.notNull())
    // Catalogue columns, copied from the metadata at publish so search needs no JSON.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('procedure_code', 'text')
    .addColumn('online_level', 'text', (c) => c.notNull())
    .addColumn('receiving_unit_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('published_by', 'uuid', (c) => c.notNull().references('accounts.id'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .addColumn('retired_by', 'uuid', (c) => c.references('accounts.id'))
    .addUniqueConstraint('service_versions_number', ['service_id', 'version'])
    .execute();
  await sql`create index service_versions_search on service_versions using gin (to_tsvector('simple', search_text))`.execute(db);
  await sql`create index service_versions_units on service_versions using gin (receiving_unit_ids)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_versions').execute();
  await db.schema.dropTable('services').execute();
  await db.schema.dropTable('files').execute();
}
