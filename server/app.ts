/**
 * The app factory. Plugins load in tiers: outside libraries, then our shared plugins
 * (errors, db, auth), then one route folder per domain. `main.ts` only reads config,
 * builds and listens; tests build with their own database handle and inject requests.
 */
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.js';
import type { DbHandle } from './db/connect.js';
import { errorsPlugin, sendError } from './plugins/errors.js';
import { AppError } from './errors.js';
import { dbPlugin } from './plugins/db.js';
import { authPlugin } from './plugins/auth.js';
import { keyringPlugin } from './plugins/keyring.js';
import { validatorCompiler } from './plugins/validation.js';
import { healthRoutes } from './health/routes.js';
import { authRoutes } from './auth/routes.js';
import { adminRoutes } from './admin/routes.js';
import { procedureRoutes } from './procedures/routes.js';
import { catalogRoutes } from './catalog/routes.js';
import { storagePlugin } from './plugins/storage.js';
import { runtimePlugin } from './plugins/runtime.js';
import { integrationsPlugin } from './plugins/integrations.js';
import { dossierRoutes } from './dossiers/routes.js';
import { taskRoutes } from './tasks/routes.js';
import { reportRoutes } from './reports/index.js';
import { webRoutes } from './web/routes.js';
import type { FileStorage } from './documents/storage.js';

export interface BuildOptions {
  config: Config;
  /** An open database handle; without it the app opens one from config. */
  db?: DbHandle;
  /** File storage; a local folder in config.filesDir otherwise. */
  storage?: FileStorage;
  /** How outgoing HTTP calls are made (tests route them into the app). */
  fetch?: typeof fetch;
  /** The runtime's clock (tests move it). */
  clock?: () => Date;
  /** Pino options, or false; defaults to the config's log level. */
  logger?: boolean | Record<string, unknown>;
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => crypto.randomUUID(),
    // Off unless configured: see Config.trustProxy.
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false } },
    // Bad URLs and over-long path parameters get the same error shape as everything else.
    frameworkErrors: (error, request, reply) => {
      const code = (error as { code?: string }).code;
      if (code === 'FST_ERR_MAX_PARAM_LENGTH') return sendError(request, reply, new AppError(414, 'request.param_too_long', 'A path parameter is too long'));
      if (code === 'FST_ERR_BAD_URL') return sendError(request, reply, new AppError(400, 'request.bad_url', 'The URL is not valid'));
      return sendError(request, reply, error);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  // Action routes (claim, retire…) take no body; clients often still announce JSON. An empty
  // body is "no body": a route that needs one refuses it in validation, naming what is missing.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    const refusal = screenJson(text);
    if (refusal) return done(refusal, undefined);
    try {
      // secure-json-parse, as Fastify's own parser: no __proto__ or constructor.prototype keys.
      done(null, sjson.parse(text, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      const forbidden = /prototype/i.test((err as Error).message);
      done(forbidden ? new AppError(400, 'request.forbidden_key', 'The body uses a reserved key (__proto__ or constructor.prototype)') : Object.assign(new SyntaxError('The body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  // Tier 1: outside libraries.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'E-service builder API', description: 'Cổng dịch vụ công và Hệ thống thông tin một cửa điện tử', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  // Swagger UI sets inline styles as it renders: its pages alone get style-src 'unsafe-inline'
  // (the plugin's hooks apply to /docs routes only; scripts stay 'self').
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header: string) => header.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'"),
  });

  // Tier 2: our shared plugins.
  await app.register(errorsPlugin);
  await app.register(dbPlugin, { handle: options.db, databaseUrl: config.databaseUrl, prepare: config.databasePrepare, dataDir: config.dataDir });
  await app.register(authPlugin, { secret: config.jwtSecret, accessTokenTtlSeconds: config.accessTokenTtlSeconds });
  await app.register(keyringPlugin, { secret: config.certificateSecret });
  await app.register(storagePlugin, { storage: options.storage, filesDir: config.filesDir });
  await app.register(runtimePlugin, { jobLoop: config.jobLoop, compact: config.runtimeCompact, jobIntervalMs: config.jobIntervalMs, httpAllowList: config.httpAllowList, clock: options.clock });
  await app.register(integrationsPlugin, { config, fetch: options.fetch });

  // Tier 3: domains.
  await app.register(healthRoutes);
  await app.register(authRoutes, { config });
  await app.register(adminRoutes);
  await app.register(procedureRoutes);
  await app.register(catalogRoutes);
  await app.register(dossierRoutes, { config });
  await app.register(taskRoutes, { config });
  await app.register(reportRoutes);
  await app.register(webRoutes);

  return app;
}

const MAX_JSON_DEPTH = 64;

/**
 * Refuses what PostgreSQL cannot store or the server should not walk: the NUL character
 * (text and jsonb have no place for it) and nesting deeper than any form needs.
 */
function screenJson(text: string): AppError | undefined {
  if (text.includes('\u0000') || /\\u0000/i.test(text)) {
    return new AppError(400, 'request.invalid_character', 'The body contains a NUL character (\\u0000), which no field accepts');
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > MAX_JSON_DEPTH) return new AppError(400, 'request.too_deep', `The body nests deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (ch === 125 || ch === 93) depth--;
  }
  return undefined;
}
