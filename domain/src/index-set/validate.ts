import {
  formatPointsVi,
  hasAtMostTwoDecimals,
  MAX_PARAMETER_DECIMALS,
  toHundredths,
  tryRatioOf,
} from '../scoring/decimal';
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
 * - optional texts that are empty after trimming are dropped.
 */

export const SUPPORTED_FORMAT_VERSION = 1;
/** Upper bound for any points value, so that sums of hundredths stay far inside safe integers. */
export const MAX_POINTS = 1_000_000;
/** Deeper trees are rejected: the real sets have 3 levels, and recursion must stay bounded. */
export const MAX_DEPTH = 10;

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
} as const;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** NFC (Vietnamese typed on macOS arrives decomposed) and trimmed. */
function clean(text: string): string {
  return text.normalize('NFC').trim();
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
  return `${path}[${JSON.stringify(key)}]`;
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
  readonly errors: LocatedError[] = [];
  /** Code → path of the element that first used it (nodes, leaves, bonus and penalty items). */
  private readonly codes = new Map<string, string>();
  readonly groups = new Set<string>();

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** Reports every key that is not part of the format (a typo like "maxPoint" must not pass). */
  keys(obj: Obj, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) {
        continue;
      }
      const suggestion = allowed.find(
        (candidate) => !(candidate in obj) && editDistance(key.toLowerCase(), candidate.toLowerCase()) <= 2,
      );
      this.error(
        at(path, key),
        `Trường "${key}" không có trong định dạng bộ chỉ số${suggestion ? ` (có phải "${suggestion}"?)` : ''}.`,
      );
    }
  }

  requiredText(obj: Obj, key: string, path: string, what: string): string {
    const value = obj[key];
    if (value === undefined) {
      this.error(at(path, key), MSG.missing(what, key));
      return '';
    }
    if (typeof value !== 'string' || clean(value) === '') {
      this.error(at(path, key), MSG.text(capitalise(what)));
      return '';
    }
    return clean(value);
  }

  optionalText(obj: Obj, key: string, path: string, what: string): string | undefined {
    const value = obj[key];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string') {
      this.error(at(path, key), `${capitalise(what)} phải là chuỗi ký tự.`);
      return undefined;
    }
    const text = clean(value);
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
    if (typeof value !== 'string' || clean(value) === '') {
      this.error(path, MSG.text('Mã'));
      return '';
    }
    const code = clean(value);
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
    const own: string[] = [];
    value.forEach((item: unknown, i) => {
      const itemPath = index(here, i);
      if (typeof item !== 'string' || clean(item) === '') {
        this.error(itemPath, MSG.text('Mã khối'));
        return;
      }
      const group = clean(item);
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
      `Phiên bản định dạng ${JSON.stringify(input.formatVersion)} không được hỗ trợ; chỉ hỗ trợ formatVersion ${SUPPORTED_FORMAT_VERSION}.`,
    );
  }
  const code = c.requiredText(input, 'code', '', 'mã bộ chỉ số');
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

  if (c.errors.length > 0) {
    return { ok: false, errors: c.errors };
  }
  const document: IndexSetDocument = {
    formatVersion: 1,
    code,
    name,
    year: year as number,
    ...(legalBasis === undefined ? {} : { legalBasis }),
    unitGroups,
    nodes,
    ...(adjustments === undefined ? {} : { adjustments }),
    classification,
    ranking,
  };
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
  const number = c.optionalText(value, 'number', 'legalBasis', 'số văn bản');
  const date = c.optionalText(value, 'date', 'legalBasis', 'ngày ban hành');
  if (date !== undefined && !isIsoDate(date)) {
    c.error('legalBasis.date', MSG.isoDate);
  }
  const title = c.optionalText(value, 'title', 'legalBasis', 'trích yếu');
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
  const firstPath = new Map<string, string>();
  const groups: IndexSetDocument['unitGroups'] = [];
  value.forEach((item: unknown, i) => {
    const path = index('unitGroups', i);
    if (!isObject(item)) {
      c.error(path, MSG.notObject('Khối đơn vị'));
      return;
    }
    c.keys(item, UNIT_GROUP_KEYS, path);
    const code = c.requiredText(item, 'code', path, 'mã khối');
    const name = c.requiredText(item, 'name', path, 'tên khối');
    if (code !== '') {
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
  const guidance = c.optionalText(obj, 'guidance', path, 'hướng dẫn chấm');
  const evidence = c.optionalText(obj, 'evidence', path, 'tài liệu kiểm chứng');
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
  return (value as number) + 0;
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
  const type = typeof value.type === 'string' ? clean(value.type) : value.type;
  if (type === undefined) {
    c.error(at(path, 'type'), MSG.missing('loại phương pháp chấm', 'type'));
    return fallback;
  }
  if (typeof type !== 'string' || !(METHOD_TYPES as readonly string[]).includes(type)) {
    c.error(
      at(path, 'type'),
      `Phương pháp chấm ${JSON.stringify(type)} không được hỗ trợ (hợp lệ: ${METHOD_TYPES.join(', ')}).`,
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
      return { type: 'PROPORTIONAL', floorPercent: (value.floorPercent as number) + 0 };
    }
    case 'TARGET_ACTUAL':
      return { type: 'TARGET_ACTUAL' };
    case 'COUNT_CAPPED': {
      if (value.pointsPerItem === undefined) {
        c.error(p('pointsPerItem'), MSG.missing('điểm mỗi mục', 'pointsPerItem'));
      } else {
        c.rate(value.pointsPerItem, p('pointsPerItem'), MSG.rate, MAX_POINTS);
      }
      return { type: 'COUNT_CAPPED', pointsPerItem: (value.pointsPerItem as number) + 0 };
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
          : { latePointsPerItem: (value.latePointsPerItem as number) + 0 }),
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
    out.push({ minPercent: (item.minPercent as number) + 0, points });
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
  // A Map, then Object.fromEntries: an option named "__proto__" stays an ordinary key.
  const out = new Map<string, number>();
  for (const [rawOption, weight] of entries) {
    const option = clean(rawOption);
    const itemPath = recordKey(path, rawOption);
    if (option === '') {
      c.error(itemPath, 'Tên phương án không được để trống.');
      continue;
    }
    if (out.has(option)) {
      c.error(itemPath, `Phương án "${option}" bị trùng.`);
      continue;
    }
    c.rate(weight, itemPath, MSG.weight, 1);
    out.set(option, (weight as number) + 0);
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
      items.push(parseLeaf(c, item, itemPath, undefined, undefined));
    });
  }
  return { maxPoints: (value.maxPoints as number) + 0, items };
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
      minPercent: (item.minPercent as number) + 0,
      ...(item.minEachFieldPercent === undefined
        ? {}
        : { minEachFieldPercent: (item.minEachFieldPercent as number) + 0 }),
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
  const ties = typeof value.ties === 'string' ? clean(value.ties) : value.ties;
  const scope = typeof value.scope === 'string' ? clean(value.scope) : value.scope;
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
