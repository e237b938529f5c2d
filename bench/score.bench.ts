/**
 * Scoring benchmark (`npm run bench`): a synthetic index set of 150 leaves covering every method,
 * 10 000 units with seeded random answers, timed over several runs. The machine is shared and
 * noisy, so each step is run RUNS times and the median is reported (min and max beside it).
 * Results go to docs/benchmarks.md by hand.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  type IndexSetDocument,
  type Leaf,
  METHOD_TYPES,
  type Method,
  type MethodType,
  type Node,
} from '../domain/src/index-set/format';
import { parseIndexSet } from '../domain/src/index-set/validate';
import { scoreAnswersFile } from '../domain/src/scoring/answers-file';
import {
  applicableTree,
  rankUnits,
  scoreUnit,
  type UnitAnswers,
  type UnitResult,
} from '../domain/src/scoring/engine';
import { scoreLeaf } from '../domain/src/scoring/methods';

const LEAVES = 150;
const UNITS = 10_000;
const RUNS = Number(process.argv[2] ?? 7);
const SEED = 20261126;
const GROUPS = ['THAM_MUU', 'NGHIEP_VU', 'SU_NGHIEP'] as const;

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function methodFor(type: MethodType, max: number): Method {
  switch (type) {
    case 'BOOLEAN':
      return { type, noPoints: 0 };
    case 'LEVEL_SELECT':
      return {
        type,
        levels: [
          { label: 'Tốt', points: max },
          { label: 'Đạt', points: max / 2 },
          { label: 'Chưa đạt', points: 0 },
        ],
      };
    case 'DEADLINE':
      return { type, onTimePoints: max, latePoints: max / 2, notDonePoints: 0 };
    case 'TIERED_PERCENT':
      return {
        type,
        tiers: [
          { minPercent: 100, points: max },
          { minPercent: 90, points: max / 2 },
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
      return { type, required: 4, latePointsPerItem: 0.375 };
    case 'DEDUCTION':
      return {
        type,
        categories: [
          { label: 'Khiển trách', points: 1 },
          { label: 'Cảnh cáo', points: 2 },
        ],
      };
    case 'MANUAL':
      return { type };
    case 'SURVEY':
      return { type, optionWeights: { A: 1, B: 0.6, C: 0.2, D: 0 } };
  }
}

/** 10 fields × 3 criteria × 5 sub-criteria = 150 leaves; some group-specific, some capped. */
function syntheticSet(): unknown {
  let n = 0;
  const nodes: Node[] = [];
  for (let f = 1; f <= 10; f++) {
    const criteria: Node[] = [];
    for (let c = 1; c <= 3; c++) {
      const leaves: Leaf[] = [];
      for (let s = 1; s <= 5; s++) {
        const type = METHOD_TYPES[n % METHOD_TYPES.length] as MethodType;
        const max = pick([1, 2, 3, 4, 5]);
        leaves.push({
          code: `${f}.${c}.${s}`,
          name: `Tiêu chí ${f}.${c}.${s}`,
          maxPoints: max,
          method: methodFor(type, max),
          ...(n % 7 === 3 ? { applicableTo: [GROUPS[n % 3] as string] } : {}),
        });
        n++;
      }
      criteria.push({
        code: `${f}.${c}`,
        name: `Nhóm ${f}.${c}`,
        ...(c === 2 ? { maxPoints: 8 } : {}),
        children: leaves,
      });
    }
    nodes.push({ code: `${f}`, name: `Lĩnh vực ${f}`, children: criteria });
  }
  if (n !== LEAVES) {
    throw new Error(`expected ${LEAVES} leaves, built ${n}`);
  }
  const item = (code: string, type: MethodType, max: number): Leaf => ({
    code,
    name: code,
    maxPoints: max,
    method: methodFor(type, max),
  });
  return {
    formatVersion: 1,
    code: 'BENCH',
    name: 'Bộ chỉ số tổng hợp để đo hiệu năng',
    year: 2026,
    unitGroups: GROUPS.map((code) => ({ code, name: code })),
    nodes,
    adjustments: {
      bonus: { maxPoints: 3, items: [item('T1', 'COUNT_CAPPED', 2), item('T2', 'BOOLEAN', 1)] },
      penalty: { maxPoints: 5, items: [item('P1', 'COUNT_CAPPED', 2), item('P2', 'COUNT_CAPPED', 3)] },
    },
    classification: [
      { label: 'Xuất sắc', minPercent: 90, minEachFieldPercent: 70 },
      { label: 'Tốt', minPercent: 80 },
      { label: 'Khá', minPercent: 70 },
      { label: 'Trung bình', minPercent: 50 },
      { label: 'Yếu', minPercent: 0 },
    ],
    ranking: { ties: 'competition', scope: 'unitGroup' },
  };
}

