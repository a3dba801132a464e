/**
 * Step 3: the citizen's e-form, and the forms of officials' steps (a user task's formKey
 * names one), in the form.io builder, with a live preview as the citizen sees it, fields to
 * prefill from the citizen's profile, and loading an older form.io JSON from a file.
 */
import { h, mount, field, debounce } from '../../../ui/dom.js';
import { L } from '../../../ui/i18n.js';
import { errorText } from '../../app.js';
import type { WizardContext } from '../wizard.js';
import type { FormioForm } from '../../stores/services.js';
import { PREFILL_FIELDS, prefillLabel } from '../../form/palette.js';
import { formFields } from '../../lib/form-fields.js';
import { componentKeyOf, formTargetOf } from '../../lib/where.js';

const EMPTY: FormioForm = { display: 'form', components: [] };
const SAMPLE_PROFILE = { fullName: 'Nguyễn Văn An', citizenId: '001099012345', phone: '0912345678', email: 'nguyenvanan@example.vn', address: 'Số 1 Phúc Xá, Ba Đình, Hà Nội' };

/** formKeys the diagram's user tasks name. */
const formKeysOf = (xml: string | null) => [...new Set([...(xml ?? '').matchAll(/camunda:formKey="([^"]+)"/g)].map((m) => m[1]))];

export async function renderFormStep(ctx: WizardContext, container: HTMLElement) {
  mount(container, h('p', { role: 'status' }, L('Đang tải trình thiết kế biểu mẫu…', 'Loading the form builder…')));
  const [mod, units] = await Promise.all([import('../../form/builder.js'), ctx.studio.services.units(), ctx.studio.loadStyles('builder')]);

  // Which form: '' is the citizen's, otherwise a step form key; a problem followed here names one.
  const target = formTargetOf(ctx.where);
  let which = target && (target.form === '' || ctx.service.stepForms[target.form]) ? target.form : '';
  const formOf = (key: string): FormioForm => structuredClone((key ? ctx.service.stepForms[key] : ctx.service.form) ?? EMPTY);
  let current = formOf(which);

  const selector = h('select', { class: 'form-select', id: 'form-which' });
  const renderSelector = () => {
    const keys = [...new Set([...Object.keys(ctx.service.stepForms), ...formKeysOf(ctx.service.bpmnXml)])].sort();
    mount(selector, h('option', { value: '' }, L('Biểu mẫu của người dân (tờ khai)', "The citizen's form")), ...keys.map((k) => h('option', { value: k }, L(`Biểu mẫu bước xử lý: ${k}`, `Step form: ${k}`))));
    selector.value = which;
  };
  const newKey = h('input', { class: 'form-control', id: 'form-new-key', placeholder: 'tham-dinh', pattern: '[A-Za-z0-9][A-Za-z0-9_.-]*' });
  const addKey = h('button', { type: 'button', class: 'btn btn-outline-primary' }, L('Thêm biểu mẫu bước', 'Add a step form'));

  const fileInput = h('input', { type: 'file', class: 'form-control', id: 'form-file', accept: '.json,application/json' });
  const fileState = h('div', { class: 'small', role: 'status' });
  const builderEl = h('div', { class: 'esb-builder', id: 'form-builder' });
  const previewEl = h('div', { class: 'esb-preview', id: 'form-preview', 'aria-label': L('Xem trước biểu mẫu', 'Form preview') });
  const prefillEl = h('div', { id: 'form-prefill' });
  const withProfile = h('input', { type: 'checkbox', id: 'preview-profile', checked: true });

  const save = () => {
    const key = which;
    const form = current;
    ctx.autosave(`form:${key}`, (rv) => (key ? ctx.studio.services.saveStepForm(ctx.service.id, key, form, rv) : ctx.studio.services.saveForm(ctx.service.id, form, rv)));
  };

  let preview: { destroy(): void } | null = null;
  const renderPreview = debounce(async () => {
    preview?.destroy();
    previewEl.replaceChildren();
    try {
      preview = await mod.mountPreview(previewEl, current, which === '' && withProfile.checked ? SAMPLE_PROFILE : undefined);
    } catch (err) {
      mount(previewEl, h('div', { class: 'alert alert-danger' }, errorText(err)));
    }
  }, 400);
  withProfile.addEventListener('change', () => renderPreview());

  // Prefill: which profile field fills which form field (properties.prefill, read by the portal and the server).
  const renderPrefill = () => {
    if (which !== '') return mount(prefillEl, h('p', { class: 'small text-body-secondary' }, L('Biểu mẫu bước xử lý do cán bộ điền: không điền sẵn từ hồ sơ công dân.', 'Step forms are filled by officials: no prefill from the citizen profile.')));
    const inputs = formFields(current).filter((f) => ['textfield', 'email', 'textarea', 'phoneNumber'].includes(f.type));
    if (!inputs.length) return mount(prefillEl, h('p', { class: 'small text-body-secondary' }, L('Thêm ô văn bản để điền sẵn thông tin công dân.', 'Add text fields to prefill them from the citizen profile.')));
    mount(prefillEl, h('table', { class: 'table table-sm mb-0' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, L('Trường', 'Field')), h('th', { scope: 'col' }, L('Điền sẵn từ', 'Prefill from')))),
      h('tbody', null, ...inputs.map((f) => {
        const sel = h('select', { class: 'form-select form-select-sm', 'aria-label': L(`Điền sẵn cho ${f.label}`, `Prefill for ${f.label}`), dataset: { key: f.key } }, h('option', { value: '' }, L('— không —', '— none —')), ...PREFILL_FIELDS.map((p) => h('option', { value: p }, prefillLabel(p))));
        sel.value = prefillOf(current, f.key) ?? '';
        sel.addEventListener('change', async () => {
          setPrefill(current, f.key, sel.value || null);
          await builder.setForm(current);
          save();
          renderPreview();
        });
        return h('tr', null, h('td', null, `${f.label} `, h('code', null, f.key)), h('td', null, sel));
      }))));
  };

  const builder = await mod.mountBuilder(builderEl, current, units, (form) => {
    current = form;
    save();
    renderPreview();
    renderPrefill();
  });

  /** Shows the designer the component a followed problem names: scrolled to, marked, focused. */
  const focusComponent = (path: string) => {
    const key = componentKeyOf(path, current);
    const box = key ? builder.find(key) : null;
    if (!box) return;
    builderEl.querySelectorAll('.esb-focus-target').forEach((e) => e.classList.remove('esb-focus-target'));
    box.classList.add('esb-focus-target');
    box.dataset.focusKey = key!;
    if (!box.hasAttribute('tabindex')) box.setAttribute('tabindex', '-1');
    box.scrollIntoView({ block: 'center' });
    box.focus({ preventScroll: true });
  };

  const switchTo = async (key: string) => {
    await ctx.flush();
    which = key;
    current = formOf(key);
    await builder.setForm(current);
    renderSelector();
    renderPrefill();
    renderPreview();
  };
  selector.addEventListener('change', () => void switchTo(selector.value));
  addKey.addEventListener('click', () => {
    const key = newKey.value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(key)) {
      newKey.classList.add('is-invalid');
      return;
    }
    newKey.classList.remove('is-invalid');
    newKey.value = '';
    void switchTo(key).then(() => {
      if (!ctx.service.stepForms[key]) save();
    });
  });

  fileInput.addEventListener('change', async () => {
    const f = fileInput.files?.[0];
    if (!f) return;
    try {
      const json = JSON.parse(await f.text());
      const form = Array.isArray(json?.components) ? json : Array.isArray(json?.form?.components) ? json.form : null;
      if (!form) throw new Error(L('Tệp không có "components" của form.io.', 'The file has no form.io "components".'));
      current = { display: form.display ?? 'form', ...(form.title && { title: form.title }), components: form.components };
      await builder.setForm(current);
      save();
      renderPrefill();
      renderPreview();
      fileState.className = 'small text-success';
      fileState.textContent = L(`Đã nạp ${f.name}: ${formFields(current).length} trường.`, `Loaded ${f.name}: ${formFields(current).length} fields.`);
    } catch (err) {
      fileState.className = 'small text-danger';
      fileState.textContent = err instanceof SyntaxError ? L('Tệp không phải JSON hợp lệ.', 'The file is not valid JSON.') : errorText(err);
    } finally {
      fileInput.value = '';
    }
  });

  renderSelector();
  mount(
    container,
    h('div', { class: 'row g-2 align-items-end mb-2' },
      h('div', { class: 'col-md-4' }, field(L('Biểu mẫu đang sửa', 'Form being edited'), selector)),
      h('div', { class: 'col-md-4' }, h('label', { class: 'form-label', for: 'form-new-key' }, L('Khóa biểu mẫu bước mới (formKey)', 'New step form key (formKey)')), h('div', { class: 'input-group mb-3' }, newKey, addKey)),
      h('div', { class: 'col-md-4' }, field(L('Nạp biểu mẫu form.io (JSON)', 'Load a form.io form (JSON)'), fileInput), fileState),
    ),
    h('section', { class: 'esb-card', 'aria-label': L('Trình thiết kế biểu mẫu', 'Form builder') }, builderEl),
    h('div', { class: 'row g-3' },
      h('section', { class: 'col-lg-7', 'aria-labelledby': 'preview-title' }, h('div', { class: 'd-flex align-items-center gap-3 mb-2' }, h('h3', { class: 'h6 mb-0', id: 'preview-title' }, L('Người dân sẽ thấy', 'What the citizen sees')), field(L('Điền sẵn bằng hồ sơ mẫu', 'Prefill with a sample profile'), withProfile)), previewEl),
      h('section', { class: 'col-lg-5', 'aria-labelledby': 'prefill-title' }, h('div', { class: 'esb-card' }, h('h3', { class: 'h6', id: 'prefill-title' }, L('Điền sẵn từ hồ sơ công dân', "Prefill from the citizen's profile")), prefillEl)),
    ),
  );
  renderPrefill();
  renderPreview();
  if (target) focusComponent(target.path);
  return () => {
    renderPreview.cancel();
    preview?.destroy();
    builder.destroy();
  };
}

function findComponent(form: FormioForm, key: string): Record<string, any> | null {
  let found: Record<string, any> | null = null;
  const walk = (components: any[] | undefined) => components?.forEach((c) => {
    if (found || !c) return;
    if (c.key === key && c.input !== false) found = c;
    walk(c.components);
    c.columns?.forEach((col: any) => walk(col.components));
    c.rows?.forEach((row: any[]) => row?.forEach((cell) => walk(cell?.components)));
  });
  walk(form.components as any[]);
  return found;
}

const prefillOf = (form: FormioForm, key: string): string | undefined => findComponent(form, key)?.properties?.prefill;

function setPrefill(form: FormioForm, key: string, value: string | null) {
  const c = findComponent(form, key);
  if (!c) return;
  c.properties = { ...(c.properties ?? {}) };
  if (value) c.properties.prefill = value;
  else delete c.properties.prefill;
}
