/**
 * The runtime's public face: what the server imports. Nothing here knows HTTP or dossiers.
 */
export type {
  RuntimeDatabase,
  RuntimeDb,
  RuntimeTrx,
  AnyTrx,
  AnyDb,
  InstanceRow,
  TaskRow,
  JobRow,
  IncidentRow,
  TaskDecision,
  InstanceStatus,
  TaskStatus,
  JobKind,
  JobStatus,
} from './db.js';
export { ProcessRuntime } from './engine/runtime.js';
export type {
  RuntimeOptions,
  StartInstanceInput,
  CompleteTaskInput,
  DeliverMessageInput,
  CancelInstanceInput,
} from './engine/runtime.js';
export type { StepResult } from './engine/step.js';
export type { StatusChange } from './engine/host.js';
export type { CreatedTask, ClosedTask, ScheduledJob } from './engine/store.js';
export type { Deadlines, DeadlineRequest } from './engine/deadlines.js';
export { RuntimeError, isRuntimeError, CONFLICT_CODES } from './engine/errors.js';
export { RESERVED_COMPLETION_KEYS } from './engine/variables.js';
export type { RuntimeErrorCode } from './engine/errors.js';
export { ConnectorRegistry, STANDARD_CONNECTORS, DEFAULT_RETRY_POLICY } from './engine/connectors.js';
export type { Connector, ConnectorCall, ConnectorResult, RetryPolicy } from './engine/connectors.js';
export { DefinitionError } from './engine/definitions.js';
export { runtimeElements } from './engine/elements.js';
export type { ParsedDefinition } from './engine/definitions.js';
export type { RunJobsOptions, JobOutcome } from './engine/jobs.js';
export { listIncidents, retryIncident } from './engine/incidents.js';
export { runJobInTransaction } from './engine/jobs.js';
export type { IncidentView, ListIncidentsInput, RetryIncidentInput } from './engine/incidents.js';
export { createHttpConnector } from './engine/http-connector.js';
export type { HttpConnectorOptions } from './engine/http-connector.js';
export { calendarDeadlines, dueOnCalendar } from './engine/calendar-deadlines.js';
export type { CalendarDeadlinesOptions } from './engine/calendar-deadlines.js';
