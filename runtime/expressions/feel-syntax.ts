/**
 * What can be learnt from a FEEL expression without evaluating it: whether
 * it parses, and which variables it reads. Uses the parse tree of
 * lezer-feel, the grammar feelin itself runs on, so that "parses here" and
 * "parses at run time" cannot disagree.
 */
import { parseExpression } from 'feelin';

export type FeelTree = ReturnType<typeof parseExpression>;
export type FeelNode = FeelTree['topNode'];

export interface FeelSyntaxProblem {
  message: string;
  position: number;
}

/** Parse without a variable context: names are recognised by shape, as for the publish check. */
export function parseFeel(text: string): FeelTree {
  return parseExpression(text, {}, undefined);
}

/**
 * The first syntax error of a FEEL expression, or undefined when it parses. Also one the
 * grammar lets through: a comparison whose right side is a unary test (`soBan = = 2` parses
 * as `soBan = (= 2)`), which only evaluates to null, so the flow it guards is never taken.
 */
export function findFeelSyntaxError(text: string, tree: FeelTree = parseFeel(text)): FeelSyntaxProblem | undefined {
  let problem: FeelSyntaxProblem | undefined;
  tree.iterate({
    enter(ref) {
      if (problem) return false;
      if (ref.type.isError) {
        problem = describeError(text, ref.node);
        return false;
      }
      if (ref.name === 'SimplePositiveUnaryTest' && ref.node.parent?.name === 'Comparison' && ref.node.prevSibling?.name === 'CompareOp') {
        const op = ref.node.firstChild;
        const at = op?.name === 'CompareOp' ? op : ref.node;
        problem = { message: `FEEL syntax error at position ${at.from}: unexpected '${text.slice(at.from, at.to)}' (two comparison operators in a row)`, position: at.from };
        return false;
      }
      return undefined;
    },
  });
  return problem;
}

function describeError(text: string, node: FeelNode): FeelSyntaxProblem {
  if (node.to > node.from) {
    return { message: `FEEL syntax error at position ${node.from}: unexpected '${text.slice(node.from, node.to)}'`, position: node.from };
  }
  // An empty error node marks where the parser gave up: name the next token, if any.
  let next: FeelNode | null = null;
  for (let current: FeelNode | null = node; current && !next; current = current.parent) next = current.nextSibling;
  if (next && next.to > next.from) {
    return { message: `FEEL syntax error at position ${next.from}: unexpected '${text.slice(next.from, next.to)}'`, position: next.from };
  }
  return { message: `FEEL syntax error: the expression is incomplete at position ${node.from}`, position: node.from };
}

export interface FeelReferences {
  /** Variables read from the context, by their root name (`applicant` for `applicant.address.city`). */
  names: string[];
  /** The same references with their property path (`applicant.address.city`). */
  paths: string[];
}

/**
 * Variables an expression reads from its context. Names bound inside the
 * expression are not references: iteration variables of for/some/every,
 * function parameters, the keys of a context literal, the callee of a
 * function call, type names after `instance of`. Names inside a filter
 * (`items[amount > 10]`) are left out too: there they usually name the
 * fields of each item, which only the data can tell.
 */
export function findFeelReferences(text: string, tree: FeelTree = parseFeel(text)): FeelReferences {
  const names = new Set<string>();
  const paths = new Set<string>();
  // Iterative walk: a designer's deeply nested parentheses must not overflow the stack.
  const stack: Array<{ node: FeelNode; bound: ReadonlySet<string> }> = [{ node: tree.topNode, bound: new Set() }];
  while (stack.length) {
    const { node, bound } = stack.pop()!;
    switch (node.name) {
      case 'VariableName': {
        const name = nameText(text, node);
        const parent = node.parent;
        const isCallee = parent?.name === 'FunctionInvocation' && parent.firstChild?.from === node.from && parent.firstChild?.to === node.to;
        if (!isCallee && !bound.has(name)) {
          names.add(name);
          paths.add(pathFrom(text, node, name));
        }
        continue;
      }
      case 'Type':
        continue;
      case 'FilterExpression': {
        // Only the filtered value is read from the context; see the doc comment.
        const target = node.firstChild;
        if (target) stack.push({ node: target, bound });
        continue;
      }
      case 'ForExpression':
      case 'QuantifiedExpression':
        pushChildren(stack, node, withNames(bound, text, node, 'InExpression'));
        continue;
      case 'FunctionDefinition':
        pushChildren(stack, node, withNames(bound, text, node, 'FormalParameter'));
        continue;
      case 'Context':
        pushChildren(stack, node, withNames(bound, text, node, 'ContextEntry'));
        continue;
      default:
        pushChildren(stack, node, bound);
    }
  }
  return { names: [...names].sort(), paths: [...paths].sort() };
}

function pushChildren(stack: Array<{ node: FeelNode; bound: ReadonlySet<string> }>, node: FeelNode, bound: ReadonlySet<string>): void {
  for (let child = node.firstChild; child; child = child.nextSibling) stack.push({ node: child, bound });
}

/** Add the names declared by the `holder` children of `node` (the Name or Key of each). */
function withNames(bound: ReadonlySet<string>, text: string, node: FeelNode, holder: string): ReadonlySet<string> {
  const result = new Set(bound);
  for (let child = node.firstChild; child; child = child.nextSibling) {
    // InExpressions / FormalParameters wrap their items one level down.
    const items = child.name === holder ? [child] : childrenNamed(child, holder);
    for (const item of items) {
      const declared = firstDescendant(item, ['Name', 'Key']);
      if (declared) result.add(unquote(nameText(text, declared)));
    }
  }
  return result;
}

function childrenNamed(node: FeelNode, name: string): FeelNode[] {
  const result: FeelNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === name) result.push(child);
  return result;
}

function firstDescendant(node: FeelNode, names: string[]): FeelNode | undefined {
  const queue: FeelNode[] = [node];
  while (queue.length) {
    const current = queue.shift()!;
    if (current !== node && names.includes(current.name)) return current;
    for (let child = current.firstChild; child; child = child.nextSibling) queue.push(child);
  }
  return undefined;
}

/** `a.b.c` for the VariableName `a` when it heads a chain of PathExpressions. */
function pathFrom(text: string, node: FeelNode, name: string): string {
  let path = name;
  let current: FeelNode = node;
  while (current.parent?.name === 'PathExpression' && current.parent.firstChild?.from === current.from && current.parent.firstChild?.to === current.to) {
    const segment = current.parent.lastChild;
    if (!segment || segment.name !== 'PathName') break;
    path += `.${nameText(text, segment)}`;
    current = current.parent;
  }
  return path;
}

/** Source text of a name, with FEEL's insignificant inner whitespace collapsed. */
function nameText(text: string, node: FeelNode): string {
  return text.slice(node.from, node.to).replace(/\s+/g, ' ').trim();
}

function unquote(name: string): string {
  return /^".*"$/.test(name) ? name.slice(1, -1) : name;
}
