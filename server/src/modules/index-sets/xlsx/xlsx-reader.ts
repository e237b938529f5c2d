import type { LocatedError } from '@cchc/domain/index-set/format';
import ExcelJS from 'exceljs';
import { matchKey } from './cell-values';
import { findMethod, parseMethodParams } from './method-params';
import { EXCEL_MAX_COLUMNS, EXCEL_MAX_ROWS, groupDigits, outOfSheetMessage } from './sheet-bounds';
import { ErrorSink, type HeaderMap, SheetReader } from './sheet-reader';
import {
  ADJUSTMENT_COLUMNS,
  type AdjustmentKey,
  BONUS_KIND,
  CLASSIFICATION_COLUMNS,
  type ColumnDef,
  DATA_SHEETS,
  type DataSheet,
  GROUP_COLUMNS,
  INFO_ROWS,
  type InfoKey,
  type ItemKey,
  LEAF_KIND,
  METHODS,
  NO,
  NODE_KIND,
  PENALTY_KIND,
  REQUIRED_SHEETS,
  SCOPES,
  SHEETS,
  TIES,
  TREE_COLUMNS,
  type TreeKey,
  YES,
} from './template';
import { XLSX_FILE_MESSAGES } from './zip-guard';

/**
 * Workbook → plain document object (the shape of docs/index-set-format.md) plus a map from JSON
 * paths to cells. Only what is needed to read the sheets is checked here: structure, numbers,
 * dates, vocabularies. Everything semantic (missing values, duplicates, points above maximum…)
 * is left to the JSON validator, whose JSON-path errors the service turns into cells with the
 * map. A value left blank is simply absent from the document, so the validator can say so.
 */

export type ReadOutcome =
  | { ok: true; document: Record<string, unknown>; locations: Map<string, string> }
  | { ok: false; errors: LocatedError[] };

type Obj = Record<string, unknown>;

