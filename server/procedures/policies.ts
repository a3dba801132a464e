/**
 * Designers work within their own unit and the units below it. A service of any other unit
 * (or another province) is not found (404), so its existence does not leak.
 */
import type { Db, Trx } from '../db/connect.js';
import type { Actor, StaffActor } from '../context.js';
import { errors } from '../errors.js';
import { unitSubtree } from '../admin/index.js';

export function assertDesigner(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff') throw errors.forbidden('auth.staff_only', 'Only staff may do this');
  if (!actor.roles.includes('designer') && !actor.roles.includes('admin')) {
    throw errors.forbidden('auth.role_required', 'Only a designer may do this');
  }
}

/** The units whose services this designer may see and change. */
export async function designerUnits(db: Db | Trx, actor: StaffActor): Promise<Set<string>> {
  return unitSubtree(db, actor.tenantId, actor.unitId);
}
