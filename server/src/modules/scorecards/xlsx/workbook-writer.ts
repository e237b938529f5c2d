import type { AnswerView, ScorecardView } from '@cchc/domain/api/scorecards';
import { CAMPAIGN_TIME_ZONE, formatLocalDateVi } from '@cchc/domain/campaign/calendar';
import type { LeafKind } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument, Leaf } from '@cchc/domain/index-set/format';
import { applicableAdjustments, applicableTree, type PreviewNode } from '@cchc/domain/scoring/engine';
import ExcelJS from 'exceljs';
import { columnLetter } from '../../index-sets/xlsx/cell-values';
import {
  COLUMNS,
  type ColumnKey,
  columnOf,
  DEADLINE_WORDS,
  DRAFT_WORDS,
  HEADER_ROW,
  INPUT_KEYS,
  METHOD_COLUMNS,
  NONE_WORD,
  SCORECARD_XLSX_FORMAT,
  SHEET_NAMES,
  STATUS_LABELS,
  TITLE_ROWS,
  YES_NO,
} from './layout';
import { type MetaRow, type ScorecardMeta, writeMeta } from './meta';
import { choiceLabels, fingerprints, methodHint, parseRow, renderRow } from './row-cells';

/**
 * ScorecardView → the workbook a unit fills in (docs/scorecard-excel.md). Everything is a plain
 * value (no formula, no merged cell), so that the file reads back through the same guards as
 * any upload. The sheet is protected without a password: only the input cells of the rows are
 * unlocked, which keeps people in the right cells; the reader checks everything anyway.
 */

const FILL = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const HEADER_FILL = FILL('FFD9E2F3');
const INPUT_HEADER_FILL = FILL('FFFFE699');
const FIELD_FILL = FILL('FFD9D9D9');
const NODE_FILL = FILL('FFF2F2F2');
const INPUT_FILL = FILL('FFFFF2CC');
const UNUSED_FILL = FILL('FFF2F2F2');
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FFB4B4B4' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Points: two decimals; Excel shows the decimal separator of the computer (a comma in vi-VN). */
const POINTS_FORMAT = '#,##0.00';

const WIDTH = COLUMNS.length;

type Line =
  | { kind: 'heading'; code: string; name: string; maxPoints: number; depth: number }
  | { kind: 'leaf'; leaf: Leaf; leafKind: LeafKind; depth: number };

/** Rows of the sheet in tree order: fields and criteria groups as headings, then bonus and penalty. */
function lines(doc: IndexSetDocument, group: string): Line[] {
  const out: Line[] = [];
  const visit = (n: PreviewNode, depth: number) => {
    if (n.leaf) {
      out.push({ kind: 'leaf', leaf: n.leaf, leafKind: 'CRITERION', depth });
      return;
    }
    out.push({ kind: 'heading', code: n.code, name: n.name, maxPoints: n.maxPoints, depth });
    for (const c of n.children ?? []) {
      visit(c, depth + 1);
    }
  };
  for (const field of applicableTree(doc, group)) {
    visit(field, 0);
  }
  const adj = applicableAdjustments(doc, group);
  const section = (
    part: { maxPoints: number; items: Leaf[] } | null,
    code: string,
    name: string,
    kind: LeafKind,
  ) => {
    if (part && part.items.length > 0) {
      out.push({ kind: 'heading', code, name, maxPoints: part.maxPoints, depth: 0 });
      for (const item of part.items) {
        out.push({ kind: 'leaf', leaf: item, leafKind: kind, depth: 1 });
      }
    }
  };
  section(adj.bonus, '', 'Điểm thưởng', 'BONUS');
  section(adj.penalty, '', 'Điểm trừ', 'PENALTY');
  return out;
}

/** dd/mm/yyyy HH:mm in Vietnam time. */
function vnDateTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: CAMPAIGN_TIME_ZONE,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** Sources of the dropdowns, one column per list, on a hidden sheet (no 255-character limit, commas allowed). */
class Lists {
  private readonly columns: string[][] = [];
  private readonly known = new Map<string, string>();

  range(values: readonly string[]): string {
    const key = JSON.stringify(values);
    let range = this.known.get(key);
    if (!range) {
      this.columns.push([...values]);
      const letter = columnLetter(this.columns.length);
      range = `'${SHEET_NAMES.lists}'!$${letter}$1:$${letter}$${values.length}`;
      this.known.set(key, range);
    }
    return range;
  }