function randomAnswer(leaf: Leaf): unknown {
  const m = leaf.method;
  switch (m.type) {
    case 'BOOLEAN':
      return { value: random() < 0.8 };
    case 'LEVEL_SELECT':
      return { level: pick(m.levels).label };
    case 'DEADLINE':
      return random() < 0.5
        ? { status: pick(['onTime', 'late', 'notDone']) }
        : { dueDate: '2026-03-31', doneDate: pick(['2026-03-30', '2026-03-31', '2026-04-02']) };
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      return random() < 0.5 ? { percent: int(40, 100) } : { numerator: int(0, 30), denominator: int(30, 33) };
    case 'TARGET_ACTUAL':
      return { target: int(1, 20), actual: int(0, 25) };
    case 'COUNT_CAPPED':
      return { count: int(0, 12) };
    case 'COUNT_COMPLIANCE': {
      const onTime = int(0, 4);
      return { onTime, late: int(0, 4 - onTime) };
    }
    case 'DEDUCTION':
      return { counts: { 'Khiển trách': int(0, 2), 'Cảnh cáo': int(0, 1) } };
    case 'MANUAL':
      return { points: int(0, leaf.maxPoints * 4) / 4, comment: 'Nhận xét của Tổ giúp việc' };
    case 'SURVEY':
      return { counts: { A: int(0, 50), B: int(0, 30), C: int(0, 10), D: int(0, 5) } };
  }
}

