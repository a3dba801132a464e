import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorReply, IdParams } from '../http/schemas.js';
import { assertStaff } from './policies.js';
import { presentAccount, presentCertificate, presentUnit } from './present.js';
import * as Q from './queries.js';
import * as S from './schemas.js';
import { createUnit, updateUnit } from './commands/units.js';
import { createStaffAccount, setStaffPassword, updateStaffAccount } from './commands/accounts.js';
import { createGroup, deleteGroup, setGroupMembers, updateGroup } from './commands/groups.js';
import { getUnitCertificate, installUnitCertificate } from './commands/certificates.js';
import { removeCalendarDay, saveCalendarDay, setWorkingHours } from './commands/calendar.js';
import { listProcessIncidents, retryProcessIncident } from './commands/incidents.js';
import { loadDecidedDays, localDate } from '../../runtime/calendar/index.js';
import { tenantCalendar } from '../calendar/index.js';
import { errors } from '../errors.js';

const errorsFor = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };

/** Units, groups (read by all staff of the province) and their administration (admins only). */
export async function adminRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const staff = app.requireStaff();
  const admin = app.requireStaff('admin');
  const security = [{ bearer: [] }];
  const tenantOf = (ctx: { actor: unknown }) => {
    assertStaff(ctx.actor as never);
    return (ctx.actor as { tenantId: string }).tenantId;
  };

  r.get('/api/units', {
    preHandler: staff,
    schema: { tags: ['units'], summary: "The province's unit tree, flat, ordered by agency code", security, response: { 200: Type.Array(S.UnitView), ...errorsFor } },
  }, async (req) => (await Q.listUnits(app.db, tenantOf(req.ctx))).map(presentUnit));

  r.get('/api/units/:id', {
    preHandler: staff,
    schema: { tags: ['units'], params: IdParams, security, response: { 200: S.UnitView, ...errorsFor } },
  }, async (req) => presentUnit(await Q.getUnit(app.db, tenantOf(req.ctx), req.params.id)));

  r.get('/api/groups', {
    preHandler: staff,
    schema: { tags: ['units'], summary: "Groups of the province's units, with members", querystring: S.UnitQuery, security, response: { 200: Type.Array(S.GroupView), ...errorsFor } },
  }, async (req) => Q.listGroups(app.db, tenantOf(req.ctx), req.query.unitId));

  r.post('/api/admin/units', {
    preHandler: admin,
    schema: { tags: ['admin'], body: S.CreateUnitBody, security, response: { 201: S.UnitView, ...errorsFor } },
  }, async (req, reply) => reply.status(201).send(presentUnit(await createUnit(app.db, req.ctx, req.body))));

  r.put('/api/admin/units/:id', {
    preHandler: admin,
    schema: { tags: ['admin'], params: IdParams, body: S.UpdateUnitBody, security, response: { 200: S.UnitView, ...errorsFor } },
  }, async (req) => presentUnit(await updateUnit(app.db, req.ctx, req.params.id, req.body)));

  r.get('/api/admin/units/:id/certificate', {
    preHandler: admin,
    schema: { tags: ['admin'], summary: "The unit's signing certificate: subject, issuer, validity (never the key)", params: IdParams, security, response: { 200: S.CertificateView, ...errorsFor } },
  }, async (req) => presentCertificate(await getUnitCertificate(app.db, req.ctx, req.params.id)));

  r.put('/api/admin/units/:id/certificate', {
    preHandler: admin,
    schema: {
      tags: ['admin'],
      summary: "Install the unit's signing certificate from its PKCS#12 file: multipart (field `passphrase`, file `p12`) or JSON with the file in base64",
      params: IdParams,
      consumes: ['application/json', 'multipart/form-data'],
      body: { content: { 'application/json': { schema: S.InstallCertificateBody } } },
      security,
      response: { 200: S.CertificateView, ...errorsFor },
    },
  }, async (req) => {
    const input = req.isMultipart() ? await p12FromParts(req) : p12FromJson(req.body as { p12: string; passphrase: string });
    return presentCertificate(await installUnitCertificate(app.db, app.keyring, req.ctx, req.params.id, input));
  });

  r.get('/api/admin/accounts', {
    preHandler: admin,
    schema: { tags: ['admin'], querystring: S.AccountQuery, security, response: { 200: Type.Array(S.AccountView), ...errorsFor } },
  }, async (req) => (await Q.listAccounts(app.db, tenantOf(req.ctx), req.query)).map(presentAccount));

  r.get('/api/admin/accounts/:id', {
    preHandler: admin,
    schema: { tags: ['admin'], params: IdParams, security, response: { 200: S.AccountView, ...errorsFor } },
  }, async (req) => presentAccount(await Q.getAccount(app.db, tenantOf(req.ctx), req.params.id)));

  r.post('/api/admin/accounts', {
    preHandler: admin,
    schema: { tags: ['admin'], body: S.CreateAccountBody, security, response: { 201: S.AccountView, ...errorsFor } },
  }, async (req, reply) => reply.status(201).send(presentAccount(await createStaffAccount(app.db, req.ctx, req.body))));

  r.put('/api/admin/accounts/:id', {
    preHandler: admin,
    schema: { tags: ['admin'], params: IdParams, body: S.UpdateAccountBody, security, response: { 200: S.AccountView, ...errorsFor } },
  }, async (req) => presentAccount(await updateStaffAccount(app.db, req.ctx, req.params.id, req.body)));

  r.post('/api/admin/accounts/:id/password', {
    preHandler: admin,
    schema: { tags: ['admin'], summary: 'Set a new password (ends the account’s sessions)', params: IdParams, body: S.SetPasswordBody, security, response: { 204: Type.Null(), ...errorsFor } },
  }, async (req, reply) => {
    await setStaffPassword(app.db, req.ctx, req.params.id, req.body.password);
    return reply.status(204).send(null);
  });

  const groupView = async (tenantId: string, id: string) => (await Q.listGroups(app.db, tenantId)).find((g) => g.id === id)!;

  r.post('/api/admin/groups', {
    preHandler: admin,
    schema: { tags: ['admin'], body: S.CreateGroupBody, security, response: { 201: S.GroupView, ...errorsFor } },
  }, async (req, reply) => {
    const group = await createGroup(app.db, req.ctx, req.body);
    return reply.status(201).send(await groupView(group.tenant_id, group.id));
  });

  r.put('/api/admin/groups/:id', {
    preHandler: admin,
    schema: { tags: ['admin'], params: IdParams, body: S.UpdateGroupBody, security, response: { 200: S.GroupView, ...errorsFor } },
  }, async (req) => {
    const group = await updateGroup(app.db, req.ctx, req.params.id, req.body);
    return groupView(group.tenant_id, group.id);
  });

  r.delete('/api/admin/groups/:id', {
    preHandler: admin,
    schema: { tags: ['admin'], params: IdParams, security, response: { 204: Type.Null(), ...errorsFor } },
  }, async (req, reply) => {
    await deleteGroup(app.db, req.ctx, req.params.id);
    return reply.status(204).send(null);
  });

  r.put('/api/admin/groups/:id/members', {
    preHandler: admin,
    schema: { tags: ['admin'], params: IdParams, body: S.SetMembersBody, security, response: { 200: S.GroupView, ...errorsFor } },
  }, async (req) => {
    await setGroupMembers(app.db, req.ctx, req.params.id, req.body.accountIds);
    return groupView(tenantOf(req.ctx), req.params.id);
  });

  r.get('/api/admin/incidents', {
    preHandler: admin,
    schema: { tags: ['admin'], summary: "Incidents of the province's processes: connector calls that failed on every try", querystring: S.IncidentQuery, security, response: { 200: Type.Array(S.IncidentView), ...errorsFor } },
  }, async (req) => listProcessIncidents(app.db, req.ctx, req.query));

  r.post('/api/admin/incidents/:id/retry', {
    preHandler: admin,
    schema: { tags: ['admin'], summary: 'Retry the failed call now, with a fresh set of tries (after fixing its cause)', params: IdParams, security, response: { 200: S.IncidentView, ...errorsFor } },
  }, async (req) => retryProcessIncident(app.db, req.ctx, req.params.id, app.runtime.clock()));

  const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD, a Vietnamese calendar date' });
  const DecidedDay = Type.Object({ day: Day, kind: Type.Union([Type.Literal('off'), Type.Literal('work')]), name: Type.String({ minLength: 2, maxLength: 200 }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

  r.get('/api/admin/calendar', {
    preHandler: staff,
    schema: { tags: ['calendar'], summary: "The province's working hours, decided days and the resulting days of a year", querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false }), security, response: { 200: Type.Unknown(), ...errorsFor } },
  }, async (req) => {
    const tenantId = tenantOf(req.ctx);
    // This year in Vietnam: on 31 December from 17:00 UTC it is already next year there.
    const year = req.query.year ?? Number(localDate(app.runtime.clock()).slice(0, 4));
    const calendar = await tenantCalendar(app.db, tenantId);
    const decided = await loadDecidedDays(app.db as never, tenantId, { from: `${year}-01-01`, to: `${year}-12-31` });
    const daysOff: Array<{ day: string; reason: string; name?: string }> = [];
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
      const info = calendar.describeDay(d.toISOString().slice(0, 10));
      if (!info.working && info.reason !== 'weekend') daysOff.push({ day: info.day, reason: info.reason, ...(info.name && { name: info.name }) });
    }
    return { workingHours: calendar.workingHours, decided, daysOff };
  });

  r.put('/api/admin/calendar/days', {
    preHandler: admin,
    schema: { tags: ['calendar'], summary: 'Add or change a day the government decided (off, or worked in exchange)', body: DecidedDay, security, response: { 204: Type.Null(), ...errorsFor } },
  }, async (req, reply) => {
    await saveCalendarDay(app.db, req.ctx, req.body);
    return reply.status(204).send(null);
  });

  r.delete('/api/admin/calendar/days/:day', {
    preHandler: admin,
    schema: { tags: ['calendar'], params: Type.Object({ day: Day }, { additionalProperties: false }), security, response: { 204: Type.Null(), ...errorsFor } },
  }, async (req, reply) => {
    await removeCalendarDay(app.db, req.ctx, req.params.day);
    return reply.status(204).send(null);
  });

  r.put('/api/admin/calendar/working-hours', {
    preHandler: admin,
    schema: { tags: ['calendar'], summary: "The province's working hours, e.g. [[\"08:00\",\"12:00\"],[\"13:00\",\"17:00\"]]", body: Type.Object({ workingHours: Type.Array(Type.Tuple([Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$' }), Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$' })]), { minItems: 1, maxItems: 4 }) }, { additionalProperties: false }), security, response: { 204: Type.Null(), ...errorsFor } },
  }, async (req, reply) => {
    await setWorkingHours(app.db, req.ctx, req.body.workingHours as [string, string][]);
    return reply.status(204).send(null);
  });
}

