import type { AppraisalView, CouncilView } from '@cchc/domain/api/appraisal';
import type { ResultsView } from '@cchc/domain/api/results';
import { formatPercentVi, formatPointsVi } from '@cchc/domain/scoring/decimal';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzip } from '../src/modules/index-sets/xlsx/test-workbooks';
import {
  answerCriteria,
  type CampaignFixture,
  campaignFixture,
  submitWithReport,
} from '../src/testing/campaign-fixture';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

/**
 * The council's minutes draft (GET /api/campaigns/:id/council/minutes, DOCX) on both databases:
 * refused before the council phase and to units; then, once the working group has reviewed both
 * units and the Office has convened the council, a draft with the ranked results, the latest
 * meeting and the special cases.
 *
 * Demo set: VPTT (group THAM_MUU) max 86 points, CUC_I (NGHIEP_VU) max 92; both self-score full
 * points. The working group cuts VPTT's 1.1.1 from 1,5 to 1,25 (final 85,75); the council cuts
 * CUC_I's 1.3 from 2 to 1,5 (final 91,5). Ranks by index: VPTT 99,71% first, CUC_I 99,46% second.
 */
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe.each(testDialects())('council minutes on %s', (dialect) => {
  let t: TestApp;
  let f: CampaignFixture;
  type User = { id: string; username: string; password: string; session: Session };
  let member: User;
  let council: User;
  let leader: User;
  let headB: User;
  let office: Session;
  let focalA: Session;
  let headA: Session;
  let campaignVersion: number;

  const minutesUrl = () => `/api/campaigns/${f.campaignId}/council/minutes`;
  const xmlOf = async (res: LightMyRequestResponse) =>
    (await unzip(res.rawPayload)).get('word/document.xml')!.toString('utf8');
  /** The text of word/document.xml, tags removed (runs and cells run together). */
  const textOf = async (res: LightMyRequestResponse) => (await xmlOf(res)).replace(/<[^>]+>/g, '');
  const at = async (iso: string) => {
    t.clock.set(new Date(iso));
    for (const u of [member, council, leader, headB]) {
      u.session = await t.login(u.username, u.password);
    }
    office = await t.login(f.users.office.username, f.users.office.password);
    focalA = await t.login(f.users.focalA.username, f.users.focalA.password);
    headA = await t.login(f.users.headA.username, f.users.headA.password);
  };
  const view = async (s: Session, sc: string): Promise<AppraisalView> => {
    const res = await t.as(s).get(`/api/scorecards/${sc}/appraisal`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as AppraisalView;
  };
  const expectOk = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const campaignStep = async (action: string) => {
    const res = expectOk(
      await t
        .as(office)
        .post(`/api/campaigns/${f.campaignId}/transitions`, { rowVersion: campaignVersion, action }),
    );
    campaignVersion = (res.json() as { rowVersion: number }).rowVersion;
  };
  const results = async (s: Session) => {
    const res = expectOk(await t.as(s).get(`/api/campaigns/${f.campaignId}/results`));
    return res.json() as ResultsView;
  };
  /** The cells of a results row as they run together in the text: rank, unit, points, index, band. */
  const rowText = (r: ResultsView['rows'][number]) =>
    `${r.rank}${r.unit.name}${formatPointsVi(r.selfPoints)}${formatPointsVi(r.appraisedPoints)}${formatPointsVi(r.finalPoints)}${formatPercentVi(r.indexPercent)}${r.band ?? '—'}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await campaignFixture(t);
    member = await t.userWithRole('WORKING_GROUP');
    council = await t.userWithRole('COUNCIL_MEMBER');
    leader = await t.userWithRole('LEADERSHIP');
    headB = await t.userWithRole('UNIT_HEAD', f.unitB);
    office = f.office;
    focalA = f.focalA;
    headA = f.headA;
    await answerCriteria(t, f.focalA, f.scorecardA);
    await answerCriteria(t, f.focalB, f.scorecardB);
    expectOk(await submitWithReport(t, f.headA, f.scorecardA));
    expectOk(await submitWithReport(t, headB.session, f.scorecardB));
  });
  afterAll(() => t.close());

  it('refuses the minutes before the council phase (409) and to a unit at any time (403)', async () => {
    for (const s of [office, council.session, leader.session]) {
      const res = await t.as(s).get(minutesUrl());
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.code).toBe('INVALID_STATE_TRANSITION');
      expect(res.json().error.message).toContain('Hội đồng thẩm định');
    }
    expect((await t.as(focalA).get(minutesUrl())).statusCode).toBe(403);
    expect((await t.as(member.session).get(minutesUrl())).statusCode).toBe(403);

    // After the deadline (16/12/2024) the Office locks the self-assessment and starts the appraisal.
    await at('2024-12-17T02:00:00.000Z');
    campaignVersion = (
      (await t.as(office).get(`/api/campaigns/${f.campaignId}`)).json() as { rowVersion: number }
    ).rowVersion;
    await campaignStep('lockSelfAssessment');
    await campaignStep('startAppraisal');
    const during = await t.as(office).get(minutesUrl());
    expect(during.statusCode, during.body).toBe(409);
  });

  it('drafts the minutes once the council is convened, with blanks while no meeting is recorded', async () => {
    for (const sc of [f.scorecardA, f.scorecardB]) {
      expectOk(await t.as(office).put(`/api/scorecards/${sc}/appraisers`, { userIds: [member.id] }));
    }
    expectOk(
      await t.as(member.session).put(`/api/scorecards/${f.scorecardA}/appraisal/leaves/1.1.1`, {
        kind: 'ADJUST',
        points: 125,
        reasonCode: 'EVIDENCE_INSUFFICIENT',
        reason: 'Kế hoạch ban hành chậm 5 ngày.',
        expectedCurrentId: null,
      }),
    );
    for (const sc of [f.scorecardA, f.scorecardB]) {
      const v = await view(member.session, sc);
      expectOk(
        await t
          .as(member.session)
          .post(`/api/scorecards/${sc}/appraisal/accept-remaining`, { rowVersion: v.rowVersion }),
      );
      const reviewed = await view(member.session, sc);
      expectOk(
        await t.as(member.session).post(`/api/scorecards/${sc}/appraisal/transitions`, {
          action: 'completeReview',
          rowVersion: reviewed.rowVersion,
        }),
      );
    }
    await campaignStep('convokeCouncil');

    const res = await t.as(office).get(minutesUrl());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX_MIME);
    expect(res.headers['content-disposition']).toContain('Bien-ban-HDTD-CCHC-2024.docx');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const xml = await xmlOf(res);
    const text = await textOf(res);
    expect(xml).toContain('Times New Roman');
    expect(text).toContain('THANH TRA CHÍNH PHỦ');
    expect(text).toContain('HỘI ĐỒNG THẨM ĐỊNH');
    expect(text).toContain('/BB-HĐTĐ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Hà Nội, ngày 17 tháng 12 năm 2024');
    expect(text).toContain('BIÊN BẢN HỌP HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH');
    expect(text).toContain('Đánh giá Chỉ số CCHC năm 2024');
    // No meeting recorded yet: blanks for the secretary.
    expect(text).toContain('ngày …… tháng …… năm ……');
    expect(text).toContain('Chủ trì: Thành viên Hội đồng dự họp: Thư ký: ');
    expect(xml).toContain('w:leader="dot"');
    expect(text).toContain('Không có trường hợp đặc biệt.');
    // The ranked results, formatted the Vietnamese way: VPTT 86 → 85,75 after the working group.
    const ranked = await results(office);
    expect(ranked.rows.map((r) => [r.unit.code, r.rank, r.finalPoints])).toEqual([
      ['CUC_I', 1, 9200],
      ['VPTT', 2, 8575],
    ]);
    expect(text).toContain('1Cục Thanh tra I929292100%Xuất sắc');
    expect(text).toContain(
      `2Văn phòng Thanh tra8685,7585,75${formatPercentVi(ranked.rows[1]!.indexPercent)}`,
    );
    expect(text.indexOf('Cục Thanh tra I')).toBeLessThan(text.indexOf('Văn phòng Thanh tra'));
    expect(text).toContain('THƯ KÝ');
    expect(text).toContain('CHỦ TỊCH HỘI ĐỒNG');
  });

  it('records the latest meeting, who attended and the special cases decided there', async () => {
    const meeting = (body: Record<string, unknown>) =>
      t.as(office).post(`/api/campaigns/${f.campaignId}/council/meetings`, body);
    expectOk(
      await meeting({
        heldOn: '2024-12-18',
        place: 'Phòng họp tầng 2',
        chairName: 'Nguyễn Văn Cũ',
        membersPresent: ['Nguyễn Văn Cũ'],
      }),
    );
    const saved = expectOk(
      await meeting({
        heldOn: '2024-12-19',
        place: 'Phòng họp số 1, trụ sở Thanh tra Chính phủ',
        chairName: 'Trần Văn Chủ',
        membersPresent: ['Trần Văn Chủ', 'Lê Thị Thành', 'Phạm Văn Viên'],
        notes: 'Các thành viên thống nhất với kết quả thẩm định.\nĐề nghị công bố sớm.',
      }),
    ).json() as CouncilView;
    const latest = saved.meetings.find((m) => m.heldOn === '2024-12-19')!;
    expectOk(
      await t.as(council.session).post(`/api/scorecards/${f.scorecardB}/special-cases`, {
        kind: 'SCORE_CHANGE',
        leafCode: '1.3',
        points: 150,
        reason: 'Tài liệu tuyên truyền chưa đủ số kỳ.',
        decisionText: 'Chấm 1,5 điểm tiêu chí 1.3.',
        meetingId: latest.id,
      }),
    );

    // 01:30 on 20/12 in Hà Nội is still 19/12 in UTC: the date line is the local date.
    await at('2024-12-19T18:30:00.000Z');
    for (const s of [council.session, leader.session, office]) {
      const res = await t.as(s).get(minutesUrl());
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe(DOCX_MIME);
    }
    const text = await textOf(await t.as(council.session).get(minutesUrl()));
    expect(text).toContain('Hà Nội, ngày 20 tháng 12 năm 2024');
    expect(text).toContain('ngày 19 tháng 12 năm 2024');
    expect(text).toContain('Địa điểm: Phòng họp số 1, trụ sở Thanh tra Chính phủ.');
    expect(text).toContain('Chủ trì: Trần Văn Chủ.');
    expect(text).toContain('(3 người)');
    for (const name of ['1. Trần Văn Chủ', '2. Lê Thị Thành', '3. Phạm Văn Viên']) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain('Phòng họp tầng 2');
    expect(text).toContain('Đề nghị công bố sớm.');
    expect(text).toContain('Cục Thanh tra I — Thay đổi điểm tiêu chí, tiêu chí 1.3 (điểm Hội đồng: 1,5).');
    expect(text).toContain('Lý do: Tài liệu tuyên truyền chưa đủ số kỳ.');
    expect(text).toContain('Hội đồng quyết định: Chấm 1,5 điểm tiêu chí 1.3.');
    // The council's change reorders the ranking: CUC_I 92 → 91,5 falls below VPTT.
    const ranked = await results(council.session);
    expect(ranked.rows.map((r) => [r.unit.code, r.rank, r.finalPoints])).toEqual([
      ['VPTT', 1, 8575],
      ['CUC_I', 2, 9150],
    ]);
    for (const row of ranked.rows) {
      expect(text).toContain(rowText(row));
    }
    expect(text).toContain('2Cục Thanh tra I929291,5');

    for (const s of [focalA, headA, headB.session, member.session]) {
      expect((await t.as(s).get(minutesUrl())).statusCode).toBe(403);
    }
  });
});
