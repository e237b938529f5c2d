/**
 * The synthetic data set of the results and reports benchmarks (issues 6 and 7), bulk-inserted
 * straight through SQL after the real migrations (prepared multi-row INSERTs in transactions on
 * SQLite, `INSERT … SELECT * FROM unnest($1::text[], …)` on PostgreSQL), rows typed by
 * server/src/db/tables.ts: a PUBLISHED 150-leaf index set (6 fields × 5 criteria × 5 leaves, every
 * scoring method, checked by parseIndexSet), the units in 3 groups, users (an Office account that
 * signs in with PASSWORD, a working-group member, a focal officer, leadership), and two campaigns
 * in phase APPROVED with COUNCIL_APPROVED scorecards — the big one (`units` units, code BENCH-LON)
 * and a small one (`small` units, BENCH-NHO): 150 answers per scorecard as the scorecards service
 * stores them (value JSON, points and explanation from scoreLeaf, 0,5 % "not applicable" claims),
 * a ROUND1 decision (ACCEPT or ADJUST) on 20 % of the leaves, an explanation request on 2 % of the
 * scorecards. Seeded: the same options give the same rows.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { ADJUSTMENT_REASONS } from '../domain/src/api/appraisal';
import { totalPoints } from '../domain/src/appraisal/appraisal';
import { answerableLeaves } from '../domain/src/campaign/self-assessment';
import type { IndexSetDocument, Leaf, Method, MethodType, Node } from '../domain/src/index-set/format';
import { parseIndexSet } from '../domain/src/index-set/validate';
import { scoreUnit } from '../domain/src/scoring/engine';
import { scoreLeaf } from '../domain/src/scoring/methods';
import { foldForSearch } from '../domain/src/text';
import type { DB } from '../server/src/db/tables';
import { hashPassword } from '../server/src/modules/auth/password';

export const LEAVES = 150;
const DECISION_SHARE = 5; // one leaf in 5 (20 %) gets a ROUND1 decision
/** The password of every generated user. */
export const PASSWORD = 'bench-2026-results';
export const GROUPS = [
  { code: 'THAM_MUU', name: 'Khối tham mưu, tổng hợp' },
  { code: 'NGHIEP_VU', name: 'Khối nghiệp vụ' },
  { code: 'SU_NGHIEP', name: 'Khối sự nghiệp' },
] as const;
/** Codes of the two campaigns. */
export const BIG_CAMPAIGN = 'BENCH-LON';
export const SMALL_CAMPAIGN = 'BENCH-NHO';

// ---------------------------------------------------------------------------------------------
// Synthetic data: a seeded PRNG, the index set, the answers.

/** mulberry32: small, fast, deterministic. */
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

