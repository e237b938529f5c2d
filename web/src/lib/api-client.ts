import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@cchc/domain/errors';
import { type Lang, translate } from './i18n';
import { hasUnsavedWork, requestRelogin } from './session-recovery';

/** Error codes the client produces itself, on top of the server's closed list. */
export type ClientErrorCode = 'NETWORK_ERROR';

/** Every failed API call rejects with this. `message` is the server's (Vietnamese) message. */
export class ApiError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly status: number;
  /** Field-level problems keyed by dotted path (e.g. `roles.0.unitId`), Vietnamese text. */
  readonly fields: Record<string, string>;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(
    code: ErrorCode | ClientErrorCode,
    status: number,
    message: string,
    extra: { fields?: Record<string, string>; details?: Record<string, unknown>; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.fields = extra.fields ?? {};
    this.details = extra.details ?? {};
    this.requestId = extra.requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;
let passwordChangeHandler: (() => void) | null = null;

/** Kept from SessionInfo (login and /me); sent back as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Called when any call other than login or /me answers 401 (the session is gone) — unless a page
 * holds unsaved work: then the user is asked to sign in again in place (lib/session-recovery).
 */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** Called when the server refuses a call until the user changes the administrator-set password. */
export function setPasswordChangeRequiredHandler(handler: (() => void) | null): void {
  passwordChangeHandler = handler;
}

/** Calls whose 401 is an answer, not a lost session. */
const OWN_401_PATHS = new Set(['/api/auth/login', '/api/auth/me']);

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) {
    return false;
  }
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  return (await send<T>(method, path, body, query)).data;
}

/** A successful answer with its HTTP status (e.g. 202 "job created" vs 200 "existing job"). */
export interface ApiResponse<T> {
  status: number;
  data: T;
}

async function send<T>(method: string, path: string, body?: unknown, query?: Query): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A FormData body (file upload) sets its own multipart Content-Type with the boundary.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && path !== '/api/auth/login' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', 0, translate('vi', 'errors.network'));
  }

  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) {
    return { status: response.status, data: data as T };
  }

  let error: ApiError;
  if (isErrorBody(data) && isKnownCode(data.error.code)) {
    const e = data.error;
    error = new ApiError(e.code, response.status, e.message, {
      fields: e.fields,
      details: e.details,
      requestId: e.requestId,
    });
  } else if (response.status === 401) {
    error = new ApiError('UNAUTHENTICATED', 401, ERROR_CODES.UNAUTHENTICATED.vi);
  } else if (response.status >= 502 && response.status <= 504) {
    error = new ApiError('SERVICE_UNAVAILABLE', response.status, ERROR_CODES.SERVICE_UNAVAILABLE.vi);
  } else {
    error = new ApiError('INTERNAL', response.status, ERROR_CODES.INTERNAL.vi);
  }

  if (response.status === 401 && !OWN_401_PATHS.has(path)) {
    csrfToken = null;
    if (hasUnsavedWork()) {
      // Leaving for /login would throw the unsaved changes away: sign in again on this page.
      requestRelogin();
    } else {
      unauthorizedHandler?.();
    }
  } else if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
    passwordChangeHandler?.();
  }
  throw error;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  /** POST that also tells the success status (201/202 created vs 200 existing). */
  postWithStatus: <T>(path: string, body?: unknown) => send<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** POST multipart/form-data (with the CSRF header like every write); `fields` become form parts. */
  upload: <T>(path: string, fields: Record<string, Blob | string>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      form.append(name, value);
    }
    return request<T>('POST', path, form);
  },
};

/** The text to show for an error: the server's Vietnamese message, or the English text of its code. */
export function describeError(error: unknown, lang: Lang): string {
  if (!isApiError(error)) {
    return translate(lang, 'errors.unexpected');
  }
  if (error.code === 'NETWORK_ERROR') {
    return translate(lang, 'errors.network');
  }
  let text = lang === 'vi' ? error.message : ERROR_CODES[error.code].en;
  if (error.code === 'INTERNAL' && error.requestId) {
    text = `${text} ${translate(lang, 'errors.reference', { id: error.requestId })}`;
  }
  return text;
}

/**
 * Field errors for a form: `[namePath, text]` pairs. Server field texts are Vietnamese only, so the
 * English UI shows the English text of the error code on each field instead.
 */
export function fieldErrors(error: unknown, lang: Lang): { name: (string | number)[]; errors: string[] }[] {
  if (!isApiError(error)) {
    return [];
  }
  return Object.entries(error.fields)
    .filter(([path]) => path !== '_')
    .map(([path, text]) => ({
      name: path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      errors: [lang === 'vi' || error.code === 'NETWORK_ERROR' ? text : ERROR_CODES[error.code].en],
    }));
}
