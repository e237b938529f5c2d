import {
  formatPointsVi,
  hasAtMostTwoDecimals,
  MAX_PARAMETER_DECIMALS,
  toHundredths,
  tryRatioOf,
} from '../scoring/decimal';
import { CODE_PATTERN, LIMITS } from '../validation';
import type {
  AdjustmentGroup,
  ClassificationBand,
  IndexSetDocument,
  Leaf,
  LocatedError,
  Method,
  MethodType,
  Node,
} from './format';
import { METHOD_TYPES } from './format';

/**
 * Import validation of an index-set document (docs/index-set-format.md, "Validation").
 *
 * An import is all or nothing, so this walks the WHOLE input and lists every problem with its
 * JSON path and a Vietnamese message instead of stopping at the first. On success it returns a
 * canonical copy: keys in the order of the format, strings NFC-normalised and trimmed, optional
 * keys omitted when absent (no defaults filled in), so that import → export is stable.
 *
 * Rules the format leaves open, decided here (and listed in the report of the change):
 * - percents (minPercent, floorPercent, minEachFieldPercent) are 0–100 with at most 2 decimals;
 * - rate parameters (pointsPerItem, latePointsPerItem) are ≥ 0 with at most 6 decimals — they
 *   are per-item values, not points, so 0,375 is allowed; survey weights are in [0, 1] with at
 *   most 6 decimals; DEDUCTION category points are points (≥ 0, at most 2 decimals);
 * - COUNT_COMPLIANCE `required` is an integer ≥ 1;
 * - every points value (and node cap) is at most {@link MAX_POINTS}, so sums stay exact;
 * - the top-level `nodes` are fields and must be nodes (with children); bonus/penalty items
 *   must be leaves;
 * - `applicableTo` is a non-empty list without repeats, and a child may not name a group its
 *   parent excludes (that leaf could never apply — always an authoring mistake);
 * - TIERED_PERCENT tiers may come in any order but two tiers may not share a minPercent;
 * - there is at least one unit group, one field and one classification band;
 * - `year` is an integer 2000–2100 (as for cloning a set); `legalBasis.date` is YYYY-MM-DD;
 * - optional texts that are empty after trimming are dropped;
 * - the set's `code` follows CODE_PATTERN (it names files and URLs; a Vietnamese code broke the
 *   export's Content-Disposition header); unit-group codes may not contain ",", ";" or a line
 *   break, the separators of the Excel "Áp dụng cho khối" cell;
 * - size limits (LIMITS in ../validation): every text has a maximum length and no control
 *   characters but line break and tab; lists, the tree and the serialised document are bounded.
 *   Without them a 27 KB workbook repeating one huge shared string stored a 100 MB document.
 */

export const SUPPORTED_FORMAT_VERSION = 1;
/** Upper bound for any points value, so that sums of hundredths stay far inside safe integers. */
export const MAX_POINTS = 1_000_000;
/** Deeper trees are rejected: the real sets have 3 levels, and recursion must stay bounded. */
export const MAX_DEPTH = 10;
/** Problems listed at most; then one line says how many more (as the Excel reader does). */
export const MAX_VALIDATION_ERRORS = 500;

export type ParseIndexSetResult =
  | { ok: true; document: IndexSetDocument }
  | { ok: false; errors: LocatedError[] };

const DOC_KEYS = [
  'formatVersion',
  'code',
  'name',
  'year',
  'legalBasis',
  'unitGroups',
  'nodes',
  'adjustments',
  'classification',
  'ranking',
] as const;
const LEGAL_BASIS_KEYS = ['number', 'date', 'title'] as const;
const UNIT_GROUP_KEYS = ['code', 'name'] as const;
const NODE_KEYS = ['code', 'name', 'maxPoints', 'applicableTo', 'children'] as const;
const LEAF_KEYS = [
  'code',
  'name',
  'maxPoints',
  'method',
  'guidance',
  'evidence',
  'evidenceRequired',
  'applicableTo',
] as const;
const METHOD_KEYS: Record<MethodType, readonly string[]> = {
  BOOLEAN: ['type', 'noPoints'],
  LEVEL_SELECT: ['type', 'levels'],
  DEADLINE: ['type', 'onTimePoints', 'latePoints', 'notDonePoints'],
  TIERED_PERCENT: ['type', 'tiers'],
  PROPORTIONAL: ['type', 'floorPercent'],
  TARGET_ACTUAL: ['type'],
  COUNT_CAPPED: ['type', 'pointsPerItem'],
  COUNT_COMPLIANCE: ['type', 'required', 'latePointsPerItem'],
  DEDUCTION: ['type', 'categories'],
  MANUAL: ['type'],
  SURVEY: ['type', 'optionWeights'],
};
const LABELLED_POINTS_KEYS = ['label', 'points'] as const;
const TIER_KEYS = ['minPercent', 'points'] as const;
const ADJUSTMENTS_KEYS = ['bonus', 'penalty'] as const;
const ADJUSTMENT_GROUP_KEYS = ['maxPoints', 'items'] as const;
const BAND_KEYS = ['label', 'minPercent', 'minEachFieldPercent'] as const;
const RANKING_KEYS = ['ties', 'scope'] as const;

