/**
 * The one-stop counter's own work: registering a paper dossier for a citizen who came in
 * person (or sent it by post), the apology with a new date (slip 04), the tracking book
 * (slip 06), and escalating overdue steps to the leaders.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/connect.js';
import type { Dossier } from '../../db/database.js';
import type { RequestContext, StaffActor } from '../../context.js';
import type { ProcessRuntime } from '../../../runtime/index.js';
import { localDate } from '../../../runtime/calendar/index.js';
import { writeAudit } from '../../audit/index.js';
import { errors } from '../../errors.js';
import { tenantCalendar } from '../../calendar/index.js';
import { claimKey, requestHash, storeAnswer, type Replay } from '../../http/idempotency.js';
import { queueNotification } from '../../integrations/notifications/index.js';
import { addHistory } from '../../dossiers/events.js';
import { getVisibleDossier } from '../../dossiers/policies.js';
import { prepareSubmission, receive, type Submission } from '../../dossiers/commands/submit.js';
import { FINAL_STATUSES, FINISHED_STATUSES } from '../../dossiers/statuses.js';
import type { DossierOutcome, TrackingBookEntry } from '../../documents/index.js';

export interface CounterIntake extends Omit<Submission, 'channel' | 'applicant' | 'receivingUnitId'> {
  channel: 'direct' | 'post';
  applicant: { kind?: 'citizen' | 'business' | 'household'; fullName: string; citizenId?: string; taxCode?: string; phone?: string; email?: string; address?: string };
}

/** A paper dossier, received at the official's own unit: same checks, code and process as online. */
export async function registerAtCounter(db: Db, runtime: ProcessRuntime, ctx: RequestContext, input: CounterIntake, idempotencyKey: string, now: Date): Promise<Replay> {
  const actor = ctx.actor as StaffActor;
  if (actor.kind !== 'staff' || !actor.roles.includes('official')) throw errors.forbidden('auth.role_required', 'Only an official registers dossiers at the counter');
  const a = input.applicant;
  const submission: Submission = {
    ...input,
    receivingUnitId: actor.unitId,
    applicant: { kind: a.kind ?? 'citizen', fullName: a.fullName, citizenId: a.citizenId ?? null, taxCode: a.taxCode ?? null, phone: a.phone ?? null, email: a.email ?? null, address: a.address ?? null },
  };
  const prepared = await prepareSubmission(db, ctx, submission);
  const hash = requestHash(submission);
  return db.transaction().execute(async (trx) => {
    const replay = await claimKey(trx, actor.id, 'dossier.counter', idempotencyKey, hash, now);
    if (replay) return replay;
    const answer = await receive(trx, ctx, submission, prepared, { runtime, idempotencyKey, now });
    const body = answer.body as { id: string };
    const withSlip = { ...answer, body: { ...answer.body, receiptUrl: `/api/dossiers/${body.id}/documents/receipt` } };
    await storeAnswer(trx, actor.id, 'dossier.counter', idempotencyKey, withSlip);
    return withSlip;
  });
}

/**
 * Slip 04: a dossier that will be late gets an apology and a new date, at least one working
 * day before its due date, once. From then on it counts as late.
 */
const viDate = (d: Date) => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);

/** The citizen hears of the apology and the new date by the channel they gave. */
async function notifyApology(trx: Trx, dossier: Dossier, reason: string): Promise<void> {
  const channel = dossier.applicant.email ? 'email' : dossier.applicant.phone ? 'sms' : null;
  if (!channel) return;
  await queueNotification(trx, {
    tenantId: dossier.tenant_id,
    accountId: dossier.applicant_account_id,
    channel,
    destination: channel === 'email' ? dossier.applicant.email! : dossier.applicant.phone!,
    template: 'dossier.apology',
    subject: `Hồ sơ ${dossier.code}: thư xin lỗi và hẹn lại ngày trả kết quả`,
    body: `Hồ sơ ${dossier.code}: cơ quan xin lỗi vì chậm trễ (${reason}). Ngày hẹn trả kết quả mới: ${viDate(dossier.due_at)}. Ngày hẹn trước đây: ${viDate(dossier.original_due_at!)}.`,
    payload: { dossierId: dossier.id, code: dossier.code, dueAt: dossier.due_at.toISOString(), originalDueAt: dossier.original_due_at!.toISOString() },
  });
}

