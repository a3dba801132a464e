/**
 * Vietnamese text folded for search: no accents, đ → d, lower case, single spaces.
 * "Đăng ký khai sinh" and "dang ky khai sinh" fold to the same text.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}

/** Words of a query, folded, for a prefix full-text query (`dang:* & ky:*`). */
export function queryTerms(q: string): string[] {
  return foldVietnamese(q)
    .split(' ')
    .map((w) => w.replace(/[^a-z0-9]/g, ''))
    .filter(Boolean)
    .slice(0, 12);
}
