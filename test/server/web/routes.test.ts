/**
 * The web apps are built by scripts/build-web.ts and served under their own path with the
 * app-wide strict Content-Security-Policy: no 'unsafe-eval' anywhere, hashed assets cached.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import type { Metafile } from 'esbuild';
import { APPS, buildWeb, inputsHash, WEB_DIST } from '../../../scripts/build-web.js';
import { webRoutes } from '../../../server/web/routes.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';

/**
 * The form.io builder and the bpmn-js modeler (with diagram-js under it): what no citizen or
 * desk page may load. form.io's renderer stays allowed (its Table uses utils/builder.js, a
 * renderer helper despite the name).
 */
const BUILDER_OR_MODELER = /node_modules\/(@formio\/js\/(.*\/)?(WebformBuilder|WizardBuilder|PDFBuilder|FormBuilder|builders\/)|@formio\/js\/dist\/formio\.builder|bpmn-js[^/]*\/|diagram-js[^/]*\/|@bpmn-io\/properties-panel\/)/;

const metaOf = (app: string): Metafile => JSON.parse(fs.readFileSync(path.join(WEB_DIST, app, 'meta.json'), 'utf8'));

/** The source files an entry pulls in before any dynamic import(): its static import closure. */
function staticInputs(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of meta.inputs[file]?.imports ?? []) if (i.kind !== 'dynamic-import' && !i.external) walk(i.path);
  };
  walk(entry);
  return seen;
}

/** The source files inside the output files the page loads at once: the entry's file and the chunks it imports statically. */
function eagerOutputInputs(meta: Metafile, entry: string): Set<string> {
  const start = Object.keys(meta.outputs).find((f) => f.endsWith('.js') && meta.outputs[f].entryPoint === entry);
  if (!start) throw new Error(`no output for ${entry}`);
  const files = new Set<string>();
  const walk = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const i of meta.outputs[file].imports) if (i.kind !== 'dynamic-import' && !i.external) walk(i.path);
  };
  walk(start);
  return new Set([...files].flatMap((f) => Object.keys(meta.outputs[f].inputs)));
}

const offending = (files: Iterable<string>) => [...files].filter((f) => BUILDER_OR_MODELER.test(f)).sort();

