/** Sign-in for designers (staff accounts with the designer or admin role). */
import { h, field, mount } from '../../ui/dom.js';
import { L } from '../../ui/i18n.js';
import { ApiError } from '../../ui/api.js';
import { errorText, type Studio } from '../app.js';

export function loginScene(studio: Studio, next: string | null) {
  studio.shell.setTitle(L('Đăng nhập', 'Sign in'));
  const username = h('input', { class: 'form-control', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { class: 'form-control', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('div', { role: 'alert', class: 'mt-2' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Đăng nhập', 'Sign in'));
  const form = h(
    'form',
    { class: 'esb-card mx-auto', style: 'max-width: 26rem', novalidate: true },
    h('h1', { class: 'h4 mb-3' }, L('Đăng nhập studio', 'Sign in to the studio')),
    h('p', { class: 'text-body-secondary small' }, L('Dành cho cán bộ thiết kế dịch vụ công của đơn vị.', "For the unit's public service designers.")),
    field(L('Tên đăng nhập', 'Username'), username),
    field(L('Mật khẩu', 'Password'), password),
    submit,
    message,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    mount(message);
    if (!username.value.trim() || !password.value) {
      mount(message, h('div', { class: 'alert alert-danger py-2' }, L('Nhập tên đăng nhập và mật khẩu.', 'Enter your username and password.')));
      return;
    }
    submit.disabled = true;
    try {
      const user = await studio.api.login(username.value.trim().toLowerCase(), password.value);
      if (user.kind !== 'staff' || !user.roles.some((r) => r === 'designer' || r === 'admin')) {
        await studio.api.logout();
        mount(message, h('div', { class: 'alert alert-danger py-2' }, L('Tài khoản này không có quyền thiết kế dịch vụ.', 'This account may not design services.')));
        return;
      }
      studio.navigate(next && next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/services');
    } catch (err) {
      const text = err instanceof ApiError && err.status === 401 ? L('Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang bị khóa.', 'Wrong username or password, or the account is locked.') : errorText(err);
      mount(message, h('div', { class: 'alert alert-danger py-2' }, text));
    } finally {
      submit.disabled = false;
    }
  });
  mount(studio.shell.main, form);
  username.focus();
}
