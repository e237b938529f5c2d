import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LocatedError } from '@cchc/domain/index-set/format';
import { scoreAnswersFile } from '@cchc/domain/scoring/answers-file';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem, USERNAME_PATTERN } from '@cchc/domain/validation';
import { boot, fail } from './boot';
import { invocationDir } from './config';
import { AppError } from './errors';
import { printLogins } from './main-print';
import { runVerifyAuditCommand } from './modules/audit/verify-audit-cli';
import { runBackupCommand, runRestoreCommand } from './modules/backup/backup-cli';
import { documentFromFile } from './modules/index-sets/index-set-file';
import { createIndexSetsService } from './modules/index-sets/index-sets.service';
import { describeJsonError } from './modules/index-sets/json-syntax';
import { computeResults } from './modules/results/results-cli';
import type { Ctx } from './modules/shared/context';
import { runGenerateSyntheticCommand } from './modules/synthetic/synthetic-cli';
import { usersRepo } from './modules/users/users.repo';
import { systemClock } from './platform/clock';
import { createFirstAdmin, generatePassword, seedDemo } from './seed/demo';

const HELP = `Cách dùng: npm run cli -- <lệnh> [tuỳ chọn]

Lệnh:
  migrate                      Chạy migration tới phiên bản mới nhất
  seed-demo                    Tạo tổ chức demo, một tài khoản demo cho mỗi vai trò và bộ chỉ số demo
  create-admin --username U [--full-name "Họ tên"] [--password P]
                               Tạo tài khoản quản trị hệ thống (mật khẩu ngẫu nhiên nếu bỏ trống)
  import-index-set <tệp.json|tệp.xlsx> [--as tên_đăng_nhập]
                               Nhập bộ chỉ số thành phiên bản dự thảo mới; in mã và phiên bản
  export-index-set <MÃ[@phiên_bản]> <ra.json|ra.xlsx>
                               Xuất bộ chỉ số (mặc định phiên bản mới nhất)
  score <bộ_chỉ_số.json|.xlsx> <answers.json>
                               Chấm điểm tệp trả lời không cần CSDL; in kết quả JSON
  compute-results <MÃ_KỲ> [--json]
                               Tính lại và in kết quả xếp hạng của một kỳ đánh giá (từ điểm đã lưu)
  verify-audit [--expect-head <mã_băm>]
                               Kiểm tra chuỗi băm của nhật ký kiểm toán; chỉ ra bản ghi hỏng đầu tiên
  backup <thư_mục>             Sao lưu CSDL, tệp minh chứng và bảng kê SHA-256 vào một thư mục mới
  restore <thư_mục>            Khôi phục một bản sao lưu vào một hệ thống trống (kiểm tra SHA-256 trước)
  generate-synthetic [--units 1000] [--leaves 150] [--groups 3] [--code SYN-<units>] [--seed 1]
                     [--stage self-assessment|appraisal|approved|published] [--password P]
                               Tạo dữ liệu tổng hợp: tổ chức, bộ chỉ số và một kỳ đánh giá đi tới giai đoạn
                               đã chọn (mặc định: đã công bố); xem docs/synthetic-data.md
  help                         Hiện hướng dẫn này

Đường dẫn tương đối tính từ thư mục chạy lệnh.
`;

/**
 * A path from the command line, absolute. `npm run cli` starts the CLI in server/, so a relative
 * path is resolved against the directory the user ran npm from (config.invocationDir), not cwd.
 */
function userPath(file: string): string {
  return path.resolve(invocationDir(), file);
}

/**
 * `MÃ` or `MÃ@phiên_bản` (`TTCP-CCHC-2024@2`, also `@v2`). Anything else is refused with the
 * expected form: `CODE@abc` used to ask for version NaN.
 */
function parseSetRef(ref: string): { code: string; version: number | undefined } {
  const match = /^([^@\s]+)(?:@[vV]?(\d+))?$/.exec(ref.trim());
  const version = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match?.[1] || (version !== undefined && (!Number.isSafeInteger(version) || version < 1))) {
    fail(`"${ref}" không phải MÃ hoặc MÃ@phiên_bản (phiên bản là số nguyên từ 1, ví dụ TTCP-CCHC-2024@2).`);
  }
  return { code: match[1], version };
}

