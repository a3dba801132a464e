/**
 * Editing in the studio: the English switch, a draft saved from elsewhere meanwhile (409:
 * the designer is told and offered a reload, nothing is overwritten), an edit saved although
 * the tab is closed at once, an older form.io JSON
 * loaded from a file into the builder, and a component template uploaded with progress.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describeWithBrowser, FIXTURES, launch, openPage, screenshot, signIn, startStudioServer, waitSaved, type StudioPage, type StudioServer } from './helpers.js';

describeWithBrowser('studio editing', () => {
  let server: StudioServer;
  let browser: Browser;
  let s: StudioPage;
  let token: string;
  let id: string;

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startStudioServer(), launch()]);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thietke', password: 'Demo@2026' }) });
    token = (await login.json()).accessToken;
    id = (await api('POST', '/api/studio/services', { metadata: { name: 'Cấp bản sao trích lục hộ tịch' } })).body.id;
    s = await openPage(browser);
    await signIn(s.page, server.url);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('switches the interface to English and back', async () => {
    const { page } = s;
    await page.click('button:has-text("English")');
    await page.waitForSelector('h1:has-text("The unit\'s services")');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('button:has-text("Tiếng Việt")');
    await page.waitForSelector('h1:has-text("Dịch vụ của đơn vị")');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
  }, 60_000);

  it('tells the designer when someone else saved meanwhile, and reloads on request', async () => {
    const { page } = s;
    await page.goto(`${server.url}/studio/#/services/${id}/metadata`);
    await page.waitForSelector('input[name=field]');
    // Someone else saves the service.
    const current = (await api('GET', `/api/studio/services/${id}`)).body;
    const theirs = await api('PUT', `/api/studio/services/${id}`, { metadata: { ...current.metadata, field: 'Hộ tịch (đồng nghiệp sửa)' }, rowVersion: current.rowVersion });
    expect(theirs.status).toBe(200);
    // The designer's edit is refused with 409 and not silently retried over theirs.
    await page.fill('input[name=field]', 'Chứng thực');
    await page.waitForSelector('.esb-save-state[data-state="conflict"]');
    await page.waitForSelector('[role=alert]:has-text("Tải lại")');
    expect((await api('GET', `/api/studio/services/${id}`)).body.metadata.field).toBe('Hộ tịch (đồng nghiệp sửa)');
    await screenshot(page, '12-conflict');
    // Leaving now would lose the edit: the studio asks first.
    page.once('dialog', (d) => void d.dismiss());
    await page.click('.esb-steps a:has-text("2.")');
    await page.waitForTimeout(300);
    expect(page.url()).toMatch(/\/metadata/);
    await page.click('[role=alert] button:has-text("Tải lại")');
    await page.waitForFunction(() => (document.querySelector('input[name=field]') as HTMLInputElement | null)?.value === 'Hộ tịch (đồng nghiệp sửa)');
  }, 90_000);

  it('saves an edit made just before the tab is closed (no autosave delay to wait for)', async () => {
    const page = await s.page.context().newPage();
    await signIn(page, server.url);
    await page.goto(`${server.url}/studio/#/services/${id}/metadata`);
    await page.waitForSelector('textarea[name=description]');
    await page.fill('textarea[name=description]', 'Gõ xong là đóng thẻ ngay.');
    await page.waitForSelector('.esb-save-state[data-state="pending"]');
    await page.close();
    const deadline = Date.now() + 10_000;
    let saved = '';
    while (Date.now() < deadline && saved !== 'Gõ xong là đóng thẻ ngay.') {
      saved = (await api('GET', `/api/studio/services/${id}`)).body.metadata.description;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(saved).toBe('Gõ xong là đóng thẻ ngay.');
  }, 90_000);

  it('saves a process edit made just before the tab is closed', async () => {
    const page = await s.page.context().newPage();
    await signIn(page, server.url);
    await page.goto(`${server.url}/studio/#/services/${id}/process`);
    await page.waitForSelector('#import-messages [data-import-state="ok"]');
    const renamed = await page.evaluate(() => {
      const modeler = (document.getElementById('bpmn-canvas') as any).esbModeler;
      const task = modeler.get('elementRegistry').filter((e: any) => e.type === 'bpmn:UserTask')[0];
      modeler.get('modeling').updateProperties(task, { name: 'Thẩm định (sửa rồi đóng thẻ)' });
      return task.id as string;
    });
    await page.waitForSelector('.esb-save-state[data-state="pending"]');
    // The page's requests, as the API client makes them: the save must leave with keepalive
    // while the pagehide handler runs, or the closing tab takes it down.
    await page.evaluate(() => {
      const w = window as any;
      const fetch = w.fetch.bind(w);
      w.esbSent = [];
      w.fetch = (input: RequestInfo, init?: RequestInit) => {
        w.esbSent.push({ url: String(input), method: init?.method, keepalive: !!init?.keepalive });
        return fetch(input, init);
      };
    });
    const sentDuringPageHide = await page.evaluate(() => {
      window.dispatchEvent(new Event('pagehide'));
      return (window as any).esbSent as Array<{ url: string; method: string; keepalive: boolean }>;
    });
    expect(sentDuringPageHide).toEqual([{ url: expect.stringMatching(new RegExp(`/api/studio/services/${id}/process$`)), method: 'PUT', keepalive: true }]);
    await page.close();
    const deadline = Date.now() + 10_000;
    let saved = '';
    while (Date.now() < deadline && !saved.includes('Thẩm định (sửa rồi đóng thẻ)')) {
      saved = (await api('GET', `/api/studio/services/${id}`)).body.bpmnXml ?? '';
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(saved).toMatch(new RegExp(`id="${renamed}"[^>]*name="Thẩm định \\(sửa rồi đóng thẻ\\)"`));
  }, 90_000);

  it('saves a pending edit before signing out', async () => {
    const page = await s.page.context().newPage();
    await signIn(page, server.url);
    await page.goto(`${server.url}/studio/#/services/${id}/metadata`);
    await page.waitForSelector('textarea[name=description]');
    await page.fill('textarea[name=description]', 'Sửa xong là đăng xuất ngay.');
    await page.waitForSelector('.esb-save-state[data-state="pending"]');
    await page.click('button:has-text("Đăng xuất")');
    await page.waitForSelector('#login-username, input[name=username], input[autocomplete=username]');
    expect((await api('GET', `/api/studio/services/${id}`)).body.metadata.description).toBe('Sửa xong là đăng xuất ngay.');
    await page.close();
  }, 90_000);

  it('follows a step form problem from the list to its field: the step form opens and the field is marked and focused', async () => {
    const { page } = s;
    const current = (await api('GET', `/api/studio/services/${id}`)).body;
    const stepForm = { display: 'form', components: [
      { type: 'textfield', key: 'ketQua', label: 'Kết quả thẩm định', input: true },
      { type: 'textfield', key: 'ghiChu', label: 'Ghi chú', input: true, validate: { custom: 'valid = input.length > 2;' } },
    ] };
    expect((await api('PUT', `/api/studio/services/${id}/step-forms/tham-dinh`, { form: stepForm, rowVersion: current.rowVersion })).status).toBe(200);
    await page.goto(`${server.url}/studio/#/services/${id}/form`);
    await page.waitForSelector('#form-builder .formcomponents');
    expect(await page.inputValue('#form-which')).toBe('');
    await page.click(`#step-problems a[href="#/services/${id}/form?where=${encodeURIComponent('stepForm:tham-dinh:ghiChu.validate.custom')}"]`);
    await page.waitForSelector('#form-builder .esb-focus-target[data-focus-key="ghiChu"]');
    expect(await page.inputValue('#form-which')).toBe('tham-dinh');
    expect(await page.locator('#form-builder .esb-focus-target').count()).toBe(1);
    expect(await page.evaluate(() => !!document.activeElement?.closest('.esb-focus-target')?.querySelector('.formio-component-ghiChu'))).toBe(true);
  }, 90_000);

  it('loads an older form.io JSON from a file into the builder and saves it', async () => {
    const { page } = s;
    await page.goto(`${server.url}/studio/#/services/${id}/form`);
    await page.waitForSelector('#form-builder .formcomponents');
    await page.setInputFiles('#form-file', path.join(FIXTURES, 'forms/formio-server-fixtures/test1.form.json'));
    await page.waitForSelector('#form-file ~ *, .text-success:has-text("test1.form.json")');
    await waitSaved(page);
    const saved = (await api('GET', `/api/studio/services/${id}`)).body;
    expect(saved.form.components.length).toBeGreaterThan(0);
    expect(await page.locator('#form-preview .formio-component').count()).toBeGreaterThan(1);
    await screenshot(page, '13-older-form-loaded');
    expect(await s.cspViolations()).toEqual([]);
  }, 90_000);

  it('uploads a component template with a progress bar', async () => {
    const { page } = s;
    await page.goto(`${server.url}/studio/#/services/${id}/components`);
    await page.click('button:has-text("+ Thêm thành phần hồ sơ")');
    await page.fill('input[name="component-0-name"]', 'Tờ khai theo mẫu');
    await waitSaved(page);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await page.setInputFiles('#components-list section input[type=file]', { name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.waitForSelector('#components-list :text("Đã tải lên to-khai.pdf.")');
    expect(await page.getAttribute('#components-list [role=progressbar]', 'aria-valuenow')).toBe('100');
    const saved = (await api('GET', `/api/studio/services/${id}`)).body;
    expect(saved.components[0].templateFileId).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, '14-template-uploaded');
  }, 90_000);
});