const MSG = {
  notObject: (what: string) => `${what} phải là một đối tượng JSON.`,
  notArray: (what: string) => `${what} phải là một mảng.`,
  missing: (what: string, key: string) => `Thiếu ${what} ("${key}").`,
  text: (what: string) => `${what} phải là chuỗi ký tự không rỗng.`,
  maxPoints: 'Điểm tối đa phải là số không âm, tối đa 2 chữ số thập phân.',
  nodeCap: 'Điểm trần của nhóm tiêu chí phải là số không âm, tối đa 2 chữ số thập phân.',
  points: 'Điểm phải là số không âm, tối đa 2 chữ số thập phân.',
  tooLarge: `Điểm không được vượt quá ${formatPointsVi(MAX_POINTS * 100)}.`,
  percent: 'Tỷ lệ phải là số từ 0 đến 100, tối đa 2 chữ số thập phân.',
  rate: `Điểm mỗi mục phải là số không âm, tối đa ${MAX_PARAMETER_DECIMALS} chữ số thập phân.`,
  weight: `Trọng số phải là số từ 0 đến 1, tối đa ${MAX_PARAMETER_DECIMALS} chữ số thập phân.`,
  aboveMax: (points: number, max: number) =>
    `Điểm (${formatPointsVi(points)}) vượt quá điểm tối đa của tiêu chí (${formatPointsVi(max)}).`,
  duplicateCode: (code: string, otherPath: string) => `Mã "${code}" bị trùng: đã dùng tại ${otherPath}.`,
  unknownGroup: (code: string) => `Khối "${code}" không có trong danh sách khối đơn vị (unitGroups).`,
  isoDate: 'Ngày phải theo định dạng YYYY-MM-DD (ví dụ 2023-12-12).',
  tooLong: (what: string, max: number, length: number) =>
    `${what} dài quá ${groupDigits(max)} ký tự (đang có ${groupDigits(length)} ký tự).`,
  control: (what: string, code: number) =>
    `${what} chứa ký tự điều khiển không được phép (U+${code.toString(16).toUpperCase().padStart(4, '0')}); chỉ được dùng xuống dòng và tab.`,
  notText: (what: string, code: number) =>
    `${what} chứa ký tự không hợp lệ (U+${code.toString(16).toUpperCase().padStart(4, '0')}), thường do sao chép từ phần mềm khác; hãy gõ lại đoạn văn bản này.`,
  tooManyEntries: (what: string, count: number, max: number) =>
    `${what} có ${groupDigits(count)} mục; tối đa ${groupDigits(max)} mục.`,
  setCode: `Mã bộ chỉ số chỉ gồm chữ in hoa không dấu (A–Z), chữ số, "_" và "-", bắt đầu bằng chữ hoặc số, tối đa ${LIMITS.indexSetCodeMax} ký tự (ví dụ TTCP-CCHC-2024).`,
  groupSeparator:
    'Mã khối không được chứa dấu phẩy, dấu chấm phẩy hoặc xuống dòng: đó là các dấu ngăn cách mã khối trong cột "Áp dụng cho khối" của tệp Excel.',
} as const;

/** 10000 → "10.000": counts in messages, Vietnamese style. */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A value quoted in a message: short, and never JSON.stringify of an arbitrarily deep value. */
function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  return Array.isArray(value) ? 'một mảng' : typeof value === 'object' ? 'một đối tượng' : typeof value;
}

/** UTF-8 size of a string without allocating its bytes (the domain runs in the browser too). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

/** Control characters (Unicode Cc: U+0000–U+001F, U+007F–U+009F) except tab and line feed. */
const CONTROL_CHAR = /[^\P{Cc}\t\n]/u;
/**
 * Not text at all: the noncharacters U+FFFE and U+FFFF and a lone surrogate (half of an emoji
 * cut by some tool). XML 1.0, hence the Excel export, cannot carry them: with U+FFFF in a name
 * the exported workbook was "Tệp Excel bị hỏng" on import (and refused by Excel), and a lone
 * surrogate came back as U+FFFD (found by index-set-xlsx-roundtrip.property.test.ts).
 */
