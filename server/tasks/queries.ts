/**
 * Work queues. Every queue reads open tasks only (partial indexes keep that small however
 * many tasks are closed), sorted by due date with keyset pagination.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { errors } from '../errors.js';
import type { OfficialScope } from './policies.js';

/** `unit`: a leader's view of every open task of their unit's groups, to assign them. */
export type Queue = 'available' | 'mine' | 'overdue' | 'due-soon' | 'unit';
export const PAGE = 25;

export interface QueueFilter {
  queue: Queue;
  service?: string;
  status?: number;
  code?: string;
  cursor?: string;
  /** Page size, PAGE unless asked. */
  limit?: number;
  now: Date;
  dueSoonUntil: Date;
}

type EB = ExpressionBuilder<Database & { t: Database['tasks']; d: Database['dossiers'] }, 't' | 'd'>;

function visible(eb: EB, scope: OfficialScope) {
  const groups = scope.groups.length ? scope.groups : ['\u0000'];
  return eb.or([
    eb('t.assignee', '=', scope.username),
    sql<boolean>`t.candidate_groups && ${sql.val(groups)}::text[]`,
    sql<boolean>`t.candidate_users @> ${sql.val([scope.username])}::text[]`,
  ]);
}

/** The earlier of the step's and the dossier's due date (least() skips a null): the `tasks_open_urgent` index. */
const urgentAt = sql<Date>`least(t.due_at, t.dossier_due_at)`;

function queueCondition(eb: EB, scope: OfficialScope, f: Pick<QueueFilter, 'queue' | 'now' | 'dueSoonUntil'>) {
  switch (f.queue) {
    case 'available':
      return eb.and([eb('t.assignee', 'is', null), visible(eb, scope)]);
    case 'mine':
      return eb('t.assignee', '=', scope.username);
    case 'unit':
      return sql<boolean>`t.candidate_groups && ${sql.val(scope.unitGroups.length ? scope.unitGroups : ['\u0000'])}::text[]`;
    // By the task's or the dossier's due date (the task carries its dossier's, migration 041): a
    // step with time left on a dossier past its appointment is overdue all the same. The two
    // queues never share a task.
    case 'overdue':
      return eb.and([visible(eb, scope), eb(urgentAt, '<', f.now)]);
    case 'due-soon':
      return eb.and([visible(eb, scope), eb(urgentAt, '>=', f.now), eb(urgentAt, '<', f.dueSoonUntil)]);
  }
}

function base(db: Db, scope: OfficialScope) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('dossiers as d', (j) => j.on(sql<boolean>`d.id = t.business_key::uuid`).onRef('d.tenant_id', '=', 't.tenant_id'))
    .where('t.tenant_id', '=', scope.actor.tenantId)
    .where('t.status', '=', 'open');
}

const encode = (due: Date | null, id: string) => Buffer.from(JSON.stringify([due?.toISOString() ?? null, id])).toString('base64url');
const badCursor = () => errors.field('query:/cursor', 'validation.cursor', 'the cursor is not one this API gave');
function decode(cursor: string): [string | null, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(v) && v.length === 2 && typeof v[1] === 'string') return v as [string | null, string];
  } catch {
    // fall through
  }
  throw badCursor();
}

/** The overdue and due-soon queues are sorted by what makes them urgent: the earlier due date. */
const byUrgency = (queue: Queue) => queue === 'overdue' || queue === 'due-soon';

