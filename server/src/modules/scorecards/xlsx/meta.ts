import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { canonicalJson } from './row-cells';

/**
 * The hidden `_meta` sheet: which scorecard the workbook was made for, and what each row held
 * when it was written (row version and fingerprints), sealed by a checksum. The checksum is not
 * a signature — anyone may compute it — it catches a sheet edited or pasted by hand; who may
 * change a scorecard is always decided on the server, for the scorecard of the URL.
 */

export interface MetaRow {
  leafCode: string;
  /** The answer's rowVersion when the workbook was written (0: never saved). */
  rowVersion: number;
  /** Fingerprints of the row as written (row-cells.ts `fingerprints`). */
  valueFp: string;
  restFp: string;
  /** The answer was a draft carried from last year. */
  draft: boolean;
}

export interface ScorecardMeta {
  format: string;
  scorecardId: string;
  campaignId: string;
  campaignCode: string;
  campaignName: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  indexSetId: string;
  indexSetCode: string;
  indexSetVersion: number;
  generatedAt: string;
  rows: MetaRow[];
}

const FIELDS = [
  'format',
  'scorecardId',
  'campaignId',
  'campaignCode',
  'campaignName',
  'unitId',
  'unitCode',
  'unitName',
  'indexSetId',
  'indexSetCode',
  'indexSetVersion',
  'generatedAt',
] as const;

const ROW_MARK = 'row';
const CHECKSUM_MARK = 'checksum';
/** A real scorecard has a few dozen leaves; this bounds what a hostile _meta can make us read. */
const MAX_META_ROWS = 5_000;

export function metaChecksum(meta: ScorecardMeta): string {
  const fields = Object.fromEntries(FIELDS.map((k) => [k, String(meta[k])]));
  const rows = meta.rows.map((r) => [r.leafCode, r.rowVersion, r.valueFp, r.restFp, r.draft ? 1 : 0]);
  return createHash('sha256')
    .update(`cchc-scorecard-xlsx\n${canonicalJson({ fields, rows })}`)
    .digest('hex');
}

/** Writes `_meta` (every cell as text, so nothing is reformatted by Excel) and hides it. */
export function writeMeta(wb: ExcelJS.Workbook, name: string, meta: ScorecardMeta): void {
  const ws = wb.addWorksheet(name, { state: 'veryHidden' });
  ws.columns = [{ width: 16 }, { width: 40 }, { width: 10 }, { width: 20 }, { width: 20 }, { width: 6 }];
  const add = (values: string[]) => {
    const row = ws.addRow(values);
    row.eachCell((cell) => {
      cell.numFmt = '@';
    });
  };
  for (const key of FIELDS) {
    add([key, String(meta[key])]);
  }
  for (const r of meta.rows) {
    add([ROW_MARK, r.leafCode, String(r.rowVersion), r.valueFp, r.restFp, r.draft ? '1' : '0']);
  }
  add([CHECKSUM_MARK, metaChecksum(meta)]);
}

function cellText(ws: ExcelJS.Worksheet, row: number, column: number): string | null {
  const value: unknown = ws.findCell(row, column)?.value;
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return value === null || value === undefined ? '' : null;
}

/**
 * Reads `_meta` back: the meta when it is complete and its checksum holds, otherwise the reason
 * (in Vietnamese) — a workbook not made by the export, or one whose hidden sheet was edited.
 */
export function readMeta(
  ws: ExcelJS.Worksheet,
): { ok: true; meta: ScorecardMeta } | { ok: false; reason: string } {
  const edited = {
    ok: false as const,
    reason:
      'Trang kỹ thuật “_meta” của tệp đã bị sửa hoặc không đầy đủ; hãy tải lại tệp Excel của phiếu từ hệ thống và điền lại.',
  };
  const fields = new Map<string, string>();
  const rows: MetaRow[] = [];
  let checksum: string | null = null;
  if (ws.rowCount > MAX_META_ROWS) {
    return edited;
  }
  for (let r = 1; r <= ws.rowCount; r += 1) {
    const mark = cellText(ws, r, 1);
    if (mark === null) {
      return edited;
    }
    if (mark === '') {
      continue;
    }
    const values = [2, 3, 4, 5, 6].map((c) => cellText(ws, r, c));
    if (values.some((v) => v === null)) {
      return edited;
    }
    const [b, c, d, e, f] = values as string[];
    if (mark === ROW_MARK) {
      const version = Number(c);
      if (!b || !Number.isSafeInteger(version) || version < 0 || !d || !e || (f !== '0' && f !== '1')) {
        return edited;
      }
      rows.push({ leafCode: b, rowVersion: version, valueFp: d, restFp: e ?? '', draft: f === '1' });
    } else if (mark === CHECKSUM_MARK) {
      checksum = b ?? '';
    } else if ((FIELDS as readonly string[]).includes(mark) && !fields.has(mark)) {
      fields.set(mark, b ?? '');
    } else {
      return edited;
    }
  }
  if (checksum === null || FIELDS.some((k) => !fields.has(k))) {
    return edited;
  }
  const get = (k: (typeof FIELDS)[number]) => fields.get(k)!;
  const version = Number(get('indexSetVersion'));
  if (!Number.isSafeInteger(version)) {
    return edited;
  }
  const meta: ScorecardMeta = {
    format: get('format'),
    scorecardId: get('scorecardId'),
    campaignId: get('campaignId'),
    campaignCode: get('campaignCode'),
    campaignName: get('campaignName'),
    unitId: get('unitId'),
    unitCode: get('unitCode'),
    unitName: get('unitName'),
    indexSetId: get('indexSetId'),
    indexSetCode: get('indexSetCode'),
    indexSetVersion: version,
    generatedAt: get('generatedAt'),
    rows,
  };
  if (metaChecksum(meta) !== checksum) {
    return edited;
  }
  return { ok: true, meta };
}
