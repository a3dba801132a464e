/**
 * Creating a service in the browser from scratch and from the standard one-stop template:
 * each lands in the wizard at step 1, as a draft, with step badges that say what is there.
 */
import type { Browser } from 'playwright-core';
import { describeWithBrowser, launch, openPage, signIn, startStudioServer, type StudioPage, type StudioServer } from './helpers.js';

describeWithBrowser('studio: a new service', () => {
  let server: StudioServer;
  let browser: Browser;
  let s: StudioPage;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startStudioServer(), launch()]);
    s = await openPage(browser);
    await signIn(s.page, server.url);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const badges = () => s.page.$$eval('.esb-step-state', (els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.step, e.textContent])));

  const create = async (card: 'scratch' | 'template', name: string) => {
    const { page } = s;
    await page.goto(`${server.url}/studio/#/services`);
    await page.click('a.btn:has-text("+ Tạo dịch vụ")');
    await page.waitForSelector('h1:has-text("Tạo dịch vụ mới")');
    await page.fill(`input[name=${card}-name]`, name);
    await page.click(`form:has(input[name=${card}-name]) button[type=submit]`);
    await page.waitForURL(/#\/services\/[^/]+\/metadata$/);
    await page.waitForSelector(`h1:has-text("${name}")`);
    await page.waitForSelector('#service-status[data-status="draft"]');
    await page.waitForSelector('.esb-step-state[data-step="publish"]');
    const id = /#\/services\/([^/]+)\//.exec(page.url())![1];
    const found = await badges();
    // Step 4 shows the process the service starts with.
    await page.click('.esb-steps a:has-text("4.")');
    await page.waitForSelector('#use-template');
    return { id, badges: found };
  };
  const backToList = async () => {
    await s.page.click('a[href="#/services"]');
    await s.page.waitForSelector('h1:has-text("Dịch vụ của đơn vị")');
  };
  // Steps 1 to 3 start the same either way: no metadata filled in, no component, no form.
  const fresh = { metadata: 'Còn 3 lỗi', components: 'Chưa có thành phần', form: 'Còn 1 lỗi', publish: 'Chưa sẵn sàng công bố' };

  it('creates an empty service from scratch and opens step 1 of the wizard, with no process', async () => {
    const { id, badges: b } = await create('scratch', 'Dịch vụ thử từ đầu');
    expect(b).toEqual({ ...fresh, process: 'Còn 1 lỗi' });
    // A blank diagram (only a start event) and the note that there is no process yet.
    await s.page.waitForSelector('#import-messages:has-text("Dịch vụ chưa có quy trình")');
    expect(await s.page.locator('#bpmn-canvas .djs-shape').count()).toBe(1);
    expect(await s.page.locator('#bpmn-canvas .djs-element[data-element-id="approve"]').count()).toBe(0);
    await backToList();
    await s.page.waitForSelector(`a[href="#/services/${id}/metadata"]:has-text("Dịch vụ thử từ đầu")`);
  }, 90_000);

  it('creates a service from the standard template and opens step 1, with the standard process to assign groups to', async () => {
    const { id, badges: b } = await create('template', 'Dịch vụ thử từ mẫu chuẩn');
    // The standard process is there; its tasks still wait for the unit's groups.
    expect(b).toEqual({ ...fresh, process: expect.stringMatching(/^Còn \d+ lỗi$/) });
    await s.page.waitForSelector('#bpmn-canvas .djs-element[data-element-id="approve"]');
    expect(await s.page.locator('#bpmn-canvas .djs-shape').count()).toBeGreaterThanOrEqual(4);
    await backToList();
    await s.page.waitForSelector(`a[href="#/services/${id}/metadata"]:has-text("Dịch vụ thử từ mẫu chuẩn")`);
    expect(s.problems.filter((p) => !/Missing projectId|loadingProjectSettingsError/.test(p))).toEqual([]);
    expect(await s.cspViolations()).toEqual([]);
  }, 90_000);
});
