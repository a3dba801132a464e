/**
 * Browser tests: headless Chromium (Debian's package, driven by playwright-core) against a
 * real server listening on a port, on a fresh database with the demo seed. The studio is
 * built first when its sources changed. Content-Security-Policy violations are collected on
 * every page: the studio must run under the server's strict policy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { seedDemo } from '../../server/seed/demo.js';
import { buildWeb } from '../../scripts/build-web.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { CHROMIUM } from './browser.js';

export { CHROMIUM, describeWithBrowser } from './browser.js';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
export const RESULTS = path.resolve('test-results/e2e');
export const FIXTURES = path.resolve(process.cwd(), '../shared/fixtures');
export const DESIGNER = { username: 'thietke', password: 'Demo@2026' };

export interface StudioServer {
  url: string;
  db: TestDb;
  close(): Promise<void>;
}

/** `services`: also publish the demo's two commune services, for tests that need published ones. */
export async function startStudioServer(options: { services?: boolean } = {}): Promise<StudioServer> {
  await buildWeb({ ifChanged: true, quiet: true });
  const db = await createTestDb();
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esb-e2e-files-'));
  const app = await buildApp({ config: testConfig({ filesDir }), db, logger: false });
  await seedDemo(app.db, { services: options.services ?? false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    db,
    async close() {
      await app.close();
      await db.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (.ci/run does it)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface StudioPage {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  cspViolations: () => Promise<string[]>;
}

export async function openPage(browser: Browser, lang: 'vi' | 'en' = 'vi'): Promise<StudioPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  await context.addInitScript((l: string) => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    try {
      localStorage.setItem('esb.lang', l);
    } catch {
      /* storage unavailable */
    }
  }, lang);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon|status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { page, problems, cspViolations: () => page.evaluate(() => (window as any).__csp as string[]) };
}

export async function signIn(page: Page, url: string, user = DESIGNER) {
  await page.goto(`${url}/studio/`);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('h1:has-text("Dịch vụ của đơn vị"), h1:has-text("The unit\'s services")');
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Serious and critical axe violations on the page, builder and modeler internals excepted
 * (their markup is the libraries'). evaluate() runs outside the page's CSP, as a browser
 * extension would.
 */
export async function seriousA11yViolations(page: Page, exclude: string[] = []): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const excluded = ['.formio', '.formbuilder', '.formcomponents', '.esb-preview', '.esb-canvas', '.djs-container', ...exclude];
  const result = await page.evaluate(async (ex: string[]) => {
    const present = ex.filter((s) => document.querySelector(s));
    const r = await (window as any).axe.run({ exclude: present.map((s) => [s]) }, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5) }));
  }, excluded);
  return result.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(', ')}`);
}

/** Waits until the wizard says every change is saved. */
export async function waitSaved(page: Page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('.esb-save-state') as HTMLElement | null;
    return s?.dataset.state === 'saved';
  });
}

/** Drags with real mouse moves (form.io's builder uses dragula, which listens to them). */
export async function drag(page: Page, from: string, to: string) {
  const a = (await page.locator(from).first().boundingBox())!;
  const b = (await page.locator(to).first().boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 5, a.y + a.height / 2 + 5, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(20, b.height / 2), { steps: 15 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(24, b.height / 2), { steps: 3 });
  await page.mouse.up();
}
