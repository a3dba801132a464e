/**
 * The JS type each form.io component's value must have. form.io's server-side processors
 * trust it: a number in a day field throws inside them, an object in a text field is kept as
 * it is, a word in a number field is silently dropped. A value of the wrong type is refused
 * here with its field's path (`form.type`) and removed from the data form.io then processes.
 * Empty values (null, undefined) are left to form.io's own rules (required and so on).
 */
import type { FieldError } from '../errors.js';

type Expect = 'text' | 'signature' | 'address' | 'files' | 'tags' | 'number' | 'boolean' | 'choice' | 'choices' | 'checkboxes' | 'list' | 'object' | 'rows' | 'any';

const TEXT_TYPES = new Set(['textfield', 'textarea', 'email', 'phoneNumber', 'password', 'url', 'day', 'datetime', 'time']);
const GRID_TYPES = new Set(['datagrid', 'editgrid', 'datatable']);

/** Vietnamese first, and the same in English (FieldError.messageEn). */
const EXPECTED_TEXT: Record<Expect, [string, string]> = {
  text: ['phải là chuỗi ký tự', 'must be a string'],
  signature: ['phải là ảnh chữ ký', 'must be a PNG or SVG image as a data: URL'],
  address: ['phải là một địa chỉ', 'must be an address object'],
  files: ['phải là danh sách tệp', 'must be an array of file objects'],
  tags: ['phải là chuỗi ký tự hoặc danh sách chuỗi', 'must be a string or an array of strings'],
  number: ['phải là một số', 'must be a number'],
  boolean: ['phải là đúng hoặc sai', 'must be true or false'],
  choice: ['phải là một giá trị được chọn', 'must be a single value'],
  choices: ['phải là danh sách giá trị được chọn', 'must be an array of values'],
  checkboxes: ['phải là các lựa chọn đúng/sai theo từng giá trị', 'must be an object of true/false'],
  list: ['phải là một danh sách', 'must be an array'],
  object: ['phải là một nhóm trường', 'must be an object'],
  rows: ['phải là danh sách các dòng', 'must be an array of rows'],
  any: ['', ''],
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function expected(c: Record<string, unknown>): Expect {
  const type = c.type as string;
  const fixedValues = c.dataSrc === undefined || c.dataSrc === 'values';
  if (TEXT_TYPES.has(type)) return 'text';
  if (type === 'signature') return 'signature';
  if (type === 'address') return 'address';
  if (type === 'tags') return 'tags';
  if (type === 'number' || type === 'currency') return 'number';
  if (type === 'checkbox') return c.inputType === 'radio' ? 'choice' : 'boolean';
  if (type === 'selectboxes') return 'checkboxes';
  if (type === 'radio') return 'choice';
  if (type === 'select') return c.multiple ? 'choices' : fixedValues ? 'choice' : 'any';
  if (type === 'file') return 'files';
  if (type === 'survey' || type === 'container') return 'object';
  if (GRID_TYPES.has(type)) return 'rows';
  return 'any';
}

function fits(kind: Expect, value: unknown): boolean {
  switch (kind) {
    case 'text': return typeof value === 'string';
    // What the signature pad gives; anything else is not a drawn signature ('' is "empty").
    case 'signature': return typeof value === 'string' && (value === '' || /^data:image\/(png|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/.test(value));
    // The provider's result, or {mode, address} when manual entry is on: an object either way.
    case 'address': return isPlainObject(value);
    case 'files': return Array.isArray(value) && value.every(isPlainObject);
    case 'tags': return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'choice': return isScalar(value);
    case 'choices': return Array.isArray(value) && value.every(isScalar);
    case 'checkboxes': return isPlainObject(value) && Object.values(value).every((v) => typeof v === 'boolean');
    case 'list': return Array.isArray(value);
    case 'object': return isPlainObject(value);
    case 'rows': return Array.isArray(value) && value.every(isPlainObject);
    case 'any': return true;
  }
}

const childrenOf = (c: Record<string, unknown>): unknown[] => [
  ...((c.components as unknown[]) ?? []),
  ...(((c.columns as Array<{ components?: unknown[] }>) ?? []).flatMap((col) => col?.components ?? [])),
  ...(((c.rows as unknown[][]) ?? []).flat().flatMap((cell) => ((cell as { components?: unknown[] })?.components ?? []))),
];

/**
 * Refuses (and removes from `data`, in place) each value whose JS type does not fit its
 * component. Paths are `pathPrefix/key/rowIndex/key`, as form.io's own errors.
 */
export function checkTypes(components: unknown[], data: Record<string, unknown>, pathPrefix: string): FieldError[] {
  const out: FieldError[] = [];
  const walk = (list: unknown[], source: Record<string, unknown>, prefix: string) => {
    for (const raw of list) {
      if (!isPlainObject(raw)) continue;
      const c = raw;
      const key = typeof c.key === 'string' ? c.key : '';
      const type = c.type as string;
      const children = childrenOf(c);
      const isData = key && (c.input === true || type === 'container' || GRID_TYPES.has(type));
      if (!isData) {
        // Layout (panels, columns, tables, tabs): its fields sit in the same data object.
        if (children.length) walk(children, source, prefix);
        continue;
      }
      if (!(key in source)) continue;
      const value = source[key];
      if (value === null || value === undefined) continue;
      const kind = expected(c);
      // A field that holds several values: each one must fit.
      const many = c.multiple === true && kind !== 'choices' && kind !== 'tags' && kind !== 'list' && kind !== 'files' && kind !== 'rows' && kind !== 'any';
      const ok = many ? Array.isArray(value) && value.every((v) => fits(kind, v)) : fits(kind, value);
      const path = `${prefix}/${key}`;
      if (!ok) {
        // Named as form.io names a field in its own errors: the designer's error label first.
        const label = [c.errorLabel, c.label, key].find((l): l is string => typeof l === 'string' && l !== '') ?? key;
        const [vi, en] = EXPECTED_TEXT[kind];
        const message = `"${label}" ${many ? `phải là danh sách, mỗi giá trị ${vi}` : vi}`;
        const messageEn = `"${label}" ${many ? `must be an array, each value ${en.replace(/^must be /, '')}` : en}`;
        out.push({ path, message, messageEn, code: 'form.type' });
        delete source[key];
        continue;
      }
      if (type === 'container') walk(children, value as Record<string, unknown>, path);
      else if (GRID_TYPES.has(type)) (value as Record<string, unknown>[]).forEach((row, i) => walk(children, row, `${path}/${i}`));
    }
  };
  walk(components, data, pathPrefix);
  return out;
}