describe('studio web app serving', () => {
  let t: TestApp;
  beforeAll(async () => {
    await buildWeb({ ifChanged: true, quiet: true });
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => t?.close());

  it('serves the studio page under a CSP without unsafe-eval, revalidated on each load', async () => {
    const res = await t.app.inject({ url: '/studio/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(res.body).toMatch(/<script type="module" src="assets\/main-[A-Z0-9]+\.js"><\/script>/);
    expect(res.body).not.toMatch(/<script>(?!<)/);
  });

  it('redirects /studio to /studio/', async () => {
    const res = await t.app.inject({ url: '/studio' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/studio/');
  });

  it('serves hashed assets for a year, and the lazy chunks apart from the entry', async () => {
    const html = (await t.app.inject({ url: '/studio/' })).body;
    const main = /src="(assets\/main-[^"]+)"/.exec(html)![1];
    const res = await t.app.inject({ url: `/studio/${main}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/immutable/);
    // The entry loads the builder and the modeler only through dynamic imports.
    const files = fs.readdirSync(path.join(WEB_DIST, 'studio/assets'));
    const entry = fs.readFileSync(path.join(WEB_DIST, 'studio', main), 'utf8');
    expect(entry).not.toMatch(/FormBuilder|bpmn-js|WebformBuilder/);
    const builderChunk = files.find((f) => /^c-builder-.*\.js$/.test(f));
    const modelerChunk = files.find((f) => /^c-modeler-.*\.js$/.test(f));
    expect(builderChunk).toBeDefined();
    expect(modelerChunk).toBeDefined();
    expect(entry).not.toContain(builderChunk!);
  });

  it('keeps the builder and the modeler out of every page but the studio, and out of the studio\'s entry', () => {
    // Other apps (the portal, the desk) must not reach them at all, not even through a lazy chunk.
    for (const app of APPS.filter((a) => a.name !== 'studio')) {
      const meta = metaOf(app.name);
      expect({ app: app.name, entry: offending(staticInputs(meta, app.entry)) }).toEqual({ app: app.name, entry: [] });
      expect({ app: app.name, build: offending(Object.keys(meta.inputs)) }).toEqual({ app: app.name, build: [] });
    }
    // The studio has them, but only behind dynamic imports (steps 3 and 4 load them).
    const studio = APPS.find((a) => a.name === 'studio')!;
    const meta = metaOf('studio');
    const closure = staticInputs(meta, studio.entry);
    expect(closure.size).toBeGreaterThan(10);
    expect(offending(closure)).toEqual([]);
    expect(offending(eagerOutputInputs(meta, studio.entry))).toEqual([]);
    // The pattern finds them where they are: the guard would see them in an entry's closure.
    const lazy = offending(Object.keys(meta.inputs));
    expect(lazy).toEqual(expect.arrayContaining([expect.stringMatching(/@formio\/js\/lib\/cjs\/WebformBuilder\.js$/), expect.stringMatching(/\/bpmn-js\/lib\/Modeler\.js$/), expect.stringMatching(/\/diagram-js\/lib\/Diagram\.js$/)]));
    expect(offending(staticInputs(meta, 'studio/form/builder.ts'))).toEqual(expect.arrayContaining([expect.stringMatching(/WebformBuilder\.js$/)]));
    expect(offending(staticInputs(meta, 'studio/modeler/modeler.ts'))).toEqual(expect.arrayContaining([expect.stringMatching(/bpmn-js\/lib\/Modeler\.js$/)]));
  });

  it('keeps the build when its inputs did not change', async () => {
    const stamp = fs.readFileSync(path.join(WEB_DIST, '.inputs-hash'), 'utf8');
    expect(stamp).toBe(inputsHash());
    const [report] = await buildWeb({ ifChanged: true, quiet: true });
    expect(report.skipped).toBe(true);
  });

  it('serves a favicon at /favicon.ico and names it in the studio page', async () => {
    for (const url of ['/favicon.ico', '/favicon.svg']) {
      const res = await t.app.inject({ url });
      expect({ url, status: res.statusCode, type: res.headers['content-type'] }).toEqual({ url, status: 200, type: expect.stringMatching(/^image\/svg\+xml/) });
      expect(res.body).toMatch(/^<svg /);
    }
    expect((await t.app.inject({ url: '/studio/' })).body).toContain('<link rel="icon" href="/favicon.svg"');
  });

  it('lets the API docs page (only) use the inline styles Swagger UI sets, scripts still self-only', async () => {
    const docs = String((await t.app.inject({ url: '/docs/static/index.html' })).headers['content-security-policy']);
    expect(docs).toMatch(/style-src 'self' 'unsafe-inline'(;|$)/);
    expect(docs).toMatch(/script-src 'self' *;/);
    const api = String((await t.app.inject({ url: '/healthz' })).headers['content-security-policy']);
    expect(api).not.toMatch(/validator\.swagger\.io/);
  });

  it('serves a Vietnamese-first landing page at / with no script, under the strict CSP, linking the studio, the tracking form and the docs', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).not.toMatch(/<script|\son[a-z]+=/i);
    expect(res.body).toContain('<a href="/studio/">');
    expect(res.body).toContain('<a href="/docs">');
    expect(res.body).toMatch(/<form method="get" action="\/portal\/track">[\s\S]*name="code"/);
    expect(res.body).toContain('Sắp ra mắt');
    // What the page links to is there.
    expect((await t.app.inject({ url: '/studio/' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it("forwards the landing page's tracking form to /portal/track/<code>, and an empty code back home", async () => {
    const res = await t.app.inject({ url: '/portal/track?code=+000.00.00.h29-251104-0001+' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/portal/track/000.00.00.H29-251104-0001');
    const page = await t.app.inject({ url: res.headers.location as string });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const empty = await t.app.inject({ url: '/portal/track?code=' });
    expect(empty.statusCode).toBe(303);
    expect(empty.headers.location).toBe('/');
    expect((await t.app.inject({ url: '/portal/track?code=a/b' })).headers.location).toBe('/portal/track/A%2FB');
  });

  it('sends /portal/ and /desk/ (not built yet) to the landing page that says they are coming', async () => {
    for (const url of ['/portal', '/portal/', '/desk', '/desk/']) {
      const res = await t.app.inject({ url });
      expect({ url, status: res.statusCode, location: res.headers.location }).toEqual({ url, status: 302, location: '/#sap-ra-mat' });
    }
    expect((await t.app.inject({ url: '/' })).body).toContain('id="sap-ra-mat"');
  });

  it('answers 503 with what to run when an app is not built', async () => {
    const app = Fastify();
    await app.register(webRoutes, { distDir: fs.mkdtempSync(path.join(os.tmpdir(), 'esb-web-')) });
    const res = await app.inject({ url: '/studio/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatch(/npm run build:web/);
    await app.close();
  });
});
