import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '@cchc/server/src/app';
import { loadConfig } from '@cchc/server/src/config';
import { createDb, type Database } from '@cchc/server/src/db/database';
import { migrateToLatest } from '@cchc/server/src/db/migrate';
import { verifyAuditChain } from '@cchc/server/src/modules/audit/audit.service';
import {
  createReminderJobHandlers,
  REMINDER_PERIODIC_JOBS,
} from '@cchc/server/src/modules/reminders/reminders.jobs';
import { systemClock } from '@cchc/server/src/platform/clock';
import { startWorker } from '@cchc/server/src/platform/jobs';
import { createMailer } from '@cchc/server/src/platform/mailer';
import { campaignYear, type SeedResult, seedDemo } from '@cchc/server/src/seed/demo';
import { type Browser, type BrowserContext, chromium, type Page, request } from 'playwright-core';
import { inject } from 'vitest';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, 'screenshots');

/** The real product on an embedded SQLite file in a temporary DATA_DIR, seeded with the demo. */
export async function startProduct(
  options: { env?: Record<string, string>; worker?: boolean } = {},
): Promise<{ url: string; seed: SeedResult; db: Database; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-e2e-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOGIN_RATE_PER_MINUTE: '1000',
    ...options.env,
  });
  const { db, dialect } = createDb(config.database);
  await migrateToLatest(db);
  const seed = await seedDemo(db);
  const app = await buildApp({ config, db, dialect, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // The background worker (reminders) as main.ts runs it, polling fast for the test.
  const mailer = options.worker ? createMailer(config) : null;
  const worker =
    options.worker && mailer
      ? startWorker({
          db,
          clock: systemClock,
          handlers: createReminderJobHandlers({
            db,
            clock: systemClock,
            mailer,
            baseUrl: `http://127.0.0.1:${port}`,
          }),
          periodic: REMINDER_PERIODIC_JOBS,
          pollMs: 200,
        })
      : null;
  return {
    url: `http://127.0.0.1:${port}`,
    seed,
    db,
    async close() {
      await worker?.stop();
      await mailer?.close();
      await app.close();
      // Issue 8: after everything the browser did, the audit log must still verify end to end.
      const audit = await verifyAuditChain(db);
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (!audit.ok || audit.checked === 0) {
        throw new Error(`audit chain does not verify after the browser tests: ${JSON.stringify(audit)}`);
      }
    },
  };
}

/** Debian's Chromium, headless, with the flags this sandbox needs (no network, root). */
export function launchBrowser(): Promise<Browser> {
  const executablePath = inject('chromium');
  if (!executablePath) {
    throw new Error('Chromium is not available');
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('nav-home').waitFor();
}

/** The CSRF token of the page's session (from /api/auth/me), for API calls made next to the UI. */
export async function csrfOf(page: Page, baseUrl: string): Promise<string> {
  const me = await page.request.get(`${baseUrl}/api/auth/me`);
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}

/**
 * Ends the context's session on the server from ANOTHER client holding the same cookie (as if it
 * had expired or been signed out elsewhere); the browser keeps its now useless cookie.
 */
export async function revokeSession(context: BrowserContext, baseUrl: string): Promise<void> {
  const cookie = (await context.cookies(baseUrl)).find((c) => c.name === 'cchc_session');
  if (!cookie) {
    throw new Error('no session cookie');
  }
  const other = await request.newContext({ extraHTTPHeaders: { cookie: `cchc_session=${cookie.value}` } });
  try {
    const me = await other.get(`${baseUrl}/api/auth/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const out = await other.post(`${baseUrl}/api/auth/logout`, { headers: { 'X-CSRF-Token': csrfToken } });
    if (!out.ok()) {
      throw new Error(`logout failed: ${out.status()}`);
    }
  } finally {
    await other.dispose();
  }
}

const AXE_SOURCE = fs.readFileSync(
  path.resolve(import.meta.dirname, '..', 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
);

/** Runs axe-core in the page and returns the serious and critical violations, summarised. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // A toast fading in or out is half-transparent: scanning it mid-animation reports a contrast
  // failure that no user sees. Wait until no toast is on screen (they close after a few seconds).
  await page.waitForFunction(() => document.querySelectorAll('.ant-message-notice').length === 0, undefined, {
    timeout: 15_000,
  });
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
          ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** The demo's "current" campaign year, as the seed computes it (server/src/seed/demo.ts). */
export function demoYear(): number {
  return campaignYear(new Date());
}

/**
 * As web/src/lib/format.ts formatPercent (vi): hundredths of a percent, 9512 → '95,12%',
 * 9360 → '93,6%'.
 */
export function viPercent(hundredths: number): string {
  return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(hundredths / 100)}%`;
}

/** Types a date (DD/MM/YYYY) into an antd DatePicker found by test id. */
export async function pickDate(page: Page, testId: string, date: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(date);
  await page.keyboard.press('Enter');
}
