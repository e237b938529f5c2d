import { describe, expect, it } from 'vitest';
import demo from '../../data/demo-index-set.json';
import { LIMITS } from '../validation';
import type { LocatedError } from './format';
import { MAX_VALIDATION_ERRORS, parseIndexSet } from './validate';

type Json = Record<string, unknown>;

/** A fresh, mutable copy of the demo set (a valid document). */
function demoCopy(): Json {
  return JSON.parse(JSON.stringify(demo)) as Json;
}

/** Follows a JSON path like `nodes[0].children[1]` to the object there. */
function at(doc: Json, path: string): Json {
  let current: unknown = doc;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    current = (current as Json)[/^\d+$/.test(part) ? Number(part) : part];
  }
  return current as Json;
}

/** Sets the value at a JSON path (`name`, `nodes[0].children[1].guidance`). */
function setAt(doc: Json, path: string, value: unknown): void {
  const cut = path.lastIndexOf('.');
  (cut < 0 ? doc : at(doc, path.slice(0, cut)))[path.slice(cut + 1)] = value;
}

function errorsOf(doc: unknown): LocatedError[] {
  const result = parseIndexSet(doc);
  if (result.ok) {
    throw new Error('expected the document to be rejected');
  }
  return result.errors;
}

describe('parseIndexSet — the demo set', () => {
  it('accepts the demo set and returns it unchanged (it is already canonical)', () => {
    const result = parseIndexSet(demoCopy());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(JSON.stringify(result.document)).toBe(JSON.stringify(demo));
    }
  });

  it('is idempotent: importing an exported set gives the same text', () => {
    const first = parseIndexSet(demoCopy());
    if (!first.ok) {
      throw new Error('demo rejected');
    }
    const second = parseIndexSet(JSON.parse(JSON.stringify(first.document)));
    expect(second.ok && JSON.stringify(second.document)).toBe(JSON.stringify(first.document));
  });

  it('puts keys in the order of the format, whatever the input order, and adds no defaults', () => {
    const reverse = (value: unknown): unknown => {
      if (Array.isArray(value)) {
        return value.map(reverse);
      }
      if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([k, v]) => [k, k === 'optionWeights' ? v : reverse(v)]),
        );
      }
      return value;
    };
    const result = parseIndexSet(reverse(demoCopy()));
    expect(result.ok && JSON.stringify(result.document)).toBe(JSON.stringify(demo));
    if (result.ok) {
      const first = result.document.nodes[0]?.children[0];
      expect(first && 'children' in first && first.children[0]).not.toHaveProperty('evidenceRequired');
      expect(result.document.nodes[0]).not.toHaveProperty('applicableTo');
    }
  });

  it('stores decomposed (NFD) Vietnamese as NFC and trims every text', () => {
    const toNfd = (value: unknown): unknown => {
      if (typeof value === 'string') {
        return `  ${value.normalize('NFD')} `;
      }
      if (Array.isArray(value)) {
        return value.map(toNfd);
      }
      if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toNfd(v)]));
      }
      return value;
    };
    const input = toNfd(demoCopy()) as Json;
    expect(JSON.stringify(input)).not.toBe(JSON.stringify(demo));
    const result = parseIndexSet(input);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.document).toEqual(demo);
      expect(result.document.name.normalize('NFC')).toBe(result.document.name);
    }
  });

  it('keeps valid optional keys and drops empty optional texts', () => {
    const doc = demoCopy();
    const leaf = at(doc, 'nodes[0].children[1]');
    leaf.evidenceRequired = false;
    leaf.guidance = '   ';
    const result = parseIndexSet(doc);
    expect(result.ok).toBe(true);
    if (result.ok) {
      const parsed = result.document.nodes[0]?.children[1];
      expect(parsed).toMatchObject({ code: '1.2', evidenceRequired: false });
      expect(parsed).not.toHaveProperty('guidance');
      expect(Object.keys(parsed ?? {})).toEqual([
        'code',
        'name',
        'maxPoints',
        'method',
        'evidence',
        'evidenceRequired',
      ]);
    }
  });
});