/** Prints every located error on stderr and exits 1 (the all-or-nothing contract of imports). */
function failWithErrors(title: string, errors: readonly LocatedError[]): never {
  process.stderr.write(`LỖI: ${title}\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
  process.exit(1);
}

function failFromError(error: unknown): never {
  if (error instanceof AppError) {
    const errors = (error.extra.details?.errors as LocatedError[] | undefined) ?? [];
    if (errors.length > 0) {
      failWithErrors(error.message, errors);
    }
    fail(error.message);
  }
  fail(error instanceof Error ? error.message : String(error));
}

function readFileOrFail(file: string | undefined, what: string): Buffer {
  if (!file) {
    fail(`Thiếu ${what}.\n\n${HELP}`);
  }
  const full = userPath(file);
  try {
    return fs.readFileSync(full);
  } catch (error) {
    const why =
      error instanceof Error && 'code' in error && error.code === 'ENOENT'
        ? 'không có tệp này'
        : error instanceof Error
          ? error.message
          : String(error);
    fail(`Không đọc được ${full}: ${why}.`);
  }
}

/** CLI actions are attributed to an administrator account (the audit trail names a person). */
async function adminCtx(db: Awaited<ReturnType<typeof boot>>['db'], username?: string): Promise<Ctx> {
  const admins = await usersRepo(db).list({ includeInactive: false, role: 'SYSTEM_ADMIN' });
  const admin = username ? admins.find((a) => a.username === username) : admins[0];
  if (!admin) {
    fail(
      username
        ? `"${username}" không phải quản trị hệ thống đang hoạt động.`
        : 'Chưa có quản trị hệ thống; chạy create-admin trước.',
    );
  }
  return { actor: { userId: admin.id, roles: [{ role: 'SYSTEM_ADMIN', unitId: null }] }, ip: null };
}

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
      `Dữ liệu demo: thêm ${result.unitsCreated} đơn vị, ${result.users.length} tài khoản${result.indexSet ? `, bộ chỉ số ${result.indexSet.code}` : ''}.\n`,
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
    const problem = passwordProblem(password, username);
    if (problem) {
      fail(PASSWORD_PROBLEM_MESSAGES[problem].vi);
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
  case 'import-index-set': {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { as: { type: 'string' } },
    });
    const data = readFileOrFail(positionals[0], 'tệp bộ chỉ số');
    const { db } = await boot();
    try {
      const ctx = await adminCtx(db, values.as);
      const created = await createIndexSetsService({ db, clock: systemClock }).importFile(ctx, {
        filename: path.basename(positionals[0]!),
        read: async () => data,
      });
      process.stdout.write(
        `Đã nhập bộ chỉ số ${created.code}, phiên bản ${created.version} (dự thảo, ${created.leafCount} tiêu chí).\n`,
      );
    } catch (error) {
      failFromError(error);
    }
    await db.destroy();
    break;
  }
  case 'export-index-set': {
    const [ref, out] = rest;
    if (!ref || !out || !/\.(json|xlsx)$/i.test(out)) {
      fail(`Cần <MÃ[@phiên_bản]> và tệp ra .json hoặc .xlsx.\n\n${HELP}`);
    }
    const { code, version } = parseSetRef(ref);
    const outPath = userPath(out);
    const { db } = await boot();
    try {
      const ctx = await adminCtx(db);
      const service = createIndexSetsService({ db, clock: systemClock });
      const id = await service.resolveId(ctx, code, version);
      const file = await service.exportFile(ctx, id, out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'json');
      fs.writeFileSync(outPath, file.data);
      process.stdout.write(`Đã xuất ${file.filename} → ${outPath}\n`);
    } catch (error) {
      failFromError(error);
    }
    await db.destroy();
    break;
  }
  case 'score': {
    const setData = readFileOrFail(rest[0], 'tệp bộ chỉ số');
    const answersData = readFileOrFail(rest[1], 'tệp trả lời (answers.json)');
    try {
      const doc = await documentFromFile(setData);
      let answers: unknown;
      const answersText = answersData.toString('utf8').replace(/^\uFEFF/, '');
      try {
        answers = JSON.parse(answersText);
      } catch {
        fail(describeJsonError(answersText, 'Tệp trả lời'));
      }
      const scored = scoreAnswersFile(doc, answers);
      if (!scored.ok) {
        failWithErrors('Tệp trả lời có lỗi; không có kết quả nào được in.', scored.errors);
      }
      process.stdout.write(`${JSON.stringify(scored.output, null, 2)}\n`);
    } catch (error) {
      failFromError(error);
    }
    break;
  }
  case 'compute-results': {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    });
    if (!positionals[0]) {
      fail(`Thiếu mã kỳ đánh giá.\n\n${HELP}`);
    }
    const { db, config } = await boot();
    try {
      const admin = await adminCtx(db);
      const output = await computeResults(
        db,
        config,
        admin.actor.userId,
        positionals[0],
        values.json === true,
      );
      process.stdout.write(output);
    } catch (error) {
      failFromError(error);
    }
    await db.destroy();
    break;
  }
  case 'verify-audit':
    await runVerifyAuditCommand(rest);
    break;
  case 'backup':
    await runBackupCommand(rest);
    break;
  case 'restore':
    await runRestoreCommand(rest);
    break;
  case 'generate-synthetic':
    await runGenerateSyntheticCommand(rest);
    break;
  case undefined:
  case 'help':
    process.stdout.write(HELP);
    break;
  default:
    process.stderr.write(`Lệnh không hợp lệ: ${command}\n\n${HELP}`);
    process.exit(2);
}
