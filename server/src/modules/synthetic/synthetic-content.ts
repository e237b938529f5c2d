/**
 * The content of synthetic data (docs/synthetic-data.md), pure and seeded: a small PRNG, the
 * index set, valid answers for every scoring method, names. Moved here from bench/fixture.ts so
 * that the benchmarks and `cli generate-synthetic` build the same data the same way.
 */
import { createHash } from 'node:crypto';
import type { Leaf, Method, MethodType, Node } from '@cchc/domain/index-set/format';

/** mulberry32: small, fast, deterministic (the same seed gives the same stream on every machine). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit seed from several parts (FNV-1a over their text): each unit gets its own stream, so
 * what a unit receives does not depend on batch sizes or on how many units come before it.
 */
export function seedOf(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('|');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * UUIDv7-shaped ids, time-ordered like platform/ids `newId` but from a counter: millions of ids
 * without one `randomBytes` call each. The random tail differs per factory, so two factories (two
 * runs, two processes) never collide.
 */
export function idFactory(baseMs: number = Date.now()): () => string {
  const tail = createHash('sha256').update(`${Math.random()}/${process.pid}/${baseMs}`).digest('hex');
  const rest = `${'89ab'[Number.parseInt(tail[0]!, 16) % 4]}${tail.slice(1, 4)}-${tail.slice(4, 16)}`;
  let n = 0;
  return () => {
    const i = n++;
    const ms = (baseMs + Math.floor(i / 4096)).toString(16).padStart(12, '0');
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${(i % 4096).toString(16).padStart(3, '0')}-${rest}`;
  };
}

/** An integer in [min, max]. */
export function intIn(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A standard normal draw (Box–Muller), for file sizes. */
export function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Unit groups in order; the first three are the plan's (and the demo's) codes, so they are reused. */
export function groupCatalogue(n: number): { code: string; name: string }[] {
  const known = [
    { code: 'THAM_MUU', name: 'Khối tham mưu, tổng hợp' },
    { code: 'NGHIEP_VU', name: 'Khối nghiệp vụ' },
    { code: 'SU_NGHIEP', name: 'Khối sự nghiệp' },
  ];
  return Array.from(
    { length: n },
    (_, i) => known[i] ?? { code: `KHOI_${String(i + 1).padStart(2, '0')}`, name: `Khối đơn vị số ${i + 1}` },
  );
}

const FIELD_NAMES = [
  'Công tác chỉ đạo, điều hành cải cách hành chính',
  'Cải cách thể chế',
  'Cải cách thủ tục hành chính',
  'Cải cách tổ chức bộ máy hành chính',
  'Cải cách chế độ công vụ',
  'Cải cách tài chính công',
  'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số',
  'Tác động của cải cách hành chính',
];

/** What a leaf of each method typically asks, for readable names. */
const LEAF_NAMES: Record<MethodType, string> = {
  BOOLEAN: 'Ban hành kế hoạch, văn bản triển khai đúng yêu cầu',
  LEVEL_SELECT: 'Mức độ hoàn thành nhiệm vụ được giao',
  DEADLINE: 'Báo cáo định kỳ gửi đúng thời hạn',
  TIERED_PERCENT: 'Tỷ lệ văn bản được rà soát, hệ thống hoá',
  PROPORTIONAL: 'Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn',
  TARGET_ACTUAL: 'Số cuộc kiểm tra thực hiện so với kế hoạch',
  COUNT_CAPPED: 'Sáng kiến, giải pháp cải cách hành chính được công nhận',
  COUNT_COMPLIANCE: 'Báo cáo chuyên đề gửi đúng số lượng và thời hạn',
  DEDUCTION: 'Công chức vi phạm bị xử lý kỷ luật trong năm',
  MANUAL: 'Kết quả thực hiện nhiệm vụ đặc thù',
  SURVEY: 'Mức độ hài lòng của người dân, tổ chức',
};

/** Methods in roughly the proportions of the demo set (mostly yes/no and percentages); 150 in all. */
const METHOD_MIX: [MethodType, number][] = [
  ['BOOLEAN', 40],
  ['PROPORTIONAL', 22],
  ['TIERED_PERCENT', 16],
  ['LEVEL_SELECT', 12],
  ['DEADLINE', 10],
  ['TARGET_ACTUAL', 9],
  ['SURVEY', 9],
  ['COUNT_COMPLIANCE', 8],
  ['COUNT_CAPPED', 8],
  ['DEDUCTION', 8],
  ['MANUAL', 8],
];

function methodFor(type: MethodType, max: number): Method {
  switch (type) {
    case 'BOOLEAN':
      return { type };
    case 'LEVEL_SELECT':
      return {
        type,
        levels: [
          { label: 'Đầy đủ, đúng quy định', points: max },
          { label: 'Chưa đầy đủ', points: max / 2 },
          { label: 'Không thực hiện', points: 0 },
        ],
      };
    case 'DEADLINE':
      return { type, onTimePoints: max, latePoints: max / 2, notDonePoints: 0 };
    case 'TIERED_PERCENT':
      return {
        type,
        tiers: [
          { minPercent: 100, points: max },
          { minPercent: 80, points: max / 2 },
          { minPercent: 0, points: 0 },
        ],
      };
    case 'PROPORTIONAL':
      return { type, floorPercent: 50 };
    case 'TARGET_ACTUAL':
      return { type };
    case 'COUNT_CAPPED':
      return { type, pointsPerItem: 0.25 };
    case 'COUNT_COMPLIANCE':
      return { type, required: 4, latePointsPerItem: 0.25 };
    case 'DEDUCTION':
      return {
        type,
        categories: [
          { label: 'Khiển trách', points: 0.5 },
          { label: 'Cảnh cáo', points: 1 },
        ],
      };
    case 'MANUAL':
      return { type };
    case 'SURVEY':
      return {
        type,
        optionWeights: { 'Rất hài lòng': 1, 'Hài lòng': 0.75, 'Bình thường': 0.5, 'Không hài lòng': 0 },
      };
  }
}

export interface IndexSetSpec {
  /** Leaves (criteria scored by units), 1 to 1 000. */
  leaves: number;
  /** Seeds the method mix and the maximum points; 6 gives the benchmarks' set. */
  seed: number;
  code: string;
  name: string;
  year: number;
  groups: readonly { code: string; name: string }[];
}

/**
 * An index set in the interchange format (to be checked by parseIndexSet): fields of about 25
 * leaves (2 to 40 fields), criteria of up to 5 leaves, every scoring method in the proportions
 * of METHOD_MIX, the third criterion of each field capped below the sum of its leaves (rule 4),
 * the plan's five bands and dense ranking. Every leaf applies to every group, so that `leaves`
 * is also the number of answers per unit. 150 leaves give 6 fields × 5 criteria × 5 leaves.
 */
export function indexSetInput(spec: IndexSetSpec): unknown {
  const random = prng(spec.seed);
  const mix = METHOD_MIX.flatMap(([t, n]) => Array.from({ length: n }, () => t));
  // Spread over the whole mix whatever the count (the first `leaves` entries would be all BOOLEAN).
  const types = Array.from(
    { length: spec.leaves },
    (_, i) => mix[Math.floor((i * mix.length) / spec.leaves)]!,
  );
  for (let i = types.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [types[i], types[j]] = [types[j]!, types[i]!];
  }
  const fieldCount = spec.leaves === 1 ? 1 : Math.min(40, Math.max(2, Math.round(spec.leaves / 25)));
  let n = 0;
  const nodes: Node[] = [];
  for (let f = 1; f <= fieldCount; f++) {
    const inField = Math.floor(spec.leaves / fieldCount) + (f <= spec.leaves % fieldCount ? 1 : 0);
    const criteria: Node[] = [];
    for (let c = 1; (c - 1) * 5 < inField; c++) {
      const leaves: Leaf[] = [];
      let sum = 0;
      for (let s = 1; s <= Math.min(5, inField - (c - 1) * 5); s++) {
        const max = [0.5, 1, 1, 1, 1.5, 2][Math.floor(random() * 6)]!;
        sum += max;
        const type = types[n]!;
        leaves.push({
          code: `${f}.${c}.${s}`,
          name: `${LEAF_NAMES[type]} (${f}.${c}.${s})`,
          maxPoints: max,
          method: methodFor(type, max),
          guidance: 'Hướng dẫn chấm điểm theo Kế hoạch cải cách hành chính.',
          evidence: 'Văn bản, báo cáo chứng minh kết quả thực hiện.',
        });
        n++;
      }
      criteria.push({
        code: `${f}.${c}`,
        name: `Tiêu chí ${f}.${c}`,
        // A capped criterion (rule 4), as real sets have; only where the cap stays ≥ 1 point.
        ...(c === 3 && sum >= 2 ? { maxPoints: Math.max(1, sum - 1) } : {}),
        children: leaves,
      });
    }
    const base = FIELD_NAMES[(f - 1) % FIELD_NAMES.length]!;
    nodes.push({
      code: `${f}`,
      name: f > FIELD_NAMES.length ? `${base} (phần ${Math.ceil(f / FIELD_NAMES.length)})` : base,
      children: criteria,
    });
  }
  return {
    formatVersion: 1,
    code: spec.code,
    name: spec.name,
    year: spec.year,
    unitGroups: spec.groups.map((g) => ({ code: g.code, name: g.name })),
    nodes,
    classification: [
      { label: 'Xuất sắc', minPercent: 90, minEachFieldPercent: 70 },
      { label: 'Tốt', minPercent: 80 },
      { label: 'Khá', minPercent: 70 },
      { label: 'Trung bình', minPercent: 50 },
      { label: 'Yếu', minPercent: 0 },
    ],
    ranking: { ties: 'dense', scope: 'all' },
  };
}

/** A valid answer; `good` = the best one (see seed/demo-answers.ts), else a random valid one. */
export function answerFor(leaf: Leaf, good: boolean, random: () => number): unknown {
  const int = (min: number, max: number) => intIn(random, min, max);
  const m = leaf.method;
  switch (m.type) {
    case 'BOOLEAN':
      return { value: good || random() < 0.5 };
    case 'LEVEL_SELECT':
      return { level: m.levels[good ? 0 : int(0, m.levels.length - 1)]!.label };
    case 'DEADLINE':
      if (good) {
        return { status: 'onTime' };
      }
      return random() < 0.5
        ? { status: (['onTime', 'late', 'notDone'] as const)[int(0, 2)] }
        : { dueDate: '2026-03-31', doneDate: ['2026-03-30', '2026-03-31', '2026-04-02'][int(0, 2)] };
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      if (good) {
        return { percent: 100 };
      }
      return random() < 0.5 ? { percent: int(40, 100) } : { numerator: int(10, 30), denominator: 30 };
    case 'TARGET_ACTUAL':
      return { target: 12, actual: good ? 12 : int(0, 14) };
    case 'COUNT_CAPPED':
      return { count: good ? Math.ceil(leaf.maxPoints / m.pointsPerItem) : int(0, 10) };
    case 'COUNT_COMPLIANCE': {
      const onTime = good ? m.required : int(0, m.required);
      return { onTime, late: good ? 0 : int(0, m.required - onTime) };
    }
    case 'DEDUCTION':
      return good ? { counts: {} } : { counts: { 'Khiển trách': int(0, 2), 'Cảnh cáo': int(0, 1) } };
    case 'MANUAL':
      return {
        points: good ? leaf.maxPoints : int(0, leaf.maxPoints * 4) / 4,
        comment: 'Tự chấm theo hướng dẫn.',
      };
    case 'SURVEY':
      return {
        counts: good
          ? { 'Rất hài lòng': int(20, 60) }
          : {
              'Rất hài lòng': int(0, 40),
              'Hài lòng': int(0, 30),
              'Bình thường': int(0, 20),
              'Không hài lòng': int(0, 5),
            },
      };
  }
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Đức', 'Thu', 'Thanh', 'Quang', 'Hữu', 'Ngọc', 'Hoài', 'Xuân'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hiếu',
  'Hoa',
  'Hùng',
  'Hương',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Nam',
  'Nga',
  'Phong',
  'Phương',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trang',
  'Tuấn',
  'Việt',
  'Yến',
];

export function personName(random: () => number): string {
  return `${pick(random, FAMILY)} ${pick(random, MIDDLE)} ${pick(random, GIVEN)}`;
}

const UNIT_THEMES = [
  'Tổng hợp',
  'Pháp chế',
  'Kế hoạch – Tài chính',
  'Tổ chức cán bộ',
  'Hợp tác quốc tế',
  'Thi đua – Khen thưởng',
  'Công nghệ thông tin',
  'Kiểm tra',
  'Giám sát',
  'Thông tin – Truyền thông',
];

/** A unit name whose first word gives its kind (seed/demo.ts kindFromName: Vụ, Cục, else đơn vị). */
export function unitName(n: number): string {
  const prefix = ['Vụ', 'Vụ', 'Cục', 'Cục', 'Trung tâm', 'Văn phòng', 'Viện', 'Ban'][n % 8]!;
  return `${prefix} ${UNIT_THEMES[Math.floor(n / 8) % UNIT_THEMES.length]} số ${n}`;
}
