/**
 * Folds Vietnamese text for search: lower-case, diacritics removed, đ → d.
 * Stored in `searchText` columns because SQLite's lower() folds ASCII only (ARCHITECTURE.md, dialect rules).
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