/** An object with the given keys in this order, leaving out the undefined ones (blank cells). */
function defined(entries: readonly (readonly [string, unknown])[]): Obj {
  const out: Obj = {};
  for (const [key, value] of entries) {
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return out;
}

/** Every path a method parameter can have, so that `…method.tiers[2].points` lands on Tham số. */
const PARAM_KEYS = [
  'levels',
  'categories',
  'optionWeights',
  'tiers',
  ...METHODS.flatMap((m) => (m.params ?? []).map((p) => p.key)),
];

interface ParsedModel {
  worksheets?: {
    name?: string;
    mergeCells?: string[];
    cols?: { min?: number; max?: number }[];
    rows?: { number?: number; cells?: { address?: unknown }[] }[];
  }[];
  definedNames?: unknown[];
}

/** A sheet beyond Excel's limits, found in ExcelJS's parsed model (the second line of defence). */
export class OutOfSheetError extends Error {
  constructor(
    readonly sheet: string,
    readonly what: string,
  ) {
    super(outOfSheetMessage(sheet, what));
  }
}

/** Column number of a cell address as ExcelJS parsed it, without building huge numbers. */
function addressColumn(address: string): number {
  const letters = /^\$?([A-Za-z]+)/.exec(address)?.[1] ?? '';
  let n = 0;
  for (const ch of letters.toUpperCase()) {
    n = n * 26 + (ch.charCodeAt(0) - 64);
    if (n > EXCEL_MAX_COLUMNS) {
      return n;
    }
  }
  return n;
}

/**
 * The same limits as zip-guard's scan of the raw XML (sheet-bounds.ts), on the numbers ExcelJS
 * actually parsed — whatever XML spelling produced them — before it allocates by them.
 */
function checkSheetBounds(sheet: NonNullable<ParsedModel['worksheets']>[number]): void {
  const name = (sheet.name ?? '').normalize('NFC');
  for (const col of sheet.cols ?? []) {
    const widest = Math.max(col.min ?? 0, col.max ?? 0);
    if (widest > EXCEL_MAX_COLUMNS) {
      throw new OutOfSheetError(name, `cột ${groupDigits(widest)}`);
    }
  }
  for (const row of sheet.rows ?? []) {
    if ((row.number ?? 0) > EXCEL_MAX_ROWS) {
      throw new OutOfSheetError(name, `dòng ${groupDigits(row.number ?? 0)}`);
    }
    for (const cell of row.cells ?? []) {
      if (typeof cell.address !== 'string') {
        continue;
      }
      const rowNumber = Number(/(\d+)$/.exec(cell.address)?.[1] ?? 0);
      if (addressColumn(cell.address) > EXCEL_MAX_COLUMNS || rowNumber > EXCEL_MAX_ROWS) {
        throw new OutOfSheetError(name, `ô ${cell.address.slice(0, 30)}`);
      }
    }
  }
}

/**
 * ExcelJS expands merged ranges and defined names cell by cell when it builds the workbook: one
 * `<mergeCell ref="A1:XFD1048576"/>` (a few bytes) or a named range over whole columns would
 * allocate billions of cells. Its XLSX reader parses the parts into a plain model, calls
 * `reconcile(model)`, then builds the workbook; we hook in between, keep the merge ranges for
 * the error report and drop what would be expanded. (Data validations are expanded while parsing;
 * those are skipped with the public `ignoreNodes` option.) The same hook refuses columns and rows
 * beyond Excel's limits, which ExcelJS would also allocate one by one (zip-guard has already
 * refused them in the raw XML; this catches any spelling that scan missed). The test "merge over
 * the whole sheet" fails if a new ExcelJS version changes this path.
 */
export async function loadWorkbook(
  data: Buffer,
): Promise<{ workbook: ExcelJS.Workbook; merges: Map<string, string[]> }> {
  const workbook = new ExcelJS.Workbook();
  const merges = new Map<string, string[]>();
  const xlsx = workbook.xlsx as unknown as { reconcile?: (model: ParsedModel, options: unknown) => void };
  const reconcile = xlsx.reconcile?.bind(xlsx);
  if (!reconcile) {
    throw new Error('ExcelJS internals changed: XLSX.reconcile not found (index-set XLSX import)');
  }
  xlsx.reconcile = (model, options) => {
    reconcile(model, options);
    for (const sheet of model.worksheets ?? []) {
      checkSheetBounds(sheet);
      if (sheet.mergeCells?.length && sheet.name !== undefined) {
        merges.set(sheet.name, [...sheet.mergeCells]);
      }
      sheet.mergeCells = [];
    }
    model.definedNames = [];
  };
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer, { ignoreNodes: ['dataValidations'] });
  return { workbook, merges };
}

function matchesAny(text: string, keys: readonly string[], prefix = false): boolean {
  const key = matchKey(text);
  return keys.some((k) => key === k || (prefix && key.startsWith(`${k} `)));
}

interface Context {
  sink: ErrorSink;
  /** JSON path → `Sheet!Cell`, for locate(). */
  loc: Map<string, string>;
  groups: { code?: string; name?: string }[];
}

class RowReader<K extends string> {
  constructor(
    readonly sheet: SheetReader,
    readonly header: HeaderMap<K>,
    readonly row: number,
  ) {}

  col(key: K): number | undefined {
    return this.header.columns.get(key);
  }

  /** The cell of a column, or the first column of the row when the optional column is absent. */
  ref(key: K): string {
    return this.sheet.ref(this.row, this.col(key) ?? 1);
  }

  text(key: K): string | undefined {
    return this.sheet.text(this.row, this.col(key));
  }

  number(key: K, options: { percent?: boolean } = {}): number | undefined {
    return this.sheet.number(this.row, this.col(key), options);
  }

  filled(key: K): boolean {
    const column = this.col(key);
    return column !== undefined && !this.sheet.isBlank(this.row, column);
  }

  error(key: K, message: string): void {
    this.sheet.error(this.row, this.col(key) ?? 1, message);
  }

  isBlank(): boolean {
    return [...this.header.columns.values()].every((column) => this.sheet.isBlank(this.row, column));
  }
}

