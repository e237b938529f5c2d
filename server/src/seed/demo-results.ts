import type { Actor } from '@cchc/domain/access/roles';
import demoIndexSet from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { Database } from '../db/database';
import { createAppraisalService } from '../modules/appraisal/appraisal.service';
import { combineTransitionHooks, createCampaignsService } from '../modules/campaigns/campaigns.service';
import type { BlobStore } from '../modules/evidence/blob-store';
import { createIndexSetsService } from '../modules/index-sets/index-sets.service';
import { createResultsService } from '../modules/results/results.service';
import { createScorecardAccess } from '../modules/scorecards/scorecard-access';
import type { Ctx } from '../modules/shared/context';
import { usersRepo } from '../modules/users/users.repo';
import { fixedClock } from '../platform/clock';
import { selfAssessAndSubmit } from './demo-appraisal';

/** Units of the demo whose self-assessment the working group lowers (leaf, points, reason). */
const ADJUSTMENTS: { unit: string; leaf: string; points: number; reason: string }[] = [
  { unit: 'VP', leaf: '1.3', points: 100, reason: 'Chỉ có kế hoạch, chưa có báo cáo kết quả thực hiện.' },
  { unit: 'C1', leaf: '1.3', points: 100, reason: 'Báo cáo nộp sau thời hạn quy định.' },
  { unit: 'V2', leaf: '1.3', points: 0, reason: 'Không có tài liệu kiểm chứng.' },
];

/**
 * Two years ago: a campaign appraised, approved by leadership and published (decision and
 * announcement recorded), so that the results pages, the public page and the year-over-year
 * comparison have data after `npm start`. Everything goes through the services on a clock set
 * to that December and January (deadlines and phases are enforced as in real use).
 *
 * Viện Khoa học Thanh tra is not a participant that year: the demo's only working-group member
 * works there and may not appraise their own unit.
 */
