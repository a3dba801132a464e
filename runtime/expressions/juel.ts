/**
 * Translation of the simple part of JUEL (Camunda 7's `${…}` / `#{…}`) into FEEL.
 *
 * Accepted: variables and dotted paths, string/number/boolean/null literals,
 * `!`/`not`, `&&`/`and`, `||`/`or`, `==`/`eq`, `!=`/`ne`, `<`/`lt`, `>`/`gt`,
 * `<=`/`le`, `>=`/`ge`, parentheses, and a minus sign on a number.
 * Everything else is valid JUEL that we refuse, each with its own reason:
 * method and function calls (Java beans do not exist here), arithmetic,
 * `empty`, `instanceof`, the conditional operator, index access, EL 3.0
 * assignments/lambdas/collections, and Camunda engine objects (`execution`).
 *
 * A real tokenizer and recursive-descent parser, so that garbage is refused
 * rather than half-matched; the FEEL it emits is parenthesised so that
 * operator precedence and FEEL's multi-word names cannot change its meaning.
 */
import { ExpressionError } from './errors.js';

type TokenKind = 'identifier' | 'keyword' | 'number' | 'string' | 'operator' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  /** Offset in the original expression text. */
  start: number;
  /** Decoded value of string and number literals. */
  value?: string | number;
}

export type JuelNode =
  | { type: 'literal'; value: string | number | boolean | null }
  | { type: 'path'; segments: string[] }
  | { type: 'not'; operand: JuelNode }
  | { type: 'logical'; operator: 'and' | 'or'; left: JuelNode; right: JuelNode }
  | { type: 'compare'; operator: '=' | '!=' | '<' | '>' | '<=' | '>='; left: JuelNode; right: JuelNode };

const KEYWORDS = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'true', 'false', 'null', 'empty', 'div', 'mod', 'instanceof']);
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '->', '+=', '<', '>', '!', '(', ')', '.', '[', ']', ',', '+', '-', '*', '/', '%', '?', ':', '=', '{', '}', ';'];
const IDENTIFIER = /[\p{L}_$][\p{L}\p{N}_$]*/uy;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?/y;
/** Names FEEL reserves: a JUEL variable spelled like one cannot be written in FEEL. */
const FEEL_RESERVED = new Set(['for', 'return', 'if', 'then', 'else', 'some', 'every', 'satisfies', 'in', 'instance', 'of', 'function', 'external', 'between', 'and', 'or', 'true', 'false', 'null', 'not']);
/** Camunda 7 engine objects, visible to JUEL there, meaningless here. */
const ENGINE_OBJECTS = new Set(['execution', 'externalTask', 'variableScope', 'authenticatedUserId', 'caseExecution']);
const MAX_NESTING = 64;

const COMPARISON: Record<string, '=' | '!=' | '<' | '>' | '<=' | '>='> = {
  '==': '=',
  eq: '=',
  '!=': '!=',
  ne: '!=',
  '<': '<',
  lt: '<',
  '>': '>',
  gt: '>',
  '<=': '<=',
  le: '<=',
  '>=': '>=',
  ge: '>=',
};

/**
 * Translate the inside of one `${…}`/`#{…}` to FEEL.
 * @param body the text between the braces
 * @param offset where `body` starts in `source` (for error positions)
 * @param source the whole expression as written (carried by errors)
 */
export function translateJuel(body: string, offset = 0, source = body): string {
  return emit(parseJuel(body, offset, source), 'top');
}

export function parseJuel(body: string, offset = 0, source = body): JuelNode {
  if (!body.trim()) throw new ExpressionError('expression.empty', 'The JUEL expression is empty', source, offset);
  const parser = new Parser(tokenize(body, offset, source), source);
  const node = parser.parseExpression();
  parser.expectEnd();
  return node;
}

