/** Hash routes to scenes; each scene returns what to undo when it is left. */
import type { Studio } from './app.js';
import { loginScene } from './scenes/login.js';
import { serviceListScene } from './scenes/service-list.js';
import { newServiceScene } from './scenes/new-service.js';
import { wizardScene, STEP_KEYS, type StepKey } from './scenes/wizard.js';

export async function route(studio: Studio, hash: string): Promise<(() => void) | void> {
  const [pathPart, queryPart = ''] = hash.replace(/^#/, '').split('?');
  const query = new URLSearchParams(queryPart);
  const parts = pathPart.split('/').filter(Boolean);
  if (parts[0] === 'login') return loginScene(studio, query.get('next'));
  if (parts[0] === 'new') return newServiceScene(studio);
  if (parts[0] === 'services' && parts[1]) {
    const step = (STEP_KEYS as readonly string[]).includes(parts[2]) ? (parts[2] as StepKey) : 'metadata';
    return wizardScene(studio, parts[1], step, query);
  }
  return serviceListScene(studio, { q: query.get('q') ?? '', status: query.get('status') ?? '' });
}
