import { can } from '@cchc/domain/access/policy';
import { deadlineInstant, isPast } from '@cchc/domain/campaign/calendar';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import type { CampaignPhase } from '@cchc/domain/workflow/campaign.machine';
import { isScorecardEditable, type ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import type { Database } from '../../db/database';
import { AppError } from '../../errors';
import { auditRepo } from '../audit/audit.repo';
import { type CampaignRow, campaignsRepo } from '../campaigns/campaigns.repo';
import type { Ctx, ServiceDeps } from '../shared/context';
import { type ScorecardRow, scorecardsRepo } from './scorecards.repo';

export interface LoadedScorecard {
  scorecard: ScorecardRow;
  campaign: CampaignRow;
  document: IndexSetDocument;
  /** The unit's self-assessment deadline (extension applied), local date, or null when none is set. */
  dueDate: string | null;
}

/**
 * Published index-set versions never change (a campaign freezes its version), so their parsed
 * documents can be kept per process. Keyed by id and content hash for safety.
 */
const documents = new Map<string, IndexSetDocument>();

export function createScorecardAccess({ db, clock }: ServiceDeps) {
  /** `handle`: the caller's transaction when called inside one (SQLite has one connection). */
  async function documentOf(indexSetId: string, handle: Database = db): Promise<IndexSetDocument> {
    // The hash is read on every call (cheap); the document text only when it is not cached yet.
    const head = await campaignsRepo(handle).indexSetHash(indexSetId);
    if (!head) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy bộ chỉ số của kỳ đánh giá.');
    }
    const key = `${head.id}:${head.documentHash}`;
    let doc = documents.get(key);
    if (!doc) {
      const row = (await campaignsRepo(handle).indexSet(indexSetId))!;
      doc = JSON.parse(row.document) as IndexSetDocument;
      if (documents.size > 50) {
        documents.clear();
      }
      documents.set(key, doc);
    }
    return doc;
  }

  async function selfAssessmentDue(campaignId: string): Promise<string | null> {
    const milestones = await campaignsRepo(db).milestones(campaignId);
    return milestones.find((m) => m.key === 'SELF_ASSESSMENT')?.dueDate ?? null;
  }

  async function load(ctx: Ctx, scorecardId: string, action: 'scorecard.read' | 'scorecard.edit') {
    const scorecard = await scorecardsRepo(db).findById(scorecardId);
    if (!scorecard) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu tự đánh giá.');
    }
    // Working-group members read the scorecards assigned to them (issue 5 §1).
    const appraiserIds = await scorecardsRepo(db).appraiserIds(scorecard.id);
    if (!can(ctx.actor, action, { type: 'scorecard', unitId: scorecard.unitId, appraiserIds })) {
      // Someone tried another unit's scorecard: refuse and keep a trace (issue 4, bad inputs).
      await auditRepo(db).append({
        at: clock.now(),
        actorUserId: ctx.actor.userId,
        action: 'scorecard.accessDenied',
        entityType: 'scorecard',
        entityId: scorecard.id,
        data: { unitId: scorecard.unitId, action },
        ip: ctx.ip,
      });
      throw new AppError('FORBIDDEN');
    }
    const campaign = (await campaignsRepo(db).findById(scorecard.campaignId))!;
    // A campaign in set-up is the Office's draft (campaigns.service `visible`): so are its scorecards.
    if (
      campaign.phase === 'SETUP' &&
      !can(ctx.actor, 'campaign.manage', { type: 'campaign', campaignId: campaign.id })
    ) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy phiếu tự đánh giá.');
    }
    const document = await documentOf(campaign.indexSetId);
    const due = scorecard.extendedUntil ?? (await selfAssessmentDue(campaign.id));
    return { scorecard, campaign, document, dueDate: due };
  }

  /** Why the scorecard's answers cannot change now, or null when they can. */
  function lockedReason(loaded: Omit<LoadedScorecard, 'document'>, now: Date): string | null {
    const { scorecard, campaign, dueDate } = loaded;
    if (!isScorecardEditable(scorecard.status as ScorecardStatus)) {
      return 'Phiếu đã nộp; chỉ Văn phòng có thể trả lại để sửa.';
    }
    if ((campaign.phase as CampaignPhase) !== 'SELF_ASSESSMENT') {
      return campaign.phase === 'SETUP' || campaign.phase === 'GUIDANCE_ISSUED'
        ? 'Kỳ đánh giá chưa mở tự đánh giá.'
        : 'Giai đoạn tự đánh giá đã khoá.';
    }
    if (dueDate !== null && isPast(dueDate, now)) {
      return `Đã quá hạn tự đánh giá (hết ngày ${dueDate.split('-').reverse().join('/')}).`;
    }
    return null;
  }

  return {
    documentOf,
    selfAssessmentDue,
    lockedReason,

    /** The scorecard, its campaign and index set, when the actor may read it. */
    loadForRead(ctx: Ctx, scorecardId: string): Promise<LoadedScorecard> {
      return load(ctx, scorecardId, 'scorecard.read');
    },

    /**
     * The scorecard when the unit may still attach its signed report: as for edits, but a late
     * unit can still submit (issue 4 §3), so the deadline does not close the report upload.
     */
    async loadForReport(ctx: Ctx, scorecardId: string): Promise<LoadedScorecard> {
      const loaded = await load(ctx, scorecardId, 'scorecard.edit');
      if (
        !isScorecardEditable(loaded.scorecard.status as ScorecardStatus) ||
        loaded.campaign.phase !== 'SELF_ASSESSMENT'
      ) {
        throw new AppError('SCORECARD_LOCKED', lockedReason(loaded, clock.now()) ?? undefined);
      }
      return loaded;
    },

    /**
     * The scorecard when the actor may change its answers and evidence now: policy (own unit),
     * state (not submitted), phase (self-assessment open) and deadline (Asia/Ho_Chi_Minh), all
     * checked here on the server whatever the UI shows.
     */
    async loadForEdit(ctx: Ctx, scorecardId: string): Promise<LoadedScorecard> {
      const loaded = await load(ctx, scorecardId, 'scorecard.edit');
      const now = clock.now();
      const reason = lockedReason(loaded, now);
      if (reason !== null) {
        const deadline = loaded.dueDate !== null && isPast(loaded.dueDate, now);
        const status = loaded.scorecard.status as ScorecardStatus;
        throw new AppError(
          deadline && isScorecardEditable(status) && loaded.campaign.phase === 'SELF_ASSESSMENT'
            ? 'DEADLINE_PASSED'
            : 'SCORECARD_LOCKED',
          reason,
          {
            details: {
              dueDate: loaded.dueDate,
              deadlineAt: loaded.dueDate ? deadlineInstant(loaded.dueDate).toISOString() : null,
            },
          },
        );
      }
      return loaded;
    },
  };
}

export type ScorecardAccess = ReturnType<typeof createScorecardAccess>;
