/**
 * The one error handler. 4xx replies carry `{code, message, fields}` with stable codes;
 * 5xx are logged in full and answered with a generic message, so no database or stack
 * detail ever reaches a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type FieldError } from '../errors.js';
import { RuntimeError } from '../../runtime/engine/errors.js';
import { toFieldErrors } from './validation.js';
import { keyRefusal } from '../http/idempotency.js';

interface Reply {
  code: string;
  message: string;
  fields: FieldError[];
  requestId?: string;
  details?: Record<string, unknown>;
}

const fastifyCodes: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'request.malformed_json', 'The body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'request.empty_body', 'The body is empty but JSON was announced'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request.too_large', 'The body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'request.unsupported_media_type', 'This content type is not accepted'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'request.bad_content_length', 'The content length does not match the body'],
  FST_REQ_FILE_TOO_LARGE: [413, 'request.file_too_large', 'The file is too large'],
  FST_FILES_LIMIT: [413, 'request.too_many_files', 'Too many files'],
  FST_PARTS_LIMIT: [413, 'request.too_many_parts', 'Too many parts'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [406, 'request.not_multipart', 'The request is not multipart'],
  FST_ERR_VALIDATION: [400, 'validation.failed', 'The request is not valid'],
};

function toReply(err: FastifyError | AppError | Error): [number, Reply] {
  if (err instanceof AppError) {
    return [err.status, { code: err.code, message: err.message, fields: err.fields, details: err.details }];
  }
  if (err instanceof RuntimeError) {
    const status = err.isConflict ? 409 : /not_found$/.test(err.code) ? 404 : /decision|input/.test(err.code) ? 400 : 422;
    return [status, { code: err.code, message: err.message, fields: [] }];
  }
  const fe = err as FastifyError & { validationContext?: string };
  if (fe.validation) {
    const fields = toFieldErrors(fe.validation as never, fe.validationContext);
    // The Idempotency-Key header keeps its own codes, whichever of schema or route refuses it.
    const key = fields.find((f) => f.path === 'header:/idempotency-key');
    if (key) return toReply(keyRefusal(key.code === 'validation.required'));
    const unknownOnly = fields.length > 0 && fields.every((f) => f.code === 'validation.unknown_field');
    return [400, { code: unknownOnly ? 'validation.unknown_field' : 'validation.failed', message: 'The request is not valid', fields }];
  }
  if (fe.code && fastifyCodes[fe.code]) {
    const [status, code, message] = fastifyCodes[fe.code];
    return [status, { code, message, fields: [] }];
  }
  // JSON.parse errors raised by the content parser without a Fastify code.
  if (err instanceof SyntaxError && fe.statusCode === 400) {
    return [400, { code: 'request.malformed_json', message: 'The body is not valid JSON', fields: [] }];
  }
  const pgCode = (err as { code?: unknown }).code;
  // Text PostgreSQL cannot store (a NUL byte, a broken escape) is the client's mistake.
  if (pgCode === '22021' || pgCode === '22P05') return [400, { code: 'request.invalid_character', message: 'The request contains a character that cannot be stored', fields: [] }];
  if (pgCode === '23505') return [409, { code: 'conflict.duplicate', message: 'This already exists', fields: [] }];
  if (pgCode === '40001' || pgCode === '40P01') {
    return [409, { code: 'conflict.retry', message: 'A concurrent change got in the way: try again', fields: [] }];
  }
  if (fe.statusCode === 429) {
    return [429, { code: 'rate_limit.exceeded', message: 'Too many requests, try again later', fields: [] }];
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return [fe.statusCode, { code: 'request.invalid', message: 'The request cannot be processed', fields: [] }];
  }
  return [500, { code: 'internal', message: 'An unexpected error occurred', fields: [] }];
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: Error): FastifyReply {
  const [status, body] = toReply(err);
  if (status >= 500) request.log.error({ err }, 'request failed');
  else request.log.info({ code: body.code, status }, 'request refused');
  body.requestId = request.id;
  const retry = body.details?.retryAfterSeconds;
  if (status === 429 && typeof retry === 'number') void reply.header('retry-after', String(retry));
  return reply.status(status).send(body);
}

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: Error, request, reply) => sendError(request, reply, err));
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({ code: 'route.not_found', message: `No route ${request.method} ${request.url.split('?')[0]}`, fields: [], requestId: request.id }),
    );
  },
  { name: 'errors' },
);
