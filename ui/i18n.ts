/**
 * Interface text: Vietnamese first, English as the switch. Each app passes its dictionaries;
 * a missing English text falls back to Vietnamese, a missing key shows the key (so it is seen).
 */
export type Lang = 'vi' | 'en';
export type Dict = Record<string, string>;

const STORAGE_KEY = 'esb.lang';
const dicts: Record<Lang, Dict> = { vi: {}, en: {} };
let current: Lang = readLang();
const listeners = new Set<(lang: Lang) => void>();

function readLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function addTexts(vi: Dict, en: Dict): void {
  Object.assign(dicts.vi, vi);
  Object.assign(dicts.en, en);
}

export const lang = () => current;

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = next;
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** `t('list.count', { n: 3 })` with `{n}` placeholders. */
export function t(key: string, params?: Record<string, string | number>): string {
  const text = dicts[current][key] ?? dicts.vi[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

const money = () => new Intl.NumberFormat(current === 'vi' ? 'vi-VN' : 'en-US');
export const formatVnd = (n: number) => `${money().format(n)} ₫`;

/** Dates and times as people in Vietnam read them, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(current === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));
}

if (typeof document !== 'undefined') document.documentElement.lang = current;

/**
 * Inline text in both languages, Vietnamese first: `L('Lưu', 'Save')`. The apps use it for
 * their own screens (the pair stays together where it is used); shared keys go through t().
 */
export const L = (vi: string, en: string): string => (current === 'en' ? en : vi);
