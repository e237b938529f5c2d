import { ChangePasswordInput, LoginInput, SessionInfo } from '@cchc/domain/api/auth';
import { OkResponse } from '@cchc/domain/api/common';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config';
import { ctxOf } from '../../http/authenticate';
import type { AuthService } from './auth.service';
import { SESSION_COOKIE } from './session.service';

export const authRoutes =
  (auth: AuthService, config: Config): FastifyPluginAsyncZod =>
  async (app) => {
    const setCookie = (reply: FastifyReply, token: string) =>
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.session.cookieSecure,
        maxAge: config.session.maxHours * 3600,
      });

    app.post(
      '/login',
      {
        config: {
          public: true,
          csrfExempt: true,
          rateLimit: { max: config.login.ratePerMinute, timeWindow: '1 minute' },
        },
        schema: { tags: ['auth'], summary: 'Đăng nhập', body: LoginInput, response: { 200: SessionInfo } },
      },
      async (request, reply) => {
        const { token, info } = await auth.loginWithPassword(
          request.body,
          { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
          request.cookies[SESSION_COOKIE],
        );
        setCookie(reply, token);
        return info;
      },
    );

    app.post(
      '/logout',
      {
        config: { public: true },
        schema: { tags: ['auth'], summary: 'Đăng xuất', response: { 200: OkResponse } },
      },
      async (request, reply) => {
        // Public so that an expired session can still clear its cookie; a live one passed the CSRF check.
        if (request.auth) {
          await auth.logout(request.auth.session, {
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          });
        }
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'Người dùng hiện tại, quyền và mã CSRF',
          response: { 200: SessionInfo },
        },
      },
      async (request) => {
        const { session, actor } = request.auth!;
        return auth.sessionInfo(session, actor);
      },
    );

    app.post(
      '/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Đổi mật khẩu',
          body: ChangePasswordInput,
          response: { 200: OkResponse },
        },
      },
      async (request) => {
        const ctx = ctxOf(request);
        await auth.changePassword(ctx.actor, request.auth!.session, request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        return { ok: true as const };
      },
    );
  };
