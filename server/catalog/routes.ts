import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { applicantsOf, chargeableFees } from '../../schemas/service.js';
import { errors } from '../errors.js';
import { ErrorReply, IdParams } from '../http/schemas.js';
import { getCatalogService, listFields, MAX_PAGE_SIZE, PAGE_SIZE, searchCatalog, unitsByIds } from './queries.js';

const CatalogQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    field: Type.Optional(Type.String({ maxLength: 200 })),
    unit: Type.Optional(Type.String({ format: 'uuid' })),
    level: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('partial')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `Services per page (default ${PAGE_SIZE})` })),
  },
  { additionalProperties: false },
);

const CatalogItem = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  procedureCode: Type.Union([Type.String(), Type.Null()]),
  field: Type.String(),
  onlineLevel: Type.String(),
  timeLimitDays: Type.Number(),
  totalFeeVnd: Type.Integer(),
  receivingUnits: Type.Integer(),
});


/** The public catalogue: no login. */
export async function catalogRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['catalog'];

  r.get('/api/catalog/services', {
    schema: { tags, summary: 'Published services; search ignores accents and case', querystring: CatalogQuery, response: { 200: Type.Object({ items: Type.Array(CatalogItem), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), 400: ErrorReply } },
  }, async (req) => {
    const { rows, total, page, pageSize } = await searchCatalog(app.db, req.query);
    return {
      items: rows.map((r) => ({
        id: r.id,
        version: r.version,
        name: r.name,
        procedureCode: r.procedure_code,
        field: r.field,
        onlineLevel: r.online_level,
        timeLimitDays: r.metadata.timeLimitDays,
        totalFeeVnd: chargeableFees(r.metadata.fees).reduce((s, f) => s + f.amountVnd, 0),
        receivingUnits: r.receiving_unit_ids.length,
      })),
      total,
      page,
      pageSize,
    };
  });

  r.get('/api/catalog/fields', {
    schema: { tags, summary: 'Fields (lĩnh vực) with published services', response: { 200: Type.Array(Type.Object({ field: Type.String(), services: Type.Integer() })) } },
  }, async () => listFields(app.db));

  r.get('/api/catalog/services/:id', {
    schema: { tags, summary: 'Everything a citizen needs to apply, with the current version’s form', params: IdParams, response: { 200: Type.Unknown(), 404: ErrorReply } },
  }, async (req) => {
    const v = await getCatalogService(app.db, req.params.id);
    const units = await unitsByIds(app.db, v.receiving_unit_ids);
    const { receivingUnitIds: _ids, ...metadata } = v.metadata;
    return {
      id: v.service_id,
      versionId: v.id,
      version: v.version,
      ...metadata,
      // A fee still pending its condition is not charged, so a citizen is not shown it.
      fees: chargeableFees(metadata.fees),
      applicants: applicantsOf(metadata),
      receivingUnits: units.map((u) => ({ id: u.id, agencyCode: u.agency_code, name: u.name, level: u.level })),
      components: v.components.map((c) => ({ ...c, templateUrl: c.templateFileId ? `/api/catalog/services/${v.service_id}/components/${c.id}/template` : null })),
      form: v.form,
      publishedAt: v.published_at.toISOString(),
    };
  });

  r.get('/api/catalog/services/:id/components/:componentId/template', {
    schema: { tags, summary: "Download a component's template file", params: Type.Object({ id: Type.String({ format: 'uuid' }), componentId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }) },
  }, async (req, reply) => {
    const v = await getCatalogService(app.db, req.params.id);
    const component = v.components.find((c) => c.id === req.params.componentId);
    if (!component?.templateFileId) throw errors.notFound('template');
    const file = await app.db.selectFrom('files').selectAll().where('id', '=', component.templateFileId).where('tenant_id', '=', v.tenant_id).executeTakeFirst();
    if (!file) throw errors.notFound('template');
    void reply.header('content-type', file.mime);
    void reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    return reply.send(app.storage.open(file.storage_key));
  });
}
