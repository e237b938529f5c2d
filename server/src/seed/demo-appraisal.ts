import type { Actor } from '@cchc/domain/access/roles';
import { addDays, localDateOf } from '@cchc/domain/campaign/calendar';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import demoIndexSet from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument, Leaf } from '@cchc/domain/index-set/format';
import type { Database } from '../db/database';
import { createAppraisalService } from '../modules/appraisal/appraisal.service';
import { createCampaignsService } from '../modules/campaigns/campaigns.service';
import type { BlobStore } from '../modules/evidence/blob-store';
import { createIndexSetsService } from '../modules/index-sets/index-sets.service';
import { createScorecardAccess } from '../modules/scorecards/scorecard-access';
import { scorecardsRepo } from '../modules/scorecards/scorecards.repo';
import { createScorecardsService } from '../modules/scorecards/scorecards.service';
import type { Ctx } from '../modules/shared/context';
import { usersRepo } from '../modules/users/users.repo';
import { type Clock, fixedClock } from '../platform/clock';
import { goodAnswer } from './demo-answers';

/** A weaker but valid answer for some leaves, so that units differ (demo data only). */
function weakerAnswer(leaf: Leaf): unknown {
  switch (leaf.method.type) {
    case 'BOOLEAN':
      return { value: false };
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      return { percent: 60 };
    case 'DEADLINE':
      return { status: 'late' };
    default:
      return goodAnswer(leaf);
  }
}

/**
 * Every participant self-assesses every criterion (a weaker answer where `weaker(unit index, leaf
 * index)`) and is marked submitted in December of `year`, through the scorecards service on the
 * given (past) clock. Demo shortcut: no signed report file is stored.
 */
export async function selfAssessAndSubmit(
  db: Database,
  past: { db: Database; clock: Clock },
  admin: Ctx,
  participants: readonly { unitId: string; scorecardId: string; groupCode: string }[],
  year: number,
  weaker: (unit: number, leaf: number) => boolean,
): Promise<void> {
  const doc = demoIndexSet as unknown as IndexSetDocument;
  const scorecards = createScorecardsService(past);
  for (const [i, p] of participants.entries()) {
    const officer: Ctx = {
      actor: { userId: admin.actor.userId, roles: [{ role: 'UNIT_FOCAL', unitId: p.unitId }] },
      ip: null,
    };
    const leaves = [...answerableLeaves(doc, p.groupCode)].filter(([, l]) => l.kind === 'CRITERION');
    for (const [j, [leafCode, { leaf }]] of leaves.entries()) {
      await scorecards.saveAnswer(officer, p.scorecardId, leafCode, {
        rowVersion: 0,
        value: weaker(i, j) ? weakerAnswer(leaf) : goodAnswer(leaf),
        note: '',
        noEvidenceReason: 'Tài liệu kiểm chứng lưu bản giấy tại đơn vị (dữ liệu mẫu).',
        naClaimed: false,
        naReason: '',
      });
    }
    const row = (await scorecardsRepo(db).findById(p.scorecardId))!;
    await scorecardsRepo(db).update(p.scorecardId, row.rowVersion, {
      status: 'SUBMITTED',
      submittedAt: `${year}-12-${String(13 + (i % 4)).padStart(2, '0')}T02:30:00.000Z`,
      minutesLate: 0,
      submitNote: 'Nộp kết quả tự đánh giá (dữ liệu mẫu).',
      updatedAt: past.clock.now().toISOString(),
    });
  }
}

/**
 * Last year's campaign, under appraisal: every demo unit self-assessed and submitted, the
 * working-group member "togiupviec" assigned to six units — three reviewed, one (Vụ Pháp chế)
 * waiting for the unit's explanation, one started — so that the Office, the member, the unit
 * and the council have something to show after `npm start`. The self-assessment runs on a clock
 * set to that December (deadlines are enforced); the appraisal on the real clock.
 *
 * Demo shortcut: submissions are marked directly (no signed report file is stored).
 */
