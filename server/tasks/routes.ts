import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorReply, IdParams } from '../http/schemas.js';
import { tenantCalendar } from '../calendar/index.js';
import { localDate } from '../../runtime/calendar/index.js';
import { auditOfficialRead } from '../dossiers/read-audit.js';
import { errors } from '../errors.js';
import { dossierDetails } from '../dossiers/queries.js';
import { presentDossier, statusView } from '../dossiers/present.js';
import { canAssign, canViewTask, officialScope } from './policies.js';
import { listQueue, queueCounts, type Queue } from './queries.js';
import { assignTask, claimTask, unclaimTask } from './commands/claims.js';
import { completeTask } from './commands/complete.js';
import { attachResult } from '../dossiers/result.js';
import { issueApology, registerAtCounter, trackingBookEntries } from './commands/desk.js';
import { assertKey, IdempotencyKeyHeader } from '../http/idempotency.js';
import { renderTrackingBook, renderTrackingBookXlsx } from '../documents/index.js';
import { SubmitBody, SupplementBody } from '../dossiers/schemas.js';
import { supplementDossier } from '../dossiers/commands/citizen-actions.js';
import type { StaffActor } from '../context.js';
import type { Config } from '../config.js';

const errorsFor = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 422: ErrorReply };

const QueueQuery = Type.Object(
  {
    queue: Type.Optional(Type.Union([Type.Literal('available'), Type.Literal('mine'), Type.Literal('overdue'), Type.Literal('due-soon'), Type.Literal('unit')])),
    service: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    code: Type.Optional(Type.String({ maxLength: 60 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Page size (25 unless asked)' })),
  },
  { additionalProperties: false },
);

/** The result sent by post (return-result): who carries it and its tracking number. */
const PostalDispatch = Type.Object(
  {
    carrier: Type.String({ minLength: 2, maxLength: 100, pattern: '\\S' }),
    trackingNumber: Type.String({ pattern: '^[A-Za-z0-9-]{4,40}$' }),
    sentOn: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);

const CompleteBody = Type.Object(
  {
    decision: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    // The decisions' own fields; a step form's fields beside them are checked against that form.
    data: Type.Optional(
      Type.Object(
        {
          reason: Type.Optional(Type.String({ maxLength: 4000 })),
          missingComponents: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100 })),
          postalDispatch: Type.Optional(PostalDispatch),
        },
        { additionalProperties: true },
      ),
    ),
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
    rowVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

/** The officials' desk: queues, claims, decisions. */
export async function taskRoutes(app: FastifyInstance, opts: { config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const official = app.requireStaff('official', 'leader');
  const security = [{ bearer: [] }];
  const tags = ['tasks'];
  const clock = () => app.runtime.clock();

  r.get('/api/tasks', {
    preHandler: official,
    schema: { tags, summary: 'A work queue, sorted by due date, with counts per queue', querystring: QueueQuery, security, response: { 200: Type.Unknown(), ...errorsFor } },
  }, async (req) => {
    const scope = await officialScope(app.db, req.ctx.actor);
    const now = clock();
    const calendar = await tenantCalendar(app.db, scope.actor.tenantId);
    // Due soon: by the end of the next working day.
    const dueSoonUntil = calendar.dueOn(calendar.nextWorkingDay(localDate(now)));
    const queue = (req.query.queue ?? 'available') as Queue;
    if (queue === 'unit' && !scope.actor.roles.includes('leader')) throw errors.forbidden('task.unit_queue_forbidden', "Only a leader sees all of the unit's tasks");
    const [page, counts] = await Promise.all([
      listQueue(app.db, scope, { queue, service: req.query.service, status: req.query.status, code: req.query.code, cursor: req.query.cursor, limit: req.query.limit, now, dueSoonUntil }),
      queueCounts(app.db, scope, now, dueSoonUntil),
    ]);
    return {
      queue,
      counts: counts.counts,
      // The queues whose count stopped at the cap: their badge reads "1000+".
      countsCapped: counts.capped,
      nextCursor: page.nextCursor,
      items: page.items.map((t) => ({
        id: t.id,
        step: t.element_name ?? t.element_id,
        dueAt: t.due_at?.toISOString() ?? null,
        createdAt: t.created_at.toISOString(),
        assignee: t.assignee,
        groups: t.candidate_groups,
        decisions: t.decisions.map((d) => d.key),
        rowVersion: t.row_version,
        dossier: { id: t.dossier_id, code: t.code, status: statusView(t.dossier_status), dueAt: t.dossier_due_at.toISOString(), applicant: t.applicant.fullName, serviceId: t.service_id },
      })),
    };
  });

  r.get('/api/tasks/:id', {
    preHandler: official,
    schema: { tags, summary: 'A task with its dossier, the decisions it offers and its step form', params: IdParams, security, response: { 200: Type.Unknown(), ...errorsFor } },
  }, async (req) => {
    const scope = await officialScope(app.db, req.ctx.actor);
    const task = await app.db.selectFrom('tasks').selectAll().where('id', '=', req.params.id).where('tenant_id', '=', scope.actor.tenantId).executeTakeFirst();
    if (!task || !canViewTask(scope, task)) throw errors.notFound('task');
    const dossier = task.business_key ? await app.db.selectFrom('dossiers').selectAll().where('id', '=', task.business_key).where('tenant_id', '=', task.tenant_id).executeTakeFirst() : undefined;
    const version = dossier ? await app.db.selectFrom('service_versions').select('step_forms').where('id', '=', dossier.version_id).executeTakeFirstOrThrow() : undefined;
    if (dossier) await auditOfficialRead(app.db, req.ctx, dossier, 'dossier.view', { via: 'task' });
    return {
      id: task.id,
      step: task.element_name ?? task.element_id,
      elementId: task.element_id,
      status: task.status,
      assignee: task.assignee,
      groups: task.candidate_groups,
      decisions: task.decisions,
      formKey: task.form_key,
      stepForm: task.form_key && version ? version.step_forms[task.form_key] ?? null : null,
      createdAt: task.created_at.toISOString(),
      dueAt: task.due_at?.toISOString() ?? null,
      rowVersion: task.row_version,
      canAssign: canAssign(scope, task),
      dossier: dossier ? presentDossier(dossier, await dossierDetails(app.db, dossier)) : null,
    };
  });

  const taskView = (t: { id: string; assignee: string | null; row_version: number; status: string }) => ({ id: t.id, assignee: t.assignee, rowVersion: t.row_version, status: t.status });
  const TaskState = Type.Object({ id: Type.String(), assignee: Type.Union([Type.String(), Type.Null()]), rowVersion: Type.Integer(), status: Type.String() });

  r.post('/api/tasks/:id/claim', {
    preHandler: official,
    schema: { tags, params: IdParams, security, response: { 200: TaskState, ...errorsFor } },
  }, async (req) => taskView(await claimTask(app.db, req.ctx, req.params.id)));

  r.post('/api/tasks/:id/unclaim', {
    preHandler: official,
    schema: { tags, params: IdParams, security, response: { 200: TaskState, ...errorsFor } },
  }, async (req) => taskView(await unclaimTask(app.db, req.ctx, req.params.id)));

  r.post('/api/tasks/:id/assign', {
    preHandler: app.requireStaff('leader'),
    schema: { tags, summary: 'A leader assigns the task to a member of its group', params: IdParams, body: Type.Object({ accountId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }), security, response: { 200: TaskState, ...errorsFor } },
  }, async (req) => taskView(await assignTask(app.db, req.ctx, req.params.id, req.body.accountId)));

  r.post('/api/tasks/:id/complete', {
    preHandler: official,
    schema: { tags, summary: 'Complete the task with a decision; the process continues', params: IdParams, body: CompleteBody, security, response: { 200: Type.Unknown(), ...errorsFor } },
  }, async (req) => {
    const step = await completeTask(app.db, app.runtime, req.ctx, req.params.id, req.body);
    return {
      instanceStatus: step.status,
      nextTasks: step.createdTasks.map((t) => ({ id: t.id, step: t.elementName ?? t.elementId, dueAt: t.dueAt?.toISOString() ?? null })),
      statuses: step.statusChanges.map((s) => statusView(s.status)),
    };
  });

  r.post('/api/tasks/:id/result', {
    preHandler: official,
    schema: { tags, summary: 'Attach the result (PDF) at the step that returns it; the system signs it with the unit certificate', params: IdParams, consumes: ['multipart/form-data'], security, response: { 200: Type.Object({ fileId: Type.String(), sha256: Type.String(), size: Type.Integer(), signedBy: Type.String() }), ...errorsFor } },
  }, async (req) => {
    if (!req.isMultipart()) throw errors.badRequest('request.not_multipart', 'Send the file as multipart/form-data');
    const part = await req.file();
    if (!part) throw errors.field('/file', 'validation.required', 'a file is required');
    return attachResult(app.db, app.storage, app.keyring, req.ctx, req.params.id, part, opts.config.env !== 'production', app.runtime.clock());
  });

  const { receivingUnitId: _r, onBehalf: _o, applicantKind: _k, business: _b, draftId: _d, ...counterFields } = SubmitBody.properties;
  const CounterBody = Type.Object(
    {
      ...counterFields,
      channel: Type.Union([Type.Literal('direct'), Type.Literal('post')]),
      applicant: Type.Object(
        {
          kind: Type.Optional(Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('household')])),
          fullName: Type.String({ minLength: 2, maxLength: 200 }),
          citizenId: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
          taxCode: Type.Optional(Type.String({ pattern: '^[0-9]{10}(-[0-9]{3})?$' })),
          phone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$' })),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
          address: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

  r.post('/api/desk/dossiers', {
    preHandler: app.requireStaff('official'),
    schema: { tags: ['desk'], summary: 'Register a paper dossier at the counter (in person or by post); Idempotency-Key required', headers: IdempotencyKeyHeader, body: CounterBody, security, response: { 201: Type.Unknown(), ...errorsFor } },
  }, async (req, reply) => {
    const key = assertKey(req.headers['idempotency-key'] as string | undefined);
    const answer = await registerAtCounter(app.db, app.runtime, req.ctx, req.body as never, key, clock());
    return reply.status(answer.statusCode).send(answer.body);
  });

  r.post('/api/desk/dossiers/:id/supplements', {
    preHandler: app.requireStaff('official'),
    schema: { tags: ['desk'], summary: 'Record a supplement brought to the counter on paper (files scanned by the official); the 15:00 cut-off applies', params: IdParams, body: SupplementBody, security, response: { 200: Type.Object({ dueAt: Type.String(), countedFrom: Type.String(), status: Type.Unknown() }), ...errorsFor } },
  }, async (req) => {
    const d = await supplementDossier(app.db, app.runtime, req.ctx, req.params.id, req.body, { atCounter: true });
    return { dueAt: d.due_at.toISOString(), countedFrom: d.counted_from.toISOString(), status: statusView(d.status) };
  });

  r.post('/api/desk/dossiers/:id/apology', {
    preHandler: app.requireStaff('official', 'leader'),
    schema: { tags: ['desk'], summary: 'Apologise and set a new appointment date (slip 04), once', params: IdParams, body: Type.Object({ newDueDate: Type.String({ format: 'date' }), reason: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false }), security, response: { 200: Type.Object({ dueAt: Type.String(), originalDueAt: Type.String(), slipUrl: Type.String() }), ...errorsFor } },
  }, async (req) => {
    const d = await issueApology(app.db, req.ctx, req.params.id, req.body, clock());
    return { dueAt: d.due_at.toISOString(), originalDueAt: d.original_due_at!.toISOString(), slipUrl: `/api/dossiers/${d.id}/documents/apology` };
  });

  r.get('/api/desk/tracking-book', {
    preHandler: app.requireStaff('official', 'leader', 'admin'),
    schema: {
      tags: ['desk'],
      summary: "The unit's tracking book (slip 06) for a period, as PDF or XLSX",
      querystring: Type.Object({ unitId: Type.Optional(Type.String({ format: 'uuid' })), from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }), format: Type.Optional(Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')])) }, { additionalProperties: false }),
      security,
    },
  }, async (req, reply) => {
    const actor = req.ctx.actor as StaffActor;
    if (req.query.from > req.query.to) throw errors.field('query:/to', 'validation.range', 'the period ends before it starts');
    const unitId = req.query.unitId ?? actor.unitId;
    const entries = await trackingBookEntries(app.db, actor, unitId, req.query.from, req.query.to);
    const unit = await app.db.selectFrom('units').select(['name']).where('id', '=', unitId).executeTakeFirstOrThrow();
    const data = { unit: { name: unit.name, place: unit.name.replace(/^(UBND|Ủy ban nhân dân)\s+(phường|xã|thị trấn)?\s*/i, '') }, period: { from: req.query.from, to: req.query.to }, issuedAt: clock(), entries };
    if (req.query.format === 'xlsx') {
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="so-theo-doi-${req.query.from}-${req.query.to}.xlsx"`);
      return reply.send(await renderTrackingBookXlsx(data));
    }
    reply.header('content-type', 'application/pdf');
    return reply.send(await renderTrackingBook(data));
  });
}