  write(wb: ExcelJS.Workbook): void {
    const ws = wb.addWorksheet(SHEET_NAMES.lists, { state: 'hidden' });
    this.columns.forEach((values, c) => {
      values.forEach((value, r) => {
        const cell = ws.getCell(r + 1, c + 1);
        cell.value = value;
        cell.numFmt = '@';
      });
    });
  }
}

function listValidation(range: string, title: string, error: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [range],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: title.slice(0, 32),
    error: error.slice(0, 255),
  };
}

function writeTitle(ws: ExcelJS.Worksheet, view: ScorecardView, doc: IndexSetDocument, now: Date): void {
  const group = doc.unitGroups.find((g) => g.code === view.groupCode);
  const title = ws.getCell(TITLE_ROWS.title, 1);
  title.value = 'PHIẾU TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH';
  title.font = { bold: true, size: 14 };
  const info: [number, string, string][] = [
    [TITLE_ROWS.campaign, 'Kỳ đánh giá:', `${view.campaign.code} – ${view.campaign.name}`],
    [TITLE_ROWS.unit, 'Đơn vị:', `${view.unit.code} – ${view.unit.name}`],
    [TITLE_ROWS.group, 'Khối:', group ? `${group.name} (${group.code})` : view.groupCode],
    [TITLE_ROWS.deadline, 'Hạn tự đánh giá:', view.dueDate ? formatLocalDateVi(view.dueDate) : 'Chưa đặt'],
    [
      TITLE_ROWS.generated,
      'Tạo lúc:',
      `${vnDateTime(now)} — bộ chỉ số ${view.indexSet.code}, phiên bản ${view.indexSet.version}`,
    ],
  ];
  for (const [row, label, value] of info) {
    const a = ws.getCell(row, 1);
    a.value = label;
    a.font = { bold: true };
    const b = ws.getCell(row, 2);
    b.value = value;
    b.numFmt = '@';
  }
  const notes = [
    'Cách điền: ghi kết quả vào các ô nền vàng, theo hướng dẫn ở cột “Phương pháp chấm”; để trống = chưa chấm.',
    'Không thêm, xoá dòng hay cột; không dùng công thức, không gộp ô. Điểm do hệ thống tính lại khi tải lên.',
    'Tải tệp lên tại trang Tự đánh giá: có lỗi thì không dòng nào được lưu, mọi lỗi được liệt kê kèm ô.',
    'Dòng không sửa giữ nguyên kết quả trên hệ thống. Xem thêm trang “Hướng dẫn”.',
  ];
  notes.forEach((text, i) => {
    const cell = ws.getCell(TITLE_ROWS.campaign + i, 4);
    cell.value = text;
    cell.font = { italic: true, color: { argb: 'FF404040' } };
  });
  if (!view.editable) {
    const cell = ws.getCell(TITLE_ROWS.generated, 4);
    cell.value = `Phiếu đang khoá, tệp chỉ để xem: ${view.lockedReason ?? 'bạn không có quyền sửa phiếu này.'}`;
    cell.font = { bold: true, color: { argb: 'FFC00000' } };
  }
}

function writeHeader(ws: ExcelJS.Worksheet): void {
  const row = ws.getRow(HEADER_ROW);
  row.values = COLUMNS.map((c) => c.header);
  row.height = 48;
  COLUMNS.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = (INPUT_KEYS as readonly string[]).includes(c.key) ? INPUT_HEADER_FILL : HEADER_FILL;
    cell.border = BORDER;
    cell.note = c.note;
  });
}

interface LeafRowContext {
  answer: AnswerView | undefined;
  evidenceCount: number;
  editable: boolean;
  lists: Lists;
}

