import type { IndexSetDocument, LocatedError } from '../index-set/format';
import { fromHundredths } from './decimal';
import { rankUnits, scoreUnit, type UnitAnswers, type UnitResult } from './engine';

/**
 * Offline scoring of an answers file (docs/index-set-format.md, "Answers file"): the same engine
 * as the server, no database. All or nothing — any problem in any unit means no output, only the
 * list of every problem, each naming the unit and the leaf (`units[0].answers["2.4"]`).
 */

export interface AnswersOutputField {
  code: string;
  maxPoints: number;
  points: number;
  percent: number | null;
}

export interface AnswersOutputUnit {
  code: string;
  group: string;
  maxPoints: number;
  points: number;
  bonus: number;
  penalty: number;
  indexPercent: number;
  band: string | null;
  rank: number;
  fields: AnswersOutputField[];
  leaves: { code: string; points: number; explanation: string }[];
  unanswered: string[];
}

/** Numbers are JSON numbers with at most 2 decimals, exactly as the format's "Output". */
export interface AnswersOutput {
  units: AnswersOutputUnit[];
}

export type ScoreAnswersFileResult =
  | { ok: true; output: AnswersOutput }
  | { ok: false; errors: LocatedError[] };

const FILE_KEYS = ['units'];
const UNIT_KEYS = ['code', 'group', 'notApplicable', 'answers'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clean(text: string): string {
  return text.normalize('NFC').trim();
}

/** Leaf codes are nearly always printable ASCII, which needs no normalising (saves time on big files). */
function cleanKey(key: string): string {
  return /^[\x21-\x7e]*$/.test(key) ? key : clean(key);
}

/** Reads one unit entry of the file; reports its structural problems. */
function readUnit(value: unknown, path: string, errors: LocatedError[]): UnitAnswers | undefined {
  if (!isObject(value)) {
    errors.push({ path, message: 'Mỗi đơn vị phải là một đối tượng JSON { code, group, answers }.' });
    return undefined;
  }
  const code = typeof value.code === 'string' ? clean(value.code) : '';
  const who = code === '' ? `Đơn vị thứ ${path.match(/\d+/)?.[0] ?? '?'}` : `Đơn vị ${code}`;
  const before = errors.length;
  for (const key of Object.keys(value)) {
    if (!UNIT_KEYS.includes(key)) {
      errors.push({
        path: `${path}.${key}`,
        message: `${who}: trường "${key}" không có trong định dạng tệp trả lời.`,
      });
    }
  }
  if (code === '') {
    errors.push({ path: `${path}.code`, message: `${who}: thiếu mã đơn vị ("code").` });
  }
  if (typeof value.group !== 'string' || clean(value.group) === '') {
    errors.push({ path: `${path}.group`, message: `${who}: thiếu mã khối ("group").` });
  }
  const notApplicable = value.notApplicable;
  if (
    notApplicable !== undefined &&
    (!Array.isArray(notApplicable) || notApplicable.some((item) => typeof item !== 'string'))
  ) {
    errors.push({
      path: `${path}.notApplicable`,
      message: `${who}: danh sách không áp dụng ("notApplicable") phải là mảng mã tiêu chí.`,
    });
  }
  if (!isObject(value.answers)) {
    errors.push({
      path: `${path}.answers`,
      message: `${who}: câu trả lời ("answers") phải là một đối tượng { mã tiêu chí: câu trả lời }.`,
    });
  }
  if (errors.length > before) {
    return undefined;
  }
  // Object.fromEntries keeps a key named "__proto__" an ordinary (unknown) code.
  const answers: Record<string, unknown> = Object.fromEntries(
    Object.entries(value.answers as Record<string, unknown>).map(([key, answer]) => [cleanKey(key), answer]),
  );
  return {
    code,
    group: clean(value.group as string),
    ...(notApplicable === undefined ? {} : { notApplicable: (notApplicable as string[]).map(clean) }),
    answers,
  };
}

/** Scores every unit of an answers file against a validated index set. */
export function scoreAnswersFile(doc: IndexSetDocument, answers: unknown): ScoreAnswersFileResult {
  const errors: LocatedError[] = [];
  if (!isObject(answers) || !Array.isArray(answers.units)) {
    return {
      ok: false,
      errors: [{ path: 'units', message: 'Tệp trả lời phải là một đối tượng JSON có mảng "units".' }],
    };
  }
  for (const key of Object.keys(answers)) {
    if (!FILE_KEYS.includes(key)) {
      errors.push({ path: key, message: `Trường "${key}" không có trong định dạng tệp trả lời.` });
    }
  }
  const seen = new Map<string, string>();
  const results: UnitResult[] = [];
  answers.units.forEach((value: unknown, i) => {
    const path = `units[${i}]`;
    const unit = readUnit(value, path, errors);
    if (unit === undefined) {
      return;
    }
    const other = seen.get(unit.code);
    if (other !== undefined) {
      errors.push({ path: `${path}.code`, message: `Đơn vị ${unit.code}: mã đơn vị bị trùng với ${other}.` });
      return;
    }
    seen.set(unit.code, path);
    const scored = scoreUnit(doc, unit);
    if (!scored.ok) {
      for (const error of scored.errors) {
        errors.push({ path: error.path === '' ? path : `${path}.${error.path}`, message: error.message });
      }
      return;
    }
    results.push(scored.result);
  });
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const ranks = rankUnits(results, doc.ranking);
  return {
    ok: true,
    output: {
      units: results.map((result) => ({
        code: result.code,
        group: result.group,
        maxPoints: fromHundredths(result.maxPoints),
        points: fromHundredths(result.points),
        bonus: fromHundredths(result.bonus),
        penalty: fromHundredths(result.penalty),
        indexPercent: fromHundredths(result.indexPercent),
        band: result.band,
        rank: ranks.get(result.code) ?? 0,
        fields: result.fields.map((field) => ({
          code: field.code,
          maxPoints: fromHundredths(field.maxPoints),
          points: fromHundredths(field.points),
          percent: field.percent === null ? null : fromHundredths(field.percent),
        })),
        leaves: result.leaves.map((leaf) => ({
          code: leaf.code,
          points: fromHundredths(leaf.points),
          explanation: leaf.explanation,
        })),
        unanswered: result.unanswered,
      })),
    },
  };
}
