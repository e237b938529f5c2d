import { parseArgs } from 'node:util';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '@cchc/domain/validation';
import { boot, fail } from '../../boot';
import { AppError } from '../../errors';
import { generatePassword } from '../../seed/demo';
import { generateSynthetic, parseSyntheticArgs, type SyntheticReport } from './synthetic';

const STAGE_LABELS: Record<string, string> = {
  'password hash': 'Băm mật khẩu (argon2)',
  organisation: 'Tổ chức: khối, đơn vị, tài khoản',
  'index set': 'Bộ chỉ số',
  'set-up': 'Kỳ đánh giá: thiết lập, mốc thời gian',
  'self-assessment: rows': 'Tự đánh giá: tạo trả lời, minh chứng, nộp',
  'appraisal: rows': 'Thẩm định: tạo quyết định, giải trình, ảnh chụp kết quả',
  'council: rows': 'Hội đồng: trường hợp đặc biệt, thông qua',
  'scorecard rows: database writes': 'Ghi các dòng của phiếu vào CSDL',
  approval: 'Lãnh đạo phê duyệt: xếp hạng, ảnh chụp APPROVED',
  publication: 'Công bố kết quả',
  audit: 'Nhật ký kiểm toán (chuỗi băm)',
  checkpoint: 'SQLite: gộp WAL vào tệp (checkpoint)',
  analyze: 'PostgreSQL: ANALYZE',
  'other (transaction, commit)': 'Còn lại (mở giao dịch, commit)',
};

const mb = (bytes: number) =>
  bytes >= 10 * 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(0)} GB` : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const n = (x: number) => x.toLocaleString('vi-VN');

function summary(r: SyntheticReport, password: string, newAccounts: boolean): string {
  const c = r.campaign.counts;
  const lines = [
    '',
    `Đã tạo kỳ đánh giá ${r.campaign.code} (năm ${r.campaign.year}, giai đoạn ${r.campaign.phase}), bộ chỉ số ${r.indexSet.code} phiên bản ${r.indexSet.version}.`,
    `  Đơn vị: ${n(c.scorecards)} (${n(r.organisation.units)} mới, ${n(r.organisation.reusedUnits)} dùng lại) trong ${r.organisation.groups} khối; tài khoản mới: ${n(r.organisation.users)}; Tổ giúp việc: ${r.organisation.members} người.`,
    `  Trả lời: ${n(c.answers)} (${n(c.naClaims)} đề nghị không áp dụng); đã nộp ${n(c.submitted)} phiếu (${n(c.late)} nộp muộn).`,
    `  Minh chứng: ${n(c.evidence)} (${n(c.files)} tệp, ${n(c.references)} văn bản); ${n(c.blobs)} dòng blob, ${mb(c.blobBytes)} khai báo (tệp không có trên đĩa).`,
    `  Thẩm định: ${n(c.decisions)} quyết định (${n(c.adjusted)} điều chỉnh), ${n(c.explanations)} yêu cầu giải trình, ${n(c.specialCases)} trường hợp đặc biệt, ${n(c.snapshots)} ảnh chụp kết quả.`,
    '',
    'Thời gian từng bước:',
    ...r.timings.map(
      (t) => `  ${(STAGE_LABELS[t.stage] ?? t.stage).padEnd(58)} ${t.seconds.toFixed(1).padStart(8)} s`,
    ),
    `  ${'Tổng thời gian'.padEnd(58)} ${r.totalSeconds.toFixed(1).padStart(8)} s`,
    `Dung lượng CSDL sau khi tạo: ${mb(r.databaseBytes)}.`,
    '',
    `Tài khoản: Văn phòng ${r.accounts.office}, lãnh đạo ${r.accounts.leader}, Hội đồng ${r.accounts.council}, Tổ giúp việc ${r.accounts.member}…, đơn vị ${r.accounts.focal} / ${r.accounts.head}…`,
    newAccounts
      ? `Mật khẩu chung của các tài khoản mới tạo (chỉ hiện MỘT LẦN): ${password}`
      : 'Không có tài khoản mới; các tài khoản đã có giữ mật khẩu cũ.',
    '',
  ];
  return lines.join('\n');
}

/**
 * `npm run cli -- generate-synthetic [--units N] [--leaves N] [--groups N] [--code MÃ] [--seed N]
 * [--stage self-assessment|appraisal|approved|published] [--password P]` (docs/synthetic-data.md).
 * Options are checked before the database is opened; a refused option or an existing campaign
 * code exits 1 with nothing written.
 */
export async function runGenerateSyntheticCommand(args: readonly string[]): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: {
        units: { type: 'string' },
        leaves: { type: 'string' },
        groups: { type: 'string' },
        code: { type: 'string' },
        seed: { type: 'string' },
        stage: { type: 'string' },
        password: { type: 'string' },
      },
    }).values;
  } catch (error) {
    fail(`Tuỳ chọn không hợp lệ: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseSyntheticArgs(values);
  if (!parsed.ok) {
    fail(parsed.message);
  }
  const password = values.password ?? generatePassword();
  const problem = passwordProblem(password);
  if (problem) {
    fail(`--password: ${PASSWORD_PROBLEM_MESSAGES[problem].vi}`);
  }
  const { db, dialect } = await boot();
  try {
    const report = await generateSynthetic(
      { db, dialect, log: (line) => process.stdout.write(`${line}\n`) },
      { ...parsed.options, password },
    );
    process.stdout.write(summary(report, password, report.organisation.users > 0));
  } catch (error) {
    await db.destroy();
    fail(error instanceof AppError || error instanceof Error ? error.message : String(error));
  }
  await db.destroy();
}
