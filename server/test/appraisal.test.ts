import type { AppraisalView, CampaignAppeals, CouncilView } from '@cchc/domain/api/appraisal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerCriteria,
  type CampaignFixture,
  campaignFixture,
  submitWithReport,
} from '../src/testing/campaign-fixture';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

/**
 * The whole appraisal chain on both databases (issue 5): assignment with conflicts of interest,
 * round 1, explanation, round 2, council special case, leadership approval, amendment, appeal;
 * every bad input named by the issue gets its error and changes nothing; and the indices equal
 * values computed here by hand from the demo index set.
 *
 * Demo set, group THAM_MUU (unit VPTT): 23 criteria, maximum 86 points; group NGHIEP_VU (CUC_I):
 * maximum 92. Both units answer every criterion with full points (self index 100 %).
 */
describe.each(testDialects())('appraisal on %s', (dialect) => {
  let t: TestApp;
  let f: CampaignFixture;
  type User = { id: string; username: string; password: string; session: Session };
  let member: User; // working group, assigned to both units
  let outsider: User; // working group, assigned to nothing
  let insider: User; // working group, works in VPTT (unit A)
  let council: User;
  let leader: User;
  let office: Session;
  let headA: Session;
  let focalA: Session;
  let campaignVersion: number;

  const at = (iso: string) => t.clock.set(new Date(iso));
  const relogin = async () => {
    for (const u of [member, outsider, insider, council, leader]) {
      u.session = await t.login(u.username, u.password);
    }
    office = await t.login(f.users.office.username, f.users.office.password);
    headA = await t.login(f.users.headA.username, f.users.headA.password);
    focalA = await t.login(f.users.focalA.username, f.users.focalA.password);
  };
  const view = async (s: Session, sc: string): Promise<AppraisalView> => {
    const res = await t.as(s).get(`/api/scorecards/${sc}/appraisal`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AppraisalView;
  };
  const decide = (
    s: Session,
    sc: string,
    leaf: string,
    body: Record<string, unknown>,
    expectedCurrentId: string | null = null,
  ) =>
    t.as(s).put(`/api/scorecards/${sc}/appraisal/leaves/${encodeURIComponent(leaf)}`, {
      expectedCurrentId,
      ...body,
    });
  const step = async (s: Session, sc: string, action: string, reason = '') => {
    const v = await view(s, sc);
    return t
      .as(s)
      .post(`/api/scorecards/${sc}/appraisal/transitions`, { action, rowVersion: v.rowVersion, reason });
  };
  const campaignStep = async (s: Session, action: string, reason?: string) => {
    const res = await t.as(s).post(`/api/campaigns/${f.campaignId}/transitions`, {
      rowVersion: campaignVersion,
      action,
      ...(reason === undefined ? {} : { reason }),
    });
    if (res.statusCode === 200) {
      campaignVersion = (res.json() as { rowVersion: number }).rowVersion;
    }
    return res;
  };
  const decisionCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('score_decision')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const decisionsOf = (sc: string) =>
    t.db.selectFrom('score_decision').selectAll().where('scorecardId', '=', sc).orderBy('seq').execute();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await campaignFixture(t);
    member = await t.userWithRole('WORKING_GROUP');
    outsider = await t.userWithRole('WORKING_GROUP');
    insider = await t.userWithRole('WORKING_GROUP');
    await t.db.updateTable('app_user').set({ homeUnitId: f.unitA }).where('id', '=', insider.id).execute();
    council = await t.userWithRole('COUNCIL_MEMBER');
    leader = await t.userWithRole('LEADERSHIP');
    office = f.office;
    headA = f.headA;
    const headB = await t.userWithRole('UNIT_HEAD', f.unitB);
    await answerCriteria(t, f.focalA, f.scorecardA);
    await answerCriteria(t, f.focalB, f.scorecardB);
    expect((await submitWithReport(t, f.headA, f.scorecardA)).statusCode).toBe(200);
    expect((await submitWithReport(t, headB.session, f.scorecardB)).statusCode).toBe(200);
    // After the deadline (16/12/2024) the Office locks the self-assessment and starts the appraisal.
    at('2024-12-17T02:00:00.000Z');
    await relogin();
    campaignVersion = (
      (await t.as(office).get(`/api/campaigns/${f.campaignId}`)).json() as { rowVersion: number }
    ).rowVersion;
    expect((await campaignStep(office, 'lockSelfAssessment')).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  it('starts round 1 for every scorecard and keeps a snapshot of what was submitted', async () => {
    const res = await campaignStep(office, 'startAppraisal');
    expect(res.statusCode, res.body).toBe(200);
    const a = await view(office, f.scorecardA);
    expect(a.status).toBe('IN_REVIEW');
    expect(a.self).toMatchObject({ points: 8600, maxPoints: 8600, indexPercent: 10000 });
    expect(a.snapshots.map((s) => s.milestone)).toEqual(['SUBMITTED']);
    // The monitoring dashboard and the campaign list still count both units as submitted.
    const monitoring = (await t.as(office).get(`/api/campaigns/${f.campaignId}/monitoring`)).json();
    expect(monitoring.totals).toMatchObject({ units: 2, submitted: 2, overdue: 0 });
    const list = (await t.as(office).get('/api/campaigns')).json() as {
      id: string;
      submittedCount: number;
    }[];
    expect(list.find((c) => c.id === f.campaignId)!.submittedCount).toBe(2);
    // 23 criteria and 4 bonus/penalty items, each to be decided.
    expect(a.undecidedCount).toBe(27);
  });

  it('assigns members; a member of the unit itself is refused (conflict of interest) and nothing changes', async () => {
    const bad = await t
      .as(office)
      .put(`/api/scorecards/${f.scorecardA}/appraisers`, { userIds: [member.id, insider.id] });
    expect(bad.statusCode).toBe(403);
    expect(bad.json().error.code).toBe('CONFLICT_OF_INTEREST');
    expect((await view(office, f.scorecardA)).appraisers).toEqual([]);
    for (const sc of [f.scorecardA, f.scorecardB]) {
      const res = await t.as(office).put(`/api/scorecards/${sc}/appraisers`, { userIds: [member.id] });
      expect(res.statusCode, res.body).toBe(200);
    }
    // The insider may appraise unit B (not theirs).
    expect(
      (
        await t
          .as(office)
          .put(`/api/scorecards/${f.scorecardB}/appraisers`, { userIds: [member.id, insider.id] })
      ).statusCode,
    ).toBe(200);
    // A member sees only assigned units, in the list and one by one.
    const list = (await t.as(outsider.session).get(`/api/campaigns/${f.campaignId}/appraisal`)).json();
    expect(list.rows).toEqual([]);
    const mine = (await t.as(member.session).get(`/api/campaigns/${f.campaignId}/appraisal`)).json();
    expect(mine.rows.map((r: { unit: { code: string } }) => r.unit.code).sort()).toEqual(['CUC_I', 'VPTT']);
    // The member's home page lists the units to appraise; others get none.
    const todo = (await t.as(member.session).get('/api/appraisal/my-assignments')).json();
    expect(todo.map((x: { unit: { code: string } }) => x.unit.code).sort()).toEqual(['CUC_I', 'VPTT']);
    expect((await t.as(outsider.session).get('/api/appraisal/my-assignments')).json()).toEqual([]);
    expect((await t.as(focalA).get('/api/appraisal/my-assignments')).json()).toEqual([]);
    const peek = await t.as(outsider.session).get(`/api/scorecards/${f.scorecardA}/appraisal`);
    expect(peek.statusCode).toBe(403);
    expect(peek.json().error.code).toBe('NOT_ASSIGNED');
  });

  it('refuses bad decisions with a clear error and stores nothing', async () => {
    const before = await decisionCount();
    const cases: [Session, Record<string, unknown>, number, string][] = [
      [member.session, { kind: 'ADJUST', points: 201, reason: 'Quá điểm' }, 422, 'SCORE_OUT_OF_RANGE'],
      [member.session, { kind: 'ADJUST', points: -1, reason: 'Âm' }, 422, 'SCORE_OUT_OF_RANGE'],
      [member.session, { kind: 'ADJUST', points: 100, reason: '   ' }, 422, 'REASON_REQUIRED'],
      [member.session, { kind: 'NOT_APPLICABLE', reason: 'Không có' }, 400, 'VALIDATION_ERROR'],
      [outsider.session, { kind: 'ACCEPT' }, 403, 'NOT_ASSIGNED'],
      [focalA, { kind: 'ACCEPT' }, 403, 'FORBIDDEN'],
    ];
    for (const [who, body, status, code] of cases) {
      const res = await decide(who, f.scorecardA, '1.3', body);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    // The insider, even if assigned behind the Office's back, cannot appraise their own unit.
    await t.db
      .insertInto('appraisal_assignment')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        scorecardId: f.scorecardA,
        userId: insider.id,
        assignedBy: f.users.office.id,
        assignedAt: new Date().toISOString(),
        removedBy: null,
        removedAt: null,
      })
      .execute();
    const own = await decide(insider.session, f.scorecardA, '1.3', { kind: 'ACCEPT' });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('CONFLICT_OF_INTEREST');
    await t.db
      .deleteFrom('appraisal_assignment')
      .where('userId', '=', insider.id)
      .where('scorecardId', '=', f.scorecardA)
      .execute();
    expect(await decisionCount()).toBe(before);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'appraisal.accessDenied')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('round 1: adjusts with a reason, flags evidence, asks for an explanation; stale decisions conflict', async () => {
    const first = await decide(member.session, f.scorecardA, '1.3', {
      kind: 'ADJUST',
      points: 100,
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      reason: 'Chỉ có 1 trong 2 văn bản yêu cầu.',
      evidenceInsufficient: true,
    });
    expect(first.statusCode, first.body).toBe(200);
    const leaf = (first.json() as AppraisalView).leaves.find((l) => l.leafCode === '1.3')!;
    expect(leaf).toMatchObject({ appraised: 100, evidenceInsufficient: true, disputed: true });
    // A second reviewer who still saw "no decision" gets a conflict, not a silent overwrite.
    const stale = await decide(member.session, f.scorecardA, '1.3', { kind: 'ACCEPT' }, null);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('EDIT_CONFLICT');
    const ask = await t
      .as(member.session)
      .post(`/api/scorecards/${f.scorecardA}/appraisal/explanation-requests`, {
        leafCode: '8.TM.2',
        question: 'Đề nghị cung cấp kết quả chấm của tổ chuyên gia.',
        dueDate: '2024-12-19',
      });
    expect(ask.statusCode, ask.body).toBe(200);
    // Completing with an open request is refused; requesting explanations needs every other leaf decided.
    const early = await step(member.session, f.scorecardA, 'requestExplanations');
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('REVIEW_INCOMPLETE');
    expect(early.json().error.details.leafCodes).toHaveLength(25);
    const bulk = await t
      .as(member.session)
      .post(`/api/scorecards/${f.scorecardA}/appraisal/accept-remaining`, { rowVersion: 0 });
    expect(bulk.statusCode, bulk.body).toBe(200);
    // 8.TM.2 (explanation requested) was not accepted in bulk.
    expect((bulk.json() as AppraisalView).undecidedCount).toBe(1);
    // Until the member sends the round, the unit sees none of its drafts.
    const draft = await view(focalA, f.scorecardA);
    expect(draft.leaves.find((l) => l.leafCode === '1.3')!.decisions).toEqual([]);
    expect(draft.leaves.some((l) => l.explanation !== null)).toBe(false);
    expect(draft.appraised.points).toBe(8600);
    const send = await step(member.session, f.scorecardA, 'requestExplanations');
    expect(send.statusCode, send.body).toBe(200);
    const v = send.json() as AppraisalView;
    expect(v.status).toBe('EXPLANATION');
    expect(v.snapshots.map((s) => s.milestone)).toEqual(['SUBMITTED', 'ROUND1']);
    // The unit was told, and sees the request and the reasons of every change.
    const unitView = await view(focalA, f.scorecardA);
    expect(unitView.leaves.find((l) => l.leafCode === '1.3')!.decisions[0]!.reason).toBe(
      'Chỉ có 1 trong 2 văn bản yêu cầu.',
    );
    expect(unitView.allowedActions).toContain('explanation.respond');
    const notes = await t.db
      .selectFrom('notification')
      .select('kind')
      .where('kind', '=', 'EXPLANATION_REQUESTED')
      .execute();
    expect(notes.length).toBeGreaterThan(0);
  });

  it('unit B: accept all and complete in one round', async () => {
    const bulk = await t
      .as(member.session)
      .post(`/api/scorecards/${f.scorecardB}/appraisal/accept-remaining`, { rowVersion: 0 });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const done = await step(member.session, f.scorecardB, 'completeReview');
    expect(done.statusCode, done.body).toBe(200);
    expect((done.json() as AppraisalView).status).toBe('REVIEWED');
  });

  it('explanation round: the unit answers before the due date, not after; then round 2', async () => {
    const request = (await view(focalA, f.scorecardA)).leaves.find((l) => l.leafCode === '8.TM.2')!
      .explanation!;
    const answer = await t.as(focalA).put(`/api/explanation-requests/${request.id}/response`, {
      response: 'Kết quả chấm của tổ chuyên gia gửi kèm.',
    });
    expect(answer.statusCode, answer.body).toBe(200);
    // After the due date (19/12, Asia/Ho_Chi_Minh) the answer is locked.
    at('2024-12-19T17:00:00.000Z');
    await relogin();
    const late = await t
      .as(focalA)
      .put(`/api/explanation-requests/${request.id}/response`, { response: 'Sửa lại.' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('DEADLINE_PASSED');
    const stored = await t.db
      .selectFrom('explanation_request')
      .select('response')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(stored.response).toBe('Kết quả chấm của tổ chuyên gia gửi kèm.');
    const close = await step(member.session, f.scorecardA, 'closeExplanation');
    expect(close.statusCode, close.body).toBe(200);
    expect((close.json() as AppraisalView).status).toBe('RE_REVIEW');
    // Completing round 2 needs a new decision on every explained leaf.
    const early = await step(member.session, f.scorecardA, 'completeReview');
    expect(early.statusCode).toBe(422);
    expect(early.json().error.details.leafCodes).toEqual(['8.TM.2']);
    const r2 = await decide(member.session, f.scorecardA, '8.TM.2', {
      kind: 'ADJUST',
      points: 750,
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      reason: 'Giải trình chỉ chứng minh một phần.',
    });
    expect(r2.statusCode, r2.body).toBe(200);
    const done = await step(member.session, f.scorecardA, 'completeReview');
    expect(done.statusCode, done.body).toBe(200);
    const v = done.json() as AppraisalView;
    expect(v.status).toBe('REVIEWED');
    // Appraised: 86 − 1 (1.3) − 2,5 (8.TM.2) = 82,5 of 86 → 95,93 %.
    expect(v.appraised).toMatchObject({ points: 8250, maxPoints: 8600, indexPercent: 9593 });
    expect(v.self.points).toBe(8600);
    expect(v.snapshots.map((s) => s.milestone)).toEqual(['SUBMITTED', 'ROUND1', 'EXPLANATION']);
  });

  it('council: no decision on an unreviewed unit; a special case renormalises the index', async () => {
    expect((await campaignStep(office, 'convokeCouncil')).statusCode).toBe(200);
    // Round 1 cannot run any more.
    const wg = await decide(member.session, f.scorecardA, '1.3', { kind: 'ACCEPT' }, null);
    expect(wg.statusCode).toBe(409);
    const bad = await t.as(council.session).post(`/api/scorecards/${f.scorecardA}/special-cases`, {
      kind: 'SCORE_CHANGE',
      leafCode: '2.4',
      points: 300,
      reason: 'Vượt tối đa',
      decisionText: 'Thử',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('SCORE_OUT_OF_RANGE');
    const meeting = await t.as(office).post(`/api/campaigns/${f.campaignId}/council/meetings`, {
      heldOn: '2024-12-24',
      place: 'Phòng họp tầng 3',
      chairName: 'Phó Tổng Thanh tra',
      membersPresent: ['Ông A', 'Bà B', 'Ông C'],
    });
    expect(meeting.statusCode, meeting.body).toBe(200);
    const meetingId = meeting.json().meetings[0].id as string;
    // Points on a "not applicable" decision contradict it: refused.
    const contradictory = await t.as(council.session).post(`/api/scorecards/${f.scorecardA}/special-cases`, {
      kind: 'NOT_APPLICABLE',
      leafCode: '2.4',
      points: 100,
      reason: 'x',
      decisionText: 'y',
    });
    expect(contradictory.statusCode).toBe(400);
    expect((await view(office, f.scorecardA)).specialCases).toHaveLength(0);
    const na = await t.as(council.session).post(`/api/scorecards/${f.scorecardA}/special-cases`, {
      kind: 'NOT_APPLICABLE',
      leafCode: '2.4',
      reason: 'Đơn vị không được giao nhiệm vụ này trong năm.',
      decisionText: 'Hội đồng thống nhất không áp dụng tiêu chí 2.4 đối với Văn phòng.',
      meetingId,
    });
    expect(na.statusCode, na.body).toBe(200);
    const v = na.json() as AppraisalView;
    // Final: 82,5 − 2 (2.4 out) = 80,5 of 84 → 95,83 %; every field ≥ 70 % → "Xuất sắc".
    expect(v.final).toMatchObject({ points: 8050, maxPoints: 8400, indexPercent: 9583, band: 'Xuất sắc' });
    expect(v.appraised.indexPercent).toBe(9593);
    expect(v.specialCases).toHaveLength(1);
    const approveA = await step(council.session, f.scorecardA, 'councilApprove');
    expect(approveA.statusCode, approveA.body).toBe(200);
    // A council decision once approved needs a reopening first.
    const after = await t.as(council.session).post(`/api/scorecards/${f.scorecardA}/special-cases`, {
      kind: 'OTHER',
      reason: 'x',
      decisionText: 'y',
    });
    expect(after.statusCode).toBe(409);
  });

  it('leadership approves only when the council approved every unit, once; results are then frozen', async () => {
    const early = await campaignStep(leader.session, 'approve');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('NOT_REVIEWED');
    const noReason = await campaignStep(leader.session, 'returnToAppraisal', '  ');
    expect(noReason.statusCode).toBe(422);
    expect((await step(council.session, f.scorecardB, 'councilApprove')).statusCode).toBe(200);
    // Leadership returns once with a reason: the council's approvals are reopened, the reason shown.
    const back = await campaignStep(leader.session, 'returnToAppraisal', 'Đề nghị rà soát lại tiêu chí 2.4.');
    expect(back.statusCode, back.body).toBe(200);
    const returned = (await t.as(office).get(`/api/campaigns/${f.campaignId}/council`)).json();
    expect(returned.phase).toBe('APPRAISAL');
    expect(returned.lastReturn).toMatchObject({ reason: 'Đề nghị rà soát lại tiêu chí 2.4.' });
    expect(returned.rows.map((r: { status: string }) => r.status)).toEqual(['REVIEWED', 'REVIEWED']);
    expect((await campaignStep(office, 'convokeCouncil')).statusCode).toBe(200);
    for (const sc of [f.scorecardA, f.scorecardB]) {
      expect((await step(council.session, sc, 'councilApprove')).statusCode).toBe(200);
    }
    const ok = await campaignStep(leader.session, 'approve');
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await campaignStep(leader.session, 'approve');
    expect(again.statusCode).toBe(409);
    const results = (await t.as(leader.session).get(`/api/campaigns/${f.campaignId}/results`)).json();
    expect(
      results.rows.map((r: { unit: { code: string }; rank: number; indexPercent: number; band: string }) => [
        r.unit.code,
        r.rank,
        r.indexPercent,
        r.band,
      ]),
    ).toEqual([
      ['CUC_I', 1, 10000, 'Xuất sắc'],
      ['VPTT', 2, 9583, 'Xuất sắc'],
    ]);
    expect(results.approvedAt).not.toBeNull();
    const frozen = await t.as(council.session).post(`/api/scorecards/${f.scorecardA}/special-cases`, {
      kind: 'OTHER',
      reason: 'x',
      decisionText: 'y',
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.code).toBe('RESULTS_FROZEN');
    const snaps = (await view(office, f.scorecardA)).snapshots;
    expect(snaps.map((s) => s.milestone)).toEqual([
      'SUBMITTED',
      'ROUND1',
      'EXPLANATION',
      'COUNCIL',
      'COUNCIL',
      'APPROVED',
    ]);
    expect(snaps.at(-1)!.rank).toBe(2);
  });

  it('after publication: appeals within the window; an accepted appeal is an amendment that recomputes rank', async () => {
    // Publication needs the announcement decision (issue 6, docs/results.md).
    const announced = await t.as(office).put(`/api/campaigns/${f.campaignId}/announcement`, {
      decisionNumber: '15/QĐ-TTCP',
      decisionDate: '2025-01-15',
    });
    expect(announced.statusCode, announced.body).toBe(200);
    expect((await campaignStep(office, 'publish')).statusCode).toBe(200);
    const closed = await t
      .as(headA)
      .post(`/api/scorecards/${f.scorecardA}/appeals`, { grounds: 'Đề nghị xem xét lại 1.3' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('APPEAL_WINDOW_CLOSED');
    const window = await t
      .as(office)
      .put(`/api/campaigns/${f.campaignId}/appeal-window`, { until: '2024-12-31' });
    expect(window.statusCode, window.body).toBe(200);
    const filed = await t.as(headA).post(`/api/scorecards/${f.scorecardA}/appeals`, {
      leafCode: '1.3',
      grounds: 'Đơn vị đã ban hành đủ 2 văn bản (gửi kèm).',
    });
    expect(filed.statusCode, filed.body).toBe(200);
    const appealId = (filed.json() as AppraisalView).appeals[0]!.id;
    // The results page's light list (GET …/appeals) is the council view's list, unit included.
    const sameAsCouncil = async (): Promise<CampaignAppeals> => {
      const light = await t.as(council.session).get(`/api/campaigns/${f.campaignId}/appeals`);
      expect(light.statusCode, light.body).toBe(200);
      const full = (
        await t.as(council.session).get(`/api/campaigns/${f.campaignId}/council`)
      ).json() as CouncilView;
      const list = light.json() as CampaignAppeals;
      expect(list).toEqual({ campaignId: f.campaignId, appeals: full.appeals, canDecide: true });
      return list;
    };
    expect((await sameAsCouncil()).appeals).toMatchObject([
      { id: appealId, status: 'FILED', leafCode: '1.3', unitCode: 'VPTT', decidedAt: null },
    ]);
    // A working-group decision on a published campaign is refused: only amendments change it now.
    const wg = await decide(member.session, f.scorecardA, '1.3', { kind: 'ACCEPT' }, null);
    expect(wg.statusCode).toBe(409);
    expect(wg.json().error.code).toBe('RESULTS_FROZEN');
    const decided = await t.as(council.session).post(`/api/appeals/${appealId}/decision`, {
      accept: true,
      reason: 'Văn bản thứ hai được ban hành trong kỳ.',
      decisionText: 'Chấp nhận kiến nghị, điều chỉnh 1.3 lên 2 điểm.',
      changes: [{ leafCode: '1.3', kind: 'ADJUST', points: 200 }],
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const v = decided.json() as AppraisalView;
    // 80,5 + 1 = 81,5 of 84 → 97,02 %.
    expect(v.final).toMatchObject({ points: 8150, indexPercent: 9702 });
    expect(v.amendments[0]!.diff).toMatchObject({
      indexBefore: 9583,
      indexAfter: 9702,
      rankBefore: 2,
      rankAfter: 2,
    });
    expect(v.appeals[0]).toMatchObject({ status: 'ACCEPTED' });
    expect((await sameAsCouncil()).appeals).toMatchObject([
      {
        id: appealId,
        status: 'ACCEPTED',
        amendmentId: v.amendments[0]!.id,
        decidedByName: expect.any(String),
      },
    ]);
    // Leadership reads it too, without the right to decide.
    const lead = await t.as(leader.session).get(`/api/campaigns/${f.campaignId}/appeals`);
    expect(lead.json()).toMatchObject({ canDecide: false, appeals: [{ id: appealId }] });
    // The chain of 1.3 keeps every value: self 2 → round 1 → 1 → amendment → 2.
    const chain = (await decisionsOf(f.scorecardA))
      .filter((d) => d.leafCode === '1.3')
      .map((d) => [d.stage, d.points]);
    expect(chain).toEqual([
      ['ROUND1', 100],
      ['AMENDMENT', 200],
    ]);
    expect(v.leaves.find((l) => l.leafCode === '1.3')).toMatchObject({
      self: { points: 200 },
      appraised: 100,
      final: 200,
    });
    const twice = await t
      .as(council.session)
      .post(`/api/appeals/${appealId}/decision`, { accept: false, reason: 'x' });
    expect(twice.statusCode).toBe(409);
  });
});
