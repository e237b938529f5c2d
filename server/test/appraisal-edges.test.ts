import type { AppraisalView } from '@cchc/domain/api/appraisal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCriteria, campaignFixture, submitWithReport } from '../src/testing/campaign-fixture';
import { createTestApp, type Session } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

/**
 * Edge cases of the appraisal (issue 5) found in review: what the unit sees of a round in
 * progress, a review reopened after leadership's return, special cases or amendments that would
 * leave nothing to score, appeals and closing, and races with the campaign's phase changes.
 */
type User = { id: string; username: string; password: string; session: Session };

async function setup(dialect: Parameters<typeof createTestApp>[0]) {
  const t = await createTestApp(dialect);
  const f = await campaignFixture(t);
  const member = (await t.userWithRole('WORKING_GROUP')) as User;
  const council = (await t.userWithRole('COUNCIL_MEMBER')) as User;
  const leader = (await t.userWithRole('LEADERSHIP')) as User;
  const headB = await t.userWithRole('UNIT_HEAD', f.unitB);
  await answerCriteria(t, f.focalA, f.scorecardA);
  await answerCriteria(t, f.focalB, f.scorecardB);
  expect((await submitWithReport(t, f.headA, f.scorecardA)).statusCode).toBe(200);
  expect((await submitWithReport(t, headB.session, f.scorecardB)).statusCode).toBe(200);
  t.clock.set(new Date('2024-12-17T02:00:00.000Z'));
  const s = {
    member: await t.login(member.username, member.password),
    council: await t.login(council.username, council.password),
    leader: await t.login(leader.username, leader.password),
    office: await t.login(f.users.office.username, f.users.office.password),
    focalA: await t.login(f.users.focalA.username, f.users.focalA.password),
    headA: await t.login(f.users.headA.username, f.users.headA.password),
  };
  let campaignVersion = (
    (await t.as(s.office).get(`/api/campaigns/${f.campaignId}`)).json() as { rowVersion: number }
  ).rowVersion;
  const campaignStep = async (who: Session, action: string, reason?: string) => {
    const res = await t.as(who).post(`/api/campaigns/${f.campaignId}/transitions`, {
      rowVersion: campaignVersion,
      action,
      ...(reason === undefined ? {} : { reason }),
    });
    if (res.statusCode === 200) {
      campaignVersion = (res.json() as { rowVersion: number }).rowVersion;
    }
    return res;
  };
  const view = async (who: Session, sc: string): Promise<AppraisalView> => {
    const res = await t.as(who).get(`/api/scorecards/${sc}/appraisal`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AppraisalView;
  };
  const step = async (who: Session, sc: string, action: string, reason = '') => {
    const v = await view(who, sc);
    return t
      .as(who)
      .post(`/api/scorecards/${sc}/appraisal/transitions`, { action, rowVersion: v.rowVersion, reason });
  };
  const decide = (
    who: Session,
    sc: string,
    leaf: string,
    body: Record<string, unknown>,
    current: string | null,
  ) =>
    t.as(who).put(`/api/scorecards/${sc}/appraisal/leaves/${encodeURIComponent(leaf)}`, {
      expectedCurrentId: current,
      ...body,
    });
  expect((await campaignStep(s.office, 'lockSelfAssessment')).statusCode).toBe(200);
  expect((await campaignStep(s.office, 'startAppraisal')).statusCode).toBe(200);
  for (const sc of [f.scorecardA, f.scorecardB]) {
    const res = await t.as(s.office).put(`/api/scorecards/${sc}/appraisers`, { userIds: [member.id] });
    expect(res.statusCode, res.body).toBe(200);
  }
  return { t, f, s, campaignStep, view, step, decide };
}

describe.each(testDialects())('appraisal edge cases (A) on %s', (dialect) => {
  let c: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    c = await setup(dialect);
  });
  afterAll(() => c.t.close());

  it('the overview list shows the unit the round-1 drafts that its appraisal page hides', async () => {
    const { t, f, s, view, decide } = c;
    const adj = await decide(
      s.member,
      f.scorecardA,
      '1.3',
      { kind: 'ADJUST', points: 100, reason: 'Thiếu VB' },
      null,
    );
    expect(adj.statusCode, adj.body).toBe(200);
    // The page hides the draft (as intended) ...
    expect((await view(s.focalA, f.scorecardA)).appraised.points).toBe(8600);
    // ... but GET /campaigns/:id/appraisal gives the same unit the draft value and disputed leaves.
    const list = await t.as(s.focalA).get(`/api/campaigns/${f.campaignId}/appraisal`);
    expect(list.statusCode).toBe(200);
    const row = list.json().rows.find((r: { scorecardId: string }) => r.scorecardId === f.scorecardA);
    // The same hiding rule as the view: no draft value, no disputed leaf yet.
    expect(row.appraisedPoints).toBe(8600);
    expect(row.disputedLeaves).toEqual([]);
    // The Office sees the draft.
    const office = (await t.as(s.office).get(`/api/campaigns/${f.campaignId}/appraisal`)).json();
    expect(
      office.rows.find((r: { scorecardId: string }) => r.scorecardId === f.scorecardA).appraisedPoints,
    ).toBe(8500);
  });

  it('after leadership returns the results, a unit reviewed without explanations cannot be re-appraised', async () => {
    const { t, f, s, step, decide, campaignStep } = c;
    for (const sc of [f.scorecardA, f.scorecardB]) {
      const bulk = await t
        .as(s.member)
        .post(`/api/scorecards/${sc}/appraisal/accept-remaining`, { rowVersion: 0 });
      expect(bulk.statusCode, bulk.body).toBe(200);
      expect((await step(s.member, sc, 'completeReview')).statusCode).toBe(200);
    }
    expect((await campaignStep(s.office, 'convokeCouncil')).statusCode).toBe(200);
    const back = await campaignStep(s.leader, 'returnToAppraisal', 'Điểm tiêu chí 1.3 của Cục I chưa đúng.');
    expect(back.statusCode, back.body).toBe(200);
    const reopen = await step(s.office, f.scorecardB, 'reopenReview', 'Lãnh đạo trả lại');
    expect(reopen.statusCode, reopen.body).toBe(200);
    expect((reopen.json() as AppraisalView).status).toBe('RE_REVIEW');
    // The reopened review may correct any leaf, and the correction counts.
    const v = reopen.json() as AppraisalView;
    const leaf = v.leaves.find((l) => l.leafCode === '1.3')!;
    const fix = await decide(
      s.member,
      f.scorecardB,
      '1.3',
      { kind: 'ADJUST', points: 100, reason: 'Sửa' },
      leaf.current!.id,
    );
    expect(fix.statusCode, fix.body).toBe(200);
    expect((fix.json() as AppraisalView).appraised.points).toBe(9100);
    expect((await step(s.member, f.scorecardB, 'completeReview')).statusCode).toBe(200);
  });

  it('council special cases can declare every criterion not applicable; the campaign then answers 500 everywhere', async () => {
    const { t, f, s, view, campaignStep } = c;
    // Unit A is REVIEWED too (returned from COUNCIL_APPROVED or still REVIEWED).
    expect((await campaignStep(s.office, 'convokeCouncil')).statusCode).toBe(200);
    const criteria = (await view(s.council, f.scorecardA)).leaves
      .filter((l) => l.kind === 'CRITERION')
      .map((l) => l.leafCode);
    const statuses: number[] = [];
    for (const leaf of criteria) {
      const res = await t.as(s.council).post(`/api/scorecards/${f.scorecardA}/special-cases`, {
        kind: 'NOT_APPLICABLE',
        leafCode: leaf,
        reason: 'Không giao nhiệm vụ',
        decisionText: 'Không áp dụng',
      });
      statuses.push(res.statusCode);
    }
    // Every call but the last answers 200; the last, which would leave nothing to score, is refused.
    expect(statuses.slice(0, -1).every((x) => x === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(400);
    const count = await t.db
      .selectFrom('special_case')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('scorecardId', '=', f.scorecardA)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(criteria.length - 1);
    // Every page still answers.
    for (const url of [
      `/api/campaigns/${f.campaignId}/appraisal`,
      `/api/campaigns/${f.campaignId}/council`,
      `/api/campaigns/${f.campaignId}/results`,
      `/api/scorecards/${f.scorecardA}/appraisal`,
    ]) {
      expect((await t.as(s.council).get(url)).statusCode, url).toBe(200);
    }
  });
});

describe.each(testDialects())('appraisal edge cases (B) on %s', (dialect) => {
  let c: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    c = await setup(dialect);
  });
  afterAll(() => c.t.close());

  it('an amendment that leaves no applicable criterion answers 500 (not a 4xx)', async () => {
    const { t, f, s, view, step, campaignStep } = c;
    for (const sc of [f.scorecardA, f.scorecardB]) {
      expect(
        (await t.as(s.member).post(`/api/scorecards/${sc}/appraisal/accept-remaining`, { rowVersion: 0 }))
          .statusCode,
      ).toBe(200);
      expect((await step(s.member, sc, 'completeReview')).statusCode).toBe(200);
    }
    expect((await campaignStep(s.office, 'convokeCouncil')).statusCode).toBe(200);
    for (const sc of [f.scorecardA, f.scorecardB]) {
      expect((await step(s.council, sc, 'councilApprove')).statusCode).toBe(200);
    }
    expect((await campaignStep(s.leader, 'approve')).statusCode).toBe(200);
    const criteria = (await view(s.council, f.scorecardA)).leaves
      .filter((l) => l.kind === 'CRITERION')
      .map((l) => l.leafCode);
    const res = await t.as(s.council).post(`/api/scorecards/${f.scorecardA}/amendments`, {
      reason: 'Sai sót',
      decisionText: 'Điều chỉnh',
      changes: criteria.map((leafCode) => ({ leafCode, kind: 'NOT_APPLICABLE' })),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('không còn tiêu chí nào áp dụng');
    expect(await t.db.selectFrom('amendment').selectAll().execute()).toEqual([]);
  });

  it('closing the campaign with an appeal still FILED strands it: it can never be decided', async () => {
    const { t, f, s, campaignStep } = c;
    // Publication needs the announcement decision (issue 6, docs/results.md).
    const announced = await t.as(s.office).put(`/api/campaigns/${f.campaignId}/announcement`, {
      decisionNumber: '15/QĐ-TTCP',
      decisionDate: '2025-01-15',
    });
    expect(announced.statusCode, announced.body).toBe(200);
    expect((await campaignStep(s.office, 'publish')).statusCode).toBe(200);
    expect(
      (await t.as(s.office).put(`/api/campaigns/${f.campaignId}/appeal-window`, { until: '2024-12-31' }))
        .statusCode,
    ).toBe(200);
    const filed = await t
      .as(s.headA)
      .post(`/api/scorecards/${f.scorecardA}/appeals`, { grounds: 'Xem lại 1.3' });
    expect(filed.statusCode, filed.body).toBe(200);
    const appealId = (filed.json() as AppraisalView).appeals[0]!.id;
    // A second appeal while one waits is refused; closing the campaign too, until it is decided.
    const second = await t.as(s.headA).post(`/api/scorecards/${f.scorecardA}/appeals`, { grounds: 'Thêm' });
    expect(second.statusCode).toBe(409);
    const close = await campaignStep(s.office, 'close');
    expect(close.statusCode).toBe(409);
    expect(close.json().error.message).toContain('kiến nghị');
    // A rejection with score changes is contradictory: refused, nothing decided.
    const mixed = await t.as(s.council).post(`/api/appeals/${appealId}/decision`, {
      accept: false,
      reason: 'Không có căn cứ',
      changes: [{ leafCode: '1.3', kind: 'ADJUST', points: 100 }],
    });
    expect(mixed.statusCode).toBe(400);
    const decide = await t
      .as(s.council)
      .post(`/api/appeals/${appealId}/decision`, { accept: false, reason: 'Không có căn cứ' });
    expect(decide.statusCode, decide.body).toBe(200);
    const row = await t.db
      .selectFrom('appeal')
      .select('status')
      .where('id', '=', appealId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('REJECTED');
    expect((await campaignStep(s.office, 'close')).statusCode).toBe(200);
  });
});

// Races need real concurrency: PostgreSQL only (SQLite runs one writer at a time).
describe.each(testDialects().filter((d) => d === 'postgres'))('appraisal races (C) on %s', (dialect) => {
  let c: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    c = await setup(dialect);
  });
  afterAll(() => c.t.close());

  it('councilReopen racing leadership approval lands after it (campaign phase checked outside the transaction)', async () => {
    const { t, f, s, view, step, campaignStep } = c;
    for (const sc of [f.scorecardA, f.scorecardB]) {
      expect(
        (await t.as(s.member).post(`/api/scorecards/${sc}/appraisal/accept-remaining`, { rowVersion: 0 }))
          .statusCode,
      ).toBe(200);
      expect((await step(s.member, sc, 'completeReview')).statusCode).toBe(200);
    }
    expect((await campaignStep(s.office, 'convokeCouncil')).statusCode).toBe(200);
    for (const sc of [f.scorecardA, f.scorecardB]) {
      expect((await step(s.council, sc, 'councilApprove')).statusCode).toBe(200);
    }
    const v = await view(s.council, f.scorecardA);
    const [reopen, approve] = await Promise.all([
      t.as(s.council).post(`/api/scorecards/${f.scorecardA}/appraisal/transitions`, {
        action: 'councilReopen',
        rowVersion: v.rowVersion,
        reason: '',
      }),
      campaignStep(s.leader, 'approve'),
    ]);
    const campaign = await t.db
      .selectFrom('campaign')
      .select('phase')
      .where('id', '=', f.campaignId)
      .executeTakeFirstOrThrow();
    const card = await t.db
      .selectFrom('scorecard')
      .select(['status', 'councilApprovedAt'])
      .where('id', '=', f.scorecardA)
      .executeTakeFirstOrThrow();
    // Exactly one wins, and the data agree with it.
    if (approve.statusCode === 200) {
      expect(reopen.statusCode).toBe(409);
      expect(campaign.phase).toBe('APPROVED');
      expect(card.status).toBe('COUNCIL_APPROVED');
    } else {
      expect(reopen.statusCode).toBe(200);
      expect(approve.statusCode).toBe(409);
      expect(campaign.phase).toBe('COUNCIL');
      expect(card).toEqual({ status: 'REVIEWED', councilApprovedAt: null });
      expect((await step(s.council, f.scorecardA, 'councilApprove')).statusCode).toBe(200);
      expect((await campaignStep(s.leader, 'approve')).statusCode).toBe(200);
    }
  });

  it('two amendments at once on one unit: the second fails with 500 (seq unique violation)', async () => {
    const { t, f, s } = c;
    const amend = (points: number) =>
      t.as(s.council).post(`/api/scorecards/${f.scorecardB}/amendments`, {
        reason: `Sửa ${points}`,
        decisionText: 'Điều chỉnh',
        changes: [{ leafCode: '1.3', kind: 'ADJUST', points }],
      });
    const codes = (await Promise.all([amend(100), amend(150)])).map((r) => r.statusCode).sort();
    // Never a 500: the two serialise on the campaign row (both land) or one gets EDIT_CONFLICT.
    expect(codes[0]).toBe(200);
    expect([200, 409]).toContain(codes[1]);
    const amendments = await t.db
      .selectFrom('amendment')
      .select('id')
      .where('scorecardId', '=', f.scorecardB)
      .execute();
    expect(amendments).toHaveLength(codes.filter((c) => c === 200).length);
  });
});
