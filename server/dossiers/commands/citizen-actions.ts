/**
 * What an applicant does to a dossier after submitting it: withdraw it while it is still
 * being processed, rate it once the result is out, and send a supplement when asked.
 */
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import type { ProcessRuntime } from '../../../runtime/index.js';
import { writeAudit } from '../../audit/index.js';
import { errors, type FieldError } from '../../errors.js';
import { dueDate, tenantCalendar } from '../../calendar/index.js';
import { addHistory, changeStatus } from '../events.js';
import { PROCESS_FACTS } from '../process.js';
import { cancelOpenPayments } from '../../integrations/index.js';
import { assertApplicant, assertReceivingOfficial, getVisibleDossier } from '../policies.js';
import { isRequired, validateFormData } from '../validate.js';
import { fileMisfit } from '../file-rules.js';
import { FINAL_STATUSES, FINISHED_STATUSES } from '../statuses.js';

const RATINGS = { 'very-satisfied': 1, satisfied: 2, 'not-satisfied': 3 } as const;

export async function withdrawDossier(db: Db, runtime: ProcessRuntime, ctx: RequestContext, id: string, reason: string) {
  const now = runtime.clock();
  return runtime.transaction(db, async (trx) => {
    const dossier = await getVisibleDossier(trx, ctx.actor, id, true);
    assertApplicant(ctx.actor, dossier);
    if (FINAL_STATUSES.has(dossier.status) || FINISHED_STATUSES.has(dossier.status)) {
      throw errors.conflict('dossier.not_withdrawable', 'Processing is over: the dossier can no longer be withdrawn');
    }
    if (dossier.instance_id) {
      const instance = await trx.selectFrom('process_instances').select('status').where('id', '=', dossier.instance_id).executeTakeFirst();
      if (instance?.status === 'running') await runtime.cancelInstance(trx, { tenantId: dossier.tenant_id, instanceId: dossier.instance_id });
    }
    // A payment it was asked for is no longer owed (one already paid stays, for the refund desk).
    const cancelled = await cancelOpenPayments(trx, dossier.tenant_id, dossier.id, now);
    const updated = await changeStatus(trx, ctx, dossier, 7, { action: 'withdrawn', note: reason, at: now, ...(cancelled.length && { details: { cancelledPayments: cancelled.map((p) => p.id) } }) });
    await writeAudit(trx, ctx, { action: 'dossier.withdraw', entityType: 'dossier', entityId: id, tenantId: dossier.tenant_id, details: { reason } });
    return updated;
  });
}

export async function rateDossier(db: Db, ctx: RequestContext, id: string, rating: keyof typeof RATINGS, comment: string | undefined, now: Date) {
  return db.transaction().execute(async (trx) => {
    const dossier = await getVisibleDossier(trx, ctx.actor, id, true);
    assertApplicant(ctx.actor, dossier);
    if (!FINISHED_STATUSES.has(dossier.status)) throw errors.conflict('dossier.not_finished', 'A dossier is rated once its result is out');
    if (dossier.rating !== null) throw errors.conflict('dossier.already_rated', 'This dossier was rated already');
    await trx.updateTable('dossiers').set({ rating: RATINGS[rating], rating_comment: comment ?? null, rated_at: now }).where('id', '=', id).execute();
    await addHistory(trx, ctx, dossier, { action: 'rated', at: now, details: { rating } });
    await writeAudit(trx, ctx, { action: 'dossier.rate', entityType: 'dossier', entityId: id, tenantId: dossier.tenant_id, details: { rating } });
  });
}

/**
 * The applicant answers a request to supplement: files added or replaced, form data
 * corrected. The process continues at the step that asked, and the time limit starts again
 * from the complete dossier.
 *
 * `atCounter`: the supplement was brought on paper to the one-stop counter (the applicant of
 * a counter dossier often has no account), and an official of the receiving unit records it
 * with the files they scanned; the 15:00 paper cut-off applies to the new counted-from date.
 */
