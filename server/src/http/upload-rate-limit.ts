import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Config } from '../config';
import { AppError } from '../errors';

declare module 'fastify' {
  interface FastifyInstance {
    /** "POST /api/…" of every route under the upload rate limit (tests check the list is complete). */
    uploadRoutes: readonly string[];
  }
}

/** An upload route is one that takes multipart/form-data (its OpenAPI `consumes` says so). */
export function isUploadRoute(route: Pick<RouteOptions, 'schema'>): boolean {
  const consumes = (route.schema as { consumes?: unknown } | undefined)?.consumes;
  return Array.isArray(consumes) && consumes.includes('multipart/form-data');
}

/**
 * One budget of uploads per signed-in user and minute, shared by every upload route (evidence,
 * campaign guidance, explanation and appeal files, index-set and scorecard workbook imports).
 *
 * Keyed by the user, not the IP address: the agency's 300 users may all come through one NAT or
 * reverse proxy (the load test runs them all from loopback), and one person's burst must not stop
 * the others. The check runs after authentication and CSRF (route hooks run after the
 * application's), so a refused or forged request never spends anyone's budget, and before the body
 * is read, so a refused upload is not received. Must be called before the routes are registered.
 */
export function registerUploadRateLimit(app: FastifyInstance, config: Config['uploads']): void {
  const max = config.ratePerMinute;
  // One limiter, hence one counter store, for all upload routes together.
  const limiter = app.createRateLimit({
    max,
    timeWindow: 60_000,
    keyGenerator: (request) => (request.auth ? `user:${request.auth.actor.userId}` : `ip:${request.ip}`),
  });

  async function limitUploads(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const result = await limiter(request);
    if (result.isAllowed) {
      return;
    }
    reply.header('x-ratelimit-limit', String(result.max));
    reply.header('x-ratelimit-remaining', String(result.remaining));
    if (!result.isExceeded) {
      return;
    }
    const seconds = Math.max(1, result.ttlInSeconds);
    reply.header('retry-after', String(seconds));
    // The body is not read: close the connection after the answer rather than drain a large file.
    reply.header('connection', 'close');
    throw new AppError(
      'RATE_LIMITED',
      `Bạn đã tải lên quá nhiều tệp trong thời gian ngắn (tối đa ${max} tệp mỗi phút). Vui lòng thử lại sau ${seconds} giây.`,
      { details: { retryAfterSeconds: seconds } },
    );
  }

  const routes: string[] = [];
  app.decorate('uploadRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (!isUploadRoute(route)) {
      return;
    }
    routes.push(`${[route.method].flat().join(',')} ${route.url}`);
    const existing = route.onRequest;
    route.onRequest = [...(Array.isArray(existing) ? existing : existing ? [existing] : []), limitUploads];
  });
}