function parseYesNo(reader: RowReader<ItemKey>): boolean | undefined {
  const column = reader.col('evidenceRequired');
  if (column === undefined) {
    return undefined;
  }
  const input = reader.sheet.read(reader.row, column);
  if (input.kind === 'boolean') {
    return input.value;
  }
  const text = reader.text('evidenceRequired');
  if (text === undefined) {
    return undefined;
  }
  if (matchesAny(text, YES.keys)) {
    return true;
  }
  if (matchesAny(text, NO.keys)) {
    return false;
  }
  reader.error('evidenceRequired', `“${text}”: ghi “${YES.label}” hoặc “${NO.label}”, hoặc để trống.`);
  return undefined;
}

/** Group codes separated by commas; a group's name is accepted for its code. */
function parseApplicableTo(reader: RowReader<ItemKey>, ctx: Context): string[] | undefined {
  const text = reader.text('applicableTo');
  if (text === undefined) {
    return undefined;
  }
  const codes = text
    .split(/[,;\n]+/)
    .map((token) => token.trim())
    .filter((token) => token !== '')
    .map((token) => {
      const byCode =
        ctx.groups.find((g) => g.code === token) ??
        ctx.groups.find((g) => g.code?.toUpperCase() === token.toUpperCase());
      const byName = ctx.groups.find((g) => g.name !== undefined && matchKey(g.name) === matchKey(token));
      // Unknown codes are kept as typed: the validator reports them with the group list.
      return (byCode ?? byName)?.code ?? token;
    });
  return codes.length > 0 ? codes : undefined;
}

function parseMethod(reader: RowReader<ItemKey>): Obj | undefined {
  const name = reader.text('method');
  const paramsText = reader.text('params') ?? '';
  if (name === undefined) {
    if (paramsText !== '') {
      reader.error('method', 'Có Tham số nhưng thiếu Phương pháp chấm.');
    }
    return undefined;
  }
  const def = findMethod(name);
  if (!def) {
    reader.error(
      'method',
      `Không rõ phương pháp chấm “${name}”; chọn một trong: ${METHODS.map((m) => m.name).join(', ')}.`,
    );
    return undefined;
  }
  const { params, errors } = parseMethodParams(def, paramsText);
  for (const message of errors) {
    reader.error('params', message);
  }
  return { type: def.type, ...params };
}

function registerItem(
  reader: RowReader<ItemKey>,
  path: string,
  loc: Map<string, string>,
  withMethod: boolean,
): void {
  const codeRef = reader.ref('code');
  loc.set(path, codeRef);
  loc.set(`${path}.code`, codeRef);
  loc.set(`${path}.name`, reader.ref('name'));
  loc.set(`${path}.maxPoints`, reader.ref('maxPoints'));
  loc.set(`${path}.applicableTo`, reader.ref('applicableTo'));
  if (withMethod) {
    loc.set(`${path}.method`, reader.ref('method'));
    loc.set(`${path}.method.type`, reader.ref('method'));
    for (const key of PARAM_KEYS) {
      loc.set(`${path}.method.${key}`, reader.ref('params'));
    }
    loc.set(`${path}.guidance`, reader.ref('guidance'));
    loc.set(`${path}.evidence`, reader.ref('evidence'));
    loc.set(`${path}.evidenceRequired`, reader.ref('evidenceRequired'));
  } else {
    loc.set(`${path}.children`, codeRef);
  }
}

/** A scored item (tree leaf or bonus/penalty item), keys in document order, blanks left out. */
function readLeaf(reader: RowReader<ItemKey>, ctx: Context): Obj {
  return defined([
    ['code', reader.text('code')],
    ['name', reader.text('name')],
    ['maxPoints', reader.number('maxPoints')],
    ['method', parseMethod(reader)],
    ['guidance', reader.text('guidance')],
    ['evidence', reader.text('evidence')],
    ['evidenceRequired', parseYesNo(reader)],
    ['applicableTo', parseApplicableTo(reader, ctx)],
  ]);
}

const NOT_ON_NODES: readonly [ItemKey, string][] = [
  ['method', 'phương pháp chấm'],
  ['params', 'tham số'],
  ['guidance', 'hướng dẫn chấm'],
  ['evidence', 'tài liệu kiểm chứng'],
  ['evidenceRequired', 'bắt buộc kiểm chứng'],
];

