import type {
  PublicResults,
  PublicResultsPage,
  ResultsCharts,
  ResultsPage,
  ResultsSettingsView,
  ResultsView,
  UnitResultsView,
} from '@cchc/domain/api/results';
import type { ErrorBody } from '@cchc/domain/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerCriteria,
  type CampaignFixture,
  campaignFixture,
  submitWithReport,
} from '../src/testing/campaign-fixture';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

/**
 * Results, ranking, publication on both databases (issue 6). Four units on the demo index set,
 * every criterion answered with full points (self index 100 %); the working group lowers one leaf
 * in three of them. By hand (docs/index-set-format.md rules 6–9):
 *
 *   VPTT   (THAM_MUU, max 86): 1.3 (2 points) → 0: 84/86 = 97,674… → 97,67 %; field 1: 12/14 = 85,71 %
 *   VPTT2  (THAM_MUU, max 86): 7.4 (2 points) → 0: 84/86 → 97,67 % (tie with VPTT); field 7: 85,71 %
 *   CUC_I  (NGHIEP_VU, max 92): accepted: 92/92 = 100 %
 *   CUC_II (NGHIEP_VU, max 92): 8.NV.1 (8 points) → 0: 84/92 = 91,304… → 91,30 %; field 8: 12/20 = 60 %
 *
 * Bands: "Xuất sắc" needs ≥ 90 % and every field ≥ 70 %, so CUC_II (field 8 at 60 %) is "Tốt".
 * Ranking (scope all, dense ties): CUC_I 1, VPTT 2, VPTT2 2, CUC_II 3; in groups: VPTT 1, VPTT2 1,
 * CUC_I 1, CUC_II 2.
 */
