/**
 * Acceptance (b) and (c): a Camunda example imported as it is shows the executable check's
 * per-element problems on the canvas; every MIWG reference diagram opens without an import
 * error or warning, and each of its diagrams draws as many shapes as it has BPMNShapes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWithBrowser, FIXTURES, launch, openPage, screenshot, seriousA11yViolations, signIn, startStudioServer, waitSaved, type StudioPage, type StudioServer } from './helpers.js';

const MIWG = path.join(FIXTURES, 'bpmn/miwg-reference');

/** The BPMNShape count of each BPMNDiagram of a file, in document order. */
function shapesPerDiagram(xml: string): Array<{ id: string; shapes: number }> {
  return [...xml.matchAll(/<(?:\w+:)?BPMNDiagram\b[^>]*?\bid="([^"]+)"[^>]*>([\s\S]*?)<\/(?:\w+:)?BPMNDiagram>/g)].map((m) => ({
    id: m[1],
    shapes: (m[2].match(/<(?:\w+:)?BPMNShape\b/g) ?? []).length,
  }));
}

/** Shapes the modeler drew on the open diagram: no labels, connections or plane roots. */
const drawnShapes = (page: Page) =>
  page.evaluate(() => {
    const modeler = (document.getElementById('bpmn-canvas') as any).esbModeler;
    const canvas = modeler.get('canvas');
    const roots = new Set(canvas.getRootElements().map((r: any) => r.id));
    return modeler.get('elementRegistry').filter((e: any) => !e.waypoints && e.type !== 'label' && !roots.has(e.id)).length as number;
  });

/**
 * Where the diagram sits against the palette, in screen pixels: the palette's right edge, the
 * start events' boxes, and the leftmost edge of anything drawn (shapes and their labels).
 */
const layoutAgainstPalette = (page: Page) =>
  page.evaluate(() => {
    const modeler = (document.getElementById('bpmn-canvas') as any).esbModeler;
    const registry = modeler.get('elementRegistry');
    const palette = document.querySelector('#bpmn-canvas .djs-palette')!.getBoundingClientRect();
    const canvas = document.querySelector('#bpmn-canvas .djs-container')!.getBoundingClientRect();
    const roots = new Set(modeler.get('canvas').getRootElements().map((r: any) => r.id));
    const boxOf = (e: any) => registry.getGraphics(e).getBoundingClientRect();
    const drawn = registry.filter((e: any) => !e.waypoints && !roots.has(e.id)).map(boxOf).filter((b: DOMRect) => b.width > 0);
    return {
      paletteRight: palette.right,
      canvas: { left: canvas.left, right: canvas.right, top: canvas.top, bottom: canvas.bottom },
      starts: registry.filter((e: any) => e.type === 'bpmn:StartEvent').map((e: any) => { const b = boxOf(e); return { left: b.left, top: b.top, bottom: b.bottom }; }),
      leftmost: Math.min(...drawn.map((b: DOMRect) => b.left)),
      rightmost: Math.max(...drawn.map((b: DOMRect) => b.right)),
    };
  });

