/**
 * The version history says what changed: a published service (the demo's "Đăng ký khai
 * sinh", v1) gets a new name and a renamed process step, v2 is published, and "Xem thay đổi"
 * lists the changed field with its old and new value, and the process change.
 */
import type { Browser } from 'playwright-core';
import { describeWithBrowser, launch, openPage, screenshot, seriousA11yViolations, signIn, startStudioServer, waitSaved, type StudioPage, type StudioServer } from './helpers.js';

describeWithBrowser('studio version history', () => {
  let server: StudioServer;
  let browser: Browser;
  let s: StudioPage;
  let token: string;

  const api = async (method: string, url: string) => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startStudioServer({ services: true }), launch()]);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thietke', password: 'Demo@2026' }) });
    token = (await login.json()).accessToken;
    s = await openPage(browser);
    await signIn(s.page, server.url);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('publishes v2 after an edit of the name and of a process step, and shows what changed since v1', async () => {
    const { page } = s;
    const [service] = (await api('GET', `/api/studio/services?q=${encodeURIComponent('khai sinh')}`)).body as Array<{ id: string; name: string; currentVersion: number }>;
    expect(service).toMatchObject({ name: 'Đăng ký khai sinh', currentVersion: 1 });
    const id = service.id;

    // Step 1: a new name.
    await page.goto(`${server.url}/studio/#/services/${id}/metadata`);
    await page.waitForSelector('input[name=name]');
    await page.fill('input[name=name]', 'Đăng ký khai sinh (liên thông)');
    await waitSaved(page);

    // Step 4: the approval step renamed in the properties panel.
    await page.click('.esb-steps a:has-text("4.")');
    await page.waitForSelector('#import-messages [data-import-state="ok"]');
    await page.click('.djs-element[data-element-id="approve"]');
    await page.locator('#bpmn-properties code:has-text("approve")').waitFor();
    await page.fill('#bpmn-properties textarea[name=name]', 'Lãnh đạo phê duyệt');
    await page.press('#bpmn-properties textarea[name=name]', 'Tab');
    await waitSaved(page);
    expect((await api('GET', `/api/studio/services/${id}`)).body.bpmnXml).toMatch(/id="approve"[^>]*name="Lãnh đạo phê duyệt"|name="Lãnh đạo phê duyệt"[^>]*id="approve"/);

    // Step 5: publish v2; the comparison defaults to v1 → v2.
    await page.click('.esb-steps a:has-text("5.")');
    await page.waitForSelector('#check-summary[data-errors="0"]');
    await page.click('#publish');
    await page.waitForSelector('#publish-result [data-version="2"]');
    await page.waitForSelector('#versions tr[data-version="2"]');
    expect(await page.inputValue('#cmp-from')).toBe('1');
    expect(await page.inputValue('#cmp-to')).toBe('2');
    await page.click('button:has-text("Xem thay đổi")');
    await page.waitForSelector('#diff-list');

    // The diff names the changed metadata field with both values, and the changed process
    // element with its property's old and new value; nothing else changed.
    const items = await page.locator('#diff-list > li').allTextContents();
    expect(items).toHaveLength(2);
    const nameItem = page.locator('#diff-list > li').first();
    expect(await nameItem.locator('strong').textContent()).toBe('name');
    expect(await nameItem.locator('.col').allTextContents()).toEqual(['Trước: Đăng ký khai sinh', 'Sau: Đăng ký khai sinh (liên thông)']);
    const stepItem = page.locator('#diff-list > li').nth(1);
    expect(await stepItem.locator('strong').textContent()).toMatch(/^Quy trình .*\[approve\]$/);
    expect(await stepItem.textContent()).toContain('(sửa)');
    expect(await stepItem.locator('.col').allTextContents()).toEqual([expect.stringMatching(/^Trước: /), 'Sau: Lãnh đạo phê duyệt']);
    await screenshot(page, '21-version-diff');
    expect({ page: 'version diff', violations: await seriousA11yViolations(page) }).toEqual({ page: 'version diff', violations: [] });

    // The same comparison over the API.
    const diff = (await api('GET', `/api/studio/services/${id}/versions/compare?from=1&to=2`)).body;
    expect(diff.changes.metadata).toEqual([{ field: 'name', from: 'Đăng ký khai sinh', to: 'Đăng ký khai sinh (liên thông)' }]);
    expect(diff.changes.process).toMatchObject({ changed: true, added: [], removed: [] });
    expect(diff.changes.process.elements).toEqual([expect.objectContaining({ id: 'approve', change: 'changed', changes: [expect.objectContaining({ property: 'name', to: 'Lãnh đạo phê duyệt' })] })]);

    expect(await s.cspViolations()).toEqual([]);
    expect(s.problems.filter((p) => !/Missing projectId|loadingProjectSettingsError/.test(p))).toEqual([]);
  }, 150_000);
});
