/** The fees a dossier owes: each fee whose condition holds, times its quantity field; a fee pending its condition is not charged. */
import type { FeeLine } from '../db/database.js';
import { chargeableFees, type ServiceMetadata } from '../../schemas/service.js';
import { evaluateCondition } from '../../runtime/expressions/index.js';

export function computeFees(metadata: ServiceMetadata, data: Record<string, unknown>): FeeLine[] {
  const lines: FeeLine[] = [];
  for (const fee of chargeableFees(metadata.fees)) {
    if (fee.condition && !evaluateCondition(fee.condition, data)) continue;
    const raw = fee.quantityField ? Number(data[fee.quantityField]) : 1;
    const quantity = Number.isFinite(raw) && raw > 0 ? Math.floor(raw) : 1;
    lines.push({ id: fee.id, name: fee.name, amountVnd: fee.amountVnd, quantity, totalVnd: fee.amountVnd * quantity, dueAt: fee.dueAt });
  }
  return lines;
}

export const totalOf = (lines: FeeLine[], dueAt?: FeeLine['dueAt']) =>
  lines.filter((l) => !dueAt || l.dueAt === dueAt).reduce((s, l) => s + l.totalVnd, 0);