const NOT_TEXT_CHAR = /[\uFFFE\uFFFF]|\p{Cs}/u;
/** NFC composes at most four code units into one, so a raw text longer than this cannot fit. */
const NFC_MAX_SHRINK = 4;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** NFC (Vietnamese typed on macOS arrives decomposed), Windows line breaks as \n, trimmed. */
function clean(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** `YYYY-MM-DD` that is a real calendar date (2024-02-30 is not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

function recordKey(path: string, key: string): string {
  // A path must stay readable even when the key is a megabyte of text.
  return `${path}[${JSON.stringify(key.length > 100 ? `${key.slice(0, 99)}…` : key)}]`;
}

/** Small edit distance, to suggest "maxPoints" for "maxPoint". */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

class Checker {
  private readonly listed: LocatedError[] = [];
  private dropped = 0;
  /** Code → path of the element that first used it (nodes, leaves, bonus and penalty items). */
  private readonly codes = new Map<string, string>();
  readonly groups = new Set<string>();
  /** Nodes and leaves seen (tree and adjustments), for the size limits. */
  nodeCount = 0;
  leafCount = 0;
  /** Set once more than LIMITS.indexSetNodesMax items were seen: the rest is not read. */
  truncated = false;
  /** UTF-8 bytes of the accepted texts: the serialised document is at least this large. */
  textBytes = 0;

  get count(): number {
    return this.listed.length + this.dropped;
  }

  /** Every problem, up to MAX_VALIDATION_ERRORS: a wrong file would otherwise list each of its items. */
  get errors(): LocatedError[] {
    if (this.dropped === 0) {
      return this.listed;
    }
    return [
      ...this.listed,
      { path: '', message: `Còn ${this.dropped} lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi tải lại.` },
    ];
  }

  error(path: string, message: string): void {
    if (this.listed.length < MAX_VALIDATION_ERRORS) {
      this.listed.push({ path, message });
    } else {
      this.dropped += 1;
    }
  }

  /**
   * A text as stored: cleaned, at most `max` characters, no control characters but line break and
   * tab (they break CSV/Excel exports and terminals). Undefined (and reported) when not acceptable.
   */
  text(value: string, path: string, what: string, max: number): string | undefined {
    // Refused before normalising: one shared Excel string of megabytes may be read thousands of times.
    if (value.length > max * NFC_MAX_SHRINK) {
      this.error(path, MSG.tooLong(capitalise(what), max, value.length));
      return undefined;
    }
    const text = clean(value);
    if (text.length > max) {
      this.error(path, MSG.tooLong(capitalise(what), max, text.length));
      return undefined;
    }
    const control = CONTROL_CHAR.exec(text);
    if (control) {
      this.error(path, MSG.control(capitalise(what), control[0].charCodeAt(0)));
      return undefined;
    }
    const notText = NOT_TEXT_CHAR.exec(text);
    if (notText) {
      this.error(path, MSG.notText(capitalise(what), notText[0].charCodeAt(0)));
      return undefined;
    }
    this.textBytes += utf8Length(text);
    return text;
  }

  /**
   * Counts one node or leaf; false past LIMITS.indexSetNodesMax, and the item is then not read:
   * a 10 MB file of tiny items (or a workbook repeating one long text) must not cost per item.
   */
  admit(): boolean {
    this.nodeCount += 1;
    if (this.nodeCount > LIMITS.indexSetNodesMax) {
      this.truncated = true;
      return false;
    }
    return true;
  }

  /** A list of at most LIMITS.indexSetListMax entries; a longer one is reported and not read further. */
  listWithinLimit(value: readonly unknown[], path: string, what: string): boolean {
    if (value.length > LIMITS.indexSetListMax) {
      this.error(path, MSG.tooManyEntries(what, value.length, LIMITS.indexSetListMax));
      return false;
    }
    return true;
  }

  /** Reports every key that is not part of the format (a typo like "maxPoint" must not pass). */
  keys(obj: Obj, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) {
        continue;
      }
      const suggestion =
        key.length > 40
          ? undefined
          : allowed.find(
              (candidate) =>
                !(candidate in obj) && editDistance(key.toLowerCase(), candidate.toLowerCase()) <= 2,
            );
      const shown = key.length > 40 ? `${key.slice(0, 39)}…` : key;
      this.error(
        at(path, shown),
        `Trường "${shown}" không có trong định dạng bộ chỉ số${suggestion ? ` (có phải "${suggestion}"?)` : ''}.`,
      );
    }
  }

  requiredText(obj: Obj, key: string, path: string, what: string, max: number = LIMITS.nameMax): string {
    const value = obj[key];
    if (value === undefined) {
      this.error(at(path, key), MSG.missing(what, key));
      return '';
    }
    if (typeof value !== 'string') {
      this.error(at(path, key), MSG.text(capitalise(what)));
      return '';
    }
    const text = this.text(value, at(path, key), what, max);
    if (text === '') {
      this.error(at(path, key), MSG.text(capitalise(what)));
    }
    return text ?? '';
  }

  optionalText(obj: Obj, key: string, path: string, what: string, max: number): string | undefined {
    const value = obj[key];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string') {
      this.error(at(path, key), `${capitalise(what)} phải là chuỗi ký tự.`);
      return undefined;
    }
    const text = this.text(value, at(path, key), what, max);
    return text === '' ? undefined : text;
  }

  /** A points value (≥ 0, ≤ 2 decimals). Returns hundredths, or undefined when invalid/absent. */
  points(value: unknown, path: string, message: string): number | undefined {
    if (!hasAtMostTwoDecimals(value) || value < 0) {
      this.error(path, message);
      return undefined;
    }
    if (value > MAX_POINTS) {
      this.error(path, MSG.tooLarge);
      return undefined;
    }
    return toHundredths(value);
  }

  percent(value: unknown, path: string): boolean {
    if (!hasAtMostTwoDecimals(value) || value < 0 || value > 100) {
      this.error(path, MSG.percent);
      return false;
    }
    return true;
  }

  rate(value: unknown, path: string, message: string, max: number): boolean {
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      value > max ||
      tryRatioOf(value) === undefined // more than MAX_PARAMETER_DECIMALS decimals
    ) {
      this.error(path, message);
      return false;
    }
    return true;
  }

  code(value: unknown, path: string): string {
    if (value === undefined) {
      this.error(path, MSG.missing('mã', 'code'));
      return '';
    }
    if (typeof value !== 'string') {
      this.error(path, MSG.text('Mã'));
      return '';
    }
    const code = this.text(value, path, 'mã', LIMITS.indexSetItemCodeMax);
    if (code === undefined) {
      return '';
    }
    if (code === '') {
      this.error(path, MSG.text('Mã'));
      return '';
    }
    const elementPath = path.replace(/\.code$/, '');
    const other = this.codes.get(code);
    if (other === undefined) {
      this.codes.set(code, elementPath);
    } else {
      this.error(path, MSG.duplicateCode(code, other));
    }
    return code;
  }

  /**
   * `applicableTo`: known unit groups, no repeats, within the parent's groups. Returns the list
   * as written (normalised) and the effective groups for the children.
   */
  applicableTo(
    obj: Obj,
    path: string,
    inherited: readonly string[] | undefined,
    parentCode: string | undefined,
  ): { own: string[] | undefined; effective: readonly string[] | undefined } {
    const value = obj.applicableTo;
    if (value === undefined) {
      return { own: undefined, effective: inherited };
    }
    const here = at(path, 'applicableTo');
    if (!Array.isArray(value) || value.length === 0) {
      this.error(
        here,
        'Danh sách khối áp dụng (applicableTo) phải là mảng mã khối có ít nhất một phần tử; bỏ trường này nếu áp dụng cho mọi khối.',
      );
      return { own: undefined, effective: inherited };
    }
    if (!this.listWithinLimit(value, here, 'Danh sách khối áp dụng (applicableTo)')) {
      return { own: undefined, effective: inherited };
    }
    const own: string[] = [];
    value.forEach((item: unknown, i) => {
      const itemPath = index(here, i);
      const group =
        typeof item === 'string' ? this.text(item, itemPath, 'mã khối', LIMITS.indexSetItemCodeMax) : '';
      if (group === undefined) {
        return;
      }
      if (group === '') {
        this.error(itemPath, MSG.text('Mã khối'));
        return;
      }
      if (!this.groups.has(group)) {
        this.error(itemPath, MSG.unknownGroup(group));
      } else if (own.includes(group)) {
        this.error(itemPath, `Khối "${group}" được liệt kê hai lần.`);
      } else if (inherited !== undefined && !inherited.includes(group)) {
        this.error(
          itemPath,
          `Khối "${group}" không thuộc phạm vi áp dụng của nhóm cha "${parentCode ?? ''}".`,
        );
      }
      own.push(group);
    });
    return { own, effective: own };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Validates an index-set document (already parsed from JSON, or built from an Excel file) and
 * returns its canonical form, or every problem found.
 */
export function parseIndexSet(input: unknown): ParseIndexSetResult {
  const c = new Checker();
  if (!isObject(input)) {
    return {
      ok: false,
      errors: [{ path: '', message: 'Tệp không phải là một bộ chỉ số (cần một đối tượng JSON).' }],
    };
  }
  c.keys(input, DOC_KEYS, '');

  if (input.formatVersion === undefined) {
    c.error('formatVersion', MSG.missing('phiên bản định dạng', 'formatVersion'));
  } else if (input.formatVersion !== SUPPORTED_FORMAT_VERSION) {
    c.error(
      'formatVersion',
      `Phiên bản định dạng ${show(input.formatVersion)} không được hỗ trợ; chỉ hỗ trợ formatVersion ${SUPPORTED_FORMAT_VERSION}.`,
    );
  }
  const code = c.requiredText(input, 'code', '', 'mã bộ chỉ số', LIMITS.indexSetCodeMax);
  if (code !== '' && !CODE_PATTERN.test(code)) {
    c.error('code', MSG.setCode);
  }
  const name = c.requiredText(input, 'name', '', 'tên bộ chỉ số');
  const year = input.year;
  if (year === undefined) {
    c.error('year', MSG.missing('năm', 'year'));
  } else if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) {
    c.error('year', 'Năm phải là số nguyên từ 2000 đến 2100.');
  }
  const legalBasis = parseLegalBasis(c, input.legalBasis);
  // Groups first: applicableTo everywhere refers to them.
  const unitGroups = parseUnitGroups(c, input.unitGroups);
  const nodes = parseFields(c, input.nodes);
  const adjustments = parseAdjustments(c, input.adjustments);
  const classification = parseClassification(c, input.classification);
  const ranking = parseRanking(c, input.ranking);
  if (c.leafCount > LIMITS.indexSetLeavesMax) {
    c.error(
      'nodes',
      `Bộ chỉ số có ${c.truncated ? 'ít nhất ' : ''}${groupDigits(c.leafCount)} tiêu chí lá (kể cả mục điểm thưởng, điểm trừ); tối đa ${groupDigits(LIMITS.indexSetLeavesMax)}.`,
    );
  }
  if (c.truncated) {
    c.error(
      'nodes',
      `Bộ chỉ số có hơn ${groupDigits(LIMITS.indexSetNodesMax)} mục (nhóm và tiêu chí); tối đa ${groupDigits(LIMITS.indexSetNodesMax)}. Các mục sau mục thứ ${groupDigits(LIMITS.indexSetNodesMax)} chưa được kiểm tra.`,
    );
  }

  if (c.count > 0) {
    return { ok: false, errors: c.errors };
  }
  const document: IndexSetDocument = {
    formatVersion: 1,
    code,
    name,
    year: year as number,
    // An empty legalBasis or adjustments object says nothing and is dropped (as the web editor
    // drops an empty legalBasis), so that the canonical form has one spelling: the Excel workbook
    // cannot tell {} from absent, and export → import changed the document (found by
    // index-set-xlsx-roundtrip.property.test.ts).
    ...(legalBasis === undefined || Object.keys(legalBasis).length === 0 ? {} : { legalBasis }),
    unitGroups,
    nodes,
    ...(adjustments === undefined || Object.keys(adjustments).length === 0 ? {} : { adjustments }),
    classification,
    ranking,
  };
  // The texts alone can pass the limit (2 000 leaves × 20 000 characters); only then is the
  // whole document serialised to measure it exactly, as the server stores it.
  const bytes = c.textBytes > LIMITS.indexSetUploadBytes ? c.textBytes : utf8Length(JSON.stringify(document));
  if (bytes > LIMITS.indexSetUploadBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1).replace('.', ',');
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `Bộ chỉ số quá lớn: ${mb(bytes)} MB khi lưu, tối đa ${mb(LIMITS.indexSetUploadBytes)} MB; hãy rút gọn hướng dẫn chấm và tài liệu kiểm chứng.`,
        },
      ],
    };
  }
  return { ok: true, document };
}

