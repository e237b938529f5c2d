import type { Readable } from 'node:stream';
import { type Action, can, canEverywhere, ownUnits } from '@cchc/domain/access/policy';
import type {
  AcceptRemainingInput,
  AmendmentInput,
  AppealDecisionInput,
  AppealInput,
  AppealStatus,
  AppraisalOverview,
  AppraisalRow,
  AppraisalView,
  AttachmentView,
  CampaignAppeals,
  CampaignAppealView,
  ExplanationRequestInput,
  LeafDecisionInput,
  MyAssignment,
  ResultDiff,
  ScorecardTransitionInput,
} from '@cchc/domain/api/appraisal';
import {
  type AdjustmentReason,
  APPRAISAL_LIMITS,
  SNAPSHOT_MILESTONES,
  type SnapshotMilestone,
} from '@cchc/domain/api/appraisal';
import {
  type CheckedDecision,
  checkDecision,
  type DecisionInput,
  isDisputed,
  type ReviewStage,
  totalPoints,
  type UnitScores,
  unitScores,
} from '@cchc/domain/appraisal/appraisal';
import { isPast, localDateOf } from '@cchc/domain/campaign/calendar';
import { type AnswerableLeaf, answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import type { ErrorCode } from '@cchc/domain/errors';
import { type IndexSetDocument, isLeaf, type Leaf, type Node } from '@cchc/domain/index-set/format';
import { toHundredths } from '@cchc/domain/scoring/decimal';
import type { CampaignPhase } from '@cchc/domain/workflow/campaign.machine';
import {
  findScorecardTransition,
  SCORECARD_TRANSITIONS,
  type ScorecardStatus,
  type ScorecardTransitionAction,
} from '@cchc/domain/workflow/scorecard.machine';
import { type Database, isUniqueViolation } from '../../db/database';
import type { AppealTable, ScoreDecisionTable } from '../../db/tables';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { newId } from '../../platform/ids';
import { auditRepo } from '../audit/audit.repo';
import type { AuditEventName } from '../audit/audit-events';
import { type CampaignRow, campaignsRepo } from '../campaigns/campaigns.repo';
import type { BlobStore } from '../evidence/blob-store';
import type { FileDownload, UploadSource } from '../evidence/evidence.service';
import { INLINE_MIME_TYPES } from '../evidence/sniff';
import { notificationsRepo } from '../notifications/notifications.repo';
import type { ScorecardAccess } from '../scorecards/scorecard-access';
import { type ScorecardRow, scorecardsRepo } from '../scorecards/scorecards.repo';
import type { Ctx, ServiceDeps } from '../shared/context';
import { type AttachmentRow, appraisalRepo, type DecisionRow, type ExplanationRow } from './appraisal.repo';
import {
  type CampaignUnitResult,
  campaignResults,
  groupByScorecard,
  toDecision,
  toSelfAnswer,
  totalsView,
} from './appraisal-results';

export interface AppraisalServiceDeps extends ServiceDeps {
  blobs: BlobStore;
  access: ScorecardAccess;
  maxBytes: number;
}

interface Loaded {
  scorecard: ScorecardRow;
  campaign: CampaignRow;
  document: IndexSetDocument;
  appraiserIds: string[];
  resource: { type: 'scorecard'; unitId: string; appraiserIds: string[] };
}

/** How many supplementary files one explanation or appeal may carry. */
const ATTACHMENTS_MAX = APPRAISAL_LIMITS.attachmentsMax;

/** Phases after leadership's approval: results change only by amendment (issue 5 §6). */
const FROZEN_PHASES: readonly CampaignPhase[] = ['APPROVED', 'PUBLISHED', 'CLOSED'];

function leafPaths(doc: IndexSetDocument): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const walk = (item: Node | Leaf, trail: string[]) => {
    if (isLeaf(item)) {
      paths.set(item.code, trail);
      return;
    }
    for (const child of item.children) {
      walk(child, [...trail, `${item.code}. ${item.name}`]);
    }
  };
  for (const field of doc.nodes) {
    walk(field, []);
  }
  for (const item of doc.adjustments?.bonus?.items ?? []) {
    paths.set(item.code, ['Điểm thưởng']);
  }
  for (const item of doc.adjustments?.penalty?.items ?? []) {
    paths.set(item.code, ['Điểm trừ']);
  }
  return paths;
}

function attachmentView(a: AttachmentRow): AttachmentView {
  return {
    id: a.id,
    filename: a.filename,
    sizeBytes: a.sizeBytes,
    mimeType: a.mimeType,
    sha256: a.blobSha256,
    uploadedByName: a.uploadedByName,
    uploadedAt: a.uploadedAt,
  };
}

/** Appeal rows with their units → the campaign-wide list (council view and appeals list alike). */
function campaignAppealViews(
  appeals: readonly (AppealTable & {
    unitCode: string;
    unitName: string;
    filedByName: string;
    decidedByName: string | null;
  })[],
  attachments: readonly AttachmentRow[],
): CampaignAppealView[] {
  const filesOf = new Map<string, AttachmentView[]>();
  for (const a of attachments) {
    if (a.ownerType === 'APPEAL') {
      filesOf.set(a.ownerId, [...(filesOf.get(a.ownerId) ?? []), attachmentView(a)]);
    }
  }
  return appeals.map((x) => ({
    id: x.id,
    scorecardId: x.scorecardId,
    unitCode: x.unitCode,
    unitName: x.unitName,
    leafCode: x.leafCode,
    grounds: x.grounds,
    status: x.status as AppealStatus,
    filedByName: x.filedByName,
    filedAt: x.filedAt,
    decidedByName: x.decidedByName,
    decidedAt: x.decidedAt,
    decisionReason: x.decisionReason,
    amendmentId: x.amendmentId,
    files: filesOf.get(x.id) ?? [],
  }));
}

