/**
 * How an expression is recognised, and its compilation (once per text).
 *
 * Recognition, for text as written in a diagram or a form:
 *   1. `=…`                 FEEL, Camunda 8 style, in any role.
 *   2. `${…}` or `#{…}`     JUEL, Camunda 7 style: translated to FEEL.
 *      Text around or between several of them is a template (`${dept}-head`),
 *      allowed for attributes only; `\${` is a literal `${`.
 *   3. anything else        FEEL in a condition or an expression; a literal
 *                           value in an attribute (`sales`, `PT1H`).
 *
 * Roles: a 'condition' is a sequence flow's condition; an 'expression' is
 * FEEL written for us (fee and component conditions over form data); an
 * 'attribute' is a BPMN attribute that may or may not be an expression
 * (candidate groups, assignee, due date, timer values, connector inputs).
 */
import { ExpressionError, MAX_EXPRESSION_LENGTH } from './errors.js';
import { translateJuel } from './juel.js';
import { findFeelSyntaxError, parseFeel, type FeelTree } from './feel-syntax.js';
import { compileFast, type FastNode } from './fast-feel.js';

export type ExpressionRole = 'condition' | 'expression' | 'attribute';

export interface CompiledFeel {
  kind: 'feel';
  /** The text as written. */
  source: string;
  dialect: 'feel' | 'juel';
  /** The FEEL that runs: the source itself, or its JUEL translation. */
  feel: string;
  tree: FeelTree;
  fast?: FastNode;
}

export interface CompiledTemplate {
  kind: 'template';
  source: string;
  dialect: 'juel';
  /** Literal text and `${…}` parts, in order; evaluated parts are joined as JUEL does (null → ""). */
  parts: Array<string | CompiledFeel>;
}

export interface CompiledLiteral {
  kind: 'literal';
  source: string;
  value: string;
}

export type CompiledExpression = CompiledFeel | CompiledTemplate | CompiledLiteral;

const CACHE_LIMIT = 5000;
const cache = new Map<string, CompiledExpression | ExpressionError>();

/** Compile an expression for a role; throws ExpressionError with the reason. Cached by text. */
export function compileExpression(text: string, role: ExpressionRole): CompiledExpression {
  const key = `${role}\u0000${text}`;
  const cached = cache.get(key);
  if (cached instanceof ExpressionError) throw cached;
  if (cached) return cached;
  let result: CompiledExpression | ExpressionError;
  try {
    result = compileUncached(text, role);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    result = err;
  }
  // Published diagrams bring a bounded set of texts; a full cache is simply started afresh.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  if (result instanceof ExpressionError) throw result;
  return result;
}

function compileUncached(text: string, role: ExpressionRole): CompiledExpression {
  if (typeof text !== 'string') throw new ExpressionError('expression.empty', 'An expression must be text', String(text));
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError('expression.too_long', `The expression is longer than ${MAX_EXPRESSION_LENGTH} characters`, text.slice(0, 80) + '…');
  }
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();

  if (trimmed.startsWith('=')) {
    return compileFeel(trimmed.slice(1), 'feel', text, lead + 1);
  }

  const segments = splitTemplate(text);
  const expressions = segments.filter((segment): segment is JuelSegment => typeof segment !== 'string');
  if (expressions.length === 0) {
    if (role === 'attribute') return { kind: 'literal', source: text, value: segments.join('') };
    if (!trimmed) throw new ExpressionError('expression.empty', 'The expression is empty', text, 0);
    return compileFeel(text, 'feel', text, 0);
  }

  const onlyOne = expressions.length === 1 && segments.every((segment) => typeof segment !== 'string' || !segment.trim());
  if (onlyOne) {
    const [juel] = expressions;
    return compileFeel(translateJuel(juel.body, juel.offset, text), 'juel', text, juel.offset);
  }
  if (role !== 'attribute') {
    throw new ExpressionError(
      'expression.template_not_allowed',
      `A ${role} must be a single expression, not text mixed with \${…}: "${text}"`,
      text,
      expressions[0].offset,
    );
  }
  return {
    kind: 'template',
    source: text,
    dialect: 'juel',
    parts: segments.map((segment) =>
      typeof segment === 'string' ? segment : compileFeel(translateJuel(segment.body, segment.offset, text), 'juel', text, segment.offset),
    ),
  };
}

function compileFeel(feel: string, dialect: 'feel' | 'juel', source: string, offset: number): CompiledFeel {
  if (!feel.trim()) throw new ExpressionError('expression.empty', 'The expression is empty', source, offset);
  const tree = parseFeel(feel);
  const problem = findFeelSyntaxError(feel, tree);
  if (problem) {
    if (dialect === 'juel') {
      // The translator emits only FEEL it knows; reaching here means a JUEL shape it did not foresee.
      throw new ExpressionError('expression.juel_unsupported', `JUEL cannot be translated: its FEEL form "${feel}" does not parse (${problem.message})`, source, offset);
    }
    throw new ExpressionError('expression.feel_syntax', problem.message.replace(/position (\d+)/, (_, n) => `position ${Number(n) + offset}`), source, problem.position + offset);
  }
  return { kind: 'feel', source, dialect, feel, tree, fast: compileFast(feel, tree) };
}

interface JuelSegment {
  body: string;
  /** Offset of `body` in the whole text. */
  offset: number;
}

/** Split text into literal parts and `${…}`/`#{…}` bodies; quotes inside a body may hold braces. */
function splitTemplate(text: string): Array<string | JuelSegment> {
  const segments: Array<string | JuelSegment> = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\' && (text[i + 1] === '$' || text[i + 1] === '#') && text[i + 2] === '{') {
      literal += text.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if ((char === '$' || char === '#') && text[i + 1] === '{') {
      const start = i + 2;
      let j = start;
      let quote: string | null = null;
      for (; j < text.length; j++) {
        const c = text[j];
        if (quote) {
          if (c === '\\') j++;
          else if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '}') break;
      }
      if (j >= text.length) {
        throw new ExpressionError('expression.juel_syntax', `JUEL: '${char}{' at position ${i} is never closed with '}'`, text, i);
      }
      if (literal) segments.push(literal);
      literal = '';
      segments.push({ body: text.slice(start, j), offset: start });
      i = j + 1;
      continue;
    }
    literal += char;
    i++;
  }
  if (literal) segments.push(literal);
  return segments;
}
