/**
 * The outside systems of this server: the payment provider (with its callback route, and the
 * sandbox's pay page when the sandbox is the provider), the notification providers, and the
 * national portal sync — each delivering from its outbox in a worker loop after commit.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import {
  createNotificationRegistry,
  createSandboxProvider,
  createSmtpProvider,
  deliverNotifications,
  PaymentRegistry,
  paymentCallbackRoutes,
  sandboxPayRoutes,
  syncPortal,
  type SandboxProvider,
} from '../integrations/index.js';
import { onStatusChange } from '../dossiers/events.js';
import { queueDossierPortalRecord } from '../dossiers/portal.js';
import { onPaid, refundWhenRefused, requestPaymentConnector, type PaymentDeps } from '../dossiers/payments.js';
import { receivePaidSubmission } from '../dossiers/commands/submit.js';

declare module 'fastify' {
  interface FastifyInstance {
    payments: PaymentDeps | undefined;
    sandboxPayments: SandboxProvider | undefined;
    /** One round of every outbox worker (notifications, portal); the loop calls it, tests too. */
    runOutboxes(now?: Date): Promise<void>;
  }
}

async function storedSecret(db: Db, key: string, configured?: string): Promise<string> {
  if (configured) return configured;
  await db.insertInto('settings').values({ key, value: crypto.randomBytes(32).toString('base64url') }).onConflict((oc) => oc.doNothing()).execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
}

/** Every status change is queued for the national portal in the change's transaction. */
const portalListener = onStatusChange((trx, dossier, status, at) => queueDossierPortalRecord(trx, dossier, status, at).then(() => undefined));
void portalListener;

export interface IntegrationsPluginOptions {
  config: Config;
  /** How the sandbox posts its callbacks (tests route them into the app). */
  fetch?: typeof fetch;
}

export const integrationsPlugin = fp<IntegrationsPluginOptions>(
  async (app: FastifyInstance, { config, fetch: doFetch }) => {
    refundWhenRefused();

    // Payments.
    let deps: PaymentDeps | undefined;
    let sandbox: SandboxProvider | undefined;
    if (config.paymentProvider) {
      const registry = new PaymentRegistry();
      if (config.paymentProvider !== 'sandbox') throw new Error(`Unknown payment provider "${config.paymentProvider}"`);
      sandbox = createSandboxProvider({ db: app.db, secret: await storedSecret(app.db, 'payment_sandbox_secret', config.paymentSandboxSecret), publicBaseUrl: config.publicUrl, fetch: doFetch });
      registry.register('sandbox', sandbox);
      deps = { db: app.db, registry, provider: config.paymentProvider, publicUrl: config.publicUrl };
      app.connectors.register('request-payment', requestPaymentConnector(deps));
      await app.register(paymentCallbackRoutes, {
        db: app.db,
        registry,
        onPaid: (trx, payment) => onPaid(trx, app.runtime, payment, (t, draftId, p) => receivePaidSubmission(t, app.runtime, draftId, p)),
      });
      await app.register(sandboxPayRoutes, { sandbox });
    }
    app.decorate('payments', deps);
    app.decorate('sandboxPayments', sandbox);

    // Notifications and the national portal.
    const notifications = createNotificationRegistry();
    if (config.smtp) {
      const s = config.smtp;
      notifications.register('smtp', createSmtpProvider({ host: s.host, port: s.port, from: s.from, secure: s.secure, ...(s.user && s.pass && { auth: { user: s.user, pass: s.pass } }) }));
      notifications.route('email', 'smtp');
    }
    const portalHeaders = config.portalToken ? { authorization: `Bearer ${config.portalToken}` } : undefined;
    app.decorate('runOutboxes', async (now?: Date) => {
      const at = now ?? new Date();
      await deliverNotifications(app.db, { registry: notifications, now: at });
      await syncPortal(app.db, { now: at, ...(config.portalEndpoint ? { endpoint: config.portalEndpoint, headers: portalHeaders, fetch: doFetch } : { sender: { async send() {} } }) });
      if (sandbox) await sandbox.redeliverCallbacks();
    });

    if (config.jobLoop) {
      let running = false;
      const timer = setInterval(async () => {
        if (running) return;
        running = true;
        try {
          await app.runOutboxes();
        } catch (err) {
          app.log.error({ err }, 'outbox workers failed');
        } finally {
          running = false;
        }
      }, 2000);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }
  },
  { name: 'integrations', dependencies: ['db', 'runtime'] },
);
