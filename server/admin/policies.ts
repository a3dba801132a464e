/**
 * Who may administer what. Admins administer their own province (tenant) only; any staff
 * member may read their tenant's unit tree and groups (the studio picks from them). Rows of
 * another tenant are never found (404), so their existence does not leak.
 */
import type { Actor, StaffActor } from '../context.js';
import { errors } from '../errors.js';

export function assertStaff(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff') throw errors.forbidden('auth.staff_only', 'Only staff may do this');
}

export function assertAdmin(actor: Actor): asserts actor is StaffActor {
  assertStaff(actor);
  if (!actor.roles.includes('admin')) throw errors.forbidden('auth.role_required', 'Only an admin of the province may do this');
}
