/**
 * HTTP faces of payments, as Fastify plugins the server registers:
 * - `paymentCallbackRoutes`: `POST /api/payments/:provider/callback`, the provider's signed
 *   server-to-server callback. The body is kept raw (the HMAC is over the bytes). Verifying
 *   and the caller's `onPaid` run in one transaction, so the dossier moves on in the same
 *   commit as the payment, or neither happens and the provider retries.
 * - `sandboxPayRoutes`: the sandbox gateway's pay page and its Pay button. Whoever holds a
 *   pay link can "pay" it without money: register it only where the sandbox provider is
 *   the configured one (demo, tests), never beside a real provider in production.
 * Handlers know nothing of dossiers.
 */
import type { FastifyInstance } from 'fastify';
import type { Db, Trx } from '../../db/connect.js';
import { refusalStatus, verifyCallback } from './callback.js';
import { renderSandboxPayPage } from './sandbox-page.js';
import type { SandboxProvider } from './sandbox.js';
import type { PaymentRegistry, PaymentView } from './types.js';

export interface PaymentCallbackRoutesOptions {
  db: Db;
  registry: PaymentRegistry;
  /** Called once per payment, when a callback makes it paid: continue the dossier here. */
  onPaid(trx: Trx, payment: PaymentView): Promise<void>;
  /** Called when a callback reports the payment failed (the citizen may try again). */
  onFailed?(trx: Trx, payment: PaymentView): Promise<void>;
  /** Callbacks are small; default 64 KiB. */
  bodyLimit?: number;
}

const ProviderParams = {
  type: 'object',
  properties: { provider: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,39}$' } },
  required: ['provider'],
  additionalProperties: false,
} as const;

const PaymentParams = {
  type: 'object',
  properties: { paymentId: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } },
  required: ['paymentId'],
  additionalProperties: false,
} as const;

const refusal = (code: string, message: string) => ({ code, message, fields: [] });

export async function paymentCallbackRoutes(app: FastifyInstance, opts: PaymentCallbackRoutesOptions) {
  // Only in this plugin's scope: every body arrives as the bytes the provider signed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimit ?? 64 * 1024 }, (_req, body, done) => done(null, body));

  app.post<{ Params: { provider: string } }>(
    '/api/payments/:provider/callback',
    { schema: { tags: ['payments'], summary: "A payment provider's signed callback", params: ProviderParams } },
    async (req, reply) => {
      const provider = opts.registry.find(req.params.provider);
      if (!provider) return reply.status(404).send(refusal('payment.unknown_provider', 'No such payment provider'));
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verdict = await opts.db.transaction().execute(async (trx) => {
        const v = await verifyCallback(trx, provider, raw, req.headers);
        if (v.ok && v.effect === 'paid') await opts.onPaid(trx, v.payment);
        if (v.ok && v.effect === 'failed') await opts.onFailed?.(trx, v.payment);
        return v;
      });
      if (!verdict.ok) {
        req.log.warn({ provider: provider.name, code: verdict.code, paymentId: verdict.paymentId }, 'payment callback refused');
        return reply.status(refusalStatus[verdict.code]).send(refusal(verdict.code, verdict.message));
      }
      return reply.send({ ok: true, paymentId: verdict.payment.id, status: verdict.payment.status, duplicate: verdict.duplicate });
    },
  );
}

export interface SandboxPayRoutesOptions {
  sandbox: SandboxProvider;
}

export async function sandboxPayRoutes(app: FastifyInstance, opts: SandboxPayRoutesOptions) {
  const { sandbox } = opts;
  // An HTML form posts urlencoded; Fastify parses no such bodies by itself (unless the app
  // registered a parser already, e.g. @fastify/formbody, which gives the same object).
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }

  app.get<{ Params: { paymentId: string }; Querystring: { t?: string } }>(
    '/payments/sandbox/:paymentId',
    { schema: { tags: ['payments'], summary: "The sandbox gateway's pay page", params: PaymentParams } },
    async (req, reply) => {
      const token = String(req.query.t ?? '');
      const read = sandbox.readOrder(req.params.paymentId, token);
      void reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
      if (!read.ok) return reply.status(read.reason === 'expired' ? 410 : 400).send(renderSandboxPayPage({ kind: read.reason }));
      const done = await sandbox.findTransaction(read.order.providerRef);
      return reply.send(renderSandboxPayPage({ kind: 'order', order: read.order, token, done }));
    },
  );

  app.post<{ Params: { paymentId: string }; Body: { t?: string; outcome?: string } }>(
    '/payments/sandbox/:paymentId/pay',
    { schema: { tags: ['payments'], summary: 'The sandbox "user" pays (or cancels): sends the signed callback', params: PaymentParams } },
    async (req, reply) => {
      const body = (req.body ?? {}) as { t?: string; outcome?: string };
      const outcome = body.outcome === 'failed' ? 'failed' : 'paid';
      const read = sandbox.readOrder(req.params.paymentId, String(body.t ?? ''));
      if (!read.ok) {
        return reply.status(read.reason === 'expired' ? 410 : 400).type('text/html; charset=utf-8').send(renderSandboxPayPage({ kind: read.reason }));
      }
      const result = await sandbox.pay(req.params.paymentId, String(body.t), outcome);
      req.log.info({ paymentId: req.params.paymentId, status: result.status, callbackAcknowledged: result.callbackAcknowledged }, 'sandbox payment');
      return reply.status(303).header('location', result.returnUrl).send();
    },
  );
}
