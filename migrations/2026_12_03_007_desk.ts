/**
 * The desk's own facts about tasks, beside the runtime's: who claimed a task and when (a
 * claim can be given back, an assignment by the diagram or a leader cannot), and when an
 * overdue task was escalated to the leaders (once). Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('assigned_by', 'uuid')
    .addColumn('escalated_at', 'timestamptz')
    .execute();
  await sql`create index tasks_open_overdue on tasks (due_at) where status = 'open' and escalated_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').dropColumn('claimed_at').dropColumn('assigned_by').dropColumn('escalated_at').execute();
}