/** One rule broken at a time: [what, how to break the demo, expected path, expected message]. */
const CASES: [string, (doc: Json) => void, string, string | RegExp][] = [
  ['not version 1', (d) => (d.formatVersion = 2), 'formatVersion', /chỉ hỗ trợ formatVersion 1/],
  ['missing code', (d) => delete d.code, 'code', 'Thiếu mã bộ chỉ số ("code").'],
  ['year out of range', (d) => (d.year = 1999), 'year', 'Năm phải là số nguyên từ 2000 đến 2100.'],
  [
    'a typo in a key',
    (d) => {
      d.adjustment = d.adjustments;
      delete d.adjustments;
    },
    'adjustment',
    'Trường "adjustment" không có trong định dạng bộ chỉ số (có phải "adjustments"?).',
  ],
  [
    'a missing leaf maxPoints',
    (d) => delete at(d, 'nodes[0].children[1]').maxPoints,
    'nodes[0].children[1].maxPoints',
    'Thiếu điểm tối đa (maxPoints).',
  ],
  [
    'a negative maxPoints',
    (d) => (at(d, 'nodes[0].children[1]').maxPoints = -3),
    'nodes[0].children[1].maxPoints',
    'Điểm tối đa phải là số không âm, tối đa 2 chữ số thập phân.',
  ],
  [
    'a maxPoints with 3 decimals',
    (d) => (at(d, 'nodes[0].children[3]').maxPoints = 2.005),
    'nodes[0].children[3].maxPoints',
    'Điểm tối đa phải là số không âm, tối đa 2 chữ số thập phân.',
  ],
  [
    'a maxPoints given as text',
    (d) => (at(d, 'nodes[0].children[3]').maxPoints = '2'),
    'nodes[0].children[3].maxPoints',
    'Điểm tối đa phải là số không âm, tối đa 2 chữ số thập phân.',
  ],
  [
    'an unknown method type',
    (d) => (at(d, 'nodes[1].children[1].method').type = 'RANDOM'),
    'nodes[1].children[1].method.type',
    /^Phương pháp chấm "RANDOM" không được hỗ trợ/,
  ],
  [
    'a missing method',
    (d) => delete at(d, 'nodes[1].children[1]').method,
    'nodes[1].children[1].method',
    'Thiếu phương pháp chấm (method).',
  ],
  [
    'a parameter of another method',
    (d) => (at(d, 'nodes[1].children[1].method').tiers = []),
    'nodes[1].children[1].method.tiers',
    /^Trường "tiers" không có trong định dạng/,
  ],
  [
    'a duplicate leaf code',
    (d) => (at(d, 'nodes[1].children[0]').code = '1.2'),
    'nodes[1].children[0].code',
    'Mã "1.2" bị trùng: đã dùng tại nodes[0].children[1].',
  ],
  [
    'a penalty item reusing a node code',
    (d) => (at(d, 'adjustments.penalty.items[1]').code = '8'),
    'adjustments.penalty.items[1].code',
    'Mã "8" bị trùng: đã dùng tại nodes[7].',
  ],
  [
    'an unknown unit group',
    (d) => (at(d, 'nodes[1].children[0]').applicableTo = ['THAM_MUU', 'KHOI_X']),
    'nodes[1].children[0].applicableTo[1]',
    'Khối "KHOI_X" không có trong danh sách khối đơn vị (unitGroups).',
  ],
  [
    'a child naming a group its parent excludes',
    (d) => (at(d, 'nodes[2].children[0]').applicableTo = ['THAM_MUU']),
    'nodes[2].children[0].applicableTo[0]',
    'Khối "THAM_MUU" không thuộc phạm vi áp dụng của nhóm cha "3".',
  ],
  [
    'an empty applicableTo',
    (d) => (at(d, 'nodes[2]').applicableTo = []),
    'nodes[2].applicableTo',
    /^Danh sách khối áp dụng \(applicableTo\) phải là mảng/,
  ],
  [
    'tier points above maxPoints',
    (d) => (at(d, 'nodes[0].children[0].children[1].method.tiers[1]').points = 4),
    'nodes[0].children[0].children[1].method.tiers[1].points',
    'Điểm (4) vượt quá điểm tối đa của tiêu chí (3,5).',
  ],
  [
    'tier points with 3 decimals',
    (d) => (at(d, 'nodes[0].children[0].children[1].method.tiers[1]').points = 1.125),
    'nodes[0].children[0].children[1].method.tiers[1].points',
    'Điểm phải là số không âm, tối đa 2 chữ số thập phân.',
  ],
  [
    'two tiers with the same minPercent',
    (d) => (at(d, 'nodes[2].children[1].method.tiers[2]').minPercent = 95),
    'nodes[2].children[1].method.tiers[2].minPercent',
    'Hai bậc cùng tỷ lệ tối thiểu 95%: trùng với nodes[2].children[1].method.tiers[1].',
  ],
  [
    'a tier percent above 100',
    (d) => (at(d, 'nodes[2].children[1].method.tiers[0]').minPercent = 101),
    'nodes[2].children[1].method.tiers[0].minPercent',
    'Tỷ lệ phải là số từ 0 đến 100, tối đa 2 chữ số thập phân.',
  ],
  [
    'level points above maxPoints',
    (d) => (at(d, 'nodes[1].children[3].method.levels[0]').points = 2.5),
    'nodes[1].children[3].method.levels[0].points',
    'Điểm (2,5) vượt quá điểm tối đa của tiêu chí (2).',
  ],
  [
    'LEVEL_SELECT without levels',
    (d) => (at(d, 'nodes[1].children[3].method').levels = []),
    'nodes[1].children[3].method.levels',
    'Phương pháp chọn mức (LEVEL_SELECT) cần ít nhất một mức (levels).',
  ],
  [
    'two levels with the same label (after NFC and trimming)',
    (d) => (at(d, 'nodes[1].children[3].method.levels[1]').label = ' Đầy đủ'.normalize('NFD')),
    'nodes[1].children[3].method.levels[1].label',
    'Mức "Đầy đủ" bị trùng: đã có tại nodes[1].children[3].method.levels[0].',
  ],
  [
    'DEADLINE late points above maxPoints',
    (d) => (at(d, 'nodes[0].children[0].children[0].method').latePoints = 2),
    'nodes[0].children[0].children[0].method.latePoints',
    'Điểm (2) vượt quá điểm tối đa của tiêu chí (1,5).',
  ],
  [
    'COUNT_COMPLIANCE with required 0',
    (d) => (at(d, 'nodes[0].children[1].method').required = 0),
    'nodes[0].children[1].method.required',
    'Số lượng yêu cầu (required) phải là số nguyên từ 1 trở lên.',
  ],
  [
    'COUNT_COMPLIANCE with a fractional required',
    (d) => (at(d, 'nodes[0].children[1].method').required = 2.5),
    'nodes[0].children[1].method.required',
    'Số lượng yêu cầu (required) phải là số nguyên từ 1 trở lên.',
  ],
  [
    'a negative rate',
    (d) => (at(d, 'nodes[0].children[1].method').latePointsPerItem = -0.375),
    'nodes[0].children[1].method.latePointsPerItem',
    'Điểm mỗi mục phải là số không âm, tối đa 6 chữ số thập phân.',
  ],
  [
    'a floor percent above 100',
    (d) => (at(d, 'nodes[0].children[4].method').floorPercent = 120),
    'nodes[0].children[4].method.floorPercent',
    'Tỷ lệ phải là số từ 0 đến 100, tối đa 2 chữ số thập phân.',
  ],
  [
    'DEDUCTION with a negative category',
    (d) => (at(d, 'nodes[4].children[3].method.categories[0]').points = -1),
    'nodes[4].children[3].method.categories[0].points',
    'Điểm phải là số không âm, tối đa 2 chữ số thập phân.',
  ],
  [
    'DEDUCTION with duplicate labels',
    (d) => (at(d, 'nodes[4].children[3].method.categories[2]').label = 'Cảnh cáo'),
    'nodes[4].children[3].method.categories[2].label',
    'Loại trừ điểm "Cảnh cáo" bị trùng: đã có tại nodes[4].children[3].method.categories[1].',
  ],
  [
    'a survey weight above 1',
    (d) => ((at(d, 'nodes[7].children[6].method').optionWeights as Json).B = 1.5),
    'nodes[7].children[6].method.optionWeights["B"]',
    'Trọng số phải là số từ 0 đến 1, tối đa 6 chữ số thập phân.',
  ],
  [
    'a survey without options',
    (d) => (at(d, 'nodes[7].children[6].method').optionWeights = {}),
    'nodes[7].children[6].method.optionWeights',
    /^Phương pháp khảo sát \(SURVEY\) cần trọng số/,
  ],
  [
    'an empty node',
    (d) => (at(d, 'nodes[3]').children = []),
    'nodes[3].children',
    'Nhóm tiêu chí "4" không có tiêu chí con nào.',
  ],
  [
    'a node cap below zero',
    (d) => (at(d, 'nodes[0]').maxPoints = -1),
    'nodes[0].maxPoints',
    'Điểm trần của nhóm tiêu chí phải là số không âm, tối đa 2 chữ số thập phân.',
  ],
  [
    'a leaf as a field',
    (d) => ((d.nodes as unknown[])[0] = at(d, 'nodes[0].children[1]')),
    'nodes[0]',
    /^Lĩnh vực \(cấp cao nhất\) phải là nhóm tiêu chí/,
  ],
  [
    'a node among bonus items',
    (d) => ((at(d, 'adjustments.bonus').items as unknown[])[0] = { code: 'TX', name: 'Nhóm', children: [] }),
    'adjustments.bonus.items[0]',
    /^Mục điểm thưởng phải là tiêu chí lá/,
  ],
  [
    'a negative bonus cap',
    (d) => (at(d, 'adjustments.bonus').maxPoints = -3),
    'adjustments.bonus.maxPoints',
    'Điểm tối đa phải là số không âm, tối đa 2 chữ số thập phân.',
  ],
  [
    'bands not strictly descending',
    (d) => (at(d, 'classification[2]').minPercent = 80),
    'classification[2].minPercent',
    'Các mức xếp loại phải sắp theo tỷ lệ tối thiểu giảm dần: 80% không nhỏ hơn 80% của mức trước.',
  ],
  [
    'a field floor above 100',
    (d) => (at(d, 'classification[0]').minEachFieldPercent = 101),
    'classification[0].minEachFieldPercent',
    'Tỷ lệ phải là số từ 0 đến 100, tối đa 2 chữ số thập phân.',
  ],
  [
    'no classification band',
    (d) => (d.classification = []),
    'classification',
    'Phải có ít nhất một mức xếp loại (classification).',
  ],
  [
    'unknown ties',
    (d) => (at(d, 'ranking').ties = 'olympic'),
    'ranking.ties',
    'Cách tính đồng hạng (ties) phải là "dense" hoặc "competition".',
  ],
  [
    'unknown scope',
    (d) => (at(d, 'ranking').scope = 'unit'),
    'ranking.scope',
    'Phạm vi xếp hạng (scope) phải là "all" hoặc "unitGroup".',
  ],
  [
    'a duplicate unit group',
    (d) => (d.unitGroups as unknown[]).push({ code: 'THAM_MUU', name: 'Khối khác' }),
    'unitGroups[3].code',
    'Mã khối "THAM_MUU" bị trùng: đã dùng tại unitGroups[0].',
  ],
  [
    'a legal basis date that is not ISO',
    (d) => (at(d, 'legalBasis').date = '12/12/2023'),
    'legalBasis.date',
    'Ngày phải theo định dạng YYYY-MM-DD (ví dụ 2023-12-12).',
  ],
  [
    'an empty name',
    (d) => (at(d, 'nodes[0].children[2]').name = '  '),
    'nodes[0].children[2].name',
    'Tên phải là chuỗi ký tự không rỗng.',
  ],
];