/** The page query of a queue, unexecuted (the bench explains it). */
export function queueQuery(db: Db, scope: OfficialScope, f: QueueFilter) {
  const size = f.limit ?? PAGE;
  let q = base(db, scope).where((eb) => queueCondition(eb as EB, scope, f));
  if (f.service) q = q.where('d.service_id', '=', f.service);
  if (f.status) q = q.where('d.status', '=', f.status as never);
  if (f.code) q = q.where('d.code', 'like', `${f.code.replace(/[\\%_]/g, '')}%`);
  const urgent = byUrgency(f.queue);
  if (f.cursor) {
    const [due, id] = decode(f.cursor);
    if (urgent) {
      // The earlier due date, then id (a dossier's task always has one): the urgent index's order.
      if (due === null) throw badCursor();
      q = q.where((eb) => eb.or([eb(urgentAt, '>', new Date(due)), eb.and([eb(urgentAt, '=', new Date(due)), eb('t.id', '>', id)])]));
    } else {
      // Due dates first (tasks without one last), then id: a stable total order.
      q = due === null
        ? q.where((eb) => eb.and([eb('t.due_at', 'is', null), eb('t.id', '>', id)]))
        : q.where((eb) => eb.or([eb('t.due_at', '>', new Date(due)), eb.and([eb('t.due_at', '=', new Date(due)), eb('t.id', '>', id)]), eb('t.due_at', 'is', null)]));
    }
  }
  return q
    .select(['t.id', 't.element_id', 't.element_name', 't.due_at', 't.created_at', 't.assignee', 't.candidate_groups', 't.row_version', 't.decisions', 'd.id as dossier_id', 'd.code', 'd.status as dossier_status', 'd.due_at as dossier_due_at', 'd.applicant', 'd.service_id'])
    .select(urgentAt.as('urgent_at'))
    .orderBy(urgent ? urgentAt : sql`t.due_at asc nulls last`)
    .orderBy('t.id')
    .limit(size + 1);
}

export async function listQueue(db: Db, scope: OfficialScope, f: QueueFilter) {
  const size = f.limit ?? PAGE;
  const rows = await queueQuery(db, scope, f).execute();
  const more = rows.length > size;
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return { items: page, nextCursor: more && last ? encode(byUrgency(f.queue) ? last.urgent_at : last.due_at, last.id) : null };
}

/**
 * A count stops at this many: a badge reads "1000+" beyond it. Counting every one of a busy
 * group's open tasks costs a visit to each; a capped count costs at most CAP + 1 whatever the
 * database holds. Exact figures are the statistics' job.
 */
export const COUNT_CAP = 1000;

const QUEUES_COUNTED = ['available', 'mine', 'overdue', 'due-soon'] as const;
export type QueueCounts = Record<Exclude<Queue, 'unit'>, number> & { unit?: number };

/**
 * The counts of the official's queues in one statement, unexecuted (the bench explains it):
 * one capped count per queue, on tasks alone (the task carries its dossier's due date).
 */
export function countsQuery(db: Db, scope: OfficialScope, now: Date, dueSoonUntil: Date, cap = COUNT_CAP) {
  const capped = (queue: Queue) =>
    db
      .selectFrom(
        db
          .selectFrom('tasks as t')
          .select(sql<number>`1`.as('one'))
          .where('t.tenant_id', '=', scope.actor.tenantId)
          .where('t.status', '=', 'open')
          // A dossier's task (one of a process run for no dossier has no due date to carry).
          .where('t.dossier_due_at', 'is not', null)
          .where((eb) => queueCondition(eb as unknown as EB, scope, { queue, now, dueSoonUntil }))
          .limit(cap + 1)
          .as('x'),
      )
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'));
  const queues: Queue[] = [...QUEUES_COUNTED, ...(scope.actor.roles.includes('leader') ? ['unit' as const] : [])];
  return db.selectNoFrom(queues.map((queue) => capped(queue).as(queue)));
}

/** Each queue's count up to `cap`, and the queues that reached it (their count reads "cap or more"). */
export async function queueCounts(db: Db, scope: OfficialScope, now: Date, dueSoonUntil: Date, cap = COUNT_CAP): Promise<{ counts: QueueCounts; capped: Queue[] }> {
  const row = (await countsQuery(db, scope, now, dueSoonUntil, cap).executeTakeFirstOrThrow()) as Partial<Record<Queue, number>>;
  const counts = {} as QueueCounts;
  const capped: Queue[] = [];
  for (const [queue, n] of Object.entries(row) as Array<[Queue, number]>) {
    counts[queue] = Math.min(n, cap);
    if (n > cap) capped.push(queue);
  }
  return { counts, capped };
}
