import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Config } from '../config.js';
import { errors } from '../errors.js';
import { validatorCompiler } from '../plugins/validation.js';
import { ErrorReply, IdParams } from '../http/schemas.js';
import { assertKey, findReplay, IdempotencyKeyHeader, requestHash } from '../http/idempotency.js';
import { auditOfficialRead } from './read-audit.js';
import * as S from './schemas.js';
import { submitDossier } from './commands/submit.js';
import { discardUpload, uploadAttachment } from './commands/upload.js';
import { createDraft, deleteDraft, getDraft, presentDraft, updateDraft } from './commands/drafts.js';
import { rateDossier, supplementDossier, withdrawDossier } from './commands/citizen-actions.js';
import { getVisibleDossier } from './policies.js';
import { dossierDetails, dossierFile, listMyDossiers, trackByCode } from './queries.js';
import { presentDossier, statusView } from './present.js';
import { DOSSIER_CODE } from './codes.js';
import { hasWrittenRefusal, renderDossierSlip, renderFeeReceipt, renderWrittenRefusalOf, type SlipKind } from './documents.js';
import { listDossierPayments, startPayment } from '../integrations/index.js';
import { callbackUrl, returnUrl } from './payments.js';
import { FINISHED_STATUSES } from './statuses.js';
import { renderTrackPage } from './track-page.js';

/**
 * The display name as a download name, never a path: path separators, quotes and control
 * characters go; an ASCII fallback for old clients, the real name in filename*.
 */
