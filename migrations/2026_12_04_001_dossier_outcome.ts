/**
 * A dossier's outcome beside its status: a dossier refused at approval still passes through
 * statuses 9 and 10 (the written refusal is its result, returned like any other), so the
 * status alone cannot tell the tracking book it was refused. Frozen once landed.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dossiers').addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('refused')`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dossiers').dropColumn('outcome').execute();
}
