import { type Action, can, type Resource } from '@cchc/domain/access/policy';
import type { Actor } from '@cchc/domain/access/roles';
import type { Database } from '../../db/database';
import { AppError } from '../../errors';
import type { Clock } from '../../platform/clock';

/** Who calls a service and from where; built by the HTTP layer from the session. */
export interface Ctx {
  actor: Actor;
  ip: string | null;
}

/** What every service factory receives. No container: each service takes what it uses. */
export interface ServiceDeps {
  db: Database;
  clock: Clock;
}

/** First line of every service function: the policy decides, before any data is touched. */
export function requirePermission(actor: Actor, action: Action, resource?: Resource): void {
  if (!can(actor, action, resource)) {
    throw new AppError('FORBIDDEN');
  }
}
