/**
 * Re-validates a submission on the server against the published form, with @formio/core and
 * no browser: the same rules the portal's renderer applied, so a forged request gets no
 * further than an honest one. Conditionally hidden fields are cleared and not required.
 * Designer code never runs here, whatever the form holds: publishing refuses custom JavaScript,
 * but drafts (the studio's test run) and forms stored before that check reach this function
 * too. So the code is stripped from a copy of the form before processing, and @formio/core's
 * evaluator is put in its no-eval mode as a second lock. JSONLogic is data and still runs.
 * The processors that would fetch URLs are left out.
 */
import { Evaluator, processSync, Processors } from '@formio/core';
import type { DossierComponent } from '../../schemas/service.js';
import type { FieldError } from '../errors.js';
import { evaluateCondition } from '../../runtime/expressions/index.js';
import { checkTypes } from './value-types.js';
import { allowedValuesText, formErrorText, type RawFormError } from './form-messages.js';

// The evaluator is a process-wide singleton: nothing on the server has a reason to run form
// JavaScript, so no-eval holds for every caller (string code becomes a no-op; JSONLogic objects
// are still applied).
Evaluator.noeval = true;

const SAFE_PROCESSORS = Processors.filter((p: { name: string }) => p.name !== 'fetch' && p.name !== 'dereference');

export interface FormValidation {
  data: Record<string, unknown>;
  errors: FieldError[];
}

export function validateFormData(form: { components?: unknown[] } | null, input: Record<string, unknown>, pathPrefix = '/data'): FormValidation {
  if (!form?.components) return { data: {}, errors: [] };
  const data = structuredClone(input);
  // form.io trusts the JS type of each value (a number in a day field throws, an object in a
  // text field is kept): values of the wrong type are refused here and kept away from it.
  const typeErrors = checkTypes(form.components, data, pathPrefix);
  const components = strictChoices(withoutCode(structuredClone(form.components)));
  const context = { components, data, processors: SAFE_PROCESSORS, scope: { errors: [] as unknown[] }, config: { server: true } };
  try {
    processSync(context as never);
  } catch {
    // A shape no check above foresaw: the citizen's input is at fault, not the server.
    return { data: {}, errors: [...typeErrors, { path: pathPrefix, message: 'Dữ liệu biểu mẫu không đọc được', messageEn: 'The form data cannot be read', code: 'form.unreadable' }] };
  }
  const raw = context.scope.errors as RawFormError[];
  const choices = offeredChoices(form.components);
  // A refused value was removed: what form.io then says about it (or its children) is noise.
  const refused = (path: string) => typeErrors.some((t) => path === t.path || path.startsWith(`${t.path}/`));
  const errors: FieldError[] = raw.map((e) => {
    const segments = pathSegments(e.context.path);
    const text = formErrorText(e);
    // "is not an allowed value" alone leaves the citizen (or the designer's test run) guessing.
    if (e.ruleName === 'onlyAvailableItems') {
      const allowed = choices.get(segments.filter((s) => !/^\d+$/.test(s)).join('.'));
      if (allowed?.length) {
        const list = allowedValuesText(allowed);
        text.message = `${text.message}. ${list.message}`;
        text.messageEn = `${text.messageEn}. ${list.messageEn}`;
      }
    }
    return { path: `${pathPrefix}/${segments.join('/')}`, message: text.message, messageEn: text.messageEn, code: `form.${e.ruleName ?? 'invalid'}` };
  }).filter((e) => !refused(e.path));
  // form.io lets a number or a boolean through a list of fixed choices (and any item of a
  // multiple select): each value must be one of those offered.
  for (const e of unofferedChoices(form.components, context.data, pathPrefix, choices)) {
    if (!refused(e.path) && !errors.some((x) => x.path === e.path)) errors.push(e);
  }
  // Keep only what the form defines: @formio/core leaves unknown keys in place.
  return { data: keepKnown(form.components, context.data), errors: [...typeErrors, ...errors] };
}

