/** Claiming a task from a group's queue, giving it back, and a leader assigning it. */
import type { Db, Trx } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { canAssign, canSeeTask, canViewTask, officialScope, ownUnitGroups, type OfficialScope } from '../policies.js';

/**
 * The task this official may work on, locked. One they may only see (a leader's task of their
 * unit's groups, to assign) is 403; one they may not see at all does not exist for them (404).
 */
export async function lockVisibleTask(trx: Trx | Db, scope: OfficialScope, id: string) {
  const task = await trx.selectFrom('tasks').selectAll().where('id', '=', id).where('tenant_id', '=', scope.actor.tenantId).forUpdate().executeTakeFirst();
  if (!task || !canViewTask(scope, task)) throw errors.notFound('task');
  if (!canSeeTask(scope, task)) throw errors.forbidden('task.not_candidate', 'Nhiệm vụ này không giao cho nhóm của bạn: hãy phân công cho thành viên của nhóm (this task is not yours to work on: assign it to a member of its group)');
  return task;
}

export async function claimTask(db: Db, ctx: RequestContext, id: string) {
  return db.transaction().execute(async (trx) => {
    const scope = await officialScope(trx, ctx.actor);
    const task = await lockVisibleTask(trx, scope, id);
    if (task.status !== 'open') throw errors.conflict('task.not_open', `The task is ${task.status}`);
    if (task.assignee === scope.username) return task;
    if (task.assignee) throw errors.conflict('task.already_claimed', 'Someone else has this task');
    const updated = await trx
      .updateTable('tasks')
      .set({ assignee: scope.username, claimed_at: new Date(), assigned_by: null, row_version: task.row_version + 1 })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'task.claim', entityType: 'task', entityId: id });
    return updated;
  });
}

export async function unclaimTask(db: Db, ctx: RequestContext, id: string) {
  return db.transaction().execute(async (trx) => {
    const scope = await officialScope(trx, ctx.actor);
    const task = await lockVisibleTask(trx, scope, id);
    if (task.status !== 'open') throw errors.conflict('task.not_open', `The task is ${task.status}`);
    if (task.assignee !== scope.username) throw errors.conflict('task.not_claimed', 'You do not have this task');
    // A task the diagram (or a leader) gave to someone is theirs: only a claim can be given back.
    if (!task.claimed_at) throw errors.conflict('task.assigned', 'This task was assigned to you: ask a leader to reassign it');
    const updated = await trx
      .updateTable('tasks')
      .set({ assignee: null, claimed_at: null, row_version: task.row_version + 1 })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'task.unclaim', entityType: 'task', entityId: id });
    return updated;
  });
}

export async function assignTask(db: Db, ctx: RequestContext, id: string, accountId: string) {
  return db.transaction().execute(async (trx) => {
    const scope = await officialScope(trx, ctx.actor);
    // The leader of the unit that owns the task's group need not be a member of it.
    const task = await trx.selectFrom('tasks').selectAll().where('id', '=', id).where('tenant_id', '=', scope.actor.tenantId).forUpdate().executeTakeFirst();
    if (!task || !canViewTask(scope, task)) throw errors.notFound('task');
    if (!canAssign(scope, task)) throw errors.forbidden('task.assign_forbidden', "Only a leader of the task's unit may assign it");
    if (task.status !== 'open') throw errors.conflict('task.not_open', `The task is ${task.status}`);
    const member = await trx
      .selectFrom('accounts as a')
      .innerJoin('group_members as m', 'm.account_id', 'a.id')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .innerJoin('units as u', 'u.id', 'g.unit_id')
      .select(['a.username', 'g.name', 'u.agency_code'])
      .where('a.id', '=', accountId)
      .where('a.tenant_id', '=', scope.actor.tenantId)
      .where('a.active', '=', true)
      .execute();
    const groups = ownUnitGroups(scope, task);
    if (!member.some((m) => groups.includes(`${m.agency_code}/${m.name}`))) {
      throw errors.field('/accountId', 'task.assignee_not_member', "the person is not an active member of the task's groups of your unit");
    }
    const updated = await trx
      .updateTable('tasks')
      .set({ assignee: member[0].username, claimed_at: null, assigned_by: scope.actor.id, row_version: task.row_version + 1 })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, { action: 'task.assign', entityType: 'task', entityId: id, details: { to: member[0].username } });
    return updated;
  });
}
