import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { StaffActor } from '../context.js';
import { errors } from '../errors.js';
import { ErrorReply, IdParams } from '../http/schemas.js';
import { saveFile } from '../documents/files.js';
import { PACKAGE_TEMPLATES_MAX_BYTES, ServicePackage, TEMPLATE_FILE_MAX_BYTES } from '../../schemas/service.js';
import * as S from './schemas.js';
import { assertDesigner } from './policies.js';
import { getServiceForDesigner, getVersion, listServicesForDesigner, listVersions } from './queries.js';
import { presentService, presentServiceListItem } from './present.js';
import { runChecks } from './checks.js';
import { diffVersions } from './diff.js';
import { createService } from './commands/create.js';
import { resetProcessToTemplate, setComponents, setForm, setNotes, setProcess, setStepForm, updateMetadata } from './commands/edit.js';
import { publishService, retireVersion } from './commands/publish.js';
import { exportService, importService, TEMPLATE_FILE_TYPES } from './commands/package.js';
import { ImportProceduresBody, importProcedures } from './commands/import-procedures.js';
import { changeDraft } from './commands/draft.js';
import { testRun, TestRunReply } from './commands/test-run.js';

const errorsFor = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 413: ErrorReply, 422: ErrorReply };

/** The studio's API: the five steps, versions, packages, imports, checks and test runs. */
export async function procedureRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const designer = app.requireStaff('designer', 'admin');
  const security = [{ bearer: [] }];
  const tags = ['studio'];
  const staff = (req: { ctx: { actor: unknown } }) => {
    const actor = req.ctx.actor as StaffActor;
    assertDesigner(actor);
    return actor;
  };
  // Online payment exists when the integrations plugin configured a payment provider.
  const checkOptions = () => ({ onlinePayment: app.payments !== undefined, knownConnectors: app.connectors.names() });
  const view = async (tenantId: string, service: Parameters<typeof presentService>[0]) => presentService(service, await listVersions(app.db, tenantId, service.id));

  r.get('/api/studio/services', {
    preHandler: designer,
    schema: { tags, summary: "The unit's services (and those of units below it): drafts, published, retired", querystring: S.ListQuery, security, response: { 200: Type.Array(S.ServiceListItem), ...errorsFor } },
  }, async (req) => (await listServicesForDesigner(app.db, staff(req), req.query)).map((x) => presentServiceListItem(x.service, x.current, x.count)));

  r.post('/api/studio/services', {
    preHandler: designer,
    schema: { tags, summary: 'Step 1: create a service (starts from the standard process unless useTemplate is false)', body: S.CreateServiceBody, security, response: { 201: S.ServiceView, ...errorsFor } },
  }, async (req, reply) => {
    const service = await createService(app.db, req.ctx, req.body as never);
    return reply.status(201).send(await view(service.tenant_id, service));
  });

  r.get('/api/studio/services/:id', {
    preHandler: designer,
    schema: { tags, params: IdParams, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => {
    const actor = staff(req);
    return view(actor.tenantId, await getServiceForDesigner(app.db, actor, req.params.id));
  });

  r.put('/api/studio/services/:id', {
    preHandler: designer,
    schema: { tags, summary: 'Step 1: the service metadata', params: IdParams, body: S.MetadataBody, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => view(staff(req).tenantId, await updateMetadata(app.db, req.ctx, req.params.id, req.body.metadata, req.body.rowVersion)));

  r.put('/api/studio/services/:id/components', {
    preHandler: designer,
    schema: { tags, summary: 'Step 2: the dossier components', params: IdParams, body: S.ComponentsBody, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => view(staff(req).tenantId, await setComponents(app.db, req.ctx, req.params.id, req.body.components, req.body.rowVersion)));

  r.post('/api/studio/services/:id/components/:componentId/template', {
    preHandler: designer,
    schema: { tags, summary: "Upload a component's template file (multipart, field `file`)", params: S.ComponentParams, security, consumes: ['multipart/form-data'], response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => {
    const actor = staff(req);
    const service = await getServiceForDesigner(app.db, actor, req.params.id);
    if (!service.components.some((c) => c.id === req.params.componentId)) throw errors.notFound('component');
    if (!req.isMultipart()) throw errors.badRequest('request.not_multipart', 'Send the file as multipart/form-data');
    const part = await req.file();
    if (!part) throw errors.field('/file', 'validation.required', 'a file is required');
    const file = await saveFile(app.db, app.storage, {
      tenantId: actor.tenantId, ownerId: actor.id, purpose: 'template', name: part.filename, stream: part.file,
      maxBytes: TEMPLATE_FILE_MAX_BYTES, allowed: TEMPLATE_FILE_TYPES,
    });
    const updated = await changeDraft(app.db, req.ctx, service.id, undefined, {
      action: 'service.upload_template',
      details: { componentId: req.params.componentId, fileId: file.id, sha256: file.sha256 },
      apply: (s) => ({ components: JSON.stringify(s.components.map((c) => (c.id === req.params.componentId ? { ...c, templateFileId: file.id } : c))) }),
    });
    return view(actor.tenantId, updated);
  });

  r.put('/api/studio/services/:id/form', {
    preHandler: designer,
    bodyLimit: 5 * 1024 * 1024,
    schema: { tags, summary: 'Step 3: the e-form (form.io JSON)', params: IdParams, body: S.FormBody, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => view(staff(req).tenantId, await setForm(app.db, req.ctx, req.params.id, req.body.form, req.body.rowVersion)));

  r.put('/api/studio/services/:id/step-forms/:key', {
    preHandler: designer,
    bodyLimit: 5 * 1024 * 1024,
    schema: { tags, summary: "A form for officials' step (a user task's formKey names it)", params: S.StepFormParams, body: S.FormBody, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => view(staff(req).tenantId, await setStepForm(app.db, req.ctx, req.params.id, req.params.key, req.body.form, req.body.rowVersion)));

  r.delete('/api/studio/services/:id/step-forms/:key', {
    preHandler: designer,
    schema: { tags, params: S.StepFormParams, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => view(staff(req).tenantId, await setStepForm(app.db, req.ctx, req.params.id, req.params.key, null)));

  r.put('/api/studio/services/:id/process', {
    preHandler: designer,
    bodyLimit: 6 * 1024 * 1024,
    schema: { tags, summary: 'Step 4: the BPMN process, stored as drawn', params: IdParams, body: S.ProcessBody, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => view(staff(req).tenantId, await setProcess(app.db, req.ctx, req.params.id, req.body.bpmnXml, req.body.rowVersion)));

  r.post('/api/studio/services/:id/process/template', {
    preHandler: designer,
    schema: { tags, summary: 'Replace the process with the standard one-stop template', params: IdParams, body: S.RowVersionBody, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => view(staff(req).tenantId, await resetProcessToTemplate(app.db, req.ctx, req.params.id, req.body?.rowVersion)));

  r.put('/api/studio/services/:id/notes', {
    preHandler: designer,
    schema: { tags, summary: 'The notes left for the designer (e.g. by an import)', params: IdParams, body: S.NotesBody, security, response: { 200: S.ServiceView, ...errorsFor } },
  }, async (req) => view(staff(req).tenantId, await setNotes(app.db, req.ctx, req.params.id, req.body.notes, req.body.rowVersion)));

  r.get('/api/studio/services/:id/checks', {
    preHandler: designer,
    schema: { tags, summary: 'Step 5: the publish check list', params: IdParams, security, response: { 200: Type.Object({ ok: Type.Boolean(), checks: Type.Array(S.CheckView) }), ...errorsFor } },
  }, async (req) => {
    const service = await getServiceForDesigner(app.db, staff(req), req.params.id);
    const checks = await runChecks(app.db, service, checkOptions());
    return { ok: !checks.some((c) => !c.ok && c.severity === 'error'), checks };
  });

  r.post('/api/studio/services/:id/publish', {
    preHandler: designer,
    schema: { tags, summary: 'Step 5: publish version N+1 (422 with the failing checks otherwise)', params: IdParams, body: Type.Optional(S.RowVersionBody), security, response: { 201: Type.Object({ id: Type.String(), version: Type.Integer(), warnings: Type.Array(S.CheckView) }), ...errorsFor } },
  }, async (req, reply) => {
    const { version, warnings } = await publishService(app.db, req.ctx, req.params.id, req.body?.rowVersion, checkOptions());
    return reply.status(201).send({ id: version.id, version: version.version, warnings });
  });

  r.get('/api/studio/services/:id/versions', {
    preHandler: designer,
    schema: { tags, params: IdParams, security, response: { 200: Type.Array(Type.Object({ id: Type.String(), version: Type.Integer(), publishedAt: Type.String(), publishedBy: Type.String(), retiredAt: Type.Union([Type.String(), Type.Null()]) })), ...errorsFor } },
  }, async (req) => {
    const actor = staff(req);
    const service = await getServiceForDesigner(app.db, actor, req.params.id);
    return presentService(service, await listVersions(app.db, actor.tenantId, service.id)).versions;
  });

  r.get('/api/studio/services/:id/versions/compare', {
    preHandler: designer,
    schema: { tags, summary: 'What changed between two versions', params: IdParams, querystring: S.CompareQuery, security, response: { 200: Type.Unknown(), ...errorsFor } },
  }, async (req) => {
    const actor = staff(req);
    await getServiceForDesigner(app.db, actor, req.params.id);
    const [a, b] = await Promise.all([getVersion(app.db, actor.tenantId, req.params.id, req.query.from), getVersion(app.db, actor.tenantId, req.params.id, req.query.to)]);
    return { from: a.version, to: b.version, changes: await diffVersions(a, b) };
  });

  r.get('/api/studio/services/:id/versions/:version', {
    preHandler: designer,
    schema: { tags, params: S.VersionParams, security, response: { 200: S.VersionView, ...errorsFor } },
  }, async (req) => {
    const actor = staff(req);
    await getServiceForDesigner(app.db, actor, req.params.id);
    const v = await getVersion(app.db, actor.tenantId, req.params.id, req.params.version);
    return { id: v.id, serviceId: v.service_id, version: v.version, metadata: v.metadata, components: v.components, form: v.form, stepForms: v.step_forms, bpmnXml: v.bpmn_xml, publishedAt: v.published_at.toISOString(), publishedBy: v.published_by, retiredAt: v.retired_at?.toISOString() ?? null };
  });

  r.post('/api/studio/services/:id/versions/:version/retire', {
    preHandler: designer,
    schema: { tags, summary: 'Retire a version: no new dossiers; running ones go on', params: S.VersionParams, security, response: { 200: Type.Object({ currentVersionId: Type.Union([Type.String(), Type.Null()]) }), ...errorsFor } },
  }, async (req) => retireVersion(app.db, req.ctx, req.params.id, req.params.version));

  r.get('/api/studio/services/:id/export', {
    preHandler: designer,
    schema: { tags, summary: 'The whole service as one package (the draft, or ?version=N)', params: IdParams, querystring: S.ExportQuery, security, response: { 200: ServicePackage, ...errorsFor } },
  }, async (req) => exportService(app.db, app.storage, req.ctx, req.params.id, req.query.version));

  r.post('/api/studio/services/import', {
    preHandler: designer,
    // The diagram (5 MB at most), the forms, and the template files in base64 (4/3 of their cap).
    bodyLimit: 12 * 1024 * 1024 + Math.ceil((PACKAGE_TEMPLATES_MAX_BYTES * 4) / 3),
    schema: { tags, summary: 'Create a draft from a service package, mapping group names', body: S.ImportServiceBody, security, response: { 201: S.ServiceView, ...errorsFor } },
  }, async (req, reply) => {
    const service = await importService(app.db, app.storage, req.ctx, req.body as never);
    return reply.status(201).send(await view(service.tenant_id, service));
  });

  r.post('/api/studio/imports/procedures', {
    preHandler: designer,
    bodyLimit: 5 * 1024 * 1024,
    schema: { tags, summary: 'Import national catalogue records as drafts (steps 1 and 2 filled in)', body: ImportProceduresBody, security, response: { 201: Type.Array(S.ServiceListItem), ...errorsFor } },
  }, async (req, reply) => {
    const created = await importProcedures(app.db, req.ctx, req.body);
    return reply.status(201).send(created.map((s) => presentServiceListItem(s, undefined, 0)));
  });

  r.post('/api/studio/services/:id/test-runs', {
    preHandler: designer,
    schema: { tags, summary: 'Run the draft in a sandbox with sample data and decisions (nothing is stored)', params: IdParams, body: S.TestRunBody, security, response: { 200: TestRunReply, ...errorsFor } },
  }, async (req) => testRun(app.db, req.ctx, req.params.id, req.body as never));
}
