/**
 * Expressions as the runtime will read them (runtime/expressions): each
 * condition, attribute expression and timer value is compiled exactly as it
 * will be at run time, so "passes here" means "parses there".
 */
import type { ModdleElement } from '../engine/definitions.js';
import { compileExpression, ExpressionError, isExpressionLanguage, type CompiledExpression, type CompiledFeel } from '../expressions/index.js';
import { TIMER_VALUE, type Text } from './messages.js';
import type { ProblemList } from './problems.js';

/** The compiled condition of a sequence flow, or undefined (none, or reported as a problem). */
export function checkCondition(flow: ModdleElement, problems: ProblemList): CompiledFeel | undefined {
  const expression = flow.conditionExpression as ModdleElement | undefined;
  if (!expression) return undefined;
  const language = typeof expression.language === 'string' ? expression.language : undefined;
  if (!isExpressionLanguage(language)) {
    problems.add(flow, 'condition.script', { language: String(language) });
    return undefined;
  }
  const body = typeof expression.body === 'string' ? expression.body : '';
  if (!body.trim()) {
    problems.add(flow, 'condition.empty', {});
    return undefined;
  }
  try {
    return compileExpression(body, 'condition') as CompiledFeel;
  } catch (err) {
    problems.add(flow, 'condition.invalid', { reason: reason(err) });
    return undefined;
  }
}

/** Check an attribute that may hold an expression; returns its compiled form when it is valid. */
export function checkAttribute(element: ModdleElement, attribute: string, text: unknown, problems: ProblemList): CompiledExpression | undefined {
  if (typeof text !== 'string' || !text.trim()) return undefined;
  try {
    return compileExpression(text, 'attribute');
  } catch (err) {
    problems.add(element, 'expression.invalid', { attribute, text, reason: reason(err) });
    return undefined;
  }
}

/** An attribute that must be an expression (a literal there would always be truthy). */
export function checkExpressionAttribute(element: ModdleElement, attribute: string, text: unknown, problems: ProblemList): void {
  const compiled = checkAttribute(element, attribute, text, problems);
  if (compiled?.kind === 'literal') {
    problems.add(element, 'expression.not_an_expression', { attribute, text: String(text) });
  }
}

const TIMER_TYPES = ['timeDuration', 'timeDate', 'timeCycle'] as const;
const DURATION = /^-?P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/** A timer needs exactly one of duration, date or cycle, as ISO 8601 text or an expression. */
export function checkTimer(event: ModdleElement, definition: ModdleElement, problems: ProblemList): void {
  const present = TIMER_TYPES.filter((type) => (definition[type] as ModdleElement | undefined)?.body !== undefined);
  if (present.length === 0) {
    problems.add(event, 'timer.missing_value', {});
    return;
  }
  if (present.length > 1) {
    problems.add(event, 'timer.invalid_value', { types: present });
  }
  for (const type of present) {
    const text = String((definition[type] as ModdleElement).body ?? '').trim();
    const compiled = checkAttribute(event, type, text, problems);
    if (compiled?.kind !== 'literal') continue;
    const problem = literalTimerProblem(type, text);
    if (problem) problems.add(event, 'timer.invalid_value', { type, text, reason: problem });
  }
}

function literalTimerProblem(type: (typeof TIMER_TYPES)[number], text: string): Text | undefined {
  if (!text) return TIMER_VALUE.empty();
  switch (type) {
    case 'timeDuration':
      return DURATION.test(text) && !text.startsWith('-') ? undefined : TIMER_VALUE.duration();
    case 'timeDate':
      return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)) ? undefined : TIMER_VALUE.date();
    case 'timeCycle': {
      const [repeat, ...rest] = text.split('/');
      const valid =
        /^R\d*$/.test(repeat) &&
        rest.length >= 1 &&
        rest.length <= 2 &&
        rest.filter((part) => DURATION.test(part)).length === 1 &&
        rest.every((part) => DURATION.test(part) || (DATE_TIME.test(part) && !Number.isNaN(Date.parse(part))));
      return valid ? undefined : TIMER_VALUE.cycle();
    }
  }
}

function reason(err: unknown): string {
  if (err instanceof ExpressionError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
