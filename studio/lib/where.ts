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
