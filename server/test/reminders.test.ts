import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createReminderJobHandlers, REMINDER_PERIODIC_JOBS } from '../src/modules/reminders/reminders.jobs';
import { remindersRepo } from '../src/modules/reminders/reminders.repo';
import { ensureDefaultReminderRules, planReminders } from '../src/modules/reminders/reminders.service';
import { createWorker, jobQueue } from '../src/platform/jobs';
import { createMailer, MAIL_DISABLED_REASON } from '../src/platform/mailer';
import { answerCriteria, campaignFixture, submitWithReport } from '../src/testing/campaign-fixture';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

// ---------------------------------------------------------------------------------------------
// A real SMTP server on loopback, and just enough MIME decoding to read what nodemailer sent.

interface Received {
  rcptTo: string[];
  to: string;
  subject: string;
  messageId: string;
  text: string;
}

function decodeEncodedWords(value: string): string {
  // Adjacent encoded words are joined without the whitespace between them (RFC 2047 §6.2).
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/(=\?utf-8\?[bq]\?[^?]*\?=)+/gi, (run) => {
    const bytes: Buffer[] = [];
    for (const [, enc, text] of run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)) {
      bytes.push(
        enc!.toLowerCase() === 'b'
          ? Buffer.from(text!, 'base64')
          : Buffer.from(
              text!
                .replace(/_/g, ' ')
                .replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
              'latin1',
            ),
      );
    }
    return Buffer.concat(bytes).toString('utf8');
  });
}