/** A node row: its children come from the following rows. */
function readNode(reader: RowReader<ItemKey>, ctx: Context): Obj {
  for (const [key, what] of NOT_ON_NODES) {
    if (reader.filled(key)) {
      reader.error(
        key,
        `Dòng Nhóm không có ${what}; để trống ô này, hoặc đổi Loại thành “${LEAF_KIND.label}”.`,
      );
    }
  }
  return defined([
    ['code', reader.text('code')],
    ['name', reader.text('name')],
    ['maxPoints', reader.number('maxPoints')],
    ['applicableTo', parseApplicableTo(reader, ctx)],
    ['children', []],
  ]);
}

function readInfo(sheet: SheetReader, ctx: Context, doc: Obj): void {
  const rows = new Map<InfoKey, number>();
  for (const row of sheet.rowNumbers(0)) {
    const label = sheet.text(row, 1);
    const def =
      label === undefined
        ? undefined
        : INFO_ROWS.find((d) => matchesAny(label, [d.label, ...d.aliases].map(matchKey)));
    if (!def) {
      continue;
    }
    if (rows.has(def.key)) {
      sheet.error(row, 1, `Mục “${def.label}” được ghi hai lần (dòng ${rows.get(def.key)} và dòng ${row}).`);
      continue;
    }
    rows.set(def.key, row);
  }
  for (const def of INFO_ROWS) {
    const row = rows.get(def.key);
    ctx.loc.set(def.path, row === undefined ? sheet.ref(1, 1) : sheet.ref(row, 2));
  }
  const value = (key: InfoKey): unknown => {
    const row = rows.get(key);
    if (row === undefined) {
      return undefined;
    }
    switch (key) {
      case 'formatVersion':
      case 'year':
        return sheet.number(row, 2);
      case 'legalDate':
        return sheet.date(row, 2);
      case 'ties':
      case 'scope': {
        const text = sheet.text(row, 2);
        if (text === undefined) {
          return undefined;
        }
        const options = key === 'ties' ? TIES : SCOPES;
        const found = Object.entries(options).find(([, o]) => matchesAny(text, o.keys, true));
        if (!found) {
          const labels = Object.values(options).map((o) => `“${o.label}”`);
          sheet.error(row, 2, `Không rõ giá trị “${text}”; chọn ${labels.join(' hoặc ')}.`);
        }
        return found?.[0];
      }
      default:
        return sheet.text(row, 2);
    }
  };
  const values = new Map(INFO_ROWS.map((d) => [d.key, value(d.key)] as const));
  Object.assign(
    doc,
    defined([
      ['formatVersion', values.get('formatVersion')],
      ['code', values.get('code')],
      ['name', values.get('name')],
      ['year', values.get('year')],
    ]),
  );
  const legalBasis = defined([
    ['number', values.get('legalNumber')],
    ['date', values.get('legalDate')],
    ['title', values.get('legalTitle')],
  ]);
  if (Object.keys(legalBasis).length > 0) {
    doc.legalBasis = legalBasis;
  }
  const firstLegal = ['legalNumber', 'legalDate', 'legalTitle']
    .map((k) => rows.get(k as InfoKey))
    .find((r) => r !== undefined);
  ctx.loc.set('legalBasis', firstLegal === undefined ? sheet.ref(1, 1) : sheet.ref(firstLegal, 2));
  doc.ranking = defined([
    ['ties', values.get('ties')],
    ['scope', values.get('scope')],
  ]);
  const tiesRow = rows.get('ties');
  ctx.loc.set('ranking', tiesRow === undefined ? sheet.ref(1, 1) : sheet.ref(tiesRow, 2));
}

function readTable<K extends string>(
  sheet: SheetReader,
  columns: readonly ColumnDef<K>[],
  each: (reader: RowReader<K>) => void,
): HeaderMap<K> | undefined {
  const header = sheet.header(columns);
  if (!header) {
    return undefined;
  }
  for (const row of sheet.rowNumbers(header.row)) {
    const reader = new RowReader(sheet, header, row);
    if (!reader.isBlank()) {
      each(reader);
    }
  }
  return header;
}