export async function seedDemoPublished(
  db: Database,
  admin: Ctx,
  unitIds: Map<string, string>,
  currentYear: number,
  /** Tests take another year to approval only (`publish: false`) to publish it themselves. */
  options: { yearsBack?: number; publish?: boolean } = {},
): Promise<{ code: string; year: number; id: string } | undefined> {
  const year = currentYear - (options.yearsBack ?? 2);
  const code = `CCHC-${year}`;
  const past = { db, clock: fixedClock(new Date(`${year}-12-12T03:00:00.000Z`)) };
  if ((await createCampaignsService(past).list(admin)).some((c) => c.code === code)) {
    return undefined;
  }
  const set = (await createIndexSetsService(past).list(admin)).find(
    (s) => s.code === demoIndexSet.code && s.status === 'PUBLISHED',
  );
  const users = usersRepo(db);
  const byName = async (username: string) =>
    (await users.list({ includeInactive: false, search: username })).find((u) => u.username === username);
  const [office, member, councilUser, leader] = await Promise.all(
    ['vanphong', 'togiupviec', 'hoidong', 'lanhdao'].map(byName),
  );
  if (!set || !office || !member || !councilUser || !leader) {
    return undefined;
  }
  const ctxOf = (userId: string, role: Actor['roles'][number]['role'], homeUnitId?: string | null): Ctx => ({
    actor: { userId, roles: [{ role, unitId: null }], homeUnitId },
    ip: null,
  });
  const officeCtx = ctxOf(office.id, 'OFFICE_STAFF');
  const memberCtx = ctxOf(member.id, 'WORKING_GROUP', member.homeUnitId);
  const councilCtx = ctxOf(councilUser.id, 'COUNCIL_MEMBER', councilUser.homeUnitId);
  const leaderCtx = ctxOf(leader.id, 'LEADERSHIP');

  // One clock for the whole cycle, moved forward step by step (December → January).
  const at = (iso: string) => fixedClock(new Date(iso));
  const services = (clockIso: string) => {
    const deps = { db, clock: at(clockIso) };
    const access = createScorecardAccess(deps);
    const appraisal = createAppraisalService({
      ...deps,
      blobs: null as unknown as BlobStore,
      access,
      maxBytes: 0,
    });
    // Only its publication step is used here (no document is rendered).
    const results = createResultsService({ ...deps, access }, { agencyName: '' });
    const campaigns = createCampaignsService(deps, {
      onTransition: combineTransitionHooks(appraisal.onCampaignTransition, results.onCampaignTransition),
    });
    return { appraisal, results, campaigns };
  };

  let s = services(`${year}-12-02T02:00:00.000Z`);
  let c = await s.campaigns.create(officeCtx, {
    code,
    name: `Đánh giá, xác định Chỉ số CCHC năm ${year}`,
    year,
    indexSetId: set.id,
  });
  const participants = c.participants.filter(
    (p) => p.unitId !== member.homeUnitId && p.unitId !== unitIds.get('VKHTH'),
  );
  c = await s.campaigns.saveParticipants(officeCtx, c.id, {
    rowVersion: c.rowVersion,
    unitIds: participants.map((p) => p.unitId),
  });
  c = await s.campaigns.update(officeCtx, c.id, {
    rowVersion: c.rowVersion,
    guidanceText: 'Hướng dẫn chấm điểm (dữ liệu mẫu).',
  });
  c = await s.campaigns.transition(officeCtx, c.id, { rowVersion: c.rowVersion, action: 'issueGuidance' });
  c = await s.campaigns.transition(officeCtx, c.id, {
    rowVersion: c.rowVersion,
    action: 'openSelfAssessment',
  });
  // A different spread from last year's demo: about one criterion in five or seven answered weaker.
  await selfAssessAndSubmit(
    db,
    past,
    admin,
    c.participants,
    year,
    (i, j) => (i * 3 + j) % (i % 2 ? 5 : 7) === 0,
  );

  s = services(`${year}-12-18T02:00:00.000Z`);
  c = await s.campaigns.transition(officeCtx, c.id, {
    rowVersion: c.rowVersion,
    action: 'lockSelfAssessment',
  });
  c = await s.campaigns.transition(officeCtx, c.id, { rowVersion: c.rowVersion, action: 'startAppraisal' });
  const cardOf = (unit: string) => c.participants.find((p) => p.unitId === unitIds.get(unit))?.scorecardId;
  for (const p of c.participants) {
    await s.appraisal.saveAppraisers(officeCtx, p.scorecardId, [member.id]);
  }
  for (const a of ADJUSTMENTS) {
    const id = cardOf(a.unit);
    if (id) {
      await s.appraisal.decide(memberCtx, id, a.leaf, {
        kind: 'ADJUST',
        points: a.points,
        reasonCode: 'EVIDENCE_INSUFFICIENT',
        reason: a.reason,
        evidenceInsufficient: true,
        expectedCurrentId: null,
      });
    }
  }
  for (const p of c.participants) {
    const v = await s.appraisal.acceptRemaining(memberCtx, p.scorecardId, { rowVersion: 0 });
    await s.appraisal.transition(memberCtx, p.scorecardId, {
      action: 'completeReview',
      rowVersion: v.rowVersion,
      reason: '',
    });
  }

  s = services(`${year}-12-24T03:00:00.000Z`);
  c = await s.campaigns.transition(officeCtx, c.id, { rowVersion: c.rowVersion, action: 'convokeCouncil' });
  for (const p of c.participants) {
    const v = await s.appraisal.get(councilCtx, p.scorecardId);
    await s.appraisal.transition(councilCtx, p.scorecardId, {
      action: 'councilApprove',
      rowVersion: v.rowVersion,
      reason: '',
    });
  }
  s = services(`${year}-12-28T03:00:00.000Z`);
  c = await s.campaigns.transition(leaderCtx, c.id, { rowVersion: c.rowVersion, action: 'approve' });

  if (options.publish === false) {
    return { code, year, id: c.id };
  }
  s = services(`${year + 1}-01-20T03:00:00.000Z`);
  await s.results.saveAnnouncement(officeCtx, c.id, {
    decisionNumber: `15/QĐ-TTCP`,
    decisionDate: `${year + 1}-01-15`,
    announcedOn: `${year + 1}-01-20`,
    place: 'Trụ sở Thanh tra Chính phủ, Hà Nội',
    note: 'Hội nghị công bố Chỉ số CCHC (dữ liệu mẫu).',
  });
  c = await s.campaigns.transition(officeCtx, c.id, { rowVersion: c.rowVersion, action: 'publish' });
  return { code, year, id: c.id };
}