describeWithBrowser('studio modeler', () => {
  let server: StudioServer;
  let browser: Browser;
  let s: StudioPage;
  let token: string;

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startStudioServer(), launch()]);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thietke', password: 'Demo@2026' }) });
    token = (await login.json()).accessToken;
    s = await openPage(browser);
    await signIn(s.page, server.url);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const newService = async (name: string) => {
    const created = await api('POST', '/api/studio/services', { metadata: { name }, useTemplate: false });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('shows the executable check of an imported Camunda diagram on its elements', async () => {
    const { page } = s;
    const id = await newService('Tuyển dụng (sơ đồ Camunda)');
    await page.goto(`${server.url}/studio/#/services/${id}/process`);
    await page.waitForSelector('#bpmn-canvas .djs-container');
    // The app is in Vietnamese, and so is the modeler's palette.
    expect(await page.getAttribute('.djs-palette .entry[data-action="create.task"]', 'aria-label')).toBe('Tạo công việc');
    expect(await page.getAttribute('.djs-palette .entry[data-action="create.exclusive-gateway"]', 'aria-label')).toBe('Tạo cổng rẽ nhánh');
    await page.setInputFiles('#bpmn-file', path.join(FIXTURES, 'bpmn/camunda-examples/camunda-testing-job-announcement.bpmn'));
    await page.waitForSelector('#import-messages [data-import-state="ok"]');
    await waitSaved(page);
    // The server's checks name the elements at fault; each one drawn carries a badge.
    const checks = (await api('GET', `/api/studio/services/${id}/checks`)).body.checks as Array<{ ok: boolean; where: string | null; message: string; messageVi: string }>;
    const faulty = [...new Set(checks.filter((c) => !c.ok && c.where?.startsWith('process:')).map((c) => c.where!.slice('process:'.length)))];
    expect(faulty.length).toBeGreaterThan(0);
    const drawn = await page.evaluate((ids: string[]) => ids.filter((x) => (document.getElementById('bpmn-canvas') as any).esbModeler.get('elementRegistry').get(x)), faulty);
    expect(drawn.length).toBeGreaterThan(0);
    await page.waitForSelector(`.esb-problem-badge[data-element-id="${drawn[0]}"]`);
    const badges = await page.locator('.esb-problem-badge').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.elementId));
    expect(new Set(badges)).toEqual(new Set(drawn));
    expect(await page.locator('.djs-element.esb-problem').count()).toBeGreaterThan(0);
    // The step's own list says what is missing, and a problem links back to its element.
    expect(Number(await page.locator('.esb-step-state[data-step="process"]').getAttribute('data-errors'))).toBeGreaterThan(0);
    // The imported diagram fits the canvas beside the palette: nothing under it, nothing cut.
    const fitted = await layoutAgainstPalette(page);
    expect(fitted.starts.length).toBeGreaterThan(0);
    for (const start of fitted.starts) expect(start.left).toBeGreaterThan(fitted.paletteRight);
    expect(fitted.leftmost).toBeGreaterThan(fitted.paletteRight);
    expect(fitted.rightmost).toBeLessThanOrEqual(fitted.canvas.right);
    await screenshot(page, '10-camunda-import-problems');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await s.cspViolations()).toEqual([]);
    // The problems are listed and shown on the badge in Vietnamese, in English after the switch.
    const first = checks.find((c) => !c.ok && c.where === `process:${drawn[0]}`)!;
    expect(first.messageVi).not.toBe(first.message);
    expect(await page.textContent('#process-problems')).toContain(first.messageVi);
    expect(await page.getAttribute(`.esb-problem-badge[data-element-id="${drawn[0]}"]`, 'title')).toContain(first.messageVi);
    // And so it does when the step opens on the saved diagram (the first load of step 4).
    await page.reload();
    await page.waitForSelector('#bpmn-canvas .djs-container .djs-element');
    await page.waitForFunction(() => (document.getElementById('bpmn-canvas') as any)?.esbModeler?.get('elementRegistry').filter((e: any) => e.type === 'bpmn:StartEvent').length > 0);
    const reopened = await layoutAgainstPalette(page);
    for (const start of reopened.starts) expect(start.left).toBeGreaterThan(reopened.paletteRight);
    expect(reopened.leftmost).toBeGreaterThan(reopened.paletteRight);
    await screenshot(page, '10b-camunda-first-load-fitted');
    // The modeler's texts follow the app's language.
    await page.click('button:has-text("English")');
    await page.waitForSelector('.djs-palette .entry[data-action="create.task"][aria-label="Create task"]');
    await page.waitForFunction((text) => document.getElementById('process-problems')?.textContent?.includes(text), first.message);
    expect(await page.textContent('#process-problems')).not.toContain(first.messageVi);
    await page.click('button:has-text("Tiếng Việt")');
    await page.waitForSelector('.djs-palette .entry[data-action="create.task"][aria-label="Tạo công việc"]');
  }, 180_000);

  it('opens every MIWG reference diagram without error or warning, drawing every BPMNShape of each diagram', async () => {
    const { page } = s;
    const id = await newService('Sơ đồ tham chiếu MIWG');
    await page.goto(`${server.url}/studio/#/services/${id}/process`);
    await page.waitForSelector('#bpmn-canvas .djs-container');
    const files = fs.readdirSync(MIWG).filter((f) => f.endsWith('.bpmn')).sort();
    expect(files.length).toBeGreaterThanOrEqual(21);
    const report: Array<{ file: string; diagram: string; expected: number; drawn: number; messages?: string }> = [];
    // The repairs each file gets for display (test/studio/repair.test.ts checks them in detail).
    const repaired: Record<string, string[]> = {};
    for (const file of files) {
      const xml = fs.readFileSync(path.join(MIWG, file), 'utf8');
      const diagrams = shapesPerDiagram(xml);
      await page.evaluate(() => document.getElementById('import-messages')!.replaceChildren());
      await page.setInputFiles('#bpmn-file', path.join(MIWG, file));
      await page.waitForSelector('#import-messages [data-import-state]');
      const state = await page.getAttribute('#import-messages [data-import-state]', 'data-import-state');
      if (state !== 'ok') report.push({ file, diagram: '*', expected: 0, drawn: -1, messages: await page.textContent('#import-messages') ?? '' });
      const repairs = (await page.getAttribute('#import-messages', 'data-repairs')) ?? '';
      if (repairs) repaired[file] = repairs.split(' ');
      for (const [i, d] of diagrams.entries()) {
        if (diagrams.length > 1) {
          // Opening another diagram clears the messages; the wait holds until the canvas shows
          // the diagram asked for (its root is the plane's BPMN element) and its messages are in.
          if (i > 0) {
            await page.evaluate(() => document.getElementById('import-messages')!.replaceChildren());
            await page.selectOption('#diagram-select', d.id);
          } else expect(await page.inputValue('#diagram-select')).toBe(d.id);
          await page.waitForFunction((did: string) => {
            const modeler = (document.getElementById('bpmn-canvas') as any).esbModeler;
            const diagram = modeler.getDefinitions()?.diagrams?.find((x: any) => x.id === did);
            const root = modeler.get('canvas').getRootElement();
            return !!diagram?.plane?.bpmnElement && root?.businessObject === diagram.plane.bpmnElement && !!document.querySelector('#import-messages [data-import-state]');
          }, d.id);
          const st = await page.getAttribute('#import-messages [data-import-state]', 'data-import-state');
          if (st !== 'ok') report.push({ file, diagram: d.id, expected: 0, drawn: -1, messages: await page.textContent('#import-messages') ?? '' });
        } else expect(i).toBe(0);
        report.push({ file, diagram: d.id, expected: d.shapes, drawn: await drawnShapes(page) });
      }
      if (file === 'C.8.1.bpmn') {
        // Repaired for display only: what is saved is the file as it came (its declaration
        // says UTF-8, in capitals, as the text read is Unicode).
        await waitSaved(page);
        expect((await api('GET', `/api/studio/services/${id}`)).body.bpmnXml).toBe(xml.replace(/^(<\?xml[^>]*encoding=")utf-8"/, '$1UTF-8"'));
      }
      if (file === 'C.1.0.bpmn') await screenshot(page, '11-miwg-C.1.0');
    }
    await waitSaved(page).catch(() => undefined);
    fs.mkdirSync('test-results/e2e', { recursive: true });
    fs.writeFileSync('test-results/e2e/miwg-shapes.json', JSON.stringify({ shapes: report, repairs: repaired }, null, 1));
    expect(repaired).toEqual({
      'B.1.0.bpmn': ['process-outside-pools:Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450'],
      'B.2.0.bpmn': ['process-outside-pools:Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450'],
      'C.5.0.bpmn': ['process-outside-pools:_774bc005-0917-43d5-ab70-0f9fe123fbd1'],
      'C.7.0.bpmn': ['element-less-di:_985753e3-a4ce-486b-908a-509d382259ed'],
      'C.8.1.bpmn': [
        'unresolved-reference:_83f1c680-7e06-4a9a-9206-396ed8155a71.outMessageRef',
        'unresolved-reference:_a0e96e19-a01f-4dde-b613-0b774e8d350b.outMessageRef',
        'unresolved-reference:_04bf649c-423c-4312-b813-cf585ce5a82f.outMessageRef',
      ],
    });
    const wrong = report.filter((r) => r.expected !== r.drawn);
    expect(wrong).toEqual([]);
    expect(report.length).toBeGreaterThanOrEqual(files.length);
  }, 300_000);
});
