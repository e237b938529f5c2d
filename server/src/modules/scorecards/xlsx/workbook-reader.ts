import type ExcelJS from 'exceljs';
import { cellRef, cleanNumber, matchKey, vnDateFromExcelDate } from '../../index-sets/xlsx/cell-values';
import { ErrorSink, type HeaderMap, SheetReader } from '../../index-sets/xlsx/sheet-reader';
import { loadWorkbook, OutOfSheetError } from '../../index-sets/xlsx/xlsx-reader';
import { checkXlsxContainer, XLSX_FILE_MESSAGES } from '../../index-sets/xlsx/zip-guard';
import {
  COLUMNS,
  type ColumnKey,
  type ExtraKey,
  INPUT_KEYS,
  type InputKey,
  SCORECARD_XLSX_FORMAT,
  SHEET_NAMES,
} from './layout';
import { readMeta, type ScorecardMeta } from './meta';
import type { CellValue, RowCells } from './row-cells';

/**
 * Upload → the `_meta` of the workbook, then (on demand) its answerable rows as cells. The file
 * goes through exactly the guards of the index-set importer: zip-guard (ZIP bombs, parts beyond
 * Excel's size) before ExcelJS sees it, xlsx-reader's loadWorkbook (merged ranges and defined
 * names never expanded), and SheetReader (every formula and merged range reported by cell).
 */

/** A problem with the upload, located at `Sheet!Cell` (or '' for the whole file). */
export interface FileError {
  location: string;
  /** The leaf of the row, or '' for a problem of the file or of a non-leaf row. */
  leafCode: string;
  message: string;
}

export interface ReadRow {
  rowNumber: number;
  leafCode: string;
  /** The hidden Phiên bản cell as read. */
  rowVersion: string | null;
  cells: RowCells;
  ref(key: ColumnKey): string;
}

export interface ReadRows {
  rows: ReadRow[];
  errors: FileError[];
  /** Rows with a problem already listed (a formula, a merge): their other checks would only repeat it. */
  rowsWithErrors: ReadonlySet<number>;
}

export interface OpenedWorkbook {
  meta: ScorecardMeta;
  /** Reads the main sheet: its answerable rows, and every problem found while reading it. */
  readRows(): ReadRows;
}

const EXTRA_KEYS: readonly ExtraKey[] = ['note', 'noEvidenceReason', 'naClaimed', 'naReason', 'status'];
const READ_KEYS: readonly (InputKey | ExtraKey)[] = [...INPUT_KEYS, ...EXTRA_KEYS];

function fileError(message: string, location = ''): FileError {
  return { location, leafCode: '', message };
}

/** The address of a title-block cell of the main sheet, for errors about the file as a whole. */
export function titleRef(row: number): string {
  return cellRef(SHEET_NAMES.main, row, 2);
}

const NOT_A_SCORECARD =
  'Tệp không phải phiếu tự chấm tải từ hệ thống (không có trang kỹ thuật “_meta”). Hãy tải tệp Excel của phiếu tại trang Tự đánh giá rồi điền vào chính tệp đó.';

function findSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  const key = matchKey(name);
  return (
    wb.worksheets.find((ws) => ws.name.normalize('NFC') === name) ??
    wb.worksheets.find((ws) => matchKey(ws.name) === key)
  );
}

/** What a cell holds, as row-cells.ts reads it. */
function cellValue(sheet: SheetReader, row: number, column: number, key: InputKey | ExtraKey): CellValue {
  const input = sheet.read(row, column);
  switch (input.kind) {
    case 'blank':
    case 'blocked':
      return null;
    case 'text':
      return input.text;
    case 'number':
      // 85% typed in Excel is 0,85 formatted as a percent: the person meant 85.
      return key === 'percent' && input.percentFormat ? cleanNumber(input.value * 100) : input.value;
    case 'boolean':
      return input.value ? 'Có' : 'Không';
    case 'date':
      return vnDateFromExcelDate(input.date);
    case 'error':
      sheet.error(row, column, `Ô có lỗi ${input.code}; hãy ghi giá trị.`);
      return null;
  }
}

