/**
 * Serves the built web apps (scripts/build-web.ts writes dist/web/<app>/): `/studio/` and its
 * hashed assets. The HTML is revalidated on every load so a new build is picked up at once;
 * the hashed assets are cached for a year. helmet's global Content-Security-Policy
 * (`script-src 'self'`, no 'unsafe-eval') covers these pages unchanged: form.io runs in its
 * no-eval mode and bpmn-js needs no eval, so no page loosens it. One small SVG icon serves
 * as every app's favicon (and answers browsers' own /favicon.ico requests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');
const APPS = ['studio'];
const FAVICON = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'favicon.svg'));

export async function webRoutes(app: FastifyInstance, opts: { distDir?: string } = {}) {
  const dist = opts.distDir ?? WEB_DIST;
  for (const url of ['/favicon.ico', '/favicon.svg']) {
    app.get(url, { schema: { hide: true } }, async (_req, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON));
  }
  for (const name of APPS) {
    const root = path.join(dist, name);
    app.get(`/${name}`, { schema: { hide: true } }, async (_req, reply) => reply.redirect(`/${name}/`));
    if (!fs.existsSync(path.join(root, 'index.html'))) {
      app.get(`/${name}/*`, { schema: { hide: true } }, async (_req, reply) =>
        reply.status(503).type('text/plain; charset=utf-8').send(`The ${name} app is not built: run "npm run build:web" (npm start does it).`),
      );
      continue;
    }
    await app.register(fastifyStatic, {
      root,
      prefix: `/${name}/`,
      decorateReply: false,
      index: ['index.html'],
      wildcard: true,
      cacheControl: false,
      setHeaders(res, file) {
        res.setHeader('cache-control', file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  }
}
