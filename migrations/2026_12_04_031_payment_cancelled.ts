/**
 * A payment can be cancelled: a dossier withdrawn while its payment was asked for (status 6)
 * no longer owes it, and its pay link must not be started again. Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table payments drop constraint payments_status_check`.execute(db);
  await sql`alter table payments add constraint payments_status_check check (status in ('created','pending','paid','failed','refunded','cancelled'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table payments drop constraint payments_status_check`.execute(db);
  await sql`alter table payments add constraint payments_status_check check (status in ('created','pending','paid','failed','refunded'))`.execute(db);
}