function tokenize(body: string, offset: number, source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const char = body[i];
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const start = offset + i;
    if (char === '"' || char === "'") {
      let value = '';
      let j = i + 1;
      for (; j < body.length && body[j] !== char; j++) {
        // EL escapes only the quotes and the backslash; any other backslash is literal.
        if (body[j] === '\\' && (body[j + 1] === char || body[j + 1] === '\\' || body[j + 1] === '"' || body[j + 1] === "'")) j++;
        value += body[j];
      }
      if (j >= body.length) throw new ExpressionError('expression.juel_syntax', `JUEL: unterminated string starting at position ${start}`, source, start);
      tokens.push({ kind: 'string', text: body.slice(i, j + 1), start, value });
      i = j + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = /[\d.]/.test(char) ? NUMBER.exec(body) : null;
    if (number && number[0] !== '.') {
      if (number[1]) {
        throw new ExpressionError('expression.juel_unsupported', `JUEL: the number ${number[0]} uses an exponent, which FEEL cannot write; write it in full`, source, start);
      }
      tokens.push({ kind: 'number', text: number[0], start, value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const identifier = IDENTIFIER.exec(body);
    if (identifier) {
      const text = identifier[0];
      tokens.push({ kind: KEYWORDS.has(text) ? 'keyword' : 'identifier', text, start });
      i += text.length;
      continue;
    }
    const operator = OPERATORS.find((op) => body.startsWith(op, i));
    if (!operator) throw new ExpressionError('expression.juel_syntax', `JUEL: unexpected character '${char}' at position ${start}`, source, start);
    tokens.push({ kind: 'operator', text: operator, start });
    i += operator.length;
  }
  tokens.push({ kind: 'end', text: '', start: offset + body.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private get token(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private is(...texts: string[]): boolean {
    const token = this.token;
    return (token.kind === 'operator' || token.kind === 'keyword') && texts.includes(token.text);
  }

  parseExpression(): JuelNode {
    if (++this.depth > MAX_NESTING) {
      throw new ExpressionError('expression.juel_unsupported', `JUEL: the expression nests deeper than ${MAX_NESTING} levels`, this.source, this.token.start);
    }
    const node = this.parseOr();
    this.depth--;
    return node;
  }

  expectEnd(): void {
    if (this.token.kind !== 'end') this.unexpected('the end of the expression');
  }

  private parseOr(): JuelNode {
    let left = this.parseAnd();
    while (this.is('||', 'or')) {
      this.next();
      left = { type: 'logical', operator: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): JuelNode {
    let left = this.parseEquality();
    while (this.is('&&', 'and')) {
      this.next();
      left = { type: 'logical', operator: 'and', left, right: this.parseEquality() };
    }
    return left;
  }

  private parseEquality(): JuelNode {
    let left = this.parseRelational();
    while (this.is('==', '!=', 'eq', 'ne')) {
      const operator = COMPARISON[this.next().text];
      left = { type: 'compare', operator, left, right: this.parseRelational() };
    }
    return left;
  }

  private parseRelational(): JuelNode {
    let left = this.parseUnary();
    while (this.is('<', '>', '<=', '>=', 'lt', 'gt', 'le', 'ge')) {
      const operator = COMPARISON[this.next().text];
      left = { type: 'compare', operator, left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): JuelNode {
    const token = this.token;
    if (this.is('!', 'not')) {
      this.next();
      return { type: 'not', operand: this.parseUnary() };
    }
    if (this.is('-')) {
      this.next();
      const number = this.token;
      if (number.kind !== 'number') this.refuse(token, 'arithmetic (a minus sign before anything but a number) is not supported');
      this.next();
      return { type: 'literal', value: -(number.value as number) };
    }
    if (this.is('empty')) this.refuse(token, "the 'empty' operator is not supported; compare with null or \"\" instead");
    return this.parsePrimary();
  }

  private parsePrimary(): JuelNode {
    const token = this.token;
    if (token.kind === 'number' || token.kind === 'string') {
      this.next();
      return { type: 'literal', value: token.value as string | number };
    }
    if (token.kind === 'keyword' && (token.text === 'true' || token.text === 'false' || token.text === 'null')) {
      this.next();
      return { type: 'literal', value: token.text === 'null' ? null : token.text === 'true' };
    }
    if (this.is('(')) {
      this.next();
      const inner = this.parseExpression();
      if (!this.is(')')) this.unexpected("')'");
      this.next();
      return inner;
    }
    if (token.kind === 'identifier') return this.parsePath();
    return this.unexpected('a value, a variable or (');
  }

  private parsePath(): JuelNode {
    const first = this.next();
    const segments = [first.text];
    while (this.is('.')) {
      this.next();
      const segment = this.token;
      if (segment.kind !== 'identifier' && segment.kind !== 'keyword') this.unexpected('a property name after .');
      this.next();
      segments.push(segment.text);
    }
    const dotted = segments.join('.');
    if (this.is('(')) {
      if (segments[0] === 'execution' && segments[1] === 'getVariable') {
        this.refuse(first, `${dotted}(…) is a Camunda 7 engine call; refer to the variable by its name, e.g. \${amount}`);
      }
      const what = segments.length > 1 ? `method call ${dotted}(…)` : `function call ${dotted}(…)`;
      this.refuse(first, `${what}: Java beans and methods do not exist here; only variables, literals, comparisons and logical operators can be translated`);
    }
    if (this.is('[')) this.refuse(this.token, `index access ${dotted}[…] is not supported; use a dotted path`);
    if (ENGINE_OBJECTS.has(segments[0])) {
      this.refuse(first, `'${segments[0]}' is a Camunda 7 engine object; expressions here see process variables only`);
    }
    if (segments[0] === 'environment') {
      // bpmn-engine's own convention for process variables.
      if (segments[1] === 'variables' && segments.length > 2) segments.splice(0, 2);
      else this.refuse(first, `'${dotted}' reaches into engine internals; only environment.variables.<name> is accepted`);
    }
    for (const segment of segments) {
      if (segment.includes('$')) this.refuse(first, `the name '${segment}' contains '$', which FEEL names cannot contain`);
      if (FEEL_RESERVED.has(segment)) this.refuse(first, `the name '${segment}' is a FEEL keyword and cannot be used as a variable or property name`);
    }
    return { type: 'path', segments };
  }

  /** Explain a token found where `expected` was due, naming unsupported JUEL precisely. */
  private unexpected(expected: string): never {
    const token = this.token;
    const reason = UNSUPPORTED_OPERATORS[token.text];
    if (reason && (token.kind === 'operator' || token.kind === 'keyword')) this.refuse(token, reason);
    const found = token.kind === 'end' ? 'the end of the expression' : `'${token.text}'`;
    throw new ExpressionError('expression.juel_syntax', `JUEL: expected ${expected} but found ${found} at position ${token.start}`, this.source, token.start);
  }

  private refuse(token: Token, reason: string): never {
    throw new ExpressionError('expression.juel_unsupported', `JUEL cannot be translated: ${reason} (at position ${token.start})`, this.source, token.start);
  }
}

const ARITHMETIC = (op: string) => `arithmetic ('${op}') is not supported in JUEL here; write the expression in FEEL instead, e.g. "= a + b > 100"`;

const UNSUPPORTED_OPERATORS: Record<string, string> = {
  '+': ARITHMETIC('+'),
  '-': ARITHMETIC('-'),
  '*': ARITHMETIC('*'),
  '/': ARITHMETIC('/'),
  div: ARITHMETIC('div'),
  '%': ARITHMETIC('%'),
  mod: ARITHMETIC('mod'),
  '?': 'the conditional operator (a ? b : c) is not supported',
  ':': 'the conditional operator (a ? b : c) is not supported',
  empty: "the 'empty' operator is not supported; compare with null or \"\" instead",
  instanceof: "'instanceof' is not supported",
  '[': 'index access a[…] is not supported; use a dotted path',
  '(': 'calls are not supported',
  '=': 'assignment (EL 3.0) is not supported',
  '+=': 'string concatenation (EL 3.0 +=) is not supported',
  ';': 'several statements (EL 3.0 ;) are not supported',
  '->': 'lambda expressions (EL 3.0 ->) are not supported',
  '{': 'set and map literals (EL 3.0 {…}) are not supported',
  ',': "a list of values is not supported",
};

type Context = 'top' | 'comparison' | 'logical';

/** FEEL text for a node; parentheses wherever FEEL could read the text differently. */
export function emit(node: JuelNode, context: Context): string {
  switch (node.type) {
    case 'literal':
      return emitLiteral(node.value);
    case 'path': {
      const text = node.segments.join('.');
      // FEEL joins words into names ("date and time"): keep operands of and/or apart.
      return context === 'logical' ? `(${text})` : text;
    }
    case 'not':
      return `not(${emit(node.operand, 'top')})`;
    case 'compare': {
      const text = `${emitOperand(node.left)} ${node.operator} ${emitOperand(node.right)}`;
      return context === 'top' ? text : `(${text})`;
    }
    case 'logical': {
      const text = `${emit(node.left, 'logical')} ${node.operator} ${emit(node.right, 'logical')}`;
      return context === 'top' ? text : `(${text})`;
    }
  }
}

function emitOperand(node: JuelNode): string {
  return emit(node, 'comparison');
}

function emitLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return formatNumber(value);
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c])}"`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function formatNumber(value: number): string {
  // Numbers without an exponent only ever come out of the tokenizer, but a
  // long fraction could still print in exponent form; FEEL cannot read that.
  const text = String(value);
  if (/e/i.test(text)) return value.toFixed(20).replace(/\.?0+$/, '');
  return text;
}
