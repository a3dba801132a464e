/**
 * Step 5: the check list (each problem links to its step and place), a test run in the
 * sandbox (sample data and decisions → the path on the diagram, the tasks and their due
 * dates), publishing, and the version history with what changed.
 */
import { h, mount, field, download } from '../../../ui/dom.js';
import { ApiError } from '../../../ui/api.js';
import { L, formatDateTime } from '../../../ui/i18n.js';
import { errorText } from '../../app.js';
import type { WizardContext } from '../wizard.js';
import { checkMessage } from '../../stores/services.js';
import type { Check, FormDiff, PropertyChange, TestRunDecision, TestRunResult, VersionDiff } from '../../stores/services.js';
import { linkTo, stepOf } from '../../lib/where.js';
import { decisionLabel, dossierStatusLabel } from '../../lib/labels.js';
import { sampleData } from '../../lib/sample-data.js';

const stepName = (s: string) => ({ metadata: L('Bước 1', 'Step 1'), components: L('Bước 2', 'Step 2'), form: L('Bước 3', 'Step 3'), process: L('Bước 4', 'Step 4'), publish: L('Chung', 'General') })[s] ?? s;

export async function renderPublishStep(ctx: WizardContext, container: HTMLElement) {
  const checksEl = h('div', { id: 'check-list' });
  const publishOut = h('div', { id: 'publish-result', role: 'status', 'aria-live': 'polite' });
  const runOut = h('div', { id: 'test-run-result', 'aria-live': 'polite' });
  const versionsEl = h('div', { id: 'versions' });
  const canvasEl = h('div', { class: 'esb-canvas esb-canvas-small', id: 'run-canvas', 'aria-label': L('Đường đi của lần chạy thử', 'Path of the test run'), role: 'img' });

  const renderChecks = (checks: Check[]) => {
    const failing = checks.filter((c) => !c.ok);
    const errorsCount = failing.filter((c) => c.severity === 'error').length;
    mount(checksEl,
      h('p', { class: errorsCount ? 'text-danger fw-semibold' : 'text-success fw-semibold', id: 'check-summary', dataset: { errors: String(errorsCount) } },
        errorsCount ? L(`Còn ${errorsCount} lỗi phải sửa trước khi công bố.`, `${errorsCount} problem(s) to fix before publishing.`) : L('Mọi kiểm tra bắt buộc đều đạt.', 'Every required check passes.')),
      h('ul', { class: 'list-unstyled esb-problems' }, ...checks.map((c) => h('li', { class: c.ok ? 'text-success' : c.severity === 'error' ? 'text-danger' : 'text-warning-emphasis', dataset: { check: c.check, ok: String(c.ok) } },
        h('span', { 'aria-hidden': 'true' }, c.ok ? '✓ ' : c.severity === 'error' ? '✗ ' : '! '),
        h('span', { class: 'visually-hidden' }, c.ok ? L('Đạt: ', 'Passes: ') : c.severity === 'error' ? L('Lỗi: ', 'Error: ') : L('Lưu ý: ', 'Warning: ')),
        c.ok ? checkMessage(c) : h('a', { href: linkTo(ctx.service.id, c.where) }, `${stepName(stepOf(c.where))}: ${checkMessage(c)}`)))));
  };
  renderChecks(ctx.checks);
  ctx.onChecks(renderChecks);

  // Test run.
  const sample = sampleData(ctx.service.form);
  const data = h('textarea', { class: 'form-control esb-json', rows: '6', id: 'run-data', spellcheck: 'false' });
  data.value = JSON.stringify(sample, null, 2);
  const decisions = h('input', { class: 'form-control font-monospace', id: 'run-decisions', value: 'accept, forward, approve, return-result' });
  const messagesInput = h('input', { class: 'form-control font-monospace', id: 'run-messages', placeholder: 'supplement, payment' });
  const runBtn = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'run-test' }, L('Chạy thử', 'Test run'));
  let editor: { showPath(ids: string[], tasks?: string[]): void; importXml(x: string): Promise<unknown>; destroy(): void } | null = null;

  runBtn.addEventListener('click', async () => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(data.value || '{}');
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
    } catch {
      return mount(runOut, h('div', { class: 'alert alert-danger', role: 'alert' }, L('Dữ liệu mẫu phải là một đối tượng JSON.', 'The sample data must be a JSON object.')));
    }
    const list: TestRunDecision[] = decisions.value.split(',').map((s) => s.trim()).filter(Boolean);
    const messages = messagesInput.value.split(',').map((s) => s.trim()).filter(Boolean).map((name) => ({ name }));
    runBtn.disabled = true;
    mount(runOut, h('p', { role: 'status' }, L('Đang chạy thử…', 'Running…')));
    try {
      if (!(await ctx.flush())) throw new Error(L('Còn thay đổi chưa lưu được.', 'Some changes are not saved.'));
      const result = await ctx.studio.services.testRun(ctx.service.id, { data: parsed, decisions: list, ...(messages.length && { messages }) });
      await showRun(result);
    } catch (err) {
      mount(runOut, h('div', { class: 'alert alert-danger', role: 'alert' }, err instanceof ApiError && err.status === 404 && err.code !== 'service.not_found' ? L('Máy chủ chưa hỗ trợ chạy thử.', 'The server does not offer test runs yet.') : errorText(err)));
    } finally {
      runBtn.disabled = false;
    }
  });

  const showRun = async (r: TestRunResult) => {
    const errText = typeof r.error === 'string' ? r.error : r.error?.message;
    mount(runOut,
      h('div', { class: `alert ${r.ok ? 'alert-success' : 'alert-warning'} py-2`, id: 'run-summary', dataset: { ok: String(r.ok) } },
        r.ok ? (r.endedAt ? L(`Quy trình chạy đến kết thúc lúc ${formatDateTime(r.endedAt)}.`, `The process ended at ${formatDateTime(r.endedAt)}.`) : L('Quy trình dừng chờ ở bước cuối của danh sách quyết định.', 'The process waits after the last decision.')) : L(`Chạy thử gặp lỗi: ${errText ?? ''}`, `The test run failed: ${errText ?? ''}`)),
      r.formErrors?.length ? h('div', { class: 'alert alert-warning py-2' }, L('Dữ liệu mẫu chưa hợp lệ với biểu mẫu:', 'The sample data does not pass the form:'), h('ul', { class: 'mb-0 small' }, ...r.formErrors.map((e) => h('li', null, `${e.path}: ${e.message}`)))) : null,
      r.waitingFor?.length ? h('p', { class: 'small' }, L(`Đang chờ: ${r.waitingFor.join(', ')}`, `Waiting for: ${r.waitingFor.join(', ')}`)) : null,
      r.connectorCalls?.length ? h('p', { class: 'small' }, L('Kết nối được gọi (chạy thử, không gửi thật): ', 'Connectors called (dry run): '), r.connectorCalls.map((c) => `${c.connector} @ ${c.elementId}`).join(', ')) : null,
      h('h4', { class: 'h6' }, L('Các bước xử lý gặp', 'Tasks met')),
      h('table', { class: 'table table-sm bg-white', id: 'run-tasks' },
        h('thead', null, h('tr', null, ...[L('Bước', 'Task'), L('Nhóm xử lý', 'Groups'), L('Hạn xử lý', 'Due'), L('Quyết định', 'Decision')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, ...r.tasks.map((t) => h('tr', null, h('td', null, t.name ?? t.elementId), h('td', null, t.groups.join(', ')), h('td', null, formatDateTime(t.dueAt ?? null)), h('td', null, t.decision ? decisionLabel(t.decision) : '—'))))),
      h('h4', { class: 'h6' }, L('Trạng thái hồ sơ', 'Dossier statuses')),
      h('ol', { class: 'small' }, ...r.statuses.map((s) => h('li', null, `${dossierStatusLabel(s.status)} (${s.elementId})`))),
      h('p', { class: 'small text-body-secondary' }, L('Đường đi: ', 'Path: '), r.path.filter((p) => p.type !== 'bpmn:SequenceFlow').map((p) => p.name || p.elementId).join(' → ')));
    if (ctx.service.bpmnXml) {
      if (!editor) {
        await ctx.studio.loadStyles('modeler');
        const { DiagramEditor } = await import('../../modeler/modeler.js');
        editor = new DiagramEditor(canvasEl);
        await editor.importXml(ctx.service.bpmnXml);
      }
      editor.showPath(r.path.map((p) => p.elementId), r.tasks.map((t) => t.elementId));
    }
  };

  // Publish.
  const publishBtn = h('button', { type: 'button', class: 'btn btn-success btn-lg', id: 'publish' }, L('Công bố phiên bản mới', 'Publish a new version'));
  publishBtn.addEventListener('click', async () => {
    publishBtn.disabled = true;
    mount(publishOut);
    try {
      if (!(await ctx.flush())) throw new Error(L('Còn thay đổi chưa lưu được.', 'Some changes are not saved.'));
      const r = await ctx.studio.services.publish(ctx.service.id, ctx.service.rowVersion);
      mount(publishOut, h('div', { class: 'alert alert-success', dataset: { version: String(r.version) } }, L(`Đã công bố phiên bản ${r.version}. Người dân có thể nộp hồ sơ theo phiên bản này.`, `Version ${r.version} is published. Citizens can apply under it.`),
        r.warnings.length ? h('ul', { class: 'small mb-0' }, ...r.warnings.map((w) => h('li', null, checkMessage(w)))) : null));
      ctx.studio.shell.notify(L(`Đã công bố phiên bản ${r.version}`, `Version ${r.version} published`), 'success');
      ctx.replaceService(await ctx.studio.services.get(ctx.service.id));
      await renderVersions();
    } catch (err) {
      const failing = err instanceof ApiError && err.status === 422 ? ((err.body.details?.checks as Check[] | undefined) ?? []) : [];
      mount(publishOut, h('div', { class: 'alert alert-danger', role: 'alert' }, L('Chưa công bố được: ', 'Not published: '), errorText(err),
        failing.length ? h('ul', { class: 'mb-0' }, ...failing.map((c) => h('li', null, h('a', { href: linkTo(ctx.service.id, c.where) }, checkMessage(c))))) : null));
      void ctx.refreshChecks();
    } finally {
      publishBtn.disabled = false;
    }
  });

  const exportBtn = h('button', { type: 'button', class: 'btn btn-outline-secondary' }, L('Xuất gói dịch vụ', 'Export the service package'));
  exportBtn.addEventListener('click', async () => {
    try {
      const pkg = await ctx.studio.services.exportPackage(ctx.service.id);
      download(`${ctx.service.metadata.procedureCode ?? 'dich-vu'}.package.json`, JSON.stringify(pkg, null, 2), 'application/json');
    } catch (err) {
      ctx.studio.shell.notify(errorText(err), 'danger');
    }
  });

  // Versions. Retiring stops new dossiers under a version; dossiers already running on it go on.
  const retireButton = (version: number) => {
    const btn = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm esb-retire', 'aria-label': L(`Ngừng áp dụng phiên bản ${version}`, `Retire version ${version}`) }, L('Ngừng áp dụng', 'Retire'));
    btn.addEventListener('click', async () => {
      if (!confirm(L(`Ngừng áp dụng phiên bản ${version}? Người dân sẽ không nộp được hồ sơ mới theo phiên bản này; hồ sơ đang xử lý vẫn tiếp tục.`, `Retire version ${version}? Citizens can no longer apply under it; dossiers in progress go on.`))) return;
      btn.disabled = true;
      try {
        await ctx.studio.services.retire(ctx.service.id, version);
        ctx.studio.shell.notify(L(`Đã ngừng áp dụng phiên bản ${version}`, `Version ${version} retired`), 'success');
        ctx.replaceService(await ctx.studio.services.get(ctx.service.id));
        await renderVersions();
      } catch (err) {
        btn.disabled = false;
        ctx.studio.shell.notify(errorText(err), 'danger');
      }
    });
    return btn;
  };
  const renderVersions = async (): Promise<void> => {
    const versions = await ctx.studio.services.versions(ctx.service.id);
    if (!versions.length) return mount(versionsEl, h('p', { class: 'text-body-secondary' }, L('Chưa có phiên bản nào được công bố.', 'No version published yet.')));
    const from = h('select', { class: 'form-select', id: 'cmp-from' }, ...versions.map((v) => h('option', { value: String(v.version) }, `v${v.version}`)));
    const to = h('select', { class: 'form-select', id: 'cmp-to' }, ...versions.map((v) => h('option', { value: String(v.version) }, `v${v.version}`)));
    from.value = String(versions[Math.min(1, versions.length - 1)].version);
    to.value = String(versions[0].version);
    const diffOut = h('div', { class: 'esb-diff', 'aria-live': 'polite' });
    const compare = h('button', { type: 'button', class: 'btn btn-outline-primary', disabled: versions.length < 2 }, L('Xem thay đổi', 'What changed'));
    compare.addEventListener('click', async () => {
      try {
        const r = await ctx.studio.services.compare(ctx.service.id, Number(from.value), Number(to.value));
        mount(diffOut, renderDiff(r.changes));
      } catch (err) {
        mount(diffOut, h('div', { class: 'alert alert-danger' }, errorText(err)));
      }
    });
    mount(versionsEl,
      h('table', { class: 'table table-sm bg-white' },
        h('thead', null, h('tr', null, ...[L('Phiên bản', 'Version'), L('Công bố lúc', 'Published'), L('Trạng thái', 'State'), L('Thao tác', 'Actions')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, ...versions.map((v) => h('tr', { dataset: { version: String(v.version), retired: String(!!v.retiredAt) } },
          h('td', null, `v${v.version}`),
          h('td', null, formatDateTime(v.publishedAt)),
          h('td', { class: 'esb-version-state' }, v.retiredAt ? L(`Ngừng áp dụng từ ${formatDateTime(v.retiredAt)}`, `Retired ${formatDateTime(v.retiredAt)}`) : ctx.service.currentVersion?.version === v.version ? L('Đang áp dụng', 'Current') : ''),
          h('td', null, v.retiredAt ? null : retireButton(v.version)))))),
      h('div', { class: 'row g-2 align-items-end' }, h('div', { class: 'col-auto' }, field(L('Từ', 'From'), from)), h('div', { class: 'col-auto' }, field(L('Đến', 'To'), to)), h('div', { class: 'col-auto mb-3' }, compare)),
      diffOut);
  };

  mount(container,
    h('div', { class: 'row g-3' },
      h('section', { class: 'col-lg-6', 'aria-labelledby': 'checks-title' }, h('div', { class: 'esb-card' }, h('h3', { class: 'h6', id: 'checks-title' }, L('Danh sách kiểm tra', 'Check list')), checksEl, h('div', { class: 'd-flex gap-2 flex-wrap' }, publishBtn, exportBtn), publishOut)),
      h('section', { class: 'col-lg-6', 'aria-labelledby': 'run-title' }, h('div', { class: 'esb-card' }, h('h3', { class: 'h6', id: 'run-title' }, L('Chạy thử quy trình', 'Test run')),
        h('p', { class: 'small text-body-secondary' }, L('Chạy bản nháp trong môi trường thử: không tạo hồ sơ thật.', 'Runs the draft in a sandbox: no real dossier is created.')),
        field(L('Dữ liệu biểu mẫu mẫu (JSON)', 'Sample form data (JSON)'), data),
        field(L('Các quyết định theo thứ tự (phân cách bằng dấu phẩy)', 'Decisions in order (comma separated)'), decisions, L('Ví dụ: accept, forward, approve, return-result', 'e.g. accept, forward, approve, return-result')),
        field(L('Sự kiện nhận được (tùy chọn)', 'Messages received (optional)'), messagesInput),
        runBtn, runOut))),
    h('section', { class: 'esb-card mt-3', 'aria-labelledby': 'run-canvas-title' }, h('h3', { class: 'h6', id: 'run-canvas-title' }, L('Đường đi trên sơ đồ', 'Path on the diagram')), canvasEl),
    h('section', { class: 'esb-card', 'aria-labelledby': 'versions-title' }, h('h3', { class: 'h6', id: 'versions-title' }, L('Lịch sử phiên bản', 'Version history')), versionsEl));
  await renderVersions().catch((err) => mount(versionsEl, h('div', { class: 'alert alert-danger' }, errorText(err))));
  return () => editor?.destroy();
}

function renderDiff(d: VersionDiff): HTMLElement {
  const items: HTMLElement[] = [];
  const show = (v: unknown) => h('pre', null, typeof v === 'string' ? v : JSON.stringify(v, null, 1));
  const beforeAfter = (from: unknown, to: unknown) => h('div', { class: 'row' }, h('div', { class: 'col' }, L('Trước: ', 'Before: '), show(from)), h('div', { class: 'col' }, L('Sau: ', 'After: '), show(to)));
  const changeWord = { added: L('thêm', 'added'), removed: L('bỏ', 'removed'), changed: L('sửa', 'changed') } as const;
  /** One changed thing: its name, what happened to it, and each property's old and new value. */
  const entry = (title: string, change: keyof typeof changeWord, changes: PropertyChange[]) =>
    items.push(h('li', null, h('strong', null, title), ` (${changeWord[change]})`, ...changes.map((c) => h('div', null, h('span', { class: 'text-body-secondary' }, c.property), beforeAfter(c.from, c.to)))));
  for (const m of d.metadata) items.push(h('li', null, h('strong', null, m.field), beforeAfter(m.from, m.to)));
  for (const c of d.components.details) entry(`${L('Thành phần', 'Component')} ${c.name} [${c.id}]`, c.change, c.changes);
  const formFields = (prefix: string, f: FormDiff) => {
    for (const x of f.fields) entry(`${prefix} ${x.label ?? x.path} [${x.path}]`, x.change, x.changes);
    if (f.changed && !f.fields.length) items.push(h('li', null, `${prefix}: ${L('bố cục có sửa đổi', 'the layout changed')}`));
  };
  formFields(L('Trường biểu mẫu', 'Form field'), d.form);
  for (const sf of d.stepForms.details) {
    if (sf.change === 'changed') formFields(`${L('Biểu mẫu bước', 'Step form')} ${sf.key} ·`, sf.form);
    else entry(`${L('Biểu mẫu bước', 'Step form')} ${sf.key}`, sf.change, []);
  }
  for (const e of d.process.elements) entry(`${L('Quy trình', 'Process')} ${e.type} ${e.name || e.id} [${e.id}]`, e.change, e.changes);
  if (d.process.changed && !d.process.elements.length) {
    items.push(h('li', null, d.process.unreadable ? L('Quy trình có sửa đổi (không đọc được sơ đồ để so sánh)', 'The process changed (a diagram could not be read to compare)') : L('Sơ đồ có sửa đổi bố cục', 'The diagram layout changed')));
  }
  return items.length ? h('ul', { id: 'diff-list' }, ...items) : h('p', { id: 'diff-list' }, L('Hai phiên bản giống nhau.', 'The two versions are the same.'));
}
