/**
 * Every error a client can see: a status, a stable code (`area.reason`), a message, and for
 * validation the fields at fault. Commands throw these; the handler in plugins/errors.ts
 * turns them into replies. Anything else is a 500 with a generic message.
 */
export interface FieldError {
  /** JSON pointer-like path of the field, e.g. `/units/0/agencyCode`. */
  path: string;
  /** Vietnamese first: what a citizen or an officer reads. */
  message: string;
  /** The same in English, where the message was written in both languages. */
  messageEn?: string;
  code?: string;
  /** For a value outside a fixed list: the values allowed. */
  allowedValues?: unknown[];
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const errors = {
  validation: (fields: FieldError[], message = 'The request is not valid') =>
    new AppError(400, 'validation.failed', message, fields),
  field: (path: string, code: string, message: string) =>
    new AppError(400, code, message, [{ path, message, code }]),
  badRequest: (code: string, message: string) => new AppError(400, code, message),
  unauthorized: (code = 'auth.required', message = 'Authentication is required') =>
    new AppError(401, code, message),
  forbidden: (code = 'auth.forbidden', message = 'You may not do this') => new AppError(403, code, message),
  /** Also used for other tenants' rows: existence must not leak. */
  notFound: (entity: string) => new AppError(404, `${entity}.not_found`, `${entity} not found`),
  conflict: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(409, code, message, [], details),
  unprocessable: (code: string, message: string, details?: Record<string, unknown>) =>
    new AppError(422, code, message, [], details),
  tooLarge: (maxBytes: number) =>
    new AppError(413, 'file.too_large', `The file is larger than ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`),
  tooManyRequests: (code: string, message: string, retryAfterSeconds?: number) =>
    new AppError(429, code, message, [], retryAfterSeconds ? { retryAfterSeconds } : undefined),
};