function parseLegalBasis(c: Checker, value: unknown): IndexSetDocument['legalBasis'] {
  if (value === undefined) {
    return undefined;
  }
  if (!isObject(value)) {
    c.error('legalBasis', MSG.notObject('Căn cứ pháp lý (legalBasis)'));
    return undefined;
  }
  c.keys(value, LEGAL_BASIS_KEYS, 'legalBasis');
  const number = c.optionalText(value, 'number', 'legalBasis', 'số văn bản', LIMITS.nameMax);
  const date = c.optionalText(value, 'date', 'legalBasis', 'ngày ban hành', LIMITS.nameMax);
  if (date !== undefined && !isIsoDate(date)) {
    c.error('legalBasis.date', MSG.isoDate);
  }
  // A trích yếu summarises the decision and may run past a name's length.
  const title = c.optionalText(value, 'title', 'legalBasis', 'trích yếu', LIMITS.descriptionMax);
  return {
    ...(number === undefined ? {} : { number }),
    ...(date === undefined ? {} : { date }),
    ...(title === undefined ? {} : { title }),
  };
}

function parseUnitGroups(c: Checker, value: unknown): IndexSetDocument['unitGroups'] {
  if (value === undefined) {
    c.error('unitGroups', MSG.missing('danh sách khối đơn vị', 'unitGroups'));
    return [];
  }
  if (!Array.isArray(value)) {
    c.error('unitGroups', MSG.notArray('Danh sách khối đơn vị (unitGroups)'));
    return [];
  }
  if (value.length === 0) {
    c.error('unitGroups', 'Phải có ít nhất một khối đơn vị (unitGroups).');
  }
  if (!c.listWithinLimit(value, 'unitGroups', 'Danh sách khối đơn vị (unitGroups)')) {
    return [];
  }
  const firstPath = new Map<string, string>();
  const groups: IndexSetDocument['unitGroups'] = [];
  value.forEach((item: unknown, i) => {
    const path = index('unitGroups', i);
    if (!isObject(item)) {
      c.error(path, MSG.notObject('Khối đơn vị'));
      return;
    }
    c.keys(item, UNIT_GROUP_KEYS, path);
    const code = c.requiredText(item, 'code', path, 'mã khối', LIMITS.indexSetItemCodeMax);
    const name = c.requiredText(item, 'name', path, 'tên khối');
    if (/[,;\n]/.test(code)) {
      c.error(at(path, 'code'), MSG.groupSeparator);
    } else if (code !== '') {
      const other = firstPath.get(code);
      if (other === undefined) {
        firstPath.set(code, path);
        c.groups.add(code);
      } else {
        c.error(at(path, 'code'), `Mã khối "${code}" bị trùng: đã dùng tại ${other}.`);
      }
    }
    groups.push({ code, name });
  });
  return groups;
}

