/**
 * A fast path for the FEEL that gateways actually contain.
 *
 * feelin re-parses an expression on every evaluation, with a parser that
 * indexes every key of the context first: 100–400 µs per condition with a
 * real form's data, against a budget of 0.5 ms for a whole engine step.
 * Nearly every condition is a comparison of variables and literals joined by
 * and/or/not, so those are compiled once into a small tree evaluated here in
 * about a microsecond.
 *
 * The fast path must give exactly feelin's answer, so it only decides cases
 * whose outcome is certain (primitive values of matching types, null) and
 * answers BAIL for everything else (lists, contexts, mixed-type ordering,
 * unknown or missing names, anything outside the subset); the caller then
 * evaluates with feelin. test/runtime/expressions/fast-feel.test.ts checks
 * the equivalence against feelin on generated expressions and data.
 */
import { evaluate } from 'feelin';
import type { FeelNode, FeelTree } from './feel-syntax.js';

export const BAIL: unique symbol = Symbol('bail to feelin');
type Bail = typeof BAIL;
type Primitive = string | number | boolean | null;
type CompareOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type FastNode =
  | { kind: 'literal'; value: Primitive }
  | { kind: 'variable'; name: string; path: string[] }
  | { kind: 'not'; operand: FastNode }
  | { kind: 'and' | 'or'; left: FastNode; right: FastNode }
  | { kind: 'compare'; operator: CompareOperator; left: FastNode; right: FastNode };

const COMPARE_OPERATORS = new Set<string>(['=', '!=', '<', '>', '<=', '>=']);
const SIMPLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** Compile a parsed, error-free FEEL expression into the fast subset, or undefined if outside it. */
export function compileFast(text: string, tree: FeelTree): FastNode | undefined {
  const top = tree.topNode;
  const only = top.firstChild;
  if (!only || only.nextSibling) return undefined;
  return build(text, only, 0);
}

function build(text: string, node: FeelNode, depth: number): FastNode | undefined {
  if (depth > 64) return undefined;
  const children = childList(node);
  switch (node.name) {
    case 'ParenthesizedExpression':
      return children.length === 3 ? build(text, children[1], depth + 1) : undefined;
    case 'BooleanLiteral':
      return { kind: 'literal', value: source(text, node) === 'true' };
    case 'null':
      return { kind: 'literal', value: null };
    case 'StringLiteral':
    case 'NumericLiteral': {
      // Let feelin decode escapes and number formats: one evaluation, at compile time.
      const value = evaluate(source(text, node)).value;
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? { kind: 'literal', value } : undefined;
    }
    case 'VariableName': {
      const name = source(text, node);
      return SIMPLE_NAME.test(name) ? { kind: 'variable', name, path: [] } : undefined;
    }
    case 'PathExpression': {
      if (children.length !== 3 || children[2].name !== 'PathName') return undefined;
      const base = build(text, children[0], depth + 1);
      const segment = source(text, children[2]);
      if (!base || base.kind !== 'variable' || !SIMPLE_NAME.test(segment)) return undefined;
      return { kind: 'variable', name: base.name, path: [...base.path, segment] };
    }
    case 'Conjunction':
    case 'Disjunction': {
      if (children.length !== 3) return undefined;
      const left = build(text, children[0], depth + 1);
      const right = build(text, children[2], depth + 1);
      return left && right ? { kind: node.name === 'Conjunction' ? 'and' : 'or', left, right } : undefined;
    }
    case 'Comparison': {
      if (children.length !== 3 || children[1].name !== 'CompareOp') return undefined;
      const operator = source(text, children[1]);
      if (!COMPARE_OPERATORS.has(operator)) return undefined;
      const left = build(text, children[0], depth + 1);
      const right = build(text, children[2], depth + 1);
      return left && right ? { kind: 'compare', operator: operator as CompareOperator, left, right } : undefined;
    }
    case 'FunctionInvocation': {
      // Only not(x): the one function conditions use all the time.
      if (children.length !== 4 || children[0].name !== 'VariableName' || source(text, children[0]) !== 'not') return undefined;
      const parameters = children[2];
      if (parameters.name !== 'PositionalParameters') return undefined;
      const args = childList(parameters);
      if (args.length !== 1) return undefined;
      const operand = build(text, args[0], depth + 1);
      return operand ? { kind: 'not', operand } : undefined;
    }
    default:
      return undefined;
  }
}

/** Evaluate a compiled fast tree; BAIL when feelin must decide. */
export function evaluateFast(node: FastNode, context: Record<string, unknown>): Primitive | Bail {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'variable':
      return readVariable(node, context);
    case 'not': {
      const value = evaluateFast(node.operand, context);
      if (value === BAIL) return BAIL;
      return typeof value === 'boolean' ? !value : null;
    }
    case 'and':
    case 'or': {
      // Both sides always: feelin evaluates both, and a side it would throw on must bail here.
      const left = evaluateFast(node.left, context);
      if (left === BAIL) return BAIL;
      const right = evaluateFast(node.right, context);
      if (right === BAIL) return BAIL;
      const decisive = node.kind === 'and' ? false : true;
      if (left === decisive || right === decisive) return decisive;
      if (left === !decisive && right === !decisive) return !decisive;
      return null;
    }
    case 'compare': {
      const left = evaluateFast(node.left, context);
      if (left === BAIL) return BAIL;
      const right = evaluateFast(node.right, context);
      if (right === BAIL) return BAIL;
      return compare(node.operator, left, right);
    }
  }
}

function compare(operator: CompareOperator, left: Primitive, right: Primitive): Primitive | Bail {
  if (operator === '=' || operator === '!=') {
    let equal: boolean | null;
    if (left === null || right === null) equal = left === right;
    else if (typeof left !== typeof right) equal = null;
    else equal = left === right;
    if (equal === null) return null;
    return operator === '=' ? equal : !equal;
  }
  if (left === null || right === null) {
    // feelin answers null against a number or a string, and throws against a boolean.
    const other = left === null ? right : left;
    return other === null || typeof other === 'number' || typeof other === 'string' ? null : BAIL;
  }
  if (typeof left !== typeof right || typeof left === 'boolean') return BAIL;
  switch (operator) {
    case '<':
      return left < right;
    case '>':
      return left > right;
    case '<=':
      return left <= right;
    case '>=':
      return left >= right;
  }
}

function readVariable(node: { name: string; path: string[] }, context: Record<string, unknown>): Primitive | Bail {
  // A missing name may be a builtin or a dotted context key: feelin knows.
  if (!Object.prototype.hasOwnProperty.call(context, node.name)) return BAIL;
  let value: unknown = context[node.name];
  for (const segment of node.path) {
    if (value === null) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return null;
    if (!isPlainObject(value)) return BAIL;
    value = Object.prototype.hasOwnProperty.call(value, segment) ? (value as Record<string, unknown>)[segment] : null;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return BAIL;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function childList(node: FeelNode): FeelNode[] {
  const result: FeelNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) result.push(child);
  return result;
}

function source(text: string, node: FeelNode): string {
  return text.slice(node.from, node.to);
}