/** form.io's data path (`rows[1].kind`) as segments (`rows`, `1`, `kind`). */
function pathSegments(path: string): string[] {
  return String(path ?? '').split('.').flatMap((part) => {
    const m = part.match(/\[([0-9]+)\]$/);
    return m ? [part.slice(0, m.index), m[1]] : [part];
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Removes, in place, every property through which form.io would run designer JavaScript (the
 * ones server/procedures/form.ts flags at publish): string code in validate.custom(Private),
 * customConditional, calculateValue, customDefaultValue, JS logic rules, lists computed by code
 * or fetched from a URL, custom buttons. The walk covers every nested object, so a component
 * inside a layout, a grid, a table cell or a tab is reached whatever its container. JSONLogic
 * (an object) in calculateValue or customDefaultValue is kept.
 */
function withoutCode<T>(value: T): T {
  if (Array.isArray(value)) {
    value.forEach(withoutCode);
    return value;
  }
  if (!isObject(value)) return value;
  const node: Record<string, unknown> = value;
  for (const prop of ['customConditional', 'calculateValue', 'customDefaultValue']) if (typeof node[prop] === 'string') delete node[prop];
  if (isObject(node.validate)) {
    delete node.validate.custom;
    delete node.validate.customPrivate;
  }
  if (isObject(node.data)) delete node.data.custom;
  if (node.type === 'button' && typeof node.custom === 'string') delete node.custom;
  if (Array.isArray(node.logic)) {
    node.logic = node.logic.filter((rule) => {
      if (!isObject(rule)) return false;
      const trigger = isObject(rule.trigger) ? rule.trigger : {};
      if (trigger.type === 'javascript' || typeof trigger.javascript === 'string') return false;
      const actions = Array.isArray(rule.actions) ? rule.actions : [];
      return !actions.some((a) => isObject(a) && (a.type === 'customAction' || typeof a.customAction === 'string' || (a.type === 'value' && typeof a.value === 'string')));
    });
  }
  for (const child of Object.values(node)) if (child && typeof child === 'object') withoutCode(child);
  return value;
}

/**
 * A choice must be one of the choices offered: form.io checks that only when a component says
 * `onlyAvailableItems`, so lists of fixed values get the flag here (on a copy of the form).
 */
function strictChoices(components: unknown[]): unknown[] {
  return components.map((raw) => {
    const c = raw as Record<string, unknown>;
    const copy: Record<string, unknown> = { ...c };
    const fixedValues = (c.type === 'select' && (c.dataSrc === undefined || c.dataSrc === 'values')) || c.type === 'radio' || c.type === 'selectboxes';
    if (fixedValues) copy.validate = { ...(c.validate as object), onlyAvailableItems: true };
    if (Array.isArray(c.components)) copy.components = strictChoices(c.components);
    if (Array.isArray(c.columns)) copy.columns = (c.columns as Array<Record<string, unknown>>).map((col) => ({ ...col, components: strictChoices((col.components as unknown[]) ?? []) }));
    if (Array.isArray(c.rows)) copy.rows = (c.rows as unknown[][]).map((row) => row.map((cell) => ({ ...(cell as object), components: strictChoices(((cell as { components?: unknown[] }).components) ?? []) })));
    return copy;
  });
}

/** Values of single or multiple fixed-choice fields (select from values, radio) not offered. */
function unofferedChoices(components: unknown[], data: Record<string, unknown>, pathPrefix: string, choices: Map<string, unknown[]>): FieldError[] {
  const out: FieldError[] = [];
  const walk = (list: unknown[], source: Record<string, unknown>, path: string, choiceKey: string) => {
    for (const raw of list) {
      if (!isObject(raw)) continue;
      const key = typeof raw.key === 'string' ? raw.key : '';
      const type = raw.type as string;
      const children = [
        ...((raw.components as unknown[]) ?? []),
        ...(((raw.columns as Array<{ components?: unknown[] }>) ?? []).flatMap((col) => col?.components ?? [])),
        ...(((raw.rows as unknown[][]) ?? []).flat().flatMap((cell) => ((cell as { components?: unknown[] })?.components ?? []))),
      ];
      const value = key ? source?.[key] : undefined;
      if (type === 'container' && key && isObject(value)) walk(children, value, `${path}/${key}`, `${choiceKey}${key}.`);
      else if (['datagrid', 'editgrid', 'datatable'].includes(type) && key && Array.isArray(value)) value.forEach((row, i) => isObject(row) && walk(children, row, `${path}/${key}/${i}`, `${choiceKey}${key}.`));
      else if (children.length && raw.input !== true) walk(children, source, path, choiceKey);
      else if ((type === 'radio' || (type === 'select' && (raw.dataSrc === undefined || raw.dataSrc === 'values'))) && key && value !== undefined && value !== null && value !== '') {
        const allowed = (choices.get(choiceKey + key) ?? []).map(String);
        const values = Array.isArray(value) ? value : [value];
        if (values.some((v) => (typeof v !== 'string' && typeof v !== 'number') || !allowed.includes(String(v)))) {
          const text = formErrorText({ errorKeyOrMessage: 'invalidOption', ruleName: 'onlyAvailableItems', context: { component: raw, path: `${path}/${key}` } });
          const list = allowedValuesText(allowed);
          out.push({ path: `${path}/${key}`, code: 'form.onlyAvailableItems', message: `${text.message}. ${list.message}`, messageEn: `${text.messageEn}. ${list.messageEn}` });
        }
      }
    }
  };
  walk(components, data, pathPrefix, '');
  return out;
}

/** The values each fixed-choice field offers, by its data path without row indexes (`rows.kind`). */
function offeredChoices(components: unknown[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const walk = (list: unknown[], prefix: string) => {
    for (const raw of list) {
      const c = raw as Record<string, unknown>;
      const key = typeof c.key === 'string' ? c.key : '';
      const options = c.type === 'select' ? (c.data as { values?: unknown })?.values : c.type === 'radio' || c.type === 'selectboxes' ? c.values : undefined;
      if (key && Array.isArray(options)) out.set(prefix + key, options.map((o) => (o as { value?: unknown })?.value).filter((v) => v !== undefined && v !== ''));
      const children = [
        ...((c.components as unknown[]) ?? []),
        ...(((c.columns as Array<{ components?: unknown[] }>) ?? []).flatMap((col) => col.components ?? [])),
        ...(((c.rows as unknown[][]) ?? []).flat().flatMap((cell) => ((cell as { components?: unknown[] })?.components ?? []))),
      ];
      const nests = key && ['container', 'datagrid', 'editgrid', 'datatable'].includes(c.type as string);
      if (children.length) walk(children, nests ? `${prefix}${key}.` : prefix);
    }
  };
  walk(components, '');
  return out;
}

function keepKnown(components: unknown[], data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (list: unknown[], target: Record<string, unknown>, source: Record<string, unknown>) => {
    for (const raw of list) {
      const c = raw as Record<string, unknown>;
      const key = typeof c.key === 'string' ? c.key : '';
      const type = c.type as string;
      const children = [
        ...((c.components as unknown[]) ?? []),
        ...(((c.columns as Array<{ components?: unknown[] }>) ?? []).flatMap((col) => col.components ?? [])),
        ...(((c.rows as unknown[][]) ?? []).flat().flatMap((cell) => ((cell as { components?: unknown[] })?.components ?? []))),
      ];
      if (type === 'container' && key) {
        const inner: Record<string, unknown> = {};
        walk(children, inner, (source[key] as Record<string, unknown>) ?? {});
        if (key in source) target[key] = inner;
      } else if (['datagrid', 'editgrid', 'datatable'].includes(type) && key) {
        const rows = Array.isArray(source[key]) ? (source[key] as Record<string, unknown>[]) : [];
        if (key in source) target[key] = rows.map((row) => {
          const inner: Record<string, unknown> = {};
          walk(children, inner, row ?? {});
          return inner;
        });
      } else if (children.length && c.input !== true) {
        walk(children, target, source);
      } else if (key && key in source && type !== 'button') {
        target[key] = source[key];
      }
    }
  };
  walk(components, out, data);
  return out;
}

/** Is a dossier component required for this form data? Never throws. */
export function isRequired(component: DossierComponent, data: Record<string, unknown>): boolean {
  if (component.requirement === 'required') return true;
  if (component.requirement !== 'conditional' || !component.condition) return false;
  try {
    return evaluateCondition(component.condition, data);
  } catch {
    // A condition the citizen's data cannot answer (a value of an unexpected shape) must not
    // fail the request: the component is asked for, as the safer reading.
    return true;
  }
}
