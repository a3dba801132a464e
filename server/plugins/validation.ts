/**
 * Request validation. Bodies are checked strictly (no type coercion: a number where a string
 * is expected is an error, and unknown properties are refused, never silently stored);
 * querystrings and path params are coerced from text, as they can only be text.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldError } from '../errors.js';

// ajv-formats is CommonJS; its default export arrives nested under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, removeAdditional: false, ...options });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false });
const textAjv = makeAjv({ coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

const partPrefix: Record<string, string> = { body: '', querystring: 'query:', params: 'params:', headers: 'header:' };

/** Ajv errors → field errors with a path a person can follow and a stable code. */
export function toFieldErrors(errs: ErrorObject[], part = 'body'): FieldError[] {
  const prefix = partPrefix[part] ?? '';
  const out: FieldError[] = [];
  for (const e of errs) {
    let path = e.instancePath || '/';
    let code = `validation.${e.keyword}`;
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      path = `${e.instancePath}/${extra}`;
      code = 'validation.unknown_field';
      message = 'is not an allowed field';
    } else if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      path = `${e.instancePath}/${missing}`;
      code = 'validation.required';
      message = 'is required';
    } else if (e.keyword === 'type') {
      code = 'validation.type';
    }
    // anyOf/oneOf repeat their branches' errors; keep one line per path and code.
    if (!out.some((f) => f.path === prefix + path && f.code === code)) out.push({ path: prefix + path, message, code });
  }
  return out;
}
