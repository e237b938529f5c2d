import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@cchc/domain/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors';

/** Builds the JSON error body; every error response of the API has this shape. */
export function errorBody(
  code: ErrorCode,
  message: string | undefined,
  requestId: string,
  extra: { fields?: Record<string, string>; details?: Record<string, unknown> } = {},
): ErrorBody {
  return { error: { code, message: message ?? ERROR_CODES[code].vi, ...extra, requestId } };
}

/** Maps Fastify's own error codes (body parsing, limits) onto ours. */
function fromFastify(error: FastifyError): ErrorCode | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'INVALID_JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'VALIDATION_ERROR';
    default:
      break;
  }
  if (error instanceof SyntaxError) {
    return 'INVALID_JSON';
  }
  if (error.statusCode === 429) {
    return 'RATE_LIMITED';
  }
  return null;
}

/** The one place where errors become HTTP responses. Unknown errors are logged and hidden as 500. */
/** node-postgres: no pooled connection within connectionTimeoutMillis, or the server refused/closed. */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { message?: unknown; code?: unknown };
  return (
    (typeof e.message === 'string' &&
      (e.message.includes('timeout exceeded when trying to connect') ||
        e.message.includes('Connection terminated due to connection timeout'))) ||
    e.code === 'ECONNREFUSED' ||
    e.code === '57P03' // cannot_connect_now (starting up / shutting down)
  );
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      const status = ERROR_CODES[error.code].status;
      if (status >= 500) {
        request.log.error({ err: error }, error.message);
      }
      return reply.status(status).send(errorBody(error.code, error.message, request.id, error.extra));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      for (const issue of error.validation) {
        const key = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || '_';
        fields[key] ??= issue.message ?? 'Không hợp lệ.';
      }
      const first = Object.values(fields)[0];
      return reply.status(400).send(
        errorBody('VALIDATION_ERROR', first ? `Dữ liệu không hợp lệ: ${first}` : undefined, request.id, {
          fields,
        }),
      );
    }
    const mapped = fromFastify(error);
    if (mapped) {
      return reply.status(ERROR_CODES[mapped].status).send(errorBody(mapped, undefined, request.id));
    }
    if (isDatabaseUnavailable(error)) {
      // Every pooled PostgreSQL connection busy past the pool's wait (a rush of readers), or the
      // database down: the request can be retried, nothing was written — 503, not a 500.
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(errorBody('SERVICE_UNAVAILABLE', undefined, request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', undefined, request.id));
  });

  app.setNotFoundHandler((request, reply) => {
    if (!request.url.startsWith('/api/') && request.method === 'GET' && app.hasDecorator('serveSpa')) {
      // Client-side routes of the web app fall back to index.html.
      return (reply as FastifyReply & { sendFile(name: string): FastifyReply }).sendFile('index.html');
    }
    return reply.status(404).send(errorBody('NOT_FOUND', 'Không tìm thấy đường dẫn yêu cầu.', request.id));
  });
}
