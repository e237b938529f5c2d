import { createHash } from 'node:crypto';
import type { LeafKind } from '@cchc/domain/campaign/self-assessment';
import type { Leaf, Method } from '@cchc/domain/index-set/format';
import { METHOD_LABELS } from '@cchc/domain/scoring/methods';
import { cleanText, formatDecimal, matchKey, parseDecimal } from '../../index-sets/xlsx/cell-values';
import {
  DEADLINE_WORDS,
  type DeadlineStatus,
  DRAFT_WORDS,
  type ExtraKey,
  headerOf,
  INPUT_KEYS,
  type InputKey,
  METHOD_COLUMNS,
  NONE_WORD,
  type Word,
  YES_NO,
} from './layout';

/**
 * One answerable row of the scorecard sheet, both ways: an answer → the cells a person sees
 * (`renderRow`), and the cells as read back → a SaveAnswerInput-shaped answer (`parseRow`).
 * Pure: the writer and the reader share it, so what the writer puts in a row reads back as the
 * same answer, and a row's fingerprint (`fingerprints`) tells whether the person changed it.
 */

/** A cell as the reader hands it over: trimmed NFC text, a finite number, or null (blank). */
export type CellValue = string | number | null;
export type RowCells = Partial<Record<InputKey | ExtraKey, CellValue>>;

export interface RowError {
  key: InputKey | ExtraKey;
  message: string;
}

/** What a row says, before the scoring rules are applied. */
export interface ParsedRow {
  /** The method input (docs/index-set-format.md "Answers"), null when every input cell is blank. */
  value: Record<string, unknown> | null;
  note: string;
  noEvidenceReason: string;
  naClaimed: boolean;
  naReason: string;
  /** A draft carried from last year that the person marked “Xác nhận”. */
  confirm: boolean;
}

