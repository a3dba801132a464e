import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Config } from '../config.js';
import type { Account } from '../db/database.js';
import { errors } from '../errors.js';
import { ErrorReply } from '../http/schemas.js';
import { login } from './commands/login.js';
import { logout, refresh } from './commands/refresh.js';
import { confirmPasswordReset, registerCitizen, requestPasswordReset, resendVerification, verifyCitizen } from './commands/citizens.js';
import { presentUser } from './present.js';
import * as S from './schemas.js';

export async function authRoutes(app: FastifyInstance, opts: { config: Config }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = opts;
  const policy = {
    maxFailures: config.loginMaxFailures,
    lockMinutes: config.loginLockMinutes,
    refreshTtlSeconds: config.refreshTokenTtlSeconds,
  };
  const tokensFor = async (account: Account, refreshToken: string) => ({
    accessToken: app.signAccessToken(
      account.kind === 'staff'
        ? { sub: account.id, k: 'staff', t: account.tenant_id!, u: account.unit_id!, r: account.roles }
        : { sub: account.id, k: 'citizen' },
    ),
    refreshToken,
    expiresIn: config.accessTokenTtlSeconds,
    user: await presentUser(app.db, account),
  });
  const tags = ['auth'];
  const perIp = { rateLimit: { max: config.loginIpLimitPerMinute, timeWindow: '1 minute' } };

  r.post('/api/auth/login', {
    config: perIp,
    schema: { tags, summary: 'Log in (staff username or citizen ID)', body: S.LoginBody, response: { 200: S.TokenReply, 401: ErrorReply, 429: ErrorReply } },
  }, async (req) => {
    const { account, refreshToken } = await login(app.db, req.ctx, req.body, policy);
    return tokensFor(account, refreshToken);
  });

  r.post('/api/auth/refresh', {
    config: perIp,
    schema: { tags, summary: 'Rotate a refresh token', body: S.RefreshBody, response: { 200: S.TokenReply, 401: ErrorReply } },
  }, async (req) => {
    const { account, refreshToken } = await refresh(app.db, req.ctx, req.body.refreshToken, config.refreshTokenTtlSeconds);
    return tokensFor(account, refreshToken);
  });

  r.post('/api/auth/logout', {
    schema: { tags, summary: 'End the session of a refresh token', body: S.RefreshBody, response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await logout(app.db, req.ctx, req.body.refreshToken);
    return reply.status(204).send(null);
  });

  r.post('/api/auth/register', {
    config: perIp,
    schema: {
      tags,
      summary: 'Register a citizen account; a one-time code is sent to verify it',
      body: S.RegisterBody,
      response: { 201: Type.Object({ id: Type.String(), verification: Type.Object({ channel: Type.String(), destination: Type.String() }) }), 400: ErrorReply, 409: ErrorReply },
    },
  }, async (req, reply) => {
    const { account, verification } = await registerCitizen(app.db, req.ctx, req.body);
    return reply.status(201).send({ id: account.id, verification });
  });

  r.post('/api/auth/verify', {
    config: perIp,
    schema: { tags, summary: "Verify a citizen's phone or e-mail with the code", body: S.VerifyBody, response: { 204: Type.Null(), 400: ErrorReply } },
  }, async (req, reply) => {
    await verifyCitizen(app.db, req.ctx, req.body);
    return reply.status(204).send(null);
  });

  r.post('/api/auth/verify/resend', {
    config: perIp,
    schema: { tags, summary: 'Send a new verification code', body: S.ResendBody, response: { 202: Type.Null() } },
  }, async (req, reply) => {
    await resendVerification(app.db, req.ctx, req.body.username);
    return reply.status(202).send(null);
  });

  r.post('/api/auth/password-reset', {
    config: perIp,
    schema: { tags, summary: 'Send a password reset code (same answer whether or not the account exists)', body: S.ResetRequestBody, response: { 202: Type.Null() } },
  }, async (req, reply) => {
    await requestPasswordReset(app.db, req.ctx, req.body.username);
    return reply.status(202).send(null);
  });

  r.post('/api/auth/password-reset/confirm', {
    config: perIp,
    schema: { tags, summary: 'Set a new password with the reset code', body: S.ResetConfirmBody, response: { 204: Type.Null(), 400: ErrorReply } },
  }, async (req, reply) => {
    await confirmPasswordReset(app.db, req.ctx, req.body);
    return reply.status(204).send(null);
  });

  r.get('/api/me', {
    preHandler: app.requireAuth,
    schema: { tags, summary: 'The signed-in account', security: [{ bearer: [] }], response: { 200: S.UserView, 401: ErrorReply } },
  }, async (req) => {
    const actor = req.ctx.actor as { id: string };
    const account = await app.db.selectFrom('accounts').selectAll().where('id', '=', actor.id).executeTakeFirst();
    if (!account || !account.active) throw errors.unauthorized('auth.account_disabled', 'This account no longer exists or is disabled');
    return presentUser(app.db, account);
  });
}
