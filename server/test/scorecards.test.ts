import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzip } from '../src/modules/index-sets/xlsx/test-workbooks';
import { goodAnswer } from '../src/seed/demo-answers';
import { type CampaignFixture, campaignFixture, submitWithReport } from '../src/testing/campaign-fixture';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

const doc = demo as unknown as IndexSetDocument;

describe.each(testDialects())('self-assessment on %s', (dialect) => {
  let t: TestApp;
  let f: CampaignFixture;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await campaignFixture(t);
  });
  afterAll(() => t.close());

  const url = (sc: string, rest = '') => `/api/scorecards/${sc}${rest}`;
  const answers = (sc: string) =>
    t.db
      .selectFrom('scorecard_answer')
      .select(['leafCode', 'value', 'points', 'rowVersion'])
      .where('scorecardId', '=', sc)
      .orderBy('leafCode')
      .execute();
  const scorecard = (sc: string) =>
    t.db.selectFrom('scorecard').selectAll().where('id', '=', sc).executeTakeFirstOrThrow();
  const save = (s: Session, sc: string, leaf: string, body: Record<string, unknown>) =>
    t.as(s).put(url(sc, `/answers/${encodeURIComponent(leaf)}`), { rowVersion: 0, ...body });

  it("shows the unit its applicable tree; another unit's scorecard is refused and logged", async () => {
    const view = await t.as(f.focalA).get(url(f.scorecardA));
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      status: 'DRAFT',
      editable: true,
      dueDate: '2024-12-16',
      progress: { answered: 0, applicable: 23, selfPoints: 0, maxPoints: 8600 },
      allowedActions: ['scorecard.edit'],
    });
    const head = await t.as(f.headA).get(url(f.scorecardA));
    expect(head.json().allowedActions).toEqual(['scorecard.edit', 'scorecard.submit']);

    const other = await t.as(f.focalA).get(url(f.scorecardB));
    expect(other.statusCode).toBe(403);
    const write = await save(f.focalA, f.scorecardB, '1.3', { value: { value: true } });
    expect(write.statusCode).toBe(403);
    expect(await answers(f.scorecardB)).toEqual([]);
    const denied = await t.db
      .selectFrom('audit_event')
      .select(['action', 'actorUserId'])
      .where('entityId', '=', f.scorecardB)
      .where('action', '=', 'scorecard.accessDenied')
      .execute();
    expect(denied).toHaveLength(2);
    expect(denied[0]!.actorUserId).toBe(f.users.focalA.id);
    // The Office reads any scorecard but cannot fill it in.
    expect((await t.as(f.office).get(url(f.scorecardA))).json().editable).toBe(false);
    expect((await save(f.office, f.scorecardA, '1.3', { value: { value: true } })).statusCode).toBe(403);
  });

  it('computes points with the engine and refuses inputs outside the method, storing nothing', async () => {
    const over = await save(f.focalA, f.scorecardA, '1.1.2', { value: { percent: 130 } });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('ANSWER_INVALID');
    expect(over.json().error.fields['1.1.2']).toBeTruthy();
    const unknownLevel = await save(f.focalA, f.scorecardA, '2.4', { value: { level: 'Xuất sắc' } });
    expect(unknownLevel.statusCode).toBe(422);
    const notForGroup = await save(f.focalA, f.scorecardA, '8.NV.1', { value: { percent: 50 } });
    expect(notForGroup.statusCode).toBe(404);
    const naWithoutReason = await save(f.focalA, f.scorecardA, '1.4', { value: null, naClaimed: true });
    expect(naWithoutReason.statusCode).toBe(400);
    // An "answer" of a megabyte is not an answer (the comment of MANUAL is free text inside it).
    const huge = await save(f.focalA, f.scorecardA, '8.TM.2', {
      value: { points: 1, comment: 'x'.repeat(9000) },
    });
    expect(huge.statusCode).toBe(422);
    expect(await answers(f.scorecardA)).toEqual([]);

    const ok = await save(f.focalA, f.scorecardA, '1.1.2', {
      value: { percent: 85 },
      note: 'Theo báo cáo quý',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ points: 200, rowVersion: 1, note: 'Theo báo cáo quý' });
    expect(ok.json().explanation).toContain('80');
    expect((await scorecard(f.scorecardA)).answeredCount).toBe(1);

    // A note typed before the answer is kept; clearing an answer keeps the row, unanswered.
    const noteOnly = await save(f.focalA, f.scorecardA, '1.5', { value: null, note: 'Đang chờ số liệu' });
    expect(noteOnly.statusCode, noteOnly.body).toBe(200);
    expect(noteOnly.json()).toMatchObject({ value: null, points: 0, note: 'Đang chờ số liệu' });
    expect((await scorecard(f.scorecardA)).answeredCount).toBe(1);
  });

  it('never overwrites silently: the second save of the same version gets the current value', async () => {
    const first = await save(f.focalA, f.scorecardA, '1.3', { value: { value: true } });
    expect(first.statusCode).toBe(200);
    const second = await save(f.headA, f.scorecardA, '1.3', { value: { value: false } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('EDIT_CONFLICT');
    expect(second.json().error.details.current).toMatchObject({ value: { value: true }, rowVersion: 1 });
    const row = (await answers(f.scorecardA)).find((a) => a.leafCode === '1.3')!;
    expect(JSON.parse(row.value!)).toEqual({ value: true });
    // With the version they now know, the save goes through.
    const retry = await t
      .as(f.headA)
      .put(url(f.scorecardA, '/answers/1.3'), { rowVersion: 1, value: { value: false } });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ rowVersion: 2, points: 0 });
  });

  it('checks before submission, and only the unit head submits', async () => {
    const byFocal = await t.as(f.focalA).post(url(f.scorecardA, '/submit'), { rowVersion: 1 });
    expect(byFocal.statusCode).toBe(403);
    const incomplete = await t.as(f.headA).post(url(f.scorecardA, '/submit'), { rowVersion: 1 });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.code).toBe('SUBMISSION_INCOMPLETE');
    const kinds = incomplete.json().error.details.problems.map((p: { kind: string }) => p.kind);
    expect(kinds).toContain('UNANSWERED');
    expect((await scorecard(f.scorecardA)).status).toBe('DRAFT');

    // Answer every criterion well; no evidence yet, so leaves with points need an explanation.
    const leaves = answerableLeaves(doc, 'THAM_MUU');
    for (const [code, { leaf, kind }] of leaves) {
      if (kind !== 'CRITERION') {
        continue;
      }
      const current = (await answers(f.scorecardA)).find((a) => a.leafCode === code);
      const res = await t.as(f.focalA).put(url(f.scorecardA, `/answers/${code}`), {
        rowVersion: current?.rowVersion ?? 0,
        value: goodAnswer(leaf),
        noEvidenceReason: code === '1.4' ? '' : 'Tài liệu lưu tại Văn phòng',
      });
      expect(res.statusCode, `${code}: ${res.body}`).toBe(200);
    }
    const checks = (await t.as(f.headA).get(url(f.scorecardA, '/checks'))).json();
    expect(checks.ok).toBe(false);
    expect(checks.problems).toEqual([
      expect.objectContaining({ leafCode: '1.4', kind: 'NO_EVIDENCE_REASON' }),
    ]);
    expect(checks.summary).toMatchObject({ answered: 23, applicable: 23 });

    const fix = await t.as(f.focalA).put(url(f.scorecardA, '/answers/1.4'), {
      rowVersion: 1,
      value: goodAnswer(leaves.get('1.4')!.leaf),
      noEvidenceReason: 'Quyết định khen thưởng lưu bản giấy',
    });
    expect(fix.statusCode).toBe(200);
    const sc = await scorecard(f.scorecardA);
    expect(sc.answeredCount).toBe(23);
    // Without the signed report the head cannot submit, and nothing changes.
    const noReport = await t.as(f.headA).post(url(f.scorecardA, '/submit'), { rowVersion: sc.rowVersion });
    expect(noReport.statusCode).toBe(400);
    expect(noReport.json().error.fields.signedReportEvidenceId).toBeTruthy();
    expect((await scorecard(f.scorecardA)).status).toBe('DRAFT');
    const submitted = await submitWithReport(t, f.headA, f.scorecardA, 'Đã rà soát');
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'SUBMITTED', minutesLate: 0, editable: false });
    expect(submitted.json().progress.selfPoints).toBe(8600);

    // Locked after submission: an edit is refused and nothing changes.
    const late = await save(f.focalA, f.scorecardA, '1.3', { rowVersion: 2, value: { value: true } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SCORECARD_LOCKED');
    expect((await scorecard(f.scorecardA)).selfPoints).toBe(8600);
  });

  it('offers the self-assessment report as an editable DOCX draft, only to those who may read it', async () => {
    const res = await t.as(f.headA).get(url(f.scorecardA, '/report-draft'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain('Bao-cao-tu-danh-gia-VPTT-CCHC-2024.docx');
    const xml = (await unzip(res.rawPayload)).get('word/document.xml')!.toString('utf8');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('VĂN PHÒNG THANH TRA');
    expect(text).toContain('Tổng điểm tự chấm: 86/86 điểm; chỉ số tự đánh giá: 100%.');
    expect(text).toContain('Hà Nội, ngày 10 tháng 12 năm 2024');
    expect(xml).toContain('Times New Roman');
    expect((await t.as(f.focalB).get(url(f.scorecardA, '/report-draft'))).statusCode).toBe(403);
  });

  it('lets the Office return a submission before the deadline, with a reason', async () => {
    const sc = await scorecard(f.scorecardA);
    const noReason = await t
      .as(f.office)
      .post(url(f.scorecardA, '/return'), { rowVersion: sc.rowVersion, reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const byHead = await t
      .as(f.headA)
      .post(url(f.scorecardA, '/return'), { rowVersion: sc.rowVersion, reason: 'x' });
    expect(byHead.statusCode).toBe(403);
    const back = await t.as(f.office).post(url(f.scorecardA, '/return'), {
      rowVersion: sc.rowVersion,
      reason: 'Thiếu tài liệu kiểm chứng tiêu chí 1.4',
    });
    expect(back.statusCode, back.body).toBe(200);
    // The unit's officers are told why, in the app.
    const inbox = (await t.as(f.focalA).get('/api/notifications')).json();
    expect(JSON.stringify(inbox)).toContain('Thiếu tài liệu kiểm chứng tiêu chí 1.4');
    expect(back.json()).toMatchObject({
      status: 'RETURNED',
      returnReason: 'Thiếu tài liệu kiểm chứng tiêu chí 1.4',
    });
    expect((await t.as(f.focalA).get(url(f.scorecardA))).json().editable).toBe(true);
  });

  it('enforces the deadline in Vietnam time on the server; late submission is recorded', async () => {
    const clock = t.clock as typeof t.clock & { set(d: Date): void };
    // Moving the clock by days ends every session (idle timeout): sign in again at each step.
    const fresh = (u: { username: string; password: string }) => t.login(u.username, u.password);
    // 23:59 on 16/12 in Hanoi is 16:59 UTC: still on time.
    clock.set(new Date('2024-12-16T16:59:00.000Z'));
    f.focalA = await fresh(f.users.focalA);
    const onTime = await t.as(f.focalA).put(url(f.scorecardA, '/answers/1.3'), {
      rowVersion: 3,
      value: { value: true },
      noEvidenceReason: 'Kế hoạch tuyên truyền lưu bản giấy',
    });
    expect(onTime.statusCode, onTime.body).toBe(200);
    clock.set(new Date('2024-12-16T17:00:00.000Z'));
    const after = await t
      .as(f.focalA)
      .put(url(f.scorecardA, '/answers/1.3'), { rowVersion: 4, value: { value: false } });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.code).toBe('DEADLINE_PASSED');
    expect(after.json().error.details.dueDate).toBe('2024-12-16');
    expect((await answers(f.scorecardA)).find((a) => a.leafCode === '1.3')!.rowVersion).toBe(4);

    clock.set(new Date('2024-12-17T01:30:00.000Z'));
    f.headA = await fresh(f.users.headA);
    f.office = await fresh(f.users.office);
    f.focalB = await fresh(f.users.focalB);
    // Past the deadline answers are locked, but the head can still attach the signed report and submit late.
    const lateSubmit = await submitWithReport(t, f.headA, f.scorecardA);
    expect(lateSubmit.statusCode, lateSubmit.body).toBe(200);
    expect(lateSubmit.json().minutesLate).toBe(510);

    // The Office gives unit B three more days.
    const b = await scorecard(f.scorecardB);
    const ext = await t.as(f.office).post(url(f.scorecardB, '/extension'), {
      rowVersion: b.rowVersion,
      extendedUntil: '2024-12-19',
      reason: 'Đơn vị có công văn xin gia hạn',
    });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(ext.json()).toMatchObject({ dueDate: '2024-12-19' });
    const bSave = await save(f.focalB, f.scorecardB, '3.1', { value: { value: true } });
    expect(bSave.statusCode, bSave.body).toBe(200);
    clock.set(new Date('2024-12-10T02:00:00.000Z'));
    for (const k of ['focalA', 'headA', 'focalB', 'office'] as const) {
      f[k] = await fresh(f.users[k]);
    }
  });

  it('an extension only ever gives more time, and only to a unit that has not submitted', async () => {
    const b = await scorecard(f.scorecardB);
    const earlier = await t.as(f.office).post(url(f.scorecardB, '/extension'), {
      rowVersion: b.rowVersion,
      extendedUntil: '2024-12-12',
      reason: 'Nhầm ngày',
    });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.json().error.fields.extendedUntil).toContain('16/12/2024');
    const submitted = await t.as(f.office).post(url(f.scorecardA, '/extension'), {
      rowVersion: (await scorecard(f.scorecardA)).rowVersion,
      extendedUntil: '2024-12-30',
      reason: 'x',
    });
    expect(submitted.statusCode).toBe(409);
    const byHead = await t.as(f.headA).post(url(f.scorecardB, '/extension'), {
      rowVersion: b.rowVersion,
      extendedUntil: '2024-12-30',
      reason: 'x',
    });
    expect(byHead.statusCode).toBe(403);
    expect((await scorecard(f.scorecardB)).extendedUntil).toBe('2024-12-19');
  });

  it('a save racing the submission never lands after it', async () => {
    // Unit B: everything answered, the signed report attached; then the head submits while the
    // officer keeps saving answers that would break the checks (points without an explanation).
    const leaves = answerableLeaves(doc, 'NGHIEP_VU');
    for (const [code, { leaf, kind }] of leaves) {
      if (kind !== 'CRITERION') {
        continue;
      }
      const current = (await answers(f.scorecardB)).find((a) => a.leafCode === code);
      const res = await t.as(f.focalB).put(url(f.scorecardB, `/answers/${code}`), {
        rowVersion: current?.rowVersion ?? 0,
        value: goodAnswer(leaf),
        noEvidenceReason: 'Lưu bản giấy',
      });
      expect(res.statusCode, `${code}: ${res.body}`).toBe(200);
    }
    const headB = await t.userWithRole('UNIT_HEAD', f.unitB);
    const rows = await answers(f.scorecardB);
    const saves = rows.slice(0, 12).map((a) =>
      t.as(f.focalB).put(url(f.scorecardB, `/answers/${a.leafCode}`), {
        rowVersion: a.rowVersion,
        value: JSON.parse(a.value!),
        noEvidenceReason: '',
      }),
    );
    const [submit, ...saved] = await Promise.all([
      submitWithReport(t, headB.session, f.scorecardB),
      ...saves,
    ]);
    const after = await scorecard(f.scorecardB);
    if (after.status === 'SUBMITTED') {
      // Whatever got in before the submission was checked by it; nothing got in after.
      const checks = (await t.as(f.office).get(url(f.scorecardB, '/checks'))).json();
      expect(checks.ok, JSON.stringify(checks.problems)).toBe(true);
    } else {
      expect(submit!.statusCode).not.toBe(200);
    }
    for (const r of saved) {
      expect([200, 409]).toContain(r.statusCode);
    }
  });

  it("starts from last year's answers as drafts, never as done", async () => {
    const next = await t.as(f.office).post('/api/campaigns', {
      code: 'CCHC-2025',
      name: 'Đánh giá Chỉ số CCHC năm 2025',
      year: 2025,
      indexSetId: f.indexSetId,
      previousCampaignId: f.campaignId,
      unitIds: [f.unitA],
    });
    expect(next.statusCode, next.body).toBe(201);
    let v = next.json().rowVersion;
    v = (
      await t
        .as(f.office)
        .patch(`/api/campaigns/${next.json().id}`, { rowVersion: v, guidanceText: 'HD 2025' })
    ).json().rowVersion;
    for (const action of ['issueGuidance', 'openSelfAssessment']) {
      v = (
        await t.as(f.office).post(`/api/campaigns/${next.json().id}/transitions`, { rowVersion: v, action })
      ).json().rowVersion;
    }
    const sc = next.json().participants[0].scorecardId;
    const before = (await t.as(f.focalA).get(url(sc))).json();
    expect(before.canCarryForward).toBe(true);
    const carried = await t.as(f.focalA).post(url(sc, '/carry-forward'));
    expect(carried.statusCode, carried.body).toBe(200);
    expect(carried.json().answers).toHaveLength(23);
    expect(carried.json().answers.every((a: { isCarriedDraft: boolean }) => a.isCarriedDraft)).toBe(true);
    expect(carried.json().progress.answered).toBe(0);
    const checks = (await t.as(f.headA).get(url(sc, '/checks'))).json();
    expect(checks.problems.filter((p: { kind: string }) => p.kind === 'CARRIED_DRAFT')).toHaveLength(23);
    // Confirming a leaf (saving it) makes it count.
    const a13 = carried.json().answers.find((a: { leafCode: string }) => a.leafCode === '1.3');
    const confirm = await t
      .as(f.focalA)
      .put(url(sc, '/answers/1.3'), { rowVersion: a13.rowVersion, value: a13.value });
    expect(confirm.json().isCarriedDraft).toBe(false);
    expect((await scorecard(sc)).answeredCount).toBe(1);
  });
});
