/**
 * One unit's year as rows (docs/synthetic-data.md): its self-assessment, the working group's
 * review with the explanation round, the council — each step writing what the service named in
 * its comment writes, every number computed by the domain's functions. Pure apart from the rows
 * it appends; each unit draws from its own seeded stream.
 */

import { performance } from 'node:perf_hooks';
import { ADJUSTMENT_REASONS, type AdjustmentReason } from '@cchc/domain/api/appraisal';
import { REPORT_LEAF_CODE } from '@cchc/domain/api/scorecards';
import {
  checkDecision,
  type LeafDecision,
  type ReviewStage,
  type UnitScores,
  unitScores,
} from '@cchc/domain/appraisal/appraisal';
import { addDays, minutesLate } from '@cchc/domain/campaign/calendar';
import {
  type AnswerableLeaf,
  type SelfAnswer,
  selfProgress,
  submissionProblems,
} from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { scoreLeaf } from '@cchc/domain/scoring/methods';
import type { ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import { totalsView } from '../appraisal/appraisal-results';
import { storageKeyFor } from '../evidence/storage';
import type { Row } from './synthetic.repo';
import { answerFor, intIn, normal, pick, prng, seedOf } from './synthetic-content';

/** How far the campaign goes; each stage is the state at its end. */
export const SYNTHETIC_STAGES = ['self-assessment', 'appraisal', 'approved', 'published'] as const;
export type SyntheticStage = (typeof SYNTHETIC_STAGES)[number];

export const STAGE_ORDER: Record<SyntheticStage, number> = {
  'self-assessment': 0,
  appraisal: 1,
  approved: 2,
  published: 3,
};

// ---------------------------------------------------------------------------------------------
// Time line and small helpers.

export const MINUTE = 60_000;
export const iso = (ms: number) => new Date(ms).toISOString();
export const atUtc = (localDate: string, hour: number, minute = 0) =>
  Date.parse(`${localDate}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`);

/** Days [from, to] (local dates), as numbers: drawing a moment must not parse dates 3 million times. */
interface Window {
  /** 01:00 UTC (08:00 in Hà Nội) of the first day. */
  start: number;
  days: number;
}
const windowOf = (from: string, to: string): Window => ({
  start: atUtc(from, 1),
  days: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1,
});

/** A moment in office hours (08:00–17:00 in Hà Nội = 01:00–10:00 UTC) on a day of `w`. */
function workTime(random: () => number, w: Window): number {
  return w.start + Math.floor(random() * w.days) * 86_400_000 + Math.floor(random() * 9 * 60) * MINUTE;
}

/**
 * The plan's calendar around the self-assessment deadline S of the campaign's milestones: units
 * answer in the ten days before S, submit in the last four (3 % one day late), the Office locks
 * the next day and the appraisal starts; the working group reviews over two days, explanations
 * are due S+6 and reviewed again at S+7; the council sits at S+10, leadership approves at S+12;
 * the results are announced on 20 January of the next year.
 */
export function timeline(year: number, selfDue: string) {
  const S = (days: number) => addDays(selfDue, days);
  return {
    selfDue,
    organisation: atUtc(S(-36), 2),
    indexSet: atUtc(S(-31), 2),
    created: atUtc(S(-26), 2),
    guidance: atUtc(S(-11), 2),
    open: atUtc(S(-11), 2, 30),
    answers: windowOf(S(-10), S(-1)),
    answersEnd: atUtc(S(-1), 10),
    submit: windowOf(S(-4), S(0)),
    late: windowOf(S(1), S(1)),
    lateEnd: atUtc(S(1), 10),
    lock: atUtc(S(1), 10, 30),
    startAppraisal: atUtc(S(1), 11),
    assign: atUtc(S(1), 11, 30),
    review: windowOf(S(2), S(3)),
    reviewEnd: atUtc(S(3), 10),
    explanationDue: S(6),
    response: windowOf(S(4), S(5)),
    responseEnd: atUtc(S(5), 10),
    closeExplanation: atUtc(S(7), 2),
    convoke: atUtc(S(8), 2),
    meetingDay: S(10),
    council: atUtc(S(10), 2),
    meetingSaved: atUtc(S(10), 10, 30),
    approve: atUtc(S(12), 3),
    decisionDate: `${year + 1}-01-15`,
    announcedOn: `${year + 1}-01-20`,
    announcementSaved: atUtc(`${year + 1}-01-20`, 1),
    publish: atUtc(`${year + 1}-01-20`, 2),
  };
}
export type Timeline = ReturnType<typeof timeline>;

const NOTES = [
  'Đã thực hiện theo kế hoạch năm.',
  'Số liệu tính đến ngày 30/11.',
  'Có báo cáo chi tiết kèm theo.',
];
const NO_EVIDENCE_REASONS = [
  'Tài liệu kiểm chứng lưu bản giấy tại đơn vị.',
  'Kết quả đã được cơ quan có thẩm quyền công nhận, không phát sinh văn bản riêng.',
  'Số liệu lấy từ Hệ thống thông tin giải quyết thủ tục hành chính.',
];
const NA_REASON = 'Đơn vị không được giao nhiệm vụ này trong năm đánh giá.';
const FILE_TITLES: [string, string][] = [
  ['Báo cáo kết quả thực hiện', 'bao-cao-ket-qua'],
  ['Kế hoạch triển khai', 'ke-hoach-trien-khai'],
  ['Quyết định ban hành', 'quyet-dinh-ban-hanh'],
  ['Biên bản kiểm tra', 'bien-ban-kiem-tra'],
  ['Công văn chỉ đạo, đôn đốc', 'cong-van-chi-dao'],
  ['Bảng tổng hợp số liệu', 'bang-tong-hop-so-lieu'],
];
/** Documents many units attach (the same file, one blob): the agency's own plans and decisions. */
const SHARED_FILES: [string, string][] = [
  ['Kế hoạch cải cách hành chính năm', 'ke-hoach-cchc'],
  ['Quyết định ban hành Bộ Chỉ số cải cách hành chính', 'quyet-dinh-bo-chi-so'],
  ['Kế hoạch kiểm tra công tác cải cách hành chính', 'ke-hoach-kiem-tra'],
  ['Kế hoạch tuyên truyền cải cách hành chính', 'ke-hoach-tuyen-truyen'],
  ['Quy chế làm việc của Tổ giúp việc', 'quy-che-to-giup-viec'],
  ['Hướng dẫn chấm điểm Chỉ số cải cách hành chính', 'huong-dan-cham-diem'],
];
const REFERENCE_TITLES: [string, string][] = [
  ['Quyết định ban hành kế hoạch thực hiện', 'QĐ'],
  ['Báo cáo kết quả thực hiện quý IV', 'BC'],
  ['Công văn hướng dẫn triển khai', 'CV'],
  ['Thông báo kết luận kiểm tra', 'TB'],
];
const ADJUST_REASONS: Record<AdjustmentReason, string> = {
  EVIDENCE_MISSING: 'Không có tài liệu kiểm chứng cho kết quả tự chấm.',
  EVIDENCE_INSUFFICIENT: 'Tài liệu kiểm chứng chưa chứng minh đủ kết quả tự chấm.',
  EVIDENCE_OUT_OF_PERIOD: 'Tài liệu kiểm chứng ban hành ngoài kỳ đánh giá.',
  WRONG_METHOD: 'Đơn vị chấm chưa đúng hướng dẫn của tiêu chí.',
  LATE: 'Nhiệm vụ hoàn thành chậm so với thời hạn.',
  OTHER: 'Tổ giúp việc điều chỉnh theo kết quả rà soát hồ sơ.',
};
const MIME = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** A file size: log-normal around `median` bytes, within the upload limit. */
function fileSize(random: () => number, median: number, sigma: number): number {
  return Math.round(Math.min(40e6, Math.max(6_000, Math.exp(Math.log(median) + sigma * normal(random)))));
}

/** Hundredths rounded down to a quarter point, as people adjust scores. */
const quarterDown = (hundredths: number) => Math.floor(hundredths / 25) * 25;

// ---------------------------------------------------------------------------------------------
// Stage timings and progress.

export interface StageTiming {
  stage: string;
  seconds: number;
}

export class Stopwatch {
  readonly #ms = new Map<string, number>();
  add(stage: string, ms: number) {
    this.#ms.set(stage, (this.#ms.get(stage) ?? 0) + ms);
  }
  async time<T>(stage: string, work: () => Promise<T> | T): Promise<T> {
    const t = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - t);
    }
  }
  timeSync<T>(stage: string, work: () => T): T {
    const t = performance.now();
    try {
      return work();
    } finally {
      this.add(stage, performance.now() - t);
    }
  }
  sum(stages: readonly string[]): number {
    return stages.reduce((s, k) => s + (this.#ms.get(k) ?? 0), 0);
  }
  list(): StageTiming[] {
    return [...this.#ms].map(([stage, ms]) => ({ stage, seconds: ms / 1000 }));
  }
}

export interface SyntheticUser {
  id: string;
  username: string;
  fullName: string;
}

export interface SyntheticUnit {
  id: string;
  code: string;
  name: string;
  groupCode: string;
  focal: SyntheticUser;
  head: SyntheticUser;
}

export interface SyntheticOrganisation {
  /** Every group of the units (the index set's unit groups), configured ones first. */
  groups: { code: string; name: string }[];
  units: SyntheticUnit[];
  office: SyntheticUser;
  leader: SyntheticUser;
  /** Council members; the first chairs and records the council's decisions. */
  council: SyntheticUser[];
  /** Working-group members; unit i is appraised by member i mod their count. */
  members: SyntheticUser[];
  created: { groups: number; units: number; users: number; reusedUnits: number };
}

// ---------------------------------------------------------------------------------------------
// One unit's year, as rows.

/** Rows of a batch of units, by table, in an order the foreign keys accept. */
export interface Rows {
  scorecard: Row<'scorecard'>[];
  scorecard_answer: Row<'scorecard_answer'>[];
  blob: Row<'blob'>[];
  evidence: Row<'evidence'>[];
  appraisal_assignment: Row<'appraisal_assignment'>[];
  explanation_request: Row<'explanation_request'>[];
  special_case: Row<'special_case'>[];
  score_decision: Row<'score_decision'>[];
  scorecard_snapshot: Row<'scorecard_snapshot'>[];
}
export const emptyRows = (): Rows => ({
  scorecard: [],
  scorecard_answer: [],
  blob: [],
  evidence: [],
  appraisal_assignment: [],
  explanation_request: [],
  special_case: [],
  score_decision: [],
  scorecard_snapshot: [],
});

export interface CampaignCounts {
  scorecards: number;
  submitted: number;
  late: number;
  answers: number;
  naClaims: number;
  evidence: number;
  files: number;
  references: number;
  blobs: number;
  blobBytes: number;
  decisions: number;
  adjusted: number;
  explanations: number;
  responses: number;
  specialCases: number;
  snapshots: number;
}

export interface CampaignEnv {
  campaignId: string;
  code: string;
  seed: number;
  stage: SyntheticStage;
  doc: IndexSetDocument;
  tl: Timeline;
  org: SyntheticOrganisation;
  meetingId: string | null;
  ids: () => string;
  leavesOf: (group: string) => [string, AnswerableLeaf][];
  sharedBlobs: Set<string>;
  counts: CampaignCounts;
  watch: Stopwatch;
  sha256: (text: string) => string;
}

/** What the approval needs of a unit once every unit is done. */
export interface UnitOutcome {
  scorecardId: string;
  unitCode: string;
  group: string;
  finalIndex: number;
  band: string | null;
}

/** The snapshot JSON of appraisal.service `snapshotRows`. */
function snapshotRow(
  env: CampaignEnv,
  scorecardId: string,
  milestone: string,
  scores: UnitScores,
  by: string,
  at: number,
): Row<'scorecard_snapshot'> {
  return {
    id: env.ids(),
    scorecardId,
    milestone,
    data: JSON.stringify({
      self: totalsView(scores.self),
      appraised: totalsView(scores.appraised),
      final: totalsView(scores.final),
      rank: null,
      leaves: scores.leaves,
    }),
    takenBy: by,
    takenAt: iso(at),
  };
}

function decisionRow(
  env: CampaignEnv,
  scorecardId: string,
  d: {
    leafCode: string;
    stage: ReviewStage;
    kind: string;
    points: number | null;
    reason: string;
    reasonCode?: AdjustmentReason | null;
    specialCaseId?: string | null;
  },
  seq: number,
  by: string,
  at: number,
): Row<'score_decision'> {
  const reasonCode = d.kind === 'ADJUST' ? (d.reasonCode ?? null) : null;
  return {
    id: env.ids(),
    scorecardId,
    leafCode: d.leafCode,
    stage: d.stage,
    kind: d.kind,
    points: d.points,
    reasonCode,
    reason: d.reason,
    evidenceInsufficient: reasonCode === 'EVIDENCE_INSUFFICIENT' || reasonCode === 'EVIDENCE_MISSING' ? 1 : 0,
    specialCaseId: d.specialCaseId ?? null,
    amendmentId: null,
    seq,
    createdBy: by,
    createdAt: iso(at),
  };
}

const asDecision = (r: Row<'score_decision'>): LeafDecision => ({
  leafCode: r.leafCode,
  stage: r.stage as ReviewStage,
  kind: r.kind as LeafDecision['kind'],
  points: r.points,
  reason: r.reason,
  createdAt: r.createdAt,
});

/**
 * One unit through the campaign, into `rows`. Each unit draws from its own seeded stream, so
 * its data depend only on (seed, campaign code, unit index).
 */
export function simulateUnit(
  env: CampaignEnv,
  u: number,
  unit: SyntheticUnit,
  rows: Rows,
): UnitOutcome | null {
  const { tl, doc, counts, watch, org } = env;
  const random = prng(seedOf(env.seed, env.code, u));
  const leaves = env.leavesOf(unit.groupCode);
  const scorecardId = env.ids();
  const group = unit.groupCode;
  const reach = STAGE_ORDER[env.stage];

  // ---- Self-assessment (scorecards.service saveAnswer / evidence.service / submit).
  const self = watch.timeSync('self-assessment: rows', () => {
    // Each unit has its own level: most answers good, the rest random (units differ, ties are rare).
    const quality = 0.35 + 0.6 * random();
    const submitted = random() < 0.975;
    const late = submitted && random() < 0.03;
    const answered = submitted
      ? leaves.length
      : Math.max(1, Math.floor(leaves.length * (0.5 + 0.45 * random())));
    const answers: SelfAnswer[] = [];
    const evidenceByLeaf = new Map<string, number>();
    let lastActivity = tl.open;
    let fileNo = 0;
    const addFile = (
      leafCode: string,
      at: number,
      by: string,
      kind: 'pdf' | 'jpg' | 'docx',
      report: boolean,
    ) => {
      let sha: string;
      let title: string;
      let filename: string;
      const slugCode = leafCode.replaceAll('.', '-');
      if (!report && random() < 0.08) {
        // A document of the agency that many units attach: one blob, many evidence rows.
        const k = intIn(random, 0, SHARED_FILES.length - 1);
        const [t, slug] = SHARED_FILES[k]!;
        sha = env.sha256(`${env.code}|shared|${k}`);
        title = `${t} ${tl.selfDue.slice(0, 4)}`;
        filename = `${slug}-${tl.selfDue.slice(0, 4)}.pdf`;
        if (!env.sharedBlobs.has(sha)) {
          env.sharedBlobs.add(sha);
          const size = fileSize(prng(seedOf(env.seed, env.code, 'shared', k)), 400_000, 0.4);
          rows.blob.push({
            sha256: sha,
            sizeBytes: size,
            mimeType: MIME.pdf,
            storageKey: storageKeyFor(sha),
            createdAt: iso(at),
          });
          counts.blobs++;
          counts.blobBytes += size;
        }
      } else {
        sha = env.sha256(`${env.code}|${u}|${leafCode}|${fileNo++}`);
        const size = report
          ? fileSize(random, 900_000, 0.5)
          : kind === 'jpg'
            ? fileSize(random, 1_200_000, 0.6)
            : kind === 'docx'
              ? fileSize(random, 60_000, 0.8)
              : fileSize(random, 180_000, 1.0);
        if (report) {
          title = 'Báo cáo tự đánh giá đã ký';
          filename = `bao-cao-tu-danh-gia-${unit.code.toLowerCase()}.pdf`;
        } else if (kind === 'jpg') {
          title = `Ảnh chụp hồ sơ — tiêu chí ${leafCode}`;
          filename = `anh-chup-ho-so-${slugCode}.jpg`;
        } else if (kind === 'docx') {
          title = `Dự thảo báo cáo — tiêu chí ${leafCode}`;
          filename = `du-thao-bao-cao-${slugCode}.docx`;
        } else {
          const [t, slug] = pick(random, FILE_TITLES);
          title = `${t} — tiêu chí ${leafCode}`;
          filename = `${slug}-${slugCode}.pdf`;
        }
        rows.blob.push({
          sha256: sha,
          sizeBytes: size,
          mimeType: MIME[kind],
          storageKey: storageKeyFor(sha),
          createdAt: iso(at),
        });
        counts.blobs++;
        counts.blobBytes += size;
      }
      const id = env.ids();
      rows.evidence.push({
        id,
        scorecardId,
        leafCode,
        kind: 'FILE',
        blobSha256: sha,
        filename,
        title,
        docNumber: null,
        issuer: null,
        effectiveDate:
          !report && random() < 0.5
            ? `${tl.selfDue.slice(0, 4)}-${String(intIn(random, 1, 11)).padStart(2, '0')}-${String(intIn(random, 1, 28)).padStart(2, '0')}`
            : null,
        isCarriedDraft: 0,
        uploadedBy: by,
        uploadedAt: iso(at),
        deletedAt: null,
        deletedBy: null,
      });
      counts.evidence++;
      counts.files++;
      return id;
    };
    for (let i = 0; i < answered; i++) {
      const [leafCode, { leaf, kind }] = leaves[i]!;
      const at = workTime(random, tl.answers);
      lastActivity = Math.max(lastActivity, at);
      const na = kind === 'CRITERION' && random() < 0.005;
      const value = na ? null : answerFor(leaf, random() < quality, random);
      let points = 0;
      let explanation = 'Đề nghị không áp dụng';
      if (value !== null) {
        const scored = scoreLeaf(leaf, value);
        if (!scored.ok) {
          throw new Error(`synthetic answer of ${leafCode} does not score: ${scored.error}`);
        }
        points = scored.points;
        explanation = scored.explanation;
      }
      // Evidence as submissionProblems asks: a leaf with points has a file, a document
      // reference, or a reason why there is none.
      let noEvidenceReason = '';
      if (!na) {
        const needsEvidence = leaf.evidenceRequired !== false && kind !== 'PENALTY';
        const r = random();
        let files = 0;
        if (points > 0 && needsEvidence) {
          if (r < 0.45) {
            files = random() < 0.15 ? 2 : 1;
          } else if (r < 0.6) {
            const [t, prefix] = pick(random, REFERENCE_TITLES);
            rows.evidence.push({
              id: env.ids(),
              scorecardId,
              leafCode,
              kind: 'DOCUMENT_REF',
              blobSha256: null,
              filename: null,
              title: t,
              docNumber: `${intIn(random, 1, 480)}/${prefix}-${unit.code}`,
              issuer: random() < 0.5 ? unit.name : 'Lãnh đạo Bộ',
              effectiveDate: `${tl.selfDue.slice(0, 4)}-${String(intIn(random, 1, 11)).padStart(2, '0')}-${String(intIn(random, 1, 28)).padStart(2, '0')}`,
              isCarriedDraft: 0,
              uploadedBy: unit.focal.id,
              uploadedAt: iso(at - intIn(random, 1, 120) * MINUTE),
              deletedAt: null,
              deletedBy: null,
            });
            counts.evidence++;
            counts.references++;
            evidenceByLeaf.set(leafCode, (evidenceByLeaf.get(leafCode) ?? 0) + 1);
          } else {
            noEvidenceReason = pick(random, NO_EVIDENCE_REASONS);
          }
        } else if (r < 0.1) {
          files = 1;
        }
        for (let k = 0; k < files; k++) {
          const type = random();
          addFile(
            leafCode,
            at - intIn(random, 1, 180) * MINUTE,
            unit.focal.id,
            type < 0.8 ? 'pdf' : type < 0.9 ? 'jpg' : 'docx',
            false,
          );
          evidenceByLeaf.set(leafCode, (evidenceByLeaf.get(leafCode) ?? 0) + 1);
        }
      }
      rows.scorecard_answer.push({
        id: env.ids(),
        scorecardId,
        leafCode,
        value: value === null ? null : JSON.stringify(value),
        points,
        explanation,
        note: random() < 0.1 ? pick(random, NOTES) : '',
        noEvidenceReason,
        naClaimed: na ? 1 : 0,
        naReason: na ? NA_REASON : '',
        isCarriedDraft: 0,
        rowVersion: random() < 0.25 ? 2 : 1,
        updatedBy: unit.focal.id,
        updatedAt: iso(at),
      });
      counts.answers++;
      if (na) {
        counts.naClaims++;
      }
      answers.push({
        leafCode,
        value,
        naClaimed: na,
        naReason: na ? NA_REASON : '',
        noEvidenceReason,
        isCarriedDraft: false,
        points,
      });
    }
    const progress = selfProgress(doc, group, answers, evidenceByLeaf);
    let submittedAt: number | null = null;
    let reportId: string | null = null;
    if (submitted) {
      // What the service checks before accepting a submission; synthetic data must pass it too.
      const problems = submissionProblems(doc, group, answers, evidenceByLeaf);
      if (problems.length > 0) {
        throw new Error(`synthetic unit ${unit.code} could not submit: ${problems[0]!.message}`);
      }
      submittedAt = late
        ? workTime(random, tl.late)
        : Math.max(workTime(random, tl.submit), lastActivity + intIn(random, 10, 120) * MINUTE);
      reportId = addFile(
        REPORT_LEAF_CODE,
        submittedAt - intIn(random, 5, 60) * MINUTE,
        unit.head.id,
        'pdf',
        true,
      );
      lastActivity = submittedAt;
      counts.submitted++;
      if (late) {
        counts.late++;
      }
    }
    return {
      answers,
      progress,
      submittedAt,
      reportId,
      lastActivity,
      evidence: [...evidenceByLeaf.values()].reduce((s, n) => s + n, 0),
    };
  });

  const scorecard: Row<'scorecard'> = {
    id: scorecardId,
    campaignId: env.campaignId,
    unitId: unit.id,
    groupCode: group,
    status: self.submittedAt === null ? 'DRAFT' : 'SUBMITTED',
    rowVersion: self.submittedAt === null ? 1 : 2,
    extendedUntil: null,
    submittedAt: self.submittedAt === null ? null : iso(self.submittedAt),
    submittedBy: self.submittedAt === null ? null : unit.head.id,
    minutesLate: self.submittedAt === null ? null : minutesLate(tl.selfDue, new Date(self.submittedAt)),
    submitNote: self.submittedAt === null ? null : 'Đơn vị nộp kết quả tự đánh giá kèm báo cáo đã ký.',
    signedReportEvidenceId: self.reportId,
    returnedAt: null,
    returnedBy: null,
    returnReason: null,
    answeredCount: self.progress.answered,
    applicableCount: self.progress.applicable,
    // evidence.service refreshEvidenceCount: every live evidence row except the signed report.
    evidenceCount: self.evidence,
    selfPoints: self.progress.selfPoints,
    lastActivityAt: iso(self.lastActivity),
    councilApprovedAt: null,
    councilApprovedBy: null,
    createdAt: iso(tl.created),
    updatedAt: iso(self.submittedAt ?? self.lastActivity),
  };
  rows.scorecard.push(scorecard);
  counts.scorecards++;
  if (reach < STAGE_ORDER.appraisal) {
    return null;
  }

  // ---- Appraisal (appraisal.service: startAppraisal hook, saveAppraisers, decide,
  // acceptRemaining, requestExplanation, transition, respond).
  const member = org.members[u % org.members.length]!;
  const appraisal = watch.timeSync('appraisal: rows', () => {
    const decisions: Row<'score_decision'>[] = [];
    const base = unitScores(doc, { code: scorecardId, group }, self.answers, []);
    // startAppraisal: the "submitted" snapshot, dated at the submission (or at the start).
    rows.scorecard_snapshot.push(
      snapshotRow(env, scorecardId, 'SUBMITTED', base, org.office.id, self.submittedAt ?? tl.startAppraisal),
    );
    rows.appraisal_assignment.push({
      id: env.ids(),
      scorecardId,
      userId: member.id,
      assignedBy: org.office.id,
      assignedAt: iso(tl.assign),
      removedBy: null,
      removedAt: null,
    });
    const selfOf = new Map(base.leaves.map((l) => [l.leafCode, l.self]));
    const kindOf = new Map(leaves.map(([code, l]) => [code, l]));
    // 5 % of the units are asked to explain one or two leaves that earned points.
    const explained = new Set<string>();
    if (random() < 0.05) {
      const candidates = base.leaves.filter((l) => (l.self ?? 0) > 0);
      const n = Math.min(candidates.length, random() < 0.7 ? 1 : 2);
      for (let k = 0; k < n; k++) {
        explained.add(candidates[Math.floor(random() * candidates.length)]!.leafCode);
      }
    }
    const start = workTime(random, tl.review);
    let seq = 0;
    // Round 1: a few adjustments (decide), each with its reason…
    const adjusted = new Map<string, number>();
    for (const [leafCode, { leaf, kind }] of leaves) {
      const selfPoints = selfOf.get(leafCode) ?? null;
      if (explained.has(leafCode) || selfPoints === null || selfPoints <= 0 || random() >= 0.06) {
        continue;
      }
      const reasonCode = pick(random, ADJUSTMENT_REASONS);
      const checked = checkDecision(
        { code: leafCode, maxPoints: leaf.maxPoints, kind },
        { points: selfPoints, naClaimed: false },
        'ROUND1',
        {
          kind: 'ADJUST',
          points: reasonCode === 'EVIDENCE_MISSING' ? 0 : quarterDown(selfPoints / 2),
          reason: ADJUST_REASONS[reasonCode],
        },
      );
      if (!checked.ok) {
        throw new Error(`synthetic decision on ${leafCode}: ${checked.problem.message}`);
      }
      seq++;
      decisions.push(
        decisionRow(
          env,
          scorecardId,
          { leafCode, stage: 'ROUND1', ...checked.decision, reasonCode },
          seq,
          member.id,
          start + seq * 3 * MINUTE,
        ),
      );
      adjusted.set(leafCode, selfPoints);
      counts.adjusted++;
    }
    // …then "accept all remaining": every undecided leaf without an explanation request keeps
    // its self-score, or confirms the unit's "not applicable" claim (acceptRemaining).
    const acceptedAt = start + 40 * MINUTE;
    for (const [leafCode] of leaves) {
      if (adjusted.has(leafCode) || explained.has(leafCode)) {
        continue;
      }
      const s = selfOf.get(leafCode) ?? null;
      const na = s === null && kindOf.get(leafCode)?.kind === 'CRITERION';
      seq++;
      decisions.push(
        decisionRow(
          env,
          scorecardId,
          {
            leafCode,
            stage: 'ROUND1',
            kind: na ? 'NOT_APPLICABLE' : 'ACCEPT',
            points: na ? null : (s ?? 0),
            reason: '',
          },
          seq,
          member.id,
          acceptedAt,
        ),
      );
    }
    const round1 = unitScores(doc, { code: scorecardId, group }, self.answers, decisions.map(asDecision));
    let status: ScorecardStatus = 'REVIEWED';
    let rowVersion = scorecard.rowVersion + 2; // startReview, completeReview
    let updatedAt = start + 50 * MINUTE;
    rows.scorecard_snapshot.push(snapshotRow(env, scorecardId, 'ROUND1', round1, member.id, updatedAt));
    let last = round1;
    if (explained.size > 0) {
      // The explanation round: requests, the unit's answers, round 2 on the explained leaves.
      const closeAt = tl.closeExplanation + intIn(random, 0, 300) * MINUTE;
      const round2At = closeAt + 10 * MINUTE;
      for (const leafCode of explained) {
        const responded = random() < 0.85;
        const respondedAt = workTime(random, tl.response);
        rows.explanation_request.push({
          id: env.ids(),
          scorecardId,
          leafCode,
          question: `Đề nghị đơn vị giải trình và bổ sung tài liệu kiểm chứng cho tiêu chí ${leafCode}.`,
          dueDate: tl.explanationDue,
          requestedBy: member.id,
          requestedAt: iso(start + 45 * MINUTE),
          response: responded
            ? 'Đơn vị đã bổ sung báo cáo kết quả và văn bản chứng minh (bản chụp kèm theo).'
            : null,
          respondedBy: responded ? unit.focal.id : null,
          respondedAt: responded ? iso(respondedAt) : null,
        });
        counts.explanations++;
        if (responded) {
          counts.responses++;
        }
        const { leaf, kind } = kindOf.get(leafCode)!;
        const selfPoints = selfOf.get(leafCode) ?? 0;
        const accept = responded && random() < 0.7;
        const reasonCode: AdjustmentReason = responded ? 'EVIDENCE_INSUFFICIENT' : 'EVIDENCE_MISSING';
        const checked = checkDecision(
          { code: leafCode, maxPoints: leaf.maxPoints, kind },
          { points: selfPoints, naClaimed: false },
          'ROUND2',
          accept
            ? { kind: 'ACCEPT' }
            : {
                kind: 'ADJUST',
                points: responded ? quarterDown(selfPoints / 2) : 0,
                reason: responded
                  ? ADJUST_REASONS.EVIDENCE_INSUFFICIENT
                  : 'Đơn vị không giải trình trong thời hạn.',
              },
        );
        if (!checked.ok) {
          throw new Error(`synthetic decision on ${leafCode}: ${checked.problem.message}`);
        }
        seq++;
        decisions.push(
          decisionRow(
            env,
            scorecardId,
            { leafCode, stage: 'ROUND2', ...checked.decision, reasonCode: accept ? null : reasonCode },
            seq,
            member.id,
            round2At,
          ),
        );
        if (!accept) {
          counts.adjusted++;
        }
      }
      // requestExplanations took the ROUND1 snapshot above; closeExplanation, completeReview (EXPLANATION).
      last = unitScores(doc, { code: scorecardId, group }, self.answers, decisions.map(asDecision));
      updatedAt = round2At + 10 * MINUTE;
      rows.scorecard_snapshot.push(snapshotRow(env, scorecardId, 'EXPLANATION', last, member.id, updatedAt));
      rowVersion += 2; // requestExplanations, closeExplanation
    }
    if (last.undecided.length > 0) {
      throw new Error(`synthetic review of ${unit.code} left ${last.undecided.length} leaves undecided`);
    }
    rows.score_decision.push(...decisions);
    counts.decisions += decisions.length;
    status = 'REVIEWED';
    return { decisions, last, seq, status, rowVersion, updatedAt, adjusted };
  });
  scorecard.status = appraisal.status;
  scorecard.rowVersion = appraisal.rowVersion;
  scorecard.updatedAt = iso(appraisal.updatedAt);
  if (reach < STAGE_ORDER.approved) {
    return null;
  }

  // ---- Council (appraisal.service specialCase, transition councilApprove).
  return watch.timeSync('council: rows', () => {
    const chair = org.council[0]!;
    let final = appraisal.last;
    const councilAt = tl.council + intIn(random, 0, 420) * MINUTE;
    const restored = [...appraisal.adjusted.keys()];
    const lowerable = final.leaves.filter((l) => (l.final ?? 0) >= 50).map((l) => l.leafCode);
    if (random() < 0.005 && restored.length + lowerable.length > 0) {
      // A special case: the council restores a score the working group lowered, or lowers one.
      const leafCode = restored.length > 0 ? pick(random, restored) : pick(random, lowerable);
      const current = final.leaves.find((l) => l.leafCode === leafCode)!;
      const target = leaves.find(([code]) => code === leafCode)![1];
      const points =
        restored.length > 0 ? appraisal.adjusted.get(leafCode)! : quarterDown((current.final ?? 0) / 2);
      const reason =
        restored.length > 0
          ? 'Hội đồng chấp nhận tài liệu đơn vị bổ sung tại phiên họp.'
          : 'Hội đồng xác định kết quả thực hiện chưa đạt yêu cầu của tiêu chí.';
      const checked = checkDecision(
        { code: leafCode, maxPoints: target.leaf.maxPoints, kind: target.kind },
        { points: current.self ?? 0, naClaimed: current.self === null },
        'COUNCIL',
        { kind: 'ADJUST', points, reason },
      );
      if (!checked.ok) {
        throw new Error(`synthetic special case on ${leafCode}: ${checked.problem.message}`);
      }
      const specialCaseId = env.ids();
      rows.special_case.push({
        id: specialCaseId,
        scorecardId,
        meetingId: env.meetingId,
        kind: 'SCORE_CHANGE',
        leafCode,
        points: checked.decision.points,
        reason: checked.decision.reason,
        decisionText: `Hội đồng thẩm định thống nhất điểm tiêu chí ${leafCode} (biểu quyết 3/3).`,
        createdBy: chair.id,
        createdAt: iso(councilAt),
      });
      const row = decisionRow(
        env,
        scorecardId,
        { leafCode, stage: 'COUNCIL', ...checked.decision, specialCaseId },
        appraisal.seq + 1,
        chair.id,
        councilAt,
      );
      rows.score_decision.push(row);
      counts.decisions++;
      counts.specialCases++;
      final = unitScores(
        doc,
        { code: scorecardId, group },
        self.answers,
        [...appraisal.decisions, row].map(asDecision),
      );
    }
    const approvedAt = councilAt + 10 * MINUTE;
    rows.scorecard_snapshot.push(snapshotRow(env, scorecardId, 'COUNCIL', final, chair.id, approvedAt));
    scorecard.status = 'COUNCIL_APPROVED';
    scorecard.rowVersion += 1;
    scorecard.councilApprovedAt = iso(approvedAt);
    scorecard.councilApprovedBy = chair.id;
    scorecard.updatedAt = iso(approvedAt);
    return {
      scorecardId,
      unitCode: unit.code,
      group,
      finalIndex: final.final.indexPercent,
      band: final.final.band,
    };
  });
}
