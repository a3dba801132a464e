/**
 * Reads a form.io form as the builder writes it (current and years-old JSON alike): lists
 * its data fields with their paths, finds structural problems (missing or duplicate keys in
 * one data scope), and finds designer code — custom JavaScript that form.io would evaluate
 * (on the server with @formio/core, or in citizens' browsers). JSONLogic is data, not code,
 * and is allowed.
 */

export interface FormField {
  key: string;
  /** Data path: `applicant.name`, `children[].name` for rows of a grid. */
  path: string;
  type: string;
  label?: string;
  /** Profile field to prefill from: fullName, citizenId, phone, email, address. */
  prefill?: string;
  /** `validate.required`. */
  required: boolean;
  /** The other validation rules (`validate` less `required`), as written. */
  validation: Record<string, unknown>;
}

export interface FormProblem {
  path: string;
  code: string;
  message: string;
  /** The same in Vietnamese (the studio shows it first). */
  messageVi: string;
}

export interface FormAnalysis {
  fields: FormField[];
  problems: FormProblem[];
  /** Places with custom JavaScript; refused at publish. */
  customCode: FormProblem[];
}

type Component = Record<string, unknown>;

const DATA_CONTAINERS = new Set(['container', 'form']);
const ARRAY_CONTAINERS = new Set(['datagrid', 'editgrid', 'datatable', 'tagpad', 'dynamicWizard']);
const NON_INPUT = new Set(['button', 'htmlelement', 'content', 'columns', 'panel', 'fieldset', 'well', 'table', 'tabs', 'well']);
export const PREFILL_FIELDS = ['fullName', 'citizenId', 'phone', 'email', 'address'] as const;

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function childLists(c: Component): unknown[][] {
  const lists: unknown[][] = [];
  if (Array.isArray(c.components)) lists.push(c.components);
  if (Array.isArray(c.columns)) for (const col of c.columns) if (isObject(col) && Array.isArray(col.components)) lists.push(col.components);
  if (Array.isArray(c.rows)) {
    for (const row of c.rows) {
      if (!Array.isArray(row)) continue;
      for (const cell of row) if (isObject(cell) && Array.isArray(cell.components)) lists.push(cell.components);
    }
  }
  return lists;
}

function findCustomCode(c: Component, where: string, out: FormProblem[]) {
  const flag = (property: string, message: string, messageVi: string) => out.push({ path: `${where}.${property}`, code: 'form.custom_code', message, messageVi });
  const validate = isObject(c.validate) ? c.validate : {};
  if (isNonEmptyString(validate.custom)) flag('validate.custom', 'custom JavaScript validation is not allowed: use the built-in rules or JSONLogic (validate.json)', 'Không cho phép kiểm tra dữ liệu bằng JavaScript tự viết: hãy dùng quy tắc có sẵn hoặc JSONLogic (validate.json)');
  if (isNonEmptyString(validate.customPrivate)) flag('validate.customPrivate', 'custom JavaScript validation is not allowed', 'Không cho phép kiểm tra dữ liệu bằng JavaScript tự viết');
  if (isNonEmptyString(c.customConditional)) flag('customConditional', 'a JavaScript condition is not allowed: use a simple condition or JSONLogic (conditional.json)', 'Không cho phép điều kiện hiển thị bằng JavaScript: hãy dùng điều kiện đơn giản hoặc JSONLogic (conditional.json)');
  if (isNonEmptyString(c.calculateValue)) flag('calculateValue', 'a JavaScript calculated value is not allowed: use JSONLogic', 'Không cho phép tính giá trị bằng JavaScript: hãy dùng JSONLogic');
  if (isNonEmptyString(c.customDefaultValue)) flag('customDefaultValue', 'a JavaScript default value is not allowed: use a fixed default or JSONLogic', 'Không cho phép giá trị mặc định tính bằng JavaScript: hãy dùng giá trị cố định hoặc JSONLogic');
  if (c.dataSrc === 'url') flag('dataSrc', 'a list loaded from a URL is not allowed: the server would fetch it; use values or a resource of the platform', 'Không cho phép danh sách tải từ một địa chỉ URL (máy chủ sẽ phải tải về): hãy nhập sẵn các giá trị hoặc dùng danh mục của hệ thống');
  if (c.dataSrc === 'custom' || (isObject(c.data) && isNonEmptyString(c.data.custom))) flag('data.custom', 'a list computed by JavaScript is not allowed', 'Không cho phép danh sách tính bằng JavaScript');
  if (c.type === 'button' && c.action === 'custom' && isNonEmptyString(c.custom)) flag('custom', 'a button running JavaScript is not allowed', 'Không cho phép nút bấm chạy JavaScript');
  if (Array.isArray(c.logic)) {
    c.logic.forEach((rule, i) => {
      if (!isObject(rule)) return;
      const trigger = isObject(rule.trigger) ? rule.trigger : {};
      if (trigger.type === 'javascript' || isNonEmptyString(trigger.javascript)) flag(`logic[${i}].trigger`, 'a JavaScript logic trigger is not allowed: use a simple or JSONLogic trigger', 'Không cho phép kích hoạt logic bằng JavaScript: hãy dùng điều kiện đơn giản hoặc JSONLogic');
      if (Array.isArray(rule.actions)) {
        rule.actions.forEach((a, j) => {
          if (isObject(a) && (a.type === 'customAction' || isNonEmptyString(a.customAction) || (a.type === 'value' && isNonEmptyString(a.value)))) {
            flag(`logic[${i}].actions[${j}]`, 'a JavaScript logic action is not allowed', 'Không cho phép hành động logic bằng JavaScript');
          }
        });
      }
    });
  }
}

