import { describe, expect, it } from 'vitest';
import demoJson from '../../data/demo-index-set.json';
import type { IndexSetDocument } from '../index-set/format';
import { parseIndexSet } from '../index-set/validate';
import { scoreAnswersFile } from './answers-file';

function parse(input: unknown): IndexSetDocument {
  const result = parseIndexSet(input);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.document;
}

const demo = parse(demoJson);

/** The answers file printed in docs/index-set-format.md, verbatim. */
const FORMAT_EXAMPLE = {
  units: [
    {
      code: 'C1',
      group: 'NGHIEP_VU',
      notApplicable: ['3.3'],
      answers: {
        '1.1.1': { status: 'late' },
        '1.1.2': { percent: 85 },
        '1.2': { onTime: 3, late: 1 },
        '1.3': { value: true },
        '1.4': { count: 1 },
        '2.1': { numerator: 17, denominator: 20 },
        '2.4': { level: 'Chưa đầy đủ' },
        '5.4': { counts: { 'Khiển trách': 1 } },
        '8.TM.2': { points: 7.5, comment: '…' },
        '8.SN.1': { target: 10, actual: 8 },
        '8.SN.2': { counts: { A: 10, B: 5 } },
        '5.2': { dueDate: '2024-03-31', doneDate: '2024-04-02' },
        T1: { count: 1 },
        P1: { count: 3 },
      },
    },
  ],
};

