import type { Db, Trx } from '../db/connect.js';

/** The unit and every unit below it. A province has at most a few thousand units. */
export async function unitSubtree(db: Db | Trx, tenantId: string, unitId: string): Promise<Set<string>> {
  const units = await db.selectFrom('units').select(['id', 'parent_id']).where('tenant_id', '=', tenantId).execute();
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  const out = new Set<string>();
  const stack = [unitId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
