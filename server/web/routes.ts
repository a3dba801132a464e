/**
 * Serves the built web apps (scripts/build-web.ts writes dist/web/<app>/): `/studio/` and its
 * hashed assets. The HTML is revalidated on every load so a new build is picked up at once;
 * the hashed assets are cached for a year. helmet's global Content-Security-Policy
 * (`script-src 'self'`, no 'unsafe-eval') covers these pages unchanged: form.io runs in its
 * no-eval mode and bpmn-js needs no eval, so no page loosens it. One small SVG icon serves
 * as every app's favicon (and answers browsers' own /favicon.ico requests).
 * `/` is a static landing page (no script, so the strict CSP holds): links to the studio and
 * the API docs, and a plain GET form to the public tracking page, which `/portal/track?code=`
 * forwards to `/portal/track/<code>`. The portal and desk apps are not built yet: their
 * addresses lead back to the landing page, which says they are coming.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');
const APPS = ['studio'];
const FAVICON = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'favicon.svg'));
const LANDING = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'landing.html'));
const COMING = ['/portal', '/portal/', '/desk', '/desk/'];

export async function webRoutes(app: FastifyInstance, opts: { distDir?: string } = {}) {
  const dist = opts.distDir ?? WEB_DIST;
  for (const url of ['/favicon.ico', '/favicon.svg']) {
    app.get(url, { schema: { hide: true } }, async (_req, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON));
  }
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(LANDING));
  app.get('/portal/track', {
    schema: { hide: true, querystring: { type: 'object', properties: { code: { type: 'string', maxLength: 60 } } } },
  }, async (req, reply) => {
    const code = ((req.query as { code?: string }).code ?? '').trim().toUpperCase();
    return reply.redirect(code ? `/portal/track/${encodeURIComponent(code)}` : '/', 303);
  });
  for (const url of COMING) app.get(url, { schema: { hide: true } }, async (_req, reply) => reply.redirect('/#sap-ra-mat', 302));
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
