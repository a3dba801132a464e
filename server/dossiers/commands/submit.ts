/**
 * A citizen submits a dossier. Everything that can be checked is checked before the
 * transaction (form data re-validated on the server, required components and their files,
 * the receiving unit); then one transaction claims the idempotency key, stores the dossier
 * and its files, starts the process (whose first step writes the tasks), allocates the code
 * as late as it can, writes history, statuses, notification, portal and audit rows, and
 * stores the answer for retries. A failure anywhere rolls all of it back, the code included.
 */
import crypto from 'node:crypto';
import type { Db, Trx } from '../../db/connect.js';
import type { ApplicantInfo, FeeLine } from '../../db/database.js';
import type { RequestContext } from '../../context.js';
import type { ProcessRuntime } from '../../../runtime/index.js';
import type { DossierComponent } from '../../../schemas/service.js';
import { writeAudit } from '../../audit/index.js';
import { errors, type FieldError } from '../../errors.js';
import { claimKey, requestHash, storeAnswer, type Replay } from '../../http/idempotency.js';
import { dueDate, tenantCalendar } from '../../calendar/index.js';
import { allocateCode, unallocatedCode } from '../codes.js';
import { applyStatusChanges } from '../process.js';
import { addHistory, emitStatus, notifyApplicant } from '../events.js';
import { callbackUrl, returnUrl, type PaymentDeps } from '../payments.js';
import { createPayment, startPayment, type PaymentView } from '../../integrations/index.js';
import { computeFees, totalOf } from '../fees.js';
import { currentVersion, pinnedVersion } from '../service-version.js';
import { isRequired, validateFormData } from '../validate.js';
import { AUTHORIZATION_RULES, fileMisfit } from '../file-rules.js';
import type { SubmitBody, SubmitRequest } from '../schemas.js';
import { draftForSubmission } from './drafts.js';

export interface Submission extends SubmitBody {
  channel: 'online' | 'direct' | 'post';
  /** For counter intake: the applicant as the official typed them. */
  applicant?: ApplicantInfo;
}

export interface SubmitOptions {
  runtime: ProcessRuntime;
  idempotencyKey: string;
  now?: Date;
  /** Fees due at submission are paid through these before the dossier is received. */
  payments?: PaymentDeps;
}

interface Prepared {
  version: Awaited<ReturnType<typeof currentVersion>>;
  receivingUnit: { id: string; agency_code: string; tenant_id: string };
  data: Record<string, unknown>;
  applicant: ApplicantInfo;
  applicantAccountId: string | null;
  files: Array<{ componentId: string | null; fileId: string; kind: 'attachment' | 'authorization' }>;
  fees: FeeLine[];
}

const SCOPE = 'dossier.submit';

/** Files must be the filer's own uploads (or earlier documents of theirs) for that component. */
async function checkFiles(db: Db | Trx, filerId: string, components: DossierComponent[], attachments: SubmitBody['attachments'], data: Record<string, unknown>): Promise<FieldError[]> {
  const fields: FieldError[] = [];
  const ids = [...new Set(attachments.map((a) => a.fileId))];
  const owned = ids.length
    ? await db.selectFrom('files').select(['id', 'mime', 'size']).where('owner_id', '=', filerId).where('purpose', '=', 'attachment').where('id', 'in', ids).execute()
    : [];
  const byId = new Map(owned.map((f) => [f.id, f]));
  attachments.forEach((a, i) => {
    const component = components.find((c) => c.id === a.componentId);
    const file = byId.get(a.fileId);
    if (!component) fields.push({ path: `/attachments/${i}/componentId`, message: 'the service has no such component', code: 'component.unknown' });
    if (!file) fields.push({ path: `/attachments/${i}/fileId`, message: 'no such file of yours', code: 'file.not_found' });
    // Uploaded for another component (or an earlier dossier): this component's rules still hold.
    const misfit = component && file && fileMisfit(component, file, `/attachments/${i}/fileId`);
    if (misfit) fields.push({ ...misfit, message: `${misfit.message} [${component.id}]` });
  });
  for (const component of components) {
    if (isRequired(component, data) && !attachments.some((a) => a.componentId === component.id)) {
      fields.push({ path: `/attachments/${component.id}`, message: `"${component.name}" is required`, code: 'dossier.component_missing' });
    }
  }
  return fields;
}

