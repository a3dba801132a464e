/**
 * A tiny DOM builder: the apps are plain TypeScript over the DOM, with no framework, so the
 * citizen portal stays small and the studio's weight is the design libraries alone.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: any) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler | Record<string, string>>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value as Handler);
      else if (key === 'dataset' && typeof value === 'object') Object.assign(el.dataset, value);
      else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
      else if (key === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = !!value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function mount(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let idCounter = 0;
/** A unique element id, for label/for and aria links. */
export const uid = (prefix = 'f') => `${prefix}-${++idCounter}`;

/** A labelled form control in Bootstrap's markup. */
export function field(label: string, control: HTMLElement, help?: string | null, opts: { error?: string | null } = {}): HTMLElement {
  const id = control.id || uid();
  control.id = id;
  const helpId = help ? `${id}-help` : undefined;
  const errId = opts.error ? `${id}-err` : undefined;
  const described = [helpId, errId].filter(Boolean).join(' ');
  if (described) control.setAttribute('aria-describedby', described);
  if (opts.error) {
    control.classList.add('is-invalid');
    control.setAttribute('aria-invalid', 'true');
  }
  const isCheck = control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio');
  if (isCheck) {
    control.classList.add('form-check-input');
    return h('div', { class: 'form-check' }, control, h('label', { class: 'form-check-label', for: id }, label));
  }
  return h(
    'div',
    { class: 'mb-3' },
    h('label', { class: 'form-label', for: id }, label),
    control,
    help ? h('div', { class: 'form-text', id: helpId }, help) : null,
    opts.error ? h('div', { class: 'invalid-feedback', id: errId }, opts.error) : null,
  );
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: A | undefined;
  const wrapped = (...args: A) => {
    last = args;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  wrapped.flush = () => {
    if (timer !== undefined && last) {
      clearTimeout(timer);
      timer = undefined;
      fn(...last);
    }
  };
  wrapped.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return wrapped;
}

/** Reads a File chosen by the user as text. */
export const readText = (file: File) => file.text();

/** Offers a string as a download. */
export function download(name: string, text: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
