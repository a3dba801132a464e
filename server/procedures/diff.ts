/**
 * What changed between two versions of a service, in words a designer reads: per metadata
 * field, per dossier component, per form field, per step form and per diagram element, each
 * change with its old and new value.
 *
 * The lists of ids (`added`, `removed`, `changed`) are kept beside the details for clients
 * that only show names; the details say what changed in each.
 */
import type { ServiceVersion } from '../db/database.js';
import { analyzeForm, type FormField } from './form.js';
import { readProcessModel, type ProcessModel } from './process-model.js';

/** One property that differs: its value in the older version and in the newer one. */
export interface PropertyChange {
  property: string;
  from: unknown;
  to: unknown;
}

export interface FormFieldChange {
  path: string;
  label: string | null;
  change: 'added' | 'removed' | 'changed';
  changes: PropertyChange[];
}

export interface FormDiff {
  added: string[];
  removed: string[];
  /** Anything in the form JSON differs, layout included. */
  changed: boolean;
  /** Per data field (by path): added, removed, or which of label, type, required, validation, prefill changed. */
  fields: FormFieldChange[];
}

export interface ElementChange {
  id: string;
  /** BPMN type without its prefix: `userTask`, `exclusiveGateway`, `sequenceFlow`. */
  type: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  changes: PropertyChange[];
}

