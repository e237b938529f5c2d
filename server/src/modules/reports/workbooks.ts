import type { ResultsView } from '@cchc/domain/api/results';
import type { FieldAnalysis, LostCriterion } from '@cchc/domain/reports/analysis';
import { TASK_RATING_LABELS } from '@cchc/domain/results/results';
import ExcelJS from 'exceljs';

/**
 * The Excel workbooks of a campaign (issue 7 §3), written with ExcelJS's streaming writer: rows are
 * committed to the file as they are produced, so a 10,000-unit × 150-leaf detail workbook never
 * sits in memory. Numbers stay numbers: points with two decimals ('#,##0.00') and indices as
 * percentages ('0.00%'); Excel and LibreOffice show the reader's decimal separator — a comma on a
 * Vietnamese computer. Headers are Vietnamese, bold, frozen, with an auto-filter.
 */

const POINTS = '#,##0.00';
const PERCENT = '0.00%';
/**
 * ExcelJS's streaming writer hands each sheet's XML to the zip without heeding backpressure, so
 * a big sheet would pile up in memory before zlib takes it (≈ 0,9 GB for 1,5 M rows, measured in
 * bench/reports.bench.ts). After each chunk the writer waits until the zip's input holds at most
 * this much. It reads ExcelJS internals (`worksheet.stream.pipes[0]`); where they differ, it does
 * not wait — the output is the same, only memory is not bounded.
 */
const ZIP_BACKLOG = 4 * 1024 * 1024;

async function zipDrained(ws: ExcelJS.Worksheet): Promise<void> {
  const stream = (ws as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } })
    .stream;
  const queued = () => stream?.pipes?.[0]?._writableState?.length ?? 0;
  const until = Date.now() + 30_000;
  while (queued() > ZIP_BACKLOG && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Excel's limit is 1,048,576 rows per sheet; the detail continues on a new sheet before it. */
export const MAX_SHEET_ROWS = 1_000_000;

interface Column {
  header: string;
  width: number;
  numFmt?: string;
}

const points = (h: number | null | undefined) => (h === null || h === undefined ? null : h / 100);
const percent = (h: number | null | undefined) => (h === null || h === undefined ? null : h / 10_000);

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  head.height = 32;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  head.commit();
  return ws;
}

const writer = (file: string) =>
  new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });

/**
 * Writes a workbook with `fill`; on failure the writer is still finished so its file handle is
 * closed (the caller deletes the partial file).
 */
async function writing<T>(
  file: string,
  fill: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<T>,
): Promise<T> {
  const wb = writer(file);
  wb.creator = 'Hệ thống Chỉ số CCHC';
  try {
    return await fill(wb);
  } catch (error) {
    await wb.commit().catch(() => {});
    throw error;
  }
}

/** One row per unit, in published order (ranked; by group when the set ranks within groups). */
export async function writeSummaryWorkbook(file: string, results: ResultsView): Promise<void> {
  return writing(file, async (wb) => {
    const ws = sheet(wb, 'Tổng hợp', [
      { header: 'Xếp hạng', width: 9 },
      { header: 'Hạng chung', width: 9 },
      { header: 'Hạng trong khối', width: 10 },
      { header: 'Mã đơn vị', width: 12 },
      { header: 'Đơn vị', width: 40 },
      { header: 'Khối', width: 10 },
      { header: 'Điểm tự chấm', width: 11, numFmt: POINTS },
      { header: 'Điểm thẩm định', width: 11, numFmt: POINTS },
      { header: 'Điểm cuối cùng', width: 11, numFmt: POINTS },
      { header: 'Điểm tối đa', width: 10, numFmt: POINTS },
      { header: 'Điểm thưởng', width: 10, numFmt: POINTS },
      { header: 'Điểm trừ', width: 10, numFmt: POINTS },
      { header: 'Chỉ số tự đánh giá', width: 11, numFmt: PERCENT },
      { header: 'Chỉ số CCHC', width: 11, numFmt: PERCENT },
      { header: 'Xếp loại', width: 12 },
      { header: 'Mức hoàn thành nhiệm vụ', width: 26 },
      ...results.fields.map((f) => ({ header: `${f.code}. ${f.name}`, width: 16, numFmt: PERCENT })),
    ]);
    for (const r of results.rows) {
      ws.addRow([
        r.rank,
        r.rankOverall,
        r.rankInGroup,
        r.unit.code,
        r.unit.name,
        r.unit.groupCode,
        points(r.selfPoints),
        points(r.appraisedPoints),
        points(r.finalPoints),
        points(r.maxPoints),
        points(r.bonus),
        points(r.penalty),
        percent(r.selfIndexPercent),
        percent(r.indexPercent),
        r.band ?? '',
        TASK_RATING_LABELS[r.rating].vi,
        ...results.fields.map((f) => percent(r.fields.find((x) => x.code === f.code)?.percent)),
      ]).commit();
    }
    ws.commit();
    await wb.commit();
  });
}

