import { isIsoDate } from '@cchc/domain/index-set/validate';
import { foldForSearch } from '@cchc/domain/text';

/**
 * Text and number conventions of the index-set workbook, shared by the writer and the reader so
 * that whatever the writer puts in a cell the reader turns back into the same value.
 */

/** NFC and trimmed: Excel on macOS and copy-paste from PDFs often give decomposed (NFD) text. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/**
 * Key for matching what a person typed against a fixed vocabulary (headers, sheet names, method
 * names, parameter names): no diacritics, no case, punctuation and spacing ignored, so
 * "Điểm tối đa", "diem toi da" and "ĐIỂM TỐI ĐA " are the same word.
 */
export function matchKey(text: string): string {
  return foldForSearch(text.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A decimal number as Vietnamese staff type it: "1,5" or "1.5", optional sign, optional "%" when
 * `percent`. Only one separator is allowed: points never need thousands separators, and "1.234"
 * would be ambiguous (1234 in Vietnamese, 1.234 in English).
 */
export function parseDecimal(text: string, options: { percent?: boolean } = {}): number | undefined {
  let s = text.replace(/[\s\u00a0]+/g, '');
  if (options.percent && s.endsWith('%')) {
    s = s.slice(0, -1);
  }
  if (!/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(s)) {
    return undefined;
  }
  return Number(s.replace(',', '.'));
}

/** Vietnamese decimal comma, as in the guidance text people copy from: 0.375 → "0,375". */
export function formatDecimal(value: number): string {
  return String(value).replace('.', ',');
}

/**
 * Excel keeps 15 significant digits; a value written by another tool can carry binary noise
 * (1.4999999999999998). Rounding to 15 digits gives back what the person sees in the cell.
 */
export function cleanNumber(value: number): number {
  return Number(value.toPrecision(15));
}

/** 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** `Cây chỉ số!F12` — the location format of LocatedError for Excel input. */
export function cellRef(sheet: string, row: number, column: number): string {
  return `${sheet}!${columnLetter(column)}${row}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 9999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** dd/mm/yyyy (also d/m/yyyy, with "-" or "."), or ISO yyyy-mm-dd → ISO yyyy-mm-dd. */
export function parseDateText(text: string): string | undefined {
  const s = text.trim();
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  let parts: [number, number, number] | undefined;
  if (vn) {
    parts = [Number(vn[3]), Number(vn[2]), Number(vn[1])];
  } else if (iso) {
    parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  }
  if (!parts) {
    return undefined;
  }
  // Any real calendar date the document format accepts (isIsoDate), not only Excel's 1900–9999:
  // a typed date is text, and the writer writes a date Excel cannot hold (1899-12-31) as text —
  // with isRealDate here that export could not be imported back (found by
  // index-set-xlsx-roundtrip.property.test.ts).
  const date = `${pad(parts[0], 4)}-${pad(parts[1])}-${pad(parts[2])}`;
  return isIsoDate(date) ? date : undefined;
}

/**
 * Excel dates have no time zone; ExcelJS turns the serial number into a Date at UTC midnight,
 * so the UTC fields are the calendar date the person typed.
 */
export function isoFromExcelDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** ISO yyyy-mm-dd → a Date at UTC midnight for ExcelJS, or undefined when not a real date. */
export function excelDateFromIso(iso: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) {
    return undefined;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? new Date(Date.UTC(year, month - 1, day)) : undefined;
}

export function vnDateFromExcelDate(date: Date): string {
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCFullYear(), 4)}`;
}
