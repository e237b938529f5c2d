import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, SCREENSHOT_DIR, seriousA11yViolations, signIn, startProduct } from './support';

type Product = Awaited<ReturnType<typeof startProduct>>;

/** A small but real PDF (the server checks the content, not the name). */
function pdfBytes(text: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

const WIDTHS = [1440, 1024] as const;

async function shoot(page: Page, name: string): Promise<void> {
  // Let the success toasts go (they are transient and would cover the page).
  await page
    .waitForFunction(() => !document.querySelector('.ant-message-notice'), undefined, { timeout: 10_000 })
    .catch(() => {});
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `campaign-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Waits until no antd select/picker popup or modal animation is left (axe audits the page, not a popup). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

/**
 * Answers the leaf shown in the panel through the UI input of its method, with values that give
 * points. Returns the method's input kind (for the test's own bookkeeping).
 */
async function answerShownLeaf(page: Page): Promise<string> {
  const panel = page.getByTestId('sa-leaf-panel');
  const has = async (testId: string) => (await panel.getByTestId(testId).count()) > 0;
  if (await has('sa-input-boolean')) {
    await panel.getByTestId('sa-input-boolean').getByText('Có', { exact: true }).click();
    return 'BOOLEAN';
  }
  if (await has('sa-input-level')) {
    await panel.getByTestId('sa-input-level').locator('label').first().click();
    return 'LEVEL_SELECT';
  }
  if (await has('sa-input-deadline')) {
    await panel.getByTestId('sa-input-deadline').getByText('Đúng thời hạn', { exact: false }).click();
    return 'DEADLINE';
  }
  if (await has('sa-input-percent')) {
    await panel.getByTestId('sa-input-percent').fill('92,5');
    return 'PERCENT';
  }
  if (await has('sa-input-ontime')) {
    await panel.getByTestId('sa-input-ontime').fill('3');
    await panel.getByTestId('sa-input-late').fill('1');
    return 'COUNT_COMPLIANCE';
  }
  if (await has('sa-input-count')) {
    await panel.getByTestId('sa-input-count').fill('1');
    return 'COUNT_CAPPED';
  }
  if (await has('sa-input-target')) {
    await panel.getByTestId('sa-input-target').fill('10');
    await panel.getByTestId('sa-input-actual').fill('9');
    return 'TARGET_ACTUAL';
  }
  if (await has('sa-input-manual-points')) {
    await panel.getByTestId('sa-input-manual-points').fill('8,5');
    await panel.getByTestId('sa-input-manual-comment').fill('Hoàn thành tốt nhiệm vụ tham mưu (e2e).');
    return 'MANUAL';
  }
  if (await has('sa-input-counts-0')) {
    await panel.getByTestId('sa-input-counts-0').fill('1');
    return 'COUNTS';
  }
  throw new Error(`no known input for leaf ${await panel.getAttribute('data-leaf')}`);
}

describe.skipIf(!inject('chromium'))(
  'browser: campaign — set-up, self-assessment, submission, monitoring',
  () => {
    let product: Product;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const password = (username: string) => product.seed.users.find((u) => u.username === username)!.password;

    beforeAll(async () => {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      product = await startProduct();
      browser = await launchBrowser();
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

    it('runs one campaign from set-up to a submitted scorecard on the dashboard', {
      timeout: 420_000,
    }, async () => {
      const year = new Date().getFullYear();
      const code = `E2E-${year}`;

      // 1. The Office creates a campaign on the published demo index set, for all units.
      const office = await open('vanphong');
      await office.getByTestId('nav-campaigns').click();
      await office.getByTestId('campaigns-table').waitFor();
      await office.getByTestId('campaign-create').click();
      const form = office.getByTestId('campaign-create-form');
      await form.getByLabel('Mã kỳ đánh giá').fill(code);
      await form.getByLabel('Tên kỳ đánh giá').fill(`Kỳ đánh giá thử nghiệm ${year} (e2e)`);
      await expect
        .poll(() => form.getByTestId('campaign-create-index-set').textContent())
        .toContain('TTCP-CCHC-2024-DEMO');
      await office.getByTestId('campaign-create-form-submit').click();
      await office.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
      const campaignId = new URL(office.url()).pathname.split('/').pop()!;
      await expect.poll(() => office.getByTestId('campaign-phase').getAttribute('data-phase')).toBe('SETUP');

      // 2. Guidance: text and a file, then issue it and open self-assessment.
      await office.getByTestId('campaign-tab-guidance').click();
      await office
        .getByTestId('campaign-guidance-text')
        .fill(
          'Các đơn vị tự chấm từng tiêu chí; tiêu chí có điểm phải kèm tài liệu kiểm chứng hoặc giải thích.',
        );
      await office.getByTestId('campaign-guidance-save').click();
      await expect.poll(() => office.textContent('body')).toContain('Đã lưu hướng dẫn chấm điểm.');
      await office.getByTestId('campaign-file-title').fill('Công văn hướng dẫn chấm điểm');
      await office
        .locator('input[type=file]')
        .first()
        .setInputFiles({ name: 'huong-dan.pdf', mimeType: 'application/pdf', buffer: pdfBytes('huong dan') });
      await office.getByTestId('campaign-file-upload').click();
      await office.getByTestId('campaign-file-huong-dan.pdf').waitFor();

      await office.getByTestId('campaign-tab-overview').click();
      for (const action of ['issueGuidance', 'openSelfAssessment'] as const) {
        await office.getByTestId(`campaign-transition-${action}`).click();
        await office.getByTestId('campaign-transition-confirm').click();
        await office.getByTestId(`campaign-transition-${action}`).waitFor({ state: 'detached' });
      }
      await expect
        .poll(() => office.getByTestId('campaign-phase').getAttribute('data-phase'))
        .toBe('SELF_ASSESSMENT');
      await settle(office);
      await shoot(office, 'detail');
      const detailProblems = await seriousA11yViolations(office);

      // The Office's home page: the open campaign with its deadline, and the way to monitoring.
      await office.goto(`${product.url}/`);
      await office.getByTestId(`home-campaign-${code}`).waitFor();
      await office.getByTestId('home-monitoring-link').waitFor();
      await settle(office);
      await shoot(office, 'home-office');

      // 3. The focal officer of Vụ Pháp chế answers every applicable criterion through the UI.
      const focal = await open('daumoi.vpc');
      // Home: "Việc cần làm" leads to the unit's own scorecard, with its status.
      await focal.getByTestId(`home-my-scorecard-${code}`).waitFor();
      await expect
        .poll(() => focal.getByTestId(`home-my-scorecard-status-${code}`).getAttribute('data-status'))
        .toBe('DRAFT');
      await settle(focal);
      await shoot(focal, 'home-focal');
      await focal.getByTestId('nav-campaigns').click();
      await focal.getByTestId(`campaign-my-scorecard-${code}`).click();
      await focal.waitForURL(/\/scorecards\/[0-9a-f-]{36}/);
      const scorecardId = new URL(focal.url()).pathname.split('/').pop()!;
      await focal.getByTestId('sa-tree').waitFor();
      await expect.poll(() => focal.getByTestId('sa-progress-answered').textContent()).toBe('0/23 tiêu chí');

      const tree = focal.getByTestId('sa-tree');
      const criteria = await tree
        .locator('[data-testid^="sa-leaf-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('sa-leaf-'.length)));
      // Bonus (T…) and penalty (P…) items are optional: answer the criteria.
      const leafCodes = criteria.filter((c) => !/^[TP]\d/.test(c));
      expect(leafCodes).toHaveLength(23);
      const methods = new Set<string>();
      for (const [i, leafCode] of leafCodes.entries()) {
        await tree.getByTestId(`sa-leaf-${leafCode}`).click();
        await expect.poll(() => focal.getByTestId('sa-leaf-panel').getAttribute('data-leaf')).toBe(leafCode);
        if (leafCode === '6.1') {
          // One "not applicable" claim with its reason.
          await focal.getByTestId('sa-na').click();
          await focal
            .getByTestId('sa-na-reason')
            .fill('Đơn vị không có nhiệm vụ quản lý tài chính riêng (e2e).');
          methods.add('NA');
          continue;
        }
        methods.add(await answerShownLeaf(focal));
        // The engine's points appear at once, before the save.
        await expect.poll(() => focal.getByTestId('sa-points-live').textContent()).toMatch(/\d,\d\d điểm/);
        if (i === 0) {
          // Evidence on the first leaf: a PDF dropped on the zone, with its title and document date.
          await focal
            .getByTestId('sa-evidence-drop')
            .locator('input[type=file]')
            .setInputFiles({
              name: 'ke-hoach-cchc.pdf',
              mimeType: 'application/pdf',
              buffer: pdfBytes('ke hoach'),
            });
          await focal
            .getByTestId('sa-evidence-pending')
            .getByLabel(/Tên tài liệu/)
            .fill('Kế hoạch CCHC năm của Vụ');
          await focal.getByTestId('sa-evidence-upload').click();
          await expect.poll(() => focal.getByTestId('sa-evidence').locator('li').count()).toBe(1);
          await expect(focal.getByTestId('sa-evidence').textContent()).resolves.toContain('SHA-256');
          continue;
        }
        const reason = focal.getByTestId('sa-no-evidence-reason');
        if ((await reason.count()) > 0) {
          await reason.fill('Tài liệu kiểm chứng lưu bản giấy tại Vụ, sẽ xuất trình khi thẩm định (e2e).');
        }
      }
      expect([...methods].sort()).toEqual(
        [
          'BOOLEAN',
          'COUNTS',
          'COUNT_CAPPED',
          'COUNT_COMPLIANCE',
          'DEADLINE',
          'LEVEL_SELECT',
          'MANUAL',
          'NA',
          'PERCENT',
        ].sort(),
      );
      await expect
        .poll(() => focal.getByTestId('sa-save-status').textContent(), { timeout: 20_000 })
        .toMatch(/Đã lưu lúc \d\d:\d\d/);
      await expect.poll(() => focal.getByTestId('sa-progress-answered').textContent()).toBe('23/23 tiêu chí');
      // What the page shows is what the server stored.
      const stored = await (await focal.request.get(`${product.url}/api/scorecards/${scorecardId}`)).json();
      expect(stored.progress.answered).toBe(23);
      expect(stored.evidence).toHaveLength(1);
      await tree.getByTestId(`sa-leaf-${leafCodes[0]}`).click();
      await settle(focal);
      await shoot(focal, 'self-assessment');
      const selfProblems = await seriousA11yViolations(focal);

      // 4. An edit conflict: the head's page holds an old version of 1.3 while the officer changes it.
      const head = await open('thutruong.vpc');
      await head.goto(`${product.url}/scorecards/${scorecardId}?leaf=1.3`);
      await head.getByTestId('sa-leaf-panel').waitFor();
      await focal.getByTestId('sa-leaf-1.3').click();
      await focal.getByTestId('sa-input-boolean').getByText('Không', { exact: true }).click();
      const answer13 = async (page: Page) => {
        const view = await (await page.request.get(`${product.url}/api/scorecards/${scorecardId}`)).json();
        return view.answers.find((a: { leafCode: string }) => a.leafCode === '1.3');
      };
      await expect
        .poll(async () => (await answer13(focal))?.value, { timeout: 10_000 })
        .toEqual({ value: false });
      await head.getByTestId('sa-note').fill('Thủ trưởng đã rà soát tiêu chí này.');
      await head.getByTestId('sa-conflict').waitFor({ timeout: 10_000 });
      await expect(head.getByTestId('sa-conflict').textContent()).resolves.toContain('Trần Văn Tuấn');
      // "Overwrite with mine": the head's whole answer as the head saw and edited it ("Có" + the note).
      await head.getByTestId('sa-conflict-mine').click();
      await expect
        .poll(async () => (await answer13(head))?.note, { timeout: 10_000 })
        .toBe('Thủ trưởng đã rà soát tiêu chí này.');
      expect(await answer13(head)).toMatchObject({ value: { value: true }, updatedByName: 'Lê Minh Đức' });
      await head.getByTestId('sa-conflict').waitFor({ state: 'detached' });

      // 5. The unit head checks and submits, with the signed report.
      await head.getByTestId('sa-submit-open').click();
      await head.getByTestId('sa-check-ok').waitFor({ timeout: 15_000 });
      await expect(head.getByTestId('sa-check-summary').textContent()).resolves.toContain('23/23');
      await settle(head);
      await shoot(head, 'submission');
      const submissionProblems = await seriousA11yViolations(head);
      await head.getByTestId('sa-submit-next').click();
      // The signed report is required: no way on without it.
      await head.getByTestId('sa-report-required').waitFor();
      expect(await head.getByTestId('sa-submit-next').isDisabled()).toBe(true);
      await head
        .getByTestId('sa-report-drop')
        .locator('input[type=file]')
        .setInputFiles({
          name: 'bao-cao-da-ky.pdf',
          mimeType: 'application/pdf',
          buffer: pdfBytes('bao cao'),
        });
      await expect.poll(() => head.textContent('body')).toContain('Đã tải lên báo cáo đã ký.');
      await head.getByTestId('sa-submit-next').click();
      await expect(head.getByTestId('sa-confirm-report').textContent()).resolves.toContain(
        'bao-cao-da-ky.pdf',
      );
      await head.getByLabel(/Ghi chú gửi Văn phòng/).fill('Đơn vị đã rà soát đầy đủ (e2e).');
      await head.getByTestId('sa-submit-agree').click();
      await head.getByTestId('sa-submit-confirm').click();
      await expect.poll(() => head.getByTestId('sa-status').getAttribute('data-status')).toBe('SUBMITTED');
      // Who submitted and when, the note and the signed report are on the page.
      const banner = head.getByTestId('sa-submitted-banner');
      await banner.waitFor();
      await expect(banner.textContent()).resolves.toMatch(/Đã nộp lúc \d\d\/\d\d\/\d{4} \d\d:\d\d bởi /);
      await expect(banner.textContent()).resolves.toContain('Đơn vị đã rà soát đầy đủ (e2e).');
      await expect(head.getByTestId('sa-submitted-report').textContent()).resolves.toContain(
        'bao-cao-da-ky.pdf',
      );
      await head.getByTestId('sa-answer-readonly').waitFor();
      await settle(head);
      await shoot(head, 'submitted');

      // 6. The Office's dashboard shows the unit as submitted.
      await office.getByTestId('nav-monitoring').click();
      await office.getByTestId('monitoring-campaign').waitFor();
      await office.goto(`${product.url}/monitoring?campaign=${campaignId}`);
      await office.getByTestId('monitoring-table').waitFor();
      await expect
        .poll(() => office.getByTestId('monitoring-status-VPC').getAttribute('data-state'))
        .toBe('submitted');
      await expect(office.getByTestId('monitoring-total-submitted').textContent()).resolves.toContain('1');
      await settle(office);
      await shoot(office, 'monitoring');
      const monitoringProblems = await seriousA11yViolations(office);

      // The server searches (without accents), sorts and pages the rows; the state is in the URL.
      const rowsShown = () => office.locator('[data-testid^="monitoring-row-"]').count();
      const allRows = await rowsShown();
      expect(allRows).toBeGreaterThan(1);
      await office.getByLabel('Tìm đơn vị').fill('vu phap che');
      await expect.poll(() => new URL(office.url()).searchParams.get('q')).toBe('vu phap che');
      await expect.poll(rowsShown).toBe(1);
      await office.getByTestId('monitoring-row-VPC').waitFor();
      // The totals stay those of every unit.
      await expect(office.getByTestId('monitoring-total-units').textContent()).resolves.toContain(
        String(allRows),
      );
      await office.getByRole('columnheader', { name: /Tài liệu/ }).click();
      await expect.poll(() => new URL(office.url()).searchParams.get('sort')).toBe('evidence');
      await office.getByLabel('Tìm đơn vị').fill('');
      await expect.poll(() => new URL(office.url()).searchParams.get('q')).toBeNull();
      await expect.poll(rowsShown).toBe(allRows);

      // A click on the row opens the unit's scorecard, read-only for the Office.
      await office.getByTestId('monitoring-row-VPC').click();
      await office.getByTestId('sa-leaf-panel').waitFor();
      await expect.poll(() => office.getByTestId('sa-status').getAttribute('data-status')).toBe('SUBMITTED');
      expect(await office.getByTestId('sa-evidence-drop').count()).toBe(0);
      await expect(office.getByTestId('sa-submitted-report').textContent()).resolves.toContain(
        'bao-cao-da-ky.pdf',
      );
      await office.getByTestId('sa-answer-readonly').waitFor();

      // Before the deadline the Office may return it with a reason, and give the unit more time.
      await office.getByTestId('sa-return').click();
      await office
        .getByLabel(/Lý do trả lại/)
        .fill('Đề nghị bổ sung tài liệu kiểm chứng cho tiêu chí 1.2 (e2e).');
      await office.getByRole('button', { name: 'Trả lại', exact: true }).last().click();
      await expect.poll(() => office.getByTestId('sa-status').getAttribute('data-status')).toBe('RETURNED');
      await office.getByTestId('sa-extend').click();
      const extendUntil = `${year}-12-20`;
      await office.getByLabel('Gia hạn đến hết ngày').fill(`20/12/${year}`);
      await office.getByLabel('Gia hạn đến hết ngày').press('Enter');
      await office.getByLabel(/Lý do gia hạn/).fill('Đơn vị có văn bản đề nghị gia hạn (e2e).');
      await office.getByRole('button', { name: 'Gia hạn', exact: true }).last().click();
      await expect.poll(() => office.getByTestId('sa-deadline').textContent()).toContain(`20/12/${year}`);
      const returned = await (await focal.request.get(`${product.url}/api/scorecards/${scorecardId}`)).json();
      expect(returned).toMatchObject({ status: 'RETURNED', dueDate: extendUntil, editable: true });
      await focal.reload();
      await expect.poll(() => focal.textContent('body')).toContain('Đề nghị bổ sung tài liệu kiểm chứng');

      expect({ detailProblems, selfProblems, submissionProblems, monitoringProblems }).toEqual({
        detailProblems: [],
        selfProblems: [],
        submissionProblems: [],
        monitoringProblems: [],
      });
    });
  },
);
