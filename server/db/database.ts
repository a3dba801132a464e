/** Table types of the database: one interface, used by every query. Never returned to clients. */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { RuntimeDatabase } from '../../runtime/db.js';
import type { CalendarTables } from '../../runtime/calendar/tables.js';
import type { IntegrationTables } from '../integrations/tables.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb: read as parsed JSON, written as a JSON string (pg cannot send JS arrays as jsonb). */
export type Json<T = unknown> = ColumnType<T, string, string>;

export interface SettingsTable {
  key: string;
  value: string;
}

export interface TenantsTable {
  id: Generated<string>;
  code: string;
  name: string;
  working_hours: ColumnType<[string, string][], string | undefined, string>;
  created_at: Timestamp;
}

export type UnitLevel = 'province' | 'department' | 'district' | 'commune' | 'other';

export interface UnitsTable {
  id: Generated<string>;
  tenant_id: string;
  parent_id: string | null;
  agency_code: string;
  name: string;
  level: UnitLevel;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type Role = 'admin' | 'designer' | 'official' | 'leader';

export interface AccountsTable {
  id: Generated<string>;
  kind: 'staff' | 'citizen';
  tenant_id: string | null;
  unit_id: string | null;
  username: string;
  password_hash: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  active: Generated<boolean>;
  verified_at: NullableTimestamp;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GroupsTable {
  id: Generated<string>;
  tenant_id: string;
  unit_id: string;
  name: string;
  title: string;
  created_at: Timestamp;
}

export interface GroupMembersTable {
  group_id: string;
  account_id: string;
  tenant_id: string;
}

export interface RefreshTokensTable {
  id: string;
  account_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface OtpCodesTable {
  id: Generated<string>;
  account_id: string;
  purpose: 'verify' | 'reset';
  channel: 'email' | 'sms';
  destination: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  tenant_id: string | null;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Json<Record<string, unknown>>;
  ip: string | null;
  request_id: string | null;
  created_at: Timestamp;
}

export interface NotificationOutboxTable {
  id: Generated<string>;
  tenant_id: string | null;
  account_id: string | null;
  channel: 'email' | 'sms';
  destination: string;
  template: string;
  subject: string;
  body: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface FilesTable {
  id: Generated<string>;
  tenant_id: string | null;
  owner_id: string | null;
  purpose: string;
  name: string;
  mime: string;
  size: ColumnType<string | number, number, number>;
  sha256: string;
  storage_key: string;
  created_at: Timestamp;
}

export interface ServicesTable {
  id: Generated<string>;
  tenant_id: string;
  unit_id: string;
  metadata: Json<import('../../schemas/service.js').ServiceMetadata>;
  components: Json<import('../../schemas/service.js').DossierComponent[]>;
  form: Json<Record<string, unknown> | null>;
  step_forms: Json<Record<string, Record<string, unknown>>>;
  bpmn_xml: string | null;
  notes: Json<import('../../schemas/service.js').ImportNote[]>;
  row_version: Generated<number>;
  latest_version: Generated<number>;
  current_version_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ServiceVersionsTable {
  id: Generated<string>;
  tenant_id: string;
  service_id: string;
  version: number;
  metadata: Json<import('../../schemas/service.js').ServiceMetadata>;
  components: Json<import('../../schemas/service.js').DossierComponent[]>;
  form: Json<Record<string, unknown> | null>;
  step_forms: Json<Record<string, Record<string, unknown>>>;
  bpmn_xml: string;
  name: string;
  field: string;
  procedure_code: string | null;
  online_level: string;
  receiving_unit_ids: string[];
  search_text: string;
  published_by: string;
  published_at: Timestamp;
  retired_at: NullableTimestamp;
  retired_by: string | null;
}

export type DossierStatus = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export interface ApplicantInfo {
  kind: 'citizen' | 'business' | 'household';
  fullName: string;
  citizenId: string | null;
  taxCode?: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface FeeLine {
  id: string;
  name: string;
  amountVnd: number;
  quantity: number;
  totalVnd: number;
  dueAt: 'submission' | 'payment-step';
}

export interface DossiersTable {
  id: string;
  tenant_id: string;
  code: string;
  service_id: string;
  version_id: string;
  receiving_unit_id: string;
  channel: 'online' | 'direct' | 'post';
  applicant_account_id: string | null;
  filed_by: string | null;
  applicant: Json<ApplicantInfo>;
  on_behalf: boolean;
  data: Json<Record<string, unknown>>;
  fees: Json<FeeLine[]>;
  status: DossierStatus;
  status_changed_at: Timestamp;
  received_at: Timestamp;
  counted_from: Timestamp;
  due_at: Timestamp;
  original_due_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  on_time: boolean | null;
  /** 'refused' once a step refused the dossier; null otherwise. */
  outcome: ColumnType<'refused' | null, 'refused' | null | undefined, 'refused' | null>;
  result_channel: string | null;
  postal_address: string | null;
  result_file_id: string | null;
  result_returned_at: NullableTimestamp;
  instance_id: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: NullableTimestamp;
  row_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DossierFilesTable {
  id: Generated<string>;
  tenant_id: string;
  dossier_id: string;
  component_id: string | null;
  file_id: string;
  kind: 'attachment' | 'authorization' | 'supplement' | 'result';
  superseded_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface DossierHistoryTable {
  id: Generated<string>;
  tenant_id: string;
  dossier_id: string;
  at: Timestamp;
  action: string;
  status: number | null;
  actor_id: string | null;
  actor_kind: string;
  note: string | null;
  details: Json<Record<string, unknown>>;
}

export interface DossierSequencesTable {
  agency_code: string;
  day: ColumnType<string, string, string>;
  tenant_id: string;
  last: number;
}

export interface IdempotencyKeysTable {
  account_id: string;
  key: string;
  scope: string;
  request_hash: string;
  status_code: number;
  response: Json<Record<string, unknown>>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface DossierDraftsTable {
  id: Generated<string>;
  account_id: string;
  service_id: string;
  receiving_unit_id: string | null;
  data: Json<Record<string, unknown>>;
  attachments: Json<Array<{ componentId: string; fileId: string }>>;
  extra: Json<Record<string, unknown>>;
  row_version: Generated<number>;
  submitted_dossier_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The desk's columns on the runtime's task rows (migrations 007 and 041). */
export interface DeskTaskColumns {
  claimed_at: NullableTimestamp;
  assigned_by: string | null;
  escalated_at: NullableTimestamp;
  /** The dossier's due date while the task is open, kept by the database (migration 041). */
  dossier_due_at: NullableTimestamp;
}

export interface UnitCertificatesTable {
  unit_id: string;
  tenant_id: string;
  /** The private key (PKCS#8), sealed with the server's certificate key: see documents/signing/keystore.ts. */
  sealed_key: string;
  /** The signer's certificate, DER in base64; `chain` the other certificates of the PKCS#12 file. */
  certificate: string;
  chain: Json<string[]>;
  /** The subject's common name, as signatures show it. */
  subject: string;
  issuer: string;
  serial_number: string;
  not_before: Timestamp;
  not_after: Timestamp;
  self_signed: boolean;
  /** The admin who installed it; null for a generated demo certificate. */
  installed_by: string | null;
  created_at: Timestamp;
}

export interface Database extends Omit<RuntimeDatabase, 'tasks'>, CalendarTables, IntegrationTables {
  tasks: RuntimeDatabase['tasks'] & DeskTaskColumns;
  unit_certificates: UnitCertificatesTable;
  dossiers: DossiersTable;
  dossier_files: DossierFilesTable;
  dossier_history: DossierHistoryTable;
  dossier_sequences: DossierSequencesTable;
  idempotency_keys: IdempotencyKeysTable;
  dossier_drafts: DossierDraftsTable;
  files: FilesTable;
  services: ServicesTable;
  service_versions: ServiceVersionsTable;
  settings: SettingsTable;
  tenants: TenantsTable;
  units: UnitsTable;
  accounts: AccountsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  refresh_tokens: RefreshTokensTable;
  otp_codes: OtpCodesTable;
  audit_log: AuditLogTable;
  notification_outbox: NotificationOutboxTable;
}

export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Unit = Selectable<UnitsTable>;
export type Tenant = Selectable<TenantsTable>;
export type Group = Selectable<GroupsTable>;
export type Service = Selectable<ServicesTable>;
export type ServiceVersion = Selectable<ServiceVersionsTable>;
export type StoredFile = Selectable<FilesTable>;
export type Dossier = Selectable<DossiersTable>;
