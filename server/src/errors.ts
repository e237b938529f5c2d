import { ERROR_CODES, type ErrorCode } from '@cchc/domain/errors';

/**
 * What services throw. Carries a code from the closed list in `domain/errors.ts`; the message
 * defaults to that code's Vietnamese text. Mapped to HTTP only in `http/error-handler.ts`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extra: { fields?: Record<string, string>; details?: Record<string, unknown> } = {},
  ) {
    super(message ?? ERROR_CODES[code].vi);
    this.name = 'AppError';
  }
}
