/**
 * Can all the conditions leaving a gateway be false at once? If so and
 * there is no default flow, an instance would stop with "no conditional
 * flow taken". Proving the opposite in general is undecidable; we recognise
 * the patterns designers draw:
 * - a condition that is literally true;
 * - a condition and its negation (`approved` / `not(approved)`,
 *   `amount > 100` / `amount <= 100`, `x = "a"` / `x != "a"`, De Morgan
 *   forms included);
 * - an "else" condition whose negation is the disjunction of the others
 *   (`x = "a"`, `x = "b"`, `x != "a" and x != "b"`).
 * Each works because a condition that is not true or false is an error here
 * (never a silent false): for a non-boolean `x`, `x` and `not(x)` both fail
 * loudly instead of both being false. Note that `x = true` / `x = false` is
 * NOT exhaustive: both are false when x is null.
 */
import type { FastNode } from '../expressions/fast-feel.js';

type Normal =
  | { kind: 'atom'; text: string }
  | { kind: 'and' | 'or'; items: Normal[] };

const COMPLEMENT: Record<string, string> = { '=': '!=', '!=': '=', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };
const MIRROR: Record<string, string> = { '=': '=', '!=': '!=', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** True when, for any data, at least one condition is true or one fails loudly. */
export function conditionsAreExhaustive(conditions: Array<FastNode | undefined>): boolean {
  const known = conditions.filter((condition): condition is FastNode => !!condition);
  const positive = new Set(known.map((condition) => canonical(normalize(condition, false))));
  if (positive.has('true')) return true;
  for (const condition of known) {
    const negated = normalize(condition, true);
    if (positive.has(canonical(negated))) return true;
    if (negated.kind === 'or' && negated.items.every((item) => positive.has(canonical(item)))) return true;
  }
  return false;
}

/** Negation normal form: negations pushed down to variables, comparisons complemented. */
function normalize(node: FastNode, negate: boolean): Normal {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      if (typeof value === 'boolean') return atom(String(negate ? !value : value));
      // not() of a non-boolean is null: keep it distinct from anything else.
      return atom(negate ? `not(${JSON.stringify(value)})` : JSON.stringify(value));
    }
    case 'variable': {
      const path = [node.name, ...node.path].join('.');
      return atom(negate ? `not(${path})` : path);
    }
    case 'not':
      return normalize(node.operand, !negate);
    case 'and':
    case 'or': {
      const kind = (node.kind === 'and') !== negate ? 'and' : 'or';
      const items: Normal[] = [];
      for (const side of [node.left, node.right]) {
        const normal = normalize(side, negate);
        if (normal.kind === kind) items.push(...normal.items);
        else items.push(normal);
      }
      return { kind, items };
    }
    case 'compare': {
      const operator = negate ? COMPLEMENT[node.operator] : node.operator;
      let left = canonical(normalize(node.left, false));
      let right = canonical(normalize(node.right, false));
      let op = operator;
      // One spelling per comparison: the literal on the right, else operands in order.
      const leftIsLiteral = node.left.kind === 'literal';
      const rightIsLiteral = node.right.kind === 'literal';
      if ((leftIsLiteral && !rightIsLiteral) || (leftIsLiteral === rightIsLiteral && left > right)) {
        [left, right] = [right, left];
        op = MIRROR[op];
      }
      return atom(`${left} ${op} ${right}`);
    }
  }
}

function atom(text: string): Normal {
  return { kind: 'atom', text };
}

function canonical(normal: Normal): string {
  if (normal.kind === 'atom') return normal.text;
  return `${normal.kind}(${normal.items.map(canonical).sort().join(', ')})`;
}