describe('parseIndexSet — every validation rule', () => {
  it.each(CASES)('rejects %s', (_what, breakIt, path, message) => {
    const doc = demoCopy();
    breakIt(doc);
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe(path);
    if (typeof message === 'string') {
      expect(errors[0]?.message).toBe(message);
    } else {
      expect(errors[0]?.message).toMatch(message);
    }
  });

  it('catches "maxPoint" for "maxPoints" with both the typo and the missing key', () => {
    const doc = demoCopy();
    const leaf = at(doc, 'nodes[0].children[2]');
    leaf.maxPoint = leaf.maxPoints;
    delete leaf.maxPoints;
    expect(errorsOf(doc)).toEqual([
      {
        path: 'nodes[0].children[2].maxPoint',
        message: 'Trường "maxPoint" không có trong định dạng bộ chỉ số (có phải "maxPoints"?).',
      },
      { path: 'nodes[0].children[2].maxPoints', message: 'Thiếu điểm tối đa (maxPoints).' },
    ]);
  });

  it('lists every problem at once, in document order', () => {
    const doc = demoCopy();
    doc.formatVersion = 3;
    at(doc, 'nodes[0].children[0].children[1].method.tiers[1]').points = 4;
    at(doc, 'nodes[1].children[0]').code = '1.2';
    at(doc, 'nodes[5].children[0]').maxPoints = 4.001;
    at(doc, 'nodes[7].children[0]').applicableTo = ['NGHIEP'];
    at(doc, 'classification[1]').minPercent = 95;
    const errors = errorsOf(doc);
    expect(errors.map((e) => e.path)).toEqual([
      'formatVersion',
      'nodes[0].children[0].children[1].method.tiers[1].points',
      'nodes[1].children[0].code',
      'nodes[5].children[0].maxPoints',
      'nodes[7].children[0].applicableTo[0]',
      'classification[1].minPercent',
    ]);
    for (const error of errors) {
      expect(error.message).toMatch(/\.|\?\)\.$/);
    }
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a string', 'text'],
    ['an array', [demo]],
  ])('rejects %s at the root', (_what, input) => {
    expect(errorsOf(input)).toEqual([
      { path: '', message: 'Tệp không phải là một bộ chỉ số (cần một đối tượng JSON).' },
    ]);
  });

  it('reports every missing top-level key of an empty object', () => {
    expect(errorsOf({}).map((e) => e.path)).toEqual([
      'formatVersion',
      'code',
      'name',
      'year',
      'unitGroups',
      'nodes',
      'classification',
      'ranking',
    ]);
  });

  it('rejects a tree deeper than 10 levels without overflowing the stack', () => {
    const doc = demoCopy();
    let node: Json = { code: 'L1', name: 'Cấp 1', children: [] };
    doc.nodes = [node];
    for (let depth = 2; depth <= 12; depth++) {
      const child: Json = { code: `L${depth}`, name: `Cấp ${depth}`, children: [] };
      node.children = [child];
      node = child;
    }
    node.children = [{ code: 'LEAF', name: 'Lá', maxPoints: 1, method: { type: 'BOOLEAN' } }];
    expect(errorsOf(doc).some((e) => e.message === 'Cây chỉ số quá sâu (tối đa 10 cấp).')).toBe(true);
  });

  it('keeps an option named "__proto__" as an ordinary key', () => {
    const doc = demoCopy();
    at(doc, 'nodes[7].children[6].method').optionWeights = JSON.parse('{"__proto__": 0.5, "A": 1}');
    const result = parseIndexSet(doc);
    expect(result.ok).toBe(true);
    if (result.ok) {
      const leaf = result.document.nodes[7]?.children[6];
      const weights =
        leaf && 'method' in leaf && leaf.method.type === 'SURVEY' ? leaf.method.optionWeights : {};
      expect(Object.keys(weights)).toEqual(['__proto__', 'A']);
      expect(Object.getPrototypeOf(weights)).toBe(Object.prototype);
    }
  });

  it('accepts parameters finer than 0,01 where they are rates or weights', () => {
    const doc = demoCopy();
    at(doc, 'nodes[0].children[3].method').pointsPerItem = 0.125;
    (at(doc, 'nodes[7].children[6].method').optionWeights as Json).B = 0.333333;
    expect(parseIndexSet(doc).ok).toBe(true);
    (at(doc, 'nodes[7].children[6].method').optionWeights as Json).B = 0.3333333;
    expect(errorsOf(doc)[0]?.path).toBe('nodes[7].children[6].method.optionWeights["B"]');
  });
});

