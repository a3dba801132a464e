/** What changed between two versions of a service, in words a designer reads. */
import type { ServiceVersion } from '../db/database.js';
import { analyzeForm } from './form.js';

export interface VersionDiff {
  metadata: Array<{ field: string; from: unknown; to: unknown }>;
  components: { added: string[]; removed: string[]; changed: string[] };
  form: { added: string[]; removed: string[]; changed: boolean };
  stepForms: { added: string[]; removed: string[]; changed: string[] };
  process: { changed: boolean; added: string[]; removed: string[] };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const ids = (xml: string) => new Set([...xml.matchAll(/<bpmn2?:(\w+)\s[^>]*\bid="([^"]+)"/g)].filter((m) => !/^(definitions|process|collaboration)$/i.test(m[1])).map((m) => `${m[1]}:${m[2]}`));

export function diffVersions(a: ServiceVersion, b: ServiceVersion): VersionDiff {
  const metadata = Object.keys({ ...a.metadata, ...b.metadata })
    .filter((k) => !same((a.metadata as Record<string, unknown>)[k], (b.metadata as Record<string, unknown>)[k]))
    .map((k) => ({ field: k, from: (a.metadata as Record<string, unknown>)[k], to: (b.metadata as Record<string, unknown>)[k] }));
  const ca = new Map(a.components.map((c) => [c.id, c]));
  const cb = new Map(b.components.map((c) => [c.id, c]));
  const fa = new Set(a.form ? analyzeForm(a.form).fields.map((f) => f.path) : []);
  const fb = new Set(b.form ? analyzeForm(b.form).fields.map((f) => f.path) : []);
  const sa = Object.keys(a.step_forms);
  const sb = Object.keys(b.step_forms);
  const pa = ids(a.bpmn_xml);
  const pb = ids(b.bpmn_xml);
  return {
    metadata,
    components: {
      added: [...cb.keys()].filter((k) => !ca.has(k)),
      removed: [...ca.keys()].filter((k) => !cb.has(k)),
      changed: [...cb.keys()].filter((k) => ca.has(k) && !same(ca.get(k), cb.get(k))),
    },
    form: { added: [...fb].filter((k) => !fa.has(k)), removed: [...fa].filter((k) => !fb.has(k)), changed: !same(a.form, b.form) },
    stepForms: { added: sb.filter((k) => !sa.includes(k)), removed: sa.filter((k) => !sb.includes(k)), changed: sb.filter((k) => sa.includes(k) && !same(a.step_forms[k], b.step_forms[k])) },
    process: { changed: a.bpmn_xml !== b.bpmn_xml, added: [...pb].filter((k) => !pa.has(k)), removed: [...pa].filter((k) => !pb.has(k)) },
  };
}