function readGroups(sheet: SheetReader, ctx: Context): Obj[] {
  const groups: { code?: string; name?: string }[] = [];
  const header = readTable(sheet, GROUP_COLUMNS, (reader) => {
    const path = `unitGroups[${groups.length}]`;
    groups.push(
      defined([
        ['code', reader.text('code')],
        ['name', reader.text('name')],
      ]) as { code?: string; name?: string },
    );
    ctx.loc.set(path, reader.ref('code'));
    ctx.loc.set(`${path}.code`, reader.ref('code'));
    ctx.loc.set(`${path}.name`, reader.ref('name'));
  });
  ctx.loc.set('unitGroups', sheet.ref(header?.row ?? 1, 1));
  ctx.groups = groups;
  return groups;
}

interface Open {
  level: number;
  row: number;
  code: string | undefined;
  /** '' for rows outside the document (under a structural mistake). */
  path: string;
  /** undefined for a leaf: nothing may be nested under it. */
  children: Obj[] | undefined;
}

function readTree(sheet: SheetReader, ctx: Context): Obj[] {
  const nodes: Obj[] = [];
  const open: Open[] = [];
  const header = readTable(sheet, TREE_COLUMNS, (reader: RowReader<TreeKey>) => {
    const item = reader as unknown as RowReader<ItemKey>;
    const level = readLevel(reader);
    const kindText = reader.text('kind');
    let isNode: boolean | undefined;
    if (kindText === undefined) {
      reader.error('kind', `Thiếu Loại: ghi “${NODE_KIND.label}” hoặc “${LEAF_KIND.label}”.`);
    } else if (matchesAny(kindText, NODE_KIND.keys)) {
      isNode = true;
    } else if (matchesAny(kindText, LEAF_KIND.keys)) {
      isNode = false;
    } else {
      reader.error(
        'kind',
        `Không rõ loại “${kindText}”; ghi “${NODE_KIND.label}” hoặc “${LEAF_KIND.label}”.`,
      );
    }
    // An unreadable Loại still gets its cells checked, as a leaf (no node-only complaints).
    const value = isNode === true ? readNode(item, ctx) : readLeaf(item, ctx);
    if (level === undefined) {
      return;
    }
    while (open.length > 0 && (open.at(-1)?.level ?? 0) >= level) {
      open.pop();
    }
    // After a structural mistake the row still opens a level (a stand-in node, outside the
    // document), so the rows below it nest normally and one mistake gives one error, not one per
    // following row. The document is rejected anyway.
    const standIn = (at: number): Obj[] => {
      const children: Obj[] = [];
      open.push({ level: at, row: reader.row, code: undefined, path: '', children });
      return children;
    };
    if (isNode === undefined || (level === 1 && !isNode)) {
      if (isNode === false) {
        reader.error('kind', `Dòng cấp 1 là lĩnh vực nên Loại phải là “${NODE_KIND.label}”.`);
      }
      standIn(level);
      return;
    }
    const parent = open.at(-1);
    let siblings: Obj[];
    let path: string;
    if (level === 1) {
      siblings = nodes;
      path = `nodes[${nodes.length}]`;
    } else if (!parent || parent.level !== level - 1) {
      reader.error(
        'level',
        `Cấp ${level} không có mục cha: dòng cấp ${level} phải nằm dưới một dòng cấp ${level - 1} (Nhóm).`,
      );
      siblings = standIn(level - 1);
      path = '';
    } else if (!parent.children) {
      reader.error(
        'level',
        `Dòng này nằm dưới tiêu chí “${parent.code ?? ''}” (dòng ${parent.row}), nhưng tiêu chí không có mục con; hãy đổi Loại của dòng ${parent.row} thành “${NODE_KIND.label}” hoặc sửa Cấp.`,
      );
      parent.children = [];
      parent.path = '';
      siblings = parent.children;
      path = '';
    } else {
      siblings = parent.children;
      path = parent.path === '' ? '' : `${parent.path}.children[${parent.children.length}]`;
    }
    siblings.push(value);
    if (path !== '') {
      registerItem(item, path, ctx.loc, !isNode);
    }
    open.push({
      level,
      row: reader.row,
      code: typeof value.code === 'string' ? value.code : undefined,
      path,
      children: isNode ? (value.children as Obj[]) : undefined,
    });
  });
  ctx.loc.set('nodes', sheet.ref(header?.row ?? 1, 1));
  return nodes;
}

