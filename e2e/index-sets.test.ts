import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, SCREENSHOT_DIR, seriousA11yViolations, signIn, startProduct } from './support';

type Product = Awaited<ReturnType<typeof startProduct>>;
const DEMO_FILE = path.resolve(import.meta.dirname, '..', 'domain', 'data', 'demo-index-set.json');

describe.skipIf(!inject('chromium'))('browser: index set — import, edit a leaf, preview', () => {
  let product: Product;
  let browser: Browser;
  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  async function pickGroup(page: Page, label: string) {
    await page.getByTestId('index-set-preview-group').click();
    await page.locator('.ant-select-item-option', { hasText: label }).click();
    // Audit the page, not the closing popup: antd's hidden listbox has no accessible name while it animates out.
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await page.waitForFunction(
      () => !document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)'),
    );
  }

  it('imports the demo set as a new draft, saves an edited leaf, and previews it per unit group', async () => {
    const password = product.seed.users.find((u) => u.username === 'vanphong')!.password;
    // bypassCSP only so that axe can be injected into the pages.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, product.url, 'vanphong', password);
    await page.getByTestId('nav-index-sets').click();
    await page.getByTestId('index-sets-table').waitFor();
    const listProblems = await seriousA11yViolations(page);

    await page.getByTestId('index-set-import').setInputFiles(DEMO_FILE);
    await page.waitForURL(/\/index-sets\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('index-set-tree').waitFor();

    // Edit leaf 1.3 and save.
    await page.getByTestId('tree-item-1.3').click();
    const leafForm = page.getByTestId('index-set-leaf-form');
    await leafForm.getByLabel('Tên').fill('Tuyên truyền CCHC trong đơn vị (đã sửa trong e2e)');
    await page.getByTestId('index-set-save').click();
    await expect.poll(() => page.textContent('body')).toContain('Đã lưu bộ chỉ số.');
    const saved = await page.request.get(`${product.url}/api/index-sets/${id}`);
    const detail = await saved.json();
    expect(detail).toMatchObject({ version: 2, status: 'DRAFT' });
    expect(JSON.stringify(detail.document)).toContain('Tuyên truyền CCHC trong đơn vị (đã sửa trong e2e)');
    const editorProblems = await seriousA11yViolations(page);

    // Preview: field 3 exists only for NGHIEP_VU; the maximum follows the group.
    await page.getByTestId('index-set-tab-preview').click();
    await page.getByTestId('index-set-preview').waitFor();
    await pickGroup(page, 'NGHIEP_VU');
    await expect.poll(() => page.getByTestId('preview-leaf-3.1').count()).toBe(1);
    const maxNv = await page.getByTestId('index-set-preview-max').textContent();
    await pickGroup(page, 'THAM_MUU');
    await expect.poll(() => page.getByTestId('preview-leaf-3.1').count()).toBe(0);
    const maxTm = await page.getByTestId('index-set-preview-max').textContent();
    // Hand-computed unit maxima of the demo set (domain/src/scoring/engine.test.ts shows the sums).
    expect(maxNv).toBe('92,00 điểm');
    expect(maxTm).toBe('86,00 điểm');

    // Live points as the focal officer would see them.
    const leaf = page.getByTestId('preview-leaf-1.3');
    await expect(leaf.textContent()).resolves.toContain('đã sửa trong e2e');
    await leaf.getByText('Có', { exact: true }).click();
    await expect.poll(() => page.getByTestId('preview-points-1.3').textContent()).toContain('2');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'index-set-preview.png'), fullPage: false });
    const previewProblems = await seriousA11yViolations(page);
    await context.close();

    expect({ listProblems, editorProblems, previewProblems }).toEqual({
      listProblems: [],
      editorProblems: [],
      previewProblems: [],
    });
  });
});
