import type { Method } from '@cchc/domain/index-set/format';
import { cleanText, formatDecimal, matchKey, parseDecimal } from './cell-values';
import { METHODS, type MethodDef, methodDef } from './template';

/**
 * The "Phương pháp chấm" and "Tham số" cells: a method name, and its parameters written the way
 * the Office writes them in its guidance ("Đúng hạn: 1,5; Chậm: 0,75; Không thực hiện: 0").
 * One readable cell instead of a column per parameter: the eleven methods share almost no
 * parameters, and the cell reads like the published annex.
 */

/** The method whose Vietnamese name, alias or code (BOOLEAN, "Tỷ lệ thuận (PROPORTIONAL)") is typed. */
export function findMethod(text: string): MethodDef | undefined {
  const candidates = new Set<string>([matchKey(text)]);
  const inParentheses = /\(([^)]*)\)/.exec(text);
  if (inParentheses?.[1] !== undefined) {
    candidates.add(matchKey(inParentheses[1]));
    candidates.add(matchKey(text.replace(/\([^)]*\)/g, ' ')));
  }
  return METHODS.find((def) =>
    [def.type, def.name, ...def.aliases].some((spelling) => candidates.has(matchKey(spelling))),
  );
}

function pointsText(value: number): string {
  return formatDecimal(value);
}

/**
 * A label as written in the cell. Items are separated by ";" or line breaks, so a label that
 * contains one of those (or starts with a quote) is put in double quotes, CSV style ("" for a
 * quote inside). Colons need no quoting: the last ":" of an item starts its value. A label that
 * reads like two items joined by a comma ("Mức: 2, đủ") is quoted too, or the reader would take
 * it for that common typing mistake.
 */