/** Working group, explanations, council, leadership approval, amendments and appeals (issue 5). */
export function createAppraisalService({ db, clock, blobs, access, maxBytes }: AppraisalServiceDeps) {
  /** Full name of a user, or null (the scorecards repo's lookup, for nullable columns). */
  const nameOf = async (userId: string | null) => (userId ? scorecardsRepo(db).userName(userId) : null);

  // ------------------------------------------------------------------ loading and access
  async function loadRaw(
    scorecardId: string,
  ): Promise<Omit<Loaded, 'resource'> & { resource: Loaded['resource'] }> {
    const scorecard = await scorecardsRepo(db).findById(scorecardId);
    if (!scorecard) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu đánh giá.');
    }
    const campaign = (await campaignsRepo(db).findById(scorecard.campaignId))!;
    const document = await access.documentOf(campaign.indexSetId);
    const appraiserIds = await scorecardsRepo(db).appraiserIds(scorecard.id);
    return {
      scorecard,
      campaign,
      document,
      appraiserIds,
      resource: { type: 'scorecard', unitId: scorecard.unitId, appraiserIds },
    };
  }

  async function denied(ctx: Ctx, loaded: Loaded, action: Action): Promise<never> {
    await auditRepo(db).append({
      at: clock.now(),
      actorUserId: ctx.actor.userId,
      action: 'appraisal.accessDenied',
      entityType: 'scorecard',
      entityId: loaded.scorecard.id,
      data: { unitId: loaded.scorecard.unitId, action },
      ip: ctx.ip,
    });
    // A working-group member gets the precise reason: their own unit, or not assigned to them.
    const isMember = ctx.actor.roles.some((g) => g.role === 'WORKING_GROUP');
    if (isMember && (action === 'appraisal.review' || action === 'appraisal.read')) {
      const mine = await appraisalRepo(db).unitsOfUser(ctx.actor.userId);
      if (
        ownUnits(ctx.actor).includes(loaded.scorecard.unitId) ||
        mine?.units.includes(loaded.scorecard.unitId)
      ) {
        throw new AppError('CONFLICT_OF_INTEREST');
      }
      if (!canEverywhere(ctx.actor, action)) {
        throw new AppError('NOT_ASSIGNED');
      }
    }
    throw new AppError('FORBIDDEN');
  }

  /** The scorecard when the actor may take `action` on it (policy with its current appraisers). */
  async function load(ctx: Ctx, scorecardId: string, action: Action): Promise<Loaded> {
    const loaded = await loadRaw(scorecardId);
    if (!can(ctx.actor, action, loaded.resource)) {
      await denied(ctx, loaded, action);
    }
    // A campaign in set-up is the Office's draft: its scorecards do not exist for anyone else
    // (as in scorecard-access.ts).
    if (
      loaded.campaign.phase === 'SETUP' &&
      !can(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId: loaded.campaign.id })
    ) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu đánh giá.');
    }
    if (action === 'appraisal.review') {
      // The session's actor may predate a change of the member's unit: ask the database too.
      const mine = await appraisalRepo(db).unitsOfUser(ctx.actor.userId);
      if (mine?.units.includes(loaded.scorecard.unitId)) {
        await denied(ctx, { ...loaded, resource: { ...loaded.resource, appraiserIds: [] } }, action);
      }
    }
    return loaded;
  }

  function frozenOr(campaign: CampaignRow, allowed: readonly CampaignPhase[], message: string): void {
    const phase = campaign.phase as CampaignPhase;
    if (allowed.includes(phase)) {
      return;
    }
    if (FROZEN_PHASES.includes(phase)) {
      throw new AppError('RESULTS_FROZEN');
    }
    throw new AppError('INVALID_STATE_TRANSITION', message);
  }

  function leafOf(loaded: Loaded, leafCode: string): AnswerableLeaf {
    const leaf = answerableLeaves(loaded.document, loaded.scorecard.groupCode).get(leafCode);
    if (!leaf) {
      throw new AppError('NOT_FOUND', `Tiêu chí “${leafCode}” không áp dụng cho đơn vị này.`);
    }
    return leaf;
  }

  async function scoresOf(
    loaded: Loaded,
    handle: Database = db,
  ): Promise<{ scores: UnitScores; decisions: DecisionRow[] }> {
    const [answers, decisions] = await Promise.all([
      scorecardsRepo(handle).answers(loaded.scorecard.id),
      appraisalRepo(handle).decisions(loaded.scorecard.id),
    ]);
    const scores = unitScores(
      loaded.document,
      { code: loaded.scorecard.id, group: loaded.scorecard.groupCode },
      answers.map(toSelfAnswer),
      decisions.map(toDecision),
    );
    return { scores, decisions };
  }

  /** The stage a decision by the working group lands in now, or null. */
  function reviewStage(status: ScorecardStatus): ReviewStage | null {
    return status === 'IN_REVIEW' ? 'ROUND1' : status === 'RE_REVIEW' ? 'ROUND2' : null;
  }

  function problemError(problem: { code: string; message: string; max?: number }): AppError {
    const code: ErrorCode =
      problem.code === 'SCORE_OUT_OF_RANGE'
        ? 'SCORE_OUT_OF_RANGE'
        : problem.code === 'REASON_REQUIRED'
          ? 'REASON_REQUIRED'
          : 'VALIDATION_ERROR';
    const field =
      problem.code === 'SCORE_OUT_OF_RANGE'
        ? 'points'
        : problem.code === 'REASON_REQUIRED'
          ? 'reason'
          : 'kind';
    return new AppError(code, problem.message, {
      fields: { [field]: problem.message },
      ...(problem.max !== undefined ? { details: { maxPoints: problem.max } } : {}),
    });
  }

  async function audit(
    tx: Database,
    ctx: Ctx,
    action: AuditEventName,
    entityType: string,
    entityId: string,
    data: unknown,
  ) {
    await auditRepo(tx).append({
      at: clock.now(),
      actorUserId: ctx.actor.userId,
      action,
      entityType,
      entityId,
      data: data as Record<string, unknown>,
      ip: ctx.ip,
    });
  }

  function snapshotRows(
    results: readonly { scorecardId: string; scores: UnitScores; rank: number | null }[],
    milestone: SnapshotMilestone,
    by: string,
    at: string,
  ) {
    return results.map((r) => ({
      id: newId(),
      scorecardId: r.scorecardId,
      milestone,
      data: JSON.stringify({
        self: totalsView(r.scores.self),
        appraised: totalsView(r.scores.appraised),
        final: totalsView(r.scores.final),
        rank: r.rank,
        leaves: r.scores.leaves,
      }),
      takenBy: by,
      takenAt: at,
    }));
  }

  /**
   * A transaction that first takes the campaign row while it is still in one of `phases`: on
   * PostgreSQL a row lock until commit, so an appraisal step and a phase change of the campaign
   * (approval, return, close) never interleave; SQLite runs one writer at a time anyway.
   */
  async function phaseTx<T>(
    campaignId: string,
    phases: readonly CampaignPhase[],
    fn: (tx: Database) => Promise<T>,
  ): Promise<T> {
    return inTransaction(db, async (tx) => {
      const phase = await appraisalRepo(tx).lockCampaign(campaignId);
      if (phase === null || !phases.includes(phase as CampaignPhase)) {
        throw FROZEN_PHASES.includes(phase as CampaignPhase)
          ? new AppError('RESULTS_FROZEN')
          : new AppError('INVALID_STATE_TRANSITION', 'Kỳ đánh giá vừa chuyển sang bước khác; tải lại trang.');
      }
      return fn(tx);
    });
  }

  /**
   * Runs a computation of results after a change inside a transaction: a change that leaves a
   * unit without any applicable criterion (maximum 0) cannot be scored — refused, rolled back.
   */
  async function mustStillScore<T>(compute: () => Promise<T>): Promise<T> {
    try {
      return await compute();
    } catch (error) {
      if (error instanceof Error && error.message.includes('no longer scores')) {
        throw new AppError(
          'VALIDATION_ERROR',
          'Sau thay đổi này đơn vị không còn tiêu chí nào áp dụng nên không tính được chỉ số; không có gì được lưu.',
          { fields: { leafCode: 'Không thể khai báo không áp dụng cho mọi tiêu chí.' } },
        );
      }
      throw error;
    }
  }

  /**
   * The stage whose decisions a caller does not see yet: the unit sees a round once the member
   * has sent or finished it, not its drafts (they may still change or be withdrawn). The Office,
   * council, leadership and the assigned member see everything.
   */
  function hiddenStageFor(ctx: Ctx, resource: Loaded['resource'], status: string): ReviewStage | null {
    if (canEverywhere(ctx.actor, 'appraisal.read') || can(ctx.actor, 'appraisal.review', resource)) {
      return null;
    }
    return status === 'IN_REVIEW' ? 'ROUND1' : status === 'RE_REVIEW' ? 'ROUND2' : null;
  }

  /** Two writers of one scorecard's decisions at once meet at its sequence key: a conflict, not a 500. */
  async function conflictOnRace<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('EDIT_CONFLICT', 'Người khác vừa thay đổi cùng lúc; tải lại trang rồi thử lại.');
      }
      throw error;
    }
  }

  // ------------------------------------------------------------------ views
  async function view(ctx: Ctx, loaded: Loaded): Promise<AppraisalView> {
    const { scorecard, campaign, document } = loaded;
    const repo = appraisalRepo(db);
    const r = scorecardsRepo(db);
    const [
      unit,
      answers,
      allDecisions,
      allExplanations,
      attachments,
      specials,
      snapshots,
      amendments,
      appeals,
      assignments,
      evidence,
    ] = await Promise.all([
      r.unitOf(scorecard.unitId),
      r.answers(scorecard.id),
      repo.decisions(scorecard.id),
      repo.explanations(scorecard.id),
      repo.attachments(scorecard.id),
      repo.specialCases([scorecard.id]),
      repo.snapshots(scorecard.id),
      repo.amendments(scorecard.id),
      repo.appeals([scorecard.id]),
      repo.activeAssignments([scorecard.id]),
      r.evidence(scorecard.id),
    ]);
    // The unit sees a round's decisions and requests once the member has sent or finished it,
    // not the drafts of a round in progress (they may still change or be withdrawn).
    const hiddenStage = hiddenStageFor(ctx, loaded.resource, scorecard.status);
    const decisions = allDecisions.filter((d) => d.stage !== hiddenStage);
    const explanations = hiddenStage === 'ROUND1' ? [] : allExplanations;
    const selfAnswers = answers.map(toSelfAnswer);
    const scores = unitScores(
      document,
      { code: scorecard.id, group: scorecard.groupCode },
      selfAnswers,
      decisions.map(toDecision),
    );
    const status = scorecard.status as ScorecardStatus;
    const phase = campaign.phase as CampaignPhase;
    const now = clock.now();
    const canReview = can(ctx.actor, 'appraisal.review', loaded.resource) && phase === 'APPRAISAL';
    const stage = canReview ? reviewStage(status) : null;
    const canCouncil = can(ctx.actor, 'council.decide', loaded.resource);
    const canRespond = can(ctx.actor, 'explanation.respond', loaded.resource) && status === 'EXPLANATION';
    const byLeafDecisions = new Map<string, DecisionRow[]>();
    for (const d of decisions) {
      byLeafDecisions.set(d.leafCode, [...(byLeafDecisions.get(d.leafCode) ?? []), d]);
    }
    const explanationByLeaf = new Map(explanations.map((e) => [e.leafCode, e]));
    const filesOf = (type: string, id: string) =>
      attachments.filter((a) => a.ownerType === type && a.ownerId === id).map(attachmentView);
    const explanationView = (e: ExplanationRow) => {
      const open = status === 'EXPLANATION' && !isPast(e.dueDate, now);
      return {
        id: e.id,
        leafCode: e.leafCode,
        question: e.question,
        dueDate: e.dueDate,
        requestedByName: e.requestedByName,
        requestedAt: e.requestedAt,
        response: e.response,
        respondedByName: e.respondedByName,
        respondedAt: e.respondedAt,
        status: (e.respondedAt !== null ? 'ANSWERED' : open || status === 'IN_REVIEW' ? 'OPEN' : 'CLOSED') as
          | 'OPEN'
          | 'ANSWERED'
          | 'CLOSED',
        files: filesOf('EXPLANATION', e.id),
        canRespond: canRespond && open,
      };
    };
    const decisionView = (d: DecisionRow) => ({
      id: d.id,
      stage: d.stage as ReviewStage,
      kind: d.kind as 'ACCEPT' | 'ADJUST' | 'NOT_APPLICABLE',
      points: d.points,
      reasonCode: (d.reasonCode as AdjustmentReason | null) ?? null,
      reason: d.reason,
      evidenceInsufficient: d.evidenceInsufficient === 1,
      byName: d.byName,
      at: d.createdAt,
      specialCaseId: d.specialCaseId,
      amendmentId: d.amendmentId,
    });
    const paths = leafPaths(document);
    const evidenceCount = new Map<string, number>();
    for (const e of evidence) {
      evidenceCount.set(e.leafCode, (evidenceCount.get(e.leafCode) ?? 0) + 1);
    }
    const selfBy = new Map(selfAnswers.map((a) => [a.leafCode, a]));
    const notes = new Map(answers.map((a) => [a.leafCode, a.note]));
    const leafScores = new Map(scores.leaves.map((l) => [l.leafCode, l]));
    const selfExplanations = new Map(scores.self.leaves.map((l) => [l.code, l.explanation]));
    const leaves = [...answerableLeaves(document, scorecard.groupCode)].map(([code, { leaf, kind }]) => {
      const own = byLeafDecisions.get(code) ?? [];
      const current = own.length > 0 ? own[own.length - 1]! : null;
      const a = selfBy.get(code);
      const ls = leafScores.get(code)!;
      const exp = explanationByLeaf.get(code) ?? null;
      const insufficient = [...own].reverse().find((d) => d.stage === 'ROUND1' || d.stage === 'ROUND2');
      const evidenceInsufficient = insufficient?.evidenceInsufficient === 1;
      return {
        leafCode: code,
        name: leaf.name,
        kind,
        path: paths.get(code) ?? [],
        maxPoints: toHundredths(leaf.maxPoints),
        self: {
          points: ls.self,
          naClaimed: a?.naClaimed ?? false,
          naReason: a?.naReason ?? '',
          explanation: selfExplanations.get(code) ?? (a?.naClaimed ? 'Đề nghị không áp dụng' : 'Chưa chấm'),
          note: notes.get(code) ?? '',
          noEvidenceReason: a?.noEvidenceReason ?? '',
          evidenceCount: evidenceCount.get(code) ?? 0,
        },
        ...(ls.appraised !== undefined ? { appraised: ls.appraised } : {}),
        ...(ls.final !== undefined ? { final: ls.final } : {}),
        current: current ? decisionView(current) : null,
        decisions: own.map(decisionView),
        evidenceInsufficient,
        explanation: exp ? explanationView(exp) : null,
        disputed: isDisputed(ls, { explanationRequested: exp !== null, evidenceInsufficient }),
        canDecide: stage !== null,
      };
    });
    const allowed: AppraisalView['allowedActions'] = [];
    if (stage !== null) {
      allowed.push('appraisal.review');
    }
    if (stage === 'ROUND1') {
      allowed.push('appraisal.acceptRemaining', 'appraisal.requestExplanation');
    }
    if (canRespond) {
      allowed.push('explanation.respond');
    }
    if (canCouncil && phase === 'COUNCIL' && status === 'REVIEWED') {
      allowed.push('council.decide');
    }
    const appealOpen =
      phase === 'PUBLISHED' && campaign.appealUntil !== null && !isPast(campaign.appealUntil, now);
    if (appealOpen && can(ctx.actor, 'appeal.file', loaded.resource)) {
      allowed.push('appeal.file');
    }
    if (canCouncil && (phase === 'APPROVED' || phase === 'PUBLISHED')) {
      allowed.push('amendment.create');
      if (appeals.some((x) => x.status === 'FILED')) {
        allowed.push('appeal.decide');
      }
    }
    const transitions = SCORECARD_TRANSITIONS.filter(
      (t) =>
        t.from === status &&
        t.action !== 'submit' &&
        t.action !== 'return' &&
        t.action !== 'startReview' &&
        can(ctx.actor, t.permission, loaded.resource) &&
        // Round 1 ends by sending the explanation requests when there are any, by completing otherwise.
        !(t.action === 'requestExplanations' && explanations.length === 0) &&
        !(t.from === 'IN_REVIEW' && t.action === 'completeReview' && explanations.length > 0) &&
        (t.action === 'councilApprove' || t.action === 'councilReopen'
          ? phase === 'COUNCIL'
          : phase === 'APPRAISAL'),
    ).map((t) => t.action);
    return {
      scorecardId: scorecard.id,
      rowVersion: scorecard.rowVersion,
      status,
      campaign: { id: campaign.id, name: campaign.name, phase, appealUntil: campaign.appealUntil },
      unit: { id: unit.id, code: unit.code, name: unit.name, groupCode: scorecard.groupCode },
      submittedAt: scorecard.submittedAt,
      appraisers: assignments.map((x) => ({ userId: x.userId, fullName: x.fullName })),
      decisionStage: stage,
      self: totalsView(scores.self),
      appraised: totalsView(scores.appraised),
      final: totalsView(scores.final),
      leaves,
      // What still needs a decision in the current round: round 2 needs every explained leaf anew.
      undecidedCount:
        status === 'RE_REVIEW'
          ? explanations.filter(
              (e) => !decisions.some((d) => d.stage === 'ROUND2' && d.leafCode === e.leafCode),
            ).length
          : scores.undecided.length,
      specialCases: specials.map((c) => ({
        id: c.id,
        kind: c.kind as 'SCORE_CHANGE' | 'NOT_APPLICABLE' | 'OTHER',
        leafCode: c.leafCode,
        points: c.points,
        reason: c.reason,
        decisionText: c.decisionText,
        meetingId: c.meetingId,
        byName: c.byName,
        at: c.createdAt,
      })),
      // Same instant (a fixed clock, or one transaction) → the plan's order of milestones.
      snapshots: [...snapshots]
        .sort(
          (a, b) =>
            a.takenAt.localeCompare(b.takenAt) ||
            SNAPSHOT_MILESTONES.indexOf(a.milestone as SnapshotMilestone) -
              SNAPSHOT_MILESTONES.indexOf(b.milestone as SnapshotMilestone),
        )
        .map((s) => {
          const data = JSON.parse(s.data) as {
            self: AppraisalView['self'];
            appraised: AppraisalView['self'];
            final: AppraisalView['self'];
            rank: number | null;
          };
          return {
            id: s.id,
            milestone: s.milestone as SnapshotMilestone,
            takenAt: s.takenAt,
            byName: s.byName,
            self: data.self,
            appraised: data.appraised,
            final: data.final,
            rank: data.rank,
          };
        }),
      amendments: amendments.map((m) => ({
        id: m.id,
        kind: m.kind as 'CORRECTION' | 'APPEAL',
        reason: m.reason,
        decisionText: m.decisionText,
        changes: JSON.parse(m.changes) as {
          leafCode: string;
          before?: number | null;
          after: number | null;
        }[],
        diff: JSON.parse(m.diff) as ResultDiff,
        byName: m.byName,
        at: m.createdAt,
      })),
      appeals: appeals.map((x) => ({
        id: x.id,
        leafCode: x.leafCode,
        grounds: x.grounds,
        status: x.status as 'FILED' | 'ACCEPTED' | 'REJECTED',
        filedByName: x.filedByName,
        filedAt: x.filedAt,
        decidedByName: x.decidedByName,
        decidedAt: x.decidedAt,
        decisionReason: x.decisionReason,
        amendmentId: x.amendmentId,
        files: filesOf('APPEAL', x.id),
      })),
      councilApprovedAt: scorecard.councilApprovedAt,
      councilApprovedByName: await nameOf(scorecard.councilApprovedBy),
      transitions,
      allowedActions: allowed,
    };
  }

  async function reload(ctx: Ctx, scorecardId: string): Promise<AppraisalView> {
    return view(ctx, await load(ctx, scorecardId, 'appraisal.read'));
  }

  function appraisalRow(
    r: CampaignUnitResult,
    appraisers: { userId: string; fullName: string }[],
    specials: number,
  ): AppraisalRow {
    const wg = r.scores.leaves.filter((l) => l.appraised !== undefined).length;
    return {
      scorecardId: r.scorecardId,
      unit: { id: r.unitId, code: r.unitCode, name: r.unitName, groupCode: r.groupCode },
      status: r.status as ScorecardStatus,
      submittedAt: r.submittedAt,
      appraisers,
      selfPoints: totalPoints(r.scores.self),
      appraisedPoints: totalPoints(r.scores.appraised),
      finalPoints: totalPoints(r.scores.final),
      maxPoints: r.scores.final.maxPoints,
      selfIndex: r.scores.self.indexPercent,
      appraisedIndex: r.scores.appraised.indexPercent,
      finalIndex: r.scores.final.indexPercent,
      band: r.scores.final.band,
      decidedCount: wg,
      applicableCount: r.scores.leaves.length,
      openExplanations: r.openExplanations,
      disputedLeaves: r.scores.leaves
        .filter((l) =>
          isDisputed(l, {
            explanationRequested: r.explained.has(l.leafCode),
            evidenceInsufficient: r.insufficient.has(l.leafCode),
          }),
        )
        .map((l) => l.leafCode),
      specialCaseCount: specials,
    };
  }

  async function campaignOf(
    ctx: Ctx,
    campaignId: string,
  ): Promise<{ campaign: CampaignRow; document: IndexSetDocument }> {
    const campaign = await campaignsRepo(db).findById(campaignId);
    if (
      !campaign ||
      (campaign.phase === 'SETUP' && !can(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId }))
    ) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy kỳ đánh giá.');
    }
    return { campaign, document: await access.documentOf(campaign.indexSetId) };
  }

  /** Rows of a campaign the actor may see (policy per row: assigned members see only theirs). */
  async function rowsFor(ctx: Ctx, campaignId: string, document: IndexSetDocument) {
    const [results, assignments, specials] = await Promise.all([
      campaignResults(db, campaignId, document),
      appraisalRepo(db).activeAssignmentsOfCampaign(campaignId),
      appraisalRepo(db).specialCasesOfCampaign(campaignId),
    ]);
    // By scorecard once: filtering the campaign's lists for every row costs units² on a big campaign.
    const assignmentsBy = groupByScorecard(assignments);
    const specialsBy = groupByScorecard(specials);
    const appraisersOf = (scorecardId: string) => (assignmentsBy.get(scorecardId) ?? []).map((a) => a.userId);
    const visible = results.filter((r) =>
      can(ctx.actor, 'appraisal.read', {
        type: 'scorecard',
        unitId: r.unitId,
        appraiserIds: appraisersOf(r.scorecardId),
      }),
    );
    // A unit officer sees its own row as its appraisal page shows it: without the drafts of a
    // round in progress (view()). Those rows are rescored from their own answers and decisions,
    // read for all of them at once (two queries, not two per row).
    const hiddenOf = new Map<string, ReviewStage>();
    for (const r of visible) {
      const hidden = hiddenStageFor(
        ctx,
        { type: 'scorecard', unitId: r.unitId, appraiserIds: appraisersOf(r.scorecardId) },
        r.status,
      );
      if (hidden !== null) {
        hiddenOf.set(r.scorecardId, hidden);
      }
    }
    const [hiddenAnswers, hiddenDecisions] = await Promise.all([
      appraisalRepo(db).answersOf([...hiddenOf.keys()]),
      appraisalRepo(db).decisionsOf([...hiddenOf.keys()]),
    ]);
    const hiddenAnswersBy = groupByScorecard(hiddenAnswers);
    const hiddenDecisionsBy = groupByScorecard(hiddenDecisions);
    const shown: CampaignUnitResult[] = visible.map((r) => {
      const hidden = hiddenOf.get(r.scorecardId);
      if (hidden === undefined) {
        return r;
      }
      const kept = (hiddenDecisionsBy.get(r.scorecardId) ?? []).filter((d) => d.stage !== hidden);
      return {
        ...r,
        scores: unitScores(
          document,
          { code: r.scorecardId, group: r.groupCode },
          (hiddenAnswersBy.get(r.scorecardId) ?? []).map(toSelfAnswer),
          kept.map(toDecision),
        ),
        explained: hidden === 'ROUND1' ? new Set() : r.explained,
        openExplanations: hidden === 'ROUND1' ? 0 : r.openExplanations,
        insufficient: new Set(kept.filter((d) => d.evidenceInsufficient === 1).map((d) => d.leafCode)),
      };
    });
    return {
      results,
      visible,
      rows: shown.map((r) =>
        appraisalRow(
          r,
          (assignmentsBy.get(r.scorecardId) ?? []).map((a) => ({ userId: a.userId, fullName: a.fullName })),
          specialsBy.get(r.scorecardId)?.length ?? 0,
        ),
      ),
      specials,
    };
  }

  /** Validates leaf changes of an amendment or an accepted appeal; returns the decisions to store. */
  function checkChanges(
    loaded: Loaded,
    scores: UnitScores,
    changes: readonly {
      leafCode: string;
      kind: 'ADJUST' | 'NOT_APPLICABLE';
      points?: number | null | undefined;
    }[],
    reason: string,
  ) {
    const seen = new Set<string>();
    return changes.map((c) => {
      if (seen.has(c.leafCode)) {
        throw new AppError('VALIDATION_ERROR', `Tiêu chí ${c.leafCode} được nêu hai lần.`, {
          fields: { changes: 'Trùng tiêu chí.' },
        });
      }
      seen.add(c.leafCode);
      const target = leafOf(loaded, c.leafCode);
      const current = scores.leaves.find((l) => l.leafCode === c.leafCode)!;
      const input: DecisionInput = { kind: c.kind, points: c.points ?? null, reason };
      const checked = checkDecision(
        { code: c.leafCode, maxPoints: target.leaf.maxPoints, kind: target.kind },
        { points: current.self ?? 0, naClaimed: current.self === null },
        'AMENDMENT',
        input,
      );
      if (!checked.ok) {
        throw problemError(checked.problem);
      }
      const before =
        current.final !== undefined
          ? current.final
          : current.appraised !== undefined
            ? current.appraised
            : current.self;
      return { leafCode: c.leafCode, decision: checked.decision, before };
    });
  }

  /** One campaign's rank of a unit and its totals, for before/after comparison. */
  function diffOf(before: CampaignUnitResult, after: CampaignUnitResult): ResultDiff {
    return {
      indexBefore: before.scores.final.indexPercent,
      indexAfter: after.scores.final.indexPercent,
      pointsBefore: totalPoints(before.scores.final),
      pointsAfter: totalPoints(after.scores.final),
      bandBefore: before.scores.final.band,
      bandAfter: after.scores.final.band,
      rankBefore: before.rank,
      rankAfter: after.rank,
    };
  }

  /**
   * An amendment after approval (a correction, or an accepted appeal): new AMENDMENT decisions,
   * the unit's results recomputed with index, band and rank before and after, a snapshot — all
   * in the caller's transaction. The earlier values stay (decisions are never overwritten).
   */
  async function amend(
    tx: Database,
    ctx: Ctx,
    loaded: Loaded,
    input: {
      kind: 'CORRECTION' | 'APPEAL';
      appealId: string | null;
      reason: string;
      decisionText: string;
      changes: AmendmentInput['changes'];
    },
  ) {
    const now = clock.now().toISOString();
    const before = await campaignResults(tx, loaded.campaign.id, loaded.document);
    const mine = before.find((r) => r.scorecardId === loaded.scorecard.id)!;
    const checked = checkChanges(loaded, mine.scores, input.changes, input.reason);
    const amendmentId = newId();
    let seq = await appraisalRepo(tx).nextSeq(loaded.scorecard.id);
    // The amendment row first (the decisions reference it); its diff is filled once computed.
    await appraisalRepo(tx).insertAmendment({
      id: amendmentId,
      scorecardId: loaded.scorecard.id,
      kind: input.kind,
      appealId: input.appealId,
      reason: input.reason,
      decisionText: input.decisionText,
      changes: JSON.stringify(
        checked.map((c) => ({ leafCode: c.leafCode, before: c.before, after: c.decision.points })),
      ),
      diff: '{}',
      createdBy: ctx.actor.userId,
      createdAt: now,
    });
    await appraisalRepo(tx).insertDecisions(
      checked.map((c) => ({
        id: newId(),
        scorecardId: loaded.scorecard.id,
        leafCode: c.leafCode,
        stage: 'AMENDMENT',
        kind: c.decision.kind,
        points: c.decision.points,
        reasonCode: null,
        reason: c.decision.reason,
        evidenceInsufficient: 0,
        specialCaseId: null,
        amendmentId,
        seq: seq++,
        createdBy: ctx.actor.userId,
        createdAt: now,
      })),
    );
    const after = await mustStillScore(() => campaignResults(tx, loaded.campaign.id, loaded.document));
    const mineAfter = after.find((r) => r.scorecardId === loaded.scorecard.id)!;
    const diff = diffOf(mine, mineAfter);
    await appraisalRepo(tx).setAmendmentDiff(amendmentId, JSON.stringify(diff));
    await appraisalRepo(tx).insertSnapshots(snapshotRows([mineAfter], 'AMENDMENT', ctx.actor.userId, now));
    await audit(tx, ctx, 'appraisal.amended', 'scorecard', loaded.scorecard.id, {
      amendmentId,
      kind: input.kind,
      appealId: input.appealId,
      reason: input.reason,
      changes: checked.map((c) => ({ leafCode: c.leafCode, before: c.before, after: c.decision.points })),
      diff,
    });
    await notificationsRepo(tx).notifyUnit(loaded.scorecard.unitId, {
      campaignId: loaded.campaign.id,
      kind: 'RESULT_AMENDED',
      title: `Kết quả được điều chỉnh — ${loaded.campaign.name}`,
      body: `Hội đồng thẩm định đã điều chỉnh kết quả của đơn vị. Lý do: ${input.reason}`,
      link: `/scorecards/${loaded.scorecard.id}/appraisal`,
      createdAt: now,
    });
    return { amendmentId, diff };
  }

  async function attach(
    ctx: Ctx,
    loaded: Loaded,
    owner: { type: 'EXPLANATION' | 'APPEAL'; id: string },
    upload: UploadSource,
    recheck: () => Promise<void>,
  ): Promise<void> {
    if ((await appraisalRepo(db).countAttachments(owner.type, owner.id)) >= ATTACHMENTS_MAX) {
      throw new AppError('CONFLICT', `Tối đa ${ATTACHMENTS_MAX} tệp cho mỗi giải trình/kiến nghị.`);
    }
    const { file } = await upload.read();
    if (!file) {
      throw new AppError('VALIDATION_ERROR', 'Chưa chọn tệp.', { fields: { file: 'Chưa chọn tệp.' } });
    }
    const stored = await blobs.storeUpload(file.stream, { maxBytes, filename: file.filename });
    // The upload may have taken minutes: the round may have closed meanwhile.
    await recheck();
    const now = clock.now().toISOString();
    const id = newId();
    await inTransaction(db, async (tx) => {
      await appraisalRepo(tx).insertAttachment({
        id,
        scorecardId: loaded.scorecard.id,
        ownerType: owner.type,
        ownerId: owner.id,
        blobSha256: stored.sha256,
        filename: stored.filename,
        uploadedBy: ctx.actor.userId,
        uploadedAt: now,
        deletedAt: null,
        deletedBy: null,
      });
      await audit(tx, ctx, 'appraisal.fileAdded', 'scorecard', loaded.scorecard.id, {
        attachmentId: id,
        owner,
        sha256: stored.sha256,
        filename: stored.filename,
        sizeBytes: stored.sizeBytes,
      });
    });
  }

  /** Checks that the unit may still answer this explanation request now. */
  async function loadExplanation(ctx: Ctx, requestId: string) {
    const request = await appraisalRepo(db).findExplanation(requestId);
    if (!request) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy yêu cầu giải trình.');
    }
    const loaded = await load(ctx, request.scorecardId, 'explanation.respond');
    if (loaded.scorecard.status !== 'EXPLANATION' || loaded.campaign.phase !== 'APPRAISAL') {
      throw new AppError(
        'SCORECARD_LOCKED',
        'Vòng giải trình đã kết thúc hoặc chưa mở; không gửi được giải trình.',
      );
    }
    if (isPast(request.dueDate, clock.now())) {
      throw new AppError(
        'DEADLINE_PASSED',
        `Đã quá hạn giải trình (hết ngày ${request.dueDate.split('-').reverse().join('/')}).`,
        { details: { dueDate: request.dueDate } },
      );
    }
    return { request, loaded };
  }

  async function loadAppeal(ctx: Ctx, appealId: string, action: Action) {
    const appeal = await appraisalRepo(db).findAppeal(appealId);
    if (!appeal) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy kiến nghị.');
    }
    return { appeal, loaded: await load(ctx, appeal.scorecardId, action) };
  }

  function appealWindowOpen(campaign: CampaignRow): boolean {
    return (
      campaign.phase === 'PUBLISHED' &&
      campaign.appealUntil !== null &&
      !isPast(campaign.appealUntil, clock.now())
    );
  }

  return {
    // ================================================================ working group
    /** The caller's units to appraise now (empty for anyone who is not an assigned member). */
    async myAssignments(ctx: Ctx): Promise<MyAssignment[]> {
      const rows = await appraisalRepo(db).myAssignments(ctx.actor.userId);
      return rows
        .filter((r) =>
          // The policy still decides (e.g. a member who meanwhile joined that unit sees it no more).
          can(ctx.actor, 'appraisal.review', {
            type: 'scorecard',
            unitId: r.unitId,
            appraiserIds: [ctx.actor.userId],
          }),
        )
        .map((r) => ({
          scorecardId: r.scorecardId,
          campaignId: r.campaignId,
          campaignName: r.campaignName,
          unit: { code: r.code, name: r.name },
          status: r.status as ScorecardStatus,
        }));
    },

    async overview(ctx: Ctx, campaignId: string): Promise<AppraisalOverview> {
      const { campaign, document } = await campaignOf(ctx, campaignId);
      if (!can(ctx.actor, 'appraisal.read') && !can(ctx.actor, 'appraisal.assign')) {
        throw new AppError('FORBIDDEN');
      }
      const { rows } = await rowsFor(ctx, campaignId, document);
      const canAssign = can(ctx.actor, 'appraisal.assign', { type: 'campaign', campaignId });
      const candidates = canAssign
        ? (await appraisalRepo(db).workingGroupMembers()).map((m) => ({
            userId: m.id,
            fullName: m.fullName,
            homeUnitId: m.homeUnitId,
            homeUnitName: m.homeUnitName,
          }))
        : [];
      return {
        campaignId,
        campaignName: campaign.name,
        phase: campaign.phase as CampaignPhase,
        rows,
        candidates: [...new Map(candidates.map((c) => [c.userId, c])).values()],
        canAssign: canAssign && !FROZEN_PHASES.includes(campaign.phase as CampaignPhase),
      };
    },

    /** The Office assigns working-group members; never a member of the unit itself (issue 5 §1). */
    async saveAppraisers(ctx: Ctx, scorecardId: string, userIds: readonly string[]): Promise<AppraisalRow> {
      const loaded = await load(ctx, scorecardId, 'appraisal.assign');
      frozenOr(
        loaded.campaign,
        ['SELF_ASSESSMENT', 'SELF_ASSESSMENT_LOCKED', 'APPRAISAL', 'COUNCIL', 'GUIDANCE_ISSUED'],
        'Chưa thể phân công ở giai đoạn này.',
      );
      const wanted = [...new Set(userIds)];
      const fields: Record<string, string> = {};
      const users = await appraisalRepo(db).unitsOfUsers(wanted);
      for (const userId of wanted) {
        const user = users.get(userId);
        if (!user?.active || !user.roles.includes('WORKING_GROUP')) {
          fields[userId] = 'Không phải thành viên Tổ giúp việc đang hoạt động.';
        } else if (user.units.includes(loaded.scorecard.unitId)) {
          const name = user.fullName;
          throw new AppError(
            'CONFLICT_OF_INTEREST',
            `${name} công tác tại chính đơn vị này nên không được phân công thẩm định (xung đột lợi ích).`,
            { fields: { userIds: 'Xung đột lợi ích.' }, details: { userId } },
          );
        }
      }
      if (Object.keys(fields).length > 0) {
        throw new AppError('VALIDATION_ERROR', 'Có người được chọn không phải thành viên Tổ giúp việc.', {
          fields,
        });
      }
      const now = clock.now().toISOString();
      await phaseTx(
        loaded.campaign.id,
        ['SELF_ASSESSMENT', 'SELF_ASSESSMENT_LOCKED', 'APPRAISAL', 'COUNCIL', 'GUIDANCE_ISSUED'],
        async (tx) => {
          const repo = appraisalRepo(tx);
          const current = (await repo.activeAssignments([scorecardId])).map((a) => a.userId);
          const added = wanted.filter((u) => !current.includes(u));
          const removed = current.filter((u) => !wanted.includes(u));
          await repo.addAssignments(
            added.map((userId) => ({ id: newId(), scorecardId, userId, by: ctx.actor.userId, at: now })),
          );
          await repo.removeAssignments(scorecardId, removed, ctx.actor.userId, now);
          await audit(tx, ctx, 'appraisal.assigned', 'scorecard', scorecardId, { added, removed });
        },
      );
      const { rows } = await rowsFor(ctx, loaded.campaign.id, loaded.document);
      return rows.find((r) => r.scorecardId === scorecardId)!;
    },

    async get(ctx: Ctx, scorecardId: string): Promise<AppraisalView> {
      return reload(ctx, scorecardId);
    },

    /** One decision on one leaf by the assigned member (round 1, or round 2 on explained leaves). */
    async decide(
      ctx: Ctx,
      scorecardId: string,
      leafCode: string,
      input: LeafDecisionInput,
    ): Promise<AppraisalView> {
      const loaded = await load(ctx, scorecardId, 'appraisal.review');
      frozenOr(loaded.campaign, ['APPRAISAL'], 'Kỳ đánh giá không ở giai đoạn thẩm định.');
      const status = loaded.scorecard.status as ScorecardStatus;
      const stage = reviewStage(status);
      if (stage === null) {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          status === 'EXPLANATION'
            ? 'Đơn vị đang giải trình; thẩm định lại sau khi kết thúc vòng giải trình.'
            : 'Phiếu không ở bước thẩm định.',
        );
      }
      const target = leafOf(loaded, leafCode);
      // Round 2 is about the explained leaves (completeReview requires them), but the member may
      // revise any leaf then — also after the Office reopened a reviewed unit (leadership's return).
      // The engine's self-score of the leaf: null only for a confirmed "not applicable" claim.
      const { scores } = await scoresOf(loaded);
      const selfPoints = scores.leaves.find((l) => l.leafCode === leafCode)?.self ?? 0;
      const checked = checkDecision(
        { code: leafCode, maxPoints: target.leaf.maxPoints, kind: target.kind },
        { points: selfPoints ?? 0, naClaimed: selfPoints === null },
        stage,
        { kind: input.kind, points: input.points ?? null, reason: input.reason ?? '' },
      );
      if (!checked.ok) {
        throw problemError(checked.problem);
      }
      const now = clock.now().toISOString();
      await conflictOnRace(() =>
        phaseTx(loaded.campaign.id, ['APPRAISAL'], async (tx) => {
          const repo = appraisalRepo(tx);
          if (!(await repo.touchIfStatus(scorecardId, status, now))) {
            throw new AppError(
              'EDIT_CONFLICT',
              'Phiếu vừa chuyển bước; quyết định không được lưu. Tải lại trang.',
            );
          }
          const own = (await repo.decisions(scorecardId)).filter((d) => d.leafCode === leafCode);
          const current = own.length > 0 ? own[own.length - 1]! : null;
          if ((current?.id ?? null) !== (input.expectedCurrentId ?? null)) {
            throw new AppError(
              'EDIT_CONFLICT',
              'Người khác vừa thẩm định tiêu chí này. Xem kết quả hiện tại rồi quyết định lại.',
              {
                details: {
                  current: current
                    ? {
                        kind: current.kind,
                        points: current.points,
                        reason: current.reason,
                        byName: current.byName,
                      }
                    : null,
                },
              },
            );
          }
          const row: ScoreDecisionTable = {
            id: newId(),
            scorecardId,
            leafCode,
            stage,
            kind: checked.decision.kind,
            points: checked.decision.points,
            reasonCode: input.kind === 'ADJUST' ? (input.reasonCode ?? null) : null,
            reason: checked.decision.reason,
            evidenceInsufficient: input.evidenceInsufficient ? 1 : 0,
            specialCaseId: null,
            amendmentId: null,
            seq: await repo.nextSeq(scorecardId),
            createdBy: ctx.actor.userId,
            createdAt: now,
          };
          await repo.insertDecisions([row]);
          await audit(tx, ctx, 'appraisal.decided', 'scorecard', scorecardId, {
            leafCode,
            stage,
            kind: row.kind,
            before: current ? current.points : selfPoints,
            after: row.points,
            reasonCode: row.reasonCode,
            reason: row.reason,
            evidenceInsufficient: row.evidenceInsufficient === 1,
          });
        }),
      );
      return reload(ctx, scorecardId);
    },

    /** "Accept all remaining": every undecided leaf without an explanation request keeps its self-score. */
    async acceptRemaining(
      ctx: Ctx,
      scorecardId: string,
      _input: AcceptRemainingInput,
    ): Promise<AppraisalView> {
      const loaded = await load(ctx, scorecardId, 'appraisal.review');
      frozenOr(loaded.campaign, ['APPRAISAL'], 'Kỳ đánh giá không ở giai đoạn thẩm định.');
      if (loaded.scorecard.status !== 'IN_REVIEW') {
        throw new AppError('INVALID_STATE_TRANSITION', 'Chỉ công nhận hàng loạt trong vòng thẩm định 1.');
      }
      const now = clock.now().toISOString();
      let accepted: string[] = [];
      await conflictOnRace(() =>
        phaseTx(loaded.campaign.id, ['APPRAISAL'], async (tx) => {
          const repo = appraisalRepo(tx);
          if (!(await repo.touchIfStatus(scorecardId, 'IN_REVIEW', now))) {
            throw new AppError('EDIT_CONFLICT', 'Phiếu vừa chuyển bước; tải lại trang.');
          }
          const { scores } = await scoresOf(loaded, tx);
          const explained = new Set((await repo.explanations(scorecardId)).map((e) => e.leafCode));
          const leaves = answerableLeaves(loaded.document, loaded.scorecard.groupCode);
          let seq = await repo.nextSeq(scorecardId);
          const rows: ScoreDecisionTable[] = [];
          for (const code of scores.undecided) {
            if (explained.has(code)) {
              continue;
            }
            const l = scores.leaves.find((x) => x.leafCode === code)!;
            const kind = leaves.get(code)?.kind;
            rows.push({
              id: newId(),
              scorecardId,
              leafCode: code,
              stage: 'ROUND1',
              kind: l.self === null && kind === 'CRITERION' ? 'NOT_APPLICABLE' : 'ACCEPT',
              points: l.self === null && kind === 'CRITERION' ? null : (l.self ?? 0),
              reasonCode: null,
              reason: '',
              evidenceInsufficient: 0,
              specialCaseId: null,
              amendmentId: null,
              seq: seq++,
              createdBy: ctx.actor.userId,
              createdAt: now,
            });
          }
          await repo.insertDecisions(rows);
          accepted = rows.map((r) => r.leafCode);
          await audit(tx, ctx, 'appraisal.acceptedRemaining', 'scorecard', scorecardId, {
            leafCodes: accepted,
          });
        }),
      );
      return reload(ctx, scorecardId);
    },

    async requestExplanation(
      ctx: Ctx,
      scorecardId: string,
      input: ExplanationRequestInput,
    ): Promise<AppraisalView> {
      const loaded = await load(ctx, scorecardId, 'appraisal.review');
      frozenOr(loaded.campaign, ['APPRAISAL'], 'Kỳ đánh giá không ở giai đoạn thẩm định.');
      if (loaded.scorecard.status !== 'IN_REVIEW') {
        throw new AppError('INVALID_STATE_TRANSITION', 'Chỉ yêu cầu giải trình trong vòng thẩm định 1.');
      }
      leafOf(loaded, input.leafCode);
      if (input.dueDate < localDateOf(clock.now())) {
        throw new AppError('VALIDATION_ERROR', 'Hạn giải trình không được ở quá khứ.', {
          fields: { dueDate: 'Hạn giải trình không được ở quá khứ.' },
        });
      }
      const now = clock.now().toISOString();
      try {
        await phaseTx(loaded.campaign.id, ['APPRAISAL'], async (tx) => {
          if (!(await appraisalRepo(tx).touchIfStatus(scorecardId, 'IN_REVIEW', now))) {
            throw new AppError('EDIT_CONFLICT', 'Phiếu vừa chuyển bước; tải lại trang.');
          }
          const id = newId();
          await appraisalRepo(tx).insertExplanation({
            id,
            scorecardId,
            leafCode: input.leafCode,
            question: input.question.normalize('NFC'),
            dueDate: input.dueDate,
            requestedBy: ctx.actor.userId,
            requestedAt: now,
            response: null,
            respondedBy: null,
            respondedAt: null,
          });
          await audit(tx, ctx, 'appraisal.explanationRequested', 'scorecard', scorecardId, {
            requestId: id,
            leafCode: input.leafCode,
            question: input.question,
            dueDate: input.dueDate,
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('CONFLICT', `Tiêu chí ${input.leafCode} đã có yêu cầu giải trình.`);
        }
        throw error;
      }
      return reload(ctx, scorecardId);
    },

    async withdrawExplanation(ctx: Ctx, scorecardId: string, requestId: string): Promise<AppraisalView> {
      const loaded = await load(ctx, scorecardId, 'appraisal.review');
      frozenOr(loaded.campaign, ['APPRAISAL'], 'Kỳ đánh giá không ở giai đoạn thẩm định.');
      const request = await appraisalRepo(db).findExplanation(requestId);
      if (!request || request.scorecardId !== scorecardId) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy yêu cầu giải trình.');
      }
      if (loaded.scorecard.status !== 'IN_REVIEW') {
        throw new AppError('INVALID_STATE_TRANSITION', 'Yêu cầu đã gửi cho đơn vị; không rút lại được.');
      }
      await phaseTx(loaded.campaign.id, ['APPRAISAL'], async (tx) => {
        if (!(await appraisalRepo(tx).touchIfStatus(scorecardId, 'IN_REVIEW', clock.now().toISOString()))) {
          throw new AppError('EDIT_CONFLICT', 'Phiếu vừa chuyển bước; tải lại trang.');
        }
        await appraisalRepo(tx).deleteExplanation(requestId);
        await audit(tx, ctx, 'appraisal.explanationWithdrawn', 'scorecard', scorecardId, {
          requestId,
          leafCode: request.leafCode,
        });
      });
      return reload(ctx, scorecardId);
    },

    /**
     * The one way a scorecard moves through appraisal (scorecard.machine): permission (with the
     * scorecard's appraisers) first, then state and phase, the version the caller read, the
     * step's own rules, and one transaction with the new status, a snapshot where the plan names
     * a milestone, the audit event and the unit's notification.
     */
    async transition(ctx: Ctx, scorecardId: string, input: ScorecardTransitionInput): Promise<AppraisalView> {
      const action = input.action as ScorecardTransitionAction;
      const loaded = await loadRaw(scorecardId);
      const candidates = SCORECARD_TRANSITIONS.filter((t) => t.action === action);
      const permitted = candidates.find((t) => can(ctx.actor, t.permission, loaded.resource));
      if (!permitted) {
        await denied(ctx, loaded, candidates[0]?.permission ?? 'appraisal.review');
      }
      const status = loaded.scorecard.status as ScorecardStatus;
      const t = findScorecardTransition(status, action);
      const councilStep = action === 'councilApprove' || action === 'councilReopen';
      frozenOr(
        loaded.campaign,
        [councilStep ? 'COUNCIL' : 'APPRAISAL'],
        councilStep
          ? 'Chỉ thực hiện khi kỳ đánh giá đang ở bước Hội đồng thẩm định.'
          : 'Kỳ đánh giá không ở giai đoạn thẩm định.',
      );
      if (!t) {
        if (action === 'councilApprove' && ['IN_REVIEW', 'EXPLANATION', 'RE_REVIEW'].includes(status)) {
          throw new AppError('NOT_REVIEWED');
        }
        throw new AppError('INVALID_STATE_TRANSITION');
      }
      if (loaded.scorecard.rowVersion !== input.rowVersion) {
        throw new AppError('EDIT_CONFLICT', 'Phiếu vừa được người khác cập nhật; tải lại trang.', {
          details: { currentVersion: loaded.scorecard.rowVersion, expectedVersion: input.rowVersion },
        });
      }
      if (action === 'reopenReview' && input.reason.trim() === '') {
        throw new AppError('REASON_REQUIRED', 'Mở lại thẩm định phải nêu lý do.', {
          fields: { reason: 'Bắt buộc.' },
        });
      }
      const now = clock.now();
      const iso = now.toISOString();
      await phaseTx(loaded.campaign.id, [councilStep ? 'COUNCIL' : 'APPRAISAL'], async (tx) => {
        if (!(await scorecardsRepo(tx).lockVersion(scorecardId, input.rowVersion, status))) {
          throw new AppError('EDIT_CONFLICT', 'Phiếu vừa được người khác cập nhật; tải lại trang.');
        }
        const repo = appraisalRepo(tx);
        const { scores, decisions } = await scoresOf(loaded, tx);
        const explanations = await repo.explanations(scorecardId);
        let milestone: SnapshotMilestone | null = null;
        if (action === 'requestExplanations' || (action === 'completeReview' && status === 'IN_REVIEW')) {
          // Leaves with an explanation request wait for round 2; every other leaf needs a decision.
          const explained = new Set(explanations.map((e) => e.leafCode));
          const undecided = scores.undecided.filter((c) => !explained.has(c));
          if (undecided.length > 0) {
            throw new AppError('REVIEW_INCOMPLETE', `Còn ${undecided.length} tiêu chí chưa thẩm định.`, {
              details: { leafCodes: undecided },
            });
          }
          if (action === 'requestExplanations' && explanations.length === 0) {
            throw new AppError(
              'INVALID_STATE_TRANSITION',
              'Chưa có yêu cầu giải trình nào; hãy chọn "Hoàn thành thẩm định".',
            );
          }
          if (action === 'completeReview' && explanations.length > 0) {
            throw new AppError(
              'INVALID_STATE_TRANSITION',
              'Đã có yêu cầu giải trình: hãy gửi yêu cầu cho đơn vị (hoặc rút lại yêu cầu) trước khi hoàn thành.',
            );
          }
          milestone = 'ROUND1';
        }
        if (action === 'closeExplanation') {
          const waiting = explanations.filter((e) => e.respondedAt === null && !isPast(e.dueDate, now));
          if (waiting.length > 0) {
            throw new AppError(
              'INVALID_STATE_TRANSITION',
              `Còn ${waiting.length} yêu cầu giải trình chưa được trả lời và chưa hết hạn.`,
              { details: { leafCodes: waiting.map((e) => e.leafCode) } },
            );
          }
        }
        if (action === 'completeReview' && status === 'RE_REVIEW') {
          const round2 = new Set(decisions.filter((d) => d.stage === 'ROUND2').map((d) => d.leafCode));
          const missing = explanations.map((e) => e.leafCode).filter((c) => !round2.has(c));
          if (missing.length > 0) {
            throw new AppError(
              'REVIEW_INCOMPLETE',
              `Còn ${missing.length} tiêu chí đã giải trình chưa thẩm định lại.`,
              {
                details: { leafCodes: missing },
              },
            );
          }
          milestone = 'EXPLANATION';
        }
        if (action === 'councilApprove') {
          milestone = 'COUNCIL';
        }
        const ok = await scorecardsRepo(tx).update(scorecardId, input.rowVersion, {
          status: t.to,
          updatedAt: iso,
          ...(action === 'councilApprove'
            ? { councilApprovedAt: iso, councilApprovedBy: ctx.actor.userId }
            : {}),
          ...(action === 'councilReopen' ? { councilApprovedAt: null, councilApprovedBy: null } : {}),
        });
        if (!ok) {
          throw new AppError('EDIT_CONFLICT');
        }
        if (milestone) {
          await repo.insertSnapshots(
            snapshotRows([{ scorecardId, scores, rank: null }], milestone, ctx.actor.userId, iso),
          );
        }
        await audit(tx, ctx, 'appraisal.transitioned', 'scorecard', scorecardId, {
          action,
          from: status,
          to: t.to,
          reason: input.reason || undefined,
          appraisedIndex: scores.appraised.indexPercent,
          finalIndex: scores.final.indexPercent,
        });
        if (action === 'requestExplanations') {
          const list = explanations
            .map((e) => `${e.leafCode} (hạn ${e.dueDate.split('-').reverse().join('/')})`)
            .join(', ');
          await notificationsRepo(tx).notifyUnit(loaded.scorecard.unitId, {
            campaignId: loaded.campaign.id,
            kind: 'EXPLANATION_REQUESTED',
            title: `Yêu cầu giải trình — ${loaded.campaign.name}`,
            body: `Tổ giúp việc đề nghị đơn vị giải trình các tiêu chí: ${list}.`,
            link: `/scorecards/${scorecardId}/appraisal`,
            createdAt: iso,
          });
        }
        if (action === 'completeReview') {
          await notificationsRepo(tx).notifyUnit(loaded.scorecard.unitId, {
            campaignId: loaded.campaign.id,
            kind: 'REVIEW_COMPLETED',
            title: `Đã thẩm định xong — ${loaded.campaign.name}`,
            body: 'Tổ giúp việc đã hoàn thành thẩm định; xem điểm thẩm định và lý do điều chỉnh của từng tiêu chí.',
            link: `/scorecards/${scorecardId}/appraisal`,
            createdAt: iso,
          });
        }
      });
      return reload(ctx, scorecardId);
    },

    // ================================================================ the unit's explanation
    async respond(ctx: Ctx, requestId: string, response: string): Promise<AppraisalView> {
      const { request, loaded } = await loadExplanation(ctx, requestId);
      const now = clock.now().toISOString();
      await phaseTx(loaded.campaign.id, ['APPRAISAL'], async (tx) => {
        if (!(await appraisalRepo(tx).touchIfStatus(loaded.scorecard.id, 'EXPLANATION', now))) {
          throw new AppError('SCORECARD_LOCKED', 'Vòng giải trình vừa kết thúc; giải trình không được lưu.');
        }
        await appraisalRepo(tx).respond(requestId, response.normalize('NFC'), ctx.actor.userId, now);
        await audit(tx, ctx, 'appraisal.explained', 'scorecard', loaded.scorecard.id, {
          requestId,
          leafCode: request.leafCode,
          before: request.response,
          after: response,
        });
      });
      return reload(ctx, loaded.scorecard.id);
    },

    async addExplanationFile(ctx: Ctx, requestId: string, upload: UploadSource): Promise<AppraisalView> {
      const { loaded } = await loadExplanation(ctx, requestId);
      await attach(ctx, loaded, { type: 'EXPLANATION', id: requestId }, upload, async () => {
        await loadExplanation(ctx, requestId);
      });
      return reload(ctx, loaded.scorecard.id);
    },

    async removeAttachment(ctx: Ctx, attachmentId: string): Promise<AppraisalView> {
      const row = await appraisalRepo(db).findAttachment(attachmentId);
      if (!row || row.deletedAt !== null) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy tệp.');
      }
      let scorecardId: string;
      if (row.ownerType === 'EXPLANATION') {
        scorecardId = (await loadExplanation(ctx, row.ownerId)).loaded.scorecard.id;
      } else {
        const { appeal, loaded } = await loadAppeal(ctx, row.ownerId, 'appeal.file');
        if (appeal.status !== 'FILED' || !appealWindowOpen(loaded.campaign)) {
          throw new AppError(
            'APPEAL_WINDOW_CLOSED',
            'Kiến nghị đã được quyết định hoặc đã hết hạn; không gỡ tệp được.',
          );
        }
        scorecardId = loaded.scorecard.id;
      }
      await inTransaction(db, async (tx) => {
        if (
          !(await appraisalRepo(tx).deleteAttachment(
            attachmentId,
            ctx.actor.userId,
            clock.now().toISOString(),
          ))
        ) {
          throw new AppError('NOT_FOUND', 'Không tìm thấy tệp.');
        }
        await audit(tx, ctx, 'appraisal.fileRemoved', 'scorecard', scorecardId, {
          attachmentId,
          filename: row.filename,
          sha256: row.blobSha256,
        });
      });
      return reload(ctx, scorecardId);
    },

    async downloadAttachment(ctx: Ctx, attachmentId: string): Promise<FileDownload> {
      const row = await appraisalRepo(db).findAttachment(attachmentId);
      if (!row || row.deletedAt !== null) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy tệp.');
      }
      await load(ctx, row.scorecardId, 'appraisal.read');
      let stream: Readable;
      try {
        stream = await blobs.openRead(row.storageKey);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new AppError('NOT_FOUND', 'Không tìm thấy nội dung tệp trong kho lưu trữ.');
        }
        throw error;
      }
      return {
        stream,
        filename: row.filename,
        mimeType: row.mimeType,
        sizeBytes: row.sizeBytes,
        sha256: row.blobSha256,
        inlineAllowed: INLINE_MIME_TYPES.has(row.mimeType),
      };
    },

    // ================================================================ council
    async specialCase(
      ctx: Ctx,
      scorecardId: string,
      input: {
        kind: 'SCORE_CHANGE' | 'NOT_APPLICABLE' | 'OTHER';
        leafCode?: string | null | undefined;
        points?: number | null | undefined;
        reason: string;
        decisionText: string;
        meetingId?: string | null | undefined;
      },
    ): Promise<AppraisalView> {
      const loaded = await load(ctx, scorecardId, 'council.decide');
      frozenOr(
        loaded.campaign,
        ['COUNCIL'],
        'Chỉ ghi nhận trường hợp đặc biệt khi kỳ đánh giá ở bước Hội đồng thẩm định.',
      );
      const status = loaded.scorecard.status as ScorecardStatus;
      if (status !== 'REVIEWED') {
        if (status === 'COUNCIL_APPROVED') {
          throw new AppError(
            'INVALID_STATE_TRANSITION',
            'Hội đồng đã thông qua kết quả đơn vị này; mở lại trước khi thay đổi.',
          );
        }
        throw new AppError('NOT_REVIEWED');
      }
      if (input.meetingId) {
        const meeting = await appraisalRepo(db).findMeeting(input.meetingId);
        if (!meeting || meeting.campaignId !== loaded.campaign.id) {
          throw new AppError('VALIDATION_ERROR', 'Phiên họp không thuộc kỳ đánh giá này.', {
            fields: { meetingId: 'Không hợp lệ.' },
          });
        }
      }
      if (input.kind !== 'SCORE_CHANGE' && input.points !== undefined && input.points !== null) {
        throw new AppError('VALIDATION_ERROR', 'Chỉ trường hợp thay đổi điểm mới có điểm.', {
          fields: { points: 'Bỏ điểm, hoặc chọn "Thay đổi điểm tiêu chí".' },
        });
      }
      let decision: CheckedDecision | null = null;
      let leafCode: string | null = input.leafCode ?? null;
      if (input.kind !== 'OTHER') {
        if (!leafCode) {
          throw new AppError('VALIDATION_ERROR', 'Chọn tiêu chí của trường hợp đặc biệt.', {
            fields: { leafCode: 'Bắt buộc.' },
          });
        }
        const target = leafOf(loaded, leafCode);
        const { scores } = await scoresOf(loaded);
        const l = scores.leaves.find((x) => x.leafCode === leafCode)!;
        const checked = checkDecision(
          { code: leafCode, maxPoints: target.leaf.maxPoints, kind: target.kind },
          { points: l.self ?? 0, naClaimed: l.self === null },
          'COUNCIL',
          {
            kind: input.kind === 'SCORE_CHANGE' ? 'ADJUST' : 'NOT_APPLICABLE',
            points: input.points ?? null,
            reason: input.reason,
          },
        );
        if (!checked.ok) {
          throw problemError(checked.problem);
        }
        decision = checked.decision;
      } else if (leafCode) {
        leafOf(loaded, leafCode);
      } else {
        leafCode = null;
      }
      const now = clock.now().toISOString();
      await phaseTx(loaded.campaign.id, ['COUNCIL'], async (tx) => {
        const repo = appraisalRepo(tx);
        if (!(await repo.touchIfStatus(scorecardId, 'REVIEWED', now))) {
          throw new AppError('EDIT_CONFLICT', 'Phiếu vừa chuyển bước; tải lại trang.');
        }
        const id = newId();
        await repo.insertSpecialCase({
          id,
          scorecardId,
          meetingId: input.meetingId ?? null,
          kind: input.kind,
          leafCode,
          points: decision?.points ?? null,
          reason: input.reason.normalize('NFC'),
          decisionText: input.decisionText.normalize('NFC'),
          createdBy: ctx.actor.userId,
          createdAt: now,
        });
        if (decision && leafCode) {
          await repo.insertDecisions([
            {
              id: newId(),
              scorecardId,
              leafCode,
              stage: 'COUNCIL',
              kind: decision.kind,
              points: decision.points,
              reasonCode: null,
              reason: decision.reason,
              evidenceInsufficient: 0,
              specialCaseId: id,
              amendmentId: null,
              seq: await repo.nextSeq(scorecardId),
              createdBy: ctx.actor.userId,
              createdAt: now,
            },
          ]);
        }
        // Declaring the last applicable criterion not applicable would leave nothing to score.
        await mustStillScore(() => scoresOf(loaded, tx));
        await audit(tx, ctx, 'council.specialCase', 'scorecard', scorecardId, {
          specialCaseId: id,
          kind: input.kind,
          leafCode,
          points: decision?.points ?? null,
          reason: input.reason,
          decisionText: input.decisionText,
        });
      });
      return reload(ctx, scorecardId);
    },

    async council(ctx: Ctx, campaignId: string) {
      const { campaign, document } = await campaignOf(ctx, campaignId);
      // The council's table spans every unit: the Office, the council, leadership (not a unit or a member).
      if (!canEverywhere(ctx.actor, 'appraisal.read')) {
        throw new AppError('FORBIDDEN');
      }
      const { rows, visible, specials } = await rowsFor(ctx, campaignId, document);
      const [meetings, appeals] = await Promise.all([
        appraisalRepo(db).meetings(campaignId),
        appraisalRepo(db).appeals(visible.map((v) => v.scorecardId)),
      ]);
      const attachments = await appraisalRepo(db).attachmentsOf([
        ...new Set(appeals.map((a) => a.scorecardId)),
      ]);
      const nameOf = new Map(visible.map((v) => [v.scorecardId, v.unitName]));
      const codeOf = new Map(visible.map((v) => [v.scorecardId, v.unitCode]));
      return {
        campaignId,
        campaignCode: campaign.code,
        campaignName: campaign.name,
        phase: campaign.phase as CampaignPhase,
        rowVersion: campaign.rowVersion,
        appealUntil: campaign.appealUntil,
        meetings: meetings.map((m) => ({
          id: m.id,
          heldOn: m.heldOn,
          place: m.place,
          chairName: m.chairName,
          membersPresent: JSON.parse(m.membersPresent) as string[],
          notes: m.notes,
          byName: m.byName,
          at: m.createdAt,
        })),
        rows,
        specialCases: specials.map((c) => ({
          id: c.id,
          scorecardId: c.scorecardId,
          unitCode: codeOf.get(c.scorecardId) ?? '',
          unitName: nameOf.get(c.scorecardId) ?? '',
          kind: c.kind as 'SCORE_CHANGE' | 'NOT_APPLICABLE' | 'OTHER',
          leafCode: c.leafCode,
          points: c.points,
          reason: c.reason,
          decisionText: c.decisionText,
          meetingId: c.meetingId,
          byName: c.byName,
          at: c.createdAt,
        })),
        appeals: campaignAppealViews(
          appeals.map((x) => ({
            ...x,
            unitCode: codeOf.get(x.scorecardId) ?? '',
            unitName: nameOf.get(x.scorecardId) ?? '',
          })),
          attachments,
        ),
        lastReturn: await appraisalRepo(db).lastReturn(campaignId),
        canDecide: can(ctx.actor, 'council.decide', { type: 'campaign', campaignId }),
        canRecord: can(ctx.actor, 'council.record', { type: 'campaign', campaignId }),
      };
    },

    /**
     * The appeals of a campaign as the council view lists them, without scoring it: the campaign,
     * the appeals with their units, their files — three queries whatever the number of units.
     * Same access as the council view (appraisal.read on every unit; a campaign in set-up hidden).
     */
    async appeals(ctx: Ctx, campaignId: string): Promise<CampaignAppeals> {
      const campaign = await campaignsRepo(db).findById(campaignId);
      if (
        !campaign ||
        (campaign.phase === 'SETUP' && !can(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId }))
      ) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy kỳ đánh giá.');
      }
      if (!canEverywhere(ctx.actor, 'appraisal.read')) {
        throw new AppError('FORBIDDEN');
      }
      const [appeals, attachments] = await Promise.all([
        appraisalRepo(db).appealsOfCampaign(campaignId),
        appraisalRepo(db).appealAttachmentsOfCampaign(campaignId),
      ]);
      return {
        campaignId,
        appeals: campaignAppealViews(appeals, attachments),
        canDecide: can(ctx.actor, 'council.decide', { type: 'campaign', campaignId }),
      };
    },

    async saveMeeting(
      ctx: Ctx,
      campaignId: string,
      meetingId: string | null,
      input: { heldOn: string; place: string; chairName: string; membersPresent: string[]; notes: string },
    ) {
      if (!can(ctx.actor, 'council.record', { type: 'campaign', campaignId })) {
        throw new AppError('FORBIDDEN');
      }
      const { campaign } = await campaignOf(ctx, campaignId);
      frozenOr(
        campaign,
        ['COUNCIL', 'APPROVED', 'PUBLISHED'],
        'Chỉ ghi biên bản họp khi kỳ đánh giá ở bước Hội đồng thẩm định.',
      );
      const now = clock.now().toISOString();
      await phaseTx(campaignId, ['COUNCIL', 'APPROVED', 'PUBLISHED'], async (tx) => {
        const values = {
          heldOn: input.heldOn,
          place: input.place.normalize('NFC'),
          chairName: input.chairName.normalize('NFC'),
          membersPresent: JSON.stringify(input.membersPresent.map((m) => m.normalize('NFC'))),
          notes: input.notes.normalize('NFC'),
          updatedAt: now,
        };
        if (meetingId) {
          const existing = await appraisalRepo(tx).findMeeting(meetingId);
          if (!existing || existing.campaignId !== campaignId) {
            throw new AppError('NOT_FOUND', 'Không tìm thấy phiên họp.');
          }
          await appraisalRepo(tx).updateMeeting(meetingId, values);
          await audit(tx, ctx, 'council.meetingSaved', 'campaign', campaignId, { meetingId, ...values });
        } else {
          const id = newId();
          await appraisalRepo(tx).insertMeeting({
            id,
            campaignId,
            ...values,
            createdBy: ctx.actor.userId,
            createdAt: now,
          });
          await audit(tx, ctx, 'council.meetingSaved', 'campaign', campaignId, { meetingId: id, ...values });
        }
      });
    },

    async meetingCampaign(ctx: Ctx, meetingId: string): Promise<string> {
      // Permission first: whether a meeting id exists is nobody else's business.
      if (!can(ctx.actor, 'council.record')) {
        throw new AppError('FORBIDDEN');
      }
      const meeting = await appraisalRepo(db).findMeeting(meetingId);
      if (!meeting) {
        throw new AppError('NOT_FOUND', 'Không tìm thấy phiên họp.');
      }
      return meeting.campaignId;
    },

    // ================================================================ campaign hooks
    /**
     * Side effects of campaign transitions (called inside the campaign's transition transaction):
     * startAppraisal opens round 1 for every scorecard and snapshots what was submitted;
     * convokeCouncil needs every unit reviewed; approve needs every unit approved by the council,
     * freezes the results and snapshots them with ranks; returnToAppraisal needs a reason and
     * reopens the council's approvals.
     */
    async onCampaignTransition(
      tx: Database,
      ctx: Ctx,
      campaign: CampaignRow,
      action: string,
      reason: string | undefined,
    ): Promise<Record<string, unknown>> {
      const now = clock.now().toISOString();
      const document = await access.documentOf(campaign.indexSetId, tx);
      if (action === 'startAppraisal') {
        const results = await campaignResults(tx, campaign.id, document);
        // The "submitted" snapshot is dated when the unit submitted (values frozen since), or
        // when the appraisal started for a unit that never submitted.
        const submittedAt = new Map(results.map((r) => [r.scorecardId, r.submittedAt]));
        await appraisalRepo(tx).insertSnapshots(
          snapshotRows(
            results.map((r) => ({ scorecardId: r.scorecardId, scores: r.scores, rank: null })),
            'SUBMITTED',
            ctx.actor.userId,
            now,
          ).map((row) => ({ ...row, takenAt: submittedAt.get(row.scorecardId) ?? now })),
        );
        const moved = await appraisalRepo(tx).moveScorecards(
          campaign.id,
          ['DRAFT', 'RETURNED', 'SUBMITTED'],
          'IN_REVIEW',
          now,
        );
        return {
          scorecards: moved.length,
          notSubmitted: results.filter((r) => r.submittedAt === null).map((r) => r.unitCode),
        };
      }
      if (action === 'convokeCouncil' || action === 'approve') {
        const cards = await scorecardsRepo(tx).listByCampaign(campaign.id);
        const need = action === 'convokeCouncil' ? ['REVIEWED', 'COUNCIL_APPROVED'] : ['COUNCIL_APPROVED'];
        const pending = cards.filter((c) => !need.includes(c.status));
        if (pending.length > 0) {
          throw new AppError(
            'NOT_REVIEWED',
            action === 'convokeCouncil'
              ? `Còn ${pending.length} đơn vị chưa được Tổ giúp việc thẩm định xong: ${pending.map((p) => p.unitName).join(', ')}.`
              : `Hội đồng chưa thông qua kết quả của ${pending.length} đơn vị: ${pending.map((p) => p.unitName).join(', ')}.`,
            {
              details: {
                units: pending.map((p) => ({
                  scorecardId: p.id,
                  code: p.unitCode,
                  name: p.unitName,
                  status: p.status,
                })),
              },
            },
          );
        }
        if (action === 'approve') {
          const results = await campaignResults(tx, campaign.id, document);
          await appraisalRepo(tx).insertSnapshots(snapshotRows(results, 'APPROVED', ctx.actor.userId, now));
          await appraisalRepo(tx).setCampaign(campaign.id, {
            approvedAt: now,
            approvedBy: ctx.actor.userId,
            updatedAt: now,
          });
          return {
            results: results.map((r) => ({
              unit: r.unitCode,
              index: r.scores.final.indexPercent,
              band: r.scores.final.band,
              rank: r.rank,
            })),
          };
        }
        return {};
      }
      if (action === 'close') {
        // An appeal still waiting would be stranded: the council decides appeals only while published.
        const waiting = await appraisalRepo(tx).pendingAppeals(campaign.id);
        if (waiting.length > 0) {
          throw new AppError(
            'INVALID_STATE_TRANSITION',
            `Còn ${waiting.length} kiến nghị chưa được Hội đồng quyết định: ${waiting.map((w) => w.unitName).join(', ')}.`,
            { details: { appeals: waiting } },
          );
        }
        return {};
      }
      if (action === 'returnToAppraisal') {
        if (!reason || reason.trim() === '') {
          throw new AppError('REASON_REQUIRED', 'Trả lại kết quả phải nêu lý do.', {
            fields: { reason: 'Bắt buộc.' },
          });
        }
        const reopened = await appraisalRepo(tx).moveScorecards(
          campaign.id,
          ['COUNCIL_APPROVED'],
          'REVIEWED',
          now,
        );
        return { reason: reason.trim(), reopened: reopened.length };
      }
      return {};
    },

    // ================================================================ after approval
    async setAppealWindow(ctx: Ctx, campaignId: string, until: string | null) {
      if (!can(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId })) {
        throw new AppError('FORBIDDEN');
      }
      const { campaign } = await campaignOf(ctx, campaignId);
      if (campaign.phase !== 'APPROVED' && campaign.phase !== 'PUBLISHED') {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          'Chỉ đặt thời hạn kiến nghị sau khi kết quả được phê duyệt.',
        );
      }
      if (until !== null && until < localDateOf(clock.now())) {
        throw new AppError('VALIDATION_ERROR', 'Hạn nhận kiến nghị không được ở quá khứ.', {
          fields: { until: 'Ngày đã qua.' },
        });
      }
      const now = clock.now().toISOString();
      await phaseTx(campaignId, ['APPROVED', 'PUBLISHED'], async (tx) => {
        await appraisalRepo(tx).setCampaign(campaignId, { appealUntil: until, updatedAt: now });
        await audit(tx, ctx, 'appraisal.appealWindowSet', 'campaign', campaignId, {
          before: campaign.appealUntil,
          after: until,
        });
      });
    },

    async fileAppeal(ctx: Ctx, scorecardId: string, input: AppealInput): Promise<AppraisalView> {
      const loaded = await load(ctx, scorecardId, 'appeal.file');
      if (!appealWindowOpen(loaded.campaign)) {
        throw new AppError(
          'APPEAL_WINDOW_CLOSED',
          loaded.campaign.appealUntil && loaded.campaign.phase === 'PUBLISHED'
            ? `Đã hết hạn nhận kiến nghị (ngày ${loaded.campaign.appealUntil.split('-').reverse().join('/')}).`
            : 'Chưa mở nhận kiến nghị: chỉ sau khi kết quả được công bố và Văn phòng đặt thời hạn.',
        );
      }
      if (input.leafCode) {
        leafOf(loaded, input.leafCode);
      }
      if ((await appraisalRepo(db).appeals([scorecardId])).some((a) => a.status === 'FILED')) {
        throw new AppError(
          'CONFLICT',
          'Đơn vị đã có một kiến nghị đang chờ Hội đồng quyết định; bổ sung nội dung, tệp vào kiến nghị đó.',
        );
      }
      const now = clock.now().toISOString();
      await phaseTx(loaded.campaign.id, ['PUBLISHED'], async (tx) => {
        const id = newId();
        await appraisalRepo(tx).insertAppeal({
          id,
          scorecardId,
          leafCode: input.leafCode ?? null,
          grounds: input.grounds.normalize('NFC'),
          status: 'FILED',
          filedBy: ctx.actor.userId,
          filedAt: now,
          decidedBy: null,
          decidedAt: null,
          decisionReason: null,
          amendmentId: null,
        });
        await audit(tx, ctx, 'appeal.filed', 'scorecard', scorecardId, {
          appealId: id,
          leafCode: input.leafCode ?? null,
          grounds: input.grounds,
        });
      });
      return reload(ctx, scorecardId);
    },

    async addAppealFile(ctx: Ctx, appealId: string, upload: UploadSource): Promise<AppraisalView> {
      const check = async () => {
        const { appeal, loaded } = await loadAppeal(ctx, appealId, 'appeal.file');
        if (appeal.status !== 'FILED' || !appealWindowOpen(loaded.campaign)) {
          throw new AppError(
            'APPEAL_WINDOW_CLOSED',
            'Kiến nghị đã được quyết định hoặc đã hết hạn; không thêm tệp được.',
          );
        }
        return loaded;
      };
      const loaded = await check();
      await attach(ctx, loaded, { type: 'APPEAL', id: appealId }, upload, async () => {
        await check();
      });
      return reload(ctx, loaded.scorecard.id);
    },

    /** The council decides an appeal: accepted with leaf changes (an amendment), or rejected with a reason. */
    async decideAppeal(ctx: Ctx, appealId: string, input: AppealDecisionInput): Promise<AppraisalView> {
      const { appeal, loaded } = await loadAppeal(ctx, appealId, 'council.decide');
      if (loaded.campaign.phase !== 'PUBLISHED') {
        throw new AppError('INVALID_STATE_TRANSITION', 'Chỉ quyết định kiến nghị khi kết quả đã công bố.');
      }
      if (appeal.status !== 'FILED') {
        throw new AppError('INVALID_STATE_TRANSITION', 'Kiến nghị đã được quyết định.');
      }
      const changes = input.changes ?? [];
      if (!input.accept && changes.length > 0) {
        throw new AppError('VALIDATION_ERROR', 'Không chấp nhận kiến nghị thì không có điểm thay đổi.', {
          fields: { changes: 'Bỏ các thay đổi, hoặc chọn chấp nhận.' },
        });
      }
      if (input.accept && changes.length === 0) {
        throw new AppError(
          'VALIDATION_ERROR',
          'Chấp nhận kiến nghị phải nêu điểm thay đổi của ít nhất một tiêu chí.',
          {
            fields: { changes: 'Cần ít nhất một thay đổi.' },
          },
        );
      }
      const now = clock.now().toISOString();
      await conflictOnRace(() =>
        phaseTx(loaded.campaign.id, ['PUBLISHED'], async (tx) => {
          let amendmentId: string | null = null;
          if (input.accept) {
            ({ amendmentId } = await amend(tx, ctx, loaded, {
              kind: 'APPEAL',
              appealId,
              reason: input.reason,
              decisionText: input.decisionText ?? '',
              changes,
            }));
          }
          if (
            !(await appraisalRepo(tx).decideAppeal(appealId, {
              status: input.accept ? 'ACCEPTED' : 'REJECTED',
              decidedBy: ctx.actor.userId,
              decidedAt: now,
              decisionReason: input.reason,
              amendmentId,
            }))
          ) {
            throw new AppError('INVALID_STATE_TRANSITION', 'Kiến nghị vừa được quyết định bởi người khác.');
          }
          await audit(tx, ctx, 'appeal.decided', 'scorecard', loaded.scorecard.id, {
            appealId,
            accept: input.accept,
            reason: input.reason,
            amendmentId,
          });
          await notificationsRepo(tx).notifyUnit(loaded.scorecard.unitId, {
            campaignId: loaded.campaign.id,
            kind: 'APPEAL_DECIDED',
            title: `Kiến nghị đã được xem xét — ${loaded.campaign.name}`,
            body: `${input.accept ? 'Chấp nhận' : 'Không chấp nhận'} kiến nghị. Lý do: ${input.reason}`,
            link: `/scorecards/${loaded.scorecard.id}/appraisal`,
            createdAt: now,
          });
        }),
      );
      return reload(ctx, loaded.scorecard.id);
    },

    async amendment(ctx: Ctx, scorecardId: string, input: AmendmentInput): Promise<AppraisalView> {
      const loaded = await load(ctx, scorecardId, 'council.decide');
      if (loaded.campaign.phase !== 'APPROVED' && loaded.campaign.phase !== 'PUBLISHED') {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          loaded.campaign.phase === 'CLOSED'
            ? 'Kỳ đánh giá đã kết thúc.'
            : 'Điều chỉnh chỉ dùng sau khi kết quả được phê duyệt; trước đó Hội đồng ghi nhận trường hợp đặc biệt.',
        );
      }
      await conflictOnRace(() =>
        phaseTx(loaded.campaign.id, ['APPROVED', 'PUBLISHED'], async (tx) => {
          await amend(tx, ctx, loaded, {
            kind: 'CORRECTION',
            appealId: null,
            reason: input.reason,
            decisionText: input.decisionText,
            changes: input.changes,
          });
        }),
      );
      return reload(ctx, scorecardId);
    },
  };
}

export type AppraisalService = ReturnType<typeof createAppraisalService>;
