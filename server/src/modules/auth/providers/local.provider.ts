import type { LoginInput } from '@cchc/domain/api/auth';
import type { Config } from '../../../config';
import { inTransaction } from '../../../db/transaction';
import { AppError } from '../../../errors';
import { auditRepo } from '../../audit/audit.repo';
import type { ServiceDeps } from '../../shared/context';
import { credentialsRepo } from '../credentials.repo';
import { dummyPasswordHash, verifyPassword } from '../password';
import type { AuthProvider } from './provider';

const MAX_LOCK_MINUTES = 24 * 60;

/**
 * Lock duration after `failures` consecutive failures: none below the threshold, then the base
 * duration, doubling at every further multiple of the threshold (5 → 15 min, 10 → 30, 15 → 60 …).
 */
export function lockMinutesAfter(failures: number, policy: Config['login']): number {
  if (failures < policy.maxFailures || failures % policy.maxFailures !== 0) {
    return 0;
  }
  const step = failures / policy.maxFailures - 1;
  return Math.min(policy.lockMinutes * 2 ** step, MAX_LOCK_MINUTES);
}

/** Username + password against the argon2id hash, with lockout and back-off. */
export function createLocalProvider(
  { db, clock }: ServiceDeps,
  policy: Config['login'],
): AuthProvider<LoginInput> {
  return {
    id: 'local',
    async authenticate(input, meta) {
      const username = input.username.trim().toLowerCase();
      const user = await credentialsRepo(db).findByUsername(username);
      if (!user || user.passwordHash === null) {
        await verifyPassword(await dummyPasswordHash(), input.password);
        await auditRepo(db).append({
          at: clock.now(),
          actorUserId: null,
          action: 'auth.loginFailed',
          entityType: 'user',
          entityId: null,
          data: { username: username.slice(0, 64), reason: 'unknown-user' },
          ip: meta.ip,
        });
        throw new AppError('INVALID_CREDENTIALS');
      }
      const now = clock.now();
      if (user.lockedUntil && new Date(user.lockedUntil).getTime() > now.getTime()) {
        // Not counted and not checked: a locked account does not become an oracle for the password.
        // From the outside it looks like any wrong password (same answer, same argon2 cost), so that
        // the lock does not reveal that the username exists; the audit log keeps the real reason.
        await verifyPassword(await dummyPasswordHash(), input.password);
        await auditRepo(db).append({
          at: now,
          actorUserId: null,
          action: 'auth.loginFailed',
          entityType: 'user',
          entityId: user.id,
          data: { reason: 'locked', lockedUntil: user.lockedUntil },
          ip: meta.ip,
        });
        throw new AppError('INVALID_CREDENTIALS');
      }
      const ok = await verifyPassword(user.passwordHash, input.password);
      if (!ok) {
        const failures = user.failedLoginCount + 1;
        const lockMinutes = lockMinutesAfter(failures, policy);
        const lockedUntil =
          lockMinutes > 0 ? new Date(now.getTime() + lockMinutes * 60_000).toISOString() : null;
        await inTransaction(db, async (tx) => {
          await credentialsRepo(tx).recordFailure(user.id, failures, lockedUntil);
          await auditRepo(tx).append({
            at: now,
            actorUserId: null,
            action: lockedUntil ? 'auth.locked' : 'auth.loginFailed',
            entityType: 'user',
            entityId: user.id,
            data: { reason: 'wrong-password', failures, lockedUntil },
            ip: meta.ip,
          });
        });
        // The failure that locks the account answers like the others (the lock is in the audit log).
        throw new AppError('INVALID_CREDENTIALS');
      }
      if (user.isActive !== 1) {
        throw new AppError('ACCOUNT_DISABLED');
      }
      return user.id;
    },
  };
}
