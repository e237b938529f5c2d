import { buildApp } from './app';
import { boot, fail } from './boot';
import { printLogins } from './main-print';
import { isEmpty, seedDemo } from './seed/demo';

const { config, db, dialect } = await boot();
if (config.seedDemo && (await isEmpty(db))) {
  const result = await seedDemo(db);
  process.stdout.write(
    `Đã tạo dữ liệu demo: ${result.unitsCreated} đơn vị, ${result.users.length} tài khoản.\n`,
  );
  printLogins(result);
}
const app = await buildApp({ config, db, dialect });
try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  fail(`Không mở được cổng ${config.port}: ${error instanceof Error ? error.message : String(error)}`);
}
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
process.stdout.write(
  `Hệ thống Chỉ số CCHC đang chạy: http://localhost:${port}  (API: http://localhost:${port}/api/docs)\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => db.destroy())
      .then(() => process.exit(0));
  });
}
