/**
 * The properties panel for what the runtime uses, written in Camunda's attributes and ours:
 * candidate groups (`camunda:candidateGroups`, picked from the unit's groups; `CODE/name` for
 * another unit's group), assignee and formKey, deadline share (`esb:deadlineShare` or
 * `esb:deadlineHours`), dossier status on entering (`esb:dossierStatus`), decisions offered
 * (`esb:decisions`), FEEL conditions on flows (linted), connectors and their inputs.
 */
import { h, mount, field, uid } from '../../ui/dom.js';
import { L } from '../../ui/i18n.js';
import { checkMessage, type Check, type Group, type Unit } from '../stores/services.js';
import { DOSSIER_STATUSES, KNOWN_DECISIONS } from '../lib/labels.js';
import { feelInput } from '../lib/feel.js';
import { elementOf } from '../lib/where.js';
import type { DiagramEditor } from './modeler.js';

const CONNECTORS = ['notify', 'http', 'request-payment', 'issue-result'];
const is = (bo: any, type: string) => typeof bo?.$instanceOf === 'function' && bo.$instanceOf(type);
const STATUS_HOLDERS = ['bpmn:Task', 'bpmn:EndEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent'];

export interface PanelContext {
  editor: DiagramEditor;
  groups: Group[];
  units: Unit[];
  receivingUnitIds: string[];
  formKeys: () => string[];
  formFieldKeys: () => string[];
  checks: () => Check[];
}