const MAX_P12_BYTES = 64 * 1024;

function p12FromJson(body: { p12: string; passphrase: string }) {
  if (!/^[A-Za-z0-9+/\r\n]+={0,2}\s*$/.test(body.p12)) throw errors.field('/p12', 'certificate.unreadable', 'The PKCS#12 file must be sent in base64');
  return { p12: Buffer.from(body.p12, 'base64'), passphrase: body.passphrase };
}

async function p12FromParts(req: FastifyRequest) {
  let p12: Buffer | undefined;
  let passphrase: string | undefined;
  for await (const part of req.parts({ limits: { fileSize: MAX_P12_BYTES } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'p12' && part.fieldname !== 'file') throw errors.field(`/${part.fieldname}`, 'validation.additionalProperties', 'Send the PKCS#12 file as `p12`');
      p12 = await part.toBuffer();
    } else if (part.fieldname === 'passphrase') {
      passphrase = String(part.value);
    } else {
      throw errors.field(`/${part.fieldname}`, 'validation.additionalProperties', 'Only `passphrase` and the file `p12` are accepted');
    }
  }
  if (!p12 || p12.length === 0) throw errors.field('/p12', 'validation.required', 'The PKCS#12 file is required');
  if (passphrase === undefined) throw errors.field('/passphrase', 'validation.required', 'The passphrase is required');
  return { p12, passphrase };
}
