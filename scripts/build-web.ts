/**
 * Builds the web apps into dist/web/<app>/: one esbuild run per app, ES modules with code
 * splitting (the studio's form builder and modeler are separate chunks loaded per step),
 * hashed file names, and an index.html naming them. With --if-changed it first compares a
 * hash of every input (sources, shared code, the lock file, this script) with the one kept
 * from the last build, so `npm start` stays fast when nothing changed.
 *
 *   tsx scripts/build-web.ts [--if-changed] [--quiet]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'dist/web');

export interface WebApp {
  name: string;
  title: string;
  /** The script entry, relative to the root. */
  entry: string;
  /** Style sheets loaded by index.html. */
  styles: string[];
  /** Style sheets built as their own files, loaded by the app when it needs them. */
  lazyStyles: Record<string, string>;
}

export const APPS: WebApp[] = [
  {
    name: 'studio',
    title: 'Studio thiết kế dịch vụ công',
    entry: 'studio/main.ts',
    styles: ['studio/styles/app.css'],
    lazyStyles: { builder: 'studio/styles/builder.css', modeler: 'studio/styles/modeler.css' },
  },
];

/** Everything a build reads besides node_modules' contents (the lock file stands for those). */
const INPUTS = ['studio', 'portal', 'desk', 'ui', 'schemas', 'runtime/engine/extension.ts', 'package-lock.json', 'scripts/build-web.ts', 'tsconfig.web.json'];

export function inputsHash(): string {
  const hash = crypto.createHash('sha256');
  const walk = (p: string) => {
    const abs = path.join(ROOT, p);
    if (!fs.existsSync(abs)) return;
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) walk(path.join(p, name));
    } else {
      hash.update(p).update('\0').update(fs.readFileSync(abs)).update('\0');
    }
  };
  INPUTS.forEach(walk);
  return hash.digest('hex');
}

export interface BuildReport {
  app: string;
  skipped: boolean;
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
}

export async function buildWeb(options: { ifChanged?: boolean; quiet?: boolean } = {}): Promise<BuildReport[]> {
  const stampFile = path.join(WEB_DIST, '.inputs-hash');
  const hash = inputsHash();
  const complete = APPS.every((a) => fs.existsSync(path.join(WEB_DIST, a.name, 'index.html')));
  if (options.ifChanged && complete && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash) {
    if (!options.quiet) console.log('web apps are up to date');
    return APPS.map((a) => ({ app: a.name, skipped: true, files: [] }));
  }
  const reports: BuildReport[] = [];
  for (const app of APPS) reports.push(await buildApp(app));
  fs.writeFileSync(stampFile, hash);
  if (!options.quiet) for (const r of reports) printReport(r);
  return reports;
}

async function buildApp(app: WebApp): Promise<BuildReport> {
  const outdir = path.join(WEB_DIST, app.name);
  const staging = `${outdir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const entryPoints: Record<string, string> = { main: path.join(ROOT, app.entry) };
  app.styles.forEach((s, i) => (entryPoints[`style-${i}`] = path.join(ROOT, s)));
  for (const [name, file] of Object.entries(app.lazyStyles)) entryPoints[`lazy-${name}`] = path.join(ROOT, file);

  const result = await esbuild.build({
    entryPoints,
    outdir: path.join(staging, 'assets'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'c-[name]-[hash]',
    assetNames: 'asset-[name]-[hash]',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file', '.gif': 'file' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    legalComments: 'linked',
    logLevel: 'warning',
    absWorkingDir: ROOT,
  });

  const outputs = result.metafile!.outputs;
  const outputFor = (entry: string, ext: string) => {
    const found = Object.entries(outputs).find(([file, o]) => o.entryPoint && path.resolve(ROOT, o.entryPoint) === path.resolve(ROOT, entry) && file.endsWith(ext));
    if (!found) throw new Error(`no ${ext} output for ${entry}`);
    return `assets/${path.basename(found[0])}`;
  };
  const script = outputFor(app.entry, '.js');
  const mainCss = Object.keys(outputs).find((f) => f.endsWith('.css') && outputs[f].entryPoint && path.resolve(ROOT, outputs[f].entryPoint!) === path.resolve(ROOT, app.entry));
  const styles = [...app.styles.map((s) => outputFor(s, '.css')), ...(mainCss ? [`assets/${path.basename(mainCss)}`] : [])];
  const lazy = Object.fromEntries(Object.entries(app.lazyStyles).map(([name, file]) => [name, outputFor(file, '.css')]));

  // The lazy style sheets' names are handed to the app in a JSON script element: CSP allows no inline script.
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${app.title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${styles.map((s) => `<link rel="stylesheet" href="${s}">`).join('\n')}
<script type="application/json" id="esb-assets">${JSON.stringify({ styles: lazy })}</script>
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"><noscript>Cần bật JavaScript để dùng ứng dụng này. / JavaScript is required.</noscript></div>
</body>
</html>
`;
  fs.writeFileSync(path.join(staging, 'index.html'), html);
  fs.writeFileSync(path.join(staging, 'meta.json'), JSON.stringify(result.metafile));
  // Swap in the new build whole, so a server reading the folder never sees half of one.
  const old = `${outdir}.old-${process.pid}`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
  fs.renameSync(staging, outdir);
  fs.rmSync(old, { recursive: true, force: true });

  const zlib = await import('node:zlib');
  const files = Object.keys(outputs)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const abs = path.join(outdir, 'assets', path.basename(f));
      const buf = fs.readFileSync(abs);
      return { file: path.basename(f), bytes: buf.length, gzipBytes: zlib.gzipSync(buf).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
  return { app: app.name, skipped: false, files };
}

function printReport(r: BuildReport) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`web app ${r.app}:`);
  for (const f of r.files) console.log(`  ${f.file.padEnd(48)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzipBytes).padStart(9)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  buildWeb({ ifChanged: args.has('--if-changed'), quiet: args.has('--quiet') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
