/**
 * The page frame the apps share: a skip link, a banner with the app's name, the language
 * switch and the signed-in user, a main landmark, and a live region for notices.
 */
import { h, mount, type Child } from './dom.js';
import { lang, setLang, t } from './i18n.js';

export interface Shell {
  main: HTMLElement;
  setUser(name: string | null, onLogout?: () => void): void;
  notify(text: string, kind?: 'success' | 'danger' | 'warning' | 'info'): void;
  setTitle(title: string): void;
}

export function createShell(root: HTMLElement, appName: () => string, nav: () => Child = () => null): Shell {
  const userSlot = h('div', { class: 'd-flex align-items-center gap-2' });
  const navSlot = h('nav', { class: 'me-auto', 'aria-label': t('ui.nav') });
  const brand = h('a', { class: 'navbar-brand fw-semibold', href: '#/' });
  const langButton = h('button', { type: 'button', class: 'btn btn-outline-light btn-sm', onclick: () => setLang(lang() === 'vi' ? 'en' : 'vi') });
  const notices = h('div', { class: 'esb-notices', role: 'status', 'aria-live': 'polite' });
  const main = h('main', { id: 'main', class: 'container-fluid py-3', tabindex: '-1' });
  let user: { name: string | null; onLogout?: () => void } = { name: null };

  const render = () => {
    brand.textContent = appName();
    langButton.textContent = lang() === 'vi' ? 'English' : 'Tiếng Việt';
    langButton.setAttribute('lang', lang() === 'vi' ? 'en' : 'vi');
    langButton.setAttribute('aria-label', lang() === 'vi' ? 'Switch to English' : 'Chuyển sang tiếng Việt');
    navSlot.setAttribute('aria-label', t('ui.nav'));
    mount(navSlot, user.name ? nav() : null);
    mount(
      userSlot,
      user.name ? h('span', { class: 'text-white small' }, user.name) : null,
      user.name && user.onLogout ? h('button', { type: 'button', class: 'btn btn-light btn-sm', onclick: user.onLogout }, t('ui.logout')) : null,
      langButton,
    );
    skip.textContent = t('ui.skip');
  };

  const skip = h('a', { class: 'visually-hidden-focusable esb-skip', href: '#main', onclick: (e: Event) => { e.preventDefault(); main.focus(); } });
  const header = h('header', { class: 'navbar navbar-dark bg-primary-subtle-dark px-3 esb-banner' }, brand, navSlot, userSlot);
  mount(root, skip, header, notices, main);
  render();

  return {
    main,
    setUser(name, onLogout) {
      user = { name, onLogout };
      render();
    },
    notify(text, kind = 'info') {
      const note = h('div', { class: `alert alert-${kind} alert-dismissible shadow-sm` }, text, h('button', { type: 'button', class: 'btn-close', 'aria-label': t('ui.close'), onclick: () => note.remove() }));
      notices.appendChild(note);
      setTimeout(() => note.remove(), kind === 'danger' ? 12000 : 5000);
    },
    setTitle(title) {
      document.title = `${title} · ${appName()}`;
      render();
    },
  };
}