/** Writes one answerable row; returns what _meta records about it. */
function writeLeafRow(
  ws: ExcelJS.Worksheet,
  rowNumber: number,
  line: Extract<Line, { kind: 'leaf' }>,
  ctx: LeafRowContext,
): MetaRow {
  const { leaf, leafKind } = line;
  const { answer } = ctx;
  const cells = renderRow(leaf, answer);
  const row = ws.getRow(rowNumber);
  const used = new Set<ColumnKey>(METHOD_COLUMNS[leaf.method.type]);
  const naAllowed = leafKind === 'CRITERION';
  const draft = answer?.isCarriedDraft === true;
  const status = draft
    ? DRAFT_WORDS[0]!.label
    : !answer
      ? STATUS_LABELS.unanswered
      : answer.naClaimed
        ? STATUS_LABELS.notApplicable
        : answer.value === null
          ? STATUS_LABELS.unanswered
          : STATUS_LABELS.answered;
  const values: Partial<Record<ColumnKey, string | number | null>> = {
    code: leaf.code,
    name: leaf.name,
    maxPoints: leaf.maxPoints,
    method: methodHint(leaf, leafKind),
    ...cells,
    points: answer && !answer.naClaimed && answer.value !== null ? answer.points / 100 : null,
    status,
    evidenceCount: ctx.evidenceCount,
    leafKey: leaf.code,
    rowVersion: String(answer?.rowVersion ?? 0),
  };
  const editableKeys = new Set<ColumnKey>([...used, 'note', 'noEvidenceReason']);
  if (naAllowed) {
    editableKeys.add('naClaimed');
    editableKeys.add('naReason');
  }
  if (draft) {
    editableKeys.add('status');
  }
  COLUMNS.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    const value = values[c.key];
    cell.value = value ?? null;
    cell.border = BORDER;
    cell.alignment = { vertical: 'top', wrapText: true };
    const isInput =
      (INPUT_KEYS as readonly string[]).includes(c.key) || c.key === 'naClaimed' || c.key === 'naReason';
    if (editableKeys.has(c.key)) {
      cell.fill = INPUT_FILL;
      cell.protection = { locked: !ctx.editable };
    } else if (isInput) {
      cell.fill = UNUSED_FILL;
    }
    if (c.key === 'code' || c.key === 'leafKey' || c.key === 'rowVersion') {
      cell.numFmt = '@';
    }
    if (c.key === 'maxPoints' || c.key === 'points') {
      cell.numFmt = POINTS_FORMAT;
    }
  });
  const nameCell = row.getCell(columnOf('name'));
  nameCell.alignment = { vertical: 'top', wrapText: true, indent: line.depth };
  const guidance = [
    leaf.guidance ? `Hướng dẫn: ${leaf.guidance}` : '',
    leaf.evidence ? `Tài liệu kiểm chứng: ${leaf.evidence}` : '',
  ].filter(Boolean);
  if (guidance.length > 0) {
    nameCell.note = guidance.join('\n');
  }
  row.getCell(columnOf('method')).font = { size: 9, color: { argb: 'FF404040' } };
  const choices = choiceLabels(leaf.method);
  if (choices && used.has('choice')) {
    row.getCell(columnOf('choice')).dataValidation = listValidation(
      ctx.lists.range(choices),
      'Lựa chọn',
      `Chọn một trong: ${choices.join('; ')}.`,
    );
  }
  if (leaf.method.type === 'DEDUCTION' || leaf.method.type === 'SURVEY') {
    row.getCell(columnOf('counts')).alignment = { vertical: 'top', wrapText: true };
  }
  if (naAllowed) {
    row.getCell(columnOf('naClaimed')).dataValidation = listValidation(
      ctx.lists.range(YES_NO.map((w) => w.label)),
      'Đề nghị không áp dụng',
      'Chọn Có hoặc Không (để trống = Không).',
    );
  }
  if (draft) {
    row.getCell(columnOf('status')).dataValidation = listValidation(
      ctx.lists.range(DRAFT_WORDS.map((w) => w.label)),
      'Trạng thái',
      `Chọn “${DRAFT_WORDS[1]!.label}” để dùng kết quả năm trước.`,
    );
  }
  const parsed = parseRow(leaf, cells, { draft });
  // A stored answer always renders to cells that read back; "invalid" would only make the row
  // count as changed, and its problems be listed, on upload.
  const fp = parsed.ok ? fingerprints(parsed.row) : { value: 'invalid', rest: 'invalid' };
  return {
    leafCode: leaf.code,
    rowVersion: answer?.rowVersion ?? 0,
    valueFp: fp.value,
    restFp: fp.rest,
    draft,
  };
}

