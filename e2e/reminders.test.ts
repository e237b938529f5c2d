import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signIn, startProduct } from './support';

type Product = Awaited<ReturnType<typeof startProduct>>;
interface Received {
  from: string;
  to: string[];
  data: string;
}

/**
 * Issue 4 "done when": a reminder e-mail reaches a real SMTP server (npm smtp-server on
 * loopback) for a unit that has not submitted — through the product's worker and job queue.
 */
describe.skipIf(!inject('chromium'))('browser: reminders reach the mail server', () => {
  let product: Product;
  let browser: Browser;
  let smtp: SMTPServer;
  const received: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    product = await startProduct({
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_SECURE: 'false',
        MAIL_FROM: 'cchc@thanhtra.example',
      },
      worker: true,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  const passwordOf = (username: string) => product.seed.users.find((u) => u.username === username)!.password;

  it('the Office urges the units that have not submitted; the focal officer of Vụ Pháp chế gets the e-mail', async () => {
    const page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
    await signIn(page, product.url, 'vanphong', passwordOf('vanphong'));
    // The demo's campaign open for self-assessment (last year's is under appraisal).
    const campaigns = (
      (await (await page.request.get(`${product.url}/api/campaigns`)).json()) as {
        id: string;
        code: string;
        phase: string;
      }[]
    ).filter((c) => c.phase === 'SELF_ASSESSMENT');
    expect(campaigns).toHaveLength(1);
    const campaignId = campaigns[0]!.id;
    // The Office's page: campaign → "Nhắc việc" tab → "Gửi nhắc việc" → a message → "Gửi".
    await page.goto(`${product.url}/campaigns/${campaignId}?tab=reminders`);
    await page.getByRole('button', { name: 'Gửi nhắc việc' }).click();
    const dialog = page.getByRole('dialog', { name: 'Gửi nhắc việc' });
    await dialog.getByRole('textbox').last().fill('Đề nghị đơn vị hoàn thành tự đánh giá đúng hạn.');
    await page.getByTestId('campaign-send-reminder-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    // The worker polls every 200 ms; give the mail a few seconds on a busy machine.
    const deadline = Date.now() + 20_000;
    while (!received.some((m) => m.to.includes('daumoi.vpc@thanhtra.example')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const mail = received.find((m) => m.to.includes('daumoi.vpc@thanhtra.example'));
    expect(mail, `received: ${received.map((m) => m.to.join(',')).join(' | ')}`).toBeDefined();
    expect(mail!.from).toBe('cchc@thanhtra.example');
    expect(mail!.data).toMatch(/Subject: /);
    // The delivery log, the Office's proof of urging, records it as sent.
    const log = await page.request.get(
      `${product.url}/api/campaigns/${campaignId}/reminder-deliveries?status=SENT`,
    );
    expect(log.status()).toBe(200);
    const body = (await log.json()) as { items?: { recipient: string }[]; rows?: { recipient: string }[] };
    const rows = body.items ?? body.rows ?? [];
    expect(rows.some((r) => r.recipient === 'daumoi.vpc@thanhtra.example')).toBe(true);
  });
});