function parseMail(raw: string, rcptTo: string[]): Received {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  const header = (name: string) =>
    head
      .split('\r\n')
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const cte = header('Content-Transfer-Encoding').toLowerCase();
  if (cte === 'quoted-printable') {
    const latin = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    body = Buffer.from(latin, 'latin1').toString('utf8');
  } else if (cte === 'base64') {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return {
    rcptTo,
    to: decodeEncodedWords(header('To')),
    subject: decodeEncodedWords(header('Subject')),
    messageId: header('Message-ID'),
    text: body.replace(/\r\n/g, '\n'),
  };
}

async function startSmtp() {
  const received: Received[] = [];
  const rejected = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address)) {
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(
          parseMail(
            Buffer.concat(chunks).toString('latin1'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    rejected,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------

describe.each(testDialects())('reminders (đôn đốc) on %s', (dialect) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let office: { id: string; username: string; password: string; session: Session };
  let unitUser: { id: string; username: string; password: string; session: Session };
  let campaignId: string;
  const units: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const scorecards: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  type UserKey = 'focalA' | 'focalA2' | 'headA' | 'retiredA' | 'focalB' | 'focalC' | 'headC';
  const users = {} as Record<UserKey, string>;
  let env: Record<string, string>;

  const BASE_URL = 'https://cchc.thanhtra.test';

  /** A worker as the server process runs it; each call is a fresh instance (a "restart"). */
  function newWorker(opts: { mailDisabled?: boolean } = {}) {
    const config = loadConfig(opts.mailDisabled ? { ...env, SMTP_HOST: '' } : env);
    return createWorker({
      db: t.db,
      clock: t.clock,
      handlers: createReminderJobHandlers({
        db: t.db,
        clock: t.clock,
        mailer: createMailer(config),
        baseUrl: config.appBaseUrl,
      }),
      periodic: REMINDER_PERIODIC_JOBS,
      // Retries 1 s apart so the test can step the clock over them.
      backoffMs: () => 1000,
    });
  }

  const deliveries = () =>
    t.db.selectFrom('reminder_delivery').selectAll().orderBy('createdAt').orderBy('id').execute();
  // Reminders only: a returned or extended scorecard also notifies its unit (scorecards.service).
  const notificationsOf = (userId: string) =>
    t.db
      .selectFrom('notification')
      .selectAll()
      .where('userId', '=', userId)
      .where('kind', 'not in', ['SCORECARD_RETURNED', 'SCORECARD_EXTENDED'])
      .execute();
  const put = (session: Session, url: string, payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: payload as object,
    });

  beforeAll(async () => {
    smtp = await startSmtp();
    env = {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: '"Chỉ số CCHC" <cchc@thanhtra.test>',
      APP_BASE_URL: `${BASE_URL}/`,
      SERVE_WEB: 'false',
    };
    t = await createTestApp(dialect, env);
    // A (VPTT) has work; B (CUC_I) has submitted; C was returned and given an extension to 20/12:
    // its ladder follows its own deadline. Officers without an e-mail get in-app reminders only.
    const f = await campaignFixture(t, {
      moreUnits: [{ code: 'CUC_II', name: 'Cục Thanh tra II', kind: 'CUC', group: 'NGHIEP_VU' }],
      emails: { headA: 'head.a@donvi.test', focalB: 'focal.b@donvi.test' },
      officers: {
        focalA: { unit: 'VPTT', role: 'UNIT_FOCAL', fullName: 'Ông/Bà focalA', email: 'Focal.A@donvi.test' },
        focalA2: { unit: 'VPTT', role: 'UNIT_FOCAL', fullName: 'Ông/Bà focalA2' },
        retiredA: { unit: 'VPTT', role: 'UNIT_FOCAL', email: 'retired.a@donvi.test', active: false },
        headB: { unit: 'CUC_I', role: 'UNIT_HEAD' },
        focalC: { unit: 'CUC_II', role: 'UNIT_FOCAL', email: 'focal.c@donvi.test' },
        headC: { unit: 'CUC_II', role: 'UNIT_HEAD', email: 'head.c@donvi.test' },
      },
    });
    campaignId = f.campaignId;
    Object.assign(units, { A: f.unitA, B: f.unitB, C: f.units.CUC_II });
    Object.assign(scorecards, { A: f.scorecardA, B: f.scorecardB, C: f.scorecards.CUC_II });
    Object.assign(users, {
      headA: f.users.headA.id,
      focalB: f.users.focalB.id,
      ...Object.fromEntries(Object.entries(f.officers).map(([key, u]) => [key, u.id])),
    });
    office = f.users.office;
    unitUser = f.users.focalA;

    await answerCriteria(t, unitUser.session, scorecards.A, 12);
    for (const [sc, focal, head] of [
      [scorecards.B, f.focalB, f.officers.headB!.session],
      [scorecards.C, f.officers.focalC!.session, f.officers.headC!.session],
    ] as const) {
      await answerCriteria(t, focal, sc);
      expect((await submitWithReport(t, head, sc)).statusCode).toBe(200);
    }
    const returned = await t.as(office.session).post(`/api/scorecards/${scorecards.C}/return`, {
      rowVersion: (await t.as(office.session).get(`/api/scorecards/${scorecards.C}`)).json().rowVersion,
      reason: 'Thiếu tài liệu kiểm chứng',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    const extended = await t.as(office.session).post(`/api/scorecards/${scorecards.C}/extension`, {
      rowVersion: returned.json().rowVersion,
      extendedUntil: '2024-12-20',
      reason: 'Đơn vị có công văn xin gia hạn',
    });
    expect(extended.statusCode, extended.body).toBe(200);

    // The campaign was created with the default ladder; ensureDefaultReminderRules adds it only
    // to a campaign that has none.
    expect(await ensureDefaultReminderRules(t.db, campaignId, t.clock.now())).toBe(false);
    const rules = remindersRepo(t.db);
    await rules.deleteRules((await rules.listRules(campaignId)).map((r) => r.id));
    expect(await ensureDefaultReminderRules(t.db, campaignId, t.clock.now())).toBe(true);
    expect(await ensureDefaultReminderRules(t.db, campaignId, t.clock.now())).toBe(false);
  });

  // The tests move the clock by days; sessions expire like real ones, so sign in again each time.
  beforeEach(async () => {
    office.session = await t.login(office.username, office.password);
    unitUser.session = await t.login(unitUser.username, unitUser.password);
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('7 days before the deadline: exactly one e-mail per recipient of a unit with work, none for a submitted unit', async () => {
    // The test app's clock: 10/12/2024 09:00 in Hà Nội, 7 days before the end of 16/12.
    expect(t.clock.now().toISOString()).toBe('2024-12-10T02:00:00.000Z');
    await newWorker().runDue();

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.rcptTo).toEqual(['focal.a@donvi.test']);
    expect(mail.to).toContain('focal.a@donvi.test');
    expect(mail.subject).toBe('[Chỉ số CCHC] Nhắc hạn tự đánh giá: còn 7 ngày (hạn 16/12/2024)');
    expect(mail.text).toContain('Kính gửi Ông/Bà focalA,');
    expect(mail.text).toContain('Đơn vị Văn phòng Thanh tra chưa nộp kết quả tự đánh giá');
    expect(mail.text).toContain('Hạn nộp: hết ngày 16/12/2024');
    expect(mail.text).toContain('đã trả lời 12/23 tiêu chí');
    expect(mail.text).toContain(`${BASE_URL}/scorecards/${scorecards.A}`);

    const log = await deliveries();
    // IN_APP to the three active focal officers of A (one without e-mail), EMAIL to the one with.
    expect(log.map((d) => `${d.channel}:${d.userId}`).sort()).toEqual(
      [
        `IN_APP:${users.focalA}`,
        `IN_APP:${users.focalA2}`,
        `IN_APP:${unitUser.id}`,
        `EMAIL:${users.focalA}`,
      ].sort(),
    );
    for (const d of log) {
      expect(d).toMatchObject({
        status: 'SENT',
        attempts: 1,
        lastError: null,
        sentBy: null,
        unitId: units.A,
      });
      expect(d.deliveredAt).toBe(t.clock.now().toISOString());
      expect(d.reminderKey).toMatch(new RegExp(`^rule:[0-9a-f-]{36}:${scorecards.A}:-7:2024-12-16$`));
    }
    expect(log.find((d) => d.channel === 'EMAIL')!.recipient).toBe('focal.a@donvi.test');
    expect(mail.messageId).toBe(`<${log.find((d) => d.channel === 'EMAIL')!.id}@cchc>`);
    expect(log.some((d) => d.unitId === units.B)).toBe(false);
    expect(log.some((d) => d.userId === users.retiredA)).toBe(false);

    const note = await notificationsOf(users.focalA);
    expect(note).toHaveLength(1);
    expect(note[0]).toMatchObject({
      kind: 'REMINDER',
      campaignId,
      title: 'Nhắc hạn tự đánh giá: còn 7 ngày (hạn 16/12/2024)',
      link: `/scorecards/${scorecards.A}`,
      readAt: null,
    });
    const sent = await t.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'reminder.sent')
      .execute();
    expect(sent).toHaveLength(4);
  });

  it('planning again, with two workers, after a restart or concurrently sends nothing twice', async () => {
    const before = (await deliveries()).length;
    await newWorker().runDue();
    const [w1, w2] = [newWorker(), newWorker()];
    await Promise.all([
      w1.runDue(),
      w2.runDue(),
      planReminders(t.db, t.clock.now()),
      planReminders(t.db, t.clock.now()),
    ]);
    t.clock.advance(60_000);
    await Promise.all([newWorker().runDue(), newWorker().runDue()]);
    // A day later the -7 step is still inside its 3-day window: still nothing new.
    t.clock.advance(24 * 60 * 60 * 1000);
    await newWorker().runDue();
    expect(smtp.received).toHaveLength(1);
    expect(await deliveries()).toHaveLength(before);
    expect(await notificationsOf(users.focalA)).toHaveLength(1);
    // One plan job per minute, whatever the number of workers.
    const plans = await t.db
      .selectFrom('job')
      .select('dedupeKey')
      .where('kind', '=', 'reminders.plan')
      .execute();
    expect(new Set(plans.map((p) => p.dedupeKey)).size).toBe(plans.length);
  });

  it('an SMTP failure is logged FAILED with the error, then retried until sent', async () => {
    smtp.received.length = 0;
    smtp.rejected.add('focal.c@donvi.test');
    // 14/12 08:00: C's -7 step (deadline extended to 20/12) has fired; A's -1 has not.
    t.clock.set(new Date('2024-12-14T01:00:00.000Z'));
    const worker = newWorker();
    await worker.runDue();
    const failed = (await deliveries()).find((d) => d.channel === 'EMAIL' && d.unitId === units.C)!;
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, recipient: 'focal.c@donvi.test' });
    expect(failed.lastError).toContain('Mailbox unavailable');
    expect(smtp.received).toHaveLength(0);
    const job = await jobQueue(t.db).findByDedupeKey(`reminders.deliver:${failed.id}`);
    expect(job).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(job!.lastError).toContain('Mailbox unavailable');
    const audited = await t.db
      .selectFrom('audit_event')
      .select(['data'])
      .where('action', '=', 'reminder.failed')
      .where('entityId', '=', failed.id)
      .execute();
    expect(JSON.parse(audited[0]!.data)).toMatchObject({ attempt: 1, willRetry: true });
    // The in-app half was not held up by the mail server.
    expect(await notificationsOf(users.focalC)).toHaveLength(1);

    smtp.rejected.clear();
    t.clock.advance(1000);
    await newWorker().runDue();
    const retried = (await deliveries()).find((d) => d.id === failed.id)!;
    expect(retried).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.rcptTo).toEqual(['focal.c@donvi.test']);
    expect(smtp.received[0]!.subject).toBe('[Chỉ số CCHC] Nhắc hạn tự đánh giá: còn 7 ngày (hạn 20/12/2024)');
    expect(smtp.received[0]!.text).toContain('đã được Văn phòng trả lại');
  });

  it('1 day before, overdue to the focal officer, then escalation to the head at +2 days', async () => {
    smtp.received.length = 0;
    t.clock.set(new Date('2024-12-15T17:01:00.000Z'));
    await newWorker().runDue();
    expect(smtp.received.map((m) => `${m.rcptTo[0]} ${m.subject}`)).toEqual([
      'focal.a@donvi.test [Chỉ số CCHC] Nhắc hạn tự đánh giá: còn 1 ngày (hạn 16/12/2024)',
    ]);

    smtp.received.length = 0;
    t.clock.set(new Date('2024-12-16T17:01:00.000Z'));
    await newWorker().runDue();
    expect(smtp.received.map((m) => `${m.rcptTo[0]} ${m.subject}`)).toEqual([
      'focal.a@donvi.test [Chỉ số CCHC] Đã quá hạn tự đánh giá (hạn 16/12/2024)',
    ]);
    expect(smtp.received[0]!.text).toContain('Hạn nộp đã qua: hết ngày 16/12/2024');

    smtp.received.length = 0;
    t.clock.set(new Date('2024-12-18T17:01:00.000Z'));
    await newWorker().runDue();
    expect(smtp.received).toHaveLength(1);
    const escalation = smtp.received[0]!;
    expect(escalation.rcptTo).toEqual(['head.a@donvi.test']);
    expect(escalation.subject).toBe('[Chỉ số CCHC] Đã quá hạn tự đánh giá 2 ngày (hạn 16/12/2024)');
    expect(escalation.text).toContain('Đề nghị Thủ trưởng đơn vị chỉ đạo');
    expect((await notificationsOf(users.headA)).map((n) => n.title)).toEqual([
      'Đã quá hạn tự đánh giá 2 ngày (hạn 16/12/2024)',
    ]);
    // The focal officers were not sent the head's step.
    expect(await notificationsOf(users.focalA)).toHaveLength(3);
  });

  it('a unit user cannot call the Office endpoints (403) and nothing changes', async () => {
    const as = t.as(unitUser.session);
    const before = (await deliveries()).length;
    expect((await as.get(`/api/campaigns/${campaignId}/reminder-rules`)).statusCode).toBe(403);
    expect((await as.get(`/api/campaigns/${campaignId}/reminder-deliveries`)).statusCode).toBe(403);
    const manual = await as.post(`/api/campaigns/${campaignId}/reminders`, {});
    expect(manual.statusCode).toBe(403);
    expect(manual.json().error.code).toBe('FORBIDDEN');
    const rules = await put(unitUser.session, `/api/campaigns/${campaignId}/reminder-rules`, {
      version: 'x',
      rules: [],
    });
    expect(rules.statusCode).toBe(403);
    expect(await deliveries()).toHaveLength(before);
    expect(await t.db.selectFrom('reminder_rule').select('id').execute()).toHaveLength(4);
  });

  it('a manual reminder goes to focal officers and heads of the chosen units with work, and records sentBy', async () => {
    smtp.received.length = 0;
    const res = await t.as(office.session).post(`/api/campaigns/${campaignId}/reminders`, {
      unitIds: [units.A, units.B],
      message: 'Đề nghị hoàn thành trước 16 giờ hôm nay.',
    });
    expect(res.statusCode).toBe(202);
    // B already submitted: skipped. A: 3 focal officers (in-app) + the head, e-mail for the two with one.
    expect(res.json()).toEqual({
      unitCount: 1,
      deliveryCount: 6,
      skippedUnitIds: [units.B],
      noRecipientUnits: [],
    });
    await newWorker().runDue();

    const manual = (await deliveries()).filter((d) => d.reminderKey.startsWith('manual:'));
    expect(manual).toHaveLength(6);
    for (const d of manual) {
      expect(d).toMatchObject({ sentBy: office.id, status: 'SENT', ruleId: null, unitId: units.A });
    }
    expect(smtp.received.map((m) => m.rcptTo[0]).sort()).toEqual(['focal.a@donvi.test', 'head.a@donvi.test']);
    for (const m of smtp.received) {
      expect(m.subject).toBe('[Chỉ số CCHC] Văn phòng đôn đốc: đã quá hạn tự đánh giá (hạn 16/12/2024)');
      expect(m.text).toContain('Lời nhắn của Văn phòng: Đề nghị hoàn thành trước 16 giờ hôm nay.');
    }
    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'reminder.manualSent')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorUserId).toBe(office.id);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ deliveryCount: 6, skippedUnitIds: [units.B] });
    const sentAudit = await t.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'reminder.sent')
      .where('actorUserId', '=', office.id)
      .execute();
    expect(sentAudit).toHaveLength(6);
  });

  it('the delivery log API returns rows, filtered and paginated', async () => {
    const url = `/api/campaigns/${campaignId}/reminder-deliveries`;
    const all = await t.as(office.session).get(`${url}?pageSize=200`);
    expect(all.statusCode).toBe(200);
    const total = (await deliveries()).length;
    expect(all.json().total).toBe(total);
    expect(all.json().items).toHaveLength(total);

    const page = await t.as(office.session).get(`${url}?unitId=${units.A}&status=SENT&pageSize=5&page=2`);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body).toMatchObject({ page: 2, pageSize: 5 });
    expect(body.total).toBe(
      (await deliveries()).filter((d) => d.unitId === units.A && d.status === 'SENT').length,
    );
    expect(body.items).toHaveLength(5);
    expect(body.items[0]).toMatchObject({
      unitCode: 'VPTT',
      unitName: 'Văn phòng Thanh tra',
      status: 'SENT',
    });
    // Newest first.
    const times = (all.json().items as { createdAt: string }[]).map((i) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const failed = await t.as(office.session).get(`${url}?status=FAILED`);
    expect(failed.json().total).toBe(0);
    expect((await t.as(office.session).get(`${url}?status=NOPE`)).statusCode).toBe(400);
  });

  it('reminder rules: list with defaults, replace keeping ids of unchanged steps, reject duplicates', async () => {
    const url = `/api/campaigns/${campaignId}/reminder-rules`;
    const list = await t.as(office.session).get(url);
    expect(list.statusCode).toBe(200);
    const rules = list.json().rules as { id: string; offsetDays: number; audience: string }[];
    expect(rules.map((r) => `${r.offsetDays}:${r.audience}`)).toEqual([
      '-7:FOCAL',
      '-1:FOCAL',
      '0:FOCAL',
      '2:HEAD',
    ]);
    expect(list.json().defaults).toHaveLength(4);

    const bad = await put(office.session, url, {
      version: list.json().version,
      rules: [
        { milestoneKey: 'SELF_ASSESSMENT', offsetDays: -3, audience: 'FOCAL' },
        { milestoneKey: 'SELF_ASSESSMENT', offsetDays: -3, audience: 'HEAD' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_ERROR');
    expect((await t.as(office.session).get(url)).json().rules).toEqual(list.json().rules);

    const saved = await put(office.session, url, {
      version: list.json().version,
      rules: [
        { milestoneKey: 'SELF_ASSESSMENT', offsetDays: -7, audience: 'FOCAL' },
        { milestoneKey: 'SELF_ASSESSMENT', offsetDays: -1, audience: 'BOTH' },
        { milestoneKey: 'SELF_ASSESSMENT', offsetDays: -3, audience: 'FOCAL', isActive: false },
      ],
    });
    expect(saved.statusCode).toBe(200);
    const after = saved.json().rules as {
      id: string;
      offsetDays: number;
      audience: string;
      isActive: boolean;
    }[];
    expect(after.map((r) => `${r.offsetDays}:${r.audience}:${r.isActive}`)).toEqual([
      '-7:FOCAL:true',
      '-3:FOCAL:false',
      '-1:BOTH:true',
    ]);
    expect(after.find((r) => r.offsetDays === -7)!.id).toBe(rules.find((r) => r.offsetDays === -7)!.id);
    expect(after.find((r) => r.offsetDays === -1)!.id).toBe(rules.find((r) => r.offsetDays === -1)!.id);
    // A second editor who read the old ladder does not overwrite the first one's change.
    const stale = await put(office.session, url, {
      version: list.json().version,
      rules: [{ milestoneKey: 'SELF_ASSESSMENT', offsetDays: -2, audience: 'HEAD' }],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('EDIT_CONFLICT');
    expect((await t.as(office.session).get(url)).json().rules).toEqual(saved.json().rules);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'reminder.rulesUpdated')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('notifications: mine only, newest first, unread count, read one and read all', async () => {
    const as = t.as(unitUser.session);
    const list = await as.get('/api/notifications');
    expect(list.statusCode).toBe(200);
    const body = list.json();
    // -7, -1, overdue and the manual reminder.
    expect(body.unreadCount).toBe(4);
    expect(body.items[0].title).toBe('Văn phòng đôn đốc: đã quá hạn tự đánh giá (hạn 16/12/2024)');
    const times = (body.items as { createdAt: string }[]).map((i) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const read = await as.post(`/api/notifications/${body.items[1].id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().unreadCount).toBe(3);
    expect((await as.get('/api/notifications?unreadOnly=true')).json().items).toHaveLength(3);

    const someoneElses = (await notificationsOf(users.headA))[0]!;
    const denied = await as.post(`/api/notifications/${someoneElses.id}/read`);
    expect(denied.statusCode).toBe(404);
    expect((await notificationsOf(users.headA))[0]!.readAt).toBeNull();

    const all = await as.post('/api/notifications/read-all');
    expect(all.json().unreadCount).toBe(0);
    expect((await notificationsOf(unitUser.id)).every((n) => n.readAt !== null)).toBe(true);
  });

  it('without SMTP_HOST, e-mail deliveries are logged FAILED with the reason and not retried', async () => {
    smtp.received.length = 0;
    const res = await t.as(office.session).post(`/api/campaigns/${campaignId}/reminders`, {
      unitIds: [units.C],
      audience: 'HEAD',
    });
    expect(res.json()).toMatchObject({ unitCount: 1, deliveryCount: 2 });
    await newWorker({ mailDisabled: true }).runDue();
    const log = (await deliveries()).filter(
      (d) => d.unitId === units.C && d.reminderKey.startsWith('manual:'),
    );
    expect(log.find((d) => d.channel === 'IN_APP')).toMatchObject({ status: 'SENT' });
    const email = log.find((d) => d.channel === 'EMAIL')!;
    expect(email).toMatchObject({ status: 'FAILED', attempts: 1, lastError: MAIL_DISABLED_REASON });
    expect((await jobQueue(t.db).findByDedupeKey(`reminders.deliver:${email.id}`))?.status).toBe('DONE');
    expect(smtp.received).toHaveLength(0);
  });

  it('a unit that submits before delivery is not urged; nothing is planned outside SELF_ASSESSMENT', async () => {
    const earlier = new Set((await deliveries()).map((d) => d.id));
    const res = await t
      .as(office.session)
      .post(`/api/campaigns/${campaignId}/reminders`, { unitIds: [units.C] });
    expect(res.statusCode).toBe(202);
    await t.db.updateTable('scorecard').set({ status: 'SUBMITTED' }).where('id', '=', scorecards.C).execute();
    smtp.received.length = 0;
    await newWorker().runDue();
    expect(smtp.received).toHaveLength(0);
    const skipped = (await deliveries()).filter((d) => !earlier.has(d.id));
    // Focal officer and head of C, in-app and e-mail: none sent.
    expect(skipped).toHaveLength(4);
    expect(skipped.every((d) => d.status === 'FAILED')).toBe(true);
    expect(skipped.every((d) => d.lastError?.startsWith('Không gửi: đơn vị đã nộp'))).toBe(true);

    await t.db
      .updateTable('campaign')
      .set({ phase: 'SELF_ASSESSMENT_LOCKED' })
      .where('id', '=', campaignId)
      .execute();
    const locked = await t.as(office.session).post(`/api/campaigns/${campaignId}/reminders`, {});
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('INVALID_STATE_TRANSITION');
    const before = (await deliveries()).length;
    // 19/12 17:01: A's +2 window is still open, but the campaign is locked.
    t.clock.set(new Date('2024-12-19T17:01:00.000Z'));
    expect(await planReminders(t.db, t.clock.now())).toEqual({ queued: 0 });
    expect(await deliveries()).toHaveLength(before);
  });
});
