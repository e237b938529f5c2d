import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignFixture, campaignFixture } from '../src/testing/campaign-fixture';
import { multipartFile } from '../src/testing/multipart';
import { createTestApp, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

describe.each(testDialects())('campaigns on %s', (dialect) => {
  let t: TestApp;
  let f: CampaignFixture;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await campaignFixture(t, { open: false });
  });
  afterAll(() => t.close());

  const campaignRow = () =>
    t.db.selectFrom('campaign').selectAll().where('id', '=', f.campaignId).executeTakeFirstOrThrow();
  const get = async () => (await t.as(f.office).get(`/api/campaigns/${f.campaignId}`)).json();

  it("creates a campaign with the plan's default timeline, scorecards and reminder ladder", async () => {
    const c = await get();
    expect(c.phase).toBe('SETUP');
    expect(c.milestones.map((m: { key: string; dueDate: string }) => [m.key, m.dueDate])).toEqual([
      ['GUIDANCE', '2024-12-10'],
      ['SELF_ASSESSMENT', '2024-12-16'],
      ['APPRAISAL', '2024-12-25'],
      ['REPORT', '2024-12-31'],
      ['ANNOUNCEMENT', '2025-03-31'],
    ]);
    // 16/12 ends at midnight Vietnam time = 17:00 UTC.
    expect(c.milestones[1].deadlineAt).toBe('2024-12-16T17:00:00.000Z');
    expect(c.participants).toHaveLength(2);
    expect(c.transitions).toEqual(['issueGuidance']);
    const rules = await t.db
      .selectFrom('reminder_rule')
      .select('offsetDays')
      .where('campaignId', '=', f.campaignId)
      .execute();
    expect(rules.map((r) => r.offsetDays).sort((a, b) => a - b)).toEqual([-7, -1, 0, 2]);
    const sc = await t.db
      .selectFrom('scorecard')
      .selectAll()
      .where('id', '=', f.scorecardA)
      .executeTakeFirstOrThrow();
    // THAM_MUU: 23 criteria (field 3 and the other groups' leaves do not apply).
    expect(sc).toMatchObject({
      status: 'DRAFT',
      groupCode: 'THAM_MUU',
      answeredCount: 0,
      applicableCount: 23,
    });
  });

  it('refuses a draft index set, a duplicate code and a unit officer, storing nothing', async () => {
    const { payload, headers } = multipartFile('demo.json', Buffer.from(JSON.stringify(demo)));
    const draft = (
      await t.app.inject({
        method: 'POST',
        url: '/api/index-sets/import',
        headers: { ...headers, cookie: f.office.cookie, 'x-csrf-token': f.office.csrf },
        payload,
      })
    ).json();
    const before = await t.db.selectFrom('campaign').select('id').execute();
    const body = { code: 'CCHC-2025', name: 'Năm 2025', year: 2025, indexSetId: draft.id };
    const notPublished = await t.as(f.office).post('/api/campaigns', body);
    expect(notPublished.statusCode).toBe(422);
    expect(notPublished.json().error.code).toBe('INDEX_SET_NOT_PUBLISHED');
    const dup = await t
      .as(f.office)
      .post('/api/campaigns', { ...body, code: 'CCHC-2024', indexSetId: f.indexSetId });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('CCHC-2024');
    const focal = await t.as(f.focalA).post('/api/campaigns', { ...body, indexSetId: f.indexSetId });
    expect(focal.statusCode).toBe(403);
    expect(await t.db.selectFrom('campaign').select('id').execute()).toEqual(before);
  });

  it('moves through phases only by the machine, with the current version, by the Office', async () => {
    const c = await get();
    const early = await t.as(f.office).post(`/api/campaigns/${f.campaignId}/transitions`, {
      rowVersion: c.rowVersion,
      action: 'openSelfAssessment',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('INVALID_STATE_TRANSITION');
    const noGuidance = await t.as(f.office).post(`/api/campaigns/${f.campaignId}/transitions`, {
      rowVersion: c.rowVersion,
      action: 'issueGuidance',
    });
    expect(noGuidance.statusCode).toBe(400);
    expect(noGuidance.json().error.fields.guidanceText).toBeTruthy();
    const byFocal = await t.as(f.focalA).post(`/api/campaigns/${f.campaignId}/transitions`, {
      rowVersion: c.rowVersion,
      action: 'issueGuidance',
    });
    // A campaign in set-up is the Office's draft: a unit officer does not even see it.
    expect(byFocal.statusCode).toBe(404);
    expect((await t.as(f.focalA).get(`/api/campaigns/${f.campaignId}`)).statusCode).toBe(404);
    expect((await t.as(f.focalA).get('/api/campaigns')).json()).toEqual([]);
    expect((await campaignRow()).phase).toBe('SETUP');

    const withText = await t.as(f.office).patch(`/api/campaigns/${f.campaignId}`, {
      rowVersion: c.rowVersion,
      guidanceText: 'Hướng dẫn chấm điểm',
    });
    expect(withText.statusCode, withText.body).toBe(200);
    const stale = await t.as(f.office).post(`/api/campaigns/${f.campaignId}/transitions`, {
      rowVersion: c.rowVersion,
      action: 'issueGuidance',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('EDIT_CONFLICT');
    const issued = await t.as(f.office).post(`/api/campaigns/${f.campaignId}/transitions`, {
      rowVersion: withText.json().rowVersion,
      action: 'issueGuidance',
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({ phase: 'GUIDANCE_ISSUED', transitions: ['openSelfAssessment'] });
    expect(issued.json().guidanceIssuedAt).not.toBeNull();
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'data'])
      .where('entityId', '=', f.campaignId)
      .where('action', '=', 'campaign.transitioned')
      .execute();
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([
      { action: 'issueGuidance', from: 'SETUP', to: 'GUIDANCE_ISSUED' },
    ]);
  });

  it('edits milestones with validation', async () => {
    const c = await get();
    const dup = await t.as(f.office).put(`/api/campaigns/${f.campaignId}/milestones`, {
      rowVersion: c.rowVersion,
      milestones: [
        { key: 'SELF_ASSESSMENT', label: 'Hạn', dueDate: '2024-12-18' },
        { key: 'SELF_ASSESSMENT', label: 'Hạn 2', dueDate: '2024-12-19' },
      ],
    });
    expect(dup.statusCode).toBe(400);
    const badDate = await t.as(f.office).put(`/api/campaigns/${f.campaignId}/milestones`, {
      rowVersion: c.rowVersion,
      milestones: [{ key: 'SELF_ASSESSMENT', label: 'Hạn', dueDate: '2024-02-30' }],
    });
    expect(badDate.statusCode).toBe(400);
    const missing = await t.as(f.office).put(`/api/campaigns/${f.campaignId}/milestones`, {
      rowVersion: c.rowVersion,
      milestones: [{ key: 'GUIDANCE', label: 'Hướng dẫn', dueDate: '2024-12-10' }],
    });
    expect(missing.statusCode).toBe(400);
    const c2 = await get();
    const outOfOrder = await t.as(f.office).put(`/api/campaigns/${f.campaignId}/milestones`, {
      rowVersion: c2.rowVersion,
      milestones: c2.milestones.map((m: { key: string; label: string; dueDate: string }) => ({
        key: m.key,
        label: m.label,
        dueDate: m.key === 'APPRAISAL' ? '2024-11-01' : m.dueDate,
      })),
    });
    expect(outOfOrder.statusCode).toBe(400);
    expect(Object.values(outOfOrder.json().error.fields).join(' ')).toContain('không được trước');
    // Issued guidance cannot be blanked out.
    const blank = await t
      .as(f.office)
      .patch(`/api/campaigns/${f.campaignId}`, { rowVersion: c2.rowVersion, guidanceText: '  ' });
    expect(blank.statusCode).toBe(400);
    expect((await get()).guidanceText).toBe('Hướng dẫn chấm điểm');
    expect((await get()).milestones).toHaveLength(5);
    const moved = await t.as(f.office).put(`/api/campaigns/${f.campaignId}/milestones`, {
      rowVersion: c.rowVersion,
      milestones: c.milestones.map((m: { key: string; label: string; dueDate: string }) => ({
        key: m.key,
        label: m.label,
        dueDate: m.key === 'SELF_ASSESSMENT' ? '2024-12-18' : m.dueDate,
      })),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().selfAssessmentDue).toBe('2024-12-18');
  });

  it('keeps a budget estimate that leadership approves; then it is frozen', async () => {
    const leader = (await t.userWithRole('LEADERSHIP')).session;
    let c = await get();
    const negative = await t.as(f.office).put(`/api/campaigns/${f.campaignId}/budget`, {
      rowVersion: c.rowVersion,
      lines: [{ description: 'In ấn', amountVnd: -5 }],
    });
    expect(negative.statusCode).toBe(400);
    const saved = await t.as(f.office).put(`/api/campaigns/${f.campaignId}/budget`, {
      rowVersion: c.rowVersion,
      lines: [
        { description: 'Họp Hội đồng thẩm định', amountVnd: 12_500_000 },
        { description: 'In ấn tài liệu', amountVnd: 3_000_000, note: '200 bộ' },
      ],
      submit: true,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().budget).toMatchObject({ status: 'SUBMITTED', totalVnd: 15_500_000 });
    c = saved.json();
    const byOffice = await t.as(f.office).post(`/api/campaigns/${f.campaignId}/budget/decision`, {
      rowVersion: c.rowVersion,
      decision: 'APPROVED',
    });
    expect(byOffice.statusCode).toBe(403);
    const approved = await t.as(leader).post(`/api/campaigns/${f.campaignId}/budget/decision`, {
      rowVersion: c.rowVersion,
      decision: 'APPROVED',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().budget.status).toBe('APPROVED');
    const edit = await t.as(f.office).put(`/api/campaigns/${f.campaignId}/budget`, {
      rowVersion: approved.json().rowVersion,
      lines: [],
    });
    expect(edit.statusCode).toBe(409);
    expect((await get()).budget.totalVnd).toBe(15_500_000);
  });

  it('shows the monitoring dashboard to the Office only', async () => {
    const m = await t.as(f.office).get(`/api/campaigns/${f.campaignId}/monitoring`);
    expect(m.statusCode).toBe(200);
    expect(m.json().totals).toMatchObject({ units: 2, submitted: 0, notStarted: 2 });
    expect((await t.as(f.focalA).get(`/api/campaigns/${f.campaignId}/monitoring`)).statusCode).toBe(403);
    // Once guidance is issued a unit officer sees the campaign and their own scorecard id, not the budget.
    const list = (await t.as(f.focalA).get('/api/campaigns')).json();
    expect(list[0].myScorecardId).toBe(f.scorecardA);
    const detail = (await t.as(f.focalA).get(`/api/campaigns/${f.campaignId}`)).json();
    expect(detail.budget).toBeNull();
    expect((await t.as(f.office).get(`/api/campaigns/${f.campaignId}`)).json().budget.totalVnd).toBe(
      15_500_000,
    );
  });
});