export function analyzeForm(form: unknown): FormAnalysis {
  const fields: FormField[] = [];
  const problems: FormProblem[] = [];
  const customCode: FormProblem[] = [];
  if (!isObject(form) || !Array.isArray(form.components)) {
    return { fields, problems: [{ path: 'components', code: 'form.no_components', message: 'a form.io form needs a components array', messageVi: 'Biểu mẫu form.io cần có mảng components' }], customCode };
  }

  const walk = (list: unknown[], scope: string, where: string, seen: Map<string, string>) => {
    list.forEach((raw, i) => {
      const at = `${where}[${i}]`;
      if (!isObject(raw)) {
        problems.push({ path: at, code: 'form.component_not_object', message: 'a component must be an object', messageVi: 'Mỗi trường của biểu mẫu phải là một đối tượng' });
        return;
      }
      const c = raw as Component;
      const type = typeof c.type === 'string' ? c.type : '';
      const key = typeof c.key === 'string' ? c.key : '';
      const label = typeof c.label === 'string' ? c.label : undefined;
      const named = key ? `${where}[${i}] "${key}"` : at;
      if (!type) problems.push({ path: named, code: 'form.type_missing', message: 'the component has no type', messageVi: 'Trường của biểu mẫu chưa có loại (type)' });
      findCustomCode(c, key || at, customCode);

      const holdsData = c.input === true || (c.input !== false && !NON_INPUT.has(type) && !childLists(c).length);
      const isContainer = DATA_CONTAINERS.has(type) || ARRAY_CONTAINERS.has(type);
      if ((holdsData || isContainer) && type !== 'button') {
        if (!key) {
          problems.push({ path: at, code: 'form.key_missing', message: 'an input component needs a key', messageVi: 'Trường nhập liệu cần có mã (key)' });
        } else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
          problems.push({ path: named, code: 'form.key_invalid', message: `key "${key}" must start with a letter and hold only letters, digits, _ and -`, messageVi: `Mã "${key}" phải bắt đầu bằng chữ cái và chỉ gồm chữ, số, _ và -` });
        } else if (seen.has(key)) {
          problems.push({ path: named, code: 'form.key_duplicate', message: `key "${key}" is used twice in the same data scope (also at ${seen.get(key)})`, messageVi: `Mã "${key}" bị dùng hai lần trong cùng một phạm vi dữ liệu (trùng với ${seen.get(key)})` });
        } else {
          seen.set(key, named);
          const path = scope ? `${scope}.${key}` : key;
          if (!isContainer) {
            const prefill = isObject(c.properties) && typeof c.properties.prefill === 'string' ? c.properties.prefill : undefined;
            if (prefill && !(PREFILL_FIELDS as readonly string[]).includes(prefill)) {
              problems.push({ path: named, code: 'form.prefill_unknown', message: `prefill "${prefill}" is not a profile field (${PREFILL_FIELDS.join(', ')})`, messageVi: `Trường điền sẵn "${prefill}" không có trong hồ sơ cá nhân (${PREFILL_FIELDS.join(', ')})` });
            }
            const { required, ...validation } = isObject(c.validate) ? c.validate : {};
            fields.push({ key, path, type, label, prefill, required: required === true, validation });
          }
        }
      }

      const children = childLists(c);
      if (DATA_CONTAINERS.has(type) && key) {
        for (const l of children) walk(l, scope ? `${scope}.${key}` : key, `${at}.components`, new Map());
      } else if (ARRAY_CONTAINERS.has(type) && key) {
        for (const l of children) walk(l, `${scope ? `${scope}.` : ''}${key}[]`, `${at}.components`, new Map());
      } else {
        // Layout components (panels, columns, tables, tabs) share their parent's data scope.
        for (const l of children) walk(l, scope, `${at}.components`, seen);
      }
    });
  };
  walk(form.components, '', 'components', new Map());
  return { fields, problems, customCode };
}
