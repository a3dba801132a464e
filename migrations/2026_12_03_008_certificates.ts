/**
 * Each unit's signing certificate (PKCS#12), with which results are signed. Production units
 * upload their own; the demo generates a self-signed one. Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit_certificates')
    .addColumn('unit_id', 'uuid', (c) => c.primaryKey().references('units.id'))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('p12', 'text', (c) => c.notNull())
    .addColumn('passphrase', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('self_signed', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unit_certificates').execute();
}
