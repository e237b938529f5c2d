import { permissionsOf } from '@cchc/domain/access/policy';
import type { Actor } from '@cchc/domain/access/roles';
import type { ChangePasswordInput, LoginInput, SessionInfo } from '@cchc/domain/api/auth';
import type { Config } from '../../config';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { auditRepo } from '../audit/audit.repo';
import type { ServiceDeps } from '../shared/context';
import type { UsersService } from '../users/users.service';
import { credentialsRepo } from './credentials.repo';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './password';
import { createLocalProvider } from './providers/local.provider';
import type { ResolvedSession, SessionService } from './session.service';

interface Meta {
  ip: string | null;
  userAgent: string | null;
}

/** Sign-in, sign-out, "who am I" and password change, on top of pluggable providers and DB sessions. */
export function createAuthService(
  deps: ServiceDeps,
  config: Pick<Config, 'login'>,
  sessions: SessionService,
  users: UsersService,
) {
  const { db, clock } = deps;
  const local = createLocalProvider(deps, config.login);

  /**
   * `known`: the actor the authentication hook loaded for this very request (GET /me), so the
   * user and roles are not read again for it; without it (just signed in) it is loaded here.
   */
  async function sessionInfo(session: ResolvedSession, known?: Actor): Promise<SessionInfo> {
    const actor = known?.userId === session.userId ? known : await users.loadActor(session.userId);
    if (!actor) {
      throw new AppError('UNAUTHENTICATED');
    }
    const profile = await users.getProfile(session.userId);
    return {
      user: {
        id: profile.id,
        username: profile.username,
        fullName: profile.fullName,
        email: profile.email,
        roles: profile.roles,
        mustChangePassword: profile.mustChangePassword === 1,
      },
      permissions: permissionsOf(actor),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  }

  return {
    /**
     * Checks the password with the local provider and opens a new session. The session the browser
     * presented (`presentedToken`, its cookie), whoever it belonged to, is revoked: signing in always
     * rotates the session, so a token planted or seen before sign-in (session fixation) is worthless.
     */
    async loginWithPassword(
      input: LoginInput,
      meta: Meta,
      presentedToken?: string,
    ): Promise<{ token: string; info: SessionInfo }> {
      const userId = await local.authenticate(input, meta);
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        await credentialsRepo(tx).recordSuccess(userId, now.toISOString());
        await auditRepo(tx).append({
          at: now,
          actorUserId: userId,
          action: 'auth.login',
          entityType: 'user',
          entityId: userId,
          data: { provider: local.id },
          ip: meta.ip,
        });
      });
      await sessions.revokeToken(presentedToken);
      const { token, session } = await sessions.createSession(userId, local.id, meta);
      return { token, info: await sessionInfo(session) };
    },

    async logout(session: ResolvedSession, meta: Meta): Promise<void> {
      await sessions.revoke(session.id);
      await auditRepo(db).append({
        at: clock.now(),
        actorUserId: session.userId,
        action: 'auth.logout',
        entityType: 'user',
        entityId: session.userId,
        ip: meta.ip,
      });
    },

    sessionInfo,

    /** Changes the actor's own password; other sessions of the user are signed out. */
    async changePassword(
      actor: Actor,
      session: ResolvedSession,
      input: ChangePasswordInput,
      meta: Meta,
    ): Promise<void> {
      const creds = await credentialsRepo(db).findById(actor.userId);
      if (!creds?.passwordHash || !(await verifyPassword(creds.passwordHash, input.currentPassword))) {
        throw new AppError('WRONG_PASSWORD', undefined, {
          fields: { currentPassword: 'Mật khẩu hiện tại không đúng.' },
        });
      }
      assertPasswordPolicy(input.newPassword, (await users.getProfile(actor.userId)).username, 'newPassword');
      if (input.newPassword === input.currentPassword) {
        throw new AppError('WEAK_PASSWORD', 'Mật khẩu mới phải khác mật khẩu hiện tại.', {
          fields: { newPassword: 'Mật khẩu mới phải khác mật khẩu hiện tại.' },
        });
      }
      const passwordHash = await hashPassword(input.newPassword);
      await inTransaction(db, async (tx) => {
        const now = clock.now();
        await credentialsRepo(tx).setPassword(actor.userId, passwordHash, false, now.toISOString());
        await auditRepo(tx).append({
          at: now,
          actorUserId: actor.userId,
          action: 'auth.passwordChanged',
          entityType: 'user',
          entityId: actor.userId,
          ip: meta.ip,
        });
      });
      await sessions.revokeAllForUser(actor.userId, session.id);
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
