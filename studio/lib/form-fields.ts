/** The data fields of a form.io form, for conditions and quantity pickers. */
export interface FormField { key: string; label: string; type: string; values?: Array<{ value: string; label: string }> }

const LAYOUT = new Set(['button', 'htmlelement', 'content', 'panel', 'columns', 'fieldset', 'well', 'table', 'tabs']);

export function formFields(form: { components?: unknown[] } | null | undefined): FormField[] {
  const out: FormField[] = [];
  const walk = (components: unknown[] | undefined) => {
    for (const raw of components ?? []) {
      const c = raw as Record<string, any>;
      if (!c || typeof c !== 'object') continue;
      if (c.key && c.input !== false && !LAYOUT.has(c.type)) {
        out.push({ key: String(c.key), label: String(c.label ?? c.key), type: String(c.type ?? 'textfield'), values: Array.isArray(c.values) ? c.values : Array.isArray(c.data?.values) ? c.data.values : undefined });
        if (c.type === 'container' || c.type === 'datagrid' || c.type === 'editgrid') continue;
      }
      walk(c.components);
      if (Array.isArray(c.columns)) for (const col of c.columns) walk(col?.components);
      if (Array.isArray(c.rows)) for (const row of c.rows) for (const cell of row ?? []) walk(cell?.components);
    }
  };
  walk(form?.components);
  return out;
}
