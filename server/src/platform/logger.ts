import type { FastifyServerOptions } from 'fastify';

/**
 * What is never written to the log, wherever it appears: the session cookie (request and
 * response), the CSRF token, any Authorization header, and password or token fields of an object
 * someone logs (a request body in a debug line, the SMTP settings). Fastify's own request lines
 * carry neither headers nor bodies, but plugins log more at debug and trace: @fastify/multipart
 * logs `busboyOptions.headers` (cookie and CSRF token included) — hence `*.headers.…`, which covers
 * req, res and any such object. server/test/security.test.ts checks this at LOG_LEVEL=trace.
 */
export const REDACTED_PATHS = [
  'headers.cookie',
  'headers.authorization',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.headers["x-csrf-token"]',
  '*.headers["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'csrfToken',
  'token',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.csrfToken',
  '*.token',
  '*.body.password',
  '*.body.currentPassword',
  '*.body.newPassword',
  // S3_SECRET_ACCESS_KEY (config.storage) and the SDK's credentials object, should either be logged.
  'secretAccessKey',
  '*.secretAccessKey',
  '*.*.secretAccessKey',
];

/**
 * pino options: JSON lines in production, readable lines on a terminal. Secrets never logged.
 * `stream` (tests) receives the JSON lines instead of stdout.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  if (stream) {
    return { level, redact, stream };
  }
  return {
    level,
    redact,
    ...(process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } }
      : {}),
  };
}
