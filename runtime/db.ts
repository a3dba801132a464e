/**
 * The tables the runtime reads and writes. The server's `Database` interface includes these;
 * runtime code only ever sees `Kysely<RuntimeDatabase>` or a transaction of it.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: read as parsed JSON, written as a JSON string (pg cannot send JS arrays as jsonb). */
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type InstanceStatus = 'running' | 'completed' | 'cancelled' | 'failed';
export type TaskStatus = 'open' | 'completed' | 'cancelled';
export type JobKind = 'timer' | 'connector';
export type JobStatus = 'pending' | 'done' | 'cancelled' | 'failed';

/** A decision a user task offers: plain completion, or raising a boundary error/escalation. */
export interface TaskDecision {
  key: string;
  kind: 'complete' | 'error' | 'escalation';
  /** The boundary event that catches it (error and escalation only). */
  boundaryEventId?: string;
  /** errorCode / escalationCode as the diagram gives it. */
  code?: string;
  /** Id of the bpmn:Error / bpmn:Escalation element. */
  refId?: string;
  label?: string;
}

export interface ProcessInstancesTable {
  id: Generated<string>;
  tenant_id: string;
  version_id: string;
  definition_key: string;
  business_key: string | null;
  status: Generated<InstanceStatus>;
  state: ColumnType<unknown | null, string | null | undefined, string | null>;
  variables: JsonDefault<Record<string, unknown>>;
  row_version: Generated<number>;
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  ended_at: NullableTimestamp;
}

export interface TasksTable {
  id: Generated<string>;
  tenant_id: string;
  instance_id: string;
  business_key: string | null;
  element_id: string;
  element_name: string | null;
  execution_id: string;
  candidate_groups: TextArray;
  candidate_users: TextArray;
  assignee: string | null;
  form_key: string | null;
  decisions: JsonDefault<TaskDecision[]>;
  dossier_status: number | null;
  status: Generated<TaskStatus>;
  created_at: Timestamp;
  due_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  completed_by: string | null;
  decision: string | null;
  data: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  row_version: Generated<number>;
}

export interface ProcessJobsTable {
  id: Generated<string>;
  tenant_id: string;
  instance_id: string;
  kind: JobKind;
  element_id: string;
  execution_id: string;
  connector: string | null;
  payload: JsonDefault<Record<string, unknown>>;
  due_at: Timestamp;
  status: Generated<JobStatus>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  backoff_seconds: Generated<number>;
  locked_until: NullableTimestamp;
  locked_by: string | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: NullableTimestamp;
}

export interface ProcessIncidentsTable {
  id: Generated<string>;
  tenant_id: string;
  instance_id: string;
  job_id: string;
  element_id: string;
  connector: string | null;
  error: string;
  created_at: Timestamp;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
}

export interface RuntimeDatabase {
  process_instances: ProcessInstancesTable;
  tasks: TasksTable;
  process_jobs: ProcessJobsTable;
  process_incidents: ProcessIncidentsTable;
}

export type RuntimeDb = Kysely<RuntimeDatabase>;
export type RuntimeTrx = Transaction<RuntimeDatabase>;
/**
 * What the runtime's commands accept: the server's transaction over its own, larger
 * `Database` (Kysely's types do not let a `Transaction<Database>` pass as a
 * `Transaction<RuntimeDatabase>`, though every table here is in it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTrx = Transaction<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

export type InstanceRow = Selectable<ProcessInstancesTable>;
export type TaskRow = Selectable<TasksTable>;
export type JobRow = Selectable<ProcessJobsTable>;
export type IncidentRow = Selectable<ProcessIncidentsTable>;

/** Kept here so that a JSON column is always written the same way (see STACK-NOTES on pg and jsonb). */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}