function parseFields(c: Checker, value: unknown): Node[] {
  if (value === undefined) {
    c.error('nodes', MSG.missing('cây chỉ số', 'nodes'));
    return [];
  }
  if (!Array.isArray(value)) {
    c.error('nodes', MSG.notArray('Cây chỉ số (nodes)'));
    return [];
  }
  if (value.length === 0) {
    c.error('nodes', 'Bộ chỉ số phải có ít nhất một lĩnh vực.');
  }
  const fields: Node[] = [];
  value.forEach((item: unknown, i) => {
    const path = index('nodes', i);
    const parsed = parseItem(c, item, path, undefined, undefined, 1);
    if (parsed !== undefined && 'method' in parsed) {
      c.error(path, 'Lĩnh vực (cấp cao nhất) phải là nhóm tiêu chí có "children", không phải tiêu chí lá.');
    } else if (parsed !== undefined) {
      fields.push(parsed);
    }
  });
  return fields;
}

/**
 * A node (has children) or a leaf (has a method). With neither, a `maxPoints` suggests a leaf
 * whose method is missing; otherwise it is reported as an empty node.
 */
function looksLikeLeaf(obj: Obj): boolean {
  if ('method' in obj) {
    return true;
  }
  if ('children' in obj) {
    return false;
  }
  return 'maxPoints' in obj;
}

function parseItem(
  c: Checker,
  value: unknown,
  path: string,
  inherited: readonly string[] | undefined,
  parentCode: string | undefined,
  depth: number,
): Node | Leaf | undefined {
  if (!isObject(value)) {
    c.error(path, MSG.notObject('Tiêu chí hoặc nhóm tiêu chí'));
    return undefined;
  }
  if (depth > MAX_DEPTH) {
    c.error(path, `Cây chỉ số quá sâu (tối đa ${MAX_DEPTH} cấp).`);
    return undefined;
  }
  if (!c.admit()) {
    return undefined;
  }
  return looksLikeLeaf(value)
    ? parseLeaf(c, value, path, inherited, parentCode)
    : parseNode(c, value, path, inherited, parentCode, depth);
}

function parseNode(
  c: Checker,
  obj: Obj,
  path: string,
  inherited: readonly string[] | undefined,
  parentCode: string | undefined,
  depth: number,
): Node {
  c.keys(obj, NODE_KEYS, path);
  const code = c.code(obj.code, at(path, 'code'));
  const name = c.requiredText(obj, 'name', path, 'tên');
  let maxPoints: number | undefined;
  if (
    obj.maxPoints !== undefined &&
    c.points(obj.maxPoints, at(path, 'maxPoints'), MSG.nodeCap) !== undefined
  ) {
    maxPoints = obj.maxPoints as number;
  }
  const { own, effective } = c.applicableTo(obj, path, inherited, parentCode);
  const children: (Node | Leaf)[] = [];
  const childrenPath = at(path, 'children');
  if (obj.children === undefined) {
    c.error(childrenPath, `Nhóm tiêu chí "${code}" không có tiêu chí con nào.`);
  } else if (!Array.isArray(obj.children)) {
    c.error(childrenPath, MSG.notArray('Danh sách tiêu chí con (children)'));
  } else {
    if (obj.children.length === 0) {
      c.error(childrenPath, `Nhóm tiêu chí "${code}" không có tiêu chí con nào.`);
    }
    obj.children.forEach((child: unknown, i) => {
      const parsed = parseItem(c, child, index(childrenPath, i), effective, code, depth + 1);
      if (parsed !== undefined) {
        children.push(parsed);
      }
    });
  }
  return {
    code,
    name,
    ...(maxPoints === undefined ? {} : { maxPoints: maxPoints + 0 }),
    ...(own === undefined ? {} : { applicableTo: own }),
    children,
  };
}

