import { ROLE_LABELS } from '@cchc/domain/access/roles';
import type { SeedResult } from './seed/demo';

/** Prints accounts created by a seed or the CLI; the only time their passwords are shown. */
export function printLogins(result: SeedResult): void {
  if (result.users.length === 0) {
    return;
  }
  const lines = result.users.map(
    (u) =>
      `  ${u.username.padEnd(15)} ${u.password}   ${ROLE_LABELS[u.role].vi}${u.unitCode ? ` (${u.unitCode})` : ''}`,
  );
  process.stdout.write(
    `\nTài khoản demo (mật khẩu chỉ hiện MỘT LẦN — hãy ghi lại):\n${lines.join('\n')}\n\n`,
  );
}