/** `versionId` pins the version (a submission waiting for its fees); otherwise the current one. */
export async function prepareSubmission(db: Db | Trx, ctx: RequestContext, input: Submission, versionId?: string): Promise<Prepared> {
  const actor = ctx.actor;
  if (actor.kind !== 'citizen' && actor.kind !== 'staff') throw errors.unauthorized();
  const version = versionId ? await pinnedVersion(db, input.serviceId, versionId) : await currentVersion(db, input.serviceId);
  const m = version.metadata;
  const unitId = input.receivingUnitId ?? (m.receivingUnitIds.length === 1 ? m.receivingUnitIds[0] : undefined);
  if (!unitId) throw errors.field('/receivingUnitId', 'validation.required', 'choose the unit to apply to');
  if (!m.receivingUnitIds.includes(unitId)) throw errors.field('/receivingUnitId', 'dossier.unit_not_receiving', 'this unit does not receive this service');
  const receivingUnit = await db.selectFrom('units').select(['id', 'agency_code', 'tenant_id']).where('id', '=', unitId).where('active', '=', true).executeTakeFirst();
  if (!receivingUnit) throw errors.field('/receivingUnitId', 'dossier.unit_not_receiving', 'this unit does not receive dossiers now');

  const { data, errors: formErrors } = validateFormData(version.form as { components?: unknown[] } | null, input.data);
  const fields: FieldError[] = [...formErrors];
  const filerId = actor.id;
  fields.push(...(await checkFiles(db, filerId, version.components, input.attachments, data)));

  let applicant: ApplicantInfo;
  let applicantAccountId: string | null = null;
  const files: Prepared['files'] = input.attachments.map((a) => ({ componentId: a.componentId, fileId: a.fileId, kind: 'attachment' }));
  if (input.applicant) {
    // Registered by an official at the counter (or from a dossier sent by post).
    applicant = input.applicant;
    if (input.channel === 'direct' && m.applicants.inPerson === false) fields.push({ path: '/channel', message: 'this service is applied for online only, not at the counter', code: 'dossier.in_person_not_allowed' });
    if (!m.applicants.kinds.includes(applicant.kind)) fields.push({ path: '/applicant/kind', message: `this service is for ${m.applicants.kinds.join(', ')}`, code: 'dossier.applicant_kind' });
    if (applicant.kind === 'business' && !applicant.taxCode) fields.push({ path: '/applicant/taxCode', message: 'a business gives its tax code', code: 'validation.required' });
    const account = applicant.citizenId ? await db.selectFrom('accounts').select('id').where('username', '=', applicant.citizenId).where('kind', '=', 'citizen').executeTakeFirst() : undefined;
    applicantAccountId = account?.id ?? null;
  } else {
    const me = await db.selectFrom('accounts').selectAll().where('id', '=', filerId).executeTakeFirstOrThrow();
    if (me.kind === 'citizen' && !me.verified_at) throw errors.forbidden('account.not_verified', 'Verify your phone number or e-mail before submitting');
    if (input.onBehalf) {
      if (!m.applicants.onBehalf) fields.push({ path: '/onBehalf', message: 'this service does not accept filing for someone else', code: 'dossier.on_behalf_not_allowed' });
      const a = input.onBehalf.applicant;
      applicant = { kind: 'citizen', fullName: a.fullName, citizenId: a.citizenId, phone: a.phone ?? null, email: a.email ?? null, address: a.address ?? null };
      const owner = await db.selectFrom('accounts').select('id').where('username', '=', a.citizenId).where('kind', '=', 'citizen').executeTakeFirst();
      applicantAccountId = owner?.id ?? null;
      const auth = await db.selectFrom('files').select(['id', 'mime', 'size']).where('id', '=', input.onBehalf.authorizationFileId).where('owner_id', '=', filerId).where('purpose', '=', 'attachment').executeTakeFirst();
      const misfit = auth && fileMisfit(AUTHORIZATION_RULES, auth, '/onBehalf/authorizationFileId');
      if (!auth) fields.push({ path: '/onBehalf/authorizationFileId', message: 'no such file of yours', code: 'file.not_found' });
      else if (misfit) fields.push(misfit);
      else files.push({ componentId: null, fileId: auth.id, kind: 'authorization' });
    } else {
      applicant = { kind: 'citizen', fullName: me.full_name, citizenId: me.kind === 'citizen' ? me.username : null, phone: me.phone, email: me.email, address: me.address };
      applicantAccountId = me.id;
    }
    const kind = input.applicantKind ?? 'citizen';
    if (!m.applicants.kinds.includes(kind)) fields.push({ path: '/applicantKind', message: `this service is for ${m.applicants.kinds.join(', ')}`, code: 'dossier.applicant_kind' });
    if (kind === 'business') {
      if (!input.business) fields.push({ path: '/business', message: 'a business gives its tax code and name', code: 'validation.required' });
      else applicant = { ...applicant, kind, taxCode: input.business.taxCode, fullName: input.business.name };
    } else {
      applicant = { ...applicant, kind };
    }
  }
  if (input.resultChannel && !m.resultChannels.includes(input.resultChannel)) {
    fields.push({ path: '/resultChannel', message: `this service returns its result by ${m.resultChannels.join(', ')}`, code: 'dossier.result_channel' });
  }
  if (input.resultChannel === 'post' && !input.postalAddress) fields.push({ path: '/postalAddress', message: 'an address is needed for postal return', code: 'validation.required' });

  let fees: FeeLine[] = [];
  try {
    fees = computeFees(m, data);
  } catch (err) {
    fields.push({ path: '/data', message: `a fee condition cannot be evaluated: ${(err as Error).message}`, code: 'dossier.fee_condition' });
  }
  if (fields.length) throw errors.validation(fields, 'The dossier is not complete');
  return { version, receivingUnit, data, applicant, applicantAccountId, files, fees };
}

