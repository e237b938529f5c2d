import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '@cchc/domain/access/roles';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, SCREENSHOT_DIR, seriousA11yViolations, signIn, startProduct } from './support';

type Product = Awaited<ReturnType<typeof startProduct>>;

/**
 * What each role must see in the navigation — the specification, written out rather than
 * derived from the policy code it checks.
 */
const EXPECTED_NAV: Record<Role, string[]> = {
  SYSTEM_ADMIN: [
    'admin-audit',
    'admin-unit-groups',
    'admin-units',
    'admin-users',
    'campaigns',
    'home',
    'index-sets',
    'monitoring',
    'settings-documents',
  ],
  OFFICE_STAFF: [
    'admin-audit',
    'campaigns',
    'home',
    'index-sets',
    'monitoring',
    'settings-documents',
    'units',
    'users',
  ],
  UNIT_FOCAL: ['campaigns', 'home', 'index-sets', 'units', 'users'],
  UNIT_HEAD: ['campaigns', 'home', 'index-sets', 'units', 'users'],
  WORKING_GROUP: ['campaigns', 'home', 'index-sets', 'units'],
  COUNCIL_MEMBER: ['campaigns', 'home', 'index-sets', 'units'],
  LEADERSHIP: ['campaigns', 'home', 'index-sets', 'monitoring', 'units', 'users'],
  VIEWER: ['campaigns', 'home', 'index-sets', 'units'],
};

describe.skipIf(!inject('chromium'))('browser: sign-in, navigation per role, accessibility', () => {
  let product: Product;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    product = await startProduct();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  const password = (username: string) => {
    const u = product.seed.users.find((x) => x.username === username);
    if (!u) {
      throw new Error(`no demo user ${username}`);
    }
    return u.password;
  };

  it('shows a clear error for a wrong password and stays on the sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${product.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau-1');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('lets every demo user sign in and see only their menus', async () => {
    for (const user of product.seed.users) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
      const page = await context.newPage();
      await signIn(page, product.url, user.username, user.password);
      const nav = await page
        .locator('[data-testid^="nav-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace(/^nav-/, '')));
      expect([...new Set(nav)].sort(), user.username).toEqual(EXPECTED_NAV[user.role]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `home-${user.username}.png`) });
      await context.close();
    }
  });

  it('keeps a unit focal officer out of the admin pages', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, product.url, 'daumoi.vpc', password('daumoi.vpc'));
    await page.goto(`${product.url}/admin/users`);
    await expect.poll(() => page.textContent('body')).toContain('403');
    await context.close();
  });

  it('lets a keyboard user skip the header and menu to the page content', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, product.url, 'daumoi.vpc', password('daumoi.vpc'));
    await page.goto(`${product.url}/`);
    await page.getByTestId('nav-home').waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Bỏ qua, tới nội dung chính' });
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    // Visible once focused (it sits off-screen otherwise).
    expect((await skip.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/skip-link.png` });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await context.close();
  });

  it('has no serious or critical accessibility violations on the existing pages', async () => {
    // bypassCSP only here, so that axe can be injected; the other tests run under the real CSP.
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${product.url}/login`);
    await page.getByLabel('Tên đăng nhập').waitFor();
    const problems: Record<string, string[]> = { '/login': await seriousA11yViolations(page) };
    await signIn(page, product.url, 'admin', password('admin'));
    for (const route of ['/', '/admin/units', '/admin/unit-groups', '/admin/users', '/account/password']) {
      await page.goto(`${product.url}${route}`);
      await page.locator('main').first().waitFor();
      await page.waitForLoadState('networkidle');
      problems[route] = await seriousA11yViolations(page);
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `admin${route.replace(/\//g, '_') || '_home'}.png`),
        fullPage: true,
      });
    }
    await context.close();
    const officer = await browser.newContext({ bypassCSP: true });
    const officePage = await officer.newPage();
    await signIn(officePage, product.url, 'vanphong', password('vanphong'));
    for (const route of ['/units', '/users']) {
      await officePage.goto(`${product.url}${route}`);
      await officePage.locator('main').first().waitFor();
      await officePage.waitForLoadState('networkidle');
      problems[route] = await seriousA11yViolations(officePage);
    }
    await officer.close();
    expect(Object.fromEntries(Object.entries(problems).filter(([, v]) => v.length > 0))).toEqual({});
  });
});