function writeHeadingRow(
  ws: ExcelJS.Worksheet,
  rowNumber: number,
  line: Extract<Line, { kind: 'heading' }>,
): void {
  const row = ws.getRow(rowNumber);
  const fill = line.depth === 0 ? FIELD_FILL : NODE_FILL;
  for (let c = 1; c <= WIDTH; c += 1) {
    const cell = row.getCell(c);
    cell.fill = fill;
    cell.border = BORDER;
    cell.font = { bold: true };
  }
  const code = row.getCell(columnOf('code'));
  code.value = line.code || null;
  code.numFmt = '@';
  const name = row.getCell(columnOf('name'));
  name.value = line.name;
  name.alignment = { vertical: 'top', wrapText: true, indent: line.depth };
  const max = row.getCell(columnOf('maxPoints'));
  max.value = line.maxPoints / 100;
  max.numFmt = POINTS_FORMAT;
}

function writeTotals(ws: ExcelJS.Worksheet, rowNumber: number, view: ScorecardView): void {
  const row = ws.getRow(rowNumber);
  row.getCell(columnOf('name')).value = 'Tổng điểm tự chấm (đã cộng điểm thưởng, trừ điểm trừ)';
  row.getCell(columnOf('maxPoints')).value = view.progress.maxPoints / 100;
  row.getCell(columnOf('points')).value = view.progress.selfPoints / 100;
  for (const key of ['maxPoints', 'points'] as const) {
    row.getCell(columnOf(key)).numFmt = POINTS_FORMAT;
  }
  row.font = { bold: true };
  const next = ws.getRow(rowNumber + 1);
  next.getCell(columnOf('name')).value =
    `Đã chấm ${view.progress.answered}/${view.progress.applicable} tiêu chí; ${view.progress.withEvidence} tiêu chí có tài liệu kiểm chứng.`;
}

function writeHelp(wb: ExcelJS.Workbook): Promise<void> {
  const ws = wb.addWorksheet(SHEET_NAMES.help);
  ws.columns = [{ width: 30 }, { width: 100 }];
  const lines: [string, string?][] = [
    ['Hướng dẫn điền phiếu tự chấm bằng Excel'],
    [''],
    ['Nguyên tắc', ''],
    [
      '',
      'Mỗi dòng nền trắng là một tiêu chí được chấm; dòng nền xám là lĩnh vực, nhóm tiêu chí (không điền).',
    ],
    [
      '',
      'Chỉ ghi vào các ô nền vàng. Ô nền xám của dòng tiêu chí là cột không dùng cho phương pháp chấm đó.',
    ],
    ['', 'Để trống mọi ô kết quả của một dòng = chưa chấm (dòng đó được bỏ qua khi tải lên).'],
    [
      '',
      'Dòng không sửa giữ nguyên kết quả trên hệ thống, kể cả khi người khác đã sửa trên hệ thống sau khi tải tệp.',
    ],
    [
      '',
      'Dòng đã sửa mà trên hệ thống tiêu chí đó cũng vừa được sửa sau khi tải tệp: tệp bị từ chối, hãy tải tệp mới.',
    ],
    ['', 'Xoá hết kết quả trong tệp không xoá được kết quả đã lưu; hãy sửa trên trang Tự đánh giá.'],
    ['', 'Số thập phân ghi bằng dấu phẩy hoặc dấu chấm (1,5 hoặc 1.5). Không dùng công thức, không gộp ô.'],
    ['', 'Cột “Điểm tự chấm” do hệ thống tính khi tạo tệp, chỉ để xem; điểm được tính lại khi tải lên.'],
    ['', 'Tệp chỉ dùng cho đúng phiếu, đúng kỳ đánh giá của đơn vị đã tải về; không đổi tên các trang tính.'],
    [''],
    ['Cách ghi theo phương pháp chấm', ''],
    ['Có/Không', 'Cột “Lựa chọn”: Có hoặc Không.'],
    ['Chọn mức', 'Cột “Lựa chọn”: đúng tên một mức trong danh sách (xem cột “Phương pháp chấm”).'],
    ['Thời hạn', `Cột “Lựa chọn”: ${DEADLINE_WORDS.map((w) => w.label).join(', ')}.`],
    [
      'Theo bậc tỷ lệ, Tỷ lệ thuận',
      'Cột “Tỷ lệ (%)” (0 đến 100, ví dụ 85 hoặc 85%), HOẶC cột “Tử số / Thực hiện” và “Mẫu số / Chỉ tiêu” (ví dụ 17 và 20); không ghi cả hai cách.',
    ],
    [
      'Chỉ tiêu – thực hiện',
      'Kết quả thực hiện vào “Tử số / Thực hiện”, chỉ tiêu được giao vào “Mẫu số / Chỉ tiêu”.',
    ],
    ['Đếm số lượng', 'Cột “Số lượng / Số đúng hạn”: số nguyên, ví dụ 2.'],
    [
      'Số lượng đúng hạn, chậm',
      'Cột “Số lượng / Số đúng hạn”: số thực hiện đúng hạn; cột “Số chậm hạn”: số thực hiện chậm (để trống = 0).',
    ],
    [
      'Trừ điểm, Khảo sát',
      `Cột “Số lượng theo loại”: Nhãn=số, cách nhau bằng dấu chấm phẩy, ví dụ Khiển trách=1; Cảnh cáo=2 (khảo sát: A=10; B=5). Nhãn có dấu ; hoặc = thì đặt trong ngoặc kép. Không có trường hợp nào: ghi “${NONE_WORD.label}”.`,
    ],
    [
      'Chấm trực tiếp',
      'Cột “Điểm chấm trực tiếp” (0 đến điểm tối đa, tối đa 2 chữ số thập phân) và “Nhận xét chấm trực tiếp” (bắt buộc).',
    ],
    [''],
    ['Các cột khác', ''],
    ['Ghi chú', 'Ghi chú của đơn vị cho tiêu chí (không bắt buộc).'],
    [
      'Giải thích khi không có tài liệu',
      'Bắt buộc trước khi nộp nếu tiêu chí có điểm mà chưa có tài liệu kiểm chứng.',
    ],
    [
      'Đề nghị không áp dụng, Lý do',
      'Chọn Có và ghi lý do; khi đó để trống các ô kết quả. Không dùng cho điểm thưởng, điểm trừ.',
    ],
    [
      'Trạng thái',
      `Kết quả lấy từ năm trước là bản nháp: chọn “${DRAFT_WORDS[1]!.label}” để dùng (hoặc sửa kết quả của dòng).`,
    ],
  ];
  for (const [a, b] of lines) {
    const row = ws.addRow([a, b ?? null]);
    row.alignment = { vertical: 'top', wrapText: true };
    if (b === undefined || b === '') {
      row.font = { bold: true, size: a === lines[0]?.[0] ? 14 : 11 };
    } else {
      row.getCell(1).font = { bold: true };
    }
  }
  return ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
}