function readLevel(reader: RowReader<TreeKey>): number | undefined {
  const column = reader.col('level');
  const input = column === undefined ? undefined : reader.sheet.read(reader.row, column);
  if (input?.kind === 'blocked') {
    return undefined;
  }
  const text = reader.text('level');
  if (text === undefined) {
    if (input?.kind !== 'error') {
      reader.error('level', 'Thiếu Cấp (1 = lĩnh vực, 2 = tiêu chí, 3 = tiêu chí thành phần…).');
    }
    return undefined;
  }
  const level = Number(text);
  if (!/^\d+$/.test(text) || level < 1) {
    reader.error('level', `Cấp “${text}” không hợp lệ; ghi số nguyên từ 1 trở lên.`);
    return undefined;
  }
  return level;
}

function readAdjustments(sheet: SheetReader, ctx: Context): Obj | undefined {
  const groups: { bonus?: Obj; penalty?: Obj } = {};
  const groupRows: { bonus?: number; penalty?: number } = {};
  let current: 'bonus' | 'penalty' | undefined;
  const header = readTable(sheet, ADJUSTMENT_COLUMNS, (reader: RowReader<AdjustmentKey>) => {
    const item = reader as unknown as RowReader<ItemKey>;
    const kindText = reader.text('kind');
    const kind =
      kindText === undefined
        ? undefined
        : matchesAny(kindText, BONUS_KIND.keys)
          ? 'bonus'
          : matchesAny(kindText, PENALTY_KIND.keys)
            ? 'penalty'
            : matchesAny(kindText, LEAF_KIND.keys)
              ? 'item'
              : 'unknown';
    const labels = `“${BONUS_KIND.label}”, “${PENALTY_KIND.label}” hoặc “${LEAF_KIND.label}”`;
    if (kind === undefined || kind === 'unknown') {
      reader.error(
        'kind',
        kindText === undefined ? `Thiếu Loại: ghi ${labels}.` : `Không rõ loại “${kindText}”; ghi ${labels}.`,
      );
      readLeaf(item, ctx);
      return;
    }
    if (kind === 'bonus' || kind === 'penalty') {
      for (const key of ['code', 'method', 'params'] as const) {
        if (reader.filled(key)) {
          reader.error(
            key,
            `Dòng “${kind === 'bonus' ? BONUS_KIND.label : PENALTY_KIND.label}” chỉ ghi Điểm tối đa của cả nhóm; để trống ô này.`,
          );
        }
      }
      const maxPoints = reader.number('maxPoints');
      if (groups[kind]) {
        reader.error('kind', `Nhóm “${kindText}” đã có ở dòng ${groupRows[kind]}; mỗi nhóm chỉ ghi một lần.`);
        current = undefined;
        return;
      }
      const group = defined([
        ['maxPoints', maxPoints],
        ['items', []],
      ]);
      groups[kind] = group;
      groupRows[kind] = reader.row;
      current = kind;
      const path = `adjustments.${kind}`;
      ctx.loc.set(path, reader.ref('kind'));
      ctx.loc.set(`${path}.maxPoints`, reader.ref('maxPoints'));
      ctx.loc.set(`${path}.items`, reader.ref('kind'));
      return;
    }
    const leaf = readLeaf(item, ctx);
    const group = current ? groups[current] : undefined;
    if (!current || !group) {
      reader.error('kind', `Tiêu chí phải nằm dưới dòng “${BONUS_KIND.label}” hoặc “${PENALTY_KIND.label}”.`);
      return;
    }
    const items = group.items as Obj[];
    registerItem(item, `adjustments.${current}.items[${items.length}]`, ctx.loc, true);
    items.push(leaf);
  });
  ctx.loc.set('adjustments', sheet.ref(header?.row ?? 1, 1));
  if (!groups.bonus && !groups.penalty) {
    return undefined;
  }
  return defined([
    ['bonus', groups.bonus],
    ['penalty', groups.penalty],
  ]);
}

