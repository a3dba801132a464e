/**
 * "New service", four ways: from scratch, from the standard one-stop template, from records
 * of the national procedure catalogue (a JSON file), or from another unit's service package.
 */
import { h, mount, field, uid } from '../../ui/dom.js';
import { L } from '../../ui/i18n.js';
import { errorText, type Studio } from '../app.js';

export function newServiceScene(studio: Studio) {
  studio.shell.setTitle(L('Tạo dịch vụ', 'New service'));
  const card = (title: string, intro: string, ...body: Array<Node | null>) => {
    const id = uid('new');
    return h('section', { class: 'esb-card col', 'aria-labelledby': id }, h('h2', { class: 'h5', id }, title), h('p', { class: 'text-body-secondary small' }, intro), ...body);
  };
  const result = (el: HTMLElement, text: string, kind = 'danger') => mount(el, h('div', { class: `alert alert-${kind} py-2 mt-2`, role: 'alert' }, text));

  // 1 and 2: a name, then the wizard.
  const byName = (useTemplate: boolean) => {
    const name = h('input', { class: 'form-control', name: useTemplate ? 'template-name' : 'scratch-name', minlength: '3', maxlength: '500' });
    const out = h('div');
    const form = h('form', { novalidate: true }, field(L('Tên dịch vụ', 'Service name'), name), h('button', { type: 'submit', class: 'btn btn-primary' }, L('Tạo', 'Create')), out);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (name.value.trim().length < 3) return result(out, L('Tên dịch vụ cần ít nhất 3 ký tự.', 'The name needs at least 3 characters.'));
      try {
        const s = await studio.services.create({ name: name.value.trim() }, useTemplate);
        studio.navigate(`#/services/${s.id}/metadata`);
      } catch (err) {
        result(out, errorText(err));
      }
    });
    return form;
  };

  // 3: procedures from a catalogue file.
  const procFile = h('input', { type: 'file', class: 'form-control', accept: '.json,application/json', name: 'procedures-file' });
  const procList = h('div');
  const procOut = h('div');
  let parsed: { about?: string; procedures: Array<Record<string, unknown>> } | null = null;
  procFile.addEventListener('change', async () => {
    mount(procList);
    mount(procOut);
    const file = procFile.files?.[0];
    if (!file) return;
    try {
      const json = JSON.parse(await file.text());
      const procedures = Array.isArray(json) ? json : json.procedures;
      if (!Array.isArray(procedures) || !procedures.length) throw new Error(L('Tệp không có danh sách thủ tục ("procedures").', 'The file has no "procedures" list.'));
      parsed = { ...(typeof json.about === 'string' && { about: json.about }), procedures };
    } catch (err) {
      parsed = null;
      return result(procOut, err instanceof SyntaxError ? L('Tệp không phải JSON hợp lệ.', 'The file is not valid JSON.') : errorText(err));
    }
    const boxes = parsed.procedures.map((p, i) => {
      const box = h('input', { type: 'checkbox', value: String(i), checked: parsed!.procedures.length === 1 });
      return field(`${String(p.name ?? '?')}${p.code ? ` (${String(p.code)})` : ''}`, box);
    });
    const importBtn = h('button', { type: 'button', class: 'btn btn-primary mt-2' }, L('Nhập các thủ tục đã chọn', 'Import the chosen procedures'));
    importBtn.addEventListener('click', async () => {
      const chosen = boxes.map((b, i) => ((b.querySelector('input') as HTMLInputElement).checked ? i : -1)).filter((i) => i >= 0);
      if (!chosen.length) return result(procOut, L('Chọn ít nhất một thủ tục.', 'Choose at least one procedure.'));
      importBtn.disabled = true;
      try {
        const created = await studio.services.importProcedures({ ...(parsed!.about && { about: parsed!.about }), procedures: chosen.map((i) => parsed!.procedures[i]) });
        if (created.length === 1) return studio.navigate(`#/services/${created[0].id}/metadata`);
        mount(procOut, h('div', { class: 'alert alert-success mt-2', role: 'status' }, L(`Đã tạo ${created.length} bản nháp:`, `${created.length} drafts created:`), h('ul', null, ...created.map((c) => h('li', null, h('a', { href: `#/services/${c.id}/metadata` }, c.name))))));
      } catch (err) {
        result(procOut, errorText(err));
      } finally {
        importBtn.disabled = false;
      }
    });
    mount(procList, h('fieldset', null, h('legend', { class: 'h6' }, L('Chọn thủ tục', 'Choose procedures')), ...boxes), importBtn);
  });

  // 4: a service package of another unit.
  const pkgFile = h('input', { type: 'file', class: 'form-control', accept: '.json,application/json', name: 'package-file' });
  const pkgBody = h('div');
  const pkgOut = h('div');
  pkgFile.addEventListener('change', async () => {
    mount(pkgBody);
    mount(pkgOut);
    const file = pkgFile.files?.[0];
    if (!file) return;
    let pkg: { metadata?: { name?: string }; groups?: string[] };
    try {
      pkg = JSON.parse(await file.text());
    } catch {
      return result(pkgOut, L('Tệp không phải JSON hợp lệ.', 'The file is not valid JSON.'));
    }
    const groups = Array.isArray(pkg.groups) ? pkg.groups : [];
    const inputs = groups.map((g) => [g, h('input', { class: 'form-control form-control-sm', value: g })] as const);
    const go = h('button', { type: 'button', class: 'btn btn-primary mt-2' }, L('Nhập gói dịch vụ', 'Import the package'));
    go.addEventListener('click', async () => {
      const groupMap = Object.fromEntries(inputs.filter(([g, i]) => i.value.trim() && i.value.trim() !== g).map(([g, i]) => [g, i.value.trim()]));
      go.disabled = true;
      try {
        const s = await studio.services.importPackage(pkg, groupMap);
        studio.navigate(`#/services/${s.id}/metadata`);
      } catch (err) {
        result(pkgOut, errorText(err));
      } finally {
        go.disabled = false;
      }
    });
    mount(
      pkgBody,
      h('p', null, L('Dịch vụ: ', 'Service: '), h('strong', null, pkg.metadata?.name ?? '?')),
      groups.length ? h('fieldset', null, h('legend', { class: 'h6' }, L('Đổi tên nhóm xử lý cho đơn vị này', "Map the package's groups to this unit's")), ...inputs.map(([g, i]) => field(g, i))) : null,
      go,
    );
  });

  mount(
    studio.shell.main,
    h('h1', { class: 'h3 mb-3' }, L('Tạo dịch vụ mới', 'New service')),
    h(
      'div',
      { class: 'row row-cols-1 row-cols-lg-2 g-3' },
      card(L('Từ đầu', 'From scratch'), L('Một dịch vụ trống: bạn tự vẽ quy trình.', 'An empty service: you draw the process yourself.'), byName(false)),
      card(L('Từ quy trình một cửa chuẩn', 'From the standard one-stop template'), L('Bắt đầu với quy trình tiếp nhận → xử lý → phê duyệt → trả kết quả.', 'Starts with receive → process → approve → return the result.'), byName(true)),
      card(L('Nhập từ CSDL thủ tục hành chính', 'Import from the procedure catalogue'), L('Tệp JSON các thủ tục: bước 1 và 2 được điền sẵn.', 'A JSON file of procedures: steps 1 and 2 come filled in.'), field(L('Tệp thủ tục (.json)', 'Procedure file (.json)'), procFile), procList, procOut),
      card(L('Nhập gói dịch vụ của đơn vị khác', "Import another unit's service package"), L('Sao chép toàn bộ dịch vụ, đổi tên nhóm nếu cần.', 'Copies a whole service, mapping group names.'), field(L('Gói dịch vụ (.json)', 'Service package (.json)'), pkgFile), pkgBody, pkgOut),
    ),
  );
}