/** The workbook of one scorecard, as of `now`. */
export async function writeScorecardWorkbook(view: ScorecardView, now: Date): Promise<Buffer> {
  const doc = view.indexSet.document as unknown as IndexSetDocument;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hệ thống Chỉ số CCHC';
  wb.created = now;
  const ws = wb.addWorksheet(SHEET_NAMES.main, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
  });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  for (const key of ['leafKey', 'rowVersion'] as const) {
    ws.getColumn(columnOf(key)).hidden = true;
  }
  writeTitle(ws, view, doc, now);
  writeHeader(ws);

  const answers = new Map(view.answers.map((a) => [a.leafCode, a]));
  const evidence = new Map<string, number>();
  for (const e of view.evidence) {
    evidence.set(e.leafCode, (evidence.get(e.leafCode) ?? 0) + 1);
  }
  const lists = new Lists();
  const metaRows: MetaRow[] = [];
  let rowNumber = HEADER_ROW;
  for (const line of lines(doc, view.groupCode)) {
    rowNumber += 1;
    if (line.kind === 'heading') {
      writeHeadingRow(ws, rowNumber, line);
    } else {
      metaRows.push(
        writeLeafRow(ws, rowNumber, line, {
          answer: answers.get(line.leaf.code),
          evidenceCount: evidence.get(line.leaf.code) ?? 0,
          editable: view.editable,
          lists,
        }),
      );
    }
  }
  writeTotals(ws, rowNumber + 2, view);
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
  await writeHelp(wb);
  lists.write(wb);
  const meta: ScorecardMeta = {
    format: SCORECARD_XLSX_FORMAT,
    scorecardId: view.id,
    campaignId: view.campaign.id,
    campaignCode: view.campaign.code,
    campaignName: view.campaign.name,
    unitId: view.unit.id,
    unitCode: view.unit.code,
    unitName: view.unit.name,
    indexSetId: view.indexSet.id,
    indexSetCode: view.indexSet.code,
    indexSetVersion: view.indexSet.version,
    generatedAt: now.toISOString(),
    rows: metaRows,
  };
  writeMeta(wb, SHEET_NAMES.meta, meta);
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}
