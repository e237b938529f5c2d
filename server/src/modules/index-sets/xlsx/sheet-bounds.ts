/**
 * Excel's own sheet size, checked on the raw worksheet XML before ExcelJS sees it.
 *
 * ExcelJS allocates by the numbers a sheet declares, not by what it holds: `<col min="1"
 * max="60000000"/>` makes one Column object per column (the server ran out of memory), and a row
 * numbered 2 000 000 000 (`<row r="…">` or a cell `A2000000000`) turns the row array into one that
 * ExcelJS then walks index by index (minutes of blocked event loop). No workbook Excel wrote goes
 * past column XFD or row 1 048 576, so anything beyond is refused while the part is streamed, a
 * chunk at a time. The XLSX reader checks the same limits again on ExcelJS's parsed model, in case
 * some spelling of the XML gets past this scanner.
 */

/** Columns A…XFD. */
export const EXCEL_MAX_COLUMNS = 16_384;
/** Rows 1…1 048 576. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** 16384 → "16.384" (Vietnamese digit grouping). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** The rejection of a sheet that declares `what` ("cột 60.000.000", "dòng …", "ô A2000000000"). */
export function outOfSheetMessage(sheet: string, what: string): string {
  return `Trang tính “${sheet}” bị từ chối: có ${what}, vượt quá giới hạn của Excel (${groupDigits(EXCEL_MAX_COLUMNS)} cột, đến cột XFD, và ${groupDigits(EXCEL_MAX_ROWS)} dòng). Tệp không do Excel lưu hoặc đã bị sửa ngoài Excel; hãy mở bằng Excel và lưu lại.`;
}

/** A number as ExcelJS reads it (parseInt), shown grouped; absurd lengths are cut. */
function showNumber(raw: string, value: number): string {
  return Number.isSafeInteger(value)
    ? groupDigits(value)
    : `${raw.slice(0, 20)}${raw.length > 20 ? '…' : ''}`;
}

/** Column letters → number, stopping as soon as it is past the limit (no huge intermediate values). */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    n = n * 26 + (ch.charCodeAt(0) - 64);
    if (n > EXCEL_MAX_COLUMNS) {
      return Number.POSITIVE_INFINITY;
    }
  }
  return n;
}

/** Attribute values may use character references: `r="&#50;000000000"` is row 2 000 000 000. */
function decodeXml(value: string): string {
  if (!value.includes('&')) {
    return value;
  }
  return value.replace(
    /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g,
    (_m, dec, hex, name) => {
      if (dec !== undefined || hex !== undefined) {
        const code = dec !== undefined ? Number(dec) : Number.parseInt(hex, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name as 'amp'];
    },
  );
}

/**
 * `<col …>`, `<row …>` and `<c …>` start tags (unprefixed, as ExcelJS matches them), attributes
 * quoted with " or ' — a ">" inside a quoted value does not end the tag.
 */
const TAG = /<(col|row|c)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
const ATTRIBUTE = /([^\s=>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Streams one worksheet part and remembers the first thing beyond Excel's limits. Text between
 * two "<" is held only until the next "<" arrives, so each byte is scanned once however the
 * chunks fall (a tag split across chunks is joined; "<" cannot occur unescaped inside a tag).
 */
export class SheetBoundsScanner {
  /** What was found beyond the limits ("cột 60.000.000"), or undefined. */
  found: string | undefined;
  private pending: string[] = [];

  push(chunk: Buffer): void {
    if (this.found !== undefined) {
      return;
    }
    // latin1 maps each byte to one character: the markup is ASCII, and a UTF-8 character split
    // between chunks cannot corrupt it.
    const text = chunk.toString('latin1');
    const last = text.lastIndexOf('<');
    if (last < 0) {
      this.pending.push(text);
      return;
    }
    this.pending.push(text.slice(0, last));
    this.scan(this.pending.join(''));
    this.pending = [text.slice(last)];
  }

  /** After the last chunk. */
  end(): void {
    if (this.found === undefined) {
      this.scan(this.pending.join(''));
    }
    this.pending = [];
  }

  private scan(text: string): void {
    for (const tag of text.matchAll(TAG)) {
      for (const attribute of (tag[2] ?? '').matchAll(ATTRIBUTE)) {
        const name = attribute[1];
        const value = decodeXml(attribute[2] ?? attribute[3] ?? '');
        const problem = this.check(tag[1] ?? '', name ?? '', value);
        if (problem !== undefined) {
          this.found = problem;
          return;
        }
      }
    }
  }

  private check(element: string, attribute: string, value: string): string | undefined {
    if (element === 'col' && (attribute === 'min' || attribute === 'max')) {
      const column = Number.parseInt(value, 10);
      return column > EXCEL_MAX_COLUMNS ? `cột ${showNumber(value, column)}` : undefined;
    }
    if (element === 'row' && attribute === 'r') {
      const row = Number.parseInt(value, 10);
      return row > EXCEL_MAX_ROWS ? `dòng ${showNumber(value, row)}` : undefined;
    }
    if (element === 'c' && attribute === 'r') {
      const ref = /^\$?([A-Za-z]+)\$?(\d+)$/.exec(value.trim());
      if (ref && (columnNumber(ref[1] ?? '') > EXCEL_MAX_COLUMNS || Number(ref[2]) > EXCEL_MAX_ROWS)) {
        return `ô ${value.trim().slice(0, 30)}`;
      }
    }
    return undefined;
  }
}

/**
 * Sheet names by part (`xl/worksheets/sheet2.xml` → "Cây chỉ số"), from xl/workbook.xml and its
 * relationships, so that the message names the sheet a person sees. Parts it cannot resolve keep
 * their part name.
 */
export function sheetNamesByPart(workbookXml: string, relsXml: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const rel of relsXml.matchAll(/<Relationship\b([^>]*)>/g)) {
    const attributes = attributesOf(rel[1] ?? '');
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (id !== undefined && target !== undefined) {
      targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
    }
  }
  const names = new Map<string, string>();
  for (const sheet of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const attributes = attributesOf(sheet[1] ?? '');
    const name = attributes.get('name');
    const id = [...attributes].find(([key]) => /^(?:\w+:)?id$/.test(key))?.[1];
    const part = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && part !== undefined) {
      names.set(part, name.normalize('NFC'));
    }
  }
  return names;
}

/**
 * The highest sheet number the workbook uses, as ExcelJS reads it (`parseInt` of each `<sheet
 * sheetId>`). ExcelJS keeps worksheets in an array indexed by that number and walks it: a hand-made
 * `sheetId="1431185551"` blocked the event loop for minutes (found by the fuzzing tests).
 */
export function highestSheetId(workbookXml: string): number {
  let highest = 0;
  for (const sheet of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const id = Number.parseInt(attributesOf(sheet[1] ?? '').get('sheetId') ?? '', 10);
    if (Number.isFinite(id) && id > highest) {
      highest = id;
    }
  }
  return highest;
}

function attributesOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const attribute of text.matchAll(ATTRIBUTE)) {
    out.set(attribute[1] ?? '', decodeXml(attribute[2] ?? attribute[3] ?? ''));
  }
  return out;
}
