/**
 * FEEL inputs with linting (@bpmn-io/feel-lint, loaded on first use): syntax errors are
 * shown under the field as the designer types, and names the form does not have are flagged.
 */
import { h, uid } from '../../ui/dom.js';
import { L } from '../../ui/i18n.js';

type Linter = typeof import('@bpmn-io/feel-lint').lintExpression;
let linter: Promise<Linter> | null = null;
const loadLinter = () => (linter ??= import('@bpmn-io/feel-lint').then((m) => m.lintExpression));

const BUILTIN = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'between', 'in', 'instance', 'of', 'if', 'then', 'else', 'for', 'return', 'some', 'every', 'satisfies', 'function', 'decision', 'decisions']);

/** Problems of a FEEL expression: syntax (from feel-lint) and unknown names. */
export async function lintFeel(text: string, knownNames?: string[]): Promise<string[]> {
  if (!text.trim()) return [];
  const lint = await loadLinter();
  const messages = lint(text).map((d: { message: string; from: number; to: number }) => `${d.message} (${L('vị trí', 'at')} ${d.from + 1})`);
  if (!messages.length && knownNames) {
    const stripped = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    const names = [...stripped.matchAll(/(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).filter((n) => !BUILTIN.has(n) && !/^(date|time|duration|string|number|count|sum|min|max|contains|starts|ends|upper|lower|substring|length|now|today|is|abs|floor|ceiling|round)$/.test(n));
    const unknown = [...new Set(names)].filter((n) => !knownNames.includes(n));
    if (unknown.length) messages.push(L(`Biểu mẫu không có trường: ${unknown.join(', ')}`, `The form has no field: ${unknown.join(', ')}`));
  }
  return messages;
}

/** A text input for a FEEL expression, with its lint result beside it. */
export function feelInput(opts: { value: string; label: string; knownNames?: () => string[]; onInput: (value: string) => void; placeholder?: string; name?: string }): { element: HTMLElement; input: HTMLInputElement } {
  const id = uid('feel');
  const input = h('input', { class: 'form-control form-control-sm esb-feel font-monospace', id, value: opts.value, name: opts.name, placeholder: opts.placeholder ?? 'soBan > 1', 'aria-describedby': `${id}-lint`, spellcheck: 'false', autocomplete: 'off' });
  const out = h('div', { id: `${id}-lint`, class: 'small', 'aria-live': 'polite' });
  let seq = 0;
  const check = async () => {
    const mine = ++seq;
    const problems = await lintFeel(input.value, opts.knownNames?.());
    if (mine !== seq) return;
    input.classList.toggle('is-invalid', problems.length > 0);
    input.setAttribute('aria-invalid', String(problems.length > 0));
    out.className = `small ${problems.length ? 'text-danger' : 'text-body-secondary'}`;
    out.textContent = problems.length ? problems.join('; ') : input.value.trim() ? L('Biểu thức FEEL hợp lệ', 'Valid FEEL') : '';
  };
  input.addEventListener('input', () => {
    opts.onInput(input.value);
    void check();
  });
  void check();
  return { element: h('div', null, h('label', { class: 'form-label small mb-0', for: id }, opts.label), input, out), input };
}
