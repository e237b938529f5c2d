import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  csrfOf,
  launchBrowser,
  revokeSession,
  SCREENSHOT_DIR,
  seriousA11yViolations,
  signIn,
  startProduct,
} from './support';

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

  const passwordOf = (username: string) => product.seed.users.find((u) => u.username === username)!.password;

  /** Imports the demo set through the API as the page's user: a new DRAFT version. */
  async function importDemo(page: Page): Promise<{ id: string; version: number }> {
    const res = await page.request.post(`${product.url}/api/index-sets/import`, {
      headers: { 'X-CSRF-Token': await csrfOf(page, product.url) },
      multipart: {
        file: { name: 'demo.json', mimeType: 'application/json', buffer: fs.readFileSync(DEMO_FILE) },
      },
    });
    expect(res.status()).toBe(201);
    return (await res.json()) as { id: string; version: number };
  }

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
    // Saved: publishing and copying are offered again. Let their enable transition (antd, 0.2 s)
    // finish, or axe measures the half-faded text of a button that was disabled a moment ago.
    await expect.poll(() => page.getByTestId('index-set-publish').isEnabled()).toBe(true);
    await page.waitForTimeout(500);
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

  it('keeps an unsaved edit when the session expires at save: signs in again in place and saves', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    await signIn(page, product.url, 'vanphong', passwordOf('vanphong'));
    const { id } = await importDemo(page);
    await page.goto(`${product.url}/index-sets/${id}`);
    await page.getByTestId('index-set-tree').waitFor();
    // Two columns at 1024 px: the item form sits next to the tree, not below it.
    expect(await page.getByTestId('index-set-tree-layout').getAttribute('data-columns')).toBe('2');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);

    await page.getByTestId('tree-item-1.3').click();
    const edited = 'Tuyên truyền CCHC (sửa khi phiên đã hết hạn)';
    await page.getByTestId('index-set-leaf-form').getByLabel('Tên').fill(edited);
    await page.getByTestId('index-set-dirty').waitFor();

    // The session ends elsewhere; the next save gets 401.
    await revokeSession(context, product.url);
    await page.getByTestId('index-set-save').click();
    const dialog = page.getByTestId('relogin-form');
    await dialog.waitFor();
    await expect.poll(() => page.textContent('body')).toContain('Phiên đăng nhập đã hết hạn');
    // Nothing was lost: same page, the edit still in the form, still marked unsaved, a copy kept.
    expect(new URL(page.url()).pathname).toBe(`/index-sets/${id}`);
    expect(await page.getByTestId('index-set-leaf-form').getByLabel('Tên').inputValue()).toBe(edited);
    expect(await page.getByTestId('index-set-dirty').count()).toBe(1);
    const kept = await page.evaluate((key) => sessionStorage.getItem(key), `cchc.indexSetDraft.${id}`);
    expect(kept).toContain(edited);
    const before = await (await page.request.get(`${product.url}/api/index-sets/${id}`)).status();
    expect(before).toBe(401);
    await page.getByTestId('relogin-password').waitFor();
    await page.waitForTimeout(400); // the dialog's opening animation
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'index-set-relogin.png') });

    // A wrong password keeps the dialog open with the generic message.
    await page.getByTestId('relogin-password').fill('sai-mat-khau-1');
    await page.getByTestId('relogin-submit').click();
    await expect.poll(() => page.getByTestId('relogin-error').textContent()).toContain('không đúng');
    // The right one: signed in again on the page, and the interrupted save goes through.
    await page.getByTestId('relogin-password').fill(passwordOf('vanphong'));
    await page.getByTestId('relogin-submit').click();
    await expect.poll(() => page.textContent('body')).toContain('Đã lưu bộ chỉ số.');
    await expect.poll(() => page.getByTestId('index-set-dirty').count()).toBe(0);
    expect(await dialog.count()).toBe(0);
    const detail = await (await page.request.get(`${product.url}/api/index-sets/${id}`)).json();
    expect(JSON.stringify(detail.document)).toContain(edited);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), `cchc.indexSetDraft.${id}`)).toBeNull();

    // Tier editor: "Thêm dòng" adds a tier in the widest gap (not a second 0 %), kept in order.
    await page.getByTestId('tree-item-1.1.2').click();
    const tiers = page.getByTestId('method-tiers');
    const thresholds = () =>
      tiers
        .getByRole('spinbutton', { name: /^Từ tỷ lệ/ })
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(await thresholds()).toEqual(['100', '80', '0']);
    await page.getByTestId('method-tiers-add').click();
    expect(await thresholds()).toEqual(['100', '80', '40', '0']);
    // A duplicate threshold is flagged; leaving the field sorts the tiers.
    await tiers.getByRole('spinbutton', { name: 'Từ tỷ lệ (%) 3' }).fill('80');
    await expect.poll(() => page.getByTestId('method-tiers-duplicates').count()).toBe(1);
    await tiers.getByRole('spinbutton', { name: 'Từ tỷ lệ (%) 3' }).fill('90');
    await tiers.getByRole('spinbutton', { name: 'Từ tỷ lệ (%) 3' }).blur();
    await expect.poll(thresholds).toEqual(['100', '90', '80', '0']);
    expect(await page.getByTestId('method-tiers-duplicates').count()).toBe(0);
    await context.close();
  });

  it('marks the newest published version of a code "Hiện hành" and older ones "Cũ"; viewers read plain text', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page, product.url, 'vanphong', passwordOf('vanphong'));
    const list = async () =>
      (await (await page.request.get(`${product.url}/api/index-sets`)).json()) as {
        id: string;
        code: string;
        version: number;
        status: string;
      }[];
    // Publish one more version, so that two published versions of the same code exist.
    const { id: newest, version } = await importDemo(page);
    const publish = await page.request.post(`${product.url}/api/index-sets/${newest}/publish`, {
      headers: { 'X-CSRF-Token': await csrfOf(page, product.url) },
      data: {},
    });
    expect(publish.status()).toBe(200);
    const sets = await list();
    const published = sets.filter((s) => s.status === 'PUBLISHED');
    expect(published.length).toBeGreaterThanOrEqual(2);
    const code = sets.find((s) => s.id === newest)!.code;

    await page.goto(`${product.url}/index-sets`);
    await page.getByTestId('index-sets-table').waitFor();
    const standing = (v: number) =>
      page.getByTestId(`index-set-standing-${code}-v${v}`).getAttribute('data-standing');
    await expect.poll(() => standing(version)).toBe('current');
    for (const older of published.filter((s) => s.code === code && s.version < version)) {
      expect(await standing(older.version)).toBe('superseded');
    }
    expect(await page.getByTestId(`index-set-row-${code}-v${version}`).textContent()).toContain('Hiện hành');
    // Drafts get no marker.
    for (const draft of sets.filter((s) => s.code === code && s.status === 'DRAFT')) {
      expect(await page.getByTestId(`index-set-standing-${code}-v${draft.version}`).count()).toBe(0);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440);
    await page.waitForLoadState('networkidle');
    await page.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'index-sets-list.png'), fullPage: true });
    await context.close();

    // A viewer opens an older published version: plain text, "Cũ", no "new version" hint.
    const viewerContext = await browser.newContext({
      viewport: { width: 1024, height: 800 },
      bypassCSP: true,
    });
    const viewer = await viewerContext.newPage();
    await signIn(viewer, product.url, 'xem', passwordOf('xem'));
    const older = published.find((s) => s.code === code && s.version < version)!;
    await viewer.goto(`${product.url}/index-sets/${older.id}`);
    await viewer.getByTestId('index-set-tree').waitFor();
    await expect.poll(() => viewer.getByTestId('index-set-standing').textContent()).toContain('Cũ');
    expect(await viewer.getByTestId('index-set-frozen').textContent()).not.toContain('Tạo phiên bản mới');
    await viewer.getByTestId('tree-item-1.3').click();
    await viewer.getByTestId('index-set-leaf-view').waitFor();
    expect(await viewer.getByTestId('index-set-leaf-form').count()).toBe(0);
    expect(await viewer.locator('input:disabled, textarea:disabled').count()).toBe(0);
    expect(await viewer.getByTestId('index-set-leaf-view').textContent()).toContain('Điểm tối đa');
    const viewerProblems = await seriousA11yViolations(viewer);
    await viewer.screenshot({ path: path.join(SCREENSHOT_DIR, 'index-set-viewer.png') });
    await viewerContext.close();
    expect(viewerProblems).toEqual([]);
  });
});
