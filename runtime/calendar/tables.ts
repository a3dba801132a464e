/**
 * The calendar's table, as the runtime sees it. The server's `Database` includes it.
 * `day` is a PostgreSQL `date`: `pg` parses it into a Date at local midnight of the process
 * zone and PGlite differently, so the store always reads it back as text (`to_char`).
 */
import type { ColumnType, Generated } from 'kysely';

export interface CalendarDaysTable {
  tenant_id: string;
  day: ColumnType<Date | string, string, string>;
  kind: 'off' | 'work';
  name: string;
  note: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A type alias, not an interface, so that `db.withTables<CalendarTables>()` accepts it. */
export type CalendarTables = {
  calendar_days: CalendarDaysTable;
};
