import {
  type AdjustmentGroup,
  type IndexSetDocument,
  isLeaf,
  type Leaf,
  type Node,
} from '@cchc/domain/index-set/format';
import ExcelJS from 'exceljs';
import { excelDateFromIso } from './cell-values';
import { formatMethodParams } from './method-params';
import {
  ADJUSTMENT_COLUMNS,
  BONUS_KIND,
  CLASSIFICATION_COLUMNS,
  type ColumnDef,
  GROUP_COLUMNS,
  INFO_HEADERS,
  INFO_ROWS,
  type InfoKey,
  LEAF_KIND,
  METHODS,
  methodDef,
  NO,
  NODE_KIND,
  PENALTY_KIND,
  SCOPES,
  SHEETS,
  TIES,
  TREE_COLUMNS,
  YES,
} from './template';

/** Empty rows below the data that still get dropdowns and prompts, for rows people add by hand. */
const SPARE_ROWS = 200;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
const FIELD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FFB4B4B4' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

type CellValue = string | number | Date | null;

interface Validation {
  type?: 'list' | 'whole';
  formulae?: unknown[];
  allowBlank?: boolean;
  operator?: 'greaterThanOrEqual';
  errorStyle?: 'stop' | 'warning';
  showErrorMessage?: boolean;
  errorTitle?: string;
  error?: string;
  showInputMessage?: boolean;
  promptTitle?: string;
  prompt?: string;
}

/**
 * ExcelJS 4.4 writes range data validations (worksheet.dataValidations.add) but does not declare
 * them in its typings; per-cell validations would create thousands of empty cells instead.
 */
function addValidation(ws: ExcelJS.Worksheet, range: string, validation: Validation): void {
  const target = ws as unknown as { dataValidations: { add(address: string, v: Validation): void } };
  target.dataValidations.add(range, validation);
}

/** Excel list validations are a quoted, comma-separated literal (or a range for longer lists). */
function literalList(values: readonly string[]): string {
  return `"${values.join(',')}"`;
}

function listRange(column: string, count: number): string {
  return `'${SHEETS.lists.name}'!$${column}$2:$${column}$${count + 1}`;
}

function prompt(title: string, text: string): Validation {
  // Excel caps input messages at 32 (title) and 255 (text) characters.
  return { showInputMessage: true, promptTitle: title.slice(0, 32), prompt: text.slice(0, 255) };
}

/** Borders on every cell of the table width, including trailing blank cells (eachCell stops early). */
function borderRow(row: ExcelJS.Row, width: number): void {
  for (let c = 1; c <= width; c += 1) {
    row.getCell(c).border = BORDER;
  }
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.height = 32;
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
}

function addTableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly ColumnDef[],
  rows: CellValue[][],
  validations: Readonly<Record<string, Validation>> = {},
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.values = columns.map((c) => c.header);
  styleHeader(header);
  for (const values of rows) {
    const row = ws.addRow(values);
    row.alignment = { vertical: 'top', wrapText: true };
    borderRow(row, columns.length);
  }
  const last = rows.length + 1 + SPARE_ROWS;
  columns.forEach((c, i) => {
    const letter = ws.getColumn(i + 1).letter;
    addValidation(ws, `${letter}2:${letter}${last}`, {
      ...prompt(c.header, c.note),
      ...(validations[c.key] ?? validationFor(c.key)),
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** Dropdowns where the column has a closed vocabulary; the reader still accepts the aliases. */
function validationFor(key: string): Validation {
  switch (key) {
    case 'level':
      return {
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formulae: [1],
        allowBlank: true,
        showErrorMessage: true,
        errorTitle: 'Cấp',
        error: 'Cấp là số nguyên từ 1 (lĩnh vực) trở lên.',
      };
    case 'method':
      return {
        type: 'list',
        formulae: [listRange('B', METHODS.length)],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: 'Phương pháp chấm',
        error: 'Nên chọn một phương pháp trong danh sách (xem trang Hướng dẫn).',
      };
    case 'evidenceRequired':
      return {
        type: 'list',
        formulae: [literalList([YES.label, NO.label])],
        allowBlank: true,
        showErrorMessage: true,
        errorTitle: 'Bắt buộc kiểm chứng',
        error: 'Chọn Có hoặc Không, hoặc để trống.',
      };
    default:
      return {};
  }
}

function kindValidation(values: readonly string[]): Validation {
  return {
    type: 'list',
    formulae: [literalList(values)],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: 'Loại',
    error: `Chọn một trong: ${values.join(', ')}.`,
  };
}

/** Codes look like numbers ("1.10", "2"): text format keeps Excel from turning them into 1.1 or a date. */
function textColumns(ws: ExcelJS.Worksheet, columns: readonly ColumnDef[], keys: readonly string[]): void {
  columns.forEach((c, i) => {
    if (keys.includes(c.key)) {
      ws.getColumn(i + 1).numFmt = '@';
    }
  });
}

function itemCells(item: Leaf): CellValue[] {
  return [
    item.code,
    item.name,
    item.maxPoints,
    methodDef(item.method.type).name,
    formatMethodParams(item.method) || null,
    item.applicableTo?.join(', ') || null,
    item.guidance ?? null,
    item.evidence ?? null,
    item.evidenceRequired === undefined ? null : item.evidenceRequired ? YES.label : NO.label,
  ];
}

function nodeCells(node: Node): CellValue[] {
  return [node.code, node.name, node.maxPoints ?? null, null, null, node.applicableTo?.join(', ') || null];
}

function addInfoSheet(wb: ExcelJS.Workbook, doc: IndexSetDocument): void {
  const ws = wb.addWorksheet(SHEETS.info.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 28 }, { width: 70 }, { width: 55 }];
  const header = ws.getRow(1);
  header.values = [...INFO_HEADERS];
  styleHeader(header);
  const date = doc.legalBasis?.date;
  const values: Record<InfoKey, CellValue> = {
    formatVersion: doc.formatVersion,
    code: doc.code,
    name: doc.name,
    year: doc.year,
    legalNumber: doc.legalBasis?.number ?? null,
    // A real Excel date when the document's date is valid; otherwise the text as it is.
    legalDate: date === undefined ? null : (excelDateFromIso(date) ?? date),
    legalTitle: doc.legalBasis?.title ?? null,
    ties: TIES[doc.ranking.ties]?.label ?? doc.ranking.ties,
    scope: SCOPES[doc.ranking.scope]?.label ?? doc.ranking.scope,
  };
  INFO_ROWS.forEach((def, i) => {
    const rowNumber = i + 2;
    const row = ws.getRow(rowNumber);
    row.values = [def.label, values[def.key], def.note || null];
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(1).font = { bold: true };
    row.getCell(3).font = { italic: true, color: { argb: 'FF595959' } };
    borderRow(row, INFO_HEADERS.length);
    const value = row.getCell(2);
    if (def.key === 'legalDate') {
      value.numFmt = 'dd/mm/yyyy';
    }
    if (def.key === 'code' || def.key === 'legalNumber') {
      value.numFmt = '@';
    }
    if (def.key === 'ties') {
      addValidation(ws, value.address, {
        type: 'list',
        formulae: [listRange('D', 2)],
        showErrorMessage: true,
        errorStyle: 'warning',
        error: `Chọn “${TIES.dense.label}” hoặc “${TIES.competition.label}”.`,
      });
    }
    if (def.key === 'scope') {
      addValidation(ws, value.address, {
        type: 'list',
        formulae: [listRange('E', 2)],
        showErrorMessage: true,
        errorStyle: 'warning',
        error: `Chọn “${SCOPES.all.label}” hoặc “${SCOPES.unitGroup.label}”.`,
      });
    }
  });
}

function addTreeSheet(wb: ExcelJS.Workbook, doc: IndexSetDocument): void {
  const rows: CellValue[][] = [];
  const levels: number[] = [];
  const walk = (items: (Node | Leaf)[], level: number): void => {
    for (const item of items) {
      levels.push(level);
      if (isLeaf(item)) {
        const [code, name, ...rest] = itemCells(item);
        rows.push([level, code ?? null, name ?? null, LEAF_KIND.label, ...rest]);
      } else {
        const [code, name, ...rest] = nodeCells(item);
        rows.push([level, code ?? null, name ?? null, NODE_KIND.label, ...rest]);
        walk(item.children, level + 1);
      }
    }
  };
  walk(doc.nodes, 1);
  const ws = addTableSheet(wb, SHEETS.tree.name, TREE_COLUMNS, rows, {
    kind: kindValidation([NODE_KIND.label, LEAF_KIND.label]),
  });
  textColumns(ws, TREE_COLUMNS, ['code', 'applicableTo']);
  // The tree is shown by indenting names and shading fields; the Cấp column is what the reader uses.
  levels.forEach((level, i) => {
    const row = ws.getRow(i + 2);
    const isNode = row.getCell(4).value === NODE_KIND.label;
    row.getCell(3).alignment = { vertical: 'top', wrapText: true, indent: level - 1 };
    if (isNode) {
      row.font = { bold: true };
    }
    if (level === 1) {
      for (let c = 1; c <= TREE_COLUMNS.length; c += 1) {
        row.getCell(c).fill = FIELD_FILL;
      }
    }
  });
}

function addAdjustmentsSheet(wb: ExcelJS.Workbook, doc: IndexSetDocument): void {
  const rows: CellValue[][] = [];
  const groupRows: number[] = [];
  const addGroup = (group: AdjustmentGroup | undefined, kind: string, title: string): void => {
    if (!group) {
      return;
    }
    groupRows.push(rows.length + 2);
    rows.push([kind, null, title, group.maxPoints]);
    for (const item of group.items) {
      rows.push([LEAF_KIND.label, ...itemCells(item)]);
    }
  };
  addGroup(doc.adjustments?.bonus, BONUS_KIND.label, 'Tổng điểm thưởng tối đa');
  addGroup(doc.adjustments?.penalty, PENALTY_KIND.label, 'Tổng điểm trừ tối đa');
  const ws = addTableSheet(wb, SHEETS.adjustments.name, ADJUSTMENT_COLUMNS, rows, {
    kind: kindValidation([BONUS_KIND.label, PENALTY_KIND.label, LEAF_KIND.label]),
  });
  textColumns(ws, ADJUSTMENT_COLUMNS, ['code', 'applicableTo']);
  for (const rowNumber of groupRows) {
    const row = ws.getRow(rowNumber);
    row.font = { bold: true };
    for (let c = 1; c <= ADJUSTMENT_COLUMNS.length; c += 1) {
      row.getCell(c).fill = FIELD_FILL;
    }
  }
}

function addHelpSheet(wb: ExcelJS.Workbook): Promise<void> {
  const ws = wb.addWorksheet(SHEETS.help.name);
  ws.columns = [{ width: 26 }, { width: 20 }, { width: 70 }, { width: 45 }];
  const lines: [string, boolean?][] = [
    ['Hướng dẫn điền bảng tính Bộ chỉ số CCHC (định dạng phiên bản 1)', true],
    [''],
    ['Quy tắc chung', true],
    [
      '• Không đổi tên các trang tính và các tiêu đề cột; có thể thêm cột ghi chú riêng (cột lạ được bỏ qua).',
    ],
    ['• Không dùng công thức và không gộp ô (merge) trong các trang dữ liệu; hãy dán giá trị.'],
    [
      '• Số thập phân viết bằng dấu phẩy hoặc dấu chấm (1,5 hoặc 1.5), tối đa 2 chữ số thập phân; không dùng dấu phân cách hàng nghìn.',
    ],
    ['• Ngày viết dạng dd/mm/yyyy (ví dụ 12/12/2023) hoặc nhập ngày của Excel. Dòng trống được bỏ qua.'],
    [
      '• Toàn bộ tệp bị từ chối nếu có lỗi; mọi lỗi đều được liệt kê kèm trang tính và ô (ví dụ Cây chỉ số!E12).',
    ],
    [''],
    ['Các trang tính', true],
    ['• Thông tin: mã, tên, năm của bộ chỉ số, văn bản ban hành và cách xếp hạng (cột Giá trị).'],
    ['• Khối đơn vị: mã và tên các khối (tham mưu, nghiệp vụ, sự nghiệp…).'],
    ['• Cây chỉ số: mỗi dòng là một lĩnh vực, tiêu chí hoặc tiêu chí thành phần, theo đúng thứ tự.'],
    ['   Cấp 1 = lĩnh vực (Loại Nhóm); dòng cấp n là con của dòng cấp n−1 gần nhất phía trên.'],
    [
      '   Loại Nhóm: có mục con, không có phương pháp chấm; Điểm tối đa (nếu ghi) là giới hạn tổng điểm các mục con.',
    ],
    ['   Loại Tiêu chí: được chấm điểm, phải có Điểm tối đa và Phương pháp chấm, không có mục con.'],
    [
      '   Áp dụng cho khối: mã khối cách nhau bằng dấu phẩy; để trống = mọi khối; ghi ở Nhóm thì áp dụng cho cả các mục con.',
    ],
    ['   Bắt buộc kiểm chứng: Có/Không; để trống = Có.'],
    ['• Điểm thưởng, trừ: dòng “Điểm thưởng” (hoặc “Điểm trừ”) ghi tổng điểm tối đa của nhóm;'],
    [
      '   các dòng “Tiêu chí” ngay dưới là các khoản của nhóm đó, cột giống trang Cây chỉ số. Không có thì để trống.',
    ],
    [
      '• Xếp loại: các mức từ cao xuống thấp; “Từ (%)” là chỉ số tối thiểu; “Mỗi lĩnh vực tối thiểu (%)” có thể để trống.',
    ],
    [''],
    ['Phương pháp chấm và cách ghi cột Tham số', true],
    ['• Các mục cách nhau bằng dấu chấm phẩy (;) hoặc xuống dòng; mỗi mục dạng “tên: giá trị”.'],
    [
      '• Tên mức có chứa dấu chấm phẩy thì đặt trong ngoặc kép, ví dụ: "Đầy đủ; đúng hạn": 2; Chưa đầy đủ: 1.',
    ],
  ];
  for (const [text, bold] of lines) {
    const row = ws.addRow([text]);
    if (bold) {
      row.font = { bold: true, size: text === lines[0]?.[0] ? 14 : 11 };
    }
  }
  const header = ws.addRow(['Phương pháp chấm', 'Mã (cũng được chấp nhận)', 'Cách ghi Tham số', 'Ví dụ']);
  styleHeader(header);
  for (const def of METHODS) {
    const row = ws.addRow([def.name, def.type, def.paramsHelp, def.paramsExample]);
    row.alignment = { vertical: 'top', wrapText: true };
    borderRow(row, 4);
  }
  // Read-only so the guidance stays intact; no password, anyone can unprotect it deliberately.
  return ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
}

/** Hidden source of the longer dropdown lists (those whose items contain commas or are many). */
function addListsSheet(wb: ExcelJS.Workbook): Promise<void> {
  const ws = wb.addWorksheet(SHEETS.lists.name, { state: 'hidden' });
  ws.getRow(1).values = ['Loại', 'Phương pháp chấm', 'Có/Không', 'Đồng hạng', 'Phạm vi xếp hạng'];
  const columns: string[][] = [
    [NODE_KIND.label, LEAF_KIND.label],
    METHODS.map((m) => m.name),
    [YES.label, NO.label],
    [TIES.dense.label, TIES.competition.label],
    [SCOPES.all.label, SCOPES.unitGroup.label],
  ];
  columns.forEach((values, c) => {
    values.forEach((value, r) => {
      ws.getRow(r + 2).getCell(c + 1).value = value;
    });
  });
  return ws.protect('', {});
}

export async function writeWorkbook(doc: IndexSetDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hệ thống Chỉ số CCHC';
  addInfoSheet(wb, doc);
  const groups = addTableSheet(
    wb,
    SHEETS.groups.name,
    GROUP_COLUMNS,
    doc.unitGroups.map((g) => [g.code, g.name]),
  );
  textColumns(groups, GROUP_COLUMNS, ['code']);
  addTreeSheet(wb, doc);
  addAdjustmentsSheet(wb, doc);
  addTableSheet(
    wb,
    SHEETS.classification.name,
    CLASSIFICATION_COLUMNS,
    doc.classification.map((band) => [band.label, band.minPercent, band.minEachFieldPercent ?? null]),
  );
  await addHelpSheet(wb);
  await addListsSheet(wb);
  const out = await wb.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}
