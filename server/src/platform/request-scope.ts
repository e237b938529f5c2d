import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '@cchc/domain/access/roles';

/**
 * What the audit log records about the HTTP request a change came from (request id, client IP,
 * the actor's roles), without threading it through every service signature. Entered once per
 * request by an onRequest hook in app.ts; empty for the CLI and background jobs.
 */
export interface RequestScope {
  requestId: string;
  ip: string;
  /** Read at append time: authentication runs after the scope is entered. */
  actor(): Actor | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope(scope: RequestScope, fn: () => void): void {
  storage.run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
