/**
 * Creating a service in the browser from scratch, from the standard one-stop template, and
 * from another unit's service package (with its groups renamed for this unit): each lands in
 * the wizard at step 1, as a draft, with step badges that say what is there.
 */
import type { Browser } from 'playwright-core';
import { describeWithBrowser, launch, openPage, screenshot, seriousA11yViolations, signIn, startStudioServer, type StudioPage, type StudioServer } from './helpers.js';

describeWithBrowser('studio: a new service', () => {
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

  it("creates a service from another unit's package, renaming a group for this unit", async () => {
    const { page } = s;
    // The other unit's service: the standard process, whose approval goes to `lanh-dao`.
    const source = await api('POST', '/api/studio/services', { metadata: { name: 'Dịch vụ của đơn vị bạn' } });
    expect(source.status).toBe(201);
    const pkg = await api('GET', `/api/studio/services/${source.body.id}/export`);
    expect(pkg.status).toBe(200);
    expect(pkg.body.groups).toEqual(['chuyen-vien', 'lanh-dao', 'tiep-nhan']);

    await page.goto(`${server.url}/studio/#/new`);
    await page.waitForSelector('h1:has-text("Tạo dịch vụ mới")');
    await page.setInputFiles('input[name=package-file]', { name: 'goi-dich-vu.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pkg.body)) });
    await page.waitForSelector('p:has-text("Dịch vụ: Dịch vụ của đơn vị bạn")');
    // One input per group of the package, each filled with the group's own name.
    const mapping = page.locator('fieldset:has(legend:has-text("Đổi tên nhóm xử lý")) input');
    expect(await mapping.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['chuyen-vien', 'lanh-dao', 'tiep-nhan']);
    await page.getByLabel('lanh-dao', { exact: true }).fill('lanh-dao-phong');
    await screenshot(page, '15-new-service-from-package');
    expect({ page: 'new service from a package', violations: await seriousA11yViolations(page) }).toEqual({ page: 'new service from a package', violations: [] });
    await page.click('button:has-text("Nhập gói dịch vụ")');

    await page.waitForURL(/#\/services\/[^/]+\/metadata$/);
    const id = /#\/services\/([^/]+)\//.exec(page.url())![1];
    expect(id).not.toBe(source.body.id);
    await page.waitForSelector('#service-status[data-status="draft"]');
    expect(await page.inputValue('input[name=name]')).toBe('Dịch vụ của đơn vị bạn');

    // The copy's approval now goes to the renamed group; the other groups are as they were.
    const copy = (await api('GET', `/api/studio/services/${id}`)).body;
    expect(copy.bpmnXml).toMatch(/id="approve"[^>]*camunda:candidateGroups="lanh-dao-phong"|camunda:candidateGroups="lanh-dao-phong"[^>]*id="approve"/);
    expect(copy.bpmnXml).not.toContain('camunda:candidateGroups="lanh-dao"');
    expect(copy.bpmnXml).toContain('camunda:candidateGroups="chuyen-vien"');
    expect(copy.bpmnXml).toContain('camunda:candidateGroups="tiep-nhan"');
    expect(s.problems.filter((p) => !/Missing projectId|loadingProjectSettingsError/.test(p))).toEqual([]);
    expect(await s.cspViolations()).toEqual([]);
  }, 90_000);
});
