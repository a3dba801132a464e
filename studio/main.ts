/**
 * The studio: where a unit's designers put a public service online in five steps. A hash
 * router over scenes; the form builder and the modeler are imported lazily by their steps.
 */
import '../ui/texts.js';
import { ApiClient } from '../ui/api.js';
import { createShell } from '../ui/layout.js';
import { h } from '../ui/dom.js';
import { L, onLangChange } from '../ui/i18n.js';
import { styleLoader, type Studio } from './app.js';
import { servicesStore } from './stores/services.js';
import { route } from './router.js';

const root = document.getElementById('app')!;
const api = new ApiClient();
const shell = createShell(
  root,
  () => L('Studio dịch vụ công', 'Public service studio'),
  () => [h('a', { href: '#/services' }, L('Dịch vụ', 'Services')), h('a', { href: '#/new' }, L('Tạo dịch vụ', 'New service'))],
);
const loadStyles = styleLoader();

const studio: Studio = {
  api,
  shell,
  services: servicesStore(api),
  navigate: (hash) => {
    if (location.hash === hash) void render();
    else location.hash = hash;
  },
  loadStyles: (name) => loadStyles(name),
  leaveGuard: null,
};

let dispose: (() => void) | void;
let current = '';
let reverting = false;

async function render() {
  const hash = location.hash || '#/services';
  if (!api.signedIn && !(await api.resume()) && !hash.startsWith('#/login')) {
    location.replace(`#/login?next=${encodeURIComponent(hash)}`);
    return;
  }
  shell.setUser(api.user?.fullName ?? null, api.user ? () => void signOut() : undefined);
  dispose?.();
  dispose = undefined;
  studio.leaveGuard = null;
  current = hash;
  dispose = await route(studio, hash);
}

/** Signing out ends the session: pending edits are saved first, while the token still works. */
async function signOut() {
  if (studio.leaveGuard && !(await studio.leaveGuard.confirmLeave())) return;
  studio.leaveGuard = null;
  await api.logout();
}

window.addEventListener('hashchange', async () => {
  if (reverting) {
    reverting = false;
    return;
  }
  if (studio.leaveGuard && !(await studio.leaveGuard.confirmLeave())) {
    reverting = true;
    location.hash = current;
    return;
  }
  void render();
});

window.addEventListener('beforeunload', (event) => {
  if (studio.leaveGuard?.dirty()) {
    event.preventDefault();
    event.returnValue = '';
  }
});

api.onSignedOut = () => {
  shell.setUser(null);
  if (!location.hash.startsWith('#/login')) location.hash = `#/login?next=${encodeURIComponent(current || '#/services')}`;
};

onLangChange(async () => {
  if (studio.leaveGuard && !(await studio.leaveGuard.confirmLeave())) return;
  void render();
});

void render();
