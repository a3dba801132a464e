/**
 * Step 1: the service itself. Every change is autosaved (PUT with the row version); the
 * server's schema is the judge, its field errors are shown in the save state.
 */
import { h, mount, field, uid } from '../../../ui/dom.js';
import { L, formatVnd } from '../../../ui/i18n.js';
import type { WizardContext } from '../wizard.js';
import type { ServiceMetadata, Unit } from '../../stores/services.js';
import { feelInput } from '../../lib/feel.js';
import { formFields } from '../../lib/form-fields.js';
import { indexIn } from '../../lib/where.js';

type Fee = ServiceMetadata['fees'][number];

export async function renderMetadataStep(ctx: WizardContext, container: HTMLElement) {
  const m: ServiceMetadata = structuredClone(ctx.service.metadata);
  const units = await ctx.studio.services.units();
  const fields = formFields(ctx.service.form);
  const fieldKeys = () => fields.map((f) => f.key);
  const changed = () => ctx.autosave('metadata', (rv) => ctx.studio.services.saveMetadata(ctx.service.id, m, rv));

  const text = (key: 'name' | 'field' | 'description' | 'timeLimitNote' | 'result', label: string, opts: { area?: boolean; help?: string } = {}) => {
    const input = opts.area ? h('textarea', { class: 'form-control', rows: '3', name: key }) : h('input', { class: 'form-control', name: key });
    input.value = m[key] ?? '';
    input.dataset.where = `metadata.${key}`;
    input.addEventListener('input', () => {
      m[key] = input.value;
      changed();
    });
    return field(label, input, opts.help);
  };

  const code = h('input', { class: 'form-control', name: 'procedureCode', value: m.procedureCode ?? '', placeholder: '1.001193', pattern: '[0-9]+(\\.[0-9]+){1,3}' });
  code.addEventListener('input', () => {
    m.procedureCode = code.value.trim() || null;
    changed();
  });

  const level = h('fieldset', { class: 'mb-3', 'data-where': 'metadata.onlineLevel' }, h('legend', { class: 'form-label fs-6' }, L('Mức độ cung cấp trực tuyến', 'Online level')),
    ...(['full', 'partial'] as const).map((v) => {
      const r = h('input', { type: 'radio', name: 'onlineLevel', value: v, checked: m.onlineLevel === v });
      r.addEventListener('change', () => {
        m.onlineLevel = v;
        changed();
      });
      return field(v === 'full' ? L('Toàn trình (mức 4)', 'Full online (level 4)') : L('Một phần', 'Partial'), r);
    }));

  const limit = h('input', { type: 'number', class: 'form-control', name: 'timeLimitDays', min: '0', max: '365', step: '0.5', value: String(m.timeLimitDays) });
  limit.dataset.where = 'metadata.timeLimitDays';
  limit.addEventListener('input', () => {
    const n = Number(limit.value);
    if (limit.value !== '' && Number.isFinite(n)) {
      m.timeLimitDays = n;
      changed();
    }
  });

  // Fees as rows.
  const feeBody = h('tbody');
  const renderFees = () => {
    mount(
      feeBody,
      ...m.fees.map((fee, i) => {
        const name = h('input', { class: 'form-control form-control-sm', value: fee.name, 'aria-label': L(`Tên phí, lệ phí ${i + 1}`, `Fee ${i + 1} name`) });
        const removeLabel = () => L(`Xóa phí ${fee.name || i + 1}`, `Remove fee ${fee.name || i + 1}`);
        name.addEventListener('input', () => { fee.name = name.value; remove.setAttribute('aria-label', removeLabel()); changed(); });
        const amount = h('input', { type: 'number', min: '0', step: '1000', class: 'form-control form-control-sm', value: String(fee.amountVnd), 'aria-label': L(`Mức thu (đồng) ${i + 1}`, `Amount (VND) ${i + 1}`) });
        const amountText = h('div', { class: 'small text-body-secondary' }, formatVnd(fee.amountVnd));
        amount.addEventListener('input', () => { fee.amountVnd = Math.max(0, Math.round(Number(amount.value) || 0)); amountText.textContent = formatVnd(fee.amountVnd); changed(); });
        const cond = feelInput({ value: fee.condition ?? '', label: L('Áp dụng khi (FEEL)', 'Applies when (FEEL)'), knownNames: fieldKeys, placeholder: L('để trống = luôn áp dụng', 'empty = always'), onInput: (v) => { if (v.trim()) fee.condition = v.trim(); else delete fee.condition; changed(); } });
        cond.input.dataset.where = `metadata.fees[${i}].condition`;
        const qty = h('select', { class: 'form-select form-select-sm', 'aria-label': L(`Số lượng lấy từ trường ${i + 1}`, `Quantity field ${i + 1}`) }, h('option', { value: '' }, L('— một lần —', '— once —')), ...fields.filter((f) => f.type === 'number').map((f) => h('option', { value: f.key }, `${f.label} (${f.key})`)));
        if (fee.quantityField && !fields.some((f) => f.key === fee.quantityField)) qty.appendChild(h('option', { value: fee.quantityField }, fee.quantityField));
        qty.value = fee.quantityField ?? '';
        qty.dataset.where = `metadata.fees[${i}].quantityField`;
        qty.addEventListener('change', () => { if (qty.value) fee.quantityField = qty.value; else delete fee.quantityField; changed(); });
        const due = h('select', { class: 'form-select form-select-sm', 'aria-label': L(`Thời điểm thu ${i + 1}`, `When paid ${i + 1}`) }, h('option', { value: 'submission' }, L('Khi nộp hồ sơ', 'At submission')), h('option', { value: 'payment-step' }, L('Ở bước thanh toán', 'At the payment step')));
        due.value = fee.dueAt;
        due.addEventListener('change', () => { fee.dueAt = due.value as Fee['dueAt']; changed(); });
        // Named after the fee as it is now called (a screen reader hears which row it removes).
        const remove = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', 'aria-label': removeLabel() }, L('Xóa', 'Remove'));
        remove.addEventListener('click', () => { m.fees.splice(i, 1); renderFees(); changed(); });
        return h('tr', null, h('td', null, name, fee.note ? h('div', { class: 'small text-body-secondary' }, fee.note) : null), h('td', null, amount, amountText), h('td', null, cond.element), h('td', null, qty), h('td', null, due), h('td', null, remove));
      }),
    );
  };
  const addFee = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm' }, L('+ Thêm phí, lệ phí', '+ Add a fee'));
  addFee.addEventListener('click', () => {
    const ids = new Set(m.fees.map((f) => f.id));
    let n = m.fees.length + 1;
    while (ids.has(`phi-${n}`)) n++;
    m.fees.push({ id: `phi-${n}`, name: '', amountVnd: 0, dueAt: 'submission' });
    renderFees();
    changed();
  });
  renderFees();

  // Legal basis as a list.
  const legalList = h('ol', { class: 'ps-3' });
  const renderLegal = () =>
    mount(
      legalList,
      ...m.legalBasis.map((text, i) => {
        const input = h('input', { class: 'form-control form-control-sm', value: text, 'aria-label': L(`Căn cứ pháp lý ${i + 1}`, `Legal basis ${i + 1}`) });
        input.addEventListener('input', () => { m.legalBasis[i] = input.value; changed(); });
        const remove = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', 'aria-label': L(`Xóa căn cứ ${i + 1}`, `Remove basis ${i + 1}`) }, '×');
        remove.addEventListener('click', () => { m.legalBasis.splice(i, 1); renderLegal(); changed(); });
        return h('li', { class: 'mb-1' }, h('div', { class: 'input-group input-group-sm' }, input, remove));
      }),
    );
  const addLegal = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm' }, L('+ Thêm văn bản', '+ Add a legal text'));
  addLegal.addEventListener('click', () => { m.legalBasis.push(''); renderLegal(); (legalList.lastElementChild?.querySelector('input') as HTMLInputElement | null)?.focus(); });
  renderLegal();

  // Who may apply, result channels.
  const checks = <T extends string>(legend: string, where: string, options: Array<[T, string]>, list: T[]) =>
    h('fieldset', { class: 'mb-3', 'data-where': where }, h('legend', { class: 'form-label fs-6' }, legend),
      ...options.map(([v, label]) => {
        const box = h('input', { type: 'checkbox', value: v, checked: list.includes(v) });
        box.addEventListener('change', () => {
          const i = list.indexOf(v);
          if (box.checked && i < 0) list.push(v);
          if (!box.checked && i >= 0) list.splice(i, 1);
          changed();
        });
        return field(label, box);
      }));
  const onBehalf = h('input', { type: 'checkbox', checked: m.applicants.onBehalf });
  onBehalf.addEventListener('change', () => { m.applicants.onBehalf = onBehalf.checked; changed(); });

  const tree = unitTree(units, ctx.service.unitId, m.receivingUnitIds, changed);

  mount(
    container,
    h('form', { class: 'row g-3', novalidate: true, onsubmit: (e: Event) => e.preventDefault() },
      h('div', { class: 'col-lg-7' },
        h('section', { class: 'esb-card' },
          h('h3', { class: 'h6' }, L('Thông tin chung', 'General')),
          field(L('Mã thủ tục (CSDL quốc gia)', 'Procedure code (national)'), code, L('Để trống nếu là thủ tục đặc thù của địa phương.', 'Leave empty for a local procedure.')),
          text('name', L('Tên dịch vụ', 'Service name')),
          text('field', L('Lĩnh vực', 'Field')),
          text('description', L('Mô tả', 'Description'), { area: true }),
          level,
          field(L('Thời hạn giải quyết (ngày làm việc)', 'Time limit (working days)'), limit, L('0 = trả trong ngày; được dùng nửa ngày (0,5).', '0 = the same day; half days allowed.')),
          text('timeLimitNote', L('Ghi chú thời hạn', 'Time limit note')),
          text('result', L('Kết quả giải quyết', 'Result'), { area: true }),
          checks(L('Hình thức trả kết quả', 'Result returned'), 'metadata.resultChannels', [['online', L('Trực tuyến', 'Online')], ['post', L('Qua bưu chính', 'By post')], ['counter', L('Tại bộ phận một cửa', 'At the counter')]], m.resultChannels),
        ),
        h('section', { class: 'esb-card', 'data-where': 'metadata.fees' },
          h('h3', { class: 'h6' }, L('Phí, lệ phí', 'Fees')),
          h('div', { class: 'table-responsive' },
            h('table', { class: 'table table-sm esb-fees' },
              h('thead', null, h('tr', null, ...[L('Tên', 'Name'), L('Mức thu', 'Amount'), L('Điều kiện', 'Condition'), L('Số lượng theo', 'Per'), L('Thời điểm thu', 'Paid'), ''].map((c) => h('th', { scope: 'col' }, c)))),
              feeBody)),
          addFee,
        ),
      ),
      h('div', { class: 'col-lg-5' },
        h('section', { class: 'esb-card', 'data-where': 'metadata.receivingUnitIds' }, h('h3', { class: 'h6', id: 'units-title' }, L('Đơn vị tiếp nhận', 'Receiving units')), h('p', { class: 'small text-body-secondary' }, L('Người dân chọn một trong các đơn vị này khi nộp hồ sơ.', 'Citizens choose one of these units when applying.')), tree),
        h('section', { class: 'esb-card', 'data-where': 'metadata.applicants' },
          h('h3', { class: 'h6' }, L('Đối tượng thực hiện', 'Who may apply')),
          checks('', 'metadata.applicants', [['citizen', L('Công dân', 'Citizens')], ['business', L('Doanh nghiệp (mã số thuế)', 'Businesses (tax code)')], ['household', L('Hộ gia đình', 'Households')]], m.applicants.kinds),
          field(L('Cho phép nộp thay (có giấy ủy quyền)', 'May file on behalf of someone (with authorization)'), onBehalf),
        ),
        h('section', { class: 'esb-card', 'data-where': 'metadata.legalBasis' }, h('h3', { class: 'h6' }, L('Căn cứ pháp lý', 'Legal basis')), legalList, addLegal),
      ),
    ),
  );
  focusWhere(container, ctx.where);
}

