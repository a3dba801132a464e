/**
 * Expressions as the runtime will read them (runtime/expressions): each
 * condition, attribute expression and timer value is compiled exactly as it
 * will be at run time, so "passes here" means "parses there".
 */
import type { ModdleElement } from '../engine/definitions.js';
import { compileExpression, ExpressionError, isExpressionLanguage, type CompiledExpression, type CompiledFeel } from '../expressions/index.js';
import { label, type ProblemList } from './problems.js';

/** The compiled condition of a sequence flow, or undefined (none, or reported as a problem). */
export function checkCondition(flow: ModdleElement, problems: ProblemList): CompiledFeel | undefined {
  const expression = flow.conditionExpression as ModdleElement | undefined;
  if (!expression) return undefined;
  const language = typeof expression.language === 'string' ? expression.language : undefined;
  if (!isExpressionLanguage(language)) {
    problems.add(
      flow,
      'condition.script',
      `The condition of the ${label(flow)} is written in ${language}: only FEEL (or simple \${…} JUEL) conditions run here, never scripts`,
    );
    return undefined;
  }
  const body = typeof expression.body === 'string' ? expression.body : '';
  if (!body.trim()) {
    problems.add(flow, 'condition.empty', `The condition of the ${label(flow)} is empty`);
    return undefined;
  }
  try {
    return compileExpression(body, 'condition') as CompiledFeel;
  } catch (err) {
    problems.add(flow, 'condition.invalid', `The condition of the ${label(flow)} cannot be used: ${reason(err)}`);
    return undefined;
  }
}

/** Check an attribute that may hold an expression; returns its compiled form when it is valid. */
export function checkAttribute(element: ModdleElement, attribute: string, text: unknown, problems: ProblemList): CompiledExpression | undefined {
  if (typeof text !== 'string' || !text.trim()) return undefined;
  try {
    return compileExpression(text, 'attribute');
  } catch (err) {
    problems.add(element, 'expression.invalid', `${attribute}="${text}" on the ${label(element)} cannot be used: ${reason(err)}`);
    return undefined;
  }
}

/** An attribute that must be an expression (a literal there would always be truthy). */
export function checkExpressionAttribute(element: ModdleElement, attribute: string, text: unknown, problems: ProblemList): void {
  const compiled = checkAttribute(element, attribute, text, problems);
  if (compiled?.kind === 'literal') {
    problems.add(
      element,
      'expression.not_an_expression',
      `${attribute}="${text}" on the ${label(element)} must be an expression: \${…} (JUEL) or =… (FEEL)`,
    );
  }
}

const TIMER_TYPES = ['timeDuration', 'timeDate', 'timeCycle'] as const;
const DURATION = /^-?P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/** A timer needs exactly one of duration, date or cycle, as ISO 8601 text or an expression. */
export function checkTimer(event: ModdleElement, definition: ModdleElement, problems: ProblemList): void {
  const present = TIMER_TYPES.filter((type) => (definition[type] as ModdleElement | undefined)?.body !== undefined);
  if (present.length === 0) {
    problems.add(event, 'timer.missing_value', `The timer of the ${label(event)} has no duration, date or cycle`);
    return;
  }
  if (present.length > 1) {
    problems.add(event, 'timer.invalid_value', `The timer of the ${label(event)} has both ${present.join(' and ')}; give one`);
  }
  for (const type of present) {
    const text = String((definition[type] as ModdleElement).body ?? '').trim();
    const compiled = checkAttribute(event, type, text, problems);
    if (compiled?.kind !== 'literal') continue;
    const problem = literalTimerProblem(type, text);
    if (problem) problems.add(event, 'timer.invalid_value', `The ${type} "${text}" of the ${label(event)} ${problem}`);
  }
}

function literalTimerProblem(type: (typeof TIMER_TYPES)[number], text: string): string | undefined {
  if (!text) return 'is empty';
  switch (type) {
    case 'timeDuration':
      return DURATION.test(text) && !text.startsWith('-') ? undefined : 'is not an ISO 8601 duration such as P3D or PT4H';
    case 'timeDate':
      return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)) ? undefined : 'is not an ISO 8601 date such as 2025-09-02T08:00:00+07:00';
    case 'timeCycle': {
      const [repeat, ...rest] = text.split('/');
      const valid =
        /^R\d*$/.test(repeat) &&
        rest.length >= 1 &&
        rest.length <= 2 &&
        rest.filter((part) => DURATION.test(part)).length === 1 &&
        rest.every((part) => DURATION.test(part) || (DATE_TIME.test(part) && !Number.isNaN(Date.parse(part))));
      return valid ? undefined : 'is not an ISO 8601 repeating interval such as R3/PT10M (cron cycles are not supported)';
    }
  }
}

function reason(err: unknown): string {
  if (err instanceof ExpressionError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