function parseLeaf(
  c: Checker,
  obj: Obj,
  path: string,
  inherited: readonly string[] | undefined,
  parentCode: string | undefined,
): Leaf {
  c.leafCount += 1;
  c.keys(obj, LEAF_KEYS, path);
  const code = c.code(obj.code, at(path, 'code'));
  const name = c.requiredText(obj, 'name', path, 'tên');
  let maxH: number | undefined;
  if (obj.maxPoints === undefined) {
    c.error(at(path, 'maxPoints'), 'Thiếu điểm tối đa (maxPoints).');
  } else {
    maxH = c.points(obj.maxPoints, at(path, 'maxPoints'), MSG.maxPoints);
  }
  const method = parseMethod(c, obj.method, at(path, 'method'), maxH);
  const guidance = c.optionalText(obj, 'guidance', path, 'hướng dẫn chấm', LIMITS.indexSetTextMax);
  const evidence = c.optionalText(obj, 'evidence', path, 'tài liệu kiểm chứng', LIMITS.indexSetTextMax);
  const evidenceRequired = obj.evidenceRequired;
  if (evidenceRequired !== undefined && typeof evidenceRequired !== 'boolean') {
    c.error(at(path, 'evidenceRequired'), 'evidenceRequired phải là true hoặc false.');
  }
  const { own } = c.applicableTo(obj, path, inherited, parentCode);
  return {
    code,
    name,
    maxPoints: maxH === undefined ? 0 : (obj.maxPoints as number) + 0,
    method,
    ...(guidance === undefined ? {} : { guidance }),
    ...(evidence === undefined ? {} : { evidence }),
    ...(typeof evidenceRequired === 'boolean' ? { evidenceRequired } : {}),
    ...(own === undefined ? {} : { applicableTo: own }),
  };
}

/**
 * A number as the canonical document stores it (`+ 0` turns -0 into 0); anything else — already
 * reported — becomes 0, since a document with errors is discarded. Never `value + 0` on an
 * unchecked value: for an array that is Array.prototype.toString, which recurses through nested
 * arrays, and a few kilobytes of "[[[[…" in a points field overflowed the stack — the import threw
 * a RangeError (HTTP 500) instead of listing the error (found by index-set-file.property.test.ts).
 */
function storedNumber(value: unknown): number {
  return typeof value === 'number' ? value + 0 : 0;
}

/** A points parameter of a method that must not exceed the leaf's maximum. */
function methodPoints(
  c: Checker,
  value: unknown,
  path: string,
  maxH: number | undefined,
  key: string,
): number {
  if (value === undefined) {
    c.error(path, MSG.missing('điểm', key));
    return 0;
  }
  const h = c.points(value, path, MSG.points);
  if (h !== undefined && maxH !== undefined && h > maxH) {
    c.error(path, MSG.aboveMax(h, maxH));
  }
  return storedNumber(value);
}

function parseMethod(c: Checker, value: unknown, path: string, maxH: number | undefined): Method {
  const fallback: Method = { type: 'MANUAL' };
  if (value === undefined) {
    c.error(path, 'Thiếu phương pháp chấm (method).');
    return fallback;
  }
  if (!isObject(value)) {
    c.error(path, MSG.notObject('Phương pháp chấm (method)'));
    return fallback;
  }
  // Long strings are not normalised: they cannot be one of the method codes anyway.
  const type = typeof value.type === 'string' && value.type.length <= 100 ? clean(value.type) : value.type;
  if (type === undefined) {
    c.error(at(path, 'type'), MSG.missing('loại phương pháp chấm', 'type'));
    return fallback;
  }
  if (typeof type !== 'string' || !(METHOD_TYPES as readonly string[]).includes(type)) {
    c.error(
      at(path, 'type'),
      `Phương pháp chấm ${show(type)} không được hỗ trợ (hợp lệ: ${METHOD_TYPES.join(', ')}).`,
    );
    return fallback;
  }
  const methodType = type as MethodType;
  c.keys(value, METHOD_KEYS[methodType], path);
  const p = (key: string) => at(path, key);
  switch (methodType) {
    case 'BOOLEAN': {
      if (value.noPoints === undefined) {
        return { type: 'BOOLEAN' };
      }
      return { type: 'BOOLEAN', noPoints: methodPoints(c, value.noPoints, p('noPoints'), maxH, 'noPoints') };
    }
    case 'LEVEL_SELECT':
      return {
        type: 'LEVEL_SELECT',
        levels: labelledPoints(c, value.levels, p('levels'), maxH, {
          what: 'mức',
          key: 'levels',
          empty: 'Phương pháp chọn mức (LEVEL_SELECT) cần ít nhất một mức (levels).',
          checkAboveMax: true,
        }),
      };
    case 'DEADLINE':
      return {
        type: 'DEADLINE',
        onTimePoints: methodPoints(c, value.onTimePoints, p('onTimePoints'), maxH, 'onTimePoints'),
        latePoints: methodPoints(c, value.latePoints, p('latePoints'), maxH, 'latePoints'),
        notDonePoints: methodPoints(c, value.notDonePoints, p('notDonePoints'), maxH, 'notDonePoints'),
      };
    case 'TIERED_PERCENT':
      return { type: 'TIERED_PERCENT', tiers: parseTiers(c, value.tiers, p('tiers'), maxH) };
    case 'PROPORTIONAL': {
      if (value.floorPercent === undefined) {
        return { type: 'PROPORTIONAL' };
      }
      c.percent(value.floorPercent, p('floorPercent'));
      return { type: 'PROPORTIONAL', floorPercent: storedNumber(value.floorPercent) };
    }
    case 'TARGET_ACTUAL':
      return { type: 'TARGET_ACTUAL' };
    case 'COUNT_CAPPED': {
      if (value.pointsPerItem === undefined) {
        c.error(p('pointsPerItem'), MSG.missing('điểm mỗi mục', 'pointsPerItem'));
      } else {
        c.rate(value.pointsPerItem, p('pointsPerItem'), MSG.rate, MAX_POINTS);
      }
      return { type: 'COUNT_CAPPED', pointsPerItem: storedNumber(value.pointsPerItem) };
    }
    case 'COUNT_COMPLIANCE': {
      const required = value.required;
      if (required === undefined) {
        c.error(p('required'), MSG.missing('số lượng yêu cầu', 'required'));
      } else if (typeof required !== 'number' || !Number.isSafeInteger(required) || required < 1) {
        c.error(p('required'), 'Số lượng yêu cầu (required) phải là số nguyên từ 1 trở lên.');
      }
      if (value.latePointsPerItem !== undefined) {
        c.rate(value.latePointsPerItem, p('latePointsPerItem'), MSG.rate, MAX_POINTS);
      }
      return {
        type: 'COUNT_COMPLIANCE',
        required: required as number,
        ...(value.latePointsPerItem === undefined
          ? {}
          : { latePointsPerItem: storedNumber(value.latePointsPerItem) }),
      };
    }
    case 'DEDUCTION':
      return {
        type: 'DEDUCTION',
        categories: labelledPoints(c, value.categories, p('categories'), maxH, {
          what: 'loại trừ điểm',
          key: 'categories',
          empty: 'Phương pháp trừ điểm (DEDUCTION) cần ít nhất một loại trừ điểm (categories).',
          checkAboveMax: false,
        }),
      };
    case 'MANUAL':
      return { type: 'MANUAL' };
    case 'SURVEY':
      return { type: 'SURVEY', optionWeights: parseWeights(c, value.optionWeights, p('optionWeights')) };
  }
}

