/**
 * Step 4: the electronic process in the bpmn-js modeler: start from the standard template,
 * import a .bpmn file as it is, edit what the runtime uses in the properties panel, and see
 * the executable check's problems on the diagram's elements after each save.
 */
import { h, mount, field, download } from '../../../ui/dom.js';
import { L } from '../../../ui/i18n.js';
import { checkMessage } from '../../stores/services.js';
import { errorText } from '../../app.js';
import type { WizardContext } from '../wizard.js';
import { elementOf, problemsOf } from '../../lib/where.js';
import { formFields } from '../../lib/form-fields.js';

export async function renderProcessStep(ctx: WizardContext, container: HTMLElement) {
  mount(container, h('p', { role: 'status' }, L('Đang tải trình vẽ quy trình…', 'Loading the process modeler…')));
  const [{ DiagramEditor }, { propertiesPanel }, units, groups] = await Promise.all([
    import('../../modeler/modeler.js'),
    import('../../modeler/properties.js'),
    ctx.studio.services.units(),
    ctx.studio.services.groups(),
    ctx.studio.loadStyles('modeler'),
  ]);

  const canvasEl = h('div', { class: 'esb-canvas', id: 'bpmn-canvas', 'aria-label': L('Sơ đồ quy trình', 'Process diagram'), role: 'application' });
  const propsEl = h('div', { class: 'esb-props', id: 'bpmn-properties' });
  const messages = h('div', { id: 'import-messages', role: 'status', 'aria-live': 'polite' });
  const problemList = h('div', { id: 'process-problems' });
  const diagramSlot = h('div');
  const fileInput = h('input', { type: 'file', class: 'form-control', id: 'bpmn-file', accept: '.bpmn,.xml,application/xml,text/xml' });
  const templateBtn = h('button', { type: 'button', class: 'btn btn-outline-primary', id: 'use-template' }, L('Dùng quy trình một cửa chuẩn', 'Use the standard one-stop process'));
  const downloadBtn = h('button', { type: 'button', class: 'btn btn-outline-secondary' }, L('Tải tệp .bpmn', 'Download .bpmn'));

  mount(
    container,
    h('div', { class: 'd-flex flex-wrap gap-2 align-items-end mb-2' },
      templateBtn,
      h('div', null, field(L('Nhập sơ đồ từ tệp .bpmn (Camunda Modeler…)', 'Import a .bpmn file (Camunda Modeler…)'), fileInput)),
      downloadBtn,
      diagramSlot),
    messages,
    h('div', { class: 'row g-2' },
      h('div', { class: 'col-lg-8' }, canvasEl),
      h('aside', { class: 'col-lg-4', 'aria-labelledby': 'props-title' }, h('div', { class: 'esb-card' }, h('h3', { class: 'h6', id: 'props-title' }, L('Thuộc tính', 'Properties')), propsEl))),
    h('section', { class: 'esb-card mt-2', 'aria-labelledby': 'pp-title' }, h('h3', { class: 'h6', id: 'pp-title' }, L('Vấn đề của quy trình', 'Process problems')), problemList),
  );

  const editor = new DiagramEditor(canvasEl);
  let loading = false;

  const showMessages = (result: { warnings: string[]; error: string | null }, source: string) => {
    if (!result.error && !result.warnings.length) {
      mount(messages, h('p', { class: 'small text-success mb-2', dataset: { importState: 'ok' } }, L(`Đã mở ${source}.`, `${source} opened.`)));
      return;
    }
    mount(messages, h('div', { class: `alert ${result.error ? 'alert-danger' : 'alert-warning'} py-2`, dataset: { importState: result.error ? 'error' : 'warnings' } },
      result.error ? h('p', { class: 'mb-1' }, L(`Không mở được sơ đồ: ${result.error}`, `The diagram could not be opened: ${result.error}`)) : null,
      result.warnings.length ? h('ul', { class: 'mb-0 small' }, ...result.warnings.map((w) => h('li', null, w))) : null));
  };

  const renderDiagrams = () => {
    const diagrams = editor.diagrams();
    if (diagrams.length < 2) return mount(diagramSlot);
    const sel = h('select', { class: 'form-select', id: 'diagram-select' }, ...diagrams.map((d) => h('option', { value: d.id }, d.name)));
    sel.addEventListener('change', async () => {
      showMessages(await editor.openDiagram(sel.value), sel.options[sel.selectedIndex].text);
      showProblems();
    });
    mount(diagramSlot, field(L('Sơ đồ trong tệp', 'Diagram in the file'), sel));
  };

  const load = async (xml: string, source: string) => {
    loading = true;
    const result = await editor.importXml(xml);
    loading = false;
    messages.dataset.repairs = result.repairs.map((r) => `${r.kind}:${r.target}`).join(' ');
    showMessages(result, source);
    renderDiagrams();
    showProblems();
    return result;
  };

  const showProblems = () => {
    editor.showProblems(ctx.checks);
    const mine = problemsOf(ctx.checks, 'process');
    mount(problemList, mine.length
      ? h('ul', { class: 'esb-problems small mb-0' }, ...mine.map((c) => {
        const id = elementOf(c.where);
        return h('li', { class: c.severity === 'error' ? 'text-danger' : 'text-warning-emphasis' },
          id ? h('button', { type: 'button', class: 'btn btn-link btn-sm p-0 text-start', onclick: () => editor.select(id) }, `${id}: `) : null, checkMessage(c));
      }))
      : h('p', { class: 'small text-success mb-0' }, L('Quy trình không có vấn đề nào.', 'The process has no problems.')));
  };

  // The XML is taken at each change, not when the save runs: a save a closing tab starts must
  // send its request at once (with keepalive), with no await before it.
  const save = () => {
    if (loading) return;
    void editor.xml().then((xml) => ctx.autosave('process', (rv) => ctx.studio.services.saveProcess(ctx.service.id, xml, rv)));
  };
  editor.get('eventBus').on('commandStack.changed', save);

  propertiesPanel(propsEl, {
    editor,
    groups,
    units,
    receivingUnitIds: ctx.service.metadata.receivingUnitIds,
    formKeys: () => Object.keys(ctx.service.stepForms),
    formFieldKeys: () => formFields(ctx.service.form).map((f) => f.key),
    checks: () => ctx.checks,
  });
  ctx.onChecks(() => showProblems());

  templateBtn.addEventListener('click', async () => {
    if (ctx.service.bpmnXml && !confirm(L('Thay sơ đồ hiện tại bằng quy trình chuẩn?', 'Replace the current diagram with the standard process?'))) return;
    if (!(await ctx.flush())) return;
    try {
      const next = await ctx.studio.services.processTemplate(ctx.service.id, ctx.service.rowVersion);
      ctx.replaceService(next);
      await load(next.bpmnXml!, L('quy trình chuẩn', 'the standard process'));
    } catch (err) {
      mount(messages, h('div', { class: 'alert alert-danger py-2', role: 'alert' }, errorText(err)));
    }
  });

  fileInput.addEventListener('change', async () => {
    const f = fileInput.files?.[0];
    if (!f) return;
    // The file is saved as it came: the repairs are for display (see repair.ts).
    const xml = await readXmlFile(f);
    const result = await load(xml, f.name);
    const repairs = result.repairs;
    if (repairs.length && !result.error && !result.warnings.length) {
      messages.appendChild(h('details', { class: 'small mb-2', id: 'import-repairs' }, h('summary', null, L(`Đã sửa ${repairs.length} lỗi nhỏ của tệp khi hiển thị (tệp được lưu nguyên như cũ)`, `${repairs.length} small defects of the file repaired for display (the file is saved as it is)`)), h('ul', null, ...repairs.map((r) => h('li', null, r.message)))));
    }
    fileInput.value = '';
    if (!result.error) ctx.autosave('process', (rv) => ctx.studio.services.saveProcess(ctx.service.id, xml, rv), 100);
  });

  downloadBtn.addEventListener('click', async () => download(`${ctx.service.metadata.procedureCode ?? 'quy-trinh'}.bpmn`, await editor.xml(), 'application/xml'));

  if (ctx.service.bpmnXml) await load(ctx.service.bpmnXml, L('quy trình đã lưu', 'the saved process'));
  else {
    loading = true;
    await editor.modeler.createDiagram();
    loading = false;
    mount(messages, h('p', { class: 'small' }, L('Dịch vụ chưa có quy trình: vẽ mới, dùng quy trình chuẩn hoặc nhập tệp .bpmn.', 'No process yet: draw one, use the standard process or import a .bpmn file.')));
  }
  const target = elementOf(ctx.where);
  if (target) editor.select(target);
  return () => editor.destroy();
}

/**
 * A diagram file as text, decoded as its XML declaration says (older tools write
 * ISO-8859-1): the text is Unicode from then on, so the declaration is rewritten to UTF-8.
 */
export async function readXmlFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const head = new TextDecoder('latin1').decode(bytes.slice(0, 200));
  const declared = /^\uFEFF?<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const text = decoder.decode(bytes);
  return declared ? text.replace(/^(\uFEFF?<\?xml[^>]*encoding=["'])[A-Za-z0-9._-]+(["'])/, '$1UTF-8$2') : text;
}