function readRows(ws: ExcelJS.Worksheet, merges: readonly string[]): ReadRows {
  const sink = new ErrorSink();
  const sheet = new SheetReader(ws, sink, merges);
  const header: HeaderMap<ColumnKey> | undefined = sheet.header(COLUMNS);
  const rows: ReadRow[] = [];
  const leafOfRow = new Map<number, string>();
  if (header) {
    const col = (key: ColumnKey) => header.columns.get(key);
    for (const rowNumber of sheet.rowNumbers(header.row)) {
      const leafCode = sheet.text(rowNumber, col('leafKey'));
      if (leafCode === undefined) {
        // A heading, the totals, or a row someone added: it must not carry an answer.
        const filled = READ_KEYS.find((key) => key !== 'status' && !sheet.isBlank(rowNumber, col(key)!));
        if (filled) {
          sheet.error(
            rowNumber,
            col(filled)!,
            'Dòng này không phải dòng tiêu chí của phiếu (dòng tiêu đề, dòng tổng hoặc dòng thêm vào); hãy để trống hoặc ghi vào dòng của tiêu chí.',
          );
        }
        continue;
      }
      leafOfRow.set(rowNumber, leafCode);
      const cells: RowCells = {};
      for (const key of READ_KEYS) {
        cells[key] = cellValue(sheet, rowNumber, col(key)!, key);
      }
      rows.push({
        rowNumber,
        leafCode,
        rowVersion: sheet.text(rowNumber, col('rowVersion')) ?? null,
        cells,
        ref: (key) => sheet.ref(rowNumber, col(key) ?? 1),
      });
    }
  }
  const rowsWithErrors = new Set<number>();
  const errors = sink.list().map((e) => {
    const row = Number(/!\$?[A-Z]+\$?(\d+)(?::|$)/.exec(e.path)?.[1] ?? 0);
    rowsWithErrors.add(row);
    return { location: e.path, leafCode: leafOfRow.get(row) ?? '', message: e.message };
  });
  return { rows, errors, rowsWithErrors };
}

/**
 * Checks the file and reads its `_meta`; the rows are read only once the caller has checked that
 * the workbook belongs to the scorecard of the URL (a file of another unit gets one clear error,
 * not a list of row problems).
 */
export async function openScorecardWorkbook(
  data: Buffer,
): Promise<{ ok: true; workbook: OpenedWorkbook } | { ok: false; errors: FileError[] }> {
  const rejected = await checkXlsxContainer(data);
  if (rejected) {
    return { ok: false, errors: rejected.map((e) => fileError(e.message, e.path)) };
  }
  let loaded: Awaited<ReturnType<typeof loadWorkbook>>;
  try {
    loaded = await loadWorkbook(data);
  } catch (error) {
    if (error instanceof OutOfSheetError) {
      return { ok: false, errors: [fileError(error.message, error.sheet)] };
    }
    if (error instanceof Error && error.message.startsWith('ExcelJS internals changed')) {
      throw error;
    }
    return { ok: false, errors: [fileError(XLSX_FILE_MESSAGES.corrupt)] };
  }
  const metaSheet = loaded.workbook.worksheets.find((ws) => ws.name === SHEET_NAMES.meta);
  if (!metaSheet) {
    return { ok: false, errors: [fileError(NOT_A_SCORECARD)] };
  }
  const meta = readMeta(metaSheet);
  if (!meta.ok) {
    return { ok: false, errors: [fileError(meta.reason, SHEET_NAMES.meta)] };
  }
  if (meta.meta.format !== SCORECARD_XLSX_FORMAT) {
    return {
      ok: false,
      errors: [
        fileError(
          'Tệp được tạo theo mẫu phiếu cũ của hệ thống; hãy tải tệp Excel mới của phiếu.',
          SHEET_NAMES.meta,
        ),
      ],
    };
  }
  const main = findSheet(loaded.workbook, SHEET_NAMES.main);
  return {
    ok: true,
    workbook: {
      meta: meta.meta,
      readRows: () =>
        main
          ? readRows(main, loaded.merges.get(main.name) ?? [])
          : {
              rows: [],
              rowsWithErrors: new Set(),
              errors: [
                fileError(
                  `Không tìm thấy trang tính “${SHEET_NAMES.main}”; không đổi tên các trang tính của tệp.`,
                ),
              ],
            },
    },
  };
}