export async function seedDemoAppraisal(
  db: Database,
  clock: Clock,
  admin: Ctx,
  unitIds: Map<string, string>,
  currentYear: number,
  /** The published campaign of the year before, compared year over year. */
  previousCampaignId: string | null = null,
): Promise<{ code: string; year: number } | undefined> {
  const year = currentYear - 1;
  const code = `CCHC-${year}`;
  const past = { db, clock: fixedClock(new Date(`${year}-12-12T03:00:00.000Z`)) };
  const campaignsPast = createCampaignsService(past);
  if ((await campaignsPast.list(admin)).some((c) => c.code === code)) {
    return undefined;
  }
  const set = (await createIndexSetsService(past).list(admin)).find(
    (s) => s.code === demoIndexSet.code && s.status === 'PUBLISHED',
  );
  const users = usersRepo(db);
  const byName = async (username: string) =>
    (await users.list({ includeInactive: false, search: username })).find((u) => u.username === username);
  const office = await byName('vanphong');
  const member = await byName('togiupviec');
  if (!set || !office || !member) {
    return undefined;
  }
  const officeCtx: Ctx = {
    actor: { userId: office.id, roles: [{ role: 'OFFICE_STAFF', unitId: null }] },
    ip: null,
  };
  const memberActor: Actor = {
    userId: member.id,
    roles: [{ role: 'WORKING_GROUP', unitId: null }],
    homeUnitId: member.homeUnitId,
  };
  const memberCtx: Ctx = { actor: memberActor, ip: null };

  let c = await campaignsPast.create(officeCtx, {
    code,
    name: `Đánh giá, xác định Chỉ số CCHC năm ${year}`,
    year,
    indexSetId: set.id,
    previousCampaignId,
  });
  c = await campaignsPast.update(officeCtx, c.id, {
    rowVersion: c.rowVersion,
    guidanceText: 'Hướng dẫn chấm điểm năm trước (dữ liệu mẫu).',
  });
  c = await campaignsPast.transition(officeCtx, c.id, { rowVersion: c.rowVersion, action: 'issueGuidance' });
  c = await campaignsPast.transition(officeCtx, c.id, {
    rowVersion: c.rowVersion,
    action: 'openSelfAssessment',
  });

  await selfAssessAndSubmit(db, past, admin, c.participants, year, (i, j) => (i + j) % 6 === 0);

  // The appraisal, on the real clock: the Office locks, starts, assigns; the member reviews.
  const deps = { db, clock };
  const appraisal = createAppraisalService({
    ...deps,
    // The seed stores no supplementary files.
    blobs: null as unknown as BlobStore,
    access: createScorecardAccess(deps),
    maxBytes: 0,
  });
  const campaigns = createCampaignsService(deps, { onTransition: appraisal.onCampaignTransition });
  c = await campaigns.transition(officeCtx, c.id, { rowVersion: c.rowVersion, action: 'lockSelfAssessment' });
  c = await campaigns.transition(officeCtx, c.id, { rowVersion: c.rowVersion, action: 'startAppraisal' });
  const card = (unit: string) => c.participants.find((p) => p.unitId === unitIds.get(unit))?.scorecardId;
  for (const unit of ['VPC', 'VP', 'C1', 'C2', 'V1', 'TCBTT']) {
    const id = card(unit);
    if (id) {
      await appraisal.saveAppraisers(officeCtx, id, [member.id]);
    }
  }
  for (const unit of ['C1', 'C2', 'V1']) {
    const id = card(unit);
    if (id) {
      const v = await appraisal.acceptRemaining(memberCtx, id, { rowVersion: 0 });
      await appraisal.transition(memberCtx, id, {
        action: 'completeReview',
        rowVersion: v.rowVersion,
        reason: '',
      });
    }
  }
  const vp = card('VP');
  if (vp) {
    await appraisal.decide(memberCtx, vp, '1.3', {
      kind: 'ADJUST',
      points: 100,
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      reason: 'Chỉ có kế hoạch, chưa có báo cáo kết quả thực hiện.',
      evidenceInsufficient: true,
      expectedCurrentId: null,
    });
    const v = await appraisal.acceptRemaining(memberCtx, vp, { rowVersion: 0 });
    await appraisal.transition(memberCtx, vp, {
      action: 'completeReview',
      rowVersion: v.rowVersion,
      reason: '',
    });
  }
  const vpc = card('VPC');
  if (vpc) {
    await appraisal.requestExplanation(memberCtx, vpc, {
      leafCode: '8.TM.2',
      question: 'Đề nghị đơn vị cung cấp kết quả chấm điểm của tổ chuyên gia đối với nhiệm vụ đặc thù.',
      dueDate: addDays(localDateOf(clock.now()), 7),
    });
    const v = await appraisal.acceptRemaining(memberCtx, vpc, { rowVersion: 0 });
    await appraisal.transition(memberCtx, vpc, {
      action: 'requestExplanations',
      rowVersion: v.rowVersion,
      reason: '',
    });
  }
  const started = card('TCBTT');
  if (started) {
    await appraisal.decide(memberCtx, started, '1.1.1', { kind: 'ACCEPT', expectedCurrentId: null });
  }
  return { code, year };
}
