/** What every scene of the studio is handed: the API, the page frame, navigation. */
import type { ApiClient } from '../ui/api.js';
import { ApiError } from '../ui/api.js';
import type { Shell } from '../ui/layout.js';
import { t } from '../ui/i18n.js';
import type { ServicesStore } from './stores/services.js';

export interface LeaveGuard {
  /** True while changes are not saved yet (answered synchronously, for beforeunload). */
  dirty(): boolean;
  /** Saves what can be saved; asks the designer when something cannot. True: go on leaving. */
  confirmLeave(): Promise<boolean>;
}

export interface Studio {
  api: ApiClient;
  shell: Shell;
  services: ServicesStore;
  navigate(hash: string): void;
  /** Loads one of the lazily built style sheets (form builder, modeler) once. */
  loadStyles(name: 'builder' | 'modeler'): Promise<void>;
  /** Set by a scene that edits: navigation asks it before leaving. */
  leaveGuard: LeaveGuard | null;
}

/** A user-facing message for any error. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('ui.error.network');
    const fields = err.body.fields?.length ? ` (${err.body.fields.map((f) => `${f.path}: ${f.message}`).join('; ')})` : '';
    const known = t(`error.${err.code}`);
    return known !== `error.${err.code}` ? known : `${err.body.message}${fields}`;
  }
  return t('ui.error.generic', { message: err instanceof Error ? err.message : String(err) });
}

const loaded = new Map<string, Promise<void>>();
export function styleLoader(): (name: string) => Promise<void> {
  const assets = JSON.parse(document.getElementById('esb-assets')?.textContent || '{"styles":{}}') as { styles: Record<string, string> };
  return (name) => {
    let p = loaded.get(name);
    if (!p) {
      p = new Promise<void>((resolve, reject) => {
        const href = assets.styles[name];
        if (!href) return resolve();
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = href;
        link.onload = () => resolve();
        link.onerror = () => reject(new Error(`style sheet ${name} did not load`));
        document.head.appendChild(link);
      });
      loaded.set(name, p);
    }
    return p;
  };
}
