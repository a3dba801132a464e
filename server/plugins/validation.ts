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

/**
 * A choice among fixed values (`anyOf` of `const` branches, TypeBox's union of literals, or an
 * `enum`) that the value missed: ajv reports each branch and then the anyOf, which says
 * neither what was wrong nor what is allowed. The branch errors are folded into one.
 */
function choiceFailures(errs: ErrorObject[]): Map<ErrorObject, { allowed: unknown[]; consumed: ErrorObject[] }> {
  const out = new Map<ErrorObject, { allowed: unknown[]; consumed: ErrorObject[] }>();
  for (const e of errs) {
    if (e.keyword !== 'anyOf') continue;
    const branches = errs.filter((b) => b !== e && b.schemaPath.startsWith(`${e.schemaPath}/`));
    const onlyConsts = branches.length > 0 && branches.every((b) => b.instancePath === e.instancePath && (b.keyword === 'const' || b.keyword === 'type'));
    if (!onlyConsts) continue;
    const allowedByBranch = new Map<string, unknown>();
    for (const b of branches) if (b.keyword === 'const') allowedByBranch.set(b.schemaPath.slice(e.schemaPath.length + 1).split('/')[0], (b.params as { allowedValue: unknown }).allowedValue);
    const branchIds = new Set(branches.map((b) => b.schemaPath.slice(e.schemaPath.length + 1).split('/')[0]));
    // A branch that is not a constant (a null, a free string) is no fixed choice.
    if ([...branchIds].some((id) => !allowedByBranch.has(id))) continue;
    out.set(e, { allowed: [...allowedByBranch.values()], consumed: branches });
  }
  return out;
}

const valuesList = (allowed: unknown[]) => allowed.map((v) => JSON.stringify(v)).join(', ');

/** One field error for a value that is not one of the fixed values allowed. */
export function notAllowedValue(path: string, allowed: unknown[]): FieldError {
  return {
    path,
    code: 'validation.enum',
    message: `phải là một trong các giá trị: ${valuesList(allowed)}`,
    messageEn: `must be one of: ${valuesList(allowed)}`,
    allowedValues: allowed,
  };
}

/** Ajv errors → field errors with a path a person can follow and a stable code. */
export function toFieldErrors(errs: ErrorObject[], part = 'body'): FieldError[] {
  const prefix = partPrefix[part] ?? '';
  const out: FieldError[] = [];
  const choices = choiceFailures(errs);
  const consumed = new Set([...choices.values()].flatMap((c) => c.consumed));
  for (const e of errs) {
    if (consumed.has(e)) continue;
    const choice = choices.get(e);
    if (choice || e.keyword === 'enum') {
      const allowed = choice ? choice.allowed : (e.params as { allowedValues: unknown[] }).allowedValues;
      const path = prefix + (e.instancePath || '/');
      if (!out.some((f) => f.path === path && f.code === 'validation.enum')) out.push(notAllowedValue(path, allowed));
      continue;
    }
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
