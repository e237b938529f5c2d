import type { LocatedError } from '@cchc/domain/index-set/format';
import type ExcelJS from 'exceljs';
import {
  cellRef,
  cleanNumber,
  cleanText,
  isoFromExcelDate,
  matchKey,
  parseDateText,
  parseDecimal,
  vnDateFromExcelDate,
} from './cell-values';
import { groupDigits } from './sheet-bounds';
import type { ColumnDef } from './template';

/** Beyond this many problems the list stops growing: a wrong file would otherwise list every cell. */
export const MAX_REPORTED_ERRORS = 500;
/** Excel's own limit for the text of one cell: a longer one was not written by Excel. */
export const EXCEL_MAX_CELL_CHARS = 32_767;
/** Texts at least this long are cleaned once per reader and then looked up (see `cleanOnce`). */
const MEMO_MIN_CHARS = 256;

export class ErrorSink {
  readonly errors: LocatedError[] = [];
  private dropped = 0;

  add(path: string, message: string): void {
    if (this.errors.length < MAX_REPORTED_ERRORS) {
      this.errors.push({ path, message });
    } else {
      this.dropped += 1;
    }
  }

  get count(): number {
    return this.errors.length + this.dropped;
  }

  list(): LocatedError[] {
    if (this.dropped === 0) {
      return this.errors;
    }
    return [
      ...this.errors,
      { path: '', message: `Còn ${this.dropped} lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi tải lại.` },
    ];
  }
}

/** What a cell holds, after the conventions of the template (NFC, trimmed, blank = absent). */
export type CellInput =
  | { kind: 'blank' }
  /** A formula or a cell inside a merged range: already reported once, not again per use. */
  | { kind: 'blocked' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; percentFormat: boolean }
  | { kind: 'date'; date: Date }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; code: string };

const MAX_BLOCKING_MERGES = 100;

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    n = n * 26 + (ch.charCodeAt(0) - 64);
  }
  return n;
}

function parseRange(text: string): Range | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(text.trim());
  if (!m?.[1] || !m[2]) {
    return undefined;
  }
  const left = columnNumber(m[1]);
  const top = Number(m[2]);
  const right = m[3] ? columnNumber(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  return {
    top: Math.min(top, bottom),
    bottom: Math.max(top, bottom),
    left: Math.min(left, right),
    right: Math.max(left, right),
  };
}

function richTextOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (value && typeof value === 'object' && 'richText' in value && Array.isArray(value.richText)) {
    return value.richText
      .map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : ''))
      .join('');
  }
  return undefined;
}

function isFormulaValue(value: unknown): boolean {
  return !!value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value);
}

export interface HeaderMap<K extends string> {
  row: number;
  columns: Map<K, number>;
}

/**
 * One data sheet: reads cells by the template's conventions and reports problems at
 * `Sheet!Cell`. Each formula cell and each merged range is reported once, up front; those cells
 * then read as `blocked`, so a blank caused by a merge does not produce a second, confusing error.
 */
export class SheetReader {
  readonly name: string;
  private readonly formulaCells = new Set<string>();
  private readonly merged: Range[] = [];
  /** Cells already reported as longer than Excel allows (each cell is read several times). */
  private readonly tooLongCells = new Set<string>();
  /** Raw text → cleaned text, and rich-text value → its joined text (see `cleanOnce`). */
  private readonly cleaned = new Map<string, string>();
  private readonly joined = new WeakMap<object, string>();

  constructor(
    private readonly ws: ExcelJS.Worksheet,
    private readonly sink: ErrorSink,
    mergeRanges: readonly string[],
  ) {
    // Shown to people and compared by the service: always NFC, whatever the file stored.
    this.name = ws.name.normalize('NFC');
    for (const text of mergeRanges) {
      this.sink.add(
        `${this.name}!${text}`,
        `Vùng ô ${text} bị gộp (merge); hãy bỏ gộp ô và ghi giá trị vào từng ô.`,
      );
      const range = parseRange(text);
      // Blocking only spares people a second message per merged cell; every cell read checks
      // this list, so a file with thousands of merges must not make reading quadratic.
      if (range && this.merged.length < MAX_BLOCKING_MERGES) {
        this.merged.push(range);
      }
    }
    ws.eachRow((row, rowNumber) => {
      row.eachCell((cell, colNumber) => {
        if (isFormulaValue(cell.value)) {
          this.formulaCells.add(`${rowNumber}:${colNumber}`);
          this.sink.add(this.ref(rowNumber, colNumber), 'Ô có công thức; hãy dán giá trị.');
        }
      });
    });
  }

