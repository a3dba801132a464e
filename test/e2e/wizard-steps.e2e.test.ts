/**
 * The wizard's editors, each checked in the browser and then over the API: the service
 * list's search and status filter, step 1's fee rows (with a FEEL condition) and legal-basis
 * list, step 2's condition builder and reordering, and step 4's properties panel (deadline
 * share, dossier status, decisions, groups, a flow condition linted as it is typed).
 * Screenshots go to test-results/e2e; the pages are checked with axe (builder and modeler
 * internals excepted) and must run under the Content-Security-Policy.
 */
import type { Browser } from 'playwright-core';
import { describeWithBrowser, launch, openPage, screenshot, seriousA11yViolations, signIn, startStudioServer, waitSaved, type StudioPage, type StudioServer } from './helpers.js';

describeWithBrowser('studio wizard editors', () => {
  let server: StudioServer;
  let browser: Browser;
  let s: StudioPage;
  let token: string;

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const a11y = async (name: string) => expect({ page: name, violations: await seriousA11yViolations(s.page) }).toEqual({ page: name, violations: [] });

  /**
   * A draft on the standard process, received by the commune of Phúc Xá (whose groups the
   * panel offers), with a form holding a number and a checkbox to write conditions over.
   */
  const draft = async (name: string, components: unknown[] = []) => {
    const units = (await api('GET', '/api/units')).body as Array<{ id: string; agencyCode: string }>;
    const phucXa = units.find((u) => u.agencyCode === '000.31.01.H29')!.id;
    const created = await api('POST', '/api/studio/services', { metadata: { name, receivingUnitIds: [phucXa] } });
    expect(created.status).toBe(201);
    const form = { display: 'form', components: [
      { type: 'number', key: 'soBan', label: 'Số bản sao', input: true },
      { type: 'checkbox', key: 'coUyQuyen', label: 'Nộp thay (có ủy quyền)', input: true },
    ] };
    const withForm = await api('PUT', `/api/studio/services/${created.body.id}/form`, { form, rowVersion: created.body.rowVersion });
    expect(withForm.status).toBe(200);
    if (components.length) expect((await api('PUT', `/api/studio/services/${created.body.id}/components`, { components, rowVersion: withForm.body.rowVersion })).status).toBe(200);
    return created.body.id as string;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startStudioServer({ services: true }), launch()]);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thietke', password: 'Demo@2026' }) });
    token = (await login.json()).accessToken;
    s = await openPage(browser);
    await signIn(s.page, server.url);
  }, 240_000);
  afterAll(async () => {
    expect(await s?.cspViolations()).toEqual([]);
    expect(s?.problems.filter((p) => !/Missing projectId|loadingProjectSettingsError/.test(p))).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  it('searches the service list without accents, and filters it by status', async () => {
    const { page } = s;
    await draft('Chứng thực bản sao điện tử');
    // One of the two seeded published services is retired: each status has a service.
    const seeded = (await api('GET', `/api/studio/services?q=${encodeURIComponent('trich luc')}`)).body as Array<{ id: string; name: string }>;
    expect(seeded.map((x) => x.name)).toEqual(['Cấp bản sao trích lục hộ tịch']);
    expect((await api('POST', `/api/studio/services/${seeded[0].id}/versions/1/retire`)).status).toBe(200);

    await page.goto(`${server.url}/studio/#/services`);
    const names = async () => page.locator('#app table tbody tr td:first-child a').allTextContents();
    const statuses = async () => page.locator('#app table tbody tr td:nth-child(5) .badge').allTextContents();
    await page.waitForSelector('#app table tbody tr');
    expect((await names()).sort()).toEqual(['Chứng thực bản sao điện tử', 'Cấp bản sao trích lục hộ tịch', 'Đăng ký khai sinh'].sort());

    // Typed without accents and in another case, the words match the Vietnamese name.
    await page.fill('#svc-q', 'CHUNG thuc');
    await page.waitForFunction(() => document.querySelectorAll('#app table tbody tr').length === 1);
    expect(await names()).toEqual(['Chứng thực bản sao điện tử']);
    expect(page.url()).toMatch(/#\/services\?q=CHUNG\+thuc$/);
    // Each word must match: "ban sao" finds both services with "bản sao" in their name.
    await page.fill('#svc-q', 'ban sao');
    await page.waitForFunction(() => document.querySelectorAll('#app table tbody tr').length === 2);
    expect((await names()).sort()).toEqual(['Chứng thực bản sao điện tử', 'Cấp bản sao trích lục hộ tịch'].sort());
    await page.fill('#svc-q', 'ban sao khai sinh');
    await page.waitForSelector('#app p:has-text("Không có dịch vụ nào phù hợp.")');
    await page.fill('#svc-q', '');
    await page.waitForFunction(() => document.querySelectorAll('#app table tbody tr').length === 3);

    // The status filter: one service each.
    for (const [status, name, label] of [['draft', 'Chứng thực bản sao điện tử', 'Bản nháp'], ['published', 'Đăng ký khai sinh', 'Đã công bố'], ['retired', 'Cấp bản sao trích lục hộ tịch', 'Ngừng áp dụng']]) {
      await page.selectOption('#svc-status', status);
      await page.waitForFunction((n) => [...document.querySelectorAll('#app table tbody tr td:first-child a')].map((a) => a.textContent).join('|') === n, name);
      expect(await statuses()).toEqual([label]);
      expect(page.url()).toMatch(new RegExp(`status=${status}$`));
    }
    // Search and filter together; a reload keeps both (they are in the address).
    await page.selectOption('#svc-status', 'published');
    await page.fill('#svc-q', 'chung thuc');
    await page.waitForSelector('#app p:has-text("Không có dịch vụ nào phù hợp.")');
    await page.fill('#svc-q', 'khai');
    await page.waitForFunction(() => document.querySelectorAll('#app table tbody tr').length === 1);
    await page.reload();
    await page.waitForSelector('#app table tbody tr');
    expect(await page.inputValue('#svc-q')).toBe('khai');
    expect(await page.inputValue('#svc-status')).toBe('published');
    expect(await names()).toEqual(['Đăng ký khai sinh']);
    await screenshot(page, '16-service-list-filtered');
    await a11y('service list, filtered');
  }, 120_000);

  it('saves step 1\'s fee rows with a condition and a quantity field, and the legal-basis list', async () => {
    const { page } = s;
    const id = await draft('Cấp bản sao có chứng thực');
    await page.goto(`${server.url}/studio/#/services/${id}/metadata`);
    await page.waitForSelector('input[name=name]');

    // A fee charged per copy when more than one copy is asked for, paid at the payment step.
    await page.click('button:has-text("+ Thêm phí, lệ phí")');
    await page.fill('[aria-label="Tên phí, lệ phí 1"]', 'Phí chứng thực bản sao');
    await page.fill('[aria-label="Mức thu (đồng) 1"]', '2000');
    const cond = page.locator('table.esb-fees tbody tr').nth(0).locator('input.esb-feel');
    // A name the form does not have is flagged; then the right one.
    await cond.fill('soBanSao > 1');
    await page.waitForSelector('table.esb-fees input.esb-feel.is-invalid');
    expect(await page.locator('table.esb-fees tbody tr').nth(0).textContent()).toContain('Biểu mẫu không có trường: soBanSao');
    await cond.fill('soBan > 1');
    await page.waitForSelector('table.esb-fees tbody tr:nth-child(1) :text("Biểu thức FEEL hợp lệ")');
    expect(await cond.getAttribute('class')).not.toContain('is-invalid');
    await page.selectOption('[aria-label="Số lượng lấy từ trường 1"]', 'soBan');
    await page.selectOption('[aria-label="Thời điểm thu 1"]', 'payment-step');
    // A second fee, always charged; then a third, removed again.
    await page.click('button:has-text("+ Thêm phí, lệ phí")');
    await page.fill('[aria-label="Tên phí, lệ phí 2"]', 'Lệ phí cấp bản sao');
    await page.fill('[aria-label="Mức thu (đồng) 2"]', '8000');
    await page.click('button:has-text("+ Thêm phí, lệ phí")');
    await page.fill('[aria-label="Tên phí, lệ phí 3"]', 'Phí thừa');
    // The remove button is named after the fee as it is now called.
    await page.click('button[aria-label="Xóa phí Phí thừa"]');
    expect(await page.locator('table.esb-fees tbody tr').count()).toBe(2);

    // The legal basis: three texts, the middle one removed.
    for (const [i, text] of ['Luật Hộ tịch số 60/2014/QH13', 'Văn bản sẽ xóa', 'Nghị định số 23/2015/NĐ-CP'].entries()) {
      await page.click('button:has-text("+ Thêm văn bản")');
      await page.fill(`[aria-label="Căn cứ pháp lý ${i + 1}"]`, text);
    }
    await page.click('[aria-label="Xóa căn cứ 2"]');
    expect(await page.locator('[aria-label^="Căn cứ pháp lý"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['Luật Hộ tịch số 60/2014/QH13', 'Nghị định số 23/2015/NĐ-CP']);
    await waitSaved(page);
    await screenshot(page, '17-step1-fees-legal-basis');
    await a11y('step 1 with fees and legal basis');

    const saved = (await api('GET', `/api/studio/services/${id}`)).body.metadata;
    expect(saved.fees).toEqual([
      { id: 'phi-1', name: 'Phí chứng thực bản sao', amountVnd: 2000, condition: 'soBan > 1', quantityField: 'soBan', dueAt: 'payment-step' },
      { id: 'phi-2', name: 'Lệ phí cấp bản sao', amountVnd: 8000, dueAt: 'submission' },
    ]);
    expect(saved.legalBasis).toEqual(['Luật Hộ tịch số 60/2014/QH13', 'Nghị định số 23/2015/NĐ-CP']);
    // After a reload the rows come back as saved.
    await page.reload();
    await page.waitForSelector('[aria-label="Tên phí, lệ phí 2"]');
    expect(await page.inputValue('table.esb-fees tbody tr:nth-child(1) input.esb-feel')).toBe('soBan > 1');
    expect(await page.inputValue('[aria-label="Căn cứ pháp lý 2"]')).toBe('Nghị định số 23/2015/NĐ-CP');
  }, 120_000);

  it('reorders step 2\'s components and builds a condition from the form\'s fields', async () => {
    const { page } = s;
    const comp = (id: string, name: string) => ({ id, name, requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf'], maxSizeMb: 5 });
    const id = await draft('Đăng ký thường trú thử', [comp('to-khai', 'Tờ khai'), comp('giay-uy-quyen', 'Giấy ủy quyền'), comp('ban-sao', 'Bản sao giấy tờ')]);
    await page.goto(`${server.url}/studio/#/services/${id}/components`);
    await page.waitForSelector('#components-list section');
    const headings = () => page.locator('#components-list section h3').allTextContents();
    expect(await headings()).toEqual(['1. Tờ khai', '2. Giấy ủy quyền', '3. Bản sao giấy tờ']);

    // The copies move up one place, then the declaration down one.
    await page.click('button[aria-label="Đưa \\"Bản sao giấy tờ\\" lên"]');
    expect(await headings()).toEqual(['1. Tờ khai', '2. Bản sao giấy tờ', '3. Giấy ủy quyền']);
    // Focus follows the moved component's button, for keyboard users.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Đưa "Bản sao giấy tờ" lên');
    await page.click('button[aria-label="Đưa \\"Tờ khai\\" xuống"]');
    expect(await headings()).toEqual(['1. Bản sao giấy tờ', '2. Tờ khai', '3. Giấy ủy quyền']);
    expect(await page.isDisabled('button[aria-label="Đưa \\"Bản sao giấy tờ\\" lên"]')).toBe(true);
    expect(await page.isDisabled('button[aria-label="Đưa \\"Giấy ủy quyền\\" xuống"]')).toBe(true);

    // The authorization is required only when filed on someone's behalf: built from the checkbox field.
    const auth = page.locator('#components-list section').nth(2);
    await auth.locator('select[name="component-2-requirement"]').selectOption('conditional');
    await auth.getByLabel('Trường', { exact: true }).selectOption('coUyQuyen');
    expect(await auth.getByLabel('Giá trị', { exact: true }).inputValue()).toBe('true');
    await auth.getByRole('button', { name: 'Dùng điều kiện này' }).click();
    expect(await auth.locator('input[name="component-2-condition"]').inputValue()).toBe('coUyQuyen = true');
    await auth.locator(':text("Biểu thức FEEL hợp lệ")').waitFor();
    // The copies are required from two copies on: a number compared as a number.
    const copies = page.locator('#components-list section').nth(0);
    await copies.locator('select[name="component-0-requirement"]').selectOption('conditional');
    await copies.getByLabel('Trường', { exact: true }).selectOption('soBan');
    await copies.getByLabel('Phép so sánh').selectOption('>=');
    await copies.getByLabel('Giá trị', { exact: true }).fill('2');
    await copies.getByRole('button', { name: 'Dùng điều kiện này' }).click();
    expect(await copies.locator('input[name="component-0-condition"]').inputValue()).toBe('soBan >= 2');
    await waitSaved(page);
    await screenshot(page, '18-step2-reordered-conditions');
    await a11y('step 2 with conditions');

    const saved = (await api('GET', `/api/studio/services/${id}`)).body.components as Array<{ id: string; requirement: string; condition?: string }>;
    expect(saved.map((c) => [c.id, c.requirement, c.condition])).toEqual([
      ['ban-sao', 'conditional', 'soBan >= 2'],
      ['to-khai', 'required', undefined],
      ['giay-uy-quyen', 'conditional', 'coUyQuyen = true'],
    ]);
  }, 120_000);

  it('sets deadline share, dossier status, decisions, groups and a linted flow condition in the properties panel', async () => {
    const { page } = s;
    const id = await draft('Thủ tục thử bảng thuộc tính');
    await page.goto(`${server.url}/studio/#/services/${id}/process`);
    await page.waitForSelector('#import-messages [data-import-state="ok"]');
    const panel = page.locator('#bpmn-properties');

    // The processing task: half a day more, the "stopped" status, refusal offered, the leaders too.
    await page.click('.djs-element[data-element-id="process"]');
    await panel.locator('code:has-text("process")').waitFor();
    // The template's tasks count hours while the service has no time limit: switch to a share of it.
    expect(await panel.getByLabel('Đơn vị thời hạn').inputValue()).toBe('hours');
    await panel.locator('input[name=deadline]').fill('2.5');
    await panel.getByLabel('Đơn vị thời hạn').selectOption('days');
    await panel.locator('select[name=dossierStatus]').selectOption('8');
    await panel.locator('input[data-decision="refuse"]').check();
    expect(await panel.locator('input[name=decisions]').inputValue()).toBe('forward,send-back,refuse');
    await panel.locator('input[data-group="lanh-dao"]').check();
    expect(await panel.locator('input[name=candidateGroups]').inputValue()).toBe('chuyen-vien,lanh-dao');
    await waitSaved(page);

    // The flow to the approval: a FEEL syntax error is marked as it is typed, then fixed.
    await page.evaluate(() => {
      const modeler = (document.getElementById('bpmn-canvas') as any).esbModeler;
      modeler.get('selection').select(modeler.get('elementRegistry').get('f_forward'));
    });
    const condition = panel.locator('input[name=condition]');
    expect(await condition.inputValue()).toBe('decision = "forward"');
    await condition.fill('decision = "forward" and');
    await panel.locator('input[name=condition].is-invalid[aria-invalid="true"]').waitFor();
    expect(await panel.textContent()).toMatch(/Incomplete[^(]*\(vị trí \d+\)/);
    await screenshot(page, '19-step4-feel-error');
    await a11y('step 4, properties of a flow with a FEEL error');
    await condition.fill('decision = "forward" and soBan >= 1');
    await panel.locator('input[name=condition]:not(.is-invalid)').waitFor();
    await panel.locator(':text("Biểu thức FEEL hợp lệ")').waitFor();
    await condition.press('Tab');
    await waitSaved(page);
    await screenshot(page, '20-step4-properties-saved');

    const xml = (await api('GET', `/api/studio/services/${id}`)).body.bpmnXml as string;
    const tag = (elementId: string) => new RegExp(`<bpmn:\\w+ [^>]*id="${elementId}"[^>]*>`).exec(xml)?.[0] ?? '';
    const attrs = (t: string) => Object.fromEntries([...t.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(attrs(tag('process'))).toMatchObject({ 'camunda:candidateGroups': 'chuyen-vien,lanh-dao', 'esb:deadlineShare': '2.5', 'esb:dossierStatus': '8', 'esb:decisions': 'forward,send-back,refuse' });
    expect(attrs(tag('process'))['esb:deadlineHours']).toBeUndefined();
    const flow = /<bpmn:sequenceFlow [^>]*id="f_forward"[^>]*>([\s\S]*?)<\/bpmn:sequenceFlow>/.exec(xml)?.[1] ?? '';
    const body = /<bpmn:conditionExpression [^>]*>([\s\S]*?)<\/bpmn:conditionExpression>/.exec(flow)?.[1] ?? '';
    expect(body.replace(/&quot;|&#34;/g, '"').replace(/&gt;/g, '>')).toBe('decision = "forward" and soBan >= 1');
    // The checks read them too: the flow's condition is sound; the processing task's share in
    // days is the one problem left on it, since this draft has no time limit yet (same day).
    const checks = (await api('GET', `/api/studio/services/${id}/checks`)).body.checks as Array<{ ok: boolean; check: string; where: string | null; message: string }>;
    expect(checks.filter((c) => !c.ok && /process:(process|f_forward)\b/.test(c.where ?? '')).map((c) => [c.check, c.where, c.message])).toEqual([
      ['process.deadlines', 'process:process', expect.stringContaining('share of 2.5 working day(s), but the service is same-day')],
    ]);
  }, 120_000);
});