function labelledPoints(
  c: Checker,
  value: unknown,
  path: string,
  maxH: number | undefined,
  options: { what: string; key: string; empty: string; checkAboveMax: boolean },
): { label: string; points: number }[] {
  if (value === undefined) {
    c.error(path, options.empty);
    return [];
  }
  if (!Array.isArray(value)) {
    c.error(path, MSG.notArray(`Danh sách ${options.what} (${options.key})`));
    return [];
  }
  if (value.length === 0) {
    c.error(path, options.empty);
  }
  if (!c.listWithinLimit(value, path, `Danh sách ${options.what} (${options.key})`)) {
    return [];
  }
  const seen = new Map<string, string>();
  const out: { label: string; points: number }[] = [];
  value.forEach((item: unknown, i) => {
    const itemPath = index(path, i);
    if (!isObject(item)) {
      c.error(itemPath, MSG.notObject(capitalise(options.what)));
      return;
    }
    c.keys(item, LABELLED_POINTS_KEYS, itemPath);
    const label = c.requiredText(item, 'label', itemPath, `tên ${options.what}`);
    if (label !== '') {
      const other = seen.get(label);
      if (other === undefined) {
        seen.set(label, itemPath);
      } else {
        c.error(
          at(itemPath, 'label'),
          `${capitalise(options.what)} "${label}" bị trùng: đã có tại ${other}.`,
        );
      }
    }
    // Level points may not exceed the leaf's maximum; a deduction per case may (it only lowers).
    const points = methodPoints(
      c,
      item.points,
      at(itemPath, 'points'),
      options.checkAboveMax ? maxH : undefined,
      'points',
    );
    out.push({ label, points });
  });
  return out;
}

function parseTiers(
  c: Checker,
  value: unknown,
  path: string,
  maxH: number | undefined,
): { minPercent: number; points: number }[] {
  const empty = 'Phương pháp theo bậc tỷ lệ (TIERED_PERCENT) cần ít nhất một bậc (tiers).';
  if (value === undefined) {
    c.error(path, empty);
    return [];
  }
  if (!Array.isArray(value)) {
    c.error(path, MSG.notArray('Danh sách bậc (tiers)'));
    return [];
  }
  if (value.length === 0) {
    c.error(path, empty);
  }
  if (!c.listWithinLimit(value, path, 'Danh sách bậc (tiers)')) {
    return [];
  }
  const seen = new Map<number, string>();
  const out: { minPercent: number; points: number }[] = [];
  value.forEach((item: unknown, i) => {
    const itemPath = index(path, i);
    if (!isObject(item)) {
      c.error(itemPath, MSG.notObject('Bậc'));
      return;
    }
    c.keys(item, TIER_KEYS, itemPath);
    const minPath = at(itemPath, 'minPercent');
    if (item.minPercent === undefined) {
      c.error(minPath, MSG.missing('tỷ lệ tối thiểu', 'minPercent'));
    } else if (c.percent(item.minPercent, minPath)) {
      const minPercent = item.minPercent as number;
      const other = seen.get(minPercent);
      if (other === undefined) {
        seen.set(minPercent, itemPath);
      } else {
        c.error(
          minPath,
          `Hai bậc cùng tỷ lệ tối thiểu ${formatPointsVi(toHundredths(minPercent))}%: trùng với ${other}.`,
        );
      }
    }
    const points = methodPoints(c, item.points, at(itemPath, 'points'), maxH, 'points');
    out.push({ minPercent: storedNumber(item.minPercent), points });
  });
  return out;
}

function parseWeights(c: Checker, value: unknown, path: string): Record<string, number> {
  const empty = 'Phương pháp khảo sát (SURVEY) cần trọng số cho ít nhất một phương án (optionWeights).';
  if (value === undefined) {
    c.error(path, empty);
    return {};
  }
  if (!isObject(value)) {
    c.error(path, MSG.notObject('Trọng số phương án (optionWeights)'));
    return {};
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    c.error(path, empty);
  }
  if (!c.listWithinLimit(entries, path, 'Danh sách phương án (optionWeights)')) {
    return {};
  }
  // A Map, then Object.fromEntries: an option named "__proto__" stays an ordinary key.
  const out = new Map<string, number>();
  for (const [rawOption, weight] of entries) {
    const itemPath = recordKey(path, rawOption);
    const option = c.text(rawOption, itemPath, 'tên phương án', LIMITS.nameMax);
    if (option === undefined) {
      continue;
    }
    if (option === '') {
      c.error(itemPath, 'Tên phương án không được để trống.');
      continue;
    }
    if (out.has(option)) {
      c.error(itemPath, `Phương án "${option}" bị trùng.`);
      continue;
    }
    c.rate(weight, itemPath, MSG.weight, 1);
    out.set(option, storedNumber(weight));
  }
  return Object.fromEntries(out);
}