/** What renderRow needs of a stored answer (AnswerView). */
export interface StoredAnswer {
  value: unknown;
  note: string;
  noEvidenceReason: string;
  naClaimed: boolean;
  naReason: string;
  isCarriedDraft: boolean;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function pts(points: number): string {
  return `${formatDecimal(points)} điểm`;
}

// ---------------------------------------------------------------------------------------------
// Words

function findWord<V>(words: readonly Word<V>[], typed: string): Word<V> | undefined {
  const key = matchKey(typed);
  return words.find((w) => w.label === typed || matchKey(w.label) === key || w.keys.includes(key));
}

/** A label of a closed list: exact (after NFC/trim) first, then the one label with the same matchKey. */
function findLabel(labels: readonly string[], typed: string): string | undefined {
  if (labels.includes(typed)) {
    return typed;
  }
  const key = matchKey(typed);
  const same = labels.filter((l) => matchKey(l) === key);
  return same.length === 1 ? same[0] : undefined;
}

/** Labels of a DEDUCTION (categories) or SURVEY (options) leaf. */
function countLabels(method: Method): readonly string[] {
  if (method.type === 'DEDUCTION') {
    return method.categories.map((c) => c.label);
  }
  if (method.type === 'SURVEY') {
    return Object.keys(method.optionWeights);
  }
  return [];
}

/** A label inside "Nhãn=số; Nhãn=số", quoted when it holds a separator. */
function quoteLabel(label: string): string {
  return /[;=:"\n]/.test(label) || label !== label.trim() ? `"${label.replace(/"/g, '""')}"` : label;
}

/** Splits "Khiển trách=1; "A; B"=2" into [label, count text] pairs; undefined when malformed. */
function splitCounts(cell: string): [string, string][] | string {
  const items: [string, string][] = [];
  let i = 0;
  const s = cell;
  while (i < s.length) {
    while (i < s.length && /[\s;]/.test(s[i]!)) {
      i += 1;
    }
    if (i >= s.length) {
      break;
    }
    let label = '';
    if (s[i] === '"') {
      i += 1;
      let closed = false;
      while (i < s.length) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            label += '"';
            i += 2;
            continue;
          }
          i += 1;
          closed = true;
          break;
        }
        label += s[i];
        i += 1;
      }
      if (!closed) {
        return 'thiếu dấu ngoặc kép đóng';
      }
      while (i < s.length && /[ \t]/.test(s[i]!)) {
        i += 1;
      }
    } else {
      while (i < s.length && !/[=:;\n]/.test(s[i]!)) {
        label += s[i];
        i += 1;
      }
    }
    if (s[i] !== '=' && s[i] !== ':') {
      return `“${cleanText(label)}” thiếu dấu = và số lượng`;
    }
    i += 1;
    let count = '';
    while (i < s.length && s[i] !== ';' && s[i] !== '\n') {
      count += s[i];
      i += 1;
    }
    items.push([cleanText(label), count.trim()]);
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Method hints (the "Phương pháp chấm" column)

/** The method's name, then how to fill the row, in the words of the sheet's columns. */
export function methodHint(leaf: Leaf, kind: LeafKind = 'CRITERION'): string {
  const m = leaf.method;
  const name = kind === 'PENALTY' ? `${METHOD_LABELS[m.type]} (điểm trừ)` : METHOD_LABELS[m.type];
  const col = (key: InputKey) => `“${headerOf(key)}”`;
  switch (m.type) {
    case 'BOOLEAN':
      return `${name}\nChọn Có (${pts(leaf.maxPoints)}) hoặc Không (${pts(m.noPoints ?? 0)}).`;
    case 'LEVEL_SELECT':
      return `${name}\nChọn một mức: ${m.levels.map((l) => `${l.label} (${pts(l.points)})`).join('; ')}.`;
    case 'DEADLINE':
      return `${name}\nChọn Đúng hạn (${pts(m.onTimePoints)}), Trễ hạn (${pts(m.latePoints)}) hoặc Không thực hiện (${pts(m.notDonePoints)}).`;
    case 'TIERED_PERCENT':
      return `${name}\nGhi ${col('percent')} hoặc ${col('numerator')} và ${col('denominator')}. Bậc: ${[
        ...m.tiers,
      ]
        .sort((a, b) => b.minPercent - a.minPercent)
        .map((t) => `từ ${formatDecimal(t.minPercent)}% được ${pts(t.points)}`)
        .join('; ')}.`;
    case 'PROPORTIONAL':
      return `${name}\nGhi ${col('percent')} hoặc ${col('numerator')} và ${col('denominator')}; điểm = điểm tối đa × tỷ lệ${
        m.floorPercent ? ` (dưới ${formatDecimal(m.floorPercent)}% được 0 điểm)` : ''
      }.`;
    case 'TARGET_ACTUAL':
      return `${name}\nGhi kết quả thực hiện vào ${col('numerator')} và chỉ tiêu vào ${col('denominator')}; điểm = điểm tối đa × thực hiện/chỉ tiêu.`;
    case 'COUNT_CAPPED':
      return `${name}\nGhi ${col('count')} (số nguyên); điểm = số lượng × ${formatDecimal(m.pointsPerItem)}, tối đa ${pts(leaf.maxPoints)}.`;
    case 'COUNT_COMPLIANCE':
      return `${name}\nGhi ${col('count')} và ${col('late')} (tổng không quá ${m.required}).`;
    case 'DEDUCTION':
      return `${name}\nGhi ${col('counts')}, ví dụ ${quoteLabel(m.categories[0]?.label ?? 'Loại')}=1. Các loại: ${m.categories
        .map((c) => `${c.label} (trừ ${formatDecimal(c.points)})`)
        .join('; ')}. Không có trường hợp nào: ghi “${NONE_WORD.label}”.`;
    case 'SURVEY': {
      const options = Object.entries(m.optionWeights);
      return `${name}\nGhi số phiếu vào ${col('counts')}, ví dụ ${quoteLabel(options[0]?.[0] ?? 'A')}=10. Phương án (hệ số): ${options
        .map(([o, w]) => `${o} (${formatDecimal(w)})`)
        .join('; ')}.`;
    }
    case 'MANUAL':
      return `${name}\nGhi ${col('manualPoints')} (0 đến ${formatDecimal(leaf.maxPoints)}) và ${col('manualComment')}.`;
  }
}

/** The closed list of the Lựa chọn cell of a leaf (for the dropdown), or undefined. */
export function choiceLabels(method: Method): readonly string[] | undefined {
  switch (method.type) {
    case 'BOOLEAN':
      return YES_NO.map((w) => w.label);
    case 'LEVEL_SELECT':
      return method.levels.map((l) => l.label);
    case 'DEADLINE':
      return DEADLINE_WORDS.map((w) => w.label);
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Answer → cells

function deadlineStatus(value: Obj): DeadlineStatus | null {
  const status = value.status;
  if (status === 'onTime' || status === 'late' || status === 'notDone') {
    return status;
  }
  const due = text(value.dueDate);
  if (due === null) {
    return null;
  }
  const done = text(value.doneDate);
  // The engine's rule (methods.ts): no done date = not done; ISO dates compare as text.
  return done === null ? 'notDone' : done > due ? 'late' : 'onTime';
}

function renderValue(leaf: Leaf, value: Obj): RowCells {
  const m = leaf.method;
  switch (m.type) {
    case 'BOOLEAN':
      return typeof value.value === 'boolean' ? { choice: value.value ? 'Có' : 'Không' } : {};
    case 'LEVEL_SELECT':
      return { choice: text(value.level) };
    case 'DEADLINE': {
      // A stored answer with dates shows as the status it earns; untouched, it stays as stored.
      const status = deadlineStatus(value);
      return { choice: DEADLINE_WORDS.find((w) => w.value === status)?.label ?? null };
    }
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      return {
        percent: num(value.percent),
        numerator: num(value.numerator),
        denominator: num(value.denominator),
      };
    case 'TARGET_ACTUAL':
      return { numerator: num(value.actual), denominator: num(value.target) };
    case 'COUNT_CAPPED':
      return { count: num(value.count) };
    case 'COUNT_COMPLIANCE':
      return { count: num(value.onTime), late: num(value.late) };
    case 'DEDUCTION':
    case 'SURVEY': {
      const counts = isObject(value.counts) ? value.counts : {};
      const items = countLabels(m)
        .map((label) => [label, num(counts[label]) ?? 0] as const)
        .filter(([, n]) => n > 0)
        .map(([label, n]) => `${quoteLabel(label)}=${n}`);
      return { counts: items.length === 0 ? NONE_WORD.label : items.join('; ') };
    }
    case 'MANUAL':
      return { manualPoints: num(value.points), manualComment: text(value.comment) };
  }
}

/** The cells of a row for a stored answer (or none). Keys a method does not use stay absent. */
export function renderRow(leaf: Leaf, answer: StoredAnswer | undefined): RowCells {
  const cells: RowCells = {};
  if (answer && !answer.naClaimed && isObject(answer.value)) {
    Object.assign(cells, renderValue(leaf, answer.value));
  }
  cells.note = answer?.note || null;
  cells.noEvidenceReason = answer?.noEvidenceReason || null;
  cells.naClaimed = answer?.naClaimed ? 'Có' : null;
  cells.naReason = answer?.naClaimed ? answer.naReason || null : null;
  if (answer?.isCarriedDraft) {
    cells.status = DRAFT_WORDS[0]!.label;
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Cells → answer

function asText(cell: CellValue | undefined): string | null {
  if (cell === null || cell === undefined) {
    return null;
  }
  const s = cleanText(String(cell));
  return s === '' ? null : s;
}

class RowParser {
  readonly errors: RowError[] = [];

  constructor(private readonly cells: RowCells) {}

  error(key: InputKey | ExtraKey, message: string): undefined {
    this.errors.push({ key, message });
    return undefined;
  }

  text(key: InputKey | ExtraKey): string | null {
    return asText(this.cells[key]);
  }

  number(key: InputKey): number | undefined {
    const cell = this.cells[key];
    if (cell === null || cell === undefined) {
      return undefined;
    }
    if (typeof cell === 'number') {
      return cell;
    }
    const value = parseDecimal(cell, { percent: key === 'percent' });
    if (value === undefined) {
      return this.error(
        key,
        `“${cell.length > 40 ? `${cell.slice(0, 39)}…` : cell}” không phải là số (ví dụ hợp lệ: 1,5 hoặc 1.5).`,
      );
    }
    return value;
  }

  word<V>(key: InputKey | ExtraKey, words: readonly Word<V>[], hint: string): Word<V> | undefined {
    const typed = this.text(key);
    if (typed === null) {
      return undefined;
    }
    return findWord(words, typed) ?? this.error(key, `“${typed}” không hợp lệ; ${hint}`);
  }
}

function parseCounts(p: RowParser, method: Method): Obj | undefined {
  const typed = p.text('counts');
  if (typed === null) {
    return undefined;
  }
  const labels = countLabels(method);
  const kind = method.type === 'SURVEY' ? 'phương án' : 'loại';
  if (findWord([NONE_WORD], typed)) {
    return { counts: {} };
  }
  const items = splitCounts(typed);
  if (typeof items === 'string') {
    return p.error('counts', `Không đọc được “${typed}”: ${items}. Ghi dạng Nhãn=số; Nhãn=số.`);
  }
  const found = new Map<string, number>();
  let ok = true;
  for (const [rawLabel, countText] of items) {
    const label = findLabel(labels, rawLabel);
    if (label === undefined) {
      p.error(
        'counts',
        `${kind === 'loại' ? 'Loại' : 'Phương án'} “${rawLabel}” không có trong danh sách (${labels.join('; ')}).`,
      );
      ok = false;
      continue;
    }
    if (found.has(label)) {
      p.error('counts', `${kind === 'loại' ? 'Loại' : 'Phương án'} “${label}” được ghi hai lần.`);
      ok = false;
      continue;
    }
    const count = parseDecimal(countText);
    if (count === undefined) {
      p.error('counts', `Số lượng của “${label}” là “${countText}”, không phải là số.`);
      ok = false;
      continue;
    }
    found.set(label, count);
  }
  if (!ok) {
    return undefined;
  }
  // Canonical: the method's order, zero counts left out (they score as absent).
  const counts: Obj = {};
  for (const label of labels) {
    const n = found.get(label);
    if (n !== undefined && n !== 0) {
      counts[label] = n;
    }
  }
  return { counts };
}

/** Both or neither of two cells; reports the blank one. */
function pair(p: RowParser, a: InputKey, b: InputKey): [number, number] | undefined {
  const x = p.number(a);
  const y = p.number(b);
  if (x === undefined && y === undefined) {
    return undefined;
  }
  if (x === undefined || y === undefined) {
    const blank = x === undefined ? a : b;
    if (p.text(blank) === null) {
      p.error(blank, `Cần ghi cả “${headerOf(a)}” và “${headerOf(b)}”.`);
    }
    return undefined;
  }
  return [x, y];
}

function parseValue(p: RowParser, leaf: Leaf): Obj | undefined {
  const m = leaf.method;
  switch (m.type) {
    case 'BOOLEAN': {
      const word = p.word('choice', YES_NO, 'chọn “Có” hoặc “Không”.');
      return word === undefined ? undefined : { value: word.value };
    }
    case 'LEVEL_SELECT': {
      const typed = p.text('choice');
      if (typed === null) {
        return undefined;
      }
      const labels = m.levels.map((l) => l.label);
      const label = findLabel(labels, typed);
      return label === undefined
        ? p.error('choice', `Mức “${typed}” không có trong danh sách; chọn một trong: ${labels.join('; ')}.`)
        : { level: label };
    }
    case 'DEADLINE': {
      const word = p.word('choice', DEADLINE_WORDS, 'chọn “Đúng hạn”, “Trễ hạn” hoặc “Không thực hiện”.');
      return word === undefined ? undefined : { status: word.value };
    }
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL': {
      const percent = p.number('percent');
      const hasFraction = p.text('numerator') !== null || p.text('denominator') !== null;
      if (p.text('percent') !== null && hasFraction) {
        return p.error(
          'percent',
          `Chỉ ghi “${headerOf('percent')}” hoặc “${headerOf('numerator')}” và “${headerOf('denominator')}”, không ghi cả hai.`,
        );
      }
      if (percent !== undefined) {
        return { percent };
      }
      const fraction = pair(p, 'numerator', 'denominator');
      return fraction && { numerator: fraction[0], denominator: fraction[1] };
    }
    case 'TARGET_ACTUAL': {
      const both = pair(p, 'numerator', 'denominator');
      return both && { target: both[1], actual: both[0] };
    }
    case 'COUNT_CAPPED': {
      const count = p.number('count');
      return count === undefined ? undefined : { count };
    }
    case 'COUNT_COMPLIANCE': {
      const onTime = p.number('count');
      const late = p.number('late');
      if (onTime === undefined) {
        if (late !== undefined) {
          p.error('count', `Cần ghi “${headerOf('count')}” (ghi 0 nếu không có).`);
        }
        return undefined;
      }
      return late === undefined ? { onTime } : { onTime, late };
    }
    case 'DEDUCTION':
    case 'SURVEY':
      return parseCounts(p, m);
    case 'MANUAL': {
      const points = p.number('manualPoints');
      const comment = p.text('manualComment');
      if (points === undefined && comment === null) {
        return undefined;
      }
      if (points === undefined) {
        return p.text('manualPoints') === null
          ? p.error('manualPoints', `Cần ghi “${headerOf('manualPoints')}”.`)
          : undefined;
      }
      if (comment === null) {
        return p.error('manualComment', 'Chấm trực tiếp phải có nhận xét.');
      }
      return { points, comment };
    }
  }
}

/**
 * Reads the cells of one answerable row. Only the form of each cell is checked here (a number
 * where a number goes, a word of the list, a cell the method does not use left blank); the
 * scoring rules (ranges, levels' points, reasons) are the engine's and the service's.
 */
export function parseRow(
  leaf: Leaf,
  cells: RowCells,
  options: { draft: boolean },
): { ok: true; row: ParsedRow } | { ok: false; errors: RowError[] } {
  const p = new RowParser(cells);
  const used = METHOD_COLUMNS[leaf.method.type];
  for (const key of INPUT_KEYS) {
    if (!used.includes(key) && p.text(key) !== null) {
      p.error(
        key,
        `Cột “${headerOf(key)}” không dùng cho phương pháp “${METHOD_LABELS[leaf.method.type]}” của tiêu chí này; hãy để trống.`,
      );
    }
  }
  const anyInput = used.some((key) => p.text(key) !== null);
  const value = anyInput ? parseValue(p, leaf) : undefined;
  const na = p.word('naClaimed', YES_NO, 'chọn “Có” hoặc “Không”.');
  const confirm = options.draft
    ? p.word('status', DRAFT_WORDS, `chọn “${DRAFT_WORDS[0]!.label}” hoặc “${DRAFT_WORDS[1]!.label}”.`)
    : undefined;
  if (p.errors.length > 0) {
    return { ok: false, errors: p.errors };
  }
  return {
    ok: true,
    row: {
      value: value ?? null,
      note: p.text('note') ?? '',
      noEvidenceReason: p.text('noEvidenceReason') ?? '',
      naClaimed: na?.value ?? false,
      naReason: p.text('naReason') ?? '',
      confirm: confirm?.value ?? false,
    },
  };
}

/** The first input cell of the row that holds something (where a scoring error is shown). */
export function primaryKey(leaf: Leaf, cells: RowCells): InputKey {
  const used = METHOD_COLUMNS[leaf.method.type];
  return used.find((key) => asText(cells[key]) !== null) ?? used[0]!;
}

// ---------------------------------------------------------------------------------------------
// Fingerprints

/** JSON with keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * What a row said when it was written, in two parts: the method input, and the rest (notes,
 * "not applicable", draft confirmation). The reader compares them with what it reads back to
 * tell an untouched row (left as it is on the server) from a changed one.
 */
export function fingerprints(row: ParsedRow): { value: string; rest: string } {
  return {
    value: digest(canonicalJson(row.value)),
    rest: digest(
      canonicalJson({
        note: row.note,
        noEvidenceReason: row.noEvidenceReason,
        naClaimed: row.naClaimed,
        naReason: row.naReason,
        confirm: row.confirm,
      }),
    ),
  };
}
