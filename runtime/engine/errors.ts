/**
 * Errors of the runtime, each with a stable code the server maps to an HTTP status
 * (conflicts to 409, unknown ids to 404, refused input to 400/422).
 */
export type RuntimeErrorCode =
  | 'instance.not_found'
  | 'instance.not_running'
  | 'instance.version_conflict'
  | 'instance.no_executable_process'
  | 'instance.state_unreadable'
  | 'task.not_found'
  | 'task.already_completed'
  | 'task.not_open'
  | 'task.version_conflict'
  | 'task.not_waiting'
  | 'task.decision_not_offered'
  | 'task.decision_required'
  | 'task.input_reserved'
  | 'task.due_date_invalid'
  | 'message.not_expected'
  | 'message.ambiguous'
  | 'run.step_limit'
  | 'run.failed'
  | 'job.not_found'
  | 'incident.not_found'
  | 'incident.already_resolved'
  | 'connector.missing'
  | 'connector.unknown'
  | 'connector.duplicate'
  | 'connector.url_not_allowed'
  | 'connector.failed'
  | 'connector.bpmn_error_uncaught';

/** Codes that mean "someone else got there first": the server answers 409. */
export const CONFLICT_CODES: ReadonlySet<RuntimeErrorCode> = new Set([
  'instance.not_running',
  'instance.version_conflict',
  'task.already_completed',
  'task.not_open',
  'task.version_conflict',
  'task.not_waiting',
  'incident.already_resolved',
]);

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: RuntimeErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeError';
    this.code = code;
    this.details = details;
  }

  get isConflict(): boolean {
    return CONFLICT_CODES.has(this.code);
  }
}

export function isRuntimeError(err: unknown, code?: RuntimeErrorCode): err is RuntimeError {
  return err instanceof RuntimeError && (code === undefined || err.code === code);
}
