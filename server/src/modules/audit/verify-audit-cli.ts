import { parseArgs } from 'node:util';
import { boot, fail } from '../../boot';
import { verifyAuditChain } from './audit.service';

/**
 * `npm run cli -- verify-audit [--anchor SEQ:HASH]`: recomputes the audit hash chain from the first
 * event and names the first one that does not verify. Exit 0 when intact, 1 when broken. The
 * anchor is a `seq:hash` pair printed by an earlier run and kept outside the database (a printout,
 * an e-mail): it also catches a chain rebuilt from scratch by someone who can write the database.
 */
export async function runVerifyAuditCommand(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { anchor: { type: 'string' } } });
  let anchor: { seq: number; hash: string } | undefined;
  if (values.anchor !== undefined) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(values.anchor.trim());
    if (!m) {
      fail(`"${values.anchor}" không phải SỐ:MÃ_BĂM (ví dụ 1204:3fa1…, mã băm 64 ký tự hex).`);
    }
    anchor = { seq: Number(m[1]), hash: m[2]! };
  }
  const { db } = await boot();
  try {
    const verdict = await verifyAuditChain(db, anchor);
    if (verdict.ok) {
      process.stdout.write(
        `Nhật ký kiểm toán nguyên vẹn: ${verdict.checked} bản ghi.\n` +
          `Đầu chuỗi: ${verdict.headSeq}:${verdict.headHash}\n` +
          'Lưu cặp SỐ:MÃ_BĂM này ở nơi khác để đối chiếu sau (--anchor).\n',
      );
      return;
    }
    const b = verdict.broken!;
    const where = b.event
      ? `bản ghi số ${b.event.seq ?? '?'} (id ${b.event.id}, ${b.event.at}, ${b.event.action})`
      : 'cuối chuỗi';
    process.stderr.write(
      `LỖI: Nhật ký kiểm toán bị thay đổi tại ${where}: ${b.message}\n` +
        `  Mã lỗi: ${b.problem}. Các bản ghi trước đó (${verdict.checked}) hợp lệ.\n`,
    );
    process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}