function quoteLabel(label: string): string {
  return /[;\n]|^["“]/.test(label) || looksCommaSeparated(label) ? `"${label.replace(/"/g, '""')}"` : label;
}

function labelled(pairs: [string, number][]): string {
  return pairs.map(([label, value]) => `${quoteLabel(label)}: ${pointsText(value)}`).join('; ');
}

export function formatMethodParams(method: Method): string {
  switch (method.type) {
    case 'LEVEL_SELECT':
      return labelled(method.levels.map((level) => [level.label, level.points]));
    case 'DEDUCTION':
      return labelled(method.categories.map((category) => [category.label, category.points]));
    case 'SURVEY':
      return labelled(Object.entries(method.optionWeights));
    case 'TIERED_PERCENT':
      return method.tiers
        .map((tier) => `≥${formatDecimal(tier.minPercent)}%: ${pointsText(tier.points)}`)
        .join('; ');
    default: {
      const def = methodDef(method.type);
      const values = method as unknown as Record<string, unknown>;
      return (def.params ?? [])
        .filter((param) => typeof values[param.key] === 'number')
        .map(
          (param) =>
            `${param.label}: ${formatDecimal(values[param.key] as number)}${param.percent ? '%' : ''}`,
        )
        .join('; ');
    }
  }
}

export interface ParsedParams {
  /** Parameter keys in document order, only those present in the cell. */
  params: Record<string, unknown>;
  errors: string[];
}

/** Splits at ";" and line breaks outside a quoted label ("…" or “…”); quotes stay in the items. */
function splitItems(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let closing: string | undefined;
  // Right after a closing '"': one more '"' means the pair was a doubled "" and the label goes on.
  let justClosed = false;
  for (const ch of text) {
    if (closing !== undefined) {
      if (ch === closing) {
        justClosed = closing === '"';
        closing = undefined;
      }
      current += ch;
    } else if (justClosed && ch === '"') {
      justClosed = false;
      closing = '"';
      current += ch;
    } else if (ch === ';' || ch === '\n') {
      justClosed = false;
      items.push(current);
      current = '';
    } else {
      justClosed = false;
      // Only a quote that opens an item quotes it; one inside a label ("Mức 5"") is a character.
      if ((ch === '"' || ch === '“') && current.trim() === '') {
        closing = ch === '"' ? '"' : '”';
      }
      current += ch;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * "≥80%: 2" → label "≥80%", value "2": the last ":" splits, so a label may contain ":". A
 * quoted label ("Mức 1; đủ": 2) is taken verbatim between its quotes.
 */
function splitPair(item: string): { label: string; value: string; quoted: boolean } | undefined {
  const quoted = /^(?:"((?:[^"]|"")*)"|“([^”]*)”)\s*:(.*)$/s.exec(item);
  if (quoted) {
    const label = quoted[1] !== undefined ? quoted[1].replace(/""/g, '"') : (quoted[2] ?? '');
    return { label: cleanText(label), value: (quoted[3] ?? '').trim(), quoted: true };
  }
  const at = item.lastIndexOf(':');
  if (at < 0) {
    return undefined;
  }
  return { label: cleanText(item.slice(0, at)), value: item.slice(at + 1).trim(), quoted: false };
}

function parseValue(value: string, percent = false): number | undefined {
  return parseDecimal(value.replace(/\s*(?:điểm|diem|đ)$/iu, ''), { percent });
}

/** "Đầy đủ: 2, Chưa đầy đủ: 1" would otherwise read as one level named "Đầy đủ: 2, Chưa đầy đủ". */
function looksCommaSeparated(label: string): boolean {
  return /:\s*[+-]?\d+(?:[.,]\d+)?\s*(?:điểm\s*)?,\s*\S/iu.test(label);
}

const PAIR_HINT: Partial<Record<Method['type'], string>> = {
  LEVEL_SELECT: 'Tên mức: điểm',
  DEDUCTION: 'Tên loại vi phạm: điểm trừ',
  SURVEY: 'Phương án: hệ số',
  TIERED_PERCENT: '≥tỷ lệ%: điểm',
};

function parseLabelledList(
  def: MethodDef,
  text: string,
  errors: string[],
): { label: string; value: number; item: string }[] {
  const out: { label: string; value: number; item: string }[] = [];
  const hint = PAIR_HINT[def.type] ?? 'Tên: giá trị';
  for (const item of splitItems(text)) {
    const pair = splitPair(item);
    if (!pair || pair.label === '') {
      errors.push(`Mục “${item}” phải ghi dạng “${hint}”, các mục cách nhau bằng dấu chấm phẩy (;).`);
      continue;
    }
    // A quoted label is taken as written: quoting is how a label with ", 2:" in it is kept.
    if (!pair.quoted && looksCommaSeparated(pair.label)) {
      errors.push(`Các mục trong “${item}” phải cách nhau bằng dấu chấm phẩy (;), không phải dấu phẩy.`);
      continue;
    }
    const value = parseValue(pair.value);
    if (value === undefined) {
      errors.push(`Mục “${pair.label}”: “${pair.value}” không phải là số.`);
      continue;
    }
    out.push({ label: pair.label, value, item });
  }
  return out;
}

function parseTier(label: string): number | undefined {
  const bound = label.replace(/^(?:≥|>=|=>|từ|tu)\s*/iu, '');
  return parseDecimal(bound, { percent: true });
}

function parseFixedParams(def: MethodDef, text: string, errors: string[]): Record<string, unknown> {
  const defs = def.params ?? [];
  const params: Record<string, number> = {};
  if (text === '') {
    return params;
  }
  if (defs.length === 0) {
    errors.push(`Phương pháp “${def.name}” không có tham số; hãy để trống ô này.`);
    return params;
  }
  const only = defs.length === 1 ? defs[0] : undefined;
  const bare = only ? parseDecimal(text, { percent: only.percent === true }) : undefined;
  if (only && bare !== undefined) {
    // A lone number is unambiguous when the method has a single parameter ("Điểm mỗi lần: 1" or "1").
    params[only.key] = bare;
    return params;
  }
  const allowed = defs.map((param) => `“${param.label}”`).join(', ');
  for (const item of splitItems(text)) {
    const pair = splitPair(item);
    if (!pair || pair.label === '') {
      errors.push(
        `Mục “${item}” phải ghi dạng “Tên tham số: giá trị”; phương pháp “${def.name}” dùng ${allowed}.`,
      );
      continue;
    }
    const key = matchKey(pair.label);
    const param = defs.find((p) => [p.label, ...p.aliases].some((spelling) => matchKey(spelling) === key));
    if (!param) {
      errors.push(`Không rõ tham số “${pair.label}” của phương pháp “${def.name}”; dùng ${allowed}.`);
      continue;
    }
    if (param.key in params) {
      errors.push(`Tham số “${param.label}” được ghi hai lần.`);
      continue;
    }
    const value = parseValue(pair.value, param.percent === true);
    if (value === undefined) {
      errors.push(`Tham số “${param.label}”: “${pair.value}” không phải là số.`);
      continue;
    }
    params[param.key] = value;
  }
  // Document key order, whatever order the person typed them in.
  const ordered: Record<string, unknown> = {};
  for (const param of defs) {
    if (param.key in params) {
      ordered[param.key] = params[param.key];
    }
  }
  return ordered;
}

/** The Tham số cell of a method as document keys; `text` is the cleaned cell text ('' when blank). */
export function parseMethodParams(def: MethodDef, text: string): ParsedParams {
  const errors: string[] = [];
  switch (def.type) {
    case 'LEVEL_SELECT':
      return {
        params: {
          levels: parseLabelledList(def, text, errors).map(({ label, value }) => ({ label, points: value })),
        },
        errors,
      };
    case 'DEDUCTION':
      return {
        params: {
          categories: parseLabelledList(def, text, errors).map(({ label, value }) => ({
            label,
            points: value,
          })),
        },
        errors,
      };
    case 'SURVEY': {
      // A Map, then fromEntries: an option literally named "__proto__" stays an ordinary key.
      const weights = new Map<string, number>();
      for (const { label, value } of parseLabelledList(def, text, errors)) {
        if (weights.has(label)) {
          errors.push(`Phương án “${label}” được ghi hai lần.`);
          continue;
        }
        weights.set(label, value);
      }
      return { params: { optionWeights: Object.fromEntries(weights) }, errors };
    }
    case 'TIERED_PERCENT': {
      const tiers: { minPercent: number; points: number }[] = [];
      for (const { label, value } of parseLabelledList(def, text, errors)) {
        const minPercent = parseTier(label);
        if (minPercent === undefined) {
          errors.push(`Bậc “${label}” không hợp lệ; ghi dạng “≥80%: 2”.`);
          continue;
        }
        tiers.push({ minPercent, points: value });
      }
      return { params: { tiers }, errors };
    }
    default:
      return { params: parseFixedParams(def, text, errors), errors };
  }
}
