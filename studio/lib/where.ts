/** Where a check's problem is (`metadata.fees[0].condition`, `process:Task_1`…), as a step and a link. */
import type { Check } from '../stores/services.js';

export type StepKey = 'metadata' | 'components' | 'form' | 'process' | 'publish';

export function stepOf(where: string | null): StepKey {
  if (!where) return 'publish';
  if (where.startsWith('metadata')) return 'metadata';
  if (where.startsWith('components')) return 'components';
  if (where === 'form' || where.startsWith('form:') || where.startsWith('stepForm:')) return 'form';
  if (where === 'process' || where.startsWith('process:')) return 'process';
  return 'publish';
}

export const linkTo = (serviceId: string, where: string | null) => `#/services/${serviceId}/${stepOf(where)}${where ? `?where=${encodeURIComponent(where)}` : ''}`;

/** The failing checks (errors and warnings) of a step. */
export const problemsOf = (checks: Check[], step: StepKey) => checks.filter((c) => !c.ok && stepOf(c.where) === step);

/** `process:Task_1` → `Task_1`. */
export const elementOf = (where: string | null) => (where?.startsWith('process:') ? where.slice('process:'.length) : null);

/** `components[2].condition` → 2. */
export const indexIn = (where: string | null, list: string) => {
  const m = where ? new RegExp(`^${list.replace('.', '\\.')}\\[(\\d+)\\]`).exec(where) : null;
  return m ? Number(m[1]) : null;
};

/**
 * `form:hoTen.validate.custom` → the citizen's form (''), `stepForm:tham-dinh:components[1] "y"`
 * → step form `tham-dinh`; with the path of the component inside.
 */
export function formTargetOf(where: string | null): { form: string; path: string } | null {
  if (where === 'form') return { form: '', path: '' };
  if (where?.startsWith('form:')) return { form: '', path: where.slice('form:'.length) };
  const m = where ? /^stepForm:([^:]+):?(.*)$/.exec(where) : null;
  return m ? { form: m[1], path: m[2] } : null;
}

/**
 * The key of the component a form problem's path names: `components[0].columns[1].components[2] "x"`,
 * `x.validate.custom` (both `x`), or an index path alone, followed in the form.
 */
export function componentKeyOf(path: string, form: { components?: unknown[] } | null | undefined): string | null {
  const quoted = /"([^"]+)"\s*$/.exec(path)?.[1];
  if (quoted) return quoted;
  if (/^[A-Za-z][\w-]*(\.|$)/.test(path) && !/^components(\[|$)/.test(path)) return path.split('.')[0];
  let node: any = form;
  for (const [, name, i, j] of path.matchAll(/(\w+)\[(\d+)\](?:\[(\d+)\])?/g)) {
    node = node?.[name]?.[Number(i)];
    if (j !== undefined) node = node?.[Number(j)];
  }
  return node !== form && typeof node?.key === 'string' && node.key ? node.key : null;
}
