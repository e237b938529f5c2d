import fs from 'node:fs';
import path from 'node:path';
import type { CampaignSummary } from '@cchc/domain/api/campaigns';
import type { PublicResults, ResultRow, ResultsPage, ResultsView } from '@cchc/domain/api/results';
import { seedDemoPublished } from '@cchc/server/src/seed/demo-results';
import type { APIResponse, Browser, BrowserContext, Page } from 'playwright-core';
import { request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  demoYear,
  launchBrowser,
  pickDate,
  SCREENSHOT_DIR,
  seriousA11yViolations,
  signIn,
  startProduct,
  viPercent,
} from './support';

type Product = Awaited<ReturnType<typeof startProduct>>;

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  if (fullPage) {
    // A full-page capture of a scrolled page draws the sticky header where the viewport was.
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  // Finished CSS transitions (a button that has just been enabled is still fading in).
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage, animations: 'disabled' });
}

async function ok<T>(res: APIResponse): Promise<T> {
  if (res.status() !== 200) {
    throw new Error(`${res.url()}: expected 200, got ${res.status()}: ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** Chooses an option of an antd Select by its exact text, and waits until the popup is gone. */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .click();
  // Audit and read the page, not the closing popup (its listbox has no name while it animates out).
  await page.waitForFunction(
    () => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'),
  );
}

/**
 * Issue 6, the internal results page (/campaigns/:id/results) in Chromium: the ranking (values,
 * ties, group filter, search without accents), the charts and their data tables, the year over
 * year comparison, the publication of an approved campaign (announcement, publish, public API),
 * the results settings (band → rating), the presentation view, and a unit kept out. The demo
 * seed provides CCHC-<Y-2> (published), CCHC-<Y-1> (appraisal, compared with Y-2) and the test
 * takes CCHC-<Y-3> to leadership's approval itself (server/src/seed/demo-results.ts).
 */
describe.skipIf(!inject('chromium'))(
  'browser: internal results — ranking, charts, publication, settings',
  () => {
    let product: Product;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const password = (username: string) => product.seed.users.find((u) => u.username === username)!.password;
    const year = demoYear();
    const publishedCode = `CCHC-${year - 2}`;
    const appraisalCode = `CCHC-${year - 1}`;
    const approvedCode = `CCHC-${year - 3}`;
    let office: Page;
    const campaignIds = new Map<string, string>();

    beforeAll(async () => {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      product = await startProduct();
      // A campaign approved by leadership, not yet published: CCHC-<Y-3>.
      const admin = await product.db
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      const units = await product.db.selectFrom('unit').select(['id', 'code']).execute();
      const approved = await seedDemoPublished(
        product.db,
        { actor: { userId: admin.id, roles: [{ role: 'SYSTEM_ADMIN', unitId: null }] }, ip: null },
        new Map(units.map((u) => [u.code, u.id])),
        year,
        { yearsBack: 3, publish: false },
      );
      expect(approved?.code).toBe(approvedCode);
      browser = await launchBrowser();
      office = await open('vanphong');
      const campaigns = await ok<CampaignSummary[]>(await office.request.get(`${product.url}/api/campaigns`));
      for (const c of campaigns) {
        campaignIds.set(c.code, c.id);
      }
      expect(campaigns.find((c) => c.code === publishedCode)?.phase).toBe('PUBLISHED');
      expect(campaigns.find((c) => c.code === approvedCode)?.phase).toBe('APPROVED');
      expect(campaigns.find((c) => c.code === appraisalCode)).toBeDefined();
    });
    // On failure, what every open page showed at that moment (e2e/screenshots/results-internal-failure-*).
    afterEach(async (ctx) => {
      if (ctx.task.result?.state !== 'fail') {
        return;
      }
      let i = 0;
      for (const c of contexts) {
        for (const page of c.pages()) {
          await shoot(page, `results-internal-failure-${i++}`).catch(() => {});
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

    async function open(username: string): Promise<Page> {
      // bypassCSP only so that axe can be injected for the accessibility checks.
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, product.url, username, password(username));
      return page;
    }

    const idOf = (code: string) => {
      const id = campaignIds.get(code);
      if (!id) {
        throw new Error(`no campaign ${code}`);
      }
      return id;
    };
    const resultsOf = async (page: Page, code: string) =>
      ok<ResultsView>(await page.request.get(`${product.url}/api/campaigns/${idOf(code)}/results`));

    /** Opens the results page of a campaign on a tab and waits until its content is there. */
    async function openResults(page: Page, code: string, tab?: 'charts' | 'publish' | 'settings') {
      await page.goto(`${product.url}/campaigns/${idOf(code)}/results${tab ? `?tab=${tab}` : ''}`);
      await page.getByTestId('results-tab-ranking').waitFor();
    }

    const unitRows = (page: Page) => page.locator('[data-testid^="results-row-"]');
    const rowCodes = (page: Page) =>
      unitRows(page).evaluateAll((trs) =>
        trs.map((tr) => tr.getAttribute('data-testid')!.replace('results-row-', '')),
      );

    it('ranks every unit as the API does, filters by group and finds a unit without accents', async () => {
      const view = await resultsOf(office, publishedCode);
      expect(view.rankingScope).toBe('all');
      await openResults(office, publishedCode);
      await unitRows(office).first().waitFor();

      // One row per unit, in the ranking's order (rank, then unit code).
      const ordered = [...view.rows].sort(
        (a, b) => a.rank - b.rank || a.unit.code.localeCompare(b.unit.code),
      );
      expect(await rowCodes(office)).toEqual(ordered.map((r) => r.unit.code));
      expect(await office.getByTestId('results-count').textContent()).toBe(
        `${view.rows.length}/${view.rows.length} đơn vị`,
      );

      // The first row and a tied row: rank and index as the API computes them.
      const tiedRanks = view.rows.filter((r) => view.rows.filter((o) => o.rank === r.rank).length > 1);
      expect(tiedRanks.length).toBeGreaterThan(1);
      const tied = tiedRanks[0]!;
      for (const row of [ordered[0]!, tied]) {
        const code = row.unit.code;
        expect(await office.getByTestId(`results-rank-${code}`).textContent()).toBe(String(row.rank));
        expect(await office.getByTestId(`results-index-${code}`).textContent()).toBe(
          viPercent(row.indexPercent),
        );
        expect(await office.getByTestId(`results-row-${code}`).getAttribute('data-rank')).toBe(
          String(row.rank),
        );
      }
      // The tie is shown as such: both units carry the same rank.
      const partner = view.rows.find((r) => r.rank === tied.rank && r.unit.code !== tied.unit.code)!;
      expect(await office.getByTestId(`results-rank-${partner.unit.code}`).textContent()).toBe(
        String(tied.rank),
      );

      // Group filter: only that group's units (a group that holds some, not all, of them).
      const group = view.groups.find((g) => {
        const n = view.rows.filter((r) => r.unit.groupCode === g.code).length;
        return n > 0 && n < view.rows.length;
      })!;
      const inGroup = ordered.filter((r) => r.unit.groupCode === group.code).map((r) => r.unit.code);
      await choose(office, 'results-group-filter', group.name);
      await expect.poll(() => rowCodes(office)).toEqual(inGroup);
      await choose(office, 'results-group-filter', 'Tất cả các khối');
      await expect.poll(() => unitRows(office).count()).toBe(view.rows.length);

      // Search without accents.
      const vpc = view.rows.find((r) => r.unit.name === 'Vụ Pháp chế')!;
      expect(vpc).toBeDefined();
      await office.getByLabel('Tìm đơn vị').fill('vu phap che');
      await expect.poll(() => rowCodes(office)).toEqual([vpc.unit.code]);
      expect(await office.getByTestId(`results-unit-link-${vpc.unit.code}`).textContent()).toBe(
        'Vụ Pháp chế',
      );
      await office.getByLabel('Tìm đơn vị').fill('');
      await expect.poll(() => unitRows(office).count()).toBe(view.rows.length);

      expect(await seriousA11yViolations(office)).toEqual([]);
      await shoot(office, 'results-ranking', true);
    });

    it('pages, sorts and searches on the server as the API does, and keeps it all in the URL across a reload', async () => {
      const id = idOf(publishedCode);
      const api = (qs: string) =>
        office.request
          .get(`${product.url}/api/campaigns/${id}/results?${qs}`)
          .then((r) => ok<ResultsPage>(r));
      const codesOf = (p: ResultsPage) => p.rows.map((r) => r.unit.code);
      const all = await api('pageSize=10');
      // The demo has ~20 units: two pages of 10 (the size is taken from the URL).
      expect(all.total).toBeGreaterThan(10);
      expect(all.rows).toHaveLength(10);
      await office.goto(`${product.url}/campaigns/${id}/results?size=10`);
      await expect.poll(() => rowCodes(office)).toEqual(codesOf(all));

      // Page 2 from the pagination: the API's second page, in the URL.
      await office.locator('.ant-pagination-item-2').click();
      const page2 = await api('pageSize=10&page=2');
      expect(page2.rows.length).toBe(all.total - 10);
      await expect.poll(() => rowCodes(office)).toEqual(codesOf(page2));
      expect(new URL(office.url()).searchParams.get('page')).toBe('2');

      // Sorting by index goes back to page 1: ascending, then descending (the server's order).
      const indexHeader = office
        .locator('th.ant-table-column-has-sorters')
        .filter({ hasText: /^Chỉ số \(%\)$/ });
      await indexHeader.click();
      await expect
        .poll(() => rowCodes(office))
        .toEqual(codesOf(await api('pageSize=10&sort=index&order=asc')));
      expect(new URL(office.url()).searchParams.get('page')).toBeNull();
      await indexHeader.click();
      const byIndexDesc = await api('pageSize=10&sort=index&order=desc');
      await expect.poll(() => rowCodes(office)).toEqual(codesOf(byIndexDesc));
      expect(await office.getByTestId(`results-index-${byIndexDesc.rows[0]!.unit.code}`).textContent()).toBe(
        viPercent(byIndexDesc.rows[0]!.indexPercent),
      );

      // A search without accents that matches several units ("Vụ …"), in that order.
      await office.getByTestId('results-search').fill('vu');
      const found = await api('pageSize=10&sort=index&order=desc&q=vu');
      expect(found.total).toBeGreaterThan(1);
      expect(found.total).toBeLessThan(all.total);
      await expect.poll(() => rowCodes(office)).toEqual(codesOf(found));
      expect(await office.getByTestId('results-count').textContent()).toBe(
        `${found.total}/${all.stats.units} đơn vị`,
      );
      const url = new URL(office.url());
      expect(Object.fromEntries(url.searchParams)).toEqual({
        size: '10',
        sort: 'index',
        order: 'desc',
        q: 'vu',
      });

      // A reload (or a shared link) shows the same page: rows, sort marker, search box.
      await office.reload();
      await expect.poll(() => rowCodes(office)).toEqual(codesOf(found));
      expect(office.url()).toBe(url.toString());
      expect(await office.getByTestId('results-search').inputValue()).toBe('vu');
      expect(await indexHeader.getAttribute('aria-sort')).toBe('descending');
      await office.goto(`${product.url}/campaigns/${id}/results`);
    });

    it('draws the charts with their data tables, and compares with the previous year when there is one', async () => {
      const view = await resultsOf(office, publishedCode);
      expect(view.previousCampaign).toBeNull();
      await openResults(office, publishedCode);
      await office.getByTestId('results-tab-charts').click();
      await expect.poll(() => new URL(office.url()).searchParams.get('tab')).toBe('charts');

      for (const id of ['chart-ranking', 'chart-heatmap', 'chart-self-vs-appraised']) {
        const chart = office.getByTestId(id);
        await chart.locator('canvas').first().waitFor();
        expect(await chart.isVisible()).toBe(true);
        const box = await chart.locator('canvas').first().boundingBox();
        expect(box?.width ?? 0, id).toBeGreaterThan(0);
        expect(box?.height ?? 0, id).toBeGreaterThan(0);
      }

      // The ranking chart's plain table: the best unit's index as the API says.
      const best = [...view.rows].sort(
        (a, b) => b.indexPercent - a.indexPercent || a.unit.code.localeCompare(b.unit.code),
      )[0]!;
      const card = office.locator('.ant-card').filter({ has: office.getByTestId('chart-ranking') });
      await card.getByText('Xem bảng số liệu của biểu đồ').click();
      const bestRow = office
        .getByTestId('chart-ranking-table')
        .locator(`tr[data-row-key="${best.scorecardId}"]`);
      await bestRow.waitFor();
      expect(await bestRow.locator('td').nth(1).textContent()).toBe(best.unit.name);
      expect(await bestRow.locator('td').nth(2).textContent()).toBe(viPercent(best.indexPercent));
      expect(await office.getByTestId('chart-ranking-table').locator('tbody tr.ant-table-row').count()).toBe(
        view.rows.length,
      );

      // No previous campaign: the year-over-year card says so (no chart).
      const yoyEmpty = office.getByTestId('chart-yoy');
      await yoyEmpty.locator('.ant-empty').waitFor();
      expect(await yoyEmpty.textContent()).toContain('Chưa chọn kỳ đánh giá để so sánh');
      expect(await yoyEmpty.locator('canvas').count()).toBe(0);
      await office.waitForLoadState('networkidle');
      expect(await seriousA11yViolations(office)).toEqual([]);
      await shoot(office, 'results-charts', true);

      // CCHC-<Y-1> is compared with CCHC-<Y-2>: the dumbbell chart is drawn.
      const current = await resultsOf(office, appraisalCode);
      expect(current.previousCampaign?.code).toBe(publishedCode);
      expect(current.rows.some((r) => r.previous !== null)).toBe(true);
      await openResults(office, appraisalCode, 'charts');
      const yoy = office.getByTestId('chart-yoy');
      await yoy.locator('canvas').first().waitFor();
      const box = await yoy.locator('canvas').first().boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(0);
      expect(box?.height ?? 0).toBeGreaterThan(0);
      expect(await office.getByTestId('chart-yoy').locator('.ant-empty').count()).toBe(0);
      await office.waitForLoadState('networkidle');
      expect(await seriousA11yViolations(office)).toEqual([]);
      const yoyCard = office.locator('.ant-card').filter({ has: yoy });
      expect(await yoyCard.textContent()).toContain(`chấm đặc (xanh) là chỉ số năm ${current.year}`);
      await yoyCard.scrollIntoViewIfNeeded();
      await yoyCard.screenshot({
        path: path.join(SCREENSHOT_DIR, 'results-yoy.png'),
        animations: 'disabled',
      });
    });

    it('publishes an approved campaign once the announcement decision is saved', async () => {
      const before = await resultsOf(office, approvedCode);
      expect(before.phase).toBe('APPROVED');
      expect(before.announcement).toBeNull();
      await openResults(office, approvedCode);
      await office.getByTestId('results-tab-publish').click();
      const publish = office.getByTestId('publish-button');
      await publish.waitFor();
      expect(await publish.isDisabled()).toBe(true);
      await office.getByText('Lưu quyết định công bố trước khi công bố kết quả.').waitFor();
      // No public page yet.
      const anonymous = await request.newContext();
      try {
        expect((await anonymous.get(`${product.url}/api/public/results/${approvedCode}`)).status()).toBe(404);
      } finally {
        await anonymous.dispose();
      }

      // The decision: number, date (DD/MM/YYYY) and place.
      const decisionNumber = `27/QĐ-TTCP`;
      await office.getByTestId('announcement-number').fill(decisionNumber);
      await pickDate(office, 'announcement-decision-date', `16/01/${year - 2}`);
      await office.getByTestId('announcement-place').fill('Trụ sở Thanh tra Chính phủ, Hà Nội');
      const saved = office.waitForResponse(
        (r) =>
          r.url().endsWith(`/api/campaigns/${before.campaignId}/announcement`) &&
          r.request().method() === 'PUT',
      );
      await office.getByTestId('announcement-save').click();
      const savedRes = await saved;
      expect(savedRes.status(), await savedRes.text()).toBe(200);
      expect(((await savedRes.json()) as { decisionDate: string }).decisionDate).toBe(`${year - 2}-01-16`);
      await expect.poll(() => publish.isEnabled()).toBe(true);
      expect(await office.getByTestId('publication-card').textContent()).toContain(
        `Quyết định số ${decisionNumber} ngày 16/01/${year - 2}`,
      );

      // Publish, after the confirmation.
      // The confirmation must be open (and done animating) before its button is pressed: on a
      // loaded CI machine a click during the zoom-in once went nowhere.
      await publish.click();
      const confirm = office.getByTestId('publish-confirm');
      await confirm.waitFor({ state: 'visible' });
      await office
        .locator('.ant-modal-confirm')
        .filter({ has: confirm })
        .evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
      const published = office.waitForResponse(
        (r) =>
          r.url().endsWith(`/api/campaigns/${before.campaignId}/transitions`) &&
          r.request().method() === 'POST',
        { timeout: 60_000 },
      );
      await confirm.click();
      expect((await published).status()).toBe(200);
      await office.getByTestId('published-info').waitFor();
      expect(await office.getByTestId('published-info').textContent()).toContain('Kết quả đã được công bố');
      const publicLink = office.getByRole('link', { name: 'Mở trang công bố' });
      expect(await publicLink.getAttribute('href')).toBe(`/public/results/${approvedCode}`);

      // Anyone (no cookie) now reads it, with every unit.
      const other = await request.newContext();
      try {
        const res = await other.get(`${product.url}/api/public/results/${approvedCode}`);
        expect(res.status()).toBe(200);
        const data = (await res.json()) as PublicResults;
        expect(data.rows.length).toBe(before.rows.length);
        expect(data.announcement.decisionNumber).toBe(decisionNumber);
      } finally {
        await other.dispose();
      }
      expect((await resultsOf(office, approvedCode)).phase).toBe('PUBLISHED');
      await office.waitForFunction(
        () => document.querySelectorAll('.ant-message-notice').length === 0,
        undefined,
        {
          timeout: 15_000,
        },
      );
      expect(await seriousA11yViolations(office)).toEqual([]);
      await shoot(office, 'results-published', true);

      // The ranking tab links to the public page too.
      await office.getByTestId('results-tab-ranking').click();
      expect(await office.getByTestId('results-public-link').getAttribute('href')).toBe(
        `/public/results/${approvedCode}`,
      );
    });

    it('maps the band "Tốt" to another rating and recomputes the ratings', async () => {
      const before = await resultsOf(office, appraisalCode);
      const good = before.rows.find((r) => r.band === 'Tốt');
      expect(good, 'a unit rated Tốt in the campaign under appraisal').toBeDefined();
      expect(good!.rating).not.toBe('COMPLETED');

      await openResults(office, appraisalCode, 'settings');
      await office.getByTestId('results-settings').waitFor();
      await choose(office, 'settings-rating-Tốt', 'Hoàn thành nhiệm vụ');
      expect(await office.getByTestId('settings-rating-Tốt').textContent()).toBe('Hoàn thành nhiệm vụ');
      const saved = office.waitForResponse(
        (r) =>
          r.url().endsWith(`/api/campaigns/${before.campaignId}/results/settings`) &&
          r.request().method() === 'PUT',
      );
      await office.getByTestId('settings-save').click();
      const res = await saved;
      expect(res.status(), await res.text()).toBe(200);

      const after = await resultsOf(office, appraisalCode);
      const row = after.rows.find((r: ResultRow) => r.scorecardId === good!.scorecardId)!;
      expect(row.band).toBe('Tốt');
      expect(row.rating).toBe('COMPLETED');
      for (const r of after.rows.filter((x) => x.band === 'Tốt')) {
        expect(r.rating).toBe('COMPLETED');
      }
      // The form shows the saved value; the ranking shows the new rating.
      await expect
        .poll(() => office.getByTestId('settings-rating-Tốt').textContent())
        .toBe('Hoàn thành nhiệm vụ');
      await office.waitForFunction(
        () => document.querySelectorAll('.ant-message-notice').length === 0,
        undefined,
        {
          timeout: 15_000,
        },
      );
      await shoot(office, 'results-settings', true);
      await office.getByTestId('results-tab-ranking').click();
      await expect
        .poll(() => office.getByTestId(`results-rating-${good!.unit.code}`).textContent())
        .toBe('Hoàn thành nhiệm vụ');
    });

    it('presents the results full screen: title, ranking slides, Escape back', async () => {
      const view = await resultsOf(office, publishedCode);
      const first = [...view.rows].sort(
        (a, b) => a.rank - b.rank || a.unit.code.localeCompare(b.unit.code),
      )[0]!;
      await openResults(office, publishedCode);
      await office.getByTestId('open-presentation').click();
      const slide = office.getByTestId('presentation-page');
      await expect.poll(() => slide.getAttribute('data-kind')).toBe('title');
      expect(office.url()).toBe(`${product.url}/campaigns/${view.campaignId}/presentation`);
      const title = (await slide.textContent()) ?? '';
      expect(title).toContain(view.campaignName);
      expect(title).toContain(view.announcement!.decisionNumber);
      await shoot(office, 'results-presentation-title');

      await office.keyboard.press('ArrowRight');
      await expect.poll(() => slide.getAttribute('data-kind')).toBe('ranking');
      const row = office.getByTestId(`presentation-row-${first.unit.code}`);
      await row.waitFor();
      expect(await row.isVisible()).toBe(true);
      expect(await row.textContent()).toContain(first.unit.name);
      expect(await row.textContent()).toContain(viPercent(first.indexPercent));
      await shoot(office, 'results-presentation');
      await office.setViewportSize({ width: 1024, height: 768 });
      // The slide fits the smaller screen (it is scaled down, nothing cut off).
      await expect
        .poll(() =>
          slide.evaluate((el) => {
            const box = el.getBoundingClientRect();
            const rows = Array.from(el.querySelectorAll('tr')).map((tr) => tr.getBoundingClientRect());
            return rows.every((r) => r.top >= box.top - 1 && r.bottom <= box.bottom + 1);
          }),
        )
        .toBe(true);
      await shoot(office, 'results-presentation-1024');
      await office.setViewportSize({ width: 1440, height: 900 });

      await office.keyboard.press('Escape');
      await office.getByTestId('results-tab-ranking').waitFor();
      expect(office.url()).toBe(`${product.url}/campaigns/${view.campaignId}/results`);
    });

    it('keeps a unit focal officer out of the internal results (API and page)', async () => {
      const unit = await open('daumoi.vpc');
      const id = idOf(publishedCode);
      expect((await unit.request.get(`${product.url}/api/campaigns/${id}/results`)).status()).toBe(403);
      await unit.goto(`${product.url}/campaigns/${id}/results`);
      await unit.getByTestId('forbidden').waitFor();
      expect(await unitRows(unit).count()).toBe(0);
      expect(await unit.getByTestId('results-tab-ranking').count()).toBe(0);
    });
  },
);
