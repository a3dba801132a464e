/**
 * An open task carries its dossier's due date, so that the officials' queues and their counts
 * read tasks alone: "overdue" and "due soon" go by the earlier of the step's and the dossier's
 * due date, and with both on the task row one index answers them in that order, without
 * visiting a dossier row per task (at a million dossiers the counts spent most of their time
 * there).
 *
 * The database keeps the copy: a task inserted for a dossier takes the dossier's due date, and
 * a dossier whose due date changes (a supplement restarts the count, an apology moves it)
 * passes it to its open tasks. Closed tasks keep the date they had when they closed. A task of
 * a process run for no dossier (a business key that is not a dossier id) has none. Frozen once
 * landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks add column dossier_due_at timestamptz`.execute(db);
  await sql`
    create function tasks_take_dossier_due() returns trigger language plpgsql as $$
    begin
      if new.dossier_due_at is null and new.business_key ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
        select d.due_at into new.dossier_due_at from dossiers d where d.id = new.business_key::uuid and d.tenant_id = new.tenant_id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger tasks_dossier_due before insert on tasks for each row execute function tasks_take_dossier_due()`.execute(db);
  await sql`
    create function dossiers_pass_due_to_tasks() returns trigger language plpgsql as $$
    begin
      update tasks set dossier_due_at = new.due_at
      where tenant_id = new.tenant_id and business_key = new.id::text and status = 'open';
      return null;
    end $$`.execute(db);
  await sql`
    create trigger dossiers_due_to_tasks after update of due_at on dossiers
    for each row when (old.due_at is distinct from new.due_at) execute function dossiers_pass_due_to_tasks()`.execute(db);
  await sql`
    update tasks t set dossier_due_at = d.due_at from dossiers d
    where t.status = 'open' and d.tenant_id = t.tenant_id and d.id::text = t.business_key`.execute(db);
  // The overdue and due-soon queues, sorted by the earlier of the two dates (least() skips a
  // null). The columns a queue's filter reads are included, so that their counts read the
  // index alone (an index-only scan), however many of the tenant's open tasks they pass over.
  await sql`
    create index tasks_open_urgent on tasks (tenant_id, (least(due_at, dossier_due_at)))
    include (due_at, dossier_due_at, assignee, candidate_groups, candidate_users) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index tasks_open_urgent`.execute(db);
  await sql`drop trigger dossiers_due_to_tasks on dossiers`.execute(db);
  await sql`drop function dossiers_pass_due_to_tasks()`.execute(db);
  await sql`drop trigger tasks_dossier_due on tasks`.execute(db);
  await sql`drop function tasks_take_dossier_due()`.execute(db);
  await sql`alter table tasks drop column dossier_due_at`.execute(db);
}