  ref(row: number, column: number): string {
    return cellRef(this.name, row, column);
  }

  error(row: number, column: number, message: string): void {
    this.sink.add(this.ref(row, column), message);
  }

  sheetError(path: string, message: string): void {
    this.sink.add(`${this.name}${path}`, message);
  }

  /** Row numbers that hold something, ascending (sparse: a stray cell at row 1 000 000 costs nothing). */
  rowNumbers(after: number): number[] {
    const rows: number[] = [];
    this.ws.eachRow((_row, rowNumber) => {
      if (rowNumber > after) {
        rows.push(rowNumber);
      }
    });
    return rows;
  }

  private isBlocked(row: number, column: number): boolean {
    if (this.formulaCells.has(`${row}:${column}`)) {
      return true;
    }
    return this.merged.some(
      (r) =>
        row >= r.top &&
        row <= r.bottom &&
        column >= r.left &&
        column <= r.right &&
        (row !== r.top || column !== r.left),
    );
  }

  read(row: number, column: number): CellInput {
    if (this.isBlocked(row, column)) {
      return { kind: 'blocked' };
    }
    const cell = this.ws.findCell(row, column);
    const value: unknown = cell?.value;
    if (value === null || value === undefined) {
      return { kind: 'blank' };
    }
    if (typeof value === 'number') {
      const percentFormat = (cell?.numFmt ?? '').includes('%');
      return { kind: 'number', value: cleanNumber(value), percentFormat };
    }
    if (typeof value === 'boolean') {
      return { kind: 'boolean', value };
    }
    if (value instanceof Date) {
      return Number.isNaN(value.getTime())
        ? { kind: 'error', code: '#VALUE!' }
        : { kind: 'date', date: value };
    }
    if (typeof value === 'object' && 'error' in value) {
      return { kind: 'error', code: String(value.error) };
    }
    const text = this.textOf(value);
    if (text.length > EXCEL_MAX_CELL_CHARS) {
      const key = `${row}:${column}`;
      if (!this.tooLongCells.has(key)) {
        this.tooLongCells.add(key);
        this.error(
          row,
          column,
          `Ô có ${groupDigits(text.length)} ký tự, vượt quá giới hạn ${groupDigits(EXCEL_MAX_CELL_CHARS)} ký tự của một ô Excel; hãy rút gọn nội dung.`,
        );
      }
      return { kind: 'blocked' };
    }
    const clean = this.cleanOnce(text);
    return clean === '' ? { kind: 'blank' } : { kind: 'text', text: clean };
  }