function readClassification(sheet: SheetReader, ctx: Context): Obj[] {
  const bands: Obj[] = [];
  const header = readTable(sheet, CLASSIFICATION_COLUMNS, (reader) => {
    const path = `classification[${bands.length}]`;
    bands.push(
      defined([
        ['label', reader.text('label')],
        ['minPercent', reader.number('minPercent', { percent: true })],
        ['minEachFieldPercent', reader.number('minEachFieldPercent', { percent: true })],
      ]),
    );
    ctx.loc.set(path, reader.ref('label'));
    ctx.loc.set(`${path}.label`, reader.ref('label'));
    ctx.loc.set(`${path}.minPercent`, reader.ref('minPercent'));
    ctx.loc.set(`${path}.minEachFieldPercent`, reader.ref('minEachFieldPercent'));
  });
  ctx.loc.set('classification', sheet.ref(header?.row ?? 1, 1));
  return bands;
}

function findSheets(workbook: ExcelJS.Workbook, sink: ErrorSink): Map<DataSheet, ExcelJS.Worksheet> {
  const found = new Map<DataSheet, ExcelJS.Worksheet>();
  for (const ws of workbook.worksheets) {
    const key = DATA_SHEETS.find((k) =>
      matchesAny(ws.name, [SHEETS[k].name, ...SHEETS[k].aliases].map(matchKey)),
    );
    if (!key) {
      continue; // Unknown sheets (the help sheet, people's own notes) are ignored.
    }
    const previous = found.get(key);
    if (previous) {
      const name = ws.name.normalize('NFC');
      sink.add(
        name,
        `Trang tính “${name}” trùng với trang “${previous.name.normalize('NFC')}”; chỉ giữ một trang.`,
      );
      continue;
    }
    found.set(key, ws);
  }
  for (const key of REQUIRED_SHEETS) {
    if (!found.has(key)) {
      sink.add(SHEETS[key].name, `Thiếu trang tính “${SHEETS[key].name}”.`);
    }
  }
  return found;
}

export async function readWorkbook(data: Buffer): Promise<ReadOutcome> {
  let loaded: Awaited<ReturnType<typeof loadWorkbook>>;
  try {
    loaded = await loadWorkbook(data);
  } catch (error) {
    if (error instanceof OutOfSheetError) {
      return { ok: false, errors: [{ path: error.sheet, message: error.message }] };
    }
    if (error instanceof Error && error.message.startsWith('ExcelJS internals changed')) {
      throw error;
    }
    return { ok: false, errors: [{ path: '', message: XLSX_FILE_MESSAGES.corrupt }] };
  }
  const sink = new ErrorSink();
  const ctx: Context = { sink, loc: new Map(), groups: [] };
  const worksheets = findSheets(loaded.workbook, sink);
  // Created one after the other so that each sheet's problems (formulas, merges first) stay together.
  const sheet = (key: DataSheet): SheetReader | undefined => {
    const ws = worksheets.get(key);
    return ws ? new SheetReader(ws, sink, loaded.merges.get(ws.name) ?? []) : undefined;
  };

  const doc: Obj = {};
  const infoDoc: Obj = {};
  const info = sheet('info');
  if (info) {
    readInfo(info, ctx, infoDoc);
  }
  const { ranking, ...head } = infoDoc;
  Object.assign(doc, head);
  const groups = sheet('groups');
  doc.unitGroups = groups ? readGroups(groups, ctx) : [];
  const tree = sheet('tree');
  doc.nodes = tree ? readTree(tree, ctx) : [];
  const adjustments = sheet('adjustments');
  const adjustmentsDoc = adjustments ? readAdjustments(adjustments, ctx) : undefined;
  if (adjustmentsDoc) {
    doc.adjustments = adjustmentsDoc;
  } else if (!adjustments) {
    ctx.loc.set('adjustments', SHEETS.adjustments.name);
  }
  const classification = sheet('classification');
  doc.classification = classification ? readClassification(classification, ctx) : [];
  doc.ranking = ranking ?? {};

  if (sink.count > 0) {
    return { ok: false, errors: sink.list() };
  }
  return { ok: true, document: doc, locations: ctx.loc };
}