describe('parseIndexSet — size limits and text hygiene', () => {
  const leaf = (code: string, extra: Json = {}): Json => ({
    code,
    name: `Tiêu chí ${code}`,
    maxPoints: 1,
    method: { type: 'BOOLEAN' },
    ...extra,
  });

  it.each([
    ['the name of the set', 'name', LIMITS.nameMax, 'Tên bộ chỉ số'],
    ['a leaf name', 'nodes[0].children[1].name', LIMITS.nameMax, 'Tên'],
    ['a leaf guidance', 'nodes[0].children[1].guidance', LIMITS.indexSetTextMax, 'Hướng dẫn chấm'],
    ['a leaf evidence', 'nodes[0].children[1].evidence', LIMITS.indexSetTextMax, 'Tài liệu kiểm chứng'],
    ['a level label', 'nodes[1].children[3].method.levels[0].label', LIMITS.nameMax, 'Tên mức'],
    ['the legal title', 'legalBasis.title', LIMITS.descriptionMax, 'Trích yếu'],
    ['the legal number', 'legalBasis.number', LIMITS.nameMax, 'Số văn bản'],
    ['a unit-group name', 'unitGroups[0].name', LIMITS.nameMax, 'Tên khối'],
    ['a band label', 'classification[0].label', LIMITS.nameMax, 'Tên mức xếp loại'],
    ['a node code', 'nodes[0].code', LIMITS.indexSetItemCodeMax, 'Mã'],
  ])('limits the length of %s', (_what, path, max, what) => {
    const fits = demoCopy();
    setAt(fits, path, 'A'.repeat(max));
    expect(parseIndexSet(fits).ok).toBe(true);
    const doc = demoCopy();
    setAt(doc, path, 'A'.repeat(max + 1));
    expect(errorsOf(doc)).toEqual([
      {
        path,
        message: `${what} dài quá ${max.toLocaleString('de-DE')} ký tự (đang có ${(max + 1).toLocaleString('de-DE')} ký tự).`,
      },
    ]);
  });

  it('refuses a huge text quickly, before normalising it, and stores nothing of it', () => {
    const doc = demoCopy();
    const huge = 'ệ'.normalize('NFD').repeat(2_000_000); // 6 000 000 code units
    for (const child of (at(doc, 'nodes[1]').children as Json[]).slice(0, 4)) {
      child.guidance = huge;
    }
    const started = Date.now();
    const errors = errorsOf(doc);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toEqual({
      path: 'nodes[1].children[0].guidance',
      message: 'Hướng dẫn chấm dài quá 10.000 ký tự (đang có 6.000.000 ký tự).',
    });
  });

  it('counts a decomposed text by its NFC length', () => {
    const doc = demoCopy();
    // 10 000 letters "ệ" typed decomposed (30 000 code units) are 10 000 characters once stored.
    at(doc, 'nodes[0].children[1]').guidance = 'ệ'.normalize('NFD').repeat(LIMITS.indexSetTextMax);
    expect(parseIndexSet(doc).ok).toBe(true);
  });

  it('rejects control characters but keeps line breaks and tabs; \\r\\n becomes \\n', () => {
    const doc = demoCopy();
    at(doc, 'nodes[0].children[1]').guidance = 'Dòng một\r\nDòng hai\rDòng ba\tcột';
    const result = parseIndexSet(doc);
    expect(result.ok && result.document.nodes[0]?.children[1]).toMatchObject({
      guidance: 'Dòng một\nDòng hai\nDòng ba\tcột',
    });
    for (const [path, value, code] of [
      ['name', 'Bộ chỉ số\u0000', 'U+0000'],
      ['nodes[0].children[1].evidence', 'Biên bản\u001b[31m', 'U+001B'],
      ['nodes[0].children[1].code', '1.2\u0085', 'U+0085'],
      ['unitGroups[1].name', 'Khối\u0007', 'U+0007'],
    ] as const) {
      const bad = demoCopy();
      setAt(bad, path, value);
      const errors = errorsOf(bad);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.path).toBe(path);
      expect(errors[0]?.message).toMatch(
        new RegExp(
          `chứa ký tự điều khiển không được phép \\(${code.replace('+', '\\+')}\\); chỉ được dùng xuống dòng và tab\\.$`,
        ),
      );
    }
  });

  it('rejects a survey option name that is too long or has control characters', () => {
    const doc = demoCopy();
    const long = 'x'.repeat(LIMITS.nameMax + 1);
    at(doc, 'nodes[7].children[6].method').optionWeights = { A: 1, [long]: 0.5, 'B\u0001': 0 };
    const errors = errorsOf(doc);
    expect(errors.map((e) => e.message)).toEqual([
      `Tên phương án dài quá 255 ký tự (đang có 256 ký tự).`,
      'Tên phương án chứa ký tự điều khiển không được phép (U+0001); chỉ được dùng xuống dòng và tab.',
    ]);
    expect(errors[0]?.path).toBe(`nodes[7].children[6].method.optionWeights["${'x'.repeat(99)}…"]`);
  });

  it.each([
    [
      'levels',
      'nodes[1].children[3].method',
      (i: number) => ({ label: `Mức ${i}`, points: 0 }),
      'Danh sách mức (levels)',
    ],
    [
      'tiers',
      'nodes[0].children[0].children[1].method',
      (i: number) => ({ minPercent: i / 2, points: 0 }),
      'Danh sách bậc (tiers)',
    ],
    [
      'categories',
      'nodes[4].children[3].method',
      (i: number) => ({ label: `Loại ${i}`, points: 0.5 }),
      'Danh sách loại trừ điểm (categories)',
    ],
  ])('allows at most 100 %s', (key, methodPath, entry, what) => {
    const fits = demoCopy();
    at(fits, methodPath)[key] = Array.from({ length: LIMITS.indexSetListMax }, (_, i) => entry(i));
    expect(parseIndexSet(fits).ok).toBe(true);
    const doc = demoCopy();
    at(doc, methodPath)[key] = Array.from({ length: 100_000 }, (_, i) => entry(i));
    expect(errorsOf(doc)).toEqual([
      { path: `${methodPath}.${key}`, message: `${what} có 100.000 mục; tối đa 100 mục.` },
    ]);
  });

  it('allows at most 100 survey options, unit groups and classification bands', () => {
    const doc = demoCopy();
    at(doc, 'nodes[7].children[6].method').optionWeights = Object.fromEntries(
      Array.from({ length: 101 }, (_, i) => [`P${i}`, 0]),
    );
    doc.classification = Array.from({ length: 101 }, (_, i) => ({ label: `M${i}`, minPercent: 100 - i }));
    expect(errorsOf(doc)).toEqual([
      {
        path: 'nodes[7].children[6].method.optionWeights',
        message: 'Danh sách phương án (optionWeights) có 101 mục; tối đa 100 mục.',
      },
      {
        path: 'classification',
        message: 'Danh sách mức xếp loại (classification) có 101 mục; tối đa 100 mục.',
      },
    ]);
    const groups = demoCopy();
    groups.unitGroups = Array.from({ length: 101 }, (_, i) => ({ code: `K${i}`, name: `Khối ${i}` }));
    expect(errorsOf(groups)[0]).toEqual({
      path: 'unitGroups',
      message: 'Danh sách khối đơn vị (unitGroups) có 101 mục; tối đa 100 mục.',
    });
  });

  it(`allows at most ${LIMITS.indexSetLeavesMax} leaves and ${LIMITS.indexSetNodesMax} nodes in all`, () => {
    const field = (i: number, children: Json[]): Json => ({ code: `F${i}`, name: `Lĩnh vực ${i}`, children });
    const adjustments = demo.adjustments.bonus.items.length + demo.adjustments.penalty.items.length;
    const fits = demoCopy();
    fits.nodes = [
      field(
        0,
        Array.from({ length: LIMITS.indexSetLeavesMax - adjustments }, (_, i) => leaf(`L${i}`)),
      ),
    ];
    expect(parseIndexSet(fits).ok).toBe(true); // bonus and penalty items count as leaves too

    const leaves = demoCopy();
    leaves.nodes = [
      field(
        0,
        Array.from({ length: LIMITS.indexSetLeavesMax - adjustments + 1 }, (_, i) => leaf(`L${i}`)),
      ),
    ];
    expect(errorsOf(leaves)).toEqual([
      {
        path: 'nodes',
        message: 'Bộ chỉ số có 2.001 tiêu chí lá (kể cả mục điểm thưởng, điểm trừ); tối đa 2.000.',
      },
    ]);

    // 1 000 fields, each a node with 2 sub-nodes holding one leaf each: 5 000 items, 2 000 leaves.
    const nested = (i: number) =>
      field(i, [
        { code: `N${i}a`, name: 'Nhóm', children: [leaf(`L${i}a`)] },
        { code: `N${i}b`, name: 'Nhóm', children: [leaf(`L${i}b`)] },
      ]);
    const nodes = demoCopy();
    delete nodes.adjustments;
    nodes.nodes = Array.from({ length: 1_000 }, (_, i) => nested(i));
    expect(parseIndexSet(nodes).ok).toBe(true);
    (nodes.nodes as Json[]).push({
      code: 'X',
      name: 'Thêm',
      children: [{ code: 'XN', name: 'Nhóm', children: [leaf('XL')] }],
    });
    expect(errorsOf(nodes)).toEqual([
      {
        path: 'nodes',
        message:
          'Bộ chỉ số có hơn 5.000 mục (nhóm và tiêu chí); tối đa 5.000. Các mục sau mục thứ 5.000 chưa được kiểm tra.',
      },
    ]);
  });

  it('does not read the items past the limit: a million tiny items are refused quickly', () => {
    const doc = demoCopy();
    doc.nodes = [{ code: 'F', name: 'Lĩnh vực', children: Array.from({ length: 1_000_000 }, () => ({})) }];
    const started = Date.now();
    const errors = errorsOf(doc);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(errors).toHaveLength(MAX_VALIDATION_ERRORS + 1);
    expect(errors.at(-1)?.message).toMatch(/^Còn \d+ lỗi khác chưa liệt kê/);
  });

  it('rejects a document whose texts together pass the stored-size limit', () => {
    const doc = demoCopy();
    const text = 'Hướng dẫn chi tiết. '.repeat(490); // under 10 000 characters, ~12 KB in UTF-8
    doc.nodes = [
      {
        code: 'F',
        name: 'Lĩnh vực',
        children: Array.from({ length: 450 }, (_, i) => leaf(`L${i}`, { guidance: text, evidence: text })),
      },
    ];
    expect(errorsOf(doc)).toEqual([
      {
        path: '',
        message:
          'Bộ chỉ số quá lớn: 11,4 MB khi lưu, tối đa 10,0 MB; hãy rút gọn hướng dẫn chấm và tài liệu kiểm chứng.',
      },
    ]);
  });

  it('lists at most 500 problems, then says how many more', () => {
    const doc = demoCopy();
    doc.nodes = [
      {
        code: 'F',
        name: 'Lĩnh vực',
        children: Array.from({ length: 1_500 }, (_, i) => leaf(`L${i}`, { maxPoints: -1 })),
      },
    ];
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(MAX_VALIDATION_ERRORS + 1);
    expect(errors.at(-1)).toEqual({
      path: '',
      message: 'Còn 1000 lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi tải lại.',
    });
  });

  it('checks the set code against the code pattern and length, at "code"', () => {
    for (const code of ['BỘ-CHỈ-SỐ-2024', 'ttcp-2024', 'TTCP 2024', '-TTCP', 'TTCP/2024']) {
      expect(errorsOf({ ...demoCopy(), code }), code).toEqual([
        {
          path: 'code',
          message: `Mã bộ chỉ số chỉ gồm chữ in hoa không dấu (A–Z), chữ số, "_" và "-", bắt đầu bằng chữ hoặc số, tối đa ${LIMITS.indexSetCodeMax} ký tự (ví dụ TTCP-CCHC-2024).`,
        },
      ]);
    }
    expect(errorsOf({ ...demoCopy(), code: 'A'.repeat(LIMITS.indexSetCodeMax + 1) })).toEqual([
      { path: 'code', message: 'Mã bộ chỉ số dài quá 40 ký tự (đang có 41 ký tự).' },
    ]);
    expect(parseIndexSet({ ...demoCopy(), code: ` ${'A'.repeat(LIMITS.indexSetCodeMax)} ` }).ok).toBe(true);
  });

  it('rejects unit-group codes with the separators of the Excel cell', () => {
    for (const code of ['A,B', 'A;B', 'A\nB']) {
      const doc = demoCopy();
      (doc.unitGroups as Json[])[0]!.code = code;
      const errors = errorsOf(doc);
      expect(errors[0]).toEqual({
        path: 'unitGroups[0].code',
        message:
          'Mã khối không được chứa dấu phẩy, dấu chấm phẩy hoặc xuống dòng: đó là các dấu ngăn cách mã khối trong cột "Áp dụng cho khối" của tệp Excel.',
      });
    }
  });

  it('quotes odd values shortly and never serialises a deeply nested one', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) {
      deep = [deep];
    }
    const doc = { ...demoCopy(), formatVersion: deep };
    at(doc, 'nodes[0].children[1].method').type = 'X'.repeat(1_000_000);
    const errors = errorsOf(doc);
    expect(errors[0]).toEqual({
      path: 'formatVersion',
      message: 'Phiên bản định dạng một mảng không được hỗ trợ; chỉ hỗ trợ formatVersion 1.',
    });
    expect(errors[1]?.message).toBe(
      `Phương pháp chấm "${'X'.repeat(39)}…" không được hỗ trợ (hợp lệ: BOOLEAN, LEVEL_SELECT, DEADLINE, TIERED_PERCENT, PROPORTIONAL, TARGET_ACTUAL, COUNT_CAPPED, COUNT_COMPLIANCE, DEDUCTION, MANUAL, SURVEY).`,
    );
  });
});
