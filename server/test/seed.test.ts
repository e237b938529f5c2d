import { ROLES } from '@cchc/domain/access/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { isEmpty, kindFromName, seedDemo } from '../src/seed/demo';
import demoOrganisation from '../src/seed/demo-organisation.json' with { type: 'json' };
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

describe('kindFromName', () => {
  it.each([
    ['Vụ Pháp chế', 'VU'],
    ['Vụ I', 'VU'],
    ['Cục II', 'CUC'],
    ['Cục Thanh tra, giải quyết khiếu nại, tố cáo khu vực 1 (Cục I)', 'CUC'],
    ['Văn phòng Thanh tra Chính phủ', 'DON_VI'],
    ['Vụng về', 'DON_VI'],
  ])('%s → %s', (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });
});

describe.each(testDialects())('demo seed on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.destroy());

  it('creates the demo organisation and one user per role, and every one can sign in', async () => {
    expect(await isEmpty(t.db)).toBe(true);
    const result = await seedDemo(t.db);
    expect(result.unitsCreated).toBe(demoOrganisation.units.length);
    expect(result.indexSet).toEqual({ code: 'TTCP-CCHC-2024-DEMO', version: 1 });
    // A campaign open for self-assessment with every unit, three of them part-way through.
    expect(result.campaign?.code).toMatch(/^CCHC-20\d\d$/);
    const campaign = await t.db
      .selectFrom('campaign')
      .selectAll()
      .where('code', '=', result.campaign!.code)
      .executeTakeFirstOrThrow();
    expect(campaign.phase).toBe('SELF_ASSESSMENT');
    const scorecards = await t.db
      .selectFrom('scorecard')
      .select(['answeredCount', 'selfPoints'])
      .where('campaignId', '=', campaign.id)
      .execute();
    expect(scorecards).toHaveLength(demoOrganisation.units.length);
    expect(scorecards.filter((s) => s.answeredCount > 0)).toHaveLength(3);
    // Last year's campaign is under appraisal: every unit submitted and in review, six assigned to
    // the demo working-group member — three reviewed, Vụ Pháp chế waiting for its explanation.
    expect(result.appraisalCampaign?.year).toBe(result.campaign!.year - 1);
    const last = await t.db
      .selectFrom('campaign')
      .selectAll()
      .where('code', '=', result.appraisalCampaign!.code)
      .executeTakeFirstOrThrow();
    expect(last.phase).toBe('APPRAISAL');
    const statuses = await t.db
      .selectFrom('scorecard as s')
      .innerJoin('unit as u', 'u.id', 's.unitId')
      .select(['u.code', 's.status'])
      .where('s.campaignId', '=', last.id)
      .execute();
    const byStatus = (status: string) =>
      statuses
        .filter((x) => x.status === status)
        .map((x) => x.code)
        .sort();
    expect(byStatus('REVIEWED')).toEqual(['C1', 'C2', 'V1', 'VP']);
    expect(byStatus('EXPLANATION')).toEqual(['VPC']);
    expect(byStatus('IN_REVIEW')).toHaveLength(demoOrganisation.units.length - 5);
    expect(result.users.map((u) => u.role).sort()).toEqual([...ROLES].sort());
    expect(await isEmpty(t.db)).toBe(false);

    const app = await buildApp({
      config: loadConfig({ SERVE_WEB: 'false', LOGIN_RATE_PER_MINUTE: '100' }),
      db: t.db,
      dialect,
      logger: false,
    });
    for (const u of result.users) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u.username, password: u.password },
      });
      expect(res.statusCode, u.username).toBe(200);
      expect(res.json().user.roles[0].role).toBe(u.role);
      if (u.unitCode) {
        expect(res.json().user.roles[0].unitCode).toBe(u.unitCode);
      }
    }
    await app.close();
  });

  it('is idempotent: a second run adds nothing', async () => {
    const again = await seedDemo(t.db);
    expect(again).toEqual({ unitsCreated: 0, users: [] });
    expect(await t.db.selectFrom('index_set').select(['code', 'status']).execute()).toEqual([
      { code: 'TTCP-CCHC-2024-DEMO', status: 'PUBLISHED' },
    ]);
    const units = await t.db.selectFrom('unit').select('code').execute();
    expect(units).toHaveLength(demoOrganisation.units.length);
  });
});
