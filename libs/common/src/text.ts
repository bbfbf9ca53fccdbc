/**
 * Vietnamese text folded for matching: lower case, no diacritics, đ → d, single spaces.
 * "Chuyển Đổi  số" → "chuyen doi so". Used for search (`q`) and for matching department names.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
