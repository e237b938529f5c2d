import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createResultsService } from '../src/modules/results/results.service';
import { computeResults } from '../src/modules/results/results-cli';
import { createScorecardAccess } from '../src/modules/scorecards/scorecard-access';
import type { Ctx } from '../src/modules/shared/context';
import { fixedClock } from '../src/platform/clock';
import { seedDemo } from '../src/seed/demo';
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

/**
 * The demo's published campaign (two years back) and last year's campaign compared with it
 * (issue 6): ties share a rank, bands respect their field floors, the working group's changes
 * show in the appraised totals, year over year goes through the criterion mapping, and the CLI
 * prints what the page shows.
 */
describe.each(testDialects())('demo results on %s', (dialect) => {
  let t: TestDb;
  let office: Ctx;
  let service: ReturnType<typeof createResultsService>;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  const clock = fixedClock(new Date('2026-11-27T03:00:00.000Z'));

  beforeAll(async () => {
    t = await createTestDb(dialect);
    seeded = await seedDemo(t.db, clock);
    const user = await t.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'vanphong')
      .executeTakeFirstOrThrow();
    office = { actor: { userId: user.id, roles: [{ role: 'OFFICE_STAFF', unitId: null }] }, ip: null };
    const deps = { db: t.db, clock };
    service = createResultsService(
      { ...deps, access: createScorecardAccess(deps) },
      { agencyName: 'THANH TRA CHÍNH PHỦ' },
    );
  });
  afterAll(() => t.destroy());

  it('publishes two years back: dense ties, band floors, the working group’s changes', async () => {
    expect(seeded.publishedCampaign?.code).toBe('CCHC-2024');
    const p = await service.publicResults('CCHC-2024');
    expect(p.rows).toHaveLength(18); // Viện Khoa học Thanh tra did not take part that year
    expect(p.rows.some((r) => r.unitCode === 'VKHTH')).toBe(false);
    // Dense ranking: equal indices share a rank, the next index takes the next number.
    for (const [i, r] of p.rows.entries()) {
      const prev = p.rows[i - 1];
      if (prev) {
        expect(r.indexPercent).toBeLessThanOrEqual(prev.indexPercent);
        expect(r.rank).toBe(r.indexPercent === prev.indexPercent ? prev.rank : prev.rank + 1);
      } else {
        expect(r.rank).toBe(1);
      }
    }
    expect(new Set(p.rows.map((r) => r.indexPercent)).size).toBeLessThan(p.rows.length); // the demo has ties
    // Rule 8: "Xuất sắc" needs ≥ 90 % and every field ≥ 70 %; otherwise ≥ 80 % is "Tốt".
    for (const r of p.rows) {
      const floorOk = r.fields.every((f) => f.percent === null || f.percent >= 7000);
      const expected =
        r.indexPercent >= 9000 && floorOk ? 'Xuất sắc' : r.indexPercent >= 8000 ? 'Tốt' : 'Khá';
      expect(r.band, r.unitCode).toBe(expected);
    }
    const internal = await service.results(office, seeded.publishedCampaign!.id);
    const byCode = new Map(internal.rows.map((r) => [r.unit.code, r]));
    // The working group lowered 1.3 (2 points) to 1 point for VP and to 0 for V2; others accepted.
    expect(byCode.get('VP')!.selfPoints - byCode.get('VP')!.appraisedPoints).toBe(100);
    expect(byCode.get('V2')!.selfPoints - byCode.get('V2')!.appraisedPoints).toBe(200);
    expect(byCode.get('VPC')!.selfPoints).toBe(byCode.get('VPC')!.appraisedPoints);
    expect(internal.announcement?.decisionNumber).toBe('15/QĐ-TTCP');
    expect(internal.announcement?.publishedAt).not.toBeNull();
  });

  it('compares last year with the published year through the criterion mapping', async () => {
    const campaign = await t.db
      .selectFrom('campaign')
      .selectAll()
      .where('code', '=', 'CCHC-2025')
      .executeTakeFirstOrThrow();
    const before = await service.results(office, campaign.id);
    expect(before.previousCampaign?.code).toBe('CCHC-2024');
    const published = await service.publicResults('CCHC-2024');
    const old = new Map(published.rows.map((r) => [r.unitCode, r]));
    for (const r of before.rows) {
      const o = old.get(r.unit.code);
      expect(r.previous?.indexPercent ?? null, r.unit.code).toBe(o?.indexPercent ?? null);
      expect(r.previous?.rank ?? null).toBe(o?.rank ?? null);
    }
    expect(before.rows.find((r) => r.unit.code === 'VKHTH')?.previous).toBeNull();
    // The Office maps this year's field 1 onto last year's field 2 (a renumbered set).
    const settings = await service.settings(office, campaign.id);
    expect(settings.criterionMapping.find((m) => m.code === '1')).toMatchObject({
      previousCode: '1',
      overridden: false,
    });
    await service.saveSettings(office, campaign.id, {
      rowVersion: settings.rowVersion,
      ratingMap: settings.ratingMap,
      previousCampaignId: settings.previousCampaignId,
      criterionMapping: [{ code: '1', previousCode: '2' }],
    });
    const after = await service.results(office, campaign.id);
    const vpc = after.rows.find((r) => r.unit.code === 'VPC')!;
    const field = (fields: { code: string; percent: number | null }[], code: string) =>
      fields.find((f) => f.code === code)?.percent;
    expect(field(vpc.previous!.fields, '1')).toBe(field(old.get('VPC')!.fields, '2'));
    expect(field(vpc.previous!.fields, '2')).toBe(field(old.get('VPC')!.fields, '2'));
    // No previous campaign at all: the comparison disappears.
    const s2 = await service.settings(office, campaign.id);
    await service.saveSettings(office, campaign.id, {
      rowVersion: s2.rowVersion,
      ratingMap: s2.ratingMap,
      previousCampaignId: null,
      criterionMapping: [],
    });
    const none = await service.results(office, campaign.id);
    expect(none.previousCampaign).toBeNull();
    expect(none.rows.every((r) => r.previous === null)).toBe(true);
  });

  it('the CLI prints the same ranking as the page', async () => {
    const config = loadConfig({ DATA_DIR: '/tmp/unused-cli-test' });
    const out = JSON.parse(await computeResults(t.db, config, office.actor.userId, 'CCHC-2024', true)) as {
      rows: { rank: number; unitCode: string; indexPercent: number; finalPoints: number }[];
    };
    const published = await service.publicResults('CCHC-2024');
    expect(
      out.rows.map((r) => [
        r.rank,
        r.unitCode,
        Math.round(r.indexPercent * 100),
        Math.round(r.finalPoints * 100),
      ]),
    ).toEqual(published.rows.map((r) => [r.rank, r.unitCode, r.indexPercent, r.points]));
    const text = await computeResults(t.db, config, office.actor.userId, 'CCHC-2024', false);
    expect(text).toContain('Đã công bố');
    expect(text).toMatch(/\n\s+1 {2}\S+/);
    await expect(computeResults(t.db, config, office.actor.userId, 'KHONG-CO', false)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