export async function submitDossier(db: Db, ctx: RequestContext, request: SubmitRequest & Omit<Submission, keyof SubmitBody>, options: SubmitOptions): Promise<Replay> {
  const actor = ctx.actor as { id: string; kind: 'citizen' | 'staff' };
  // The key stands for the request as sent; a draft it names is read after.
  const hash = requestHash({ ...request, applicant: request.applicant ?? null });
  const input: Submission = { ...(await draftForSubmission(db, ctx, request)), channel: request.channel, ...(request.applicant && { applicant: request.applicant }) };
  const prepared = await prepareSubmission(db, ctx, input);
  const dueNow = totalOf(prepared.fees, 'submission');
  // Through the runtime: the new instance's engine stays live for its first step once this commits.
  return options.runtime.transaction(db, async (trx) => {
    const replay = await claimKey(trx, actor.id, SCOPE, options.idempotencyKey, hash, options.now);
    if (replay) return replay;
    const answer = dueNow > 0 ? await awaitPayment(trx, ctx, input, prepared, dueNow, options) : await receive(trx, ctx, input, prepared, options);
    await storeAnswer(trx, actor.id, SCOPE, options.idempotencyKey, answer);
    return answer;
  });
}

/**
 * Fees due at submission: the submission waits in a draft with a payment; it is received
 * (code, due date, process) when the provider confirms the payment (receivePaidSubmission).
 */
