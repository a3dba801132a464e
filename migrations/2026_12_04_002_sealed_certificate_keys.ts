/**
 * Unit certificates keep the signing key sealed (AES-256-GCM under a key derived from a server
 * secret) instead of the PKCS#12 file next to its passphrase in plain text, and keep what an
 * admin is shown (issuer, serial, validity) beside the certificate. The rows so far were all
 * self-signed demo certificates, generated again on the next signing; they are dropped rather
 * than converted, since a migration does not know the server secret. Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('unit_certificates').execute();
  await db.schema
    .alterTable('unit_certificates')
    .dropColumn('p12')
    .dropColumn('passphrase')
    .addColumn('sealed_key', 'text', (c) => c.notNull())
    .addColumn('certificate', 'text', (c) => c.notNull())
    .addColumn('chain', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('serial_number', 'text', (c) => c.notNull())
    .addColumn('not_before', 'timestamptz', (c) => c.notNull())
    .addColumn('not_after', 'timestamptz', (c) => c.notNull())
    .addColumn('installed_by', 'uuid', (c) => c.references('accounts.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('unit_certificates').execute();
  await db.schema
    .alterTable('unit_certificates')
    .dropColumn('sealed_key')
    .dropColumn('certificate')
    .dropColumn('chain')
    .dropColumn('issuer')
    .dropColumn('serial_number')
    .dropColumn('not_before')
    .dropColumn('not_after')
    .dropColumn('installed_by')
    .addColumn('p12', 'text', (c) => c.notNull())
    .addColumn('passphrase', 'text', (c) => c.notNull())
    .execute();
}