function attachmentDisposition(name: string): string {
  const clean = (name.split(/[\\/]/).at(-1) ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim() || 'tep';
  const ascii = clean.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D')).replace(/[^\x20-\x7e]|[\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

const errorsFor = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 413: ErrorReply, 422: ErrorReply };

/** The citizen's side of dossiers: files, submission, drafts, following, and the loops. */
export async function dossierRoutes(app: FastifyInstance, opts: { config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];
  const tags = ['dossiers'];

  r.post('/api/files', {
    preHandler: app.requireAuth,
    // The body schema documents the multipart parts; the parts are read (and each field
    // checked) as they stream in, after validation, so the body is not validated as a whole.
    validatorCompiler: (route) => (route.httpPart === 'body' ? () => true : validatorCompiler(route)),
    schema: { tags, summary: 'Upload one file for a dossier component (multipart: serviceId, componentId, then file)', consumes: ['multipart/form-data'], body: S.UploadBody, security, response: { 201: Type.Object({ id: Type.String(), name: Type.String(), mime: Type.String(), size: Type.Integer(), sha256: Type.String() }), ...errorsFor } },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw errors.badRequest('request.not_multipart', 'Send the file as multipart/form-data');
    // Parts in the order they arrive: only the fields sent before the file count (a field
    // after it would be known only once the whole file had gone through). One file per
    // request: a second one is refused, not ignored (busboy may count two, so the answer is ours).
    const fields: Record<string, string> = {};
    let saved: Awaited<ReturnType<typeof uploadAttachment>> | undefined;
    try {
      for await (const part of req.parts({ limits: { fileSize: 50 * 1024 * 1024 + 1, files: 2 } })) {
        if (part.type === 'field') {
          if (!saved && typeof part.value === 'string') fields[part.fieldname] = part.value;
        } else if (saved) {
          part.file.resume();
          throw errors.field('/file', 'file.too_many_files', 'Mỗi lần chỉ gửi một tệp (send one file per request)');
        } else {
          saved = await uploadAttachment(app.db, app.storage, req.ctx, { fields, filename: part.filename, file: part.file });
        }
      }
    } catch (err) {
      if (saved) await discardUpload(app.db, app.storage, saved.id);
      if ((err as { code?: string }).code === 'FST_FILES_LIMIT') throw errors.field('/file', 'file.too_many_files', 'Mỗi lần chỉ gửi một tệp (send one file per request)');
      throw err;
    }
    if (!saved) throw errors.field('/file', 'validation.required', 'a file is required');
    return reply.status(201).send(saved);
  });

  r.post('/api/dossiers', {
    preHandler: app.requireCitizen,
    schema: {
      tags,
      summary: 'Submit a dossier (Idempotency-Key header required)',
      headers: IdempotencyKeyHeader,
      body: S.SubmitRequest,
      security,
      response: { 201: S.SubmitReply, 202: Type.Object({ status: Type.Literal('payment_required'), draftId: Type.String(), payment: Type.Object({ id: Type.String(), amountVnd: Type.Integer(), payUrl: Type.String() }) }), ...errorsFor },
    },
  }, async (req, reply) => {
    const key = assertKey(req.headers['idempotency-key'] as string | undefined);
    const actorId = (req.ctx.actor as { id: string }).id;
    const body = { ...req.body, channel: 'online' as const };
    // A retry of a committed submission is answered before any work.
    const now = app.runtime.clock();
    const early = await findReplay(app.db, actorId, 'dossier.submit', key, requestHash({ ...body, applicant: null }), now);
    const answer = early ?? (await submitDossier(app.db, req.ctx, body, { runtime: app.runtime, idempotencyKey: key, payments: app.payments, now }));
    return reply.status(answer.statusCode).send(answer.body as never);
  });

  r.get('/api/dossiers', {
    preHandler: app.requireCitizen,
    schema: { tags, summary: 'My dossiers (as applicant or as the one who filed them)', querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }), security, response: { 200: Type.Array(Type.Unknown()), ...errorsFor } },
  }, async (req) => {
    const rows = await listMyDossiers(app.db, (req.ctx.actor as { id: string }).id, req.query.page ?? 1);
    return rows.map((d) => ({ id: d.id, code: d.code, status: statusView(d.status), serviceName: d.service_name, receivedAt: d.received_at.toISOString(), dueAt: d.due_at.toISOString(), finishedAt: d.finished_at?.toISOString() ?? null }));
  });

  r.get('/api/dossiers/:id', {
    preHandler: app.requireAuth,
    schema: { tags, summary: 'A dossier: data, files, status, history, current step, due date', params: IdParams, security, response: { 200: Type.Unknown(), ...errorsFor } },
  }, async (req) => {
    const dossier = await getVisibleDossier(app.db, req.ctx.actor, req.params.id);
    await auditOfficialRead(app.db, req.ctx, dossier, 'dossier.view');
    return presentDossier(dossier, await dossierDetails(app.db, dossier));
  });

  r.get('/api/dossiers/:id/files/:fileId', {
    preHandler: app.requireAuth,
    schema: { tags, summary: 'A file of the dossier (attachment, supplement, authorization) as it was uploaded', params: Type.Object({ id: Type.String({ format: 'uuid' }), fileId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), security },
  }, async (req, reply) => {
    const dossier = await getVisibleDossier(app.db, req.ctx.actor, req.params.id);
    const file = await dossierFile(app.db, dossier, req.params.fileId);
    await auditOfficialRead(app.db, req.ctx, dossier, 'dossier.download_file', { fileId: file.id, kind: file.kind, componentId: file.component_id });
    reply.header('content-type', file.mime);
    reply.header('content-length', String(file.size));
    reply.header('content-disposition', attachmentDisposition(file.name));
    return reply.send(app.storage.open(file.storage_key));
  });

  r.get('/api/track/:code', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Public tracking by dossier code: status and dates, nothing personal', params: Type.Object({ code: Type.String({ maxLength: 60 }) }, { additionalProperties: false }), response: { 200: Type.Unknown(), 404: ErrorReply, 429: ErrorReply } },
  }, async (req) => {
    // Codes are upper case; people type them as they come.
    const code = req.params.code.trim().toUpperCase();
    if (!DOSSIER_CODE.test(code)) throw errors.notFound('dossier');
    const d = await trackByCode(app.db, code);
    return {
      code: d.code,
      status: statusView(d.status),
      serviceName: d.service_name,
      unitName: d.unit_name,
      receivedAt: d.received_at.toISOString(),
      dueAt: d.due_at.toISOString(),
      statusChangedAt: d.status_changed_at.toISOString(),
      finishedAt: d.finished_at?.toISOString() ?? null,
      resultReturnedAt: d.result_returned_at?.toISOString() ?? null,
    };
  });

  // The public tracking page the receipt slip's QR code points to: plain HTML, no login,
  // nothing personal (the same facts as /api/track).
  r.get('/portal/track/:code', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 60 }) }, { additionalProperties: false }) },
  }, async (req, reply) => {
    const code = req.params.code.trim().toUpperCase();
    const d = DOSSIER_CODE.test(code) ? await trackByCode(app.db, code).catch(() => undefined) : undefined;
    reply.type('text/html; charset=utf-8');
    return reply.status(d ? 200 : 404).send(renderTrackPage(code, d));
  });

  r.post('/api/dossiers/:id/withdraw', {
    preHandler: app.requireCitizen,
    schema: { tags, summary: 'Withdraw the dossier (status 7); its process is cancelled', params: IdParams, body: S.WithdrawBody, security, response: { 200: Type.Object({ status: Type.Unknown() }), ...errorsFor } },
  }, async (req) => ({ status: statusView((await withdrawDossier(app.db, app.runtime, req.ctx, req.params.id, req.body.reason)).status) }));

  r.post('/api/dossiers/:id/rating', {
    preHandler: app.requireCitizen,
    schema: { tags, summary: 'Rate the dossier once, after the result', params: IdParams, body: S.RatingBody, security, response: { 204: Type.Null(), ...errorsFor } },
  }, async (req, reply) => {
    await rateDossier(app.db, req.ctx, req.params.id, req.body.rating, req.body.comment, app.runtime.clock());
    return reply.status(204).send(null);
  });

  r.post('/api/dossiers/:id/supplements', {
    preHandler: app.requireCitizen,
    schema: { tags, summary: 'Answer a request to supplement: files added or replaced, data corrected', params: IdParams, body: S.SupplementBody, security, response: { 200: Type.Object({ dueAt: Type.String(), status: Type.Unknown() }), ...errorsFor } },
  }, async (req) => {
    const d = await supplementDossier(app.db, app.runtime, req.ctx, req.params.id, req.body);
    return { dueAt: d.due_at.toISOString(), status: statusView(d.status) };
  });

  r.post('/api/dossiers/drafts', {
    preHandler: app.requireCitizen,
    schema: { tags, summary: 'Save a draft (prefilled from the profile when no data is given)', body: S.DraftBody, security, response: { 201: Type.Unknown(), ...errorsFor } },
  }, async (req, reply) => reply.status(201).send(presentDraft(await createDraft(app.db, req.ctx, req.body))));

  r.get('/api/dossiers/drafts', {
    preHandler: app.requireCitizen,
    schema: { tags, security, response: { 200: Type.Array(Type.Unknown()), ...errorsFor } },
  }, async (req) => {
    const rows = await app.db.selectFrom('dossier_drafts').selectAll().where('account_id', '=', (req.ctx.actor as { id: string }).id).where('submitted_dossier_id', 'is', null).orderBy('updated_at', 'desc').limit(100).execute();
    return rows.map(presentDraft);
  });

  r.get('/api/dossiers/drafts/:id', {
    preHandler: app.requireCitizen,
    schema: { tags, params: IdParams, security, response: { 200: Type.Unknown(), ...errorsFor } },
  }, async (req) => presentDraft(await getDraft(app.db, req.ctx, req.params.id)));

  r.put('/api/dossiers/drafts/:id', {
    preHandler: app.requireCitizen,
    schema: { tags, params: IdParams, body: S.DraftBody, security, response: { 200: Type.Unknown(), ...errorsFor } },
  }, async (req) => presentDraft(await updateDraft(app.db, req.ctx, req.params.id, req.body)));

  r.delete('/api/dossiers/drafts/:id', {
    preHandler: app.requireCitizen,
    schema: { tags, params: IdParams, security, response: { 204: Type.Null(), ...errorsFor } },
  }, async (req, reply) => {
    await deleteDraft(app.db, req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  r.get('/api/me/documents', {
    preHandler: app.requireCitizen,
    schema: { tags, summary: 'My documents: files of my earlier dossiers, to attach again', security, response: { 200: Type.Array(Type.Unknown()), ...errorsFor } },
  }, async (req) => {
    const me = (req.ctx.actor as { id: string }).id;
    const rows = await app.db
      .selectFrom('dossier_files as df')
      .innerJoin('files as f', 'f.id', 'df.file_id')
      .innerJoin('dossiers as d', 'd.id', 'df.dossier_id')
      .select(['f.id', 'f.name', 'f.mime', 'f.size', 'f.created_at', 'df.component_id', 'd.code'])
      .where('f.owner_id', '=', me)
      .where('df.kind', 'in', ['attachment', 'supplement'])
      .orderBy('f.created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: Number(f.size), uploadedAt: f.created_at.toISOString(), componentId: f.component_id, dossierCode: f.code }));
  });
  const pdf = (reply: { header: (k: string, v: string) => unknown }, name: string) => {
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
  };

  r.get('/api/dossiers/:id/documents/:slip', {
    preHandler: app.requireAuth,
    schema: {
      tags,
      summary: 'A slip of the dossier as PDF: receipt (01), supplement (02), refusal (03), apology (04), control (05, officials)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }), slip: Type.Union(['receipt', 'supplement', 'refusal', 'apology', 'control'].map((k) => Type.Literal(k))) }, { additionalProperties: false }),
      security,
    },
  }, async (req, reply) => {
    const dossier = await getVisibleDossier(app.db, req.ctx.actor, req.params.id);
    const kind = req.params.slip as SlipKind;
    if (kind === 'control' && req.ctx.actor.kind !== 'staff') throw errors.forbidden('auth.staff_only', 'The control slip is for officials');
    const bytes = await renderDossierSlip(app.db, dossier, kind, opts.config.publicUrl, app.runtime.clock());
    await auditOfficialRead(app.db, req.ctx, dossier, 'dossier.view_slip', { slip: kind });
    pdf(reply, `${kind}-${dossier.code}.pdf`);
    return reply.send(bytes);
  });

  r.get('/api/dossiers/:id/result', {
    preHandler: app.requireAuth,
    schema: { tags, summary: 'The signed result file, or the written refusal of a dossier refused at approval', params: IdParams, security },
  }, async (req, reply) => {
    const dossier = await getVisibleDossier(app.db, req.ctx.actor, req.params.id);
    const visible = req.ctx.actor.kind === 'staff' || FINISHED_STATUSES.has(dossier.status);
    if (visible && hasWrittenRefusal(dossier)) {
      const bytes = await renderWrittenRefusalOf(app.db, dossier);
      pdf(reply, `tu-choi-${dossier.code}.pdf`);
      return reply.send(bytes);
    }
    const ready = dossier.result_file_id && visible;
    if (!ready) throw errors.notFound('result');
    const file = await app.db.selectFrom('files').selectAll().where('id', '=', dossier.result_file_id!).executeTakeFirstOrThrow();
    await auditOfficialRead(app.db, req.ctx, dossier, 'dossier.download_result');
    pdf(reply, file.name);
    return reply.send(app.storage.open(file.storage_key));
  });

  r.get('/api/dossiers/:id/payments', {
    preHandler: app.requireAuth,
    schema: { tags, summary: 'The payments of a dossier, with the link to pay', params: IdParams, security, response: { 200: Type.Array(Type.Unknown()), ...errorsFor } },
  }, async (req) => {
    const dossier = await getVisibleDossier(app.db, req.ctx.actor, req.params.id);
    const payments = await listDossierPayments(app.db, dossier.tenant_id, dossier.id);
    await auditOfficialRead(app.db, req.ctx, dossier, 'dossier.view_payments');
    return payments.map((p) => ({
      id: p.id, amountVnd: p.amountVnd, status: p.status, purpose: p.purpose, description: p.description, feeLines: p.feeLines,
      payUrl: p.status === 'pending' ? p.redirectUrl : null, paidAt: p.paidAt?.toISOString() ?? null, refundedAt: p.refundedAt?.toISOString() ?? null,
      receiptUrl: p.paidAt ? `/api/dossiers/${dossier.id}/payments/${p.id}/receipt` : null,
    }));
  });

  r.post('/api/dossiers/:id/payments/:paymentId/start', {
    preHandler: app.requireCitizen,
    schema: { tags, summary: 'Get the page to pay (again, after a failed try)', params: Type.Object({ id: Type.String({ format: 'uuid' }), paymentId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), security, response: { 200: Type.Object({ payUrl: Type.String() }), ...errorsFor } },
  }, async (req) => {
    const dossier = await getVisibleDossier(app.db, req.ctx.actor, req.params.id);
    const deps = app.payments;
    if (!deps) throw errors.unprocessable('payment.unavailable', 'Online payment is not configured');
    const started = await app.db.transaction().execute(async (trx) => {
      const owned = await trx.selectFrom('payments').select('id').where('id', '=', req.params.paymentId).where('dossier_id', '=', dossier.id).executeTakeFirst();
      if (!owned) throw errors.notFound('payment');
      return startPayment(trx, deps.registry, { tenantId: dossier.tenant_id, paymentId: req.params.paymentId, returnUrl: returnUrl(deps, dossier.id), callbackUrl: callbackUrl(deps) });
    });
    return { payUrl: started.redirectUrl };
  });

  r.post('/api/dossiers/drafts/:id/payment', {
    preHandler: app.requireCitizen,
    schema: { tags, summary: 'The page to pay the fees of a submission waiting for payment (again, after a failed try)', params: IdParams, security, response: { 200: Type.Object({ payUrl: Type.String(), amountVnd: Type.Integer() }), ...errorsFor } },
  }, async (req) => {
    const draft = await getDraft(app.db, req.ctx, req.params.id);
    const deps = app.payments;
    if (!deps) throw errors.unprocessable('payment.unavailable', 'Online payment is not configured');
    if (draft.submitted_dossier_id) throw errors.conflict('draft.submitted', 'This submission was received already');
    const started = await app.db.transaction().execute(async (trx) => {
      const payment = await trx.selectFrom('payments').select(['id', 'tenant_id']).where('dossier_id', '=', draft.id).where('purpose', '=', 'submission').orderBy('created_at', 'desc').executeTakeFirst();
      if (!payment) throw errors.notFound('payment');
      return startPayment(trx, deps.registry, { tenantId: payment.tenant_id, paymentId: payment.id, returnUrl: returnUrl(deps, draft.id), callbackUrl: callbackUrl(deps) });
    });
    return { payUrl: started.redirectUrl, amountVnd: started.payment.amountVnd };
  });

  r.get('/api/dossiers/:id/payments/:paymentId/receipt', {
    preHandler: app.requireAuth,
    schema: { tags, summary: 'The electronic receipt of a paid fee (PDF)', params: Type.Object({ id: Type.String({ format: 'uuid' }), paymentId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), security },
  }, async (req, reply) => {
    const dossier = await getVisibleDossier(app.db, req.ctx.actor, req.params.id);
    const bytes = await renderFeeReceipt(app.db, dossier, req.params.paymentId);
    await auditOfficialRead(app.db, req.ctx, dossier, 'dossier.view_payment_receipt', { paymentId: req.params.paymentId });
    pdf(reply, `bien-lai-${dossier.code}.pdf`);
    return reply.send(bytes);
  });
}