async function awaitPayment(trx: Trx, ctx: RequestContext, input: Submission, p: Prepared, amount: number, options: SubmitOptions): Promise<Replay> {
  if (ctx.actor.kind !== 'citizen' || !options.payments) throw errors.unprocessable('dossier.payment_unavailable', 'Fees due at submission can only be paid online by the applicant');
  const deps = options.payments;
  const { draftId: _ignored, ...pending } = input;
  const draft = await trx
    .insertInto('dossier_drafts')
    .values({
      account_id: ctx.actor.id,
      service_id: input.serviceId,
      receiving_unit_id: p.receivingUnit.id,
      data: JSON.stringify(input.data),
      attachments: JSON.stringify(input.attachments),
      // The version it was checked against: publishing another before the payment arrives must
      // not change what the citizen filed on.
      extra: JSON.stringify({ pendingSubmission: pending, idempotencyKey: options.idempotencyKey, versionId: p.version.id }),
      submitted_dossier_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.draftId) await trx.deleteFrom('dossier_drafts').where('id', '=', input.draftId).where('account_id', '=', ctx.actor.id).where('submitted_dossier_id', 'is', null).execute();
  const lines = p.fees.filter((f) => f.dueAt === 'submission');
  const payment = await createPayment(trx, deps.registry, {
    tenantId: p.receivingUnit.tenant_id,
    dossierId: draft.id,
    amountVnd: amount,
    provider: deps.provider,
    purpose: 'submission',
    description: `Phí, lệ phí: ${p.version.name}`.slice(0, 255),
    feeLines: lines,
  });
  const started = await startPayment(trx, deps.registry, { tenantId: p.receivingUnit.tenant_id, paymentId: payment.id, returnUrl: returnUrl(deps, draft.id), callbackUrl: callbackUrl(deps) });
  return { statusCode: 202, body: { status: 'payment_required', draftId: draft.id, payment: { id: payment.id, amountVnd: amount, payUrl: started.redirectUrl } } };
}

/** The submission's fees are paid: the waiting submission is received now, in the callback's transaction. */
export async function receivePaidSubmission(trx: Trx, runtime: ProcessRuntime, draftId: string, payment: PaymentView): Promise<void> {
  const draft = await trx.selectFrom('dossier_drafts').selectAll().where('id', '=', draftId).forUpdate().executeTakeFirst();
  if (!draft || draft.submitted_dossier_id) return;
  const { pendingSubmission: pending, versionId } = draft.extra as { pendingSubmission?: Submission; idempotencyKey?: string; versionId?: string };
  if (!pending) return;
  const ctx: RequestContext = { actor: { kind: 'citizen', id: draft.account_id } };
  const prepared = await prepareSubmission(trx, ctx, pending, versionId);
  const answer = await receive(trx, ctx, { ...pending, draftId }, prepared, { runtime, idempotencyKey: `paid:${payment.id}`, now: payment.paidAt ?? undefined });
  const dossierId = (answer.body as { id: string }).id;
  // The payment belongs to the dossier from now on.
  await trx.updateTable('payments').set({ dossier_id: dossierId }).where('id', '=', payment.id).execute();
  const dossier = await trx.selectFrom('dossiers').select(['id', 'tenant_id']).where('id', '=', dossierId).executeTakeFirstOrThrow();
  await addHistory(trx, ctx, dossier, { action: 'paid', at: payment.paidAt ?? new Date(), details: { paymentId: payment.id, amountVnd: payment.amountVnd, provider: payment.provider } });
}

/** The dossier is received: code, due date, process. Shared by online and counter intake. */
export async function receive(trx: Trx, ctx: RequestContext, input: Submission, p: Prepared, options: SubmitOptions): Promise<Replay> {
  const actor = ctx.actor as { id: string };
  const now = options.now ?? new Date();
  const tenantId = p.receivingUnit.tenant_id;
  const calendar = await tenantCalendar(trx, tenantId);
  const paper = input.channel !== 'online';
  const dueAt = dueDate(calendar, now, p.version.metadata.timeLimitDays, paper);
  const id = crypto.randomUUID();

  // The code comes last (see the end): its per-agency daily row lock is held until commit,
  // so everything that can run before it (the process's first step above all) does.
  const dossier = await trx
    .insertInto('dossiers')
    .values({
      id,
      tenant_id: tenantId,
      code: unallocatedCode(id),
      service_id: p.version.service_id,
      version_id: p.version.id,
      receiving_unit_id: p.receivingUnit.id,
      channel: input.channel,
      applicant_account_id: p.applicantAccountId,
      filed_by: actor.id,
      applicant: JSON.stringify(p.applicant),
      on_behalf: !!input.onBehalf,
      data: JSON.stringify(p.data),
      fees: JSON.stringify(p.fees),
      status: 1,
      status_changed_at: now,
      received_at: now,
      counted_from: calendar.countedFrom(now, { paper }),
      due_at: dueAt,
      original_due_at: null,
      finished_at: null,
      on_time: null,
      result_channel: input.resultChannel ?? p.version.metadata.resultChannels[0] ?? null,
      postal_address: input.postalAddress ?? null,
      result_file_id: null,
      result_returned_at: null,
      instance_id: null,
      rating: null,
      rating_comment: null,
      rated_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (p.files.length) {
    await trx.insertInto('dossier_files').values(p.files.map((f) => ({ tenant_id: tenantId, dossier_id: id, component_id: f.componentId, file_id: f.fileId, kind: f.kind, superseded_at: null }))).execute();
  }
  if (input.draftId) {
    // Two submissions of one draft (other keys, same moment): the second waits on this row and
    // finds it taken, and rolls back before it takes a code.
    const taken = await trx.updateTable('dossier_drafts').set({ submitted_dossier_id: id }).where('id', '=', input.draftId).where('account_id', '=', actor.id).where('submitted_dossier_id', 'is', null).executeTakeFirst();
    if (!taken.numUpdatedRows) throw errors.conflict('draft.submitted', 'This draft was submitted already');
  }

  // The process's variables name the dossier by id: the code does not exist yet when it starts.
  const variables = {
    ...p.data,
    dossier: { id, channel: input.channel, receivingUnit: p.receivingUnit.agency_code, serviceId: p.version.service_id, feesTotal: totalOf(p.fees) },
    applicant: p.applicant,
  };
  const step = await options.runtime.startInstance(trx, { tenantId, versionId: p.version.id, businessKey: id, variables });

  const code = await allocateCode(trx, tenantId, p.receivingUnit.agency_code, now);
  const received = await trx.updateTable('dossiers').set({ code, instance_id: step.instanceId }).where('id', '=', dossier.id).returningAll().executeTakeFirstOrThrow();
  await addHistory(trx, ctx, received, { action: 'submitted', status: 1, at: now, details: { channel: input.channel, version: p.version.version } });
  await notifyApplicant(trx, received, 1, null);
  await emitStatus(trx, received, 1, now);
  // The statuses the first step entered (applyStep left them for now: the code was not given).
  // The dossier as the last of them left it (each status change returns the updated row).
  const current = await applyStatusChanges(trx, received, step.statusChanges, now);
  await writeAudit(trx, ctx, { action: 'dossier.submit', entityType: 'dossier', entityId: id, tenantId, details: { code, channel: input.channel } });
  return {
    statusCode: 201,
    body: { id, code, status: current.status, receivedAt: now.toISOString(), dueAt: dueAt.toISOString() },
  };
}
