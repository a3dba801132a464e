/** Who is acting and from where: passed to every command, written to the audit log. */
import type { Role } from './db/database.js';

export type Actor =
  | { kind: 'staff'; id: string; tenantId: string; unitId: string; roles: Role[] }
  | { kind: 'citizen'; id: string }
  | { kind: 'anonymous' }
  | { kind: 'system'; name: string };

export interface RequestContext {
  actor: Actor;
  ip?: string;
  requestId?: string;
}

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export const systemContext = (name: string): RequestContext => ({ actor: { kind: 'system', name } });

export function hasRole(actor: Actor, role: Role): actor is StaffActor {
  return actor.kind === 'staff' && actor.roles.includes(role);
}