  /** The text of a string, rich-text or hyperlink value; a rich text is joined once per value. */
  private textOf(value: unknown): string {
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value !== 'object' || value === null) {
      return '';
    }
    const known = this.joined.get(value);
    if (known !== undefined) {
      return known;
    }
    const text = richTextOf(value) ?? ('text' in value ? richTextOf(value.text) : undefined) ?? '';
    this.joined.set(value, text);
    return text;
  }

  /**
   * cleanText, done once per distinct long text. A shared string is one JavaScript string for
   * every cell that uses it, and each cell is read several times: a 30 KB text repeated in
   * thousands of cells would otherwise be normalised millions of times (one small file, minutes
   * of CPU). Map lookups of the same string object do not rescan it.
   */
  private cleanOnce(text: string): string {
    if (text.length < MEMO_MIN_CHARS) {
      return cleanText(text);
    }
    let clean = this.cleaned.get(text);
    if (clean === undefined) {
      clean = cleanText(text);
      this.cleaned.set(text, clean);
    }
    return clean;
  }

  isBlank(row: number, column: number): boolean {
    const input = this.read(row, column);
    return input.kind === 'blank' || input.kind === 'blocked';
  }

  /** Text of a cell; numbers and dates are turned into the text the person sees. */
  text(row: number, column: number | undefined): string | undefined {
    if (column === undefined) {
      return undefined;
    }
    const input = this.read(row, column);
    switch (input.kind) {
      case 'text':
        return input.text;
      case 'number':
        return input.percentFormat ? `${cleanNumber(input.value * 100)}%` : String(input.value);
      case 'date':
        return vnDateFromExcelDate(input.date);
      case 'boolean':
        return input.value ? 'TRUE' : 'FALSE';
      case 'error':
        this.error(row, column, `Ô có lỗi ${input.code}; hãy ghi giá trị.`);
        return undefined;
      default:
        return undefined;
    }
  }

  /** A number as typed: 1,5 / 1.5 / a numeric cell. `percent`: 90% (a percent-formatted 0,9) → 90. */
  number(row: number, column: number | undefined, options: { percent?: boolean } = {}): number | undefined {
    if (column === undefined) {
      return undefined;
    }
    const input = this.read(row, column);
    switch (input.kind) {
      case 'number':
        return options.percent && input.percentFormat ? cleanNumber(input.value * 100) : input.value;
      case 'text': {
        const value = parseDecimal(input.text, options);
        if (value === undefined) {
          this.error(row, column, `“${input.text}” không phải là số (ví dụ hợp lệ: 1,5 hoặc 1.5).`);
        }
        return value;
      }
      case 'date':
      case 'boolean':
        this.error(row, column, 'Ô này phải là số; hãy định dạng ô là Số (Number) và ghi lại.');
        return undefined;
      case 'error':
        this.error(row, column, `Ô có lỗi ${input.code}; hãy ghi giá trị.`);
        return undefined;
      default:
        return undefined;
    }
  }

  /** A calendar date as ISO yyyy-mm-dd: an Excel date, dd/mm/yyyy text, or an Excel serial number. */
  date(row: number, column: number): string | undefined {
    const input = this.read(row, column);
    switch (input.kind) {
      case 'date':
        return isoFromExcelDate(input.date);
      case 'number':
        // A date serial in a cell formatted as General (e.g. 45272 = 12/12/2023).
        if (Number.isInteger(input.value) && input.value > 0 && input.value < 2958466) {
          return isoFromExcelDate(new Date(Date.UTC(1899, 11, 30) + input.value * 86_400_000));
        }
        break;
      case 'text': {
        const iso = parseDateText(input.text);
        if (iso !== undefined) {
          return iso;
        }
        break;
      }
      case 'error':
        this.error(row, column, `Ô có lỗi ${input.code}; hãy ghi giá trị.`);
        return undefined;
      default:
        return undefined;
    }
    const shown = input.kind === 'text' ? input.text : String(input.value);
    this.error(row, column, `Ngày “${shown}” không hợp lệ; ghi dạng dd/mm/yyyy, ví dụ 12/12/2023.`);
    return undefined;
  }

  /**
   * Finds the header row (among the first rows) by its titles, compared without case or
   * diacritics, and reports duplicate or missing required columns. Unknown columns are ignored
   * so people can keep their own notes beside the table.
   */
  header<K extends string>(columns: readonly ColumnDef<K>[]): HeaderMap<K> | undefined {
    const byKey = new Map<string, ColumnDef<K>>();
    for (const c of columns) {
      for (const spelling of [c.header, ...c.aliases]) {
        byKey.set(matchKey(spelling), c);
      }
    }
    const minimum = Math.min(2, columns.length);
    for (let row = 1; row <= 10; row += 1) {
      const found: { def: ColumnDef<K>; column: number }[] = [];
      this.ws.findRow(row)?.eachCell((cell, column) => {
        const text = richTextOf(cell.value);
        const def = text === undefined ? undefined : byKey.get(matchKey(text));
        if (def) {
          found.push({ def, column });
        }
      });
      if (new Set(found.map((f) => f.def.key)).size < minimum) {
        continue;
      }
      const map = new Map<K, number>();
      for (const { def, column } of found) {
        if (map.has(def.key)) {
          this.error(row, column, `Cột “${def.header}” bị lặp lại.`);
        } else {
          map.set(def.key, column);
        }
      }
      let complete = true;
      for (const def of columns) {
        if (def.required && !map.has(def.key)) {
          this.sheetError(`!${row}:${row}`, `Thiếu cột “${def.header}”.`);
          complete = false;
        }
      }
      return complete ? { row, columns: map } : undefined;
    }
    const required = columns.filter((c) => c.required).map((c) => c.header);
    this.sheetError('!A1', `Không tìm thấy dòng tiêu đề (cần các cột: ${required.join(', ')}).`);
    return undefined;
  }
}
