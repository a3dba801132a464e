/**
 * Acceptance (a): a designer signs in, creates a service from a fixture procedure, drags a
 * text field and a citizen-ID field into the form, keeps the template process and assigns
 * groups, sees a failing check, fixes it, test-runs, publishes, and finds the service in
 * the public catalogue API. Screenshots of each step go to test-results/e2e; each studio
 * page is checked with axe (builder and modeler internals excepted), and no page may break
 * the Content-Security-Policy.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describeWithBrowser, drag, FIXTURES, launch, openPage, screenshot, seriousA11yViolations, signIn, startStudioServer, waitSaved, type StudioPage, type StudioServer } from './helpers.js';

describeWithBrowser('studio: from a catalogue procedure to a published service', () => {
  let server: StudioServer;
  let browser: Browser;
  let s: StudioPage;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startStudioServer(), launch()]);
    s = await openPage(browser);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const a11y = async (name: string) => expect({ page: name, violations: await seriousA11yViolations(s.page) }).toEqual({ page: name, violations: [] });
  const stepState = (step: string) => s.page.locator(`.esb-step-state[data-step="${step}"]`).getAttribute('data-errors');

  it('runs the five steps in the browser, publishes, then retires the version', async () => {
    try {
      await fiveSteps();
    } catch (err) {
      await screenshot(s.page, 'failure-designer-flow');
      throw err;
    }
  }, 300_000);

  async function fiveSteps() {
    const { page } = s;

    // Sign in.
    await page.goto(`${server.url}/studio/`);
    await page.waitForSelector('input[name=username]');
    await screenshot(page, '00-sign-in');
    await a11y('sign-in');
    await signIn(page, server.url);
    await screenshot(page, '01-service-list');
    await a11y('service list');

    // New service from the catalogue file: choose "Đăng ký khai sinh".
    await page.click('a[href="#/new"]:has-text("Tạo dịch vụ")');
    await page.setInputFiles('input[name=procedures-file]', path.join(FIXTURES, 'procedures/procedures.json'));
    await page.check('label:has-text("Đăng ký khai sinh (1.001193)")');
    await screenshot(page, '02-new-service');
    await a11y('new service');
    await page.click('button:has-text("Nhập các thủ tục đã chọn")');
    await page.waitForURL(/#\/services\/[0-9a-f-]+\/metadata/);
    const serviceId = /services\/([0-9a-f-]+)\//.exec(page.url())![1];

    // Step 1: the metadata came from the catalogue; the communes receive it.
    await page.waitForSelector('input[name=name]');
    expect(await page.inputValue('input[name=name]')).toBe('Đăng ký khai sinh');
    expect(await page.isChecked('input[data-agency="000.31.01.H29"]')).toBe(true);
    await page.fill('textarea[name=description]', 'Đăng ký khai sinh cho trẻ em sinh ra tại phường.');
    await waitSaved(page);
    await screenshot(page, '03-step1-metadata');
    await a11y('step 1');

    // Step 2: components as imported; the note asks for a condition.
    await page.click('.esb-steps a:has-text("2.")');
    await page.waitForSelector('#components-list section');
    expect(await page.locator('#components-list section').count()).toBe(3);
    await screenshot(page, '04-step2-components');
    await a11y('step 2');

    // Step 3: drag a text field and a citizen-ID field into the form.
    await page.click('.esb-steps a:has-text("3.")');
    await page.waitForSelector('span[ref="sidebar-component"][data-key="cccd"]');
    await drag(page, 'span[ref="sidebar-component"][data-key="cccd"]', '.builder-components.drag-container');
    await page.click('.formio-dialog [ref="saveButton"]');
    await page.click('button.builder-group-button:has-text("Cơ bản")');
    await page.waitForSelector('span[ref="sidebar-component"][data-key="textfield"]', { state: 'visible' });
    await drag(page, 'span[ref="sidebar-component"][data-key="textfield"]', '.builder-components.drag-container');
    // Type once the dialog holds the new field (its key input, on a hidden tab, is filled in).
    await page.waitForFunction(() => !!(document.querySelector('.formio-dialog input[name="data[key]"]') as HTMLInputElement | null)?.value);
    await page.fill('.formio-dialog input[name="data[label]"]', '');
    await page.locator('.formio-dialog input[name="data[label]"]').pressSequentially('Họ và tên người yêu cầu', { delay: 10 });
    await page.waitForFunction(() => (document.querySelector('.formio-dialog input[name="data[key]"]') as HTMLInputElement | null)?.value === 'hoVaTenNguoiYeuCau');
    await page.click('.formio-dialog [ref="saveButton"]');
    await waitSaved(page);
    // The citizen's preview shows both fields, the citizen ID prefilled from the sample profile.
    await page.waitForSelector('#form-preview input[name="data[soCccd]"]');
    await page.waitForSelector('#form-preview label:has-text("Họ và tên người yêu cầu")');
    // Its key is folded from the Vietnamese label (form.io's own camelCase keeps the accents it then refuses).
    expect(await page.locator('#form-prefill code').allTextContents()).toEqual(expect.arrayContaining(['soCccd', 'hoVaTenNguoiYeuCau']));
    expect(await page.inputValue('#form-preview input[name="data[soCccd]"]')).toMatch(/001099012345|0010 9901 2345|001099 012345/);
    await screenshot(page, '05-step3-form');
    await a11y('step 3');

    // Step 4: keep the template; take the approval's group away: a failing check shows on the diagram.
    await page.click('.esb-steps a:has-text("4.")');
    await page.waitForSelector('.djs-element[data-element-id="approve"]');
    await page.click('.djs-element[data-element-id="approve"]');
    await page.waitForSelector('#bpmn-properties input[data-group="lanh-dao"]');
    await page.uncheck('#bpmn-properties input[data-group="lanh-dao"]');
    await waitSaved(page);
    await page.waitForSelector('.esb-problem-badge[data-element-id="approve"]');
    expect(Number(await stepState('process'))).toBeGreaterThan(0);
    // Badges say what the checks know: the process step has errors, publishing is not ready.
    expect(await page.textContent('.esb-step-state[data-step="process"]')).toMatch(/^Còn \d+ lỗi$/);
    expect(await page.textContent('.esb-step-state[data-step="publish"]')).toBe('Chưa sẵn sàng công bố');
    await screenshot(page, '06-step4-failing-check');
    await a11y('step 4');

    // Fix it: the department's leaders approve (inter-unit processing).
    await page.check('#bpmn-properties input[data-group="000.00.12.H29/lanh-dao"]');
    await waitSaved(page);
    await page.waitForSelector('.esb-problem-badge[data-element-id="approve"]', { state: 'detached' });
    expect(await stepState('process')).toBe('0');
    await screenshot(page, '07-step4-fixed');

    // Step 5: every check passes; test-run the path; publish.
    await page.click('.esb-steps a:has-text("5.")');
    await page.waitForSelector('#check-summary[data-errors="0"]');
    expect(await page.textContent('.esb-step-state[data-step="publish"]')).toBe('Sẵn sàng công bố');
    expect(await page.getAttribute('#service-status', 'data-status')).toBe('draft');
    await page.click('#run-test');
    await page.waitForSelector('#run-summary[data-ok="true"]');
    await page.waitForSelector('#run-canvas .djs-element.esb-path[data-element-id="approve"]');
    expect(await page.locator('#run-tasks tbody tr').count()).toBeGreaterThanOrEqual(4);
    expect(await page.textContent('#run-tasks')).toContain('000.00.12.H29/lanh-dao');
    // Each task met shows its computed deadline, as the studio prints a date and time in
    // Vietnamese ("14:30 4/12/26" or "04/12/2026 14:30" depending on the browser's ICU).
    const dues = await page.locator('#run-tasks tbody tr td:nth-child(3)').allTextContents();
    expect(dues.length).toBeGreaterThanOrEqual(4);
    for (const due of dues) expect(due.trim()).toMatch(/^(\d{1,2}:\d{2},? \d{1,2}\/\d{1,2}\/\d{2,4}|\d{1,2}\/\d{1,2}\/\d{2,4},? \d{1,2}:\d{2})$/);
    await screenshot(page, '08-step5-test-run');
    await a11y('step 5');
    await page.click('#publish');
    await page.waitForSelector('#publish-result [data-version="1"]');
    await page.waitForSelector('#versions td:has-text("v1")');
    // The header and the badge follow the publication without a reload.
    await page.waitForSelector('#service-status[data-status="published"]:has-text("Đã công bố")');
    await page.waitForSelector('.esb-step-state[data-step="publish"]:has-text("Đã công bố v1")');
    await screenshot(page, '09-published');

    // The public catalogue lists it.
    const res = await fetch(`${server.url}/api/catalog/services?q=${encodeURIComponent('dang ky khai sinh')}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    const items = (Array.isArray(body) ? body : body.items) as Array<{ id: string; name: string }>;
    expect(items.map((i) => i.id)).toContain(serviceId);

    // Retiring the version (after a confirmation) marks it retired and takes it off the catalogue.
    page.once('dialog', (d) => void d.accept());
    await page.click('#versions tr[data-version="1"] .esb-retire');
    await page.waitForSelector('#versions tr[data-version="1"][data-retired="true"] .esb-version-state:has-text("Ngừng áp dụng")');
    expect(await page.locator('#versions tr[data-version="1"] .esb-retire').count()).toBe(0);
    await page.waitForSelector('#service-status[data-status="retired"]');
    const after = await (await fetch(`${server.url}/api/catalog/services?q=${encodeURIComponent('dang ky khai sinh')}`)).json();
    expect(((Array.isArray(after) ? after : after.items) as Array<{ id: string }>).map((i) => i.id)).not.toContain(serviceId);

    expect(await s.cspViolations()).toEqual([]);
    expect(s.problems.filter((p) => !/Missing projectId|loadingProjectSettingsError/.test(p))).toEqual([]);
  }
});
