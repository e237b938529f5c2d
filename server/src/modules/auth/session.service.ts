import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config';
import type { ServiceDeps } from '../shared/context';
import { sessionRepo } from './session.repo';

export const SESSION_COOKIE = 'cchc_session';

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface ResolvedSession {
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: string;
}

/**
 * DB-backed sessions, independent of how the user proved who they are: every AuthProvider
 * (local password today, OIDC/LDAP later) ends in `createSession`.
 * The cookie holds a random token; the table holds only its sha256.
 */
export function createSessionService({ db, clock }: ServiceDeps, config: Config['session']) {
  const sessions = sessionRepo(db);
  const idleMs = config.idleMinutes * 60_000;
  const maxMs = config.maxHours * 3_600_000;

  return {
    async createSession(
      userId: string,
      provider: string,
      meta: { ip: string | null; userAgent: string | null },
    ): Promise<{ token: string; session: ResolvedSession }> {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + idleMs).toISOString();
      const id = sha256(token);
      await sessions.insert({
        id,
        userId,
        csrfToken,
        provider,
        now: now.toISOString(),
        expiresAt,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 500) ?? null,
      });
      return { token, session: { id, userId, csrfToken, expiresAt } };
    },

    /** Returns the live session for a cookie token, sliding its idle expiry; null if unknown, expired or revoked. */
    async resolve(token: string | undefined): Promise<ResolvedSession | null> {
      if (!token || token.length > 200) {
        return null;
      }
      const row = await sessions.findById(sha256(token));
      if (!row || row.revokedAt !== null) {
        return null;
      }
      const now = clock.now();
      const hardLimit = new Date(row.createdAt).getTime() + maxMs;
      if (now.getTime() >= new Date(row.expiresAt).getTime() || now.getTime() >= hardLimit) {
        return null;
      }
      const newExpiry = Math.min(now.getTime() + idleMs, hardLimit);
      // Write at most once a minute per session: reads stay reads.
      if (now.getTime() - new Date(row.lastSeenAt).getTime() > 60_000) {
        await sessions.touch(row.id, now.toISOString(), new Date(newExpiry).toISOString());
        return {
          id: row.id,
          userId: row.userId,
          csrfToken: row.csrfToken,
          expiresAt: new Date(newExpiry).toISOString(),
        };
      }
      return { id: row.id, userId: row.userId, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
    },

    async revoke(sessionId: string): Promise<void> {
      await sessions.revoke(sessionId, clock.now().toISOString());
    },

    /** Revokes the session a cookie token names, if any (whoever it belongs to, live or not). */
    async revokeToken(token: string | undefined): Promise<void> {
      if (token && token.length <= 200) {
        await sessions.revoke(sha256(token), clock.now().toISOString());
      }
    },

    async revokeAllForUser(userId: string, exceptSessionId?: string): Promise<void> {
      await sessions.revokeAllForUser(userId, clock.now().toISOString(), exceptSessionId);
    },

    /** Constant-time comparison of the X-CSRF-Token header with the session's token. */
    csrfMatches(session: ResolvedSession, header: string | undefined): boolean {
      if (!header) {
        return false;
      }
      const a = Buffer.from(session.csrfToken);
      const b = Buffer.from(header);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
