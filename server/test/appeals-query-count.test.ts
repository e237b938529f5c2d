import type { CampaignAppeals, CouncilView } from '@cchc/domain/api/appraisal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../src/db/database';
import type { QueryCounter } from '../src/db/query-counter';
import { generateSynthetic } from '../src/modules/synthetic/synthetic';
import { newId } from '../src/platform/ids';
import { countQueries, createCountedTestApp } from '../src/testing/counted-app';
import type { Session, TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

/**
 * The appeals list of the results page (GET /api/campaigns/:id/appeals, docs/appraisal.md): the
 * council view's appeals without scoring the campaign. On a published synthetic campaign of 3 and
 * of 12 units (10 and 30 leaves), every unit files an appeal (a third decided, each with a file,
 * each unit with an explanation file that must not show), and the list must equal the council
 * view's appeals and cost the same number of queries on both, none of which reads an answer or a
 * decision: the council view is flat in queries too (15 here), but it reads every answer and
 * decision of the campaign and scores every unit, which is its cost at 10,000 units.
 */

const PASSWORD = 'demlenh-2025-xyz';
const SMALL = { units: 3, leaves: 10 };
const LARGE = { units: 12, leaves: 30 };
/** Three for the session (http/authenticate.ts), then the campaign, the appeals, their files. */
const BUDGET = 6;

interface World {
  t: TestApp;
  counter: QueryCounter;
  council: Session;
  leader: Session;
  campaignId: string;
  appeals: number;
}

async function world(dialect: Dialect, size: { units: number; leaves: number }): Promise<World> {
  const { t, counter } = await createCountedTestApp(dialect);
  const { campaign } = await generateSynthetic(
    { db: t.db, dialect },
    { ...size, groups: 3, seed: 11, password: PASSWORD, code: 'QC-APPEALS', stage: 'published', year: 2023 },
  );
  const users = await t.db
    .selectFrom('app_user')
    .select(['id', 'username'])
    .where('username', 'in', ['syn.hoidong1', 'syn.vanphong'])
    .execute();
  const councilId = users.find((u) => u.username === 'syn.hoidong1')!.id;
  const officeId = users.find((u) => u.username === 'syn.vanphong')!.id;
  const cards = await t.db
    .selectFrom('scorecard')
    .select('id')
    .where('campaignId', '=', campaign.id)
    .orderBy('id')
    .execute();
  const sha256 = 'ab'.repeat(32);
  await t.db
    .insertInto('blob')
    .values({
      sha256,
      sizeBytes: 1234,
      mimeType: 'application/pdf',
      storageKey: `test/${sha256}`,
      createdAt: '2024-01-02T00:00:00.000Z',
    })
    .execute();
  const file = (scorecardId: string, ownerType: 'APPEAL' | 'EXPLANATION', ownerId: string, i: number) => ({
    id: newId(),
    scorecardId,
    ownerType,
    ownerId,
    blobSha256: sha256,
    filename: `kien-nghi-${i}.pdf`,
    uploadedBy: officeId,
    uploadedAt: `2024-01-03T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
    deletedAt: null,
    deletedBy: null,
  });
  for (const [i, card] of cards.entries()) {
    const appealId = newId();
    const decided = i % 3 === 0;
    await t.db
      .insertInto('appeal')
      .values({
        id: appealId,
        scorecardId: card.id,
        leafCode: i % 2 === 0 ? null : '1.1',
        grounds: `Kiến nghị số ${i + 1}`,
        status: decided ? 'REJECTED' : 'FILED',
        // Two appeals at the same instant: the id breaks the tie in both lists.
        filedAt: `2024-01-02T00:00:${String(Math.floor(i / 2) % 60).padStart(2, '0')}.000Z`,
        filedBy: officeId,
        decidedBy: decided ? councilId : null,
        decidedAt: decided ? '2024-01-05T00:00:00.000Z' : null,
        decisionReason: decided ? 'Không có căn cứ.' : null,
        amendmentId: null,
      })
      .execute();
    await t.db
      .insertInto('attachment')
      .values([
        file(card.id, 'APPEAL', appealId, i),
        // Removed files and the unit's explanation files are not the appeal's.
        {
          ...file(card.id, 'APPEAL', appealId, i + 1),
          deletedAt: '2024-01-04T00:00:00.000Z',
          deletedBy: officeId,
        },
        file(card.id, 'EXPLANATION', newId(), i),
      ])
      .execute();
  }
  return {
    t,
    counter,
    council: await t.login('syn.hoidong1', PASSWORD),
    leader: await t.login('syn.lanhdao', PASSWORD),
    campaignId: campaign.id,
    appeals: cards.length,
  };
}

async function counted(w: World, url: string, session: Session) {
  await w.t.as(session).get(url);
  return countQueries(w.counter, () => w.t.as(session).get(url));
}

describe.each(testDialects())('appeals list of the results page on %s', (dialect) => {
  let small: World;
  let large: World;

  beforeAll(async () => {
    small = await world(dialect, SMALL);
    large = await world(dialect, LARGE);
  }, 180_000);
  afterAll(async () => {
    await small?.t.close();
    await large?.t.close();
  });

  it('equals the council view’s appeals (units, files, decisions, order)', async () => {
    for (const w of [small, large]) {
      const light = await w.t.as(w.council).get(`/api/campaigns/${w.campaignId}/appeals`);
      expect(light.statusCode, light.body).toBe(200);
      const full = await w.t.as(w.council).get(`/api/campaigns/${w.campaignId}/council`);
      expect(full.statusCode, full.body).toBe(200);
      const list = light.json() as CampaignAppeals;
      const council = full.json() as CouncilView;
      expect(list.appeals).toHaveLength(w.appeals);
      expect(list.appeals.every((a) => a.files.length === 1 && a.unitCode !== '')).toBe(true);
      expect(list.appeals.filter((a) => a.status === 'REJECTED').length).toBeGreaterThan(0);
      expect(list).toEqual({
        campaignId: w.campaignId,
        appeals: council.appeals,
        canDecide: council.canDecide,
      });
      expect(list.canDecide).toBe(true);
      const lead = (
        await w.t.as(w.leader).get(`/api/campaigns/${w.campaignId}/appeals`)
      ).json() as CampaignAppeals;
      expect(lead).toEqual({ ...list, canDecide: false });
    }
  });

  it('as many queries with 4× the units, and no answer or decision read', async () => {
    const url = (w: World) => `/api/campaigns/${w.campaignId}/appeals`;
    const a = await counted(small, url(small), small.council);
    const b = await counted(large, url(large), large.council);
    expect(a.res.statusCode, a.res.body).toBe(200);
    expect(b.res.statusCode, b.res.body).toBe(200);
    const message = `${a.count} queries on the small data set, ${b.count} on the big one.\n--- small\n${a.report}\n--- big\n${b.report}`;
    expect(b.count, message).toBe(a.count);
    expect(b.count, message).toBeLessThanOrEqual(BUDGET);
    // No answer or decision is read: nothing is scored.
    expect(b.report, message).not.toMatch(/scorecard_answer|score_decision/);
  });
});
