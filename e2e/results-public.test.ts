import fs from 'node:fs';
import path from 'node:path';
import type { PublicCampaignSummary, PublicResults, UnitResultsView } from '@cchc/domain/api/results';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  demoYear,
  launchBrowser,
  SCREENSHOT_DIR,
  seriousA11yViolations,
  signIn,
  startProduct,
  viPercent,
} from './support';

type Product = Awaited<ReturnType<typeof startProduct>>;

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `results-${name}.png`), fullPage });
}

/**
 * Issue 6, "done when": the results are published for anyone and a unit reads its own. The demo
 * seed takes last-but-one year's campaign through appraisal, council, leadership's approval, the
 * announcement and the Office's "publish" (server/src/seed/demo-results.ts); the test then opens
 * the public page in a browser that never signed in, and the unit's results page as Vụ Pháp chế's
 * focal officer — each number checked against the API.
 */
describe.skipIf(!inject('chromium'))('browser: published results — public page and a unit’s results', () => {
  let product: Product;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const password = (username: string) => product.seed.users.find((u) => u.username === username)!.password;
  const code = `CCHC-${demoYear() - 2}`;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    product = await startProduct();
    browser = await launchBrowser();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') {
      return;
    }
    let i = 0;
    for (const c of contexts) {
      for (const page of c.pages()) {
        await shoot(page, `failure-${i++}`, false).catch(() => {});
      }
    }
  });
  afterAll(async () => {
    for (const c of contexts) {
      await c.close().catch(() => {});
    }
    await browser?.close();
    await product?.close();
  });

  /** A fresh browser context: no cookie, nobody signed in. bypassCSP only so that axe can run. */
  async function anonymous(width = 1440): Promise<{ page: Page; apiCalls: string[] }> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      bypassCSP: true,
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) {
        apiCalls.push(url.pathname);
      }
    });
    return { page, apiCalls };
  }

  it('shows the published campaign to anyone, without login, with open data and a clean 404', async () => {
    const problems: string[] = [];
    const { page, apiCalls } = await anonymous();
    // The API, as anyone (no cookie): the seed's campaign is published.
    const list = (await (
      await page.request.get(`${product.url}/api/public/results`)
    ).json()) as PublicCampaignSummary[];
    expect(list.map((c) => c.code)).toContain(code);
    const res = await page.request.get(`${product.url}/api/public/results/${code}`);
    expect(res.status()).toBe(200);
    const data = (await res.json()) as PublicResults;
    expect(data.rows.length).toBeGreaterThan(1);

    // The list of published campaigns leads to the campaign's page.
    await page.goto(`${product.url}/public/results`);
    await page.getByTestId(`public-campaign-${code}`).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    problems.push(...(await seriousA11yViolations(page)).map((p) => `public list: ${p}`));
    await page.getByTestId(`public-campaign-${code}`).getByRole('link', { name: data.name }).click();
    await page.getByTestId('public-results-table').waitFor();
    expect(page.url()).toBe(`${product.url}/public/results/${code}`);

    // Heading, agency, decision; one row per unit of the API, in the API's order and values.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(data.name);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.getByTestId('public-agency').textContent()).toBe(data.agencyName);
    expect(await page.getByTestId('public-decision').textContent()).toContain(
      data.announcement.decisionNumber,
    );
    const rows = page.locator('[data-testid^="public-row-"]');
    expect(await rows.count()).toBe(data.rows.length);
    const first = data.rows[0]!;
    expect(await rows.first().getAttribute('data-testid')).toBe(`public-row-${first.unitCode}`);
    expect(await page.getByTestId(`public-index-${first.unitCode}`).textContent()).toBe(
      viPercent(first.indexPercent),
    );
    expect(await page.getByTestId(`public-rank-${first.unitCode}`).textContent()).toBe(String(first.rank));
    // The ranking chart and its plain-table equivalent.
    await page.getByTestId('public-ranking-chart').locator('canvas').first().waitFor();
    expect(await page.getByTestId('public-chart-table').locator('tbody tr').count()).toBe(data.rows.length);

    // A row opens to its field indices; the group filter keeps only that group's units.
    await page.getByTestId(`public-row-${first.unitCode}`).getByRole('button').first().click();
    await page.getByText(`Chỉ số thành phần của ${first.unitName}`).waitFor();
    await page.waitForLoadState('networkidle');
    await shoot(page, 'public');
    problems.push(...(await seriousA11yViolations(page)).map((p) => `public page: ${p}`));
    const group = data.groups.find((g) => data.rows.some((r) => r.groupCode === g.code))!;
    await page.getByTestId('public-group-filter').getByText(group.name, { exact: true }).click();
    const inGroup = data.rows.filter((r) => r.groupCode === group.code).length;
    await expect.poll(() => rows.count()).toBe(inGroup);

    // Open data: the CSV downloads with its header row; the JSON link is the API.
    const download = page.waitForEvent('download');
    await page.getByTestId('public-csv').click();
    const csv = fs.readFileSync(await (await download).path(), 'utf8').replace(/^\uFEFF/, '');
    expect(csv.startsWith('Hạng')).toBe(true);
    expect(csv.trim().split('\n')).toHaveLength(data.rows.length + 1);
    expect(await page.getByTestId('public-json').getAttribute('href')).toBe(`/api/public/results/${code}`);

    // An unknown (or unpublished) code: a clean "not found" page, still outside the login.
    await page.goto(`${product.url}/public/results/NOPE`);
    await page.getByTestId('public-not-found').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Không tìm thấy kết quả đã công bố',
    );
    expect(page.url()).toBe(`${product.url}/public/results/NOPE`);
    problems.push(...(await seriousA11yViolations(page)).map((p) => `not found: ${p}`));

    // Nothing but the public API was called (no session bootstrap, no redirect to /login).
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.filter((p) => !p.startsWith('/api/public/'))).toEqual([]);

    // The same page on a phone.
    const phone = await anonymous(390);
    await phone.page.goto(`${product.url}/public/results/${code}`);
    await phone.page.getByTestId('public-results-table').waitFor();
    await phone.page.waitForLoadState('networkidle');
    await shoot(phone.page, 'public-phone');
    problems.push(...(await seriousA11yViolations(phone.page)).map((p) => `public phone: ${p}`));
    expect(problems).toEqual([]);
  });

  it('shows Vụ Pháp chế its rank, index, fields and why this rank, as the API computes them', async () => {
    const problems: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, product.url, 'daumoi.vpc', password('daumoi.vpc'));
    const campaigns = (await (await page.request.get(`${product.url}/api/campaigns`)).json()) as {
      code: string;
      phase: string;
      myScorecardId: string | null;
    }[];
    const mine = campaigns.find((c) => c.code === code)!;
    expect(mine.phase).toBe('PUBLISHED');
    const view = (await (
      await page.request.get(`${product.url}/api/scorecards/${mine.myScorecardId}/results`)
    ).json()) as UnitResultsView;
    expect(view.unit.code).toBe('VPC');

    // The home page leads the unit to its results.
    await page.getByTestId(`home-my-results-${code}`).click();
    await page.getByTestId('unit-results-page').waitFor();
    expect(page.url()).toBe(`${product.url}/scorecards/${mine.myScorecardId}/results`);
    expect(await page.getByTestId('unit-results-rank-value').textContent()).toBe(
      `Hạng ${view.rank}/${view.rankedCount}`,
    );
    expect(await page.getByTestId('unit-results-index-value').textContent()).toBe(
      viPercent(view.final.indexPercent),
    );
    expect(await page.getByTestId('unit-results-band').textContent()).toBe(
      view.final.band ?? 'Chưa xếp loại',
    );
    // Radar against the average; why this rank (chart and table of the fields).
    await page.getByTestId('unit-radar').locator('canvas').first().waitFor();
    expect(await page.getByTestId('unit-radar-table').locator('tbody tr.ant-table-row').count()).toBe(
      view.fields.length,
    );
    await page.getByTestId('unit-why').waitFor();
    if (view.items.some((i) => i.depth === 1 && i.lostVsMax > 0)) {
      await page.getByTestId('unit-why-chart').locator('canvas').first().waitFor();
    }
    const fields = view.items.filter((i) => i.depth === 0);
    for (const f of fields) {
      await page.getByTestId(`unit-why-row-${f.code}`).waitFor();
    }
    if (view.above) {
      expect(await page.getByTestId('unit-why-above').textContent()).toContain(`hạng ${view.above.rank}`);
    }
    await page.waitForLoadState('networkidle');
    await shoot(page, 'unit');
    problems.push(...(await seriousA11yViolations(page)).map((p) => `unit results: ${p}`));

    // The drill-down: every criterion, each leaf opening the appraisal workspace on it.
    await page.getByTestId('unit-tree-expand-all').click();
    const leaf = view.items.find((i) => i.isLeaf && i.depth >= 2) ?? view.items.find((i) => i.isLeaf)!;
    await page.getByTestId(`unit-leaf-link-${leaf.code}`).click();
    await expect.poll(() => page.url()).toContain(`/scorecards/${mine.myScorecardId}/appraisal?leaf=`);
    await expect.poll(() => page.getByTestId('leaf-title').textContent()).toContain(leaf.code);

    // Before leadership's approval (this year's campaign) the unit is told so, not shown an error.
    const open = campaigns.find(
      (c) => c.myScorecardId && !['APPROVED', 'PUBLISHED', 'CLOSED'].includes(c.phase),
    );
    if (open) {
      await page.goto(`${product.url}/scorecards/${open.myScorecardId}/results`);
      await page.getByTestId('unit-results-not-approved').waitFor();
    }
    expect(problems).toEqual([]);
  });
});
