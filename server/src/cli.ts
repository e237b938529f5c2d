import { parseArgs } from 'node:util';
import { isStrongPassword, USERNAME_PATTERN } from '@cchc/domain/validation';
import { boot, fail } from './boot';
import { printLogins } from './main-print';
import { createFirstAdmin, generatePassword, seedDemo } from './seed/demo';

const HELP = `Cách dùng: npm run cli -- <lệnh> [tuỳ chọn]

Lệnh:
  migrate                      Chạy migration tới phiên bản mới nhất
  seed-demo                    Tạo tổ chức demo và một tài khoản demo cho mỗi vai trò
  create-admin --username U [--full-name "Họ tên"] [--password P]
                               Tạo tài khoản quản trị hệ thống (mật khẩu ngẫu nhiên nếu bỏ trống)
  help                         Hiện hướng dẫn này
`;

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'migrate': {
    const { db } = await boot();
    process.stdout.write('Cơ sở dữ liệu đã ở phiên bản mới nhất.\n');
    await db.destroy();
    break;
  }
  case 'seed-demo': {
    const { db } = await boot();
    const result = await seedDemo(db);
    process.stdout.write(
      `Dữ liệu demo: thêm ${result.unitsCreated} đơn vị, ${result.users.length} tài khoản.\n`,
    );
    printLogins(result);
    await db.destroy();
    break;
  }
  case 'create-admin': {
    const { values } = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        'full-name': { type: 'string' },
        password: { type: 'string' },
      },
    });
    const username = values.username?.trim().toLowerCase();
    if (!username || !USERNAME_PATTERN.test(username)) {
      fail("Cần --username gồm chữ thường không dấu, chữ số, '.', '_' hoặc '-'.");
    }
    const password = values.password ?? generatePassword();
    if (!isStrongPassword(password)) {
      fail('Mật khẩu phải có ít nhất 10 ký tự, gồm chữ và số.');
    }
    const { db } = await boot();
    try {
      await createFirstAdmin(db, {
        username,
        fullName: values['full-name'] ?? 'Quản trị hệ thống',
        password,
      });
    } catch (error) {
      fail(`Không tạo được tài khoản: ${error instanceof Error ? error.message : String(error)}`);
    }
    printLogins({ unitsCreated: 0, users: [{ username, fullName: '', role: 'SYSTEM_ADMIN', password }] });
    await db.destroy();
    break;
  }
  case undefined:
  case 'help':
    process.stdout.write(HELP);
    break;
  default:
    process.stderr.write(`Lệnh không hợp lệ: ${command}\n\n${HELP}`);
    process.exit(2);
}