export interface VersionDiff {
  metadata: Array<{ field: string; from: unknown; to: unknown }>;
  components: {
    added: string[];
    removed: string[];
    changed: string[];
    details: Array<{ id: string; name: string; change: 'added' | 'removed' | 'changed'; changes: PropertyChange[] }>;
  };
  form: FormDiff;
  stepForms: { added: string[]; removed: string[]; changed: string[]; details: Array<{ key: string; change: 'added' | 'removed' | 'changed'; form: FormDiff }> };
  process: {
    changed: boolean;
    /** `type:id` of the elements and flows only in the newer version. */
    added: string[];
    removed: string[];
    /** `type:id` of elements and flows whose properties differ. */
    modified: string[];
    elements: ElementChange[];
    /** A flow's condition, the one thing most often edited on a flow; also in `elements`. */
    conditions: Array<{ id: string; from: string | null; to: string | null }>;
    /** The diagram of one side could not be read (details then are empty). */
    unreadable?: boolean;
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The properties of two records that differ, in a stable order (the older one's keys first). */
function propertyChanges(a: Record<string, unknown>, b: Record<string, unknown>, keys?: readonly string[]): PropertyChange[] {
  const all = keys ?? [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return all.filter((k) => !same(a[k] ?? null, b[k] ?? null)).map((k) => ({ property: k, from: a[k] ?? null, to: b[k] ?? null }));
}

const FIELD_PROPERTIES = ['label', 'type', 'required', 'validation', 'prefill'] as const;
const fieldProps = (f: FormField): Record<string, unknown> => ({ label: f.label ?? null, type: f.type, required: f.required, validation: f.validation, prefill: f.prefill ?? null });

export function diffForms(a: unknown, b: unknown): FormDiff {
  const fa = new Map(a ? analyzeForm(a).fields.map((f) => [f.path, f]) : []);
  const fb = new Map(b ? analyzeForm(b).fields.map((f) => [f.path, f]) : []);
  const fields: FormFieldChange[] = [];
  for (const [path, f] of fa) {
    const g = fb.get(path);
    if (!g) fields.push({ path, label: f.label ?? null, change: 'removed', changes: [] });
    else {
      const changes = propertyChanges(fieldProps(f), fieldProps(g), FIELD_PROPERTIES);
      if (changes.length) fields.push({ path, label: g.label ?? null, change: 'changed', changes });
    }
  }
  for (const [path, g] of fb) if (!fa.has(path)) fields.push({ path, label: g.label ?? null, change: 'added', changes: [] });
  return {
    added: [...fb.keys()].filter((k) => !fa.has(k)),
    removed: [...fa.keys()].filter((k) => !fb.has(k)),
    changed: !same(a ?? null, b ?? null),
    fields,
  };
}

const shortType = (type: string) => {
  const t = type.replace(/^bpmn:/, '');
  return t.charAt(0).toLowerCase() + t.slice(1);
};

/** Every element and flow of a diagram with the properties a designer sets on it. */
function elementsOf(model: ProcessModel): Map<string, { type: string; name: string; props: Record<string, unknown> }> {
  const out = new Map<string, { type: string; name: string; props: Record<string, unknown> }>();
  const tasks = new Map(model.tasks.map((t) => [t.id, t]));
  for (const n of model.nodes.values()) {
    const t = tasks.get(n.id);
    const props: Record<string, unknown> = { type: shortType(n.type), name: n.name, dossierStatus: n.dossierStatus };
    if (t) {
      Object.assign(props, {
        candidateGroups: t.candidateGroups, candidateUsers: t.candidateUsers, assignee: t.assignee, formKey: t.formKey,
        decisions: t.decisions, connector: t.connector, deadlineShare: t.deadlineShare, deadlineHours: t.deadlineHours,
      });
    }
    out.set(n.id, { type: shortType(n.type), name: n.name, props });
  }
  for (const f of model.flows) out.set(f.id, { type: 'sequenceFlow', name: f.name, props: { type: 'sequenceFlow', name: f.name, source: f.source, target: f.target, condition: f.condition } });
  return out;
}

async function diffProcesses(xmlA: string, xmlB: string): Promise<VersionDiff['process']> {
  const changed = xmlA !== xmlB;
  if (!changed) return { changed, added: [], removed: [], modified: [], elements: [], conditions: [] };
  let a: ProcessModel;
  let b: ProcessModel;
  try {
    [a, b] = await Promise.all([readProcessModel(xmlA), readProcessModel(xmlB)]);
  } catch {
    return { changed, added: [], removed: [], modified: [], elements: [], conditions: [], unreadable: true };
  }
  const ea = elementsOf(a);
  const eb = elementsOf(b);
  const elements: ElementChange[] = [];
  for (const [id, x] of ea) {
    const y = eb.get(id);
    if (!y) elements.push({ id, type: x.type, name: x.name, change: 'removed', changes: [] });
    else {
      const changes = propertyChanges(x.props, y.props);
      if (changes.length) elements.push({ id, type: y.type, name: y.name, change: 'changed', changes });
    }
  }
  for (const [id, y] of eb) if (!ea.has(id)) elements.push({ id, type: y.type, name: y.name, change: 'added', changes: [] });
  const ref = (e: ElementChange) => `${e.type}:${e.id}`;
  const fa = new Map(a.flows.map((f) => [f.id, f.condition]));
  const conditions = b.flows
    .filter((f) => fa.has(f.id) && fa.get(f.id) !== f.condition)
    .map((f) => ({ id: f.id, from: fa.get(f.id) ?? null, to: f.condition }));
  return {
    changed,
    added: elements.filter((e) => e.change === 'added').map(ref),
    removed: elements.filter((e) => e.change === 'removed').map(ref),
    modified: elements.filter((e) => e.change === 'changed').map(ref),
    elements,
    conditions,
  };
}

export async function diffVersions(a: ServiceVersion, b: ServiceVersion): Promise<VersionDiff> {
  const ma = a.metadata as Record<string, unknown>;
  const mb = b.metadata as Record<string, unknown>;
  const metadata = propertyChanges(ma, mb).map((c) => ({ field: c.property, from: ma[c.property], to: mb[c.property] }));

  const ca = new Map(a.components.map((c) => [c.id, c]));
  const cb = new Map(b.components.map((c) => [c.id, c]));
  const componentDetails: VersionDiff['components']['details'] = [];
  for (const [id, c] of ca) {
    const d = cb.get(id);
    if (!d) componentDetails.push({ id, name: c.name, change: 'removed', changes: [] });
    else {
      const changes = propertyChanges(c as Record<string, unknown>, d as Record<string, unknown>).filter((x) => x.property !== 'id');
      if (changes.length) componentDetails.push({ id, name: d.name, change: 'changed', changes });
    }
  }
  for (const [id, d] of cb) if (!ca.has(id)) componentDetails.push({ id, name: d.name, change: 'added', changes: [] });

  const sa = a.step_forms as Record<string, unknown>;
  const sb = b.step_forms as Record<string, unknown>;
  const stepDetails: VersionDiff['stepForms']['details'] = [];
  for (const key of new Set([...Object.keys(sa), ...Object.keys(sb)])) {
    const inA = Object.hasOwn(sa, key);
    const inB = Object.hasOwn(sb, key);
    if (inA && inB && same(sa[key], sb[key])) continue;
    stepDetails.push({ key, change: !inA ? 'added' : !inB ? 'removed' : 'changed', form: diffForms(inA ? sa[key] : null, inB ? sb[key] : null) });
  }
  const keysOf = (change: string) => stepDetails.filter((d) => d.change === change).map((d) => d.key);

  return {
    metadata,
    components: {
      added: componentDetails.filter((c) => c.change === 'added').map((c) => c.id),
      removed: componentDetails.filter((c) => c.change === 'removed').map((c) => c.id),
      changed: componentDetails.filter((c) => c.change === 'changed').map((c) => c.id),
      details: componentDetails,
    },
    form: diffForms(a.form, b.form),
    stepForms: { added: keysOf('added'), removed: keysOf('removed'), changed: keysOf('changed'), details: stepDetails },
    process: await diffProcesses(a.bpmn_xml, b.bpmn_xml),
  };
}
