/**
 * Runtime tables: process instances (engine state lives here, not in memory), the user tasks
 * they wait on, durable jobs (timers and connector calls) and incidents (jobs that ran out of
 * tries). Every row carries its tenant. Frozen once landed: change the schema in a new migration.
 */
import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('process_instances')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('definition_key', 'text', (c) => c.notNull())
    .addColumn('business_key', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('running').check(sql`status in ('running','completed','cancelled','failed')`),
    )
    // The engine state without the definition, which is restored from the cached version.
    .addColumn('state', 'jsonb')
    .addColumn('variables', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('process_instances_business_key')
    .on('process_instances')
    .columns(['tenant_id', 'business_key'])
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('instance_id', 'uuid', (c) => c.notNull().references('process_instances.id').onDelete('cascade'))
    .addColumn('business_key', 'text')
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('element_name', 'text')
    // The engine's execution id of the waiting task: what a completion signals.
    .addColumn('execution_id', 'text', (c) => c.notNull())
    .addColumn('candidate_groups', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('candidate_users', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('assignee', 'text')
    .addColumn('form_key', 'text')
    .addColumn('decisions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('dossier_status', 'integer')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open','completed','cancelled')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('due_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('completed_by', 'text')
    .addColumn('decision', 'text')
    .addColumn('data', 'jsonb')
    .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('tasks_instance_execution', ['instance_id', 'execution_id'])
    .execute();
  // Queues read open tasks only; partial indexes stay small however many tasks are closed.
  await sql`create index tasks_open_groups on tasks using gin (candidate_groups) where status = 'open'`.execute(db);
  await sql`create index tasks_open_users on tasks using gin (candidate_users) where status = 'open'`.execute(db);
  await sql`create index tasks_open_due on tasks (tenant_id, due_at, id) where status = 'open'`.execute(db);
  await sql`create index tasks_open_assignee on tasks (tenant_id, assignee, due_at) where status = 'open'`.execute(db);
  await db.schema.createIndex('tasks_instance').on('tasks').columns(['instance_id', 'status']).execute();
  await db.schema.createIndex('tasks_business_key').on('tasks').columns(['tenant_id', 'business_key']).execute();

  await db.schema
    .createTable('process_jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('instance_id', 'uuid', (c) => c.notNull().references('process_instances.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('timer','connector')`))
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('execution_id', 'text', (c) => c.notNull())
    .addColumn('connector', 'text')
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending','done','cancelled','failed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('backoff_seconds', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await sql`create index process_jobs_due on process_jobs (due_at) where status = 'pending'`.execute(db);
  // One live job per waiting timer or service call (a failed one waits for an admin's retry).
  await sql`
    create unique index process_jobs_live on process_jobs (instance_id, kind, execution_id)
    where status in ('pending','failed')`.execute(db);
  await db.schema.createIndex('process_jobs_instance').on('process_jobs').columns(['instance_id', 'status']).execute();

  await db.schema
    .createTable('process_incidents')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id'))
    .addColumn('instance_id', 'uuid', (c) => c.notNull().references('process_instances.id').onDelete('cascade'))
    .addColumn('job_id', 'uuid', (c) => c.notNull().references('process_jobs.id').onDelete('cascade'))
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('connector', 'text')
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'text')
    .execute();
  await sql`create index process_incidents_open on process_incidents (tenant_id, created_at) where resolved_at is null`.execute(db);
  await db.schema.createIndex('process_incidents_instance').on('process_incidents').column('instance_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['process_incidents', 'process_jobs', 'tasks', 'process_instances']) {
    await db.schema.dropTable(t).execute();
  }
}