export async function issueApology(db: Db, ctx: RequestContext, id: string, input: { newDueDate: string; reason: string }, now: Date): Promise<Dossier> {
  const actor = ctx.actor as StaffActor;
  if (actor.kind !== 'staff') throw errors.forbidden('auth.staff_only', 'Only officials issue apologies');
  return db.transaction().execute(async (trx) => {
    // The new date passes to the dossier's open tasks (migration 041): lock them first, in the
    // order a task's completion takes its locks (task, then dossier), so the two never deadlock.
    await trx.selectFrom('tasks').select('id').where('tenant_id', '=', actor.tenantId).where('business_key', '=', id).where('status', '=', 'open').forUpdate().execute();
    const dossier = await getVisibleDossier(trx, actor, id, true);
    if (FINAL_STATUSES.has(dossier.status) || FINISHED_STATUSES.has(dossier.status)) throw errors.conflict('dossier.finished', 'Processing is over');
    if (dossier.original_due_at) throw errors.conflict('dossier.apology_given', 'The appointment date may be reset only once');
    const calendar = await tenantCalendar(trx, dossier.tenant_id);
    const today = localDate(now);
    if (calendar.addWorkingDays(today, 1) > localDate(dossier.due_at)) {
      throw errors.conflict('dossier.apology_too_late', 'An apology is issued at least one working day before the due date');
    }
    const newDue = calendar.dueOn(input.newDueDate);
    if (newDue <= dossier.due_at) throw errors.field('/newDueDate', 'dossier.new_date_not_later', 'the new date must be after the current appointment');
    const updated = await trx
      .updateTable('dossiers')
      .set({ original_due_at: dossier.due_at, due_at: newDue, updated_at: now, row_version: dossier.row_version + 1 })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await addHistory(trx, ctx, dossier, { action: 'apology', note: input.reason, at: now, details: { previousDueAt: dossier.due_at.toISOString(), newDueAt: newDue.toISOString() } });
    await notifyApology(trx, updated, input.reason);
    await writeAudit(trx, ctx, { action: 'dossier.apology', entityType: 'dossier', entityId: id, tenantId: dossier.tenant_id, details: { newDueAt: newDue.toISOString() } });
    return updated;
  });
}

function outcomeOf(d: Pick<Dossier, 'status' | 'finished_at' | 'on_time' | 'due_at' | 'outcome'>): DossierOutcome {
  if (d.status === 3 || d.outcome === 'refused') return 'refused';
  if (d.status === 7) return 'withdrawn';
  if (d.status === 8) return 'stopped';
  if (!d.finished_at) return 'in_progress';
  if (!d.on_time) return 'late';
  return localDate(d.finished_at) < localDate(d.due_at) ? 'early' : 'on_time';
}

/** The dossier has (or had) a task for one of the groups of the unit with this agency code. */
const heldBy = (agencyCode: string) =>
  sql<boolean>`exists (select 1 from tasks t where t.tenant_id = d.tenant_id and t.business_key = d.id::text and exists (select 1 from unnest(t.candidate_groups) g where starts_with(g, ${`${agencyCode}/`})))`;

/**
 * Slip 06: every dossier a unit received in a period (Vietnamese dates), with its outcome.
 * Officials read their own unit's book, admins any unit's (as they see every dossier); the
 * official of a unit that works on another unit's dossiers (liên thông) reads only those
 * lines of that unit's book, and a unit it never worked for is not found.
 */