/** The owner unit and the units below it, as a tree of checkboxes. */
function unitTree(units: Unit[], ownerId: string, selected: string[], changed: () => void): HTMLElement {
  const children = new Map<string | null, Unit[]>();
  for (const u of units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const owner = units.find((u) => u.id === ownerId);
  if (!owner) return h('p', null, L('Không đọc được cây đơn vị.', 'Cannot read the unit tree.'));
  const toggle = (id: string, on: boolean) => {
    const i = selected.indexOf(id);
    if (on && i < 0) selected.push(id);
    if (!on && i >= 0) selected.splice(i, 1);
  };
  const node = (u: Unit): HTMLElement => {
    const id = uid('unit');
    const box = h('input', { type: 'checkbox', class: 'form-check-input', id, value: u.id, checked: selected.includes(u.id), disabled: !u.active, dataset: { agency: u.agencyCode } });
    box.addEventListener('change', () => { toggle(u.id, box.checked); changed(); });
    const kids = children.get(u.id) ?? [];
    const all = kids.length
      ? h('button', { type: 'button', class: 'btn btn-link btn-sm p-0 ms-2', onclick: () => { const boxes = li.querySelectorAll<HTMLInputElement>('ul input[type=checkbox]:not(:disabled)'); const on = [...boxes].some((b) => !b.checked); boxes.forEach((b) => { b.checked = on; toggle(b.value, on); }); changed(); } }, L('chọn/bỏ tất cả đơn vị trực thuộc', 'toggle all below'))
      : null;
    const li = h('li', null, h('div', { class: 'form-check' }, box, h('label', { class: 'form-check-label', for: id }, `${u.name} `, h('span', { class: 'text-body-secondary small' }, u.agencyCode)), all), kids.length ? h('ul', { class: 'esb-tree' }, ...kids.map(node)) : null);
    return li;
  };
  return h('ul', { class: 'esb-tree esb-tree-root', 'aria-labelledby': 'units-title' }, node(owner));
}

/** Scrolls to and focuses the place a check's link points at. */
export function focusWhere(container: HTMLElement, where: string | null) {
  if (!where) return;
  let target = container.querySelector<HTMLElement>(`[data-where="${CSS.escape(where)}"]`);
  if (!target) {
    const list = where.replace(/\[\d+\].*$/, '');
    const i = indexIn(where, list);
    target = container.querySelector<HTMLElement>(`[data-where="${CSS.escape(list)}"]`);
    if (i !== null) target = container.querySelector<HTMLElement>(`[data-where^="${CSS.escape(`${list}[${i}]`)}"]`) ?? target;
  }
  if (!target) return;
  target.scrollIntoView({ block: 'center' });
  const focusable = target.matches('input,select,textarea,button') ? target : target.querySelector<HTMLElement>('input,select,textarea,button');
  focusable?.focus();
  target.classList.add('border', 'border-danger');
}
