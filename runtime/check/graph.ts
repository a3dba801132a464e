/**
 * The shape of one scope (a process or an embedded sub-process): can every
 * element be reached from a start, can it reach an end, and is there a loop
 * an instance would run around without ever waiting. All walks are
 * iterative: diagrams are input, and deep recursion on input is a crash.
 */
import type { ModdleElement } from '../engine/definitions.js';
import { isWaitState } from './elements.js';
import type { ProblemList } from './problems.js';

export interface Scope {
  /** The process or sub-process. */
  element: ModdleElement;
  kind: 'process' | 'subprocess';
  /** Flow nodes directly in this scope, in document order (boundary events included). */
  nodes: ModdleElement[];
  /** Sequence flows directly in this scope. */
  flows: ModdleElement[];
}

export function checkGraph(scope: Scope, problems: ProblemList): void {
  const { nodes } = scope;
  const index = new Map(nodes.map((node, i) => [node, i]));
  const successors: number[][] = nodes.map(() => []);
  const predecessors: number[][] = nodes.map(() => []);
  const link = (from: number, to: number) => {
    successors[from].push(to);
    predecessors[to].push(from);
  };
  for (const flow of scope.flows) {
    const from = index.get(flow.sourceRef as ModdleElement);
    const to = index.get(flow.targetRef as ModdleElement);
    if (from !== undefined && to !== undefined) link(from, to);
  }
  nodes.forEach((node, i) => {
    // A boundary event continues its host: reachable when the host is.
    const host = node.$type === 'bpmn:BoundaryEvent' ? index.get(node.attachedToRef as ModdleElement) : undefined;
    if (host !== undefined) link(host, i);
  });

  const starts = nodes.flatMap((node, i) => (node.$type === 'bpmn:StartEvent' ? [i] : []));
  const ends = nodes.flatMap((node, i) => (node.$type === 'bpmn:EndEvent' ? [i] : []));
  if (!starts.length) problems.add(scope.element, 'graph.no_start', { scope: scope.kind });
  if (!ends.length) problems.add(scope.element, 'graph.no_end', { scope: scope.kind });

  const reachable = walk(starts, successors);
  const canEnd = walk(ends, predecessors);
  nodes.forEach((node, i) => {
    if (starts.length && !reachable[i]) {
      problems.add(node, 'graph.unreachable', {});
      return;
    }
    if (!ends.length || canEnd[i]) return;
    if (successors[i].length === 0 && node.$type !== 'bpmn:EndEvent') {
      problems.add(node, 'graph.dead_end', {});
    } else {
      problems.add(node, 'graph.cannot_reach_end', {});
    }
  });

  for (const component of cycles(successors)) {
    const members = component.map((i) => nodes[i]);
    if (members.some(isWaitState)) continue;
    const ordered = [...component].sort((a, b) => a - b).map((i) => nodes[i]);
    problems.add(ordered[0], 'graph.loop_without_wait', { ids: ordered.map((node) => node.id).join(', ') });
  }
}

function walk(roots: number[], edges: number[][]): boolean[] {
  const seen = edges.map(() => false);
  const stack = [...roots];
  for (const root of roots) seen[root] = true;
  while (stack.length) {
    const current = stack.pop()!;
    for (const next of edges[current]) {
      if (!seen[next]) {
        seen[next] = true;
        stack.push(next);
      }
    }
  }
  return seen;
}

/** Strongly connected components that contain a cycle (Tarjan's algorithm, iterative). */
function cycles(successors: number[][]): number[][] {
  const count = successors.length;
  const order = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (order[root] !== -1) continue;
    const frames: Array<{ node: number; next: number }> = [{ node: root, next: 0 }];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const { node } = frame;
      if (frame.next < successors[node].length) {
        const next = successors[node][frame.next++];
        if (order[next] === -1) {
          order[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = true;
          frames.push({ node: next, next: 0 });
        } else if (onStack[next]) {
          low[node] = Math.min(low[node], order[next]);
        }
        continue;
      }
      frames.pop();
      if (frames.length) low[frames[frames.length - 1].node] = Math.min(low[frames[frames.length - 1].node], low[node]);
      if (low[node] !== order[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop()!;
        onStack[member] = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || successors[node].includes(node)) result.push(component);
    }
  }
  return result;
}
