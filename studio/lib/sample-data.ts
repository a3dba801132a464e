/**
 * Sample data for a test run: a value every field of the form accepts (its type, mask,
 * pattern, bounds and choices), nested as the form nests it (containers, grids), so the
 * default test run passes the server's form validation.
 */
type Component = Record<string, any>;

const LAYOUT = new Set(['button', 'htmlelement', 'content', 'panel', 'columns', 'fieldset', 'well', 'table', 'tabs']);
const NESTING = new Set(['container', 'datagrid', 'editgrid', 'datatable']);

/** Values tried, in order, against a field's pattern. */
const PATTERN_CANDIDATES = ['001099012345', '0912345678', '15/01/2026', '2026-01-15', '12345', 'Nguyễn Văn An', 'abc', 'ABC', 'a@b.vn', '1'];

function children(c: Component): Component[] {
  return [
    ...(c.components ?? []),
    ...(Array.isArray(c.columns) ? c.columns.flatMap((col: Component) => col?.components ?? []) : []),
    ...(Array.isArray(c.rows) ? c.rows.flat().flatMap((cell: Component) => cell?.components ?? []) : []),
  ];
}

/** "999 999 9999" → "091 234 5678": digits for 9, letters for a, either for *. */
function fromMask(mask: string): string {
  const digits = '0912345678901234567890';
  let d = 0;
  return [...mask].map((ch) => (ch === '9' ? digits[d++ % digits.length] : ch === 'a' || ch === 'A' ? 'a' : ch === '*' ? '1' : ch)).join('');
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return true;
  }
}

function optionValues(c: Component): unknown[] {
  const list = c.type === 'select' ? c.data?.values : c.values;
  return Array.isArray(list) ? list.map((o: Component) => o?.value).filter((v: unknown) => v !== undefined && v !== '') : [];
}

function fitsMask(mask: string, value: string): boolean {
  if (mask.length !== value.length) return false;
  return [...mask].every((m, i) => (m === '9' ? /\d/.test(value[i]) : m === 'a' || m === 'A' ? /\p{L}/u.test(value[i]) : m === '*' ? /[\p{L}\d]/u.test(value[i]) : m === value[i]));
}

function textValue(c: Component): string {
  const pattern: string | undefined = c.validate?.pattern || undefined;
  const mask = c.inputMask ? String(c.inputMask) : '';
  const key = String(c.key ?? '').toLowerCase();
  const preferred = key.includes('cccd') ? '001099012345' : key.includes('dienthoai') || key.includes('phone') ? '0912345678' : 'Nguyễn Văn An';
  const candidates = [preferred, ...(mask ? [fromMask(mask)] : []), ...PATTERN_CANDIDATES];
  const fits = (v: string) => (!mask || fitsMask(mask, v)) && (!pattern || matches(pattern, v));
  let value = candidates.find(fits) ?? (mask ? fromMask(mask) : preferred);
  const max = Number(c.validate?.maxLength) || 0;
  const min = Number(c.validate?.minLength) || 0;
  if (max && value.length > max) value = value.slice(0, max);
  if (min && value.length < min) value = value.padEnd(min, 'a');
  return value;
}

function numberValue(c: Component): number {
  const min = c.validate?.min === '' || c.validate?.min == null ? undefined : Number(c.validate.min);
  const max = c.validate?.max === '' || c.validate?.max == null ? undefined : Number(c.validate.max);
  let n = 1;
  if (min !== undefined && Number.isFinite(min) && n < min) n = min;
  if (max !== undefined && Number.isFinite(max) && n > max) n = max;
  return n;
}

/** A value for one input component; undefined when the field is better left empty. */
function fieldValue(c: Component): unknown {
  const values = optionValues(c);
  switch (c.type) {
    case 'checkbox':
      return !!c.validate?.required;
    case 'number':
    case 'currency':
      return numberValue(c);
    case 'select':
      if (!values.length) return undefined;
      return c.multiple ? [values[0]] : values[0];
    case 'radio':
      return values[0];
    case 'selectboxes':
      return Object.fromEntries(values.map((v, i) => [String(v), i === 0 && !!c.validate?.required]));
    case 'email':
      return 'an.nguyen@example.vn';
    case 'url':
      return 'https://example.vn';
    case 'phoneNumber':
      return fromMask(String(c.inputMask ?? '(999) 999-9999'));
    case 'datetime':
      // form.io stores a datetime as ISO 8601 with the offset; Vietnam is UTC+7 all year.
      return c.enableTime === false ? '2026-01-15T00:00:00+07:00' : '2026-01-15T09:00:00+07:00';
    case 'day':
      return c.dayFirst ? '15/01/2026' : '01/15/2026';
    case 'time':
      return '09:00:00';
    case 'tags':
      return c.storeas === 'array' ? ['mẫu'] : 'mẫu';
    case 'file':
    case 'signature':
    case 'hidden':
    case 'address':
    case 'survey':
      return undefined;
    default:
      return textValue(c);
  }
}

export function sampleData(form: { components?: unknown[] } | null | undefined): Record<string, unknown> {
  const fill = (components: Component[], target: Record<string, unknown>) => {
    for (const c of components) {
      if (!c || typeof c !== 'object') continue;
      const key = typeof c.key === 'string' ? c.key : '';
      if (key && NESTING.has(c.type)) {
        const inner: Record<string, unknown> = {};
        fill(children(c), inner);
        target[key] = c.type === 'container' ? inner : [inner];
      } else if (key && c.input !== false && !LAYOUT.has(c.type) && !children(c).length) {
        const value = fieldValue(c);
        if (value !== undefined) target[key] = value;
      } else {
        fill(children(c), target);
      }
    }
  };
  const out: Record<string, unknown> = {};
  fill((form?.components ?? []) as Component[], out);
  return out;
}
