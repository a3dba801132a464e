import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorReply, IdParams } from '../http/schemas.js';
import { errors } from '../errors.js';
import type { StaffActor } from '../context.js';
import { localDate } from '../../runtime/calendar/index.js';
import { serviceStatistics } from './queries.js';

const Count = Type.Integer({ minimum: 0 });
const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

const StatisticsReply = Type.Object({
  serviceId: Type.String(),
  year: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  received: Type.Object({ online: Count, total: Count }),
  resolved: Type.Object({ total: Count, onTime: Count, late: Count, onTimeShare: Share }),
  satisfaction: Type.Object({ verySatisfied: Count, satisfied: Count, notSatisfied: Count, total: Count, satisfiedShare: Share }),
});

/** Reports for the unit's leaders and admins. */
export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  r.get('/api/reports/services/:id/statistics', {
    preHandler: app.requireStaff('leader', 'admin'),
    schema: {
      tags: ['reports'],
      summary: 'Statistics of a service since 1 January (Vietnamese time): received online and in total, resolved, on-time share, satisfaction',
      params: IdParams,
      querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }),
      security,
      response: { 200: StatisticsReply, 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply },
    },
  }, async (req) => {
    const actor = req.ctx.actor as StaffActor;
    const service = await app.db.selectFrom('services').select('id').where('id', '=', req.params.id).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
    if (!service) throw errors.notFound('service');
    const year = req.query.year ?? Number(localDate(app.runtime.clock()).slice(0, 4));
    return serviceStatistics(app.db, actor.tenantId, service.id, year);
  });
}
