/**
 * What an official sees: tasks whose candidate groups include one of their groups (qualified
 * with their unit's agency code: `000.31.01.H29/tiep-nhan`) or whose candidate users name
 * them, and tasks assigned to them. Leaders may assign the tasks of their unit's groups.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../db/connect.js';
import type { Actor, StaffActor } from '../context.js';
import { errors } from '../errors.js';

export interface OfficialScope {
  actor: StaffActor;
  username: string;
  /** Qualified group names of the official's memberships. */
  groups: string[];
  unitCode: string;
  /** A leader's: qualified names of every group of their unit, whose tasks they may assign. */
  unitGroups: string[];
}

export async function officialScope(db: Db | Trx, actor: Actor): Promise<OfficialScope> {
  if (actor.kind !== 'staff') throw errors.forbidden('auth.staff_only', 'Only officials have work queues');
  // The official and their memberships in one read: it runs before every task command.
  const me = await db
    .selectFrom('accounts as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('group_members as m', (j) => j.onRef('m.account_id', '=', 'a.id').on('m.tenant_id', '=', actor.tenantId))
    .leftJoin('groups as g', 'g.id', 'm.group_id')
    .leftJoin('units as gu', 'gu.id', 'g.unit_id')
    .select(['a.username', 'u.agency_code', sql<string[]>`coalesce(array_agg(gu.agency_code || '/' || g.name) filter (where gu.id is not null), '{}')`.as('groups')])
    .where('a.id', '=', actor.id)
    .where('a.tenant_id', '=', actor.tenantId)
    .groupBy(['a.id', 'a.username', 'u.agency_code'])
    .executeTakeFirstOrThrow();
  const unitGroups = actor.roles.includes('leader')
    ? (await db.selectFrom('groups').select('name').where('unit_id', '=', actor.unitId).where('tenant_id', '=', actor.tenantId).execute()).map((g) => `${me.agency_code}/${g.name}`)
    : [];
  return { actor, username: me.username, unitCode: me.agency_code, groups: me.groups, unitGroups };
}

export function canSeeTask(scope: OfficialScope, task: { candidate_groups: string[]; candidate_users: string[]; assignee: string | null; tenant_id: string }): boolean {
  if (task.tenant_id !== scope.actor.tenantId) return false;
  return task.assignee === scope.username || task.candidate_users.includes(scope.username) || task.candidate_groups.some((g) => scope.groups.includes(g));
}

/** The candidate groups of the task that belong to the official's own unit. */
export const ownUnitGroups = (scope: OfficialScope, task: { candidate_groups: string[] }) => task.candidate_groups.filter((g) => g.startsWith(`${scope.unitCode}/`));

/** A leader assigns within the groups of their own unit, whether or not they are a member. */
export function canAssign(scope: OfficialScope, task: { candidate_groups: string[]; tenant_id: string }): boolean {
  return task.tenant_id === scope.actor.tenantId && scope.actor.roles.includes('leader') && ownUnitGroups(scope, task).length > 0;
}

/** A task is shown to whoever may work on it, and to the leaders who may assign it. */
export const canViewTask = (scope: OfficialScope, task: Parameters<typeof canSeeTask>[1]) => canSeeTask(scope, task) || canAssign(scope, task);