function units(doc: IndexSetDocument): UnitAnswers[] {
  const leavesOf = (group: string): Leaf[] => {
    const out: Leaf[] = [];
    const walk = (nodes: ReturnType<typeof applicableTree>) => {
      for (const node of nodes) {
        if (node.leaf) {
          out.push(node.leaf);
        } else {
          walk(node.children ?? []);
        }
      }
    };
    walk(applicableTree(doc, group));
    return [...out, ...(doc.adjustments?.bonus?.items ?? []), ...(doc.adjustments?.penalty?.items ?? [])];
  };
  const byGroup = new Map(GROUPS.map((group) => [group, leavesOf(group)]));
  return Array.from({ length: UNITS }, (_, i) => {
    const group = pick(GROUPS);
    const applicable = byGroup.get(group) ?? [];
    const answers: Record<string, unknown> = {};
    for (const leaf of applicable) {
      if (random() < 0.95) {
        answers[leaf.code] = randomAnswer(leaf);
      }
    }
    const notApplicable = random() < 0.1 ? [pick(applicable).code] : undefined;
    if (notApplicable) {
      delete answers[notApplicable[0] as string];
    }
    return {
      code: `U${String(i + 1).padStart(5, '0')}`,
      group,
      ...(notApplicable ? { notApplicable } : {}),
      answers,
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function time(runs: number, fn: () => void): number[] {
  fn(); // warm-up (JIT), not counted
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    out.push(performance.now() - start);
  }
  return out;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const parsed = parseIndexSet(syntheticSet());
if (!parsed.ok) {
  console.error(parsed.errors);
  throw new Error('synthetic set rejected');
}
const doc = parsed.document;
const input = units(doc);
const answersFile = { units: input };
const leafCalls = input.reduce((sum, unit) => sum + Object.keys(unit.answers).length, 0);
const byType = new Map<MethodType, number>();
const countTypes = (items: (Node | Leaf)[]): void => {
  for (const item of items) {
    if ('method' in item) {
      byType.set(item.method.type, (byType.get(item.method.type) ?? 0) + 1);
    } else {
      countTypes(item.children);
    }
  }
};
countTypes(doc.nodes);

let results: UnitResult[] = [];
const scoreAll = time(RUNS, () => {
  results = input.map((unit) => {
    const scored = scoreUnit(doc, unit);
    if (!scored.ok) {
      throw new Error(JSON.stringify(scored.errors.slice(0, 3)));
    }
    return scored.result;
  });
});
const rank = time(RUNS, () => {
  rankUnits(results, doc.ranking);
});
const total = time(RUNS, () => {
  const all = input.map((unit) => {
    const scored = scoreUnit(doc, unit);
    if (!scored.ok) {
      throw new Error('unexpected error');
    }
    return scored.result;
  });
  rankUnits(all, doc.ranking);
});
const file = time(RUNS, () => {
  const out = scoreAnswersFile(doc, answersFile);
  if (!out.ok) {
    throw new Error('unexpected error');
  }
});
const setJson = JSON.parse(JSON.stringify(doc)) as unknown;
const validate = time(RUNS, () => {
  for (let i = 0; i < 100; i++) {
    parseIndexSet(setJson);
  }
});
const sampleLeaf = doc.nodes[0]?.children[0] as Node;
const leaves = sampleLeaf.children as Leaf[];
const sampleAnswers = leaves.map((leaf) => randomAnswer(leaf));
const single = time(RUNS, () => {
  for (let i = 0; i < 100_000; i++) {
    const k = i % leaves.length;
    scoreLeaf(leaves[k] as Leaf, sampleAnswers[k]);
  }
});

const bands = new Map<string, number>();
for (const r of results) {
  bands.set(r.band ?? '—', (bands.get(r.band ?? '—') ?? 0) + 1);
}

const fmt = (ms: number) => ms.toFixed(1);
const row = (step: string, runs: number[], per: number, unit: string) =>
  `| ${step} | ${fmt(median(runs))} | ${fmt(Math.min(...runs))} | ${fmt(Math.max(...runs))} | ${((median(runs) * 1000) / per).toFixed(2)} µs ${unit} |`;

console.log(`# Scoring benchmark

- Machine: ${availableParallelism()} CPU (nproc), ${cpuModel()}; Node.js ${process.version}
- Index set: ${LEAVES} leaves in 10 fields (${[...byType].map(([t, c]) => `${t} ${c}`).join(', ')}); 1 leaf in 7 applies to one group only, node caps on 10 criteria, 2 bonus + 2 penalty items, 3 unit groups
- Units: ${UNITS.toLocaleString('en')} (seed ${SEED}), ${leafCalls.toLocaleString('en')} answers in all; bands: ${[...bands].map(([b, c]) => `${b} ${c}`).join(', ')}
- ${RUNS} timed runs per step after one warm-up run; median, min, max in milliseconds

| Step | Median (ms) | Min (ms) | Max (ms) | Median per item |
|---|---:|---:|---:|---:|
${row(`scoreUnit × ${UNITS}`, scoreAll, UNITS, 'per unit')}
${row(`rankUnits (${UNITS} results)`, rank, UNITS, 'per unit')}
${row('scoreUnit × all + rankUnits', total, UNITS, 'per unit')}
${row('scoreAnswersFile (whole file, output JSON)', file, UNITS, 'per unit')}
${row('parseIndexSet × 100 (150-leaf set)', validate, 100, 'per set')}
${row('scoreLeaf × 100 000 (5 methods)', single, 100_000, 'per call')}`);
