/**
 * Evaluation over a context of process variables (form data, decisions,
 * dossier facts). The context must be plain data (what JSON can hold):
 * feelin calls any JavaScript function it finds in its context.
 */
import { evaluate, FeelDate, FeelDateTime, FeelDuration, FeelTime, isFunction, isRange } from 'feelin';
import { ExpressionError } from './errors.js';
import { compileExpression, type CompiledExpression, type CompiledFeel, type ExpressionRole } from './compile.js';
import { BAIL, evaluateFast } from './fast-feel.js';
import { findFeelReferences, type FeelReferences } from './feel-syntax.js';

export type VariableContext = Record<string, unknown>;

/**
 * A condition: true or false, or an ExpressionError. A condition that fails
 * or yields anything else (null for a missing variable, a string…) is an
 * error, never a silent false: a gateway must not take a path by accident.
 */
export function evaluateCondition(expression: string, context: VariableContext): boolean {
  const compiled = compileExpression(expression, 'condition') as CompiledFeel;
  const { value, warnings } = runFeel(compiled, context);
  if (typeof value === 'boolean') return value;
  const why = warnings.length ? ` (${warnings.join('; ')})` : '';
  throw new ExpressionError('expression.not_boolean', `The condition "${expression}" gave ${describe(value)}, not true or false${why}`, expression);
}

/**
 * A value: FEEL text (`amount * 2`, `=amount * 2`) or JUEL (`${amount}`).
 * Dates, times and durations come back as ISO 8601 strings.
 */
export function evaluateExpression(expression: string, context: VariableContext): unknown {
  const compiled = compileExpression(expression, 'expression') as CompiledFeel;
  return toPlain(runFeel(compiled, context).value, expression);
}

/**
 * An attribute that may hold an expression (candidate groups, assignee, due
 * date, timer value, connector input): literal text is returned as written.
 */
export function resolveAttribute(text: string, context: VariableContext): unknown {
  return evaluateCompiled(compileExpression(text, 'attribute'), context);
}

export function evaluateCompiled(compiled: CompiledExpression, context: VariableContext): unknown {
  switch (compiled.kind) {
    case 'literal':
      return compiled.value;
    case 'feel':
      return toPlain(runFeel(compiled, context).value, compiled.source);
    case 'template':
      return compiled.parts.map((part) => (typeof part === 'string' ? part : templateText(toPlain(runFeel(part, context).value, compiled.source)))).join('');
  }
}

export interface ParseCheck {
  ok: boolean;
  /** Why it cannot run, for the designer. */
  error?: string;
  code?: string;
  position?: number;
  dialect?: 'feel' | 'juel';
  /** The FEEL that will run (the translation, for JUEL). */
  feel?: string;
}

/** Publish-time check: does the expression parse (and translate, for JUEL)? Never throws. */
export function parseCheck(expression: string, role: ExpressionRole = 'expression'): ParseCheck {
  try {
    const compiled = compileExpression(expression, role);
    if (compiled.kind === 'literal') return { ok: true };
    if (compiled.kind === 'template') return { ok: true, dialect: 'juel' };
    return { ok: true, dialect: compiled.dialect, feel: compiled.feel };
  } catch (err) {
    if (err instanceof ExpressionError) {
      return { ok: false, error: err.message, code: err.code, ...(err.position !== undefined && { position: err.position }) };
    }
    return { ok: false, error: err instanceof Error ? err.message : String(err), code: 'expression.feel_syntax' };
  }
}

/** Root names of the variables an expression reads (`applicant` for `applicant.city = "Huế"`). Throws if it does not parse. */
export function listVariables(expression: string, role: ExpressionRole = 'expression'): string[] {
  return expressionReferences(expression, role).names;
}

/** Names and dotted paths of the variables an expression reads. Throws if it does not parse. */
export function expressionReferences(expression: string, role: ExpressionRole = 'expression'): FeelReferences {
  const compiled = compileExpression(expression, role);
  const parts = compiled.kind === 'feel' ? [compiled] : compiled.kind === 'template' ? compiled.parts.filter((p): p is CompiledFeel => typeof p !== 'string') : [];
  const names = new Set<string>();
  const paths = new Set<string>();
  for (const part of parts) {
    const references = findFeelReferences(part.feel, part.tree);
    references.names.forEach((name) => names.add(name));
    references.paths.forEach((path) => paths.add(path));
  }
  return { names: [...names].sort(), paths: [...paths].sort() };
}

function runFeel(compiled: CompiledFeel, context: VariableContext): { value: unknown; warnings: string[] } {
  if (compiled.fast) {
    const value = evaluateFast(compiled.fast, context);
    if (value !== BAIL) return { value, warnings: [] };
  }
  try {
    const { value, warnings } = evaluate(compiled.feel, context);
    return { value, warnings: warnings.map((warning) => warning.message) };
  } catch (err) {
    // feelin throws on some type mixes (e.g. true < false); a clear error, not a crash.
    const reason = err instanceof Error ? err.message : String(err);
    throw new ExpressionError('expression.evaluation_failed', `FEEL could not evaluate "${compiled.source}": ${reason}`, compiled.source);
  }
}

function toPlain(value: unknown, expression: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' && typeof value !== 'function') return value;
  if (value instanceof FeelDate || value instanceof FeelDateTime || value instanceof FeelTime || value instanceof FeelDuration) return String(value);
  if (isFunction(value) || isRange(value) || typeof value === 'function') {
    throw new ExpressionError('expression.evaluation_failed', `The expression "${expression}" gave a ${isRange(value) ? 'range' : 'function'}, not a value`, expression);
  }
  if (Array.isArray(value)) return value.map((item) => toPlain(item, expression));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key] = toPlain(item, expression);
  return result;
}

/** JUEL's string coercion for `${…}` inside text: null is the empty string. */
function templateText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `the text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value === 'object' ? 'context' : typeof value}`;
}