describe('scoreAnswersFile', () => {
  it('scores the example of the format document', () => {
    const result = scoreAnswersFile(demo, FORMAT_EXAMPLE);
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    const unit = result.output.units[0];
    // What the example output shows and the rules fix: maximum 92 − 2 (3.3) = 90,
    // bonus T1 1 × 1 = 1, penalty P1 3 × 0,25 = 0,75, and the 1.1.1 line.
    expect(unit).toMatchObject({
      code: 'C1',
      group: 'NGHIEP_VU',
      maxPoints: 90,
      bonus: 1,
      penalty: 0.75,
      rank: 1,
    });
    expect(unit?.leaves[0]).toEqual({ code: '1.1.1', points: 0.75, explanation: 'Chậm thời hạn: 0,75 điểm' });
    // 8.TM.* and 8.SN.* do not apply to NGHIEP_VU: their answers are ignored, not scored.
    expect(unit?.leaves.map((l) => l.code)).not.toContain('8.TM.2');
    // Field 1 by hand: 0,75 + 2 + 2,63 + 2 + 1 + 0 (1.5 unanswered) = 8,38 of 14 → 59,86%
    expect(unit?.fields[0]).toEqual({ code: '1', maxPoints: 14, points: 8.38, percent: 59.86 });
    // Field 6 has no applicable leaf for NGHIEP_VU: no index
    expect(unit?.fields[5]).toEqual({ code: '6', maxPoints: 0, points: 0, percent: null });
  });

  it('prints exactly the output shape, numbers with at most 2 decimals', () => {
    const doc = parse({
      formatVersion: 1,
      code: 'NHO',
      name: 'Bộ nhỏ',
      year: 2024,
      unitGroups: [
        { code: 'G1', name: 'Khối 1' },
        { code: 'G2', name: 'Khối 2' },
      ],
      nodes: [
        {
          code: '1',
          name: 'Lĩnh vực 1',
          children: [
            { code: '1.1', name: 'Tỷ lệ', maxPoints: 3, method: { type: 'PROPORTIONAL' } },
            {
              code: '1.2',
              name: 'Có/không',
              maxPoints: 1,
              method: { type: 'BOOLEAN' },
              applicableTo: ['G2'],
            },
          ],
        },
      ],
      adjustments: {
        penalty: {
          maxPoints: 1,
          items: [{ code: 'P', name: 'Trừ', maxPoints: 1, method: { type: 'BOOLEAN' } }],
        },
      },
      classification: [
        { label: 'Đạt', minPercent: 50 },
        { label: 'Không đạt', minPercent: 0 },
      ],
      ranking: { ties: 'competition', scope: 'all' },
    });
    const result = scoreAnswersFile(doc, {
      units: [
        // 3 × 1/3 = 1 → 1/3 = 33,33%
        {
          code: 'U1',
          group: 'G1',
          answers: { '1.1': { numerator: 1, denominator: 3 }, P: { value: false } },
        },
        // 3 × 2/3 = 2; 1.2 yes 1 → 3 of 4 = 75%; penalty 1 → (3 − 1)/4 = 50%
        {
          code: 'U2',
          group: 'G2',
          answers: { '1.1': { numerator: 2, denominator: 3 }, '1.2': { value: true }, P: { value: true } },
        },
        // 3 × 0,5 = 1,5 of 3 = 50%, penalty unanswered
        { code: 'U3', group: 'G1', answers: { '1.1': { percent: 50 } } },
      ],
    });
    expect(result).toEqual({
      ok: true,
      output: {
        units: [
          {
            code: 'U1',
            group: 'G1',
            maxPoints: 3,
            points: 1,
            bonus: 0,
            penalty: 0,
            indexPercent: 33.33,
            band: 'Không đạt',
            rank: 3, // competition: 50, 50, 33,33 → 1, 1, 3
            fields: [{ code: '1', maxPoints: 3, points: 1, percent: 33.33 }],
            leaves: [
              { code: '1.1', points: 1, explanation: 'Hoàn thành 1/3 ≈ 33,33% → 3 × 1/3 = 1 điểm' },
              { code: 'P', points: 0, explanation: 'Không: 0 điểm' },
            ],
            unanswered: [],
          },
          {
            code: 'U2',
            group: 'G2',
            maxPoints: 4,
            points: 3,
            bonus: 0,
            penalty: 1,
            indexPercent: 50,
            band: 'Đạt',
            rank: 1,
            fields: [{ code: '1', maxPoints: 4, points: 3, percent: 75 }],
            leaves: [
              { code: '1.1', points: 2, explanation: 'Hoàn thành 2/3 ≈ 66,67% → 3 × 2/3 = 2 điểm' },
              { code: '1.2', points: 1, explanation: 'Có: 1 điểm' },
              { code: 'P', points: 1, explanation: 'Có: 1 điểm' },
            ],
            unanswered: [],
          },
          {
            code: 'U3',
            group: 'G1',
            maxPoints: 3,
            points: 1.5,
            bonus: 0,
            penalty: 0,
            indexPercent: 50,
            band: 'Đạt',
            rank: 1,
            fields: [{ code: '1', maxPoints: 3, points: 1.5, percent: 50 }],
            leaves: [
              { code: '1.1', points: 1.5, explanation: 'Hoàn thành 50% → 3 × 50% = 1,5 điểm' },
              { code: 'P', points: 0, explanation: 'Chưa chấm: 0 điểm' },
            ],
            unanswered: ['P'],
          },
        ],
      },
    });
    expect(JSON.stringify(result)).not.toMatch(/\d\.\d{3}/);
  });

  it('ranks per unit group when the set says so', () => {
    const perGroup = { ...demo, ranking: { ties: 'dense' as const, scope: 'unitGroup' as const } };
    const file = {
      units: [
        { code: 'A', group: 'THAM_MUU', answers: { '1.3': { value: true } } },
        { code: 'B', group: 'NGHIEP_VU', answers: { '1.3': { value: true }, '1.4': { count: 1 } } },
        { code: 'C', group: 'THAM_MUU', answers: { '7.2': { value: true } } },
      ],
    };
    const result = scoreAnswersFile(perGroup, file);
    expect(result.ok && result.output.units.map((u) => [u.code, u.rank])).toEqual([
      ['A', 2],
      ['B', 1],
      ['C', 1],
    ]);
  });

  it('prints nothing but every error, each naming the unit and the leaf', () => {
    const result = scoreAnswersFile(demo, {
      units: [
        { code: 'C1', group: 'NGHIEP_VU', answers: { '2.4': { level: 'X' }, '1.2': { onTime: 4, late: 1 } } },
        { code: 'C2', group: 'KHOI_LA', answers: {} },
        { code: 'C3', group: 'SU_NGHIEP', notApplicable: ['9.1'], answers: { '9.2': { value: true } } },
        { code: 'C1', group: 'NGHIEP_VU', answers: {} },
        { code: 'C4', group: 'SU_NGHIEP', answer: {} },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'units[0].answers["1.2"]',
          message: 'Đơn vị C1, tiêu chí 1.2: số đúng hạn (4) + số chậm (1) = 5 vượt quá số yêu cầu (4).',
        },
        {
          path: 'units[0].answers["2.4"]',
          message: 'Đơn vị C1, tiêu chí 2.4: mức "X" không có trong danh sách.',
        },
        { path: 'units[1].group', message: 'Đơn vị C2: khối "KHOI_LA" không có trong bộ chỉ số.' },
        {
          path: 'units[2].notApplicable[0]',
          message: 'Đơn vị C3: tiêu chí "9.1" (khai báo không áp dụng) không có trong bộ chỉ số.',
        },
        { path: 'units[2].answers["9.2"]', message: 'Đơn vị C3, tiêu chí 9.2: không có trong bộ chỉ số.' },
        { path: 'units[3].code', message: 'Đơn vị C1: mã đơn vị bị trùng với units[0].' },
        {
          path: 'units[4].answer',
          message: 'Đơn vị C4: trường "answer" không có trong định dạng tệp trả lời.',
        },
        {
          path: 'units[4].answers',
          message: 'Đơn vị C4: câu trả lời ("answers") phải là một đối tượng { mã tiêu chí: câu trả lời }.',
        },
      ],
    });
  });

  it.each([
    ['not an object', 'units'],
    ['an object without units', { unit: [] }],
  ])('rejects a file that is %s', (_what, file) => {
    expect(scoreAnswersFile(demo, file)).toEqual({
      ok: false,
      errors: [{ path: 'units', message: 'Tệp trả lời phải là một đối tượng JSON có mảng "units".' }],
    });
  });

  it('treats a "__proto__" answer key as an unknown code, not as a prototype', () => {
    const file = JSON.parse(
      '{"units": [{"code": "C1", "group": "THAM_MUU", "answers": {"__proto__": {"1.3": {"value": true}}}}]}',
    );
    expect(scoreAnswersFile(demo, file)).toEqual({
      ok: false,
      errors: [
        {
          path: 'units[0].answers["__proto__"]',
          message: 'Đơn vị C1, tiêu chí __proto__: không có trong bộ chỉ số.',
        },
      ],
    });
  });

  it('accepts an empty list of units', () => {
    expect(scoreAnswersFile(demo, { units: [] })).toEqual({ ok: true, output: { units: [] } });
  });
});