describe.each(testDialects())('results on %s', (dialect) => {
  let t: TestApp;
  let f: CampaignFixture;
  type User = { id: string; username: string; password: string; session: Session };
  let member: User;
  let council: User;
  let leader: User;
  let office: Session;
  let focalA: Session;
  let campaignVersion: number;
  let code: string;

  const sc = (unit: string) => f.scorecards[unit]!;
  const relogin = async () => {
    for (const u of [member, council, leader]) {
      u.session = await t.login(u.username, u.password);
    }
    office = await t.login(f.users.office.username, f.users.office.password);
    focalA = await t.login(f.users.focalA.username, f.users.focalA.password);
  };
  const appraisalVersion = async (s: Session, id: string) =>
    ((await t.as(s).get(`/api/scorecards/${id}/appraisal`)).json() as { rowVersion: number }).rowVersion;
  const step = async (s: Session, id: string, action: string) =>
    t.as(s).post(`/api/scorecards/${id}/appraisal/transitions`, {
      action,
      rowVersion: await appraisalVersion(s, id),
      reason: '',
    });
  const campaignStep = async (s: Session, action: string) => {
    const res = await t.as(s).post(`/api/campaigns/${f.campaignId}/transitions`, {
      rowVersion: campaignVersion,
      action,
    });
    if (res.statusCode === 200) {
      campaignVersion = (res.json() as { rowVersion: number }).rowVersion;
    }
    return res;
  };
  const results = async (s: Session = office): Promise<ResultsView> => {
    const res = await t.as(s).get(`/api/campaigns/${f.campaignId}/results`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ResultsView;
  };
  const row = (v: ResultsView, unit: string) => v.rows.find((r) => r.unit.code === unit)!;
  const phase = async () =>
    (
      await t.db
        .selectFrom('campaign')
        .select('phase')
        .where('id', '=', f.campaignId)
        .executeTakeFirstOrThrow()
    ).phase;
  const announcementCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('announcement')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await campaignFixture(t, {
      moreUnits: [
        { code: 'VPTT2', name: 'Vụ Tham mưu II', kind: 'VU', group: 'THAM_MUU' },
        { code: 'CUC_II', name: 'Cục Thanh tra II', kind: 'CUC', group: 'NGHIEP_VU' },
      ],
      officers: {
        headVPTT2: { unit: 'VPTT2', role: 'UNIT_HEAD' },
        focalVPTT2: { unit: 'VPTT2', role: 'UNIT_FOCAL' },
        headCUC_I: { unit: 'CUC_I', role: 'UNIT_HEAD' },
        headCUC_II: { unit: 'CUC_II', role: 'UNIT_HEAD' },
        focalCUC_II: { unit: 'CUC_II', role: 'UNIT_FOCAL' },
      },
    });
    code = ((await t.as(f.office).get(`/api/campaigns/${f.campaignId}`)).json() as { code: string }).code;
    member = await t.userWithRole('WORKING_GROUP');
    council = await t.userWithRole('COUNCIL_MEMBER');
    leader = await t.userWithRole('LEADERSHIP');
    const o = f.officers as Record<string, { session: Session }>;
    await answerCriteria(t, f.focalA, sc('VPTT'));
    await answerCriteria(t, f.focalB, sc('CUC_I'));
    await answerCriteria(t, o.focalVPTT2!.session, sc('VPTT2'));
    await answerCriteria(t, o.focalCUC_II!.session, sc('CUC_II'));
    expect((await submitWithReport(t, f.headA, sc('VPTT'))).statusCode).toBe(200);
    expect((await submitWithReport(t, o.headCUC_I!.session, sc('CUC_I'))).statusCode).toBe(200);
    expect((await submitWithReport(t, o.headVPTT2!.session, sc('VPTT2'))).statusCode).toBe(200);
    expect((await submitWithReport(t, o.headCUC_II!.session, sc('CUC_II'))).statusCode).toBe(200);
    t.clock.set(new Date('2024-12-17T02:00:00.000Z'));
    await relogin();
    campaignVersion = (
      (await t.as(office).get(`/api/campaigns/${f.campaignId}`)).json() as { rowVersion: number }
    ).rowVersion;
    expect((await campaignStep(office, 'lockSelfAssessment')).statusCode).toBe(200);
    expect((await campaignStep(office, 'startAppraisal')).statusCode).toBe(200);
    const lowered: Record<string, string> = { VPTT: '1.3', VPTT2: '7.4', CUC_II: '8.NV.1' };
    for (const unit of ['VPTT', 'VPTT2', 'CUC_I', 'CUC_II']) {
      const id = sc(unit);
      const assigned = await t.as(office).put(`/api/scorecards/${id}/appraisers`, { userIds: [member.id] });
      expect(assigned.statusCode, assigned.body).toBe(200);
      const leaf = lowered[unit];
      if (leaf) {
        const res = await t.as(member.session).put(`/api/scorecards/${id}/appraisal/leaves/${leaf}`, {
          kind: 'ADJUST',
          points: 0,
          reasonCode: 'EVIDENCE_MISSING',
          reason: 'Không có tài liệu kiểm chứng.',
          expectedCurrentId: null,
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      const rest = await t.as(member.session).post(`/api/scorecards/${id}/appraisal/accept-remaining`, {
        rowVersion: await appraisalVersion(member.session, id),
      });
      expect(rest.statusCode, rest.body).toBe(200);
      expect((await step(member.session, id, 'completeReview')).statusCode).toBe(200);
    }
  });
  afterAll(() => t.close());

  it('computes indices, bands, ranks (ties, groups) and ratings equal to the hand values', async () => {
    const v = await results();
    expect(v.rows.map((r) => [r.unit.code, r.rank, r.rankInGroup, r.indexPercent, r.band, r.rating])).toEqual(
      [
        ['CUC_I', 1, 1, 10000, 'Xuất sắc', 'EXCELLENT'],
        ['VPTT', 2, 1, 9767, 'Xuất sắc', 'EXCELLENT'],
        ['VPTT2', 2, 1, 9767, 'Xuất sắc', 'EXCELLENT'],
        ['CUC_II', 3, 2, 9130, 'Tốt', 'GOOD'],
      ],
    );
    expect(row(v, 'VPTT')).toMatchObject({
      selfPoints: 8600,
      appraisedPoints: 8400,
      finalPoints: 8400,
      maxPoints: 8600,
    });
    expect(row(v, 'VPTT').selfIndexPercent).toBe(10000);
    expect(row(v, 'VPTT').fields.find((x) => x.code === '1')?.percent).toBe(8571);
    expect(row(v, 'VPTT').fields.find((x) => x.code === '3')?.percent).toBeNull();
    expect(row(v, 'CUC_II').fields.find((x) => x.code === '8')?.percent).toBe(6000);
    // Field 1 average over the four units: (8571 + 10000 + 10000 + 10000) / 4 = 9642,75 → 9643.
    expect(v.fieldAverages.find((x) => x.code === '1')?.percent).toBe(9643);
    expect(v.rows.every((r) => r.previous === null)).toBe(true);
  });

  it('the CLI path and the CSV give the same numbers; CSV is internal only', async () => {
    const csv = await t.as(office).get(`/api/campaigns/${f.campaignId}/results/csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]!.startsWith('Hạng,Hạng chung,Hạng trong nhóm,Mã đơn vị,Tên đơn vị')).toBe(true);
    expect(lines[1]).toContain('1,1,1,CUC_I,');
    expect(lines.find((l) => l.includes(',CUC_II,'))).toContain(',91.30,Tốt,Hoàn thành tốt nhiệm vụ,');
    const denied = await t.as(focalA).get(`/api/campaigns/${f.campaignId}/results/csv`);
    expect(denied.statusCode).toBe(403);
    expect((denied.json() as ErrorBody).error.code).toBe('FORBIDDEN');
    expect((await t.as(focalA).get(`/api/campaigns/${f.campaignId}/results`)).statusCode).toBe(403);
  });

  it('explains a rank: points lost against the maximum and against the unit just above', async () => {
    const v2 = (await t.as(office).get(`/api/scorecards/${sc('VPTT2')}/results`)).json() as UnitResultsView;
    expect(v2).toMatchObject({ rank: 2, rankedCount: 4, rating: 'EXCELLENT' });
    // The unit above VPTT2 is CUC_I (VPTT is tied, not above).
    expect(v2.above).toMatchObject({
      unitName: 'Cục Thanh tra I',
      rank: 1,
      indexPercent: 10000,
      points: 9200,
    });
    const f7 = v2.items.find((i) => i.code === '7')!;
    expect(f7).toMatchObject({
      maxPoints: 1400,
      finalPoints: 1200,
      lostVsMax: 200,
      abovePoints: 1400,
      gapVsAbove: 200,
    });
    expect(v2.items.find((i) => i.code === '7.4')).toMatchObject({
      selfPoints: 200,
      appraisedPoints: 0,
      finalPoints: 0,
    });
    expect(v2.items.some((i) => i.code === '3')).toBe(false); // field 3 does not apply to THAM_MUU
    // Radar: field 7's average is (14 + 14 + 12 + 14) / 4 of each maximum = 96,43 %.
    expect(v2.fields.find((x) => x.code === '7')).toMatchObject({ percent: 8571, average: 9643 });
    const v4 = (await t.as(office).get(`/api/scorecards/${sc('CUC_II')}/results`)).json() as UnitResultsView;
    // Two units share rank 2: the one above is the first by unit code.
    expect(v4.above?.unitName).toBe('Văn phòng Thanh tra');
    // Field 3 applies to CUC_II's group only: no comparison with VPTT rather than a false 0.
    expect(v4.items.find((i) => i.code === '3')).toMatchObject({ abovePoints: null, gapVsAbove: null });
    expect(v4.items.find((i) => i.code === '8')).toMatchObject({
      lostVsMax: 800,
      abovePoints: 2000,
      gapVsAbove: 800,
    });
  });

  it('a unit sees its own results only after approval, never another unit', async () => {
    const early = await t.as(focalA).get(`/api/scorecards/${sc('VPTT')}/results`);
    expect(early.statusCode).toBe(409);
    expect((early.json() as ErrorBody).error.code).toBe('RESULTS_NOT_APPROVED');
    const other = await t.as(focalA).get(`/api/scorecards/${sc('CUC_I')}/results`);
    expect(other.statusCode).toBe(403);
  });

  it('refuses publication and the announcement before approval, changing nothing', async () => {
    const pub = await campaignStep(office, 'publish');
    expect(pub.statusCode).toBe(409);
    expect((pub.json() as ErrorBody).error.code).toBe('RESULTS_NOT_APPROVED');
    const ann = await t.as(office).put(`/api/campaigns/${f.campaignId}/announcement`, {
      decisionNumber: '15/QĐ-TTCP',
      decisionDate: '2025-01-15',
    });
    expect(ann.statusCode).toBe(409);
    expect((ann.json() as ErrorBody).error.code).toBe('RESULTS_NOT_APPROVED');
    expect(await phase()).toBe('APPRAISAL');
    expect(await announcementCount()).toBe(0);
    // The public never learns that an unpublished campaign exists: the same 404 as for no campaign.
    const hidden = await t.app.inject({ method: 'GET', url: `/api/public/results/${code}` });
    const none = await t.app.inject({ method: 'GET', url: '/api/public/results/KHONG-CO' });
    expect(hidden.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    const strip = (b: string) => {
      const e = JSON.parse(b) as ErrorBody;
      return { code: e.error.code, message: e.error.message };
    };
    expect(strip(hidden.body)).toEqual(strip(none.body));
    expect((await t.app.inject({ method: 'GET', url: `/api/public/results/${code}/csv` })).statusCode).toBe(
      404,
    );
    const list = await t.app.inject({ method: 'GET', url: '/api/public/results' });
    expect(list.json()).toEqual([]);
  });

  it('validates the settings, and the rating mapping changes the suggested ratings', async () => {
    const before = (
      await t.as(office).get(`/api/campaigns/${f.campaignId}/results/settings`)
    ).json() as ResultsSettingsView;
    expect(before.rowVersion).toBe(0);
    expect(before.ratingMap.bands.map((b) => [b.band, b.rating])).toEqual([
      ['Xuất sắc', 'EXCELLENT'],
      ['Tốt', 'GOOD'],
      ['Khá', 'COMPLETED'],
      ['Trung bình', 'COMPLETED'],
      ['Yếu', 'NOT_COMPLETED'],
    ]);
    const bad = await t.as(office).put(`/api/campaigns/${f.campaignId}/results/settings`, {
      rowVersion: 0,
      ratingMap: { bands: [{ band: 'Không có', rating: 'GOOD' }], unclassified: 'NOT_COMPLETED' },
      previousCampaignId: f.campaignId,
      criterionMapping: [{ code: 'X.9', previousCode: null }],
    });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json() as ErrorBody).error.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual([
      'criterionMapping.X.9',
      'previousCampaignId',
      'ratingMap.Không có',
    ]);
    expect(
      await t.db.selectFrom('results_settings').selectAll().where('campaignId', '=', f.campaignId).execute(),
    ).toEqual([]);
    const ok = await t.as(office).put(`/api/campaigns/${f.campaignId}/results/settings`, {
      rowVersion: 0,
      ratingMap: {
        bands: before.ratingMap.bands.map((b) => ({
          band: b.band,
          rating: b.band === 'Tốt' ? 'COMPLETED' : b.rating,
        })),
        unclassified: 'NOT_COMPLETED',
      },
      previousCampaignId: null,
      criterionMapping: [],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as ResultsSettingsView).rowVersion).toBe(1);
    expect(row(await results(), 'CUC_II').rating).toBe('COMPLETED');
    const stale = await t.as(office).put(`/api/campaigns/${f.campaignId}/results/settings`, {
      rowVersion: 0,
      ratingMap: before.ratingMap,
      previousCampaignId: null,
      criterionMapping: [],
    });
    expect(stale.statusCode).toBe(409);
    expect(row(await results(), 'CUC_II').rating).toBe('COMPLETED');
    const denied = await t.as(council.session).put(`/api/campaigns/${f.campaignId}/results/settings`, {
      rowVersion: 1,
      ratingMap: before.ratingMap,
      previousCampaignId: null,
      criterionMapping: [],
    });
    expect(denied.statusCode).toBe(403);
  });

  it('publishes after approval with an announcement; the public page shows only published data', async () => {
    t.clock.set(new Date('2024-12-24T02:00:00.000Z'));
    await relogin();
    expect((await campaignStep(office, 'convokeCouncil')).statusCode).toBe(200);
    for (const unit of ['VPTT', 'VPTT2', 'CUC_I', 'CUC_II']) {
      expect((await step(council.session, sc(unit), 'councilApprove')).statusCode).toBe(200);
    }
    expect((await campaignStep(leader.session, 'approve')).statusCode).toBe(200);
    // Approved: the unit sees its own results; the unit above stays hidden until publication.
    const own = await t.as(focalA).get(`/api/scorecards/${sc('VPTT')}/results`);
    expect(own.statusCode, own.body).toBe(200);
    expect((own.json() as UnitResultsView).rank).toBe(2);
    expect((own.json() as UnitResultsView).above).toBeNull();

    const noAnnouncement = await campaignStep(office, 'publish');
    expect(noAnnouncement.statusCode).toBe(422);
    expect((noAnnouncement.json() as ErrorBody).error.code).toBe('ANNOUNCEMENT_REQUIRED');
    expect(await phase()).toBe('APPROVED');

    const badDate = await t.as(office).put(`/api/campaigns/${f.campaignId}/announcement`, {
      decisionNumber: '15/QĐ-TTCP',
      decisionDate: '2025-02-30',
    });
    expect(badDate.statusCode).toBe(400);
    expect(await announcementCount()).toBe(0);
    // Approved on 24/12/2024: a decision dated before it, or a conference before the decision, is refused.
    for (const body of [
      { decisionNumber: '15/QĐ-TTCP', decisionDate: '2024-12-20' },
      { decisionNumber: '15/QĐ-TTCP', decisionDate: '2025-01-15', announcedOn: '2025-01-10' },
    ]) {
      const res = await t.as(office).put(`/api/campaigns/${f.campaignId}/announcement`, body);
      expect(res.statusCode).toBe(400);
      expect(Object.keys((res.json() as ErrorBody).error.fields ?? {})).toEqual([
        body.announcedOn ? 'announcedOn' : 'decisionDate',
      ]);
    }
    expect(await announcementCount()).toBe(0);
    // Two first saves at once: they take turns (one record, the later one wins), never a 500.
    const [first, second] = await Promise.all(
      ['14/QĐ-TTCP', '15/QĐ-TTCP'].map((decisionNumber) =>
        t.as(office).put(`/api/campaigns/${f.campaignId}/announcement`, {
          decisionNumber,
          decisionDate: '2025-01-15',
          announcedOn: '2025-01-20',
          place: 'Hà Nội',
        }),
      ),
    );
    expect([first!.statusCode, second!.statusCode], `${first!.body} ${second!.body}`).toEqual([200, 200]);
    expect(await announcementCount()).toBe(1);
    const ann = await t.as(office).put(`/api/campaigns/${f.campaignId}/announcement`, {
      decisionNumber: '15/QĐ-TTCP',
      decisionDate: '2025-01-15',
      announcedOn: '2025-01-20',
      place: 'Hà Nội',
    });
    expect(ann.statusCode, ann.body).toBe(200);
    expect((await campaignStep(focalA, 'publish')).statusCode).toBe(403);
    const pub = await campaignStep(office, 'publish');
    expect(pub.statusCode, pub.body).toBe(200);
    expect(await phase()).toBe('PUBLISHED');

    const res = await t.app.inject({ method: 'GET', url: `/api/public/results/${code}` });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as PublicResults;
    expect(p.announcement).toMatchObject({ decisionNumber: '15/QĐ-TTCP', decisionDate: '2025-01-15' });
    expect(p.rows.map((r) => [r.rank, r.unitCode, r.indexPercent, r.band])).toEqual([
      [1, 'CUC_I', 10000, 'Xuất sắc'],
      [2, 'VPTT', 9767, 'Xuất sắc'],
      [2, 'VPTT2', 9767, 'Xuất sắc'],
      [3, 'CUC_II', 9130, 'Tốt'],
    ]);
    // Nothing internal: no self or appraised scores, no ids, no ratings.
    const keys = new Set(p.rows.flatMap((r) => Object.keys(r)));
    expect([...keys].sort()).toEqual([
      'band',
      'fields',
      'groupCode',
      'indexPercent',
      'maxPoints',
      'points',
      'rank',
      'unitCode',
      'unitName',
    ]);
    expect(res.body).not.toMatch(/selfPoints|scorecardId|appraised/);
    const csv = await t.app.inject({ method: 'GET', url: `/api/public/results/${code}/csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[1]).toMatch(
      /^1,CUC_I,Cục Thanh tra I,NGHIEP_VU,92.00,92.00,100.00,Xuất sắc,/,
    );
    expect(csv.body).not.toContain('Tự đánh giá');
    const list = (await t.app.inject({ method: 'GET', url: '/api/public/results' })).json() as {
      code: string;
      unitCount: number;
    }[];
    expect(list).toEqual([expect.objectContaining({ code, unitCount: 4 })]);

    // Published: the unit sees the unit above, field by field only.
    const after = (await t.as(focalA).get(`/api/scorecards/${sc('VPTT')}/results`)).json() as UnitResultsView;
    expect(after.above).toMatchObject({ rank: 1, unitName: 'Cục Thanh tra I', bonus: null, penalty: null });
    expect(after.items.find((i) => i.code === '1')?.gapVsAbove).toBe(200);
    expect(after.items.find((i) => i.code === '1.3')?.gapVsAbove).toBeNull();
    // Settings are frozen once published.
    const frozen = await t.as(office).put(`/api/campaigns/${f.campaignId}/results/settings`, {
      rowVersion: 1,
      ratingMap: { bands: [], unclassified: 'NOT_COMPLETED' },
      previousCampaignId: null,
      criterionMapping: [],
    });
    expect(frozen.statusCode).toBe(409);
    expect((frozen.json() as ErrorBody).error.code).toBe('RESULTS_FROZEN');
  });

  it('a unit renamed after publication shows under its new name (the cached results follow)', async () => {
    const before = (
      await t.app.inject({ method: 'GET', url: `/api/public/results/${code}` })
    ).json() as PublicResults;
    expect(before.rows.some((r) => r.unitName === 'Vụ Tham mưu II')).toBe(true);
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const renamed = await t
      .as(admin)
      .patch(`/api/units/${f.units.VPTT2}`, { name: 'Vụ Tham mưu tổng hợp II' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = (
      await t.app.inject({ method: 'GET', url: `/api/public/results/${code}` })
    ).json() as PublicResults;
    expect(after.rows.find((r) => r.unitCode === 'VPTT2')?.unitName).toBe('Vụ Tham mưu tổng hợp II');
  });

  it('an amendment after publication shows on the public page at once (no stale figures)', async () => {
    const first = (
      await t.app.inject({ method: 'GET', url: `/api/public/results/${code}` })
    ).json() as PublicResults;
    expect(first.rows.find((r) => r.unitCode === 'CUC_II')?.indexPercent).toBe(9130);
    const amended = await t.as(council.session).post(`/api/scorecards/${sc('CUC_II')}/amendments`, {
      reason: 'Kiến nghị được chấp nhận: đơn vị bổ sung tài liệu kiểm chứng.',
      decisionText: 'Điều chỉnh điểm tiêu chí 8.NV.1.',
      changes: [{ leafCode: '8.NV.1', kind: 'ADJUST', points: 800 }],
    });
    expect(amended.statusCode, amended.body).toBe(200);
    const after = (
      await t.app.inject({ method: 'GET', url: `/api/public/results/${code}` })
    ).json() as PublicResults;
    // 92/92 = 100 %: CUC_II now shares rank 1 with CUC_I; VPTT and VPTT2 stay at rank 2.
    expect(after.rows.map((r) => [r.rank, r.unitCode, r.indexPercent])).toEqual([
      [1, 'CUC_I', 10000],
      [1, 'CUC_II', 10000],
      [2, 'VPTT', 9767],
      [2, 'VPTT2', 9767],
    ]);
    expect(row(await results(), 'CUC_II')).toMatchObject({
      rank: 1,
      band: 'Xuất sắc',
      appraisedPoints: 8400,
      finalPoints: 9200,
    });
  });
  it('pages, sorts, filters and searches the ranking on the server; totals equal the full list', async () => {
    const page = async (qs: string, s: Session = office) => {
      const res = await t.as(s).get(`/api/campaigns/${f.campaignId}/results?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as ResultsPage;
    };
    const codes = (p: { rows: { unit: { code: string } }[] }) => p.rows.map((r) => r.unit.code);
    // The whole ranking (ties in unit-code order), then the same in pages of two.
    const all = await page('pageSize=500');
    expect(codes(all)).toEqual(['CUC_I', 'CUC_II', 'VPTT', 'VPTT2']);
    expect(all).toMatchObject({
      total: 4,
      page: 1,
      pageSize: 500,
      sort: 'rank',
      order: 'asc',
      group: null,
      q: '',
    });
    const p1 = await page('page=1&pageSize=2');
    const p2 = await page('page=2&pageSize=2');
    expect([...codes(p1), ...codes(p2)]).toEqual(codes(all));
    expect(p2.rows).toEqual(all.rows.slice(2));
    expect(p1.total).toBe(4);
    // Campaign-level figures are aggregates over every unit, whatever the page.
    expect(p2.stats).toEqual(all.stats);
    expect(p2.stats).toMatchObject({
      units: 4,
      averageIndexPercent: Math.round((10000 + 10000 + 9767 + 9767) / 4),
      highestIndexPercent: Math.max(...all.rows.map((r) => r.indexPercent)),
      lowestIndexPercent: Math.min(...all.rows.map((r) => r.indexPercent)),
      groups: [
        {
          code: 'THAM_MUU',
          count: 2,
          highestIndexPercent: Math.max(
            ...all.rows.filter((r) => r.unit.groupCode === 'THAM_MUU').map((r) => r.indexPercent),
          ),
          lowestIndexPercent: Math.min(
            ...all.rows.filter((r) => r.unit.groupCode === 'THAM_MUU').map((r) => r.indexPercent),
          ),
        },
        { code: 'NGHIEP_VU', count: 2 },
      ],
    });
    expect(p2.stats.bands.reduce((n, b) => n + b.count, 0)).toBe(4);
    expect(p2.stats.bands.find((b) => b.band === 'Xuất sắc')?.count).toBe(
      all.rows.filter((r) => r.band === 'Xuất sắc').length,
    );
    // A page past the end is empty, with the true total.
    const past = await page('page=9&pageSize=2');
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(4);
    // Sorts: by name (Vietnamese order), by index descending (ties keep the published order), by code desc.
    expect(codes(await page('sort=name'))).toEqual(['CUC_I', 'CUC_II', 'VPTT', 'VPTT2']);
    expect(codes(await page('sort=index&order=desc'))).toEqual(['CUC_I', 'CUC_II', 'VPTT', 'VPTT2']);
    expect(codes(await page('sort=index&order=asc'))).toEqual(['VPTT', 'VPTT2', 'CUC_I', 'CUC_II']);
    expect(codes(await page('sort=code&order=desc'))).toEqual(['VPTT2', 'VPTT', 'CUC_II', 'CUC_I']);
    expect(codes(await page('sort=rank&order=desc'))).toEqual(['VPTT2', 'VPTT', 'CUC_II', 'CUC_I']);
    // Filter by group, and search without accents or case (code or name).
    const tm = await page('group=THAM_MUU');
    expect(codes(tm)).toEqual(['VPTT', 'VPTT2']);
    expect(tm.total).toBe(2);
    expect(codes(await page(`q=${encodeURIComponent('vu tham muu')}`))).toEqual(['VPTT2']);
    expect(codes(await page(`q=${encodeURIComponent('VĂN PHÒNG')}`))).toEqual(['VPTT']);
    expect(codes(await page('q=cuc_ii'))).toEqual(['CUC_II']);
    expect((await page('q=khong-co-don-vi-nay')).total).toBe(0);
    expect(
      codes(await page(`group=NGHIEP_VU&q=${encodeURIComponent('thanh tra')}&sort=index&order=asc`)),
    ).toEqual(['CUC_I', 'CUC_II']);
    // Bad paging is refused with a Vietnamese message per field.
    const messages: Record<string, [string, string]> = {
      'pageSize=501': ['pageSize', 'Số đơn vị mỗi trang phải từ 1 đến 500.'],
      'pageSize=0': ['pageSize', 'Số đơn vị mỗi trang phải từ 1 đến 500.'],
      'pageSize=2.5': ['pageSize', 'Số đơn vị mỗi trang phải từ 1 đến 500.'],
      'page=0': ['page', 'Số trang phải là số nguyên từ 1.'],
      'page=abc': ['page', 'Số trang phải là số nguyên từ 1.'],
      'sort=secret': [
        'sort',
        expect.stringContaining('Cách sắp xếp phải là một trong: rank, code') as unknown as string,
      ],
      'order=up': ['order', 'Chiều sắp xếp phải là asc (tăng dần) hoặc desc (giảm dần).'],
    };
    for (const [qs, [field, message]] of Object.entries(messages)) {
      const bad = await t.as(office).get(`/api/campaigns/${f.campaignId}/results?${qs}`);
      expect(bad.statusCode, qs).toBe(400);
      const body = bad.json() as ErrorBody;
      expect(body.error.code).toBe('VALIDATION_ERROR');
      expect(body.error.fields, qs).toEqual({ [field]: message });
    }
    // Others still may not read the internal ranking.
    expect((await t.as(focalA).get(`/api/campaigns/${f.campaignId}/results?page=2`)).statusCode).toBe(403);

    // The public list pages the same way; its counts cover the whole campaign.
    const pub = async (qs: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/public/results/${code}?${qs}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as PublicResultsPage;
    };
    const pubAll = await pub('');
    expect(pubAll.rows.map((r) => r.unitCode)).toEqual(codes(all));
    const pub2 = await pub('page=2&pageSize=3');
    expect(pub2.rows.map((r) => r.unitCode)).toEqual(['VPTT2']);
    expect(pub2).toMatchObject({ total: 4, stats: { units: 4 } });
    expect(pub2.fieldAverages).toEqual(all.fieldAverages);
    expect((await pub('q=van%20phong')).rows.map((r) => r.unitCode)).toEqual(['VPTT']);
    // The public list has no internal orders (special cases, self-assessed points …).
    const internalSort = await t.app.inject({
      method: 'GET',
      url: `/api/public/results/${code}?sort=special`,
    });
    expect(internalSort.statusCode).toBe(400);
    // The CSV keeps every unit.
    const csv = await t.app.inject({ method: 'GET', url: `/api/public/results/${code}/csv` });
    expect(csv.body.trim().split('\r\n')).toHaveLength(1 + 4);

    // Charts: a small campaign draws every unit (the selection's), with its aggregates.
    const charts = (
      await t.as(office).get(`/api/campaigns/${f.campaignId}/results/charts?group=NGHIEP_VU`)
    ).json() as ResultsCharts;
    expect(charts).toMatchObject({ group: 'NGHIEP_VU', total: 2, complete: true });
    expect(charts.rows.map((r) => r.unit.code)).toEqual(['CUC_I', 'CUC_II']);
    expect(charts.histogram.flatMap((b) => b.counts).reduce((n, c) => n + c.count, 0)).toBe(2);
    expect(charts.groupFieldAverages.map((g) => [g.groupCode, g.count])).toEqual([['NGHIEP_VU', 2]]);
  });
});
