/**
 * Drafts: a half-filled form with its files, saved and resumed; validated only on submit.
 * Forms are prefilled from the citizen's profile where the form says so.
 */
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../context.js';
import { errors } from '../../errors.js';
import { analyzeForm } from '../../procedures/index.js';
import { currentVersion } from '../service-version.js';
import type { DraftBody, SubmitBody, SubmitRequest } from '../schemas.js';

function citizenOf(ctx: RequestContext): string {
  if (ctx.actor.kind !== 'citizen') throw errors.forbidden('auth.citizens_only', 'Only citizens keep drafts');
  return ctx.actor.id;
}

/** The profile values a form asks to prefill, by field path. */
export async function prefillFor(db: Db, accountId: string, form: unknown): Promise<Record<string, unknown>> {
  const me = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  const profile: Record<string, string | null> = { fullName: me.full_name, citizenId: me.kind === 'citizen' ? me.username : null, phone: me.phone, email: me.email, address: me.address };
  const out: Record<string, unknown> = {};
  for (const f of analyzeForm(form).fields) {
    if (!f.prefill || f.path.includes('[]') || profile[f.prefill] == null) continue;
    const parts = f.path.split('.');
    let target = out;
    for (const p of parts.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = profile[f.prefill];
  }
  return out;
}

export async function createDraft(db: Db, ctx: RequestContext, input: DraftBody) {
  const accountId = citizenOf(ctx);
  const version = await currentVersion(db, input.serviceId);
  const data = input.data ?? (await prefillFor(db, accountId, version.form));
  return db
    .insertInto('dossier_drafts')
    .values({
      account_id: accountId,
      service_id: input.serviceId,
      receiving_unit_id: input.receivingUnitId ?? null,
      data: JSON.stringify(data),
      attachments: JSON.stringify(input.attachments ?? []),
      extra: JSON.stringify(input.extra ?? {}),
      submitted_dossier_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getDraft(db: Db, ctx: RequestContext, id: string) {
  const draft = await db.selectFrom('dossier_drafts').selectAll().where('id', '=', id).where('account_id', '=', citizenOf(ctx)).executeTakeFirst();
  if (!draft) throw errors.notFound('draft');
  return draft;
}

/**
 * The draft a submission names: the caller's own, not yet submitted, for the same service.
 * Its data, files and receiving unit stand in for what the submission leaves out.
 */
export async function draftForSubmission(db: Db, ctx: RequestContext, input: SubmitRequest): Promise<SubmitBody> {
  const { draftId } = input;
  if (!draftId) {
    const missing = (['data', 'attachments'] as const).filter((k) => input[k] === undefined);
    if (missing.length) throw errors.validation(missing.map((k) => ({ path: `/${k}`, code: 'validation.required', message: `${k} is required without a draftId` })));
    return input as SubmitBody;
  }
  const draft = ctx.actor.kind === 'citizen'
    ? await db.selectFrom('dossier_drafts').selectAll().where('id', '=', draftId).where('account_id', '=', ctx.actor.id).executeTakeFirst()
    : undefined;
  if (!draft) throw errors.notFound('draft');
  if (draft.submitted_dossier_id) throw errors.conflict('draft.submitted', 'This draft was submitted already');
  if (draft.service_id !== input.serviceId) throw errors.unprocessable('draft.other_service', 'The draft belongs to another service');
  return {
    ...input,
    data: input.data ?? (draft.data as Record<string, unknown>),
    attachments: input.attachments ?? (draft.attachments as SubmitBody['attachments']),
    ...(input.receivingUnitId === undefined && draft.receiving_unit_id ? { receivingUnitId: draft.receiving_unit_id } : {}),
  };
}

export async function updateDraft(db: Db, ctx: RequestContext, id: string, input: DraftBody) {
  const accountId = citizenOf(ctx);
  return db.transaction().execute(async (trx) => {
    const draft = await trx.selectFrom('dossier_drafts').selectAll().where('id', '=', id).where('account_id', '=', accountId).forUpdate().executeTakeFirst();
    if (!draft) throw errors.notFound('draft');
    if (draft.submitted_dossier_id) throw errors.conflict('draft.submitted', 'This draft was submitted already');
    if (input.rowVersion !== undefined && input.rowVersion !== draft.row_version) {
      throw errors.conflict('draft.version_conflict', 'The draft was saved from somewhere else: reload it', { rowVersion: draft.row_version });
    }
    if (input.serviceId !== draft.service_id) throw errors.field('/serviceId', 'draft.service_changed', 'a draft stays with its service');
    return trx
      .updateTable('dossier_drafts')
      .set({
        receiving_unit_id: input.receivingUnitId ?? draft.receiving_unit_id,
        data: JSON.stringify(input.data ?? draft.data),
        attachments: JSON.stringify(input.attachments ?? draft.attachments),
        extra: JSON.stringify(input.extra ?? draft.extra),
        row_version: draft.row_version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function deleteDraft(db: Db, ctx: RequestContext, id: string) {
  const res = await db.deleteFrom('dossier_drafts').where('id', '=', id).where('account_id', '=', citizenOf(ctx)).where('submitted_dossier_id', 'is', null).executeTakeFirst();
  if (!res.numDeletedRows) throw errors.notFound('draft');
}

export const presentDraft = (d: Awaited<ReturnType<typeof getDraft>>) => ({
  id: d.id,
  serviceId: d.service_id,
  receivingUnitId: d.receiving_unit_id,
  data: d.data,
  attachments: d.attachments,
  extra: d.extra,
  rowVersion: d.row_version,
  submittedDossierId: d.submitted_dossier_id,
  updatedAt: d.updated_at.toISOString(),
});
