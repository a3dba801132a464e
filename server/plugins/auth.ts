/**
 * Who is calling: a bearer access token (JWT) becomes `request.ctx.actor`; no token is an
 * anonymous actor. Routes state what they need with `app.requireStaff(...)` or
 * `app.requireCitizen`; an invalid or expired token is always a 401.
 */
import crypto from 'node:crypto';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/connect.js';
import type { Role } from '../db/database.js';
import type { Actor, RequestContext, StaffActor } from '../context.js';
import { errors } from '../errors.js';

export interface AccessClaims {
  sub: string;
  k: 'staff' | 'citizen';
  t?: string;
  u?: string;
  r?: Role[];
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyInstance {
    /** Staff only; with roles, at least one of them. A citizen or anonymous caller gets 401/403. */
    requireStaff(...roles: Role[]): preHandlerAsyncHookHandler;
    requireCitizen: preHandlerAsyncHookHandler;
    requireAuth: preHandlerAsyncHookHandler;
    signAccessToken(claims: AccessClaims): string;
  }
}

export interface AuthPluginOptions {
  secret?: string;
  accessTokenTtlSeconds: number;
}

/** A secret from the environment, or one generated on first start and kept in the database,
 * so that several server processes on one database accept each other's tokens. */
async function resolveSecret(db: Db, configured?: string): Promise<string> {
  if (configured) return configured;
  const fresh = crypto.randomBytes(48).toString('base64url');
  await db.insertInto('settings').values({ key: 'jwt_secret', value: fresh }).onConflict((oc) => oc.doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'jwt_secret').executeTakeFirstOrThrow();
  return row.value;
}

export function actorOf(claims: AccessClaims): Actor {
  if (claims.k === 'staff' && claims.t && claims.u) {
    return { kind: 'staff', id: claims.sub, tenantId: claims.t, unitId: claims.u, roles: claims.r ?? [] };
  }
  return { kind: 'citizen', id: claims.sub };
}

export const authPlugin = fp<AuthPluginOptions>(
  async (app: FastifyInstance, opts) => {
    const secret = await resolveSecret(app.db, opts.secret);
    await app.register(jwt, { secret, sign: { expiresIn: opts.accessTokenTtlSeconds } });

    app.decorate('signAccessToken', (claims: AccessClaims) => app.jwt.sign(claims));
    app.decorateRequest('ctx', null as unknown as RequestContext);

    app.addHook('onRequest', async (request: FastifyRequest) => {
      request.ctx = { actor: { kind: 'anonymous' }, ip: request.ip, requestId: request.id };
      const header = request.headers.authorization;
      if (!header) return;
      if (!header.startsWith('Bearer ')) throw errors.unauthorized('auth.invalid_token', 'Use a Bearer access token');
      try {
        const claims = await request.jwtVerify<AccessClaims>();
        request.ctx.actor = actorOf(claims);
      } catch {
        throw errors.unauthorized('auth.invalid_token', 'The access token is invalid or expired');
      }
    });

    const requireAuth = async (request: FastifyRequest) => {
      if (request.ctx.actor.kind === 'anonymous') throw errors.unauthorized();
    };
    app.decorate('requireAuth', requireAuth);
    app.decorate('requireCitizen', async (request: FastifyRequest) => {
      await requireAuth(request);
      if (request.ctx.actor.kind !== 'citizen') throw errors.forbidden('auth.citizens_only', 'Only citizens may do this');
    });
    app.decorate('requireStaff', (...roles: Role[]) => async (request: FastifyRequest, _reply: FastifyReply) => {
      await requireAuth(request);
      const actor = request.ctx.actor;
      if (actor.kind !== 'staff') throw errors.forbidden('auth.staff_only', 'Only staff may do this');
      if (roles.length && !roles.some((r) => (actor as StaffActor).roles.includes(r))) {
        throw errors.forbidden('auth.role_required', `One of these roles is required: ${roles.join(', ')}`);
      }
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
