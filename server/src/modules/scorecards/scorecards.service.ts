import { allowedActions, can } from '@cchc/domain/access/policy';
import {
  type AnswerView,
  type EvidenceView,
  REPORT_LEAF_CODE,
  type SaveAnswerInput,
  SCORECARD_ITEM_ACTIONS,
  type ScorecardView,
  type SubmissionCheck,
} from '@cchc/domain/api/scorecards';
import { deadlineInstant, isPast, localDateOf, minutesLate } from '@cchc/domain/campaign/calendar';
import {
  answerableLeaves,
  type SelfAnswer,
  selfProgress,
  submissionProblems,
} from '@cchc/domain/campaign/self-assessment';
import { emptyAnswerExplanation, scoreLeaf } from '@cchc/domain/scoring/methods';
import {
  findScorecardTransition,
  SCORECARD_TRANSITIONS,
  type ScorecardStatus,
  type ScorecardTransitionAction,
} from '@cchc/domain/workflow/scorecard.machine';
import { type Database, isUniqueViolation } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import type { AdminDoc } from '../../platform/documents/model';
import { renderDocument } from '../../platform/documents/render';
import { newId } from '../../platform/ids';
import { auditRepo } from '../audit/audit.repo';
import { campaignsRepo } from '../campaigns/campaigns.repo';
import { notificationsRepo } from '../notifications/notifications.repo';
import { loadDocumentSettings } from '../reports/document-settings';
import type { Ctx, ServiceDeps } from '../shared/context';
import { buildReportDraft } from './report-draft';
import { createScorecardAccess, type LoadedScorecard } from './scorecard-access';
import { type AnswerRow, type ScorecardRow, scorecardsRepo } from './scorecards.repo';

type AnswerWithName = AnswerRow & { updatedByName: string | null };

/** Largest answer value, as JSON text (a MANUAL comment included). */
const ANSWER_JSON_MAX = 8000;

function answerView(row: AnswerWithName): AnswerView {
  return {
    leafCode: row.leafCode,
    value: row.value === null ? null : (JSON.parse(row.value) as unknown),
    points: row.points,
    explanation: row.explanation,
    note: row.note,
    noEvidenceReason: row.noEvidenceReason,
    naClaimed: row.naClaimed === 1,
    naReason: row.naReason,
    isCarriedDraft: row.isCarriedDraft === 1,
    rowVersion: row.rowVersion,
    updatedAt: row.updatedAt,
    updatedByName: row.updatedByName,
  };
}

function selfAnswer(row: AnswerRow): SelfAnswer {
  return {
    leafCode: row.leafCode,
    value: row.value === null ? null : (JSON.parse(row.value) as unknown),
    naClaimed: row.naClaimed === 1,
    naReason: row.naReason,
    noEvidenceReason: row.noEvidenceReason,
    isCarriedDraft: row.isCarriedDraft === 1,
    points: row.points,
  };
}

function evidenceCounts(rows: readonly { leafCode: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    m.set(r.leafCode, (m.get(r.leafCode) ?? 0) + 1);
  }
  return m;
}