/** UUIDv7-shaped ids (time-ordered like platform/ids newId, but from a counter: 1,8 M ids fast). */
export function idFactory(): () => string {
  const base = Date.now();
  const tail = createHash('sha256').update(String(Math.random())).digest('hex');
  const rest = `${'89ab'[Number.parseInt(tail[0]!, 16) % 4]}${tail.slice(1, 4)}-${tail.slice(4, 16)}`;
  let n = 0;
  return () => {
    const i = n++;
    const ms = (base + Math.floor(i / 4096)).toString(16).padStart(12, '0');
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${(i % 4096).toString(16).padStart(3, '0')}-${rest}`;
  };
}

/** Methods in roughly the proportions of the demo set (mostly yes/no and percentages). */
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

/** 6 fields × 5 criteria × 5 leaves = 150 leaves, every method, some criteria capped; every leaf applies to every group. */
export function indexSetInput(): unknown {
  const random = prng(6);
  const types = METHOD_MIX.flatMap(([t, n]) => Array.from({ length: n }, () => t));
  for (let i = types.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [types[i], types[j]] = [types[j]!, types[i]!];
  }
  let n = 0;
  const nodes: Node[] = [];
  for (let f = 1; f <= 6; f++) {
    const criteria: Node[] = [];
    for (let c = 1; c <= 5; c++) {
      const leaves: Leaf[] = [];
      let sum = 0;
      for (let s = 1; s <= 5; s++) {
        const max = [0.5, 1, 1, 1, 1.5, 2][Math.floor(random() * 6)]!;
        sum += max;
        leaves.push({
          code: `${f}.${c}.${s}`,
          name: `Tiêu chí thành phần ${f}.${c}.${s}`,
          maxPoints: max,
          method: methodFor(types[n]!, max),
          guidance: 'Hướng dẫn chấm điểm theo Kế hoạch cải cách hành chính.',
          evidence: 'Văn bản, báo cáo chứng minh kết quả thực hiện.',
        });
        n++;
      }
      criteria.push({
        code: `${f}.${c}`,
        name: `Tiêu chí ${f}.${c}`,
        ...(c === 3 ? { maxPoints: Math.max(1, sum - 1) } : {}),
        children: leaves,
      });
    }
    nodes.push({ code: `${f}`, name: `Lĩnh vực ${f}`, children: criteria });
  }
  return {
    formatVersion: 1,
    code: 'BENCH-RESULTS-2026',
    name: 'Bộ Chỉ số CCHC dùng để đo hiệu năng trang kết quả',
    year: 2026,
    unitGroups: GROUPS.map((g) => ({ ...g })),
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
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
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

// ---------------------------------------------------------------------------------------------
// Bulk loading, straight through SQL.

export type Row<T extends keyof DB> = DB[T];

export interface Bulk {
  insert<T extends keyof DB>(table: T, rows: readonly Row<T>[]): Promise<void>;
  transaction(work: () => Promise<void>): Promise<void>;
  /** Statistics / checkpoint, then closes the loader's own connection. */
  finish(): Promise<void>;
}

/** better-sqlite3 on the same file: one prepared multi-row INSERT per shape, reused. */
export function sqliteBulk(file: string): Bulk {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  const statements = new Map<string, SQLite.Statement>();
  const prepared = (table: string, cols: readonly string[], n: number) => {
    const key = `${table}/${n}`;
    let s = statements.get(key);
    if (!s) {
      const one = `(${cols.map(() => '?').join(',')})`;
      s = raw.prepare(
        `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES ${Array.from({ length: n }, () => one).join(',')}`,
      );
      statements.set(key, s);
    }
    return s;
  };
  return {
    async insert(table, rows) {
      if (rows.length === 0) {
        return;
      }
      const cols = Object.keys(rows[0]!);
      const per = Math.max(1, Math.min(500, Math.floor(30_000 / cols.length)));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const params: unknown[] = [];
        for (const r of chunk) {
          for (const c of cols) {
            params.push((r as unknown as Record<string, unknown>)[c]);
          }
        }
        prepared(table, cols, chunk.length).run(params);
      }
    },
    async transaction(work) {
      raw.exec('BEGIN');
      try {
        await work();
        raw.exec('COMMIT');
      } catch (error) {
        raw.exec('ROLLBACK');
        throw error;
      }
    },
    async finish() {
      raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.close();
    },
  };
}

/** One pg client: INSERT … SELECT * FROM unnest($1::text[], $2::int4[], …), one statement per batch. */
export function postgresBulk(url: string): Bulk {
  const client = new pg.Client({ connectionString: url });
  const connected = client.connect();
  const types = new Map<string, Map<string, string>>();
  const typesOf = async (table: string) => {
    let t = types.get(table);
    if (!t) {
      const r = await client.query<{ column_name: string; udt_name: string }>(
        'SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = $1',
        [table],
      );
      t = new Map(r.rows.map((x) => [x.column_name, x.udt_name]));
      types.set(table, t);
    }
    return t;
  };
  return {
    async insert(table, rows) {
      await connected;
      if (rows.length === 0) {
        return;
      }
      const cols = Object.keys(rows[0]!);
      const t = await typesOf(table);
      const per = 50_000;
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const arrays = cols.map((c) =>
          chunk.map((r) => (r as unknown as Record<string, unknown>)[c] ?? null),
        );
        const casts = cols.map((c, k) => `$${k + 1}::${t.get(c) ?? 'text'}[]`).join(', ');
        await client.query(
          `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${casts})`,
          arrays,
        );
      }
    },
    async transaction(work) {
      await connected;
      await client.query('BEGIN');
      try {
        await work();
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async finish() {
      await connected;
      // What autovacuum does after a bulk load, done now so that every run sees the same plans.
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

export interface Fixture {
  indexSetId: string;
  doc: IndexSetDocument;
  big: { id: string; units: number };
  small: { id: string; units: number };
  officeId: string;
  officeUsername: string;
  units: number;
  /** Per campaign code: rows inserted. */
  counts: Record<string, { scorecards: number; answers: number; decisions: number; explanations: number }>;
  /** Seconds. */
  timings: { users: number; units: number; campaigns: Record<string, number>; finish: number; total: number };
}

export interface FixtureOptions {
  /** Units of the big campaign (BENCH-LON). */
  units: number;
  /** Units of the small campaign (BENCH-NHO): the first `small` of the same units. */
  small: number;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

/**
 * Bulk-inserts the data set described at the top of this file through `bulk`, after the real
 * migrations (the caller runs them), and returns what a benchmark needs to find it again.
 */
export async function generate(bulk: Bulk, opts: FixtureOptions): Promise<Fixture> {
  const { units: UNITS, small: SMALL, log } = opts;
  const t0 = performance.now();
  const newId = idFactory();
  const random = prng(20261127);
  const nowIso = '2026-11-20T03:00:00.000Z';
  const parsed = parseIndexSet(indexSetInput());
  if (!parsed.ok) {
    throw new Error(`invalid synthetic index set: ${JSON.stringify(parsed.errors.slice(0, 5))}`);
  }
  const doc = parsed.document;
  const leaves = [...answerableLeaves(doc, GROUPS[0].code).values()].map((l) => l.leaf);
  if (leaves.length !== LEAVES) {
    throw new Error(`expected ${LEAVES} leaves, got ${leaves.length}`);
  }

  // Users: the Office account the HTTP readers sign in with, a working-group member (decisions),
  // a focal officer (answers) and leadership (approval).
  let t = performance.now();
  const passwordHash = await hashPassword(PASSWORD);
  const user = (username: string, fullName: string, hash: string | null): Row<'app_user'> => ({
    id: newId(),
    username,
    fullName,
    email: null,
    passwordHash: hash,
    isActive: 1,
    mustChangePassword: 0,
    failedLoginCount: 0,
    lockedUntil: null,
    lastLoginAt: null,
    homeUnitId: null,
    searchText: foldForSearch(`${username} ${fullName}`),
    createdAt: nowIso,
    updatedAt: nowIso,
  });
  const office = user('bench.office', 'Văn phòng (đo hiệu năng)', passwordHash);
  const wg = user('bench.togiupviec', 'Tổ giúp việc (đo hiệu năng)', passwordHash);
  const focal = user('bench.daumoi', 'Đầu mối (đo hiệu năng)', passwordHash);
  const leader = user('bench.lanhdao', 'Lãnh đạo (đo hiệu năng)', passwordHash);
  const role = (userId: string, r: string): Row<'user_role'> => ({
    id: newId(),
    userId,
    role: r,
    unitId: null,
    createdAt: nowIso,
  });
  const groupIds = GROUPS.map(() => newId());
  const indexSetId = newId();
  const unitIds: string[] = [];
  const unitGroupOf: string[] = [];
  await bulk.transaction(async () => {
    await bulk.insert('app_user', [office, wg, focal, leader]);
    await bulk.insert('user_role', [
      role(office.id, 'OFFICE_STAFF'),
      role(wg.id, 'WORKING_GROUP'),
      role(leader.id, 'LEADERSHIP'),
    ]);
  });
  const usersS = (performance.now() - t) / 1000;

  t = performance.now();
  const nUnits = Math.max(UNITS, SMALL);
  await bulk.transaction(async () => {
    await bulk.insert(
      'unit_group',
      GROUPS.map((g, i) => ({
        id: groupIds[i]!,
        code: g.code,
        name: g.name,
        isActive: 1,
        createdAt: nowIso,
        updatedAt: nowIso,
      })),
    );
    const rows: Row<'unit'>[] = [];
    for (let u = 0; u < nUnits; u++) {
      const code = `DV${String(u + 1).padStart(5, '0')}`;
      const name = `Đơn vị thử nghiệm số ${u + 1}`;
      const g = u % GROUPS.length;
      const id = newId();
      unitIds.push(id);
      unitGroupOf.push(GROUPS[g]!.code);
      rows.push({
        id,
        code,
        name,
        kind: 'DON_VI',
        groupId: groupIds[g]!,
        isActive: 1,
        searchText: foldForSearch(`${code} ${name}`),
        createdAt: nowIso,
        updatedAt: nowIso,
      });
    }
    await bulk.insert('unit', rows);
    const document = JSON.stringify(doc);
    await bulk.insert('index_set', [
      {
        id: indexSetId,
        code: doc.code,
        version: 1,
        year: doc.year,
        name: doc.name,
        status: 'PUBLISHED',
        document,
        documentHash: createHash('sha256').update(document).digest('hex'),
        leafCount: LEAVES,
        basedOnId: null,
        createdBy: office.id,
        createdAt: nowIso,
        updatedAt: nowIso,
        publishedAt: nowIso,
        publishedBy: office.id,
      },
    ]);
  });
  const unitsS = (performance.now() - t) / 1000;

  const counts: Fixture['counts'] = {};
  const campaignTimings: Record<string, number> = {};

  async function campaign(code: string, units: number): Promise<string> {
    const started = performance.now();
    const campaignId = newId();
    await bulk.transaction(async () => {
      await bulk.insert('campaign', [
        {
          id: campaignId,
          code,
          year: 2026,
          name: `Kỳ đánh giá ${code} (${units} đơn vị)`,
          indexSetId,
          previousCampaignId: null,
          phase: 'APPROVED',
          guidanceText: 'Hướng dẫn tự đánh giá.',
          guidanceIssuedAt: nowIso,
          budgetStatus: 'APPROVED',
          budgetNote: null,
          budgetDecidedBy: leader.id,
          budgetDecidedAt: nowIso,
          appealUntil: null,
          approvedAt: nowIso,
          approvedBy: leader.id,
          rowVersion: 7,
          createdBy: office.id,
          createdAt: nowIso,
          updatedAt: nowIso,
        },
      ]);
    });
    const count = { scorecards: 0, answers: 0, decisions: 0, explanations: 0 };
    counts[code] = count;
    const BATCH = 250;
    for (let from = 0; from < units; from += BATCH) {
      const cards: Row<'scorecard'>[] = [];
      const answers: Row<'scorecard_answer'>[] = [];
      const decisions: Row<'score_decision'>[] = [];
      const explanations: Row<'explanation_request'>[] = [];
      for (let u = from; u < Math.min(units, from + BATCH); u++) {
        const cardId = newId();
        const group = unitGroupOf[u]!;
        // Each unit has its own level: most answers good, the rest random (units differ and ties are rare).
        const quality = 0.35 + 0.6 * random();
        const values: Record<string, unknown> = {};
        const notApplicable: string[] = [];
        let seq = 0;
        const decidedAt = Date.parse('2026-10-01T02:00:00.000Z');
        leaves.forEach((leaf, i) => {
          const na = random() < 0.005;
          const value = na ? null : answerFor(leaf, random() < quality, random);
          const scored = value === null ? null : scoreLeaf(leaf, value);
          if (scored && !scored.ok) {
            throw new Error(`leaf ${leaf.code}: ${scored.error} (${JSON.stringify(value)})`);
          }
          if (na) {
            notApplicable.push(leaf.code);
          } else {
            values[leaf.code] = value;
          }
          const points = scored?.ok ? scored.points : 0;
          answers.push({
            id: newId(),
            scorecardId: cardId,
            leafCode: leaf.code,
            value: value === null ? null : JSON.stringify(value),
            points,
            explanation: scored?.ok ? scored.explanation : 'Đề nghị không áp dụng',
            note: i % 10 === 0 ? 'Đã thực hiện theo kế hoạch năm.' : '',
            noEvidenceReason: '',
            naClaimed: na ? 1 : 0,
            naReason: na ? 'Đơn vị không có nhiệm vụ này trong năm.' : '',
            isCarriedDraft: 0,
            rowVersion: 1 + (i % 3),
            updatedBy: focal.id,
            updatedAt: nowIso,
          });
          if (!na && (i + u) % DECISION_SHARE === 0) {
            const adjust = points > 0 && random() < 0.3;
            const reasonCode = adjust
              ? ADJUSTMENT_REASONS[Math.floor(random() * ADJUSTMENT_REASONS.length)]!
              : null;
            decisions.push({
              id: newId(),
              scorecardId: cardId,
              leafCode: leaf.code,
              stage: 'ROUND1',
              kind: adjust ? 'ADJUST' : 'ACCEPT',
              points: adjust ? Math.floor(points / 2) : points,
              reasonCode,
              reason: adjust ? 'Tài liệu kiểm chứng chưa chứng minh đủ kết quả tự chấm.' : '',
              evidenceInsufficient: reasonCode === 'EVIDENCE_INSUFFICIENT' ? 1 : 0,
              specialCaseId: null,
              amendmentId: null,
              seq: ++seq,
              createdBy: wg.id,
              createdAt: new Date(decidedAt + seq * 60_000).toISOString(),
            });
            if (u % 50 === 0 && seq === 1) {
              explanations.push({
                id: newId(),
                scorecardId: cardId,
                leafCode: leaf.code,
                question: 'Đề nghị đơn vị giải trình và bổ sung tài liệu kiểm chứng.',
                dueDate: '2026-10-10',
                requestedBy: wg.id,
                requestedAt: '2026-10-01T03:00:00.000Z',
                response: u % 100 === 0 ? 'Đơn vị đã bổ sung tài liệu.' : null,
                respondedBy: u % 100 === 0 ? focal.id : null,
                respondedAt: u % 100 === 0 ? '2026-10-05T03:00:00.000Z' : null,
              });
            }
          }
        });
        // The stored self total, as the scorecards service keeps it at every save.
        const self = scoreUnit(doc, { code: cardId, group, notApplicable, answers: values });
        if (!self.ok) {
          throw new Error(`unit ${u}: ${self.errors[0]?.message}`);
        }
        cards.push({
          id: cardId,
          campaignId,
          unitId: unitIds[u]!,
          groupCode: group,
          status: 'COUNCIL_APPROVED',
          rowVersion: 6,
          extendedUntil: null,
          submittedAt: '2026-09-15T02:30:00.000Z',
          submittedBy: focal.id,
          minutesLate: 0,
          submitNote: 'Nộp kết quả tự đánh giá.',
          signedReportEvidenceId: null,
          returnedAt: null,
          returnedBy: null,
          returnReason: null,
          answeredCount: LEAVES,
          applicableCount: LEAVES,
          evidenceCount: 0,
          selfPoints: totalPoints(self.result),
          lastActivityAt: '2026-09-15T02:30:00.000Z',
          councilApprovedAt: '2026-11-01T03:00:00.000Z',
          councilApprovedBy: office.id,
          createdAt: '2026-08-01T02:00:00.000Z',
          updatedAt: '2026-11-01T03:00:00.000Z',
        });
      }
      await bulk.transaction(async () => {
        await bulk.insert('scorecard', cards);
        await bulk.insert('scorecard_answer', answers);
        await bulk.insert('score_decision', decisions);
        await bulk.insert('explanation_request', explanations);
      });
      count.scorecards += cards.length;
      count.answers += answers.length;
      count.decisions += decisions.length;
      count.explanations += explanations.length;
    }
    campaignTimings[code] = (performance.now() - started) / 1000;
    return campaignId;
  }

  const bigId = await campaign(BIG_CAMPAIGN, UNITS);
  log(`  big campaign: ${UNITS} scorecards in ${campaignTimings[BIG_CAMPAIGN]!.toFixed(1)} s`);
  const smallId = await campaign(SMALL_CAMPAIGN, SMALL);
  t = performance.now();
  await bulk.finish();
  const finishS = (performance.now() - t) / 1000;
  return {
    indexSetId,
    doc,
    big: { id: bigId, units: UNITS },
    small: { id: smallId, units: SMALL },
    officeId: office.id,
    officeUsername: office.username,
    units: nUnits,
    counts,
    timings: {
      users: usersS,
      units: unitsS,
      campaigns: campaignTimings,
      finish: finishS,
      total: (performance.now() - t0) / 1000,
    },
  };
}
