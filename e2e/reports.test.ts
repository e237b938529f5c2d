import fs from 'node:fs';
import path from 'node:path';
import type { CampaignSummary } from '@cchc/domain/api/campaigns';
import type { DocumentSettingsView, ExportList, ExportView } from '@cchc/domain/api/reports';
import type { ResultsView } from '@cchc/domain/api/results';
import { unzip } from '@cchc/server/src/modules/index-sets/xlsx/test-workbooks';
import ExcelJS from 'exceljs';
import type { APIResponse, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  csrfOf,
  demoYear,
  launchBrowser,
  SCREENSHOT_DIR,
  seriousA11yViolations,
  signIn,
  startProduct,
} from './support';

type Product = Awaited<ReturnType<typeof startProduct>>;

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  if (fullPage) {
    // A full-page capture of a scrolled page draws the sticky header where the viewport was.
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage, animations: 'disabled' });
}

async function ok<T>(res: APIResponse): Promise<T> {
  if (res.status() !== 200) {
    throw new Error(`${res.url()}: expected 200, got ${res.status()}: ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** What the page showed of the export rows, whatever the timing: recorded by a MutationObserver. */
interface RowWatch {
  /** The first data-status each row (by job id) was rendered with. */
  firstStatus: Record<string, string>;
  /** Job ids whose progress bar was rendered with a size (visible) at least once. */
  progressSeen: string[];
}

/** Starts recording, in the page, every export row's first status and every progress bar shown. */
async function watchRows(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __rows?: RowWatch };
    if (w.__rows) {
      return;
    }
    const state: RowWatch = { firstStatus: {}, progressSeen: [] };
    w.__rows = state;
    const scan = () => {
      for (const el of Array.from(document.querySelectorAll('[data-testid^="export-row-"]'))) {
        const id = el.getAttribute('data-testid')!.replace('export-row-', '');
        if (!(id in state.firstStatus)) {
          state.firstStatus[id] = el.getAttribute('data-status') ?? '';
        }
      }
      for (const el of Array.from(document.querySelectorAll('[data-testid^="export-progress-"]'))) {
        const id = el.getAttribute('data-testid')!.replace('export-progress-', '');
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.height > 0 && !state.progressSeen.includes(id)) {
          state.progressSeen.push(id);
        }
      }
    };
    scan();
    new MutationObserver(scan).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
  });
}

const rowWatch = (page: Page) =>
  page.evaluate(() => (window as unknown as { __rows: RowWatch }).__rows) as Promise<RowWatch>;

/**
 * Issue 7 in Chromium: the Office's "Báo cáo, văn bản" page (documents and workbooks created in the
 * background, progress, download, refusal, one job for a double click, the report's prose), the
 * "Thiết lập văn bản" settings, a unit's self-assessment report on its scorecard and the unit kept
 * out of the campaign's reports. Demo data: CCHC-<Y-2> published, CCHC-<Y-1> under appraisal.
 * The exports run in the product's own background worker (EXPORT_WORKER defaults to true and
 * buildApp starts it on ready).
 */
describe.skipIf(!inject('chromium'))('browser: reports and documents', () => {
  let product: Product;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const password = (username: string) => product.seed.users.find((u) => u.username === username)!.password;
  const fullName = (username: string) => product.seed.users.find((u) => u.username === username)!.fullName;
  const year = demoYear();
  const publishedCode = `CCHC-${year - 2}`;
  const appraisalCode = `CCHC-${year - 1}`;
  const campaignIds = new Map<string, string>();
  let office: Page;
  /** The Office's own text of the report's "Đánh giá chung", found again in the generated DOCX. */
  const marker = 'Kiểm thử e2e: các đơn vị đã chủ động triển khai nhiệm vụ cải cách hành chính, mã 4217.';

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    product = await startProduct();
    browser = await launchBrowser();
    office = await open('vanphong');
    const campaigns = await ok<CampaignSummary[]>(await office.request.get(`${product.url}/api/campaigns`));
    for (const c of campaigns) {
      campaignIds.set(c.code, c.id);
    }
    expect(campaigns.find((c) => c.code === publishedCode)?.phase).toBe('PUBLISHED');
    expect(campaigns.find((c) => c.code === appraisalCode)?.phase).toBe('APPRAISAL');
  });
  // On failure, what every open page showed at that moment (e2e/screenshots/reports-failure-*).
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') {
      return;
    }
    let i = 0;
    for (const c of contexts) {
      for (const page of c.pages()) {
        await shoot(page, `reports-failure-${i++}`, true).catch(() => {});
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
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      bypassCSP: true,
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    // An editor with unsaved text asks before the page is left (beforeunload): leave.
    page.on('dialog', (dialog) => void dialog.accept());
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
  const exportsUrl = (owner: string) => `${product.url}/api/${owner}/exports`;
  const campaignOwner = (code: string) => `campaigns/${idOf(code)}`;
  const listExports = async (page: Page, owner: string) =>
    (await ok<ExportList>(await page.request.get(exportsUrl(owner)))).items;

  async function openReports(page: Page, code: string): Promise<void> {
    await page.goto(`${product.url}/campaigns/${idOf(code)}/reports`);
    await page.getByTestId('reports-page').waitFor();
    await page.getByTestId('exports-table').waitFor();
    await page.getByTestId('report-draft').waitFor();
    await watchRows(page);
  }

  /**
   * Clicks a create button, finds the new job through the API, follows its row until DONE (a
   * failed job fails the test with its message) and checks that a progress bar was shown while it
   * was waiting or running — unless the row was first rendered already DONE.
   */
  async function createAndWait(page: Page, owner: string, testId: string): Promise<ExportView> {
    const before = new Set((await listExports(page, owner)).map((e) => e.id));
    await page.getByTestId(testId).click();
    let job: ExportView | undefined;
    await expect
      .poll(
        async () => {
          job = (await listExports(page, owner)).find((e) => !before.has(e.id));
          return job !== undefined;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const id = job!.id;
    const row = page.getByTestId(`export-row-${id}`);
    await row.waitFor();
    // Poll the row (the page polls the list every second while a job is active).
    const deadline = Date.now() + 90_000;
    for (;;) {
      const status = await row.getAttribute('data-status');
      if (status === 'DONE') {
        break;
      }
      if (status === 'FAILED') {
        throw new Error(`job ${id} failed: ${await page.getByTestId(`export-error-${id}`).textContent()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`job ${id} still ${status}`);
      }
      await page.waitForTimeout(250);
    }
    const seen = await rowWatch(page);
    expect(
      seen.progressSeen.includes(id) || seen.firstStatus[id] === 'DONE',
      `progress bar of ${id} (first rendered ${seen.firstStatus[id]})`,
    ).toBe(true);
    expect(await page.getByTestId(`export-status-${id}`).getAttribute('data-status')).toBe('DONE');
    await expect.poll(() => page.getByTestId(`export-progress-${id}`).count()).toBe(0);
    await page.getByTestId(`export-download-${id}`).waitFor();
    return ok<ExportView>(await page.request.get(`${product.url}/api/exports/${id}`));
  }

  /** Downloads a finished job through its link, as a user does (the browser's download). */
  async function download(page: Page, job: ExportView): Promise<Buffer> {
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId(`export-download-${job.id}`).click(),
    ]);
    expect(dl.suggestedFilename()).toBe(job.fileName);
    const file = await dl.path();
    const data = fs.readFileSync(file);
    expect(data.length).toBe(job.sizeBytes);
    return data;
  }

  it('creates the consolidated report (PDF) and the summary workbook from the campaign page, and downloads them', async () => {
    const campaignId = idOf(publishedCode);
    await office.goto(`${product.url}/campaigns/${campaignId}`);
    await office.getByTestId('campaign-open-reports').click();
    await office.getByTestId('reports-page').waitFor();
    expect(new URL(office.url()).pathname).toBe(`/campaigns/${campaignId}/reports`);
    await office.getByTestId('exports-table').waitFor();
    await watchRows(office);
    const owner = campaignOwner(publishedCode);

    const pdfJob = await createAndWait(office, owner, 'export-consolidated-report-pdf');
    expect(pdfJob).toMatchObject({ kind: 'consolidated-report', format: 'pdf', status: 'DONE' });
    const pdf = await download(office, pdfJob);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.length).toBeGreaterThan(10 * 1024);

    const xlsxJob = await createAndWait(office, owner, 'export-summary-workbook-xlsx');
    expect(xlsxJob).toMatchObject({ kind: 'summary-workbook', format: 'xlsx' });
    const xlsx = await download(office, xlsxJob);
    const results = await ok<ResultsView>(
      await office.request.get(`${product.url}/api/campaigns/${campaignId}/results`),
    );
    expect(results.rows.length).toBeGreaterThan(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Tổng hợp');
    expect(ws).toBeDefined();
    const sheetRows: [unknown, unknown, number][] = [];
    for (let r = 2; r <= ws!.actualRowCount; r++) {
      const row = ws!.getRow(r);
      sheetRows.push([
        row.getCell(1).value,
        row.getCell(4).value,
        Math.round(Number(row.getCell(9).value) * 100),
      ]);
    }
    expect(sheetRows).toEqual(results.rows.map((r) => [r.rank, r.unit.code, r.finalPoints]));

    // Both files stay listed, newest first.
    const ids = await office
      .locator('[data-testid^="export-row-"]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')!.replace('export-row-', '')));
    expect(ids).toEqual([xlsxJob.id, pdfJob.id]);
  });

  it('refuses the draft decision of a campaign the council has not approved, and stores no job', async () => {
    await openReports(office, appraisalCode);
    const owner = campaignOwner(appraisalCode);
    const before = (await listExports(office, owner)).length;
    const rowsBefore = await office.locator('[data-testid^="export-row-"]').count();
    await office.getByTestId('export-approval-decision-pdf').click();
    const refusal = office.getByTestId('export-approval-decision-refused');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Hội đồng thẩm định');
    // Under its own card.
    expect(
      await office
        .getByTestId('export-card-approval-decision')
        .getByTestId('export-approval-decision-refused')
        .count(),
    ).toBe(1);
    // The API says why, and nothing was stored.
    const csrf = await csrfOf(office, product.url);
    const res = await office.request.post(exportsUrl(owner), {
      headers: { 'X-CSRF-Token': csrf },
      data: { kind: 'approval-decision', format: 'docx' },
    });
    expect(res.status()).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('COUNCIL_NOT_APPROVED');
    expect(body.error.message).toContain('Hội đồng thẩm định');
    expect((await listExports(office, owner)).length).toBe(before);
    expect(await office.locator('[data-testid^="export-row-"]').count()).toBe(rowsBefore);
  });

  // The button waits for the answer, so a double click sends one request; two identical requests
  // at once (from two people, two tabs) are one job on the server: server/test/reports.test.ts.
  it('makes one job of a double click on a create button', async () => {
    await openReports(office, publishedCode);
    const owner = campaignOwner(publishedCode);
    const before = (await listExports(office, owner)).length;
    const rows = office.locator('[data-testid^="export-row-"]');
    expect(await rows.count()).toBe(before);
    const posts: Promise<unknown>[] = [];
    const onRequest = (req: { method(): string; url(): string; response(): Promise<unknown> }) => {
      if (req.method() === 'POST' && req.url().endsWith('/exports')) {
        posts.push(req.response());
      }
    };
    office.on('request', onRequest);
    await office.getByTestId('export-detail-workbook-xlsx').dblclick();
    await expect.poll(() => posts.length).toBeGreaterThan(0);
    await Promise.all(posts);
    office.off('request', onRequest);
    const after = await listExports(office, owner);
    expect(after.length).toBe(before + 1);
    expect(after[0]).toMatchObject({ kind: 'detail-workbook', format: 'xlsx' });
    await expect.poll(() => rows.count()).toBe(before + 1);
    // Let it finish (the list must not keep a running job for the next tests).
    await expect
      .poll(async () => office.getByTestId(`export-row-${after[0]!.id}`).getAttribute('data-status'), {
        timeout: 90_000,
      })
      .toBe('DONE');
  });

  it("keeps the Office's text of the report, and puts it in the generated DOCX", async () => {
    await openReports(office, publishedCode);
    const draft = office.getByTestId('report-draft-assessment');
    await draft.fill(marker);
    await office.getByTestId('report-draft-unsaved').waitFor();
    await office.getByTestId('report-draft-save').click();
    await expect
      .poll(() => office.getByTestId('report-draft-last-saved').textContent())
      .toContain(`bởi ${fullName('vanphong')}`);
    expect(await office.getByTestId('report-draft-unsaved').count()).toBe(0);

    await office.reload();
    await office.getByTestId('report-draft').waitFor();
    expect(await office.getByTestId('report-draft-assessment').inputValue()).toBe(marker);
    expect(await office.getByTestId('report-draft-last-saved').textContent()).toContain(`Lưu lần cuối`);
    expect(await office.getByTestId('report-draft-last-saved').textContent()).toContain(fullName('vanphong'));
    expect(await office.getByTestId('report-draft-read-only').count()).toBe(0);

    await watchRows(office);
    const job = await createAndWait(office, campaignOwner(publishedCode), 'export-consolidated-report-docx');
    const docx = await download(office, job);
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const text = (await unzip(docx))
      .get('word/document.xml')!
      .toString('utf8')
      .replace(/<[^>]+>/g, '')
      .normalize('NFC');
    expect(text).toContain(marker);
  });

  it('saves the document settings, and refuses a symbol with a space without saving anything', async () => {
    await office.goto(`${product.url}/campaigns/${idOf(publishedCode)}/reports`);
    await office.getByTestId('reports-page').waitFor();
    await office.getByTestId('nav-settings-documents').click();
    await office.getByTestId('document-settings-form').waitFor();
    expect(new URL(office.url()).pathname).toBe('/settings/documents');
    const settingsUrl = `${product.url}/api/document-settings`;
    const initial = await ok<DocumentSettingsView>(await office.request.get(settingsUrl));
    expect(initial.canEdit).toBe(true);

    const officeName = 'Văn phòng Thanh tra (kiểm thử e2e)';
    await office.getByTestId('document-settings-officeName').fill(officeName);
    await office.getByTestId('document-settings-unsaved').waitFor();
    await office.getByTestId('document-settings-save').click();
    await expect
      .poll(() =>
        office
          .getByTestId('document-settings-last-saved')
          .textContent()
          .catch(() => ''),
      )
      .toContain(`bởi ${fullName('vanphong')}`);
    expect(await office.getByTestId('document-settings-unsaved').count()).toBe(0);
    expect(await office.getByTestId('document-settings-defaults').count()).toBe(0);
    const saved = await ok<DocumentSettingsView>(await office.request.get(settingsUrl));
    expect(saved).toMatchObject({ officeName, saved: true, updatedByName: fullName('vanphong') });
    expect(saved.rowVersion).toBeGreaterThan(initial.rowVersion);
    await office.waitForLoadState('networkidle');
    const problems: string[] = (await seriousA11yViolations(office)).map((p) => `settings: ${p}`);
    await shoot(office, 'reports-settings-1440', true);

    // A symbol with a space: the field says why, nothing is sent, nothing changes.
    const puts: string[] = [];
    office.on('request', (req) => {
      if (req.method() === 'PUT' && req.url().endsWith('/api/document-settings')) {
        puts.push(req.url());
      }
    });
    await office.getByTestId('document-settings-reportSymbol').fill('BC VP');
    await office.getByTestId('document-settings-save').click();
    const fieldError = office
      .locator('.ant-form-item')
      .filter({ has: office.getByTestId('document-settings-reportSymbol') })
      .locator('.ant-form-item-explain-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain("Chỉ gồm chữ, chữ số, '.', '-' hoặc '/'");
    expect(await office.getByTestId('document-settings-reportSymbol').getAttribute('aria-invalid')).toBe(
      'true',
    );
    await office.waitForTimeout(500);
    expect(puts).toEqual([]);
    expect(await ok<DocumentSettingsView>(await office.request.get(settingsUrl))).toEqual(saved);
    // The server refuses it too, one message for the field.
    const csrf = await csrfOf(office, product.url);
    const { saved: _s, updatedAt: _u, updatedByName: _n, canEdit: _c, ...input } = saved;
    const res = await office.request.put(settingsUrl, {
      headers: { 'X-CSRF-Token': csrf },
      data: { ...input, reportSymbol: 'BC VP' },
    });
    expect(res.status()).toBe(400);
    const refused = (await res.json()) as { error: { code: string; fields?: Record<string, string> } };
    expect(refused.error.code).toBe('VALIDATION_ERROR');
    expect(Object.keys(refused.error.fields ?? {})).toEqual(['reportSymbol']);
    expect(await ok<DocumentSettingsView>(await office.request.get(settingsUrl))).toEqual(saved);
    await shoot(office, 'reports-settings-error-1440');
    problems.push(...(await seriousA11yViolations(office)).map((p) => `settings with an error: ${p}`));
    expect(problems).toEqual([]);
  });

  it("keeps a unit out of the campaign's reports, and gives it its own self-assessment report", async () => {
    const focal = await open('daumoi.vpc');
    const campaignId = idOf(publishedCode);
    await focal.goto(`${product.url}/campaigns/${campaignId}/reports`);
    await focal.getByTestId('forbidden').waitFor();
    expect(await focal.getByTestId('forbidden').textContent()).toContain('403');
    expect(await focal.getByTestId('reports-page').count()).toBe(0);
    expect((await focal.request.get(exportsUrl(`campaigns/${campaignId}`))).status()).toBe(403);

    const campaigns = await ok<CampaignSummary[]>(await focal.request.get(`${product.url}/api/campaigns`));
    const scorecardId = campaigns.find((c) => c.code === publishedCode)?.myScorecardId;
    expect(scorecardId).toBeTruthy();
    await focal.goto(`${product.url}/scorecards/${scorecardId}`);
    await focal.getByTestId('scorecard-report-exports').waitFor();
    await watchRows(focal);
    const job = await createAndWait(focal, `scorecards/${scorecardId}`, 'export-self-assessment-report-pdf');
    expect(job).toMatchObject({ kind: 'self-assessment-report', format: 'pdf', scorecardId });
    const pdf = await download(focal, job);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    await focal.evaluate(() => window.scrollTo(0, 0));
    await focal.getByTestId('scorecard-report-exports').screenshot({
      path: path.join(SCREENSHOT_DIR, 'reports-scorecard-card.png'),
      animations: 'disabled',
    });
  });

  it('has no serious accessibility violations on the reports page, at 1440 and 390 px', async () => {
    // Last year's campaign: a finished file and the decision's refusal on screen together.
    await openReports(office, appraisalCode);
    const job = await createAndWait(office, campaignOwner(appraisalCode), 'export-summary-workbook-xlsx');
    await office.getByTestId('export-approval-decision-pdf').click();
    await office.getByTestId('export-approval-decision-refused').waitFor();
    await office.waitForLoadState('networkidle');
    await office.getByTestId(`export-download-${job.id}`).waitFor();
    // (Waits until the toasts are gone, then the screenshot shows the page alone.)
    const problems = (await seriousA11yViolations(office)).map((p) => `reports (${appraisalCode}): ${p}`);
    await shoot(office, 'reports-page-1440', true);

    // The published campaign: several finished files and the edited text.
    await openReports(office, publishedCode);
    await office.waitForLoadState('networkidle');
    problems.push(...(await seriousA11yViolations(office)).map((p) => `reports (${publishedCode}): ${p}`));
    await shoot(office, 'reports-page-published-1440', true);

    await office.setViewportSize({ width: 390, height: 844 });
    try {
      await office.getByTestId('exports-table').waitFor();
      await office.waitForTimeout(300);
      await shoot(office, 'reports-page-390', true);
      // The list of files as a phone shows it (the viewport only).
      await office.getByTestId('reports-files').scrollIntoViewIfNeeded();
      await shoot(office, 'reports-page-390-files');
    } finally {
      await office.setViewportSize({ width: 1440, height: 900 });
    }
    expect(problems).toEqual([]);
  });
});