/** Self-assessment of one unit in one campaign (issue 4 §2–3). */
export function createScorecardsService(
  deps: ServiceDeps,
  documentEnv: { agencyName: string; place: string } = { agencyName: 'THANH TRA CHÍNH PHỦ', place: 'Hà Nội' },
) {
  const { db, clock } = deps;
  const documents = async () => (await loadDocumentSettings(db, documentEnv)).settings;
  const access = createScorecardAccess(deps);

  /** Recomputes the denormalised progress of a scorecard inside the caller's transaction. */
  async function refreshProgress(tx: typeof db, loaded: LoadedScorecard, now: Date): Promise<void> {
    const r = scorecardsRepo(tx);
    const answers = await r.answers(loaded.scorecard.id);
    const evidence = await r.evidence(loaded.scorecard.id);
    const p = selfProgress(
      loaded.document,
      loaded.scorecard.groupCode,
      answers.map(selfAnswer),
      evidenceCounts(evidence),
    );
    await r.setProgress(loaded.scorecard.id, {
      answeredCount: p.answered,
      applicableCount: p.applicable,
      selfPoints: p.selfPoints,
      evidenceCount: evidence.filter((e) => e.leafCode !== REPORT_LEAF_CODE).length,
      lastActivityAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  }

  async function view(ctx: Ctx, loaded: LoadedScorecard): Promise<ScorecardView> {
    const { scorecard, campaign, document, dueDate } = loaded;
    const r = scorecardsRepo(db);
    const [unit, answers, evidence] = await Promise.all([
      r.unitOf(scorecard.unitId),
      r.answers(scorecard.id),
      r.evidence(scorecard.id),
    ]);
    const now = clock.now();
    const lockedReason = access.lockedReason(loaded, now);
    const progress = selfProgress(
      document,
      scorecard.groupCode,
      answers.map(selfAnswer),
      evidenceCounts(evidence),
    );
    const set = (await campaignsRepo(db).indexSetHash(campaign.indexSetId))!;
    const status = scorecard.status as ScorecardStatus;
    const stateAllows: Record<(typeof SCORECARD_ITEM_ACTIONS)[number], boolean> = {
      'scorecard.edit': lockedReason === null,
      'scorecard.submit':
        campaign.phase === 'SELF_ASSESSMENT' && findScorecardTransition(status, 'submit') !== null,
      'scorecard.extend':
        (campaign.phase === 'SELF_ASSESSMENT' || campaign.phase === 'SELF_ASSESSMENT_LOCKED') &&
        status !== 'SUBMITTED',
      'scorecard.return':
        campaign.phase === 'SELF_ASSESSMENT' &&
        findScorecardTransition(status, 'return') !== null &&
        (dueDate === null || !isPast(dueDate, now)),
    };
    return {
      id: scorecard.id,
      campaign: {
        id: campaign.id,
        code: campaign.code,
        name: campaign.name,
        year: campaign.year,
        phase: campaign.phase,
      },
      unit,
      groupCode: scorecard.groupCode,
      status,
      rowVersion: scorecard.rowVersion,
      dueDate,
      extendedUntil: scorecard.extendedUntil,
      deadlineAt: dueDate ? deadlineInstant(dueDate).toISOString() : null,
      editable:
        lockedReason === null &&
        can(ctx.actor, 'scorecard.edit', { type: 'scorecard', unitId: scorecard.unitId }),
      lockedReason,
      submittedAt: scorecard.submittedAt,
      submittedByName: scorecard.submittedBy ? await r.userName(scorecard.submittedBy) : null,
      submitNote: scorecard.submitNote,
      signedReportEvidenceId: scorecard.signedReportEvidenceId,
      minutesLate: scorecard.minutesLate,
      returnReason: scorecard.returnReason,
      indexSet: {
        id: set.id,
        code: set.code,
        version: set.version,
        document: document as unknown as Record<string, unknown>,
      },
      answers: answers.map(answerView),
      evidence: evidence.map(
        (e): EvidenceView => ({
          id: e.id,
          leafCode: e.leafCode,
          kind: e.kind as EvidenceView['kind'],
          title: e.title,
          filename: e.filename,
          sizeBytes: e.sizeBytes ?? null,
          mimeType: e.mimeType ?? null,
          sha256: e.blobSha256,
          docNumber: e.docNumber,
          issuer: e.issuer,
          effectiveDate: e.effectiveDate,
          isCarriedDraft: e.isCarriedDraft === 1,
          uploadedAt: e.uploadedAt,
          uploadedByName: e.uploadedByName,
        }),
      ),
      progress: {
        answered: progress.answered,
        applicable: progress.applicable,
        withEvidence: progress.withEvidence,
        selfPoints: progress.selfPoints,
        maxPoints: progress.maxPoints,
      },
      canCarryForward: lockedReason === null && campaign.previousCampaignId !== null && answers.length === 0,
      allowedActions: allowedActions(ctx.actor, SCORECARD_ITEM_ACTIONS, {
        type: 'scorecard',
        unitId: scorecard.unitId,
      }).filter((a) => stateAllows[a]),
    };
  }

  async function checks(loaded: LoadedScorecard, handle: Database = db): Promise<SubmissionCheck> {
    const r = scorecardsRepo(handle);
    const answers = (await r.answers(loaded.scorecard.id)).map(selfAnswer);
    const counts = evidenceCounts(await r.evidence(loaded.scorecard.id));
    const p = selfProgress(loaded.document, loaded.scorecard.groupCode, answers, counts);
    const problems = submissionProblems(loaded.document, loaded.scorecard.groupCode, answers, counts);
    const now = clock.now();
    return {
      ok: problems.length === 0,
      problems,
      summary: {
        selfPoints: p.selfPoints,
        maxPoints: p.maxPoints,
        indexPercent: p.indexPercent,
        answered: p.answered,
        applicable: p.applicable,
        evidenceCount: [...counts.entries()]
          .filter(([k]) => k !== REPORT_LEAF_CODE)
          .reduce((s, [, n]) => s + n, 0),
        naClaims: answers.filter((a) => a.naClaimed && !a.isCarriedDraft).length,
      },
      dueDate: loaded.dueDate,
      wouldBeLate: loaded.dueDate !== null && isPast(loaded.dueDate, now),
    };
  }

  /** Checks one answer against its leaf's method and computes its points; throws the error to show. */
  function prepareAnswer(
    ctx: Ctx,
    loaded: LoadedScorecard,
    leafCode: string,
    input: SaveAnswerInput,
    now: Date,
  ) {
    const target = answerableLeaves(loaded.document, loaded.scorecard.groupCode).get(leafCode);
    if (!target) {
      throw new AppError('NOT_FOUND', `Tiêu chí ${leafCode} không áp dụng cho đơn vị trong kỳ này.`);
    }
    if (input.naClaimed && target.kind !== 'CRITERION') {
      throw new AppError('VALIDATION_ERROR', 'Chỉ tiêu chí chấm điểm mới được đề nghị "không áp dụng".', {
        fields: { naClaimed: 'Không áp dụng cho điểm thưởng/điểm trừ.' },
      });
    }
    if (input.naClaimed && input.naReason.trim() === '') {
      throw new AppError('VALIDATION_ERROR', 'Đề nghị "không áp dụng" phải nêu lý do.', {
        fields: { naReason: 'Bắt buộc nêu lý do.' },
      });
    }
    let points = 0;
    let explanation = input.naClaimed ? 'Đề nghị không áp dụng' : emptyAnswerExplanation;
    const value = input.naClaimed ? null : (input.value ?? null);
    // An answer is a handful of numbers and labels; anything bigger is not an answer.
    if (value !== null && JSON.stringify(value).length > ANSWER_JSON_MAX) {
      throw new AppError('ANSWER_INVALID', `Tiêu chí ${leafCode}: câu trả lời quá dài.`, {
        fields: {
          [leafCode]: `Câu trả lời tối đa ${ANSWER_JSON_MAX} ký tự; ghi chú dài hãy nhập ở ô Ghi chú.`,
        },
      });
    }
    // value null without a claim clears the answer: the row stays (with its note), unanswered.
    if (!input.naClaimed && value !== null) {
      const scored = scoreLeaf(target.leaf, value);
      if (!scored.ok) {
        throw new AppError('ANSWER_INVALID', `Tiêu chí ${leafCode}: ${scored.error}`, {
          fields: { [leafCode]: scored.error },
        });
      }
      points = scored.points;
      explanation = scored.explanation;
    }
    const values = {
      value: value === null ? null : JSON.stringify(value),
      points,
      explanation,
      note: input.note.trim(),
      noEvidenceReason: input.noEvidenceReason.trim(),
      naClaimed: input.naClaimed ? 1 : 0,
      naReason: input.naClaimed ? input.naReason.trim() : '',
      isCarriedDraft: 0,
      updatedBy: ctx.actor.userId,
      updatedAt: now.toISOString(),
    };
    return { values, value, points };
  }

  /**
   * The one way a scorecard changes status: the machine names the permission, which is checked
   * first (403), then the state and phase (409), the version the caller read (409 EDIT_CONFLICT),
   * the transition's own rules (`prepare`), and finally one transaction that writes the new status
   * and its audit event.
   */
  async function transition(
    ctx: Ctx,
    loaded: LoadedScorecard,
    action: ScorecardTransitionAction,
    expectedVersion: number,
    prepare: (
      now: Date,
      tx: Database,
    ) => Promise<{ values: Partial<ScorecardRow>; audit: Record<string, unknown> }>,
  ): Promise<ScorecardView> {
    const { scorecard, campaign } = loaded;
    const candidates = SCORECARD_TRANSITIONS.filter((x) => x.action === action);
    const resource = { type: 'scorecard' as const, unitId: scorecard.unitId };
    if (!candidates.some((x) => can(ctx.actor, x.permission, resource))) {
      throw new AppError(
        'FORBIDDEN',
        action === 'submit' ? 'Chỉ Thủ trưởng đơn vị được nộp kết quả tự đánh giá.' : undefined,
      );
    }
    const t = findScorecardTransition(scorecard.status as ScorecardStatus, action);
    if (!t || campaign.phase !== 'SELF_ASSESSMENT') {
      throw action === 'submit'
        ? new AppError('SCORECARD_LOCKED', access.lockedReason(loaded, clock.now()) ?? undefined)
        : new AppError('INVALID_STATE_TRANSITION', 'Chỉ trả lại được phiếu đã nộp khi đang tự đánh giá.');
    }
    if (scorecard.rowVersion !== expectedVersion) {
      conflict(scorecard.rowVersion, expectedVersion, 'scorecard', { status: scorecard.status });
    }
    const now = clock.now();
    await inTransaction(db, async (tx) => {
      // Take the scorecard row first (on PostgreSQL a row lock until commit; SQLite runs one
      // transaction at a time): a save racing this transition either finishes before it — and the
      // checks below see its data — or finds the scorecard no longer editable (lockEditable).
      if (!(await scorecardsRepo(tx).lockVersion(scorecard.id, expectedVersion, scorecard.status))) {
        conflict(-1, expectedVersion, 'scorecard', null);
      }
      const { values, audit } = await prepare(now, tx);
      const ok = await scorecardsRepo(tx).update(scorecard.id, expectedVersion, {
        ...values,
        status: t.to,
        updatedAt: now.toISOString(),
      });
      if (!ok) {
        conflict(-1, expectedVersion, 'scorecard', null);
      }
      await auditRepo(tx).append({
        at: now,
        actorUserId: ctx.actor.userId,
        action: action === 'submit' ? 'scorecard.submitted' : 'scorecard.returned',
        entityType: 'scorecard',
        entityId: scorecard.id,
        data: { from: scorecard.status, to: t.to, ...audit },
        ip: ctx.ip,
      });
      if (action === 'return') {
        // The unit learns at once why its submission came back, not by a phone call.
        await notificationsRepo(tx).notifyUnit(scorecard.unitId, {
          campaignId: campaign.id,
          kind: 'SCORECARD_RETURNED',
          title: `Phiếu tự đánh giá bị trả lại — ${campaign.name}`,
          body: `Văn phòng đã trả lại phiếu để bổ sung, chỉnh sửa. Lý do: ${String(audit.reason ?? '')}`,
          link: `/scorecards/${scorecard.id}`,
          createdAt: now.toISOString(),
        });
      }
    });
    return view(ctx, await access.loadForRead(ctx, scorecard.id));
  }

  /**
   * First statement of every transaction that changes a scorecard's content: touches the row only
   * while it is still editable, so a change can never land after a concurrent submission.
   */
  async function lockEditable(tx: Database, id: string, now: Date): Promise<void> {
    if (!(await scorecardsRepo(tx).touchIfEditable(id, now.toISOString()))) {
      throw new AppError('SCORECARD_LOCKED', 'Phiếu vừa được nộp hoặc khoá; thay đổi không được lưu.');
    }
  }

  /** A content write; two first saves of one leaf at once meet at the unique key: a conflict, not a 500. */
  async function contentTx(fn: (tx: Database) => Promise<void>): Promise<void> {
    try {
      await inTransaction(db, fn);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('EDIT_CONFLICT', 'Người khác vừa lưu cùng lúc; tải lại phiếu rồi thử lại.');
      }
      throw error;
    }
  }

  function conflict(loadedVersion: number, expected: number, what: string, current: unknown): never {
    throw new AppError('EDIT_CONFLICT', undefined, {
      details: { what, expectedVersion: expected, currentVersion: loadedVersion, current },
    });
  }

  return {
    access,

    async get(ctx: Ctx, id: string): Promise<ScorecardView> {
      return view(ctx, await access.loadForRead(ctx, id));
    },

    /**
     * Saves the unit's answer to one leaf. The engine computes the points (so no score above the
     * maximum can exist); a save based on an old version is refused with the current value.
     */
    async saveAnswer(ctx: Ctx, id: string, leafCode: string, input: SaveAnswerInput): Promise<AnswerView> {
      const loaded = await access.loadForEdit(ctx, id);
      const now = clock.now();
      const { values, value, points } = prepareAnswer(ctx, loaded, leafCode, input, now);
      try {
        await inTransaction(db, async (tx) => {
          const r = scorecardsRepo(tx);
          await lockEditable(tx, id, now);
          const current = await r.answer(id, leafCode);
          const currentVersion = current?.rowVersion ?? 0;
          if (currentVersion !== input.rowVersion) {
            conflict(currentVersion, input.rowVersion, leafCode, current ? answerView(current) : null);
          }
          if (current) {
            if (!(await r.updateAnswer(current.id, input.rowVersion, values))) {
              const again = await r.answer(id, leafCode);
              conflict(again?.rowVersion ?? 0, input.rowVersion, leafCode, again ? answerView(again) : null);
            }
          } else {
            await r.insertAnswer({ id: newId(), scorecardId: id, leafCode, rowVersion: 1, ...values });
          }
          await r.confirmCarriedEvidence(id, leafCode);
          await refreshProgress(tx, loaded, now);
          await auditRepo(tx).append({
            at: now,
            actorUserId: ctx.actor.userId,
            action: 'scorecard.answerSaved',
            entityType: 'scorecard',
            entityId: id,
            data: {
              leafCode,
              before: current
                ? { value: current.value === null ? null : JSON.parse(current.value), points: current.points }
                : null,
              after: { value, points, naClaimed: input.naClaimed },
            },
            ip: ctx.ip,
          });
        });
      } catch (error) {
        // Two first saves of the same leaf at once: the unique key lets one in; the other conflicts.
        if (isUniqueViolation(error)) {
          const again = await scorecardsRepo(db).answer(id, leafCode);
          conflict(again?.rowVersion ?? 0, input.rowVersion, leafCode, again ? answerView(again) : null);
        }
        throw error;
      }
      return answerView((await scorecardsRepo(db).answer(id, leafCode))!);
    },

    /**
     * Saves many answers at once, all or nothing (the Excel round trip, issue 4 §5). Each row states
     * the version it was based on; a leaf changed by someone since is reported, never overwritten.
     */
    async importAnswers(
      ctx: Ctx,
      id: string,
      rows: readonly { leafCode: string; input: SaveAnswerInput; location: string }[],
    ): Promise<{ saved: number; unchanged: number }> {
      const loaded = await access.loadForEdit(ctx, id);
      const now = clock.now();
      const errors: { location: string; leafCode: string; message: string }[] = [];
      const current = new Map((await scorecardsRepo(db).answers(id)).map((a) => [a.leafCode, a]));
      const prepared: {
        leafCode: string;
        values: ReturnType<typeof prepareAnswer>['values'];
        expected: number;
      }[] = [];
      for (const row of rows) {
        try {
          const p = prepareAnswer(ctx, loaded, row.leafCode, row.input, now);
          const cur = current.get(row.leafCode);
          const same =
            cur !== undefined &&
            cur.isCarriedDraft === 0 &&
            cur.value === p.values.value &&
            cur.note === p.values.note &&
            cur.noEvidenceReason === p.values.noEvidenceReason &&
            cur.naClaimed === p.values.naClaimed &&
            cur.naReason === p.values.naReason;
          if (same) {
            continue;
          }
          if ((cur?.rowVersion ?? 0) !== row.input.rowVersion) {
            errors.push({
              location: row.location,
              leafCode: row.leafCode,
              message: `Tiêu chí ${row.leafCode} đã được sửa trên hệ thống sau khi tải tệp về (phiên bản ${cur?.rowVersion ?? 0}, tệp ghi ${row.input.rowVersion}); hãy tải tệp mới.`,
            });
            continue;
          }
          prepared.push({ leafCode: row.leafCode, values: p.values, expected: row.input.rowVersion });
        } catch (error) {
          if (!(error instanceof AppError)) {
            throw error;
          }
          errors.push({ location: row.location, leafCode: row.leafCode, message: error.message });
        }
      }
      if (errors.length > 0) {
        throw new AppError('SCORECARD_FILE_INVALID', undefined, { details: { errors } });
      }
      await contentTx(async (tx) => {
        const r = scorecardsRepo(tx);
        await lockEditable(tx, id, now);
        const fresh: AnswerRow[] = [];
        // A changed answer is its own update (each states the version it was based on); new
        // answers go in together.
        for (const p of prepared) {
          const cur = current.get(p.leafCode);
          if (cur) {
            if (!(await r.updateAnswer(cur.id, p.expected, p.values))) {
              conflict(-1, p.expected, p.leafCode, null);
            }
          } else {
            fresh.push({ id: newId(), scorecardId: id, leafCode: p.leafCode, rowVersion: 1, ...p.values });
          }
        }
        await r.insertAnswers(fresh);
        await r.confirmCarriedEvidenceOf(
          id,
          prepared.map((p) => p.leafCode),
        );
        await refreshProgress(tx, loaded, now);
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'scorecard.imported',
          entityType: 'scorecard',
          entityId: id,
          data: { leafCodes: prepared.map((p) => p.leafCode) },
          ip: ctx.ip,
        });
      });
      return { saved: prepared.length, unchanged: rows.length - prepared.length };
    },

    /**
     * "Start from last year": where the previous campaign's set has the same criterion code,
     * copies last year's answer, note and evidence as unconfirmed drafts (never as done).
     */
    async carryForward(ctx: Ctx, id: string): Promise<ScorecardView> {
      const loaded = await access.loadForEdit(ctx, id);
      const prevCampaignId = loaded.campaign.previousCampaignId;
      if (!prevCampaignId) {
        throw new AppError('CONFLICT', 'Kỳ đánh giá này không gắn với kỳ năm trước.');
      }
      const r = scorecardsRepo(db);
      const prev = await r.findByCampaignUnit(prevCampaignId, loaded.scorecard.unitId);
      if (!prev) {
        throw new AppError('NOT_FOUND', 'Đơn vị không có phiếu tự đánh giá ở kỳ năm trước.');
      }
      const existing = new Set((await r.answers(id)).map((a) => a.leafCode));
      const leaves = answerableLeaves(loaded.document, loaded.scorecard.groupCode);
      const prevAnswers = await r.answers(prev.id);
      const prevEvidence = await r.evidence(prev.id);
      const now = clock.now();
      const carried: string[] = [];
      await contentTx(async (tx) => {
        const t = scorecardsRepo(tx);
        await lockEditable(tx, id, now);
        const rows: AnswerRow[] = [];
        for (const a of prevAnswers) {
          const target = leaves.get(a.leafCode);
          if (!target || existing.has(a.leafCode)) {
            continue;
          }
          // Last year's value is offered only where it still fits this year's method.
          let value = a.value === null ? null : (JSON.parse(a.value) as unknown);
          let scored = value === null ? null : scoreLeaf(target.leaf, value);
          if (scored && !scored.ok) {
            value = null;
            scored = null;
          }
          rows.push({
            id: newId(),
            scorecardId: id,
            leafCode: a.leafCode,
            value: value === null ? null : JSON.stringify(value),
            points: scored?.ok ? scored.points : 0,
            explanation: scored?.ok ? scored.explanation : 'Chưa chấm: 0 điểm',
            note: a.note,
            noEvidenceReason: a.noEvidenceReason,
            naClaimed: a.naClaimed,
            naReason: a.naReason,
            isCarriedDraft: 1,
            rowVersion: 1,
            updatedBy: ctx.actor.userId,
            updatedAt: now.toISOString(),
          });
          carried.push(a.leafCode);
        }
        // One statement for the whole year's answers, not one per leaf.
        await t.insertAnswers(rows);
        const carriedSet = new Set(carried);
        await t.insertEvidence(
          prevEvidence
            .filter((e) => carriedSet.has(e.leafCode))
            .map((e) => ({
              id: newId(),
              scorecardId: id,
              leafCode: e.leafCode,
              kind: e.kind,
              blobSha256: e.blobSha256,
              filename: e.filename,
              title: e.title,
              docNumber: e.docNumber,
              issuer: e.issuer,
              effectiveDate: e.effectiveDate,
              isCarriedDraft: 1,
              uploadedBy: ctx.actor.userId,
              uploadedAt: now.toISOString(),
              deletedAt: null,
              deletedBy: null,
            })),
        );
        await refreshProgress(tx, loaded, now);
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'scorecard.carriedForward',
          entityType: 'scorecard',
          entityId: id,
          data: { fromScorecardId: prev.id, leafCodes: carried },
          ip: ctx.ip,
        });
      });
      return view(ctx, await access.loadForRead(ctx, id));
    },

    /** The self-assessment report as an editable DOCX draft for the head to sign (issue 4 §3). */
    /** The unit's self-assessment report (báo cáo tự đánh giá) as a document model. */
    async reportDraftDoc(
      ctx: Ctx,
      id: string,
      now: Date = clock.now(),
    ): Promise<{ doc: AdminDoc; baseName: string }> {
      const loaded = await access.loadForRead(ctx, id);
      const [v, check, settings] = await Promise.all([view(ctx, loaded), checks(loaded), documents()]);
      const doc = buildReportDraft({
        view: v,
        summary: check.summary,
        agencyName: settings.issuerName,
        place: settings.place,
        now,
      });
      return { doc, baseName: `Bao-cao-tu-danh-gia-${v.unit.code}-${v.campaign.code}` };
    },

    async reportDraft(ctx: Ctx, id: string): Promise<{ filename: string; data: Buffer }> {
      const { doc, baseName } = await this.reportDraftDoc(ctx, id);
      return { filename: `${baseName}.docx`, data: await renderDocument(doc, 'docx') };
    },

    async checks(ctx: Ctx, id: string): Promise<SubmissionCheck> {
      return checks(await access.loadForRead(ctx, id));
    },

    /** The unit head submits (plan §III.2). Late submission is allowed and recorded. */
    /** The unit head submits (plan §III.2). Late submission is allowed and recorded. */
    async submit(
      ctx: Ctx,
      id: string,
      input: { rowVersion: number; note: string; signedReportEvidenceId?: string | null },
    ): Promise<ScorecardView> {
      const loaded = await access.loadForRead(ctx, id);
      return transition(ctx, loaded, 'submit', input.rowVersion, async (now, tx) => {
        const check = await checks(loaded, tx);
        if (!check.ok) {
          throw new AppError('SUBMISSION_INCOMPLETE', undefined, { details: { problems: check.problems } });
        }
        // The plan has the head submit with the signed report (issue 4 §3): a scanned file, not a reference.
        if (!input.signedReportEvidenceId) {
          throw new AppError('VALIDATION_ERROR', 'Cần đính kèm báo cáo tự đánh giá đã ký trước khi nộp.', {
            fields: { signedReportEvidenceId: 'Tải lên bản báo cáo đã ký (PDF hoặc ảnh chụp).' },
          });
        }
        // Inside the transaction only `tx` may be used: on SQLite `db` would wait for this very transaction.
        const ev = (await scorecardsRepo(tx).evidence(id)).find((e) => e.id === input.signedReportEvidenceId);
        if (!ev || ev.leafCode !== REPORT_LEAF_CODE || ev.kind !== 'FILE') {
          throw new AppError('VALIDATION_ERROR', 'Báo cáo tự đánh giá đã ký không thuộc phiếu này.', {
            fields: { signedReportEvidenceId: 'Không tìm thấy tệp báo cáo đã ký của phiếu này.' },
          });
        }
        const late = loaded.dueDate ? minutesLate(loaded.dueDate, now) : 0;
        return {
          values: {
            submittedAt: now.toISOString(),
            submittedBy: ctx.actor.userId,
            minutesLate: late,
            submitNote: input.note.trim() || null,
            signedReportEvidenceId: input.signedReportEvidenceId ?? null,
            lastActivityAt: now.toISOString(),
          },
          audit: { minutesLate: late, summary: check.summary },
        };
      });
    },

    /** The Office returns a submitted scorecard with a reason, before the deadline (issue 4 §3). */
    async returnToUnit(
      ctx: Ctx,
      id: string,
      input: { rowVersion: number; reason: string },
    ): Promise<ScorecardView> {
      const loaded = await access.loadForRead(ctx, id);
      return transition(ctx, loaded, 'return', input.rowVersion, async (now) => {
        if (loaded.dueDate && isPast(loaded.dueDate, now)) {
          throw new AppError('DEADLINE_PASSED', 'Đã quá hạn tự đánh giá; không trả lại được nữa.');
        }
        return {
          values: {
            returnedAt: now.toISOString(),
            returnedBy: ctx.actor.userId,
            returnReason: input.reason.trim(),
          },
          audit: { reason: input.reason.trim() },
        };
      });
    },

    /** The Office grants one unit more time (or removes the extension). */
    async extend(
      ctx: Ctx,
      id: string,
      input: { rowVersion: number; extendedUntil: string | null; reason: string },
    ): Promise<ScorecardView> {
      const loaded = await access.loadForRead(ctx, id);
      if (!can(ctx.actor, 'scorecard.extend', { type: 'scorecard', unitId: loaded.scorecard.unitId })) {
        throw new AppError('FORBIDDEN');
      }
      const phase = loaded.campaign.phase;
      if (
        (phase !== 'SELF_ASSESSMENT' && phase !== 'SELF_ASSESSMENT_LOCKED') ||
        loaded.scorecard.status === 'SUBMITTED'
      ) {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          'Chỉ gia hạn cho đơn vị chưa nộp, trong giai đoạn tự đánh giá.',
        );
      }
      if (loaded.scorecard.rowVersion !== input.rowVersion) {
        conflict(loaded.scorecard.rowVersion, input.rowVersion, 'scorecard', null);
      }
      // An extension gives more time: never earlier than the campaign's deadline or than today.
      if (input.extendedUntil !== null) {
        const campaignDue = await access.selfAssessmentDue(loaded.campaign.id);
        const today = localDateOf(clock.now());
        const floor = campaignDue !== null && campaignDue > today ? campaignDue : today;
        if (input.extendedUntil <= floor) {
          throw new AppError('VALIDATION_ERROR', 'Ngày gia hạn phải sau hạn chung và sau hôm nay.', {
            fields: { extendedUntil: `Chọn một ngày sau ${floor.split('-').reverse().join('/')}.` },
          });
        }
      }
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        const ok = await scorecardsRepo(tx).update(id, input.rowVersion, {
          extendedUntil: input.extendedUntil,
          updatedAt: now.toISOString(),
        });
        if (!ok) {
          conflict(-1, input.rowVersion, 'scorecard', null);
        }
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'scorecard.extended',
          entityType: 'scorecard',
          entityId: id,
          data: { from: loaded.scorecard.extendedUntil, to: input.extendedUntil, reason: input.reason },
          ip: ctx.ip,
        });
        await notificationsRepo(tx).notifyUnit(loaded.scorecard.unitId, {
          campaignId: loaded.campaign.id,
          kind: 'SCORECARD_EXTENDED',
          title: input.extendedUntil
            ? `Được gia hạn tự đánh giá đến hết ngày ${input.extendedUntil.split('-').reverse().join('/')}`
            : 'Gia hạn tự đánh giá đã được huỷ',
          body: `${loaded.campaign.name}. Lý do: ${input.reason}`,
          link: `/scorecards/${id}`,
          createdAt: now.toISOString(),
        });
      });
      return view(ctx, await access.loadForRead(ctx, id));
    },
  };
}

export type ScorecardsService = ReturnType<typeof createScorecardsService>;
