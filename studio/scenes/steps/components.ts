/**
 * Step 2: the dossier components. Add, reorder, required / optional / required when a FEEL
 * condition over the form holds (built from the form's fields or written by hand), file
 * types, size, and a template file uploaded with a progress bar.
 */
import { h, mount, field, uid } from '../../../ui/dom.js';
import { L } from '../../../ui/i18n.js';
import { errorText } from '../../app.js';
import type { WizardContext } from '../wizard.js';
import type { DossierComponent } from '../../stores/services.js';
import { feelInput } from '../../lib/feel.js';
import { formFields, type FormField } from '../../lib/form-fields.js';
import { focusWhere } from './metadata.js';

const FILE_TYPES = ['pdf', 'jpg', 'png', 'docx', 'doc', 'xlsx', 'xls', 'zip'];

export async function renderComponentsStep(ctx: WizardContext, container: HTMLElement) {
  const list: DossierComponent[] = structuredClone(ctx.service.components);
  const fields = formFields(ctx.service.form);
  const changed = () => ctx.autosave('components', (rv) => ctx.studio.services.saveComponents(ctx.service.id, list, rv));
  const body = h('div', { id: 'components-list' });

  const render = () => {
    mount(body, list.length ? list.map((c, i) => row(c, i)) : h('p', { class: 'text-body-secondary' }, L('Chưa có thành phần hồ sơ nào.', 'No dossier component yet.')));
  };

  const row = (c: DossierComponent, i: number) => {
    const titleId = uid('comp');
    const name = h('input', { class: 'form-control', value: c.name, name: `component-${i}-name` });
    name.addEventListener('input', () => { c.name = name.value; heading.textContent = `${i + 1}. ${c.name || L('(chưa đặt tên)', '(no name)')}`; changed(); });
    const heading = h('h3', { class: 'h6 mb-0 me-auto', id: titleId }, `${i + 1}. ${c.name || L('(chưa đặt tên)', '(no name)')}`);

    const requirement = h('select', { class: 'form-select', name: `component-${i}-requirement` },
      h('option', { value: 'required' }, L('Bắt buộc', 'Required')),
      h('option', { value: 'optional' }, L('Không bắt buộc', 'Optional')),
      h('option', { value: 'conditional' }, L('Bắt buộc khi có điều kiện', 'Required when a condition holds')));
    requirement.value = c.requirement;
    const condSlot = h('div');
    const renderCondition = () => {
      if (c.requirement !== 'conditional') return mount(condSlot);
      const feel = feelInput({ value: c.condition ?? '', label: L('Điều kiện (FEEL)', 'Condition (FEEL)'), knownNames: () => fields.map((f) => f.key), name: `component-${i}-condition`, onInput: (v) => { if (v.trim()) c.condition = v.trim(); else delete c.condition; changed(); } });
      feel.input.dataset.where = `components[${i}].condition`;
      mount(condSlot, h('div', { class: 'border rounded p-2 mb-2 bg-light' }, conditionBuilder(fields, (expr) => { feel.input.value = expr; feel.input.dispatchEvent(new Event('input')); }), feel.element));
    };
    requirement.addEventListener('change', () => {
      c.requirement = requirement.value as DossierComponent['requirement'];
      if (c.requirement !== 'conditional') delete c.condition;
      renderCondition();
      changed();
    });
    renderCondition();

    const num = (key: 'originals' | 'copies', label: string) => {
      const input = h('input', { type: 'number', min: '0', max: '100', class: 'form-control', value: String(c[key]) });
      input.addEventListener('input', () => { c[key] = Math.max(0, Math.min(100, Math.round(Number(input.value) || 0))); changed(); });
      return field(label, input);
    };
    const size = h('input', { type: 'number', min: '0.5', max: '50', step: '0.5', class: 'form-control', value: String(c.maxSizeMb) });
    size.addEventListener('input', () => { const n = Number(size.value); if (n > 0 && n <= 50) { c.maxSizeMb = n; changed(); } });
    const types = h('fieldset', { class: 'mb-2' }, h('legend', { class: 'form-label fs-6' }, L('Loại tệp chấp nhận', 'Accepted file types')),
      h('div', { class: 'd-flex flex-wrap gap-3' }, ...FILE_TYPES.map((ft) => {
        const box = h('input', { type: 'checkbox', value: ft, checked: c.fileTypes.includes(ft) });
        box.addEventListener('change', () => {
          const next = box.checked ? [...new Set([...c.fileTypes, ft])] : c.fileTypes.filter((x) => x !== ft);
          if (!next.length) { box.checked = true; return; }
          c.fileTypes = next;
          changed();
        });
        return field(ft.toUpperCase(), box);
      })));
    const note = h('textarea', { class: 'form-control', rows: '2' });
    note.value = c.note ?? '';
    note.addEventListener('input', () => { if (note.value.trim()) c.note = note.value; else delete c.note; changed(); });

    // Template upload: the component must exist on the server first, so pending saves go first.
    const file = h('input', { type: 'file', class: 'form-control', accept: '.pdf,.doc,.docx,.xls,.xlsx' });
    const bar = h('div', { class: 'progress-bar', style: 'width: 0%' });
    const progress = h('div', { class: 'progress esb-progress mt-1 d-none', role: 'progressbar', 'aria-label': L('Tiến độ tải lên', 'Upload progress'), 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, bar);
    const uploadState = h('div', { class: 'small', 'aria-live': 'polite' }, c.templateFileId ? L('Đã có tệp mẫu.', 'A template file is uploaded.') : '');
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (!f) return;
      progress.classList.remove('d-none');
      uploadState.textContent = L('Đang tải lên…', 'Uploading…');
      if (!(await ctx.flush())) { uploadState.textContent = L('Hãy sửa các lỗi chưa lưu trước khi tải tệp.', 'Fix the unsaved changes before uploading.'); return; }
      try {
        const next = await ctx.studio.services.uploadTemplate(ctx.service.id, c.id, f, (fraction) => {
          const pct = Math.round(fraction * 100);
          bar.style.width = `${pct}%`;
          progress.setAttribute('aria-valuenow', String(pct));
        });
        ctx.replaceService(next);
        c.templateFileId = next.components.find((x) => x.id === c.id)?.templateFileId ?? null;
        uploadState.textContent = L(`Đã tải lên ${f.name}.`, `${f.name} uploaded.`);
      } catch (err) {
        uploadState.textContent = errorText(err);
        uploadState.className = 'small text-danger';
      }
    });

    const move = (d: -1 | 1) => {
      const j = i + d;
      if (j < 0 || j >= list.length) return;
      [list[i], list[j]] = [list[j], list[i]];
      render();
      changed();
      (body.children[j]?.querySelector(`button[data-move="${d}"]`) as HTMLButtonElement | null)?.focus();
    };
    return h('section', { class: 'esb-card', 'aria-labelledby': titleId, 'data-where': `components[${i}]` },
      h('div', { class: 'd-flex align-items-center gap-1 mb-2' }, heading,
        h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', 'data-move': '-1', disabled: i === 0, 'aria-label': L(`Đưa "${c.name}" lên`, `Move "${c.name}" up`), onclick: () => move(-1) }, '↑'),
        h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', 'data-move': '1', disabled: i === list.length - 1, 'aria-label': L(`Đưa "${c.name}" xuống`, `Move "${c.name}" down`), onclick: () => move(1) }, '↓'),
        h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', onclick: () => { if (confirm(L(`Xóa thành phần "${c.name}"?`, `Remove "${c.name}"?`))) { list.splice(i, 1); render(); changed(); } } }, L('Xóa', 'Remove'))),
      h('div', { class: 'row g-2' },
        h('div', { class: 'col-md-8' }, field(L('Tên giấy tờ', 'Document name'), name)),
        h('div', { class: 'col-md-4' }, field(L('Yêu cầu', 'Requirement'), requirement)),
        h('div', { class: 'col-12' }, condSlot),
        h('div', { class: 'col-4 col-md-2' }, num('originals', L('Bản chính', 'Originals'))),
        h('div', { class: 'col-4 col-md-2' }, num('copies', L('Bản sao', 'Copies'))),
        h('div', { class: 'col-4 col-md-2' }, field(L('Tối đa (MB)', 'Max (MB)'), size)),
        h('div', { class: 'col-md-6' }, field(L('Tệp mẫu để tải về', 'Template to download'), file), progress, uploadState),
        h('div', { class: 'col-12' }, types),
        h('div', { class: 'col-12' }, field(L('Ghi chú', 'Note'), note)),
      ));
  };

  const add = h('button', { type: 'button', class: 'btn btn-primary' }, L('+ Thêm thành phần hồ sơ', '+ Add a component'));
  add.addEventListener('click', () => {
    const ids = new Set(list.map((c) => c.id));
    let n = list.length + 1;
    while (ids.has(`tp-${n}`)) n++;
    list.push({ id: `tp-${n}`, name: L('Giấy tờ mới', 'New document'), requirement: 'required', originals: 1, copies: 0, fileTypes: ['pdf', 'jpg', 'png'], maxSizeMb: 10 });
    render();
    changed();
    const inputs = body.querySelectorAll<HTMLInputElement>('input[name$="-name"]');
    inputs[inputs.length - 1]?.select();
  });

  render();
  mount(container, fields.length ? null : h('p', { class: 'small text-body-secondary' }, L('Gợi ý: điều kiện đọc các trường của biểu mẫu ở bước 3.', 'Tip: conditions read the fields of the form of step 3.')), body, add);
  focusWhere(container, ctx.where);
}

