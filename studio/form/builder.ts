/**
 * The form.io builder and renderer, loaded with step 3 only. form.io evaluates templates and
 * custom code with `new Function` unless its no-eval mode is on; the studio turns it on for
 * both evaluators (@formio/js's and @formio/core's), so the page runs under `script-src
 * 'self'` with no 'unsafe-eval'. The Bootstrap 5 templates are precompiled functions, which
 * need no evaluation.
 */
import { Formio } from '@formio/js';
import { Evaluator as CoreEvaluator } from '@formio/core/utils';
import flatpickr from 'flatpickr';
import { Vietnamese } from 'flatpickr/dist/l10n/vn.js';
import moment from 'moment-timezone/moment-timezone';
import { L, lang } from '../../ui/i18n.js';
import type { FormioForm, Unit } from '../stores/services.js';
import { builderOptions, FORMIO_VI } from './palette.js';

const F = Formio as any;
F.Evaluator.noeval = true;
(CoreEvaluator as any).noeval = true;

// form.io's date widget fetches flatpickr (and its Vietnamese texts) from its CDN unless the
// page already has it: the studio bundles it, as the CSP allows no other origin.
const w = window as any;
(flatpickr as any).l10ns.vi = Vietnamese;
w.flatpickr = flatpickr;
w['flatpickr-vi'] = Vietnamese;

// Its date fields fetch moment-timezone's whole zone table (700 KB) from the CDN too; the
// studio gives it the zones Vietnamese services use (moment-timezone data 2025b).
const tz = moment as any;
tz.tz.load({
  version: '2025b',
  zones: ['Asia/Ho_Chi_Minh|LMT PLMT +07 +08 +09|-76.u -76.u -70 -80 -90|0123423232|-2yC76.u bK00 1h7b6.u 5lz0 18o0 3Oq0 k5c0 aVX0 BAM0|90e5', 'Etc/UTC|UTC|0|0||'],
  links: ['Asia/Ho_Chi_Minh|Asia/Saigon', 'Etc/UTC|UTC'],
});
tz.zonesLoaded = true;

const i18n = () => ({ language: lang(), i18n: { vi: FORMIO_VI } });

export interface BuilderHandle {
  getForm(): FormioForm;
  setForm(form: FormioForm): Promise<void>;
  /** The builder's box of the component with this key, if it is drawn. */
  find(key: string): HTMLElement | null;
  destroy(): void;
}

export async function mountBuilder(el: HTMLElement, form: FormioForm, units: Unit[], onChange: (form: FormioForm) => void): Promise<BuilderHandle> {
  const builder = await F.builder(el, structuredClone(form), { ...builderOptions(units), ...i18n(), noeval: true });
  // form.io derives a field's key from its label with lodash's camelCase, which keeps
  // Vietnamese letters ("họVàTên") that its own key rule then refuses: fold them first.
  const webform = builder.instance ?? builder;
  (el as any).esbBuilder = builder;
  webform.updateComponentKey = (data: { title?: string; label?: string; placeholder?: string; type?: string }) => keyFromLabel(data.title || data.label || data.placeholder || data.type || 'truong');
  const changed = () => onChange(clean(builder.schema));
  builder.on('change', changed);
  builder.on('saveComponent', changed);
  builder.on('removeComponent', changed);
  builder.on('updateComponent', changed);
  builder.on('addComponent', changed);
  return {
    getForm: () => clean(builder.schema),
    async setForm(next) {
      await builder.setForm(structuredClone(next));
    },
    find(key) {
      const component = webform.webform?.getComponent?.(key) ?? null;
      const element: HTMLElement | null = component?.element ?? null;
      return (element?.closest('.builder-component') as HTMLElement | null) ?? element;
    },
    destroy: () => builder.destroy?.(),
  };
}

export interface PreviewHandle { destroy(): void; form: any }

/** The form as a citizen will see it, optionally prefilled from a sample profile. */
export async function mountPreview(el: HTMLElement, form: FormioForm, profile?: Record<string, string>): Promise<PreviewHandle> {
  const instance = await F.createForm(el, structuredClone(form), { ...i18n(), noeval: true, noAlerts: true, hooks: { beforeSubmit: (_s: unknown, next: (err?: unknown) => void) => next(L('Đây là bản xem thử: không nộp được.', 'This is a preview: it cannot be submitted.')) } });
  if (profile) {
    const data: Record<string, string> = {};
    const walk = (components: any[]) => components?.forEach((c) => {
      if (c?.properties?.prefill && profile[c.properties.prefill]) data[c.key] = profile[c.properties.prefill];
      walk(c?.components);
      c?.columns?.forEach((col: any) => walk(col.components));
    });
    walk(form.components);
    instance.submission = { data };
  }
  return { form: instance, destroy: () => instance.destroy?.() };
}

/** "Họ và tên người yêu cầu" → "hoVaTenNguoiYeuCau". */
export function keyFromLabel(label: string): string {
  const words = label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').split(/[^A-Za-z0-9]+/).filter(Boolean);
  const key = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('').replace(/^[0-9]+/, '');
  return key || 'truong';
}

/** The schema without builder-only noise, as the server stores it. */
function clean(schema: any): FormioForm {
  const copy = structuredClone(schema);
  delete copy._id;
  delete copy.machineName;
  return { display: copy.display ?? 'form', ...copy, components: copy.components ?? [] };
}
