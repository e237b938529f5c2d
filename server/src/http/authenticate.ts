import type { Actor } from '@cchc/domain/access/roles';
import type {} from '@fastify/cookie';
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { type ResolvedSession, SESSION_COOKIE, type SessionService } from '../modules/auth/session.service';
import type { Ctx } from '../modules/shared/context';
import type { UsersService } from '../modules/users/users.service';

declare module 'fastify' {
  interface FastifyRequest {
    auth: { actor: Actor; session: ResolvedSession } | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, health, sign-out). */
    public?: boolean;
    /** Writes that need no CSRF token even with a session cookie: only sign-in (JSON-only, no session yet). */
    csrfExempt?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Secure by default: every /api route needs a live session (routes opt out with
 * `config: { public: true }`), and every write that carries a live session cookie needs the
 * session's CSRF token in X-CSRF-Token (synchronizer-token pattern) — public routes included,
 * sign-in excepted (`csrfExempt`).
 */
export function registerAuthentication(
  app: FastifyInstance,
  sessions: SessionService,
  users: UsersService,
): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const url = request.url;
    if (!url.startsWith('/api/') || url.startsWith('/api/docs') || request.is404) {
      return;
    }
    const session = await sessions.resolve(request.cookies[SESSION_COOKIE]);
    const principal = session ? await users.loadPrincipal(session.userId) : null;
    request.auth = session && principal ? { actor: principal.actor, session } : null;
    const { public: isPublic, csrfExempt } = request.routeOptions.config;
    if (request.auth && !SAFE_METHODS.has(request.method) && !csrfExempt) {
      const header = request.headers['x-csrf-token'];
      if (!sessions.csrfMatches(request.auth.session, typeof header === 'string' ? header : undefined)) {
        throw new AppError('CSRF_INVALID');
      }
    }
    if (isPublic) {
      return;
    }
    if (!request.auth) {
      throw new AppError('UNAUTHENTICATED');
    }
    // An administrator-set password is temporary: only the auth routes work until it is changed.
    if (principal?.mustChangePassword && !url.startsWith('/api/auth/')) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
  });
}

/** The service context of an authenticated request. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.auth) {
    throw new AppError('UNAUTHENTICATED');
  }
  return { actor: request.auth.actor, ip: request.ip };
}
