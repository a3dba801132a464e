/**
 * A published version is an immutable snapshot: dossiers started on it and the catalogue rely
 * on it not changing under them. The database itself refuses to change one, so no code path
 * (nor a hand-written UPDATE) can: only the retire columns may be set, once, and a version is
 * never deleted. Columns added later are covered too: the row is compared whole, less the
 * retire columns. Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function service_versions_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'service_versions: a published version cannot be deleted (retire it)' using errcode = 'restrict_violation';
      end if;
      if (to_jsonb(new) - 'retired_at' - 'retired_by') is distinct from (to_jsonb(old) - 'retired_at' - 'retired_by') then
        raise exception 'service_versions: a published version is immutable; only retired_at and retired_by may be set' using errcode = 'restrict_violation';
      end if;
      if old.retired_at is not null and (new.retired_at is distinct from old.retired_at or new.retired_by is distinct from old.retired_by) then
        raise exception 'service_versions: a retired version stays retired' using errcode = 'restrict_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger service_versions_no_change before update or delete on service_versions
    for each row execute function service_versions_immutable()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger service_versions_no_change on service_versions`.execute(db);
  await sql`drop function service_versions_immutable()`.execute(db);
}
