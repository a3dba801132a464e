/**
 * Indexes the since-January statistics of a service need (server/reports), measured by the
 * bench (bench/, stats_ms): resolution and rating were counted by scanning every dossier of
 * the table. Each count is now a range of one index, covering the columns it reads, so it
 * is answered from the index: received (with the channel), finished (with the on-time
 * class and the apology's original due date), rated (with the rating). The received index
 * replaces the earlier one on the same key, which it covers. Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index dossiers_tenant_service_received_cover on dossiers (tenant_id, service_id, received_at) include (channel)`.execute(db);
  await sql`drop index dossiers_tenant_service_received`.execute(db);
  await sql`alter index dossiers_tenant_service_received_cover rename to dossiers_tenant_service_received`.execute(db);
  await sql`create index dossiers_tenant_service_finished on dossiers (tenant_id, service_id, finished_at) include (on_time, original_due_at) where finished_at is not null`.execute(db);
  await sql`create index dossiers_tenant_service_rated on dossiers (tenant_id, service_id, rated_at) include (rating) where rated_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index dossiers_tenant_service_rated`.execute(db);
  await sql`drop index dossiers_tenant_service_finished`.execute(db);
  await sql`drop index dossiers_tenant_service_received`.execute(db);
  await sql`create index dossiers_tenant_service_received on dossiers (tenant_id, service_id, received_at)`.execute(db);
}
