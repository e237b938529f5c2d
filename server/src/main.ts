import { buildApp } from './app';
import { boot, fail } from './boot';
import { withStartupLock } from './db/startup-lock';
import { printLogins } from './main-print';
import { createReminderJobHandlers, REMINDER_PERIODIC_JOBS } from './modules/reminders/reminders.jobs';
import { systemClock } from './platform/clock';
import { startWorker } from './platform/jobs';
import { createMailer } from './platform/mailer';
import { isEmpty, seedDemo } from './seed/demo';

const { config, db, dialect } = await boot();
if (config.seedDemo) {
  // "Empty?" and the seed under the start-up lock: of several processes started together on an
  // empty database, exactly one seeds; the others wait, then find users and skip.
  const result = await withStartupLock(db, config.database, async () =>
    (await isEmpty(db)) ? seedDemo(db) : null,
  ).catch((error: unknown) =>
    fail(`Không tạo được dữ liệu demo: ${error instanceof Error ? error.message : String(error)}`),
  );
  if (result) {
    process.stdout.write(
      `Đã tạo dữ liệu demo: ${result.unitsCreated} đơn vị, ${result.users.length} tài khoản.\n`,
    );
    printLogins(result);
  }
}
const app = await buildApp({ config, db, dialect });
try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  fail(`Không mở được cổng ${config.port}: ${error instanceof Error ? error.message : String(error)}`);
}
// Background jobs (reminders) run in the server process; several processes may run side by side
// on one PostgreSQL database — the job leases keep each job to one of them.
const mailer = createMailer(config);
if (!mailer.enabled) {
  app.log.warn(`${mailer.disabledReason}: nhắc hạn chỉ gửi trong ứng dụng, không gửi e-mail.`);
}
const worker = startWorker({
  db,
  clock: systemClock,
  handlers: createReminderJobHandlers({ db, clock: systemClock, mailer, baseUrl: config.appBaseUrl }),
  periodic: REMINDER_PERIODIC_JOBS,
  pollMs: 5000,
  log: app.log,
});
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
process.stdout.write(
  `Hệ thống Chỉ số CCHC đang chạy: http://localhost:${port}  (API: http://localhost:${port}/api/docs)\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // The worker stops first and finishes its job, so no lease is left to expire on restart.
    void worker
      .stop()
      .then(() => mailer.close())
      .then(() => app.close())
      .then(() => db.destroy())
      .then(() => process.exit(0));
  });
}