function parseAdjustments(c: Checker, value: unknown): IndexSetDocument['adjustments'] {
  if (value === undefined) {
    return undefined;
  }
  if (!isObject(value)) {
    c.error('adjustments', MSG.notObject('Điểm thưởng, điểm trừ (adjustments)'));
    return undefined;
  }
  c.keys(value, ADJUSTMENTS_KEYS, 'adjustments');
  const bonus = parseAdjustmentGroup(c, value.bonus, 'adjustments.bonus', 'điểm thưởng');
  const penalty = parseAdjustmentGroup(c, value.penalty, 'adjustments.penalty', 'điểm trừ');
  return {
    ...(bonus === undefined ? {} : { bonus }),
    ...(penalty === undefined ? {} : { penalty }),
  };
}

function parseAdjustmentGroup(
  c: Checker,
  value: unknown,
  path: string,
  what: string,
): AdjustmentGroup | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isObject(value)) {
    c.error(path, MSG.notObject(capitalise(what)));
    return undefined;
  }
  c.keys(value, ADJUSTMENT_GROUP_KEYS, path);
  const maxPath = at(path, 'maxPoints');
  if (value.maxPoints === undefined) {
    c.error(maxPath, `Thiếu điểm tối đa của ${what} (maxPoints).`);
  } else {
    c.points(value.maxPoints, maxPath, MSG.maxPoints);
  }
  const items: Leaf[] = [];
  const itemsPath = at(path, 'items');
  if (value.items === undefined) {
    c.error(itemsPath, MSG.missing(`danh sách mục ${what}`, 'items'));
  } else if (!Array.isArray(value.items)) {
    c.error(itemsPath, MSG.notArray(`Danh sách mục ${what} (items)`));
  } else {
    value.items.forEach((item: unknown, i) => {
      const itemPath = index(itemsPath, i);
      if (!isObject(item)) {
        c.error(itemPath, MSG.notObject(`Mục ${what}`));
        return;
      }
      if (!looksLikeLeaf(item)) {
        c.error(itemPath, `Mục ${what} phải là tiêu chí lá (có "method"), không phải nhóm tiêu chí.`);
        return;
      }
      if (!c.admit()) {
        return;
      }
      items.push(parseLeaf(c, item, itemPath, undefined, undefined));
    });
  }
  return { maxPoints: storedNumber(value.maxPoints), items };
}

function parseClassification(c: Checker, value: unknown): ClassificationBand[] {
  if (value === undefined) {
    c.error('classification', MSG.missing('các mức xếp loại', 'classification'));
    return [];
  }
  if (!Array.isArray(value)) {
    c.error('classification', MSG.notArray('Các mức xếp loại (classification)'));
    return [];
  }
  if (value.length === 0) {
    c.error('classification', 'Phải có ít nhất một mức xếp loại (classification).');
  }
  if (!c.listWithinLimit(value, 'classification', 'Danh sách mức xếp loại (classification)')) {
    return [];
  }
  const labels = new Map<string, string>();
  const bands: ClassificationBand[] = [];
  let previous: number | undefined;
  value.forEach((item: unknown, i) => {
    const path = index('classification', i);
    if (!isObject(item)) {
      c.error(path, MSG.notObject('Mức xếp loại'));
      previous = undefined;
      return;
    }
    c.keys(item, BAND_KEYS, path);
    const label = c.requiredText(item, 'label', path, 'tên mức xếp loại');
    if (label !== '') {
      const other = labels.get(label);
      if (other === undefined) {
        labels.set(label, path);
      } else {
        c.error(at(path, 'label'), `Mức xếp loại "${label}" bị trùng: đã có tại ${other}.`);
      }
    }
    const minPath = at(path, 'minPercent');
    let current: number | undefined;
    if (item.minPercent === undefined) {
      c.error(minPath, MSG.missing('tỷ lệ tối thiểu', 'minPercent'));
    } else if (c.percent(item.minPercent, minPath)) {
      current = item.minPercent as number;
      if (previous !== undefined && current >= previous) {
        c.error(
          minPath,
          `Các mức xếp loại phải sắp theo tỷ lệ tối thiểu giảm dần: ${formatPointsVi(toHundredths(current))}% không nhỏ hơn ${formatPointsVi(toHundredths(previous))}% của mức trước.`,
        );
      }
    }
    previous = current;
    if (item.minEachFieldPercent !== undefined) {
      c.percent(item.minEachFieldPercent, at(path, 'minEachFieldPercent'));
    }
    bands.push({
      label,
      minPercent: storedNumber(item.minPercent),
      ...(item.minEachFieldPercent === undefined
        ? {}
        : { minEachFieldPercent: storedNumber(item.minEachFieldPercent) }),
    });
  });
  return bands;
}

function parseRanking(c: Checker, value: unknown): IndexSetDocument['ranking'] {
  const fallback: IndexSetDocument['ranking'] = { ties: 'dense', scope: 'all' };
  if (value === undefined) {
    c.error('ranking', MSG.missing('cách xếp hạng', 'ranking'));
    return fallback;
  }
  if (!isObject(value)) {
    c.error('ranking', MSG.notObject('Cách xếp hạng (ranking)'));
    return fallback;
  }
  c.keys(value, RANKING_KEYS, 'ranking');
  const ties = typeof value.ties === 'string' ? value.ties.trim() : value.ties;
  const scope = typeof value.scope === 'string' ? value.scope.trim() : value.scope;
  if (ties !== 'dense' && ties !== 'competition') {
    c.error('ranking.ties', 'Cách tính đồng hạng (ties) phải là "dense" hoặc "competition".');
  }
  if (scope !== 'all' && scope !== 'unitGroup') {
    c.error('ranking.scope', 'Phạm vi xếp hạng (scope) phải là "all" hoặc "unitGroup".');
  }
  return {
    ties: ties === 'competition' ? 'competition' : 'dense',
    scope: scope === 'unitGroup' ? 'unitGroup' : 'all',
  };
}