export async function trackingBookEntries(db: Db, actor: StaffActor, unitId: string, from: string, to: string): Promise<TrackingBookEntry[]> {
  const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
  if (!unit) throw errors.notFound('unit');
  let onlyHeldBy: string | null = null;
  if (unitId !== actor.unitId && !actor.roles.includes('admin')) {
    const mine = await db.selectFrom('units').select('agency_code').where('id', '=', actor.unitId).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
    const worked = mine && (await db.selectFrom('dossiers as d').select('d.id').where('d.tenant_id', '=', actor.tenantId).where('d.receiving_unit_id', '=', unitId).where(heldBy(mine.agency_code)).limit(1).executeTakeFirst());
    if (!mine || !worked) throw errors.notFound('unit');
    onlyHeldBy = mine.agency_code;
  }
  const rows = await db
    .selectFrom('dossiers as d')
    .innerJoin('service_versions as v', 'v.id', 'd.version_id')
    .select(['d.code', 'd.applicant', 'd.received_at', 'd.due_at', 'd.finished_at', 'd.status', 'd.on_time', 'd.outcome', 'v.name'])
    .where('d.tenant_id', '=', actor.tenantId)
    .where('d.receiving_unit_id', '=', unitId)
    .$if(onlyHeldBy !== null, (q) => q.where(heldBy(onlyHeldBy!)))
    .where(sql<boolean>`(d.received_at at time zone 'Asia/Ho_Chi_Minh')::date between ${from}::date and ${to}::date`)
    .orderBy('d.received_at')
    .limit(20_000)
    .execute();
  return rows.map((d) => ({
    dossierCode: d.code,
    applicantName: d.applicant.fullName,
    ...(d.applicant.phone && { applicantContact: d.applicant.phone }),
    serviceName: d.name,
    receivedAt: d.received_at,
    dueAt: d.due_at,
    ...(d.finished_at && { finishedAt: d.finished_at }),
    outcome: outcomeOf(d),
  }));
}

/**
 * Steps past their due date are escalated to the leaders of their group's unit, once: the
 * row is marked in the same statement that picks it, so several servers never double it.
 */
export async function escalateOverdue(db: Db, now: Date, limit = 100): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const overdue = await trx
      .updateTable('tasks')
      .set({ escalated_at: now })
      .where('id', 'in', (eb) =>
        eb.selectFrom('tasks').select('id').where('status', '=', 'open').where('escalated_at', 'is', null).where('due_at', '<', now).limit(limit).forUpdate().skipLocked(),
      )
      .returning(['id', 'tenant_id', 'business_key', 'element_name', 'element_id', 'candidate_groups', 'due_at'])
      .execute();
    for (const task of overdue) {
      const codes = [...new Set(task.candidate_groups.map((g) => g.split('/')[0]))];
      const leaders = codes.length
        ? await trx
            .selectFrom('accounts as a')
            .innerJoin('units as u', 'u.id', 'a.unit_id')
            .select(['a.id', 'a.email', 'a.phone'])
            .where('a.tenant_id', '=', task.tenant_id)
            .where('u.agency_code', 'in', codes)
            .where('a.active', '=', true)
            .where(sql<boolean>`'leader' = any(a.roles)`)
            .execute()
        : [];
      const dossier = task.business_key ? await trx.selectFrom('dossiers').select(['id', 'tenant_id', 'code']).where('id', '=', task.business_key).executeTakeFirst() : undefined;
      for (const leader of leaders) {
        const channel = leader.email ? 'email' : leader.phone ? 'sms' : null;
        if (!channel) continue;
        await queueNotification(trx, {
          tenantId: task.tenant_id,
          accountId: leader.id,
          channel,
          destination: (channel === 'email' ? leader.email : leader.phone)!,
          template: 'task.overdue',
          subject: `Quá hạn: ${task.element_name ?? task.element_id}${dossier ? ` — hồ sơ ${dossier.code}` : ''}`,
          body: `Bước "${task.element_name ?? task.element_id}"${dossier ? ` của hồ sơ ${dossier.code}` : ''} đã quá hạn xử lý.`,
          payload: { taskId: task.id, dossierId: dossier?.id ?? null },
        });
      }
      if (dossier) await addHistory(trx, { actor: { kind: 'system', name: 'escalation' } }, dossier, { action: 'task.escalated', at: now, details: { taskId: task.id, step: task.element_name, leaders: leaders.length } });
    }
    return overdue.length;
  });
}