/** Per field: averages, best and worst units; units × fields; the criteria where points were lost. */
export async function writeFieldWorkbook(
  file: string,
  results: ResultsView,
  fields: readonly FieldAnalysis[],
  lost: readonly LostCriterion[],
): Promise<void> {
  return writing(file, async (wb) => {
    const byField = sheet(wb, 'Theo lĩnh vực', [
      { header: 'Mã', width: 8 },
      { header: 'Lĩnh vực', width: 40 },
      { header: 'Điểm tối đa', width: 10, numFmt: POINTS },
      { header: 'Chỉ số trung bình', width: 12, numFmt: PERCENT },
      { header: 'Cao nhất', width: 10, numFmt: PERCENT },
      { header: 'Đơn vị cao nhất', width: 40 },
      { header: 'Thấp nhất', width: 10, numFmt: PERCENT },
      { header: 'Đơn vị thấp nhất', width: 40 },
    ]);
    for (const f of fields) {
      const max = results.fields.find((x) => x.code === f.code)?.maxPoints;
      byField
        .addRow([
          f.code,
          f.name,
          points(max),
          percent(f.average),
          percent(f.highest?.percent),
          f.highest?.units.join('; ') ?? '',
          percent(f.lowest?.percent),
          f.lowest?.units.join('; ') ?? '',
        ])
        .commit();
    }
    byField.commit();
    const matrix = sheet(wb, 'Đơn vị × lĩnh vực', [
      { header: 'Xếp hạng', width: 9 },
      { header: 'Mã đơn vị', width: 12 },
      { header: 'Đơn vị', width: 40 },
      { header: 'Chỉ số CCHC', width: 11, numFmt: PERCENT },
      ...results.fields.map((f) => ({ header: `${f.code}. ${f.name}`, width: 16, numFmt: PERCENT })),
    ]);
    for (const r of results.rows) {
      matrix
        .addRow([
          r.rank,
          r.unit.code,
          r.unit.name,
          percent(r.indexPercent),
          ...results.fields.map((f) => percent(r.fields.find((x) => x.code === f.code)?.percent)),
        ])
        .commit();
    }
    matrix.commit();
    const lostSheet = sheet(wb, 'Tiêu chí bị trừ điểm', [
      { header: 'Mã', width: 8 },
      { header: 'Tiêu chí', width: 50 },
      { header: 'Điểm tối đa', width: 10, numFmt: POINTS },
      { header: 'Số đơn vị bị trừ điểm', width: 12 },
      { header: 'Số đơn vị áp dụng', width: 12 },
      { header: 'Tổng điểm bị trừ', width: 12, numFmt: POINTS },
    ]);
    for (const c of lost) {
      lostSheet
        .addRow([c.code, c.name, points(c.maxPoints), c.unitsLosing, c.unitsApplicable, points(c.pointsLost)])
        .commit();
    }
    lostSheet.commit();
    await wb.commit();
  });
}

export interface DetailRow {
  rank: number;
  unitCode: string;
  unitName: string;
  groupCode: string;
  leafCode: string;
  leafName: string;
  kind: string;
  maxPoints: number;
  /**
   * Hundredths as they count: null = not applicable. A leaf the working group did not decide keeps
   * the self-score (rule of the appraisal engine), and `reviewed` is false.
   */
  self: number | null;
  appraised: number | null;
  final: number | null;
  reviewed: boolean;
  /** The reason of the latest decision on the leaf, if any. */
  reason: string;
}

const DETAIL_COLUMNS: Column[] = [
  { header: 'Xếp hạng', width: 9 },
  { header: 'Mã đơn vị', width: 12 },
  { header: 'Đơn vị', width: 36 },
  { header: 'Khối', width: 9 },
  { header: 'Mã tiêu chí', width: 11 },
  { header: 'Tiêu chí', width: 50 },
  { header: 'Loại', width: 10 },
  { header: 'Điểm tối đa', width: 10, numFmt: POINTS },
  { header: 'Tự chấm', width: 10, numFmt: POINTS },
  { header: 'Thẩm định', width: 10, numFmt: POINTS },
  { header: 'Cuối cùng', width: 10, numFmt: POINTS },
  { header: 'Lý do điều chỉnh', width: 50 },
];

/**
 * Unit × leaf: self, appraised, final and the reason of the latest decision. `rows` yields the
 * rows a chunk of units at a time; the sheet continues on "Chi tiết (2)"… past MAX_SHEET_ROWS.
 */
export async function writeDetailWorkbook(
  file: string,
  rows: AsyncIterable<DetailRow[]>,
  opts: { maxSheetRows?: number } = {},
): Promise<{ rows: number; sheets: number }> {
  const max = opts.maxSheetRows ?? MAX_SHEET_ROWS;
  return writing(file, async (wb) => {
    let sheets = 1;
    let ws = sheet(wb, 'Chi tiết', DETAIL_COLUMNS);
    let inSheet = 0;
    let total = 0;
    const na = 'Không áp dụng';
    for await (const chunk of rows) {
      for (const r of chunk) {
        if (inSheet === max) {
          ws.commit();
          sheets++;
          ws = sheet(wb, `Chi tiết (${sheets})`, DETAIL_COLUMNS);
          inSheet = 0;
        }
        const notes = [
          r.self === null ? `Tự chấm: ${na}` : '',
          r.final === null ? `Cuối cùng: ${na}` : '',
          r.reviewed ? '' : 'Chưa thẩm định',
          r.reason,
        ].filter((s) => s !== '');
        ws.addRow([
          r.rank,
          r.unitCode,
          r.unitName,
          r.groupCode,
          r.leafCode,
          r.leafName,
          r.kind,
          points(r.maxPoints),
          points(r.self),
          points(r.appraised),
          points(r.final),
          notes.join(' · '),
        ]).commit();
        inSheet++;
        total++;
      }
      // Bounded memory, and the event loop turns (other requests are answered) between chunks.
      await zipDrained(ws);
    }
    ws.commit();
    await wb.commit();
    return { rows: total, sheets };
  });
}