export function propertiesPanel(container: HTMLElement, ctx: PanelContext) {
  const modeling = ctx.editor.get('modeling');
  const moddle = ctx.editor.get('moddle');
  const unitById = new Map(ctx.units.map((u) => [u.id, u]));
  const receiving = new Set(ctx.receivingUnitIds);
  // Names every receiving unit can resolve, then other units' groups qualified with their code.
  const localNames = [...new Set(ctx.groups.filter((g) => receiving.has(g.unitId)).map((g) => g.name))].sort();
  const groupOptions: Array<{ value: string; label: string }> = [
    ...localNames.map((n) => ({ value: n, label: `${ctx.groups.find((g) => g.name === n && receiving.has(g.unitId))?.title ?? n} (${n}) — ${L('tại đơn vị tiếp nhận', 'at the receiving unit')}` })),
    ...ctx.groups.filter((g) => !receiving.has(g.unitId)).map((g) => {
      const u = unitById.get(g.unitId);
      return { value: `${u?.agencyCode ?? '?'}/${g.name}`, label: `${g.title} — ${u?.name ?? ''} (${u?.agencyCode ?? '?'}/${g.name})` };
    }),
  ];

  let element: any = null;
  const set = (props: Record<string, unknown>) => element && modeling.updateProperties(element, props);

  const render = () => {
    if (!element) return mount(container, h('p', { class: 'text-body-secondary small' }, L('Chọn một phần tử trên sơ đồ để sửa thuộc tính.', 'Select an element on the diagram to edit it.')));
    const bo = element.businessObject;
    const parts: HTMLElement[] = [];
    const title = h('h3', { class: 'h6' }, `${typeLabel(bo.$type)} `, h('code', { class: 'small' }, bo.id));
    parts.push(title);

    const problems = ctx.checks().filter((c) => !c.ok && elementOf(c.where) === bo.id);
    if (problems.length) parts.push(h('ul', { class: 'small text-danger ps-3', 'aria-label': L('Vấn đề của phần tử', 'Problems of this element') }, ...problems.map((p) => h('li', null, checkMessage(p)))));

    if (!element.labelTarget && bo.$type !== 'bpmn:Process' && bo.$type !== 'bpmn:Collaboration') {
      const name = h('textarea', { class: 'form-control form-control-sm', rows: '2', name: 'name' });
      name.value = bo.name ?? '';
      name.addEventListener('change', () => set({ name: name.value }));
      parts.push(field(L('Tên', 'Name'), name));
    }

    if (is(bo, 'bpmn:UserTask')) parts.push(...userTaskFields(bo));
    if (STATUS_HOLDERS.some((t) => is(bo, t))) parts.push(statusField(bo));
    if (is(bo, 'bpmn:ServiceTask') || is(bo, 'bpmn:SendTask')) parts.push(...connectorFields(bo));
    if (is(bo, 'bpmn:SequenceFlow')) parts.push(...flowFields(bo));
    mount(container, ...parts);
  };

  const userTaskFields = (bo: any): HTMLElement[] => {
    const raw = h('input', { class: 'form-control form-control-sm font-monospace', name: 'candidateGroups', value: bo.get('camunda:candidateGroups') ?? '' });
    const current = () => raw.value.split(',').map((s) => s.trim()).filter(Boolean);
    const boxes = h('div', { class: 'mb-2' }, ...groupOptions.map((o) => {
      const box = h('input', { type: 'checkbox', value: o.value, checked: current().includes(o.value), dataset: { group: o.value } });
      box.addEventListener('change', () => {
        const list = current().filter((v) => v !== o.value);
        if (box.checked) list.push(o.value);
        raw.value = list.join(',');
        set({ 'camunda:candidateGroups': raw.value || undefined });
      });
      return field(o.label, box);
    }));
    raw.addEventListener('change', () => set({ 'camunda:candidateGroups': raw.value.trim() || undefined }));
    const groupsSet = h('fieldset', { class: 'mb-2' }, h('legend', { class: 'form-label fs-6' }, L('Nhóm xử lý (candidate groups)', 'Candidate groups')), groupOptions.length ? boxes : h('p', { class: 'small text-warning-emphasis' }, L('Các đơn vị tiếp nhận chưa có nhóm nào.', 'The receiving units have no groups.')), field(L('Giá trị (phân cách bằng dấu phẩy)', 'Value (comma separated)'), raw));

    const assignee = h('input', { class: 'form-control form-control-sm', name: 'assignee', value: bo.get('camunda:assignee') ?? '' });
    assignee.addEventListener('change', () => set({ 'camunda:assignee': assignee.value.trim() || undefined }));
    const listId = uid('formkeys');
    const formKey = h('input', { class: 'form-control form-control-sm', name: 'formKey', list: listId, value: bo.get('camunda:formKey') ?? '' });
    formKey.addEventListener('change', () => set({ 'camunda:formKey': formKey.value.trim() || undefined }));
    const keys = h('datalist', { id: listId }, ...ctx.formKeys().map((k) => h('option', { value: k })));

    // Deadline: a share of the legal time limit in working days, or working hours.
    const hours = bo.get('esb:deadlineHours');
    const unit = h('select', { class: 'form-select form-select-sm', 'aria-label': L('Đơn vị thời hạn', 'Deadline unit') }, h('option', { value: 'days' }, L('ngày làm việc', 'working days')), h('option', { value: 'hours' }, L('giờ làm việc', 'working hours')));
    unit.value = hours !== undefined && hours !== null && hours !== '' ? 'hours' : 'days';
    const amount = h('input', { type: 'number', min: '0', step: '0.25', class: 'form-control form-control-sm', name: 'deadline', value: String((unit.value === 'hours' ? hours : bo.get('esb:deadlineShare')) ?? ''), 'aria-label': L('Thời hạn của bước', 'Step deadline') });
    const writeDeadline = () => {
      const v = amount.value.trim();
      set(unit.value === 'hours' ? { 'esb:deadlineHours': v || undefined, 'esb:deadlineShare': undefined } : { 'esb:deadlineShare': v || undefined, 'esb:deadlineHours': undefined });
    };
    amount.addEventListener('change', writeDeadline);
    unit.addEventListener('change', writeDeadline);
    const deadline = h('div', { class: 'mb-3' }, h('span', { class: 'form-label d-block' }, L('Thời hạn của bước (phần của thời hạn giải quyết)', "Step deadline (share of the time limit)")), h('div', { class: 'input-group input-group-sm' }, amount, unit));

    // Decisions offered to the official.
    const decisionsRaw = h('input', { class: 'form-control form-control-sm font-monospace', name: 'decisions', value: bo.get('esb:decisions') ?? '' });
    const currentDecisions = () => decisionsRaw.value.split(',').map((s) => s.trim()).filter(Boolean);
    const decisionBoxes = KNOWN_DECISIONS.map(([key, vi, en]) => {
      const box = h('input', { type: 'checkbox', value: key, checked: currentDecisions().includes(key), dataset: { decision: key } });
      box.addEventListener('change', () => {
        const list = currentDecisions().filter((d) => d !== key);
        if (box.checked) list.push(key);
        decisionsRaw.value = list.join(',');
        set({ 'esb:decisions': decisionsRaw.value || undefined });
      });
      return field(`${L(vi, en)} (${key})`, box);
    });
    decisionsRaw.addEventListener('change', () => set({ 'esb:decisions': decisionsRaw.value.trim() || undefined }));
    const decisions = h('fieldset', { class: 'mb-2' }, h('legend', { class: 'form-label fs-6' }, L('Quyết định cán bộ được chọn', 'Decisions offered')), ...decisionBoxes, field(L('Giá trị (phân cách bằng dấu phẩy)', 'Value (comma separated)'), decisionsRaw));

    return [groupsSet, field(L('Người được giao (assignee)', 'Assignee'), assignee), h('div', null, field(L('Biểu mẫu của bước (formKey)', 'Step form (formKey)'), formKey), keys), deadline, decisions];
  };

  const statusField = (bo: any) => {
    const sel = h('select', { class: 'form-select form-select-sm', name: 'dossierStatus' }, h('option', { value: '' }, L('— không đổi —', '— unchanged —')), ...DOSSIER_STATUSES.map(([n, vi, en]) => h('option', { value: String(n) }, `${n} · ${L(vi, en)}`)));
    sel.value = bo.get('esb:dossierStatus') ?? '';
    sel.addEventListener('change', () => set({ 'esb:dossierStatus': sel.value || undefined }));
    return field(L('Trạng thái hồ sơ khi vào bước', 'Dossier status on entering'), sel);
  };

  const connectorFields = (bo: any): HTMLElement[] => {
    const listId = uid('connectors');
    const connector = h('input', { class: 'form-control form-control-sm', name: 'connector', list: listId, value: bo.get('esb:connector') ?? '' });
    connector.addEventListener('change', () => set({ 'esb:connector': connector.value.trim() || undefined }));
    const inputsHolder = () => (bo.extensionElements?.values ?? []).find((v: any) => v.$type === 'esb:Inputs');
    const rows = h('div');
    const readInputs = (): Array<{ name: string; value: string }> => (inputsHolder()?.values ?? []).map((i: any) => ({ name: i.name ?? '', value: i.value ?? '' }));
    const writeInputs = (list: Array<{ name: string; value: string }>) => {
      const ext = bo.extensionElements ?? moddle.create('bpmn:ExtensionElements', { values: [] });
      const others = (ext.values ?? []).filter((v: any) => v.$type !== 'esb:Inputs');
      const values = list.filter((i) => i.name.trim()).map((i) => moddle.create('esb:Input', { name: i.name.trim(), value: i.value }));
      ext.values = values.length ? [...others, moddle.create('esb:Inputs', { values })] : others;
      modeling.updateProperties(element, { extensionElements: ext.values.length ? ext : undefined });
    };
    const renderRows = () => {
      const list = readInputs();
      mount(rows, ...list.map((input, i) => {
        const name = h('input', { class: 'form-control form-control-sm', value: input.name, 'aria-label': L(`Tên tham số ${i + 1}`, `Input ${i + 1} name`) });
        const value = h('input', { class: 'form-control form-control-sm font-monospace', value: input.value, 'aria-label': L(`Giá trị tham số ${i + 1}`, `Input ${i + 1} value`), placeholder: '=applicant.email' });
        const sync = () => { list[i] = { name: name.value, value: value.value }; writeInputs(list); };
        name.addEventListener('change', sync);
        value.addEventListener('change', sync);
        const del = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', 'aria-label': L(`Xóa tham số ${i + 1}`, `Remove input ${i + 1}`) }, '×');
        del.addEventListener('click', () => { list.splice(i, 1); writeInputs(list); renderRows(); });
        return h('div', { class: 'input-group input-group-sm mb-1' }, name, value, del);
      }), h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', onclick: () => { writeInputs([...list, { name: `input${list.length + 1}`, value: '' }]); renderRows(); } }, L('+ Thêm tham số', '+ Add an input')));
    };
    renderRows();
    return [h('div', null, field(L('Kết nối (connector)', 'Connector'), connector, L('notify: thông báo; http: gọi LGSP; request-payment: yêu cầu thanh toán; issue-result: phát hành kết quả', 'notify, http (LGSP), request-payment, issue-result')), h('datalist', { id: listId }, ...CONNECTORS.map((c) => h('option', { value: c })))), h('fieldset', null, h('legend', { class: 'form-label fs-6' }, L('Tham số đầu vào', 'Inputs')), rows)];
  };

  const flowFields = (bo: any): HTMLElement[] => {
    const source = bo.sourceRef;
    if (!source || !(is(source, 'bpmn:ExclusiveGateway') || is(source, 'bpmn:InclusiveGateway') || is(source, 'bpmn:Activity'))) return [];
    const isDefault = source.default === bo;
    const def = h('input', { type: 'checkbox', checked: isDefault, name: 'isDefault' });
    def.addEventListener('change', () => {
      const sourceShape = ctx.editor.get('elementRegistry').get(source.id);
      modeling.updateProperties(sourceShape, { default: def.checked ? bo : undefined });
      if (def.checked) set({ conditionExpression: undefined });
      render();
    });
    const parts: HTMLElement[] = [field(L('Luồng mặc định (khi không điều kiện nào đúng)', 'Default flow (when no condition holds)'), def)];
    if (!isDefault) {
      const feel = feelInput({
        value: bo.conditionExpression?.body ?? '',
        label: L('Điều kiện (FEEL), ví dụ decision = "accept"', 'Condition (FEEL), e.g. decision = "accept"'),
        name: 'condition',
        knownNames: () => [...ctx.formFieldKeys(), 'decision'],
        placeholder: 'decision = "accept"',
        onInput: () => undefined,
      });
      feel.input.addEventListener('change', () => {
        const body = feel.input.value.trim();
        set({ conditionExpression: body ? moddle.create('bpmn:FormalExpression', { body }) : undefined });
      });
      parts.push(feel.element);
    }
    return parts;
  };

  const eventBus = ctx.editor.get('eventBus');
  eventBus.on('selection.changed', (e: any) => {
    element = e.newSelection?.[0] ?? null;
    render();
  });
  eventBus.on('element.changed', (e: any) => {
    if (element && e.element === element && !container.contains(document.activeElement)) render();
  });
  render();
  return { render };
}

function typeLabel(type: string): string {
  const names: Record<string, [string, string]> = {
    'bpmn:UserTask': ['Bước xử lý của cán bộ', 'User task'],
    'bpmn:ServiceTask': ['Bước tự động', 'Service task'],
    'bpmn:SendTask': ['Bước gửi', 'Send task'],
    'bpmn:ExclusiveGateway': ['Rẽ nhánh', 'Exclusive gateway'],
    'bpmn:SequenceFlow': ['Luồng', 'Sequence flow'],
    'bpmn:StartEvent': ['Bắt đầu', 'Start event'],
    'bpmn:EndEvent': ['Kết thúc', 'End event'],
    'bpmn:IntermediateCatchEvent': ['Chờ sự kiện', 'Catch event'],
    'bpmn:IntermediateThrowEvent': ['Mốc', 'Milestone'],
  };
  const n = names[type];
  return n ? L(n[0], n[1]) : type.replace('bpmn:', '');
}