/** Builds `field op value` from the form's fields; the result goes into the FEEL input. */
function conditionBuilder(fields: FormField[], apply: (expr: string) => void): HTMLElement {
  if (!fields.length) return h('p', { class: 'small mb-1' }, L('Biểu mẫu chưa có trường nào để đặt điều kiện; có thể viết FEEL trực tiếp.', 'The form has no field to build a condition from; write FEEL directly.'));
  const fieldSel = h('select', { class: 'form-select form-select-sm' }, ...fields.map((f) => h('option', { value: f.key }, `${f.label} (${f.key})`)));
  const op = h('select', { class: 'form-select form-select-sm' }, ...['=', '!=', '>', '>=', '<', '<='].map((o) => h('option', { value: o }, o)));
  const value = h('input', { class: 'form-control form-control-sm', placeholder: 'true' });
  const syncDefaults = () => {
    const f = fields.find((x) => x.key === fieldSel.value);
    if (f?.type === 'checkbox') value.value = 'true';
  };
  fieldSel.addEventListener('change', syncDefaults);
  syncDefaults();
  const use = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm' }, L('Dùng điều kiện này', 'Use this condition'));
  use.addEventListener('click', () => {
    const f = fields.find((x) => x.key === fieldSel.value)!;
    const raw = value.value.trim();
    const literal = /^(true|false|null|-?\d+(\.\d+)?)$/.test(raw) && f.type !== 'textfield' ? raw : JSON.stringify(raw);
    apply(`${f.key} ${op.value} ${literal}`);
  });
  return h('div', { class: 'row g-1 align-items-end mb-2' },
    h('div', { class: 'col-md-5' }, field(L('Trường', 'Field'), fieldSel)),
    h('div', { class: 'col-md-2' }, field(L('Phép so sánh', 'Operator'), op)),
    h('div', { class: 'col-md-3' }, field(L('Giá trị', 'Value'), value)),
    h('div', { class: 'col-md-2 mb-3' }, use));
}