export async function supplementDossier(
  db: Db,
  runtime: ProcessRuntime,
  ctx: RequestContext,
  id: string,
  input: { data?: Record<string, unknown>; attachments: Array<{ componentId: string; fileId: string }>; note?: string },
  options: { atCounter?: boolean } = {},
) {
  const actor = ctx.actor as { id: string };
  const now = runtime.clock();
  const paper = !!options.atCounter;
  const result = await runtime.transaction(db, async (trx) => {
    const dossier = await getVisibleDossier(trx, ctx.actor, id, true);
    if (paper) assertReceivingOfficial(ctx.actor, dossier);
    else assertApplicant(ctx.actor, dossier);
    if (dossier.status !== 5) throw errors.conflict('dossier.no_supplement_requested', 'No supplement was requested for this dossier');
    const version = await trx.selectFrom('service_versions').select(['form', 'components', 'metadata']).where('id', '=', dossier.version_id).executeTakeFirstOrThrow();
    const merged = { ...dossier.data, ...(input.data ?? {}) };
    const { data, errors: formErrors } = validateFormData(version.form as { components?: unknown[] } | null, merged);
    const fields: FieldError[] = [...formErrors];
    const ids = input.attachments.map((a) => a.fileId);
    const owned = ids.length ? await trx.selectFrom('files').select(['id', 'mime', 'size']).where('owner_id', '=', actor.id).where('purpose', '=', 'attachment').where('id', 'in', ids).execute() : [];
    input.attachments.forEach((a, i) => {
      const component = version.components.find((c) => c.id === a.componentId);
      const file = owned.find((f) => f.id === a.fileId);
      if (!component) fields.push({ path: `/attachments/${i}/componentId`, message: 'the service has no such component', code: 'component.unknown' });
      if (!file) fields.push({ path: `/attachments/${i}/fileId`, message: 'no such file of yours', code: 'file.not_found' });
      const misfit = component && file && fileMisfit(component, file, `/attachments/${i}/fileId`);
      if (misfit) fields.push({ ...misfit, message: `${misfit.message} [${component.id}]` });
    });
    const current = await trx.selectFrom('dossier_files').select(['component_id']).where('dossier_id', '=', id).where('superseded_at', 'is', null).where('kind', 'in', ['attachment', 'supplement']).execute();
    for (const c of version.components) {
      const has = current.some((f) => f.component_id === c.id) || input.attachments.some((a) => a.componentId === c.id);
      if (isRequired(c, data) && !has) fields.push({ path: `/attachments/${c.id}`, message: `"${c.name}" is required`, code: 'dossier.component_missing' });
    }
    if (fields.length) throw errors.validation(fields, 'The supplement is not complete');

    // A new file for a component replaces the earlier one; the earlier one is kept as history.
    const replaced = [...new Set(input.attachments.map((a) => a.componentId))];
    if (replaced.length) {
      await trx.updateTable('dossier_files').set({ superseded_at: now }).where('dossier_id', '=', id).where('component_id', 'in', replaced).where('superseded_at', 'is', null).execute();
      await trx.insertInto('dossier_files').values(input.attachments.map((a) => ({ tenant_id: dossier.tenant_id, dossier_id: id, component_id: a.componentId, file_id: a.fileId, kind: 'supplement' as const, superseded_at: null }))).execute();
    }
    const calendar = await tenantCalendar(trx, dossier.tenant_id);
    const due = dueDate(calendar, now, version.metadata.timeLimitDays, paper);
    await trx.updateTable('dossiers').set({ data: JSON.stringify(data), counted_from: calendar.countedFrom(now, { paper }), due_at: due, updated_at: now }).where('id', '=', id).execute();
    await addHistory(trx, ctx, dossier, { action: 'supplemented', note: input.note ?? null, at: now, details: { components: replaced, newDueAt: due.toISOString(), ...(paper && { atCounter: true }) } });
    // The process hears the corrected fields as the form validated them: not keys the form does
    // not have, and never the dossier's own facts it routes on (a task's groups come from them).
    const corrected = Object.fromEntries(Object.entries(data).filter(([key]) => input.data && key in input.data && !PROCESS_FACTS.includes(key)));
    await runtime.deliverMessage(trx, { tenantId: dossier.tenant_id, businessKey: id, message: 'supplement', data: { ...corrected, supplementedAt: now.toISOString() } });
    // No longer waiting for documents: back to the status the request interrupted, unless the
    // process has already moved the dossier on.
    const fresh = await trx.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (fresh.status === 5) {
      const previous = await trx
        .selectFrom('dossier_history')
        .select('status')
        .where('dossier_id', '=', id)
        .where('status', 'is not', null)
        .where('status', '!=', 5)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      await changeStatus(trx, ctx, fresh, previous?.status ?? 1, { action: 'supplemented', at: now });
    }
    await writeAudit(trx, ctx, { action: 'dossier.supplement', entityType: 'dossier', entityId: id, tenantId: dossier.tenant_id, details: { components: replaced, ...(paper && { atCounter: true }) } });
    return trx.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
  return result;
}
