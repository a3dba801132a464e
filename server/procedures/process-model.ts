/**
 * What the publish checks need to know of a diagram beyond "can it run": its user tasks
 * with groups, decisions and deadline shares, its connectors, and what each gateway tests.
 * Read with the runtime's own reader, so both see the same diagram.
 */
import { readDiagram, type ModdleElement } from '../../runtime/engine/definitions.js';
import { readEsbProperties } from '../../runtime/engine/extension.js';

export interface ModelTask {
  id: string;
  name: string;
  type: string;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee: string | null;
  formKey: string | null;
  decisions: string[];
  connector: string | null;
  /** The deadline as drawn: `esb:deadlineShare` in working days, or `esb:deadlineHours`. */
  deadlineShare: number | null;
  deadlineHours: number | null;
  /** Working days this step may take (hours converted at the tenant's hours per day). */
  deadlineDays: number;
}

export interface ModelFlow {
  id: string;
  name: string;
  source: string;
  target: string;
  condition: string | null;
}

export interface ModelNode {
  id: string;
  type: string;
  name: string;
  /** `esb:dossierStatus` set on entering the element. */
  dossierStatus: number | null;
}

export interface ProcessModel {
  nodes: Map<string, ModelNode>;
  tasks: ModelTask[];
  flows: ModelFlow[];
  starts: string[];
}

const list = (v: unknown) =>
  typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];

export interface ReadModelOptions {
  /** The tenant's working hours per day, to turn `esb:deadlineHours` into days; 8 if not given. */
  hoursPerDay?: number;
}

export async function readProcessModel(xml: string, options: ReadModelOptions = {}): Promise<ProcessModel> {
  const hoursPerDay = options.hoursPerDay && options.hoursPerDay > 0 ? options.hoursPerDay : 8;
  const context = await readDiagram(xml);
  const nodes: ProcessModel['nodes'] = new Map();
  const tasks: ModelTask[] = [];
  const flows: ModelFlow[] = [];
  const starts: string[] = [];

  const visit = (elements: ModdleElement[] | undefined) => {
    for (const el of elements ?? []) {
      const id = el.id ?? '';
      if (el.$type === 'bpmn:SequenceFlow') {
        const cond = el.conditionExpression as { body?: string } | undefined;
        flows.push({ id, name: el.name ?? '', source: (el.sourceRef as ModdleElement).id!, target: (el.targetRef as ModdleElement).id!, condition: cond?.body?.trim() || null });
        continue;
      }
      const { properties } = readEsbProperties(el as never);
      nodes.set(id, { id, type: el.$type, name: el.name ?? '', dossierStatus: properties.dossierStatus ?? null });
      if (el.$type === 'bpmn:StartEvent' && el.$parent?.$type === 'bpmn:Process') starts.push(id);
      if (/Task$/.test(el.$type) || el.$type === 'bpmn:Task') {
        tasks.push({
          id,
          name: el.name ?? id,
          type: el.$type,
          candidateGroups: list(el.candidateGroups),
          candidateUsers: list(el.candidateUsers),
          assignee: typeof el.assignee === 'string' && el.assignee.trim() ? el.assignee.trim() : null,
          formKey: typeof el.formKey === 'string' && el.formKey.trim() ? el.formKey.trim() : null,
          decisions: properties.decisions ?? [],
          connector: properties.connector ?? null,
          deadlineShare: properties.deadlineShare ?? null,
          deadlineHours: properties.deadlineHours ?? null,
          deadlineDays: properties.deadlineShare ?? (properties.deadlineHours !== undefined ? properties.deadlineHours / hoursPerDay : 0),
        });
      }
      if (Array.isArray(el.flowElements)) visit(el.flowElements as ModdleElement[]);
    }
  };
  const root = context.rootElement;
  for (const r of (root.rootElements as ModdleElement[] | undefined) ?? []) {
    if (r.$type === 'bpmn:Process') visit(r.flowElements as ModdleElement[]);
  }
  return { nodes, tasks, flows, starts };
}

export interface TestedDecision {
  value: string;
  /** `decisions.<task>` names the task whose decision is tested; null for `decision`, the last one made. */
  task: string | null;
}

const STRING = String.raw`"([^"]*)"|'([^']*)'`;
const DECISION_REF = String.raw`\bdecisions?(?:\.([A-Za-z_][\w]*))?\b`;
const COMPARE = String.raw`(?:==|!=|=|\beq\b|\bne\b)`;

/**
 * The decision values a condition compares `decision` (or `decisions.<task>`) with, in FEEL
 * or JUEL: `decision = "x"`, `decision == 'x'`, `decision != "x"`, `"x" = decision`,
 * `decision in ["x", "y"]`, `decisions.approve = "x"`. A value tested with `!=` is tested
 * all the same: a branch taken when the decision is not "x" means "x" is expected.
 */
export function testedDecisions(condition: string): TestedDecision[] {
  const found: TestedDecision[] = [];
  const strings = (text: string) => [...text.matchAll(new RegExp(STRING, 'g'))].map((m) => m[1] ?? m[2]);
  for (const m of condition.matchAll(new RegExp(`${DECISION_REF}\\s*${COMPARE}\\s*(?:${STRING})`, 'g'))) found.push({ value: m[2] ?? m[3], task: m[1] ?? null });
  for (const m of condition.matchAll(new RegExp(`(?:${STRING})\\s*${COMPARE}\\s*${DECISION_REF}`, 'g'))) found.push({ value: m[1] ?? m[2], task: m[3] ?? null });
  for (const m of condition.matchAll(new RegExp(`${DECISION_REF}\\s+in\\s*[[(]([^\\])]*)[\\])]`, 'g'))) for (const value of strings(m[2])) found.push({ value, task: m[1] ?? null });
  return found;
}

/**
 * The most working days a dossier can spend along one path from a start to an end, not
 * counting loops (sending back adds time the law does not grant, so loops are ignored).
 */
export function longestPathDays(model: ProcessModel): { days: number; path: string[] } {
  const cost = new Map(model.tasks.map((t) => [t.id, t.deadlineDays]));
  const out = new Map<string, string[]>();
  for (const f of model.flows) out.set(f.source, [...(out.get(f.source) ?? []), f.target]);
  const memo = new Map<string, { days: number; path: string[] }>();
  const onStack = new Set<string>();
  const best = (id: string): { days: number; path: string[] } => {
    const cached = memo.get(id);
    if (cached) return cached;
    onStack.add(id);
    let tail = { days: 0, path: [] as string[] };
    for (const next of out.get(id) ?? []) {
      if (onStack.has(next)) continue; // a back edge: a loop
      const candidate = best(next);
      if (candidate.days > tail.days) tail = candidate;
    }
    onStack.delete(id);
    const result = { days: (cost.get(id) ?? 0) + tail.days, path: [id, ...tail.path] };
    memo.set(id, result);
    return result;
  };
  let overall = { days: 0, path: [] as string[] };
  for (const s of model.starts) {
    const r = best(s);
    if (r.days > overall.days || !overall.path.length) overall = r;
  }
  return { days: Math.round(overall.days * 100) / 100, path: overall.path };
}
