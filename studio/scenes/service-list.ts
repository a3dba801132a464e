/** The unit's services: drafts, published and retired, with search and a status filter. */
import { h, mount, debounce } from '../../ui/dom.js';
import { L, formatDateTime } from '../../ui/i18n.js';
import { errorText, type Studio } from '../app.js';
import { onlineLevelLabel, serviceStatusLabel } from '../lib/labels.js';

export async function serviceListScene(studio: Studio, initial: { q: string; status: string }) {
  studio.shell.setTitle(L('Dịch vụ của đơn vị', "The unit's services"));
  const q = h('input', { type: 'search', class: 'form-control', id: 'svc-q', value: initial.q, placeholder: L('Tên, mã thủ tục, lĩnh vực…', 'Name, procedure code, field…') });
  const status = h(
    'select',
    { class: 'form-select', id: 'svc-status' },
    h('option', { value: '' }, L('Tất cả', 'All')),
    ...['draft', 'published', 'retired'].map((s) => h('option', { value: s }, serviceStatusLabel(s))),
  );
  status.value = initial.status;
  const results = h('div', { 'aria-live': 'polite' });

  const load = async () => {
    const hash = `#/services?${new URLSearchParams({ ...(q.value && { q: q.value }), ...(status.value && { status: status.value }) })}`;
    history.replaceState(null, '', hash);
    try {
      const items = await studio.services.list({ q: q.value.trim(), status: status.value });
      if (!items.length) {
        mount(results, h('p', { class: 'text-body-secondary' }, L('Không có dịch vụ nào phù hợp.', 'No service matches.')));
        return;
      }
      mount(
        results,
        h(
          'table',
          { class: 'table table-hover bg-white align-middle' },
          h('caption', { class: 'visually-hidden' }, L('Danh sách dịch vụ', 'Services')),
          h('thead', null, h('tr', null, ...[L('Tên dịch vụ', 'Service'), L('Mã thủ tục', 'Code'), L('Lĩnh vực', 'Field'), L('Mức độ', 'Level'), L('Trạng thái', 'Status'), L('Cập nhật', 'Updated')].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            null,
            ...items.map((s) =>
              h(
                'tr',
                null,
                h('td', null, h('a', { href: `#/services/${s.id}/metadata` }, s.name), s.notes ? h('span', { class: 'badge text-bg-warning ms-2' }, L(`${s.notes} ghi chú`, `${s.notes} notes`)) : null),
                h('td', null, s.procedureCode ?? '—'),
                h('td', null, s.field),
                h('td', null, onlineLevelLabel(s.onlineLevel)),
                h(
                  'td',
                  null,
                  h('span', { class: `badge ${s.status === 'published' ? 'text-bg-success' : s.status === 'retired' ? 'text-bg-secondary' : 'text-bg-light border'}` }, serviceStatusLabel(s.status)),
                  s.currentVersion ? h('span', { class: 'ms-1 small' }, `v${s.currentVersion}`) : null,
                ),
                h('td', null, formatDateTime(s.updatedAt)),
              ),
            ),
          ),
        ),
      );
    } catch (err) {
      mount(results, h('div', { class: 'alert alert-danger' }, errorText(err)));
    }
  };
  const later = debounce(load, 300);
  q.addEventListener('input', later);
  status.addEventListener('change', load);

  mount(
    studio.shell.main,
    h('div', { class: 'd-flex align-items-center mb-3 gap-2' }, h('h1', { class: 'h3 me-auto mb-0' }, L('Dịch vụ của đơn vị', "The unit's services")), h('a', { class: 'btn btn-primary', href: '#/new' }, L('+ Tạo dịch vụ', '+ New service'))),
    h(
      'div',
      { class: 'row g-2 mb-3', role: 'search' },
      h('div', { class: 'col-md-8' }, h('label', { class: 'form-label', for: 'svc-q' }, L('Tìm kiếm', 'Search')), q),
      h('div', { class: 'col-md-4' }, h('label', { class: 'form-label', for: 'svc-status' }, L('Trạng thái', 'Status')), status),
    ),
    results,
  );
  await load();
  return () => later.cancel();
}
