import type { ResultsPage } from '@cchc/domain/api/results';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../src/db/database';
import type { QueryCounter } from '../src/db/query-counter';
import { generateSynthetic } from '../src/modules/synthetic/synthetic';
import { countQueries, createCountedTestApp } from '../src/testing/counted-app';
import type { Session, TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

/**
 * The query budget of the results pages (docs/results.md, "Paging"; docs/performance.md): every
 * request the ranking, the charts, a unit's results, the settings and the public page make is
 * counted on a small and on a grown organisation (3 → 12 units, 10 → 30 leaves, so 4× the
 * scorecards and 12× the answers and decisions). The counts must be equal: a query per unit, row
 * or leaf shows up as a difference, and the failure message lists both runs' SQL.
 *
 * Three synthetic campaigns on one organisation (docs/synthetic-data.md): last year's, approved
 * (the year-over-year comparison, linked as the previous campaign), this year's, published, and
 * one still under appraisal (its results are computed on each request, never cached).
 */

const PASSWORD = 'demlenh-2025-xyz';

interface Size {
  units: number;
  leaves: number;
}
const SMALL: Size = { units: 3, leaves: 10 };
const LARGE: Size = { units: 12, leaves: 30 };

interface World {
  t: TestApp;
  counter: QueryCounter;
  sessions: Record<string, Session>;
  /** This year's campaign, published. */
  pub: { id: string; code: string };
  /** Last year's, approved: the previous campaign of `pub`. */
  prevId: string;
  /** A campaign under appraisal. */
  apId: string;
  /** Unit DV000001's scorecard in `pub`. */
  scorecard: string;
  /** The last unit's code (a search that matches one unit). */
  lastUnitCode: string;
  /** A unit group that has units in `pub`. */
  group: string;
}

const ROLES = {
  office: 'syn.vanphong',
  leader: 'syn.lanhdao',
  council: 'syn.hoidong1',
  focal: 'daumoi.dv000001',
} as const;

async function world(dialect: Dialect, size: Size): Promise<World> {
  const { t, counter } = await createCountedTestApp(dialect);
  const common = { units: size.units, leaves: size.leaves, groups: 3, seed: 7, password: PASSWORD };
  const deps = { db: t.db, dialect };
  const prev = await generateSynthetic(deps, { ...common, code: 'QC-PREV', stage: 'approved', year: 2022 });
  const pub = await generateSynthetic(deps, { ...common, code: 'QC-PUB', stage: 'published', year: 2023 });
  const ap = await generateSynthetic(deps, { ...common, code: 'QC-AP', stage: 'appraisal', year: 2024 });
  // Last year's campaign is the published one's comparison (its own link, as the Office sets it
  // before publication): the ranking, the charts and a unit's page read both summaries.
  await t.db
    .updateTable('campaign')
    .set({ previousCampaignId: prev.campaign.id })
    .where('id', '=', pub.campaign.id)
    .execute();
  const units = await t.db.selectFrom('unit').select(['id', 'code']).orderBy('code').execute();
  const scorecard = await t.db
    .selectFrom('scorecard')
    .select('id')
    .where('campaignId', '=', pub.campaign.id)
    .where('unitId', '=', units[0]!.id)
    .executeTakeFirstOrThrow();
  const sessions: Record<string, Session> = {};
  for (const [key, username] of Object.entries(ROLES)) {
    sessions[key] = await t.login(username, PASSWORD);
  }
  const head = (
    await t.as(sessions.office!).get(`/api/campaigns/${pub.campaign.id}/results?pageSize=1`)
  ).json<ResultsPage>();
  return {
    t,
    counter,
    sessions,
    pub: { id: pub.campaign.id, code: pub.campaign.code },
    prevId: prev.campaign.id,
    apId: ap.campaign.id,
    scorecard: scorecard.id,
    lastUnitCode: units[size.units - 1]!.code,
    group: head.stats.groups[0]!.code,
  };
}

interface Req {
  name: string;
  role: string | null;
  url: (w: World) => string;
  /**
   * Done just before the counted call (its queries are not counted). By default the same request
   * once, so that the counted one finds the campaign's summary cached, as every request but the
   * first after a change does; the cold computation is counted on its own.
   */
  prepare?: (w: World, send: () => Promise<unknown>) => Promise<unknown>;
}

const results = (w: World, qs = '') => `/api/campaigns/${w.pub.id}/results${qs}`;

/** A unit edit changes the cache key (docs/results.md, "Computation and cache"): the next request recomputes. */
const touchUnits = (w: World) =>
  w.t.db
    .updateTable('unit')
    .set({ updatedAt: new Date().toISOString() })
    .where('code', '=', w.lastUnitCode)
    .execute();

const REQUESTS: Req[] = [
  // The ranking tab: page 1 (the page header), a later page sorted by index, a group, a search,
  // and every sort that reads something besides the summary (rating map, last year, special cases).
  {
    name: 'GET results page 1 (cold: summaries computed)',
    role: 'office',
    url: (w) => results(w),
    prepare: (w) => touchUnits(w),
  },
  { name: 'GET results page 1', role: 'office', url: (w) => results(w) },
  {
    name: 'GET results later page by index',
    role: 'office',
    url: (w) => results(w, '?page=2&pageSize=2&sort=index&order=desc'),
  },
  { name: 'GET results by group', role: 'office', url: (w) => results(w, `?group=${w.group}&sort=name`) },
  {
    name: 'GET results search',
    role: 'office',
    url: (w) => results(w, `?q=${encodeURIComponent(w.lastUnitCode.toLowerCase())}`),
  },
  { name: 'GET results by change', role: 'office', url: (w) => results(w, '?sort=change&order=desc') },
  { name: 'GET results by rating', role: 'council', url: (w) => results(w, '?sort=rating') },
  {
    name: 'GET results by special cases',
    role: 'leader',
    url: (w) => results(w, '?sort=special&page=2&pageSize=1'),
  },
  // A campaign under appraisal is computed on each request: 2 queries per 250 scorecards (the
  // chunk of results-summary.ts), so the same count up to 250 units.
  {
    name: 'GET results (under appraisal, computed per request)',
    role: 'office',
    url: (w) => `/api/campaigns/${w.apId}/results?sort=index`,
  },
  // The charts tab, all units and one group; the settings tab; the internal CSV.
  { name: 'GET results charts', role: 'office', url: (w) => `${results(w)}/charts` },
  {
    name: 'GET results charts of a group',
    role: 'office',
    url: (w) => `${results(w)}/charts?group=${w.group}`,
  },
  { name: 'GET results settings', role: 'office', url: (w) => `${results(w)}/settings` },
  { name: 'GET results csv', role: 'office', url: (w) => `${results(w)}/csv` },
  // A unit's results page: the Office (the unit above to each leaf) and the unit's own officer.
  { name: 'GET unit results (office)', role: 'office', url: (w) => `/api/scorecards/${w.scorecard}/results` },
  { name: 'GET unit results (focal)', role: 'focal', url: (w) => `/api/scorecards/${w.scorecard}/results` },
  // The public pages: the list of published campaigns, a page of the ranking, a unit found by code.
  { name: 'GET public list', role: null, url: () => '/api/public/results' },
  {
    name: 'GET public page',
    role: null,
    url: (w) => `/api/public/results/${w.pub.code}?page=2&pageSize=2&sort=index`,
  },
  {
    name: 'GET public unit',
    role: null,
    url: (w) => `/api/public/results/${w.pub.code}?q=${encodeURIComponent(w.lastUnitCode)}`,
  },
  { name: 'GET public csv', role: null, url: (w) => `/api/public/results/${w.pub.code}/csv` },
];

/**
 * Queries per request today: a change that adds one fails here and says which; lower the number
 * when a request gets cheaper. Three of each internal request are the session (session, user,
 * roles: http/authenticate.ts).
 */
const BUDGET: Record<string, number> = {
  // campaign, set, cache key, settings; the same three for last year; announcement, approver.
  'GET results page 1': 12,
  // + both campaigns' summaries: a scorecard list and, per 250 scorecards, answers and decisions.
  'GET results page 1 (cold: summaries computed)': 18,
  'GET results later page by index': 12,
  'GET results by group': 12,
  'GET results search': 12,
  'GET results by change': 12,
  'GET results by rating': 12,
  // Special cases are counted once per approved campaign version (frozenOnce), not per request.
  'GET results by special cases': 12,
  // No cache key, no last year; the summary: a scorecard list + 2 queries per 250 scorecards.
  'GET results (under appraisal, computed per request)': 12,
  'GET results charts': 10,
  'GET results charts of a group': 10,
  'GET results settings': 9,
  'GET results csv': 13,
  // + the unit's own leaves, the unit above's and last year's (answers and decisions: 6), appraisers.
  'GET unit results (office)': 18,
  // A unit's officer sees the unit above field by field: its leaves are not read.
  'GET unit results (focal)': 16,
  'GET public list': 1,
  'GET public page': 6,
  'GET public unit': 6,
  'GET public csv': 6,
};

async function counted(w: World, r: Req) {
  const url = r.url(w);
  const session = r.role === null ? null : w.sessions[r.role]!;
  const send = () => w.t.as(session).get(url);
  await (r.prepare ? r.prepare(w, send) : send());
  const { res, count, report } = await countQueries(w.counter, send);
  return { status: res.statusCode, body: res.body, count, report };
}

/** Requests whose count may differ between the two data sets, by at most this: none. */
const SLACK: Record<string, number> = {};

describe.each(testDialects())('query budget of the results pages on %s', (dialect) => {
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

  it.each(REQUESTS.map((r) => [r.name, r] as const))(
    '%s: as many queries with 4× the units',
    async (_, r) => {
      const a = await counted(small, r);
      const b = await counted(large, r);
      expect(a.status, a.body).toBe(200);
      expect(b.status, b.body).toBe(200);
      const message = `${r.name}: ${a.count} queries on the small data set, ${b.count} on the big one.\n--- small\n${a.report}\n--- big\n${b.report}`;
      expect(b.count - a.count, message).toBeLessThanOrEqual(SLACK[r.name] ?? 0);
      expect(a.count - b.count, message).toBeLessThanOrEqual(SLACK[r.name] ?? 0);
      const budget = BUDGET[r.name];
      expect(budget, `${r.name}: no budget\n${message}`).toBeDefined();
      expect(b.count, message).toBeLessThanOrEqual(budget!);
    },
  );
});
