import type { Database } from '../../db/database';
import { newId } from '../../platform/ids';
import type { AuditEventName } from './audit-events';

export interface AuditInput {
  at: Date;
  actorUserId: string | null;
  action: AuditEventName;
  entityType: string;
  entityId: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
}

export function auditRepo(db: Database) {
  return {
    async append(e: AuditInput): Promise<void> {
      await db
        .insertInto('audit_event')
        .values({
          id: newId(e.at.getTime()),
          at: e.at.toISOString(),
          actorUserId: e.actorUserId,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId,
          data: JSON.stringify(e.data ?? {}),
          ip: e.ip ?? null,
        })
        .execute();
    },

    async listForEntity(entityType: string, entityId: string) {
      return db
        .selectFrom('audit_event')
        .selectAll()
        .where('entityType', '=', entityType)
        .where('entityId', '=', entityId)
        .orderBy('at')
        .orderBy('id')
        .execute();
    },

    async countByActor(userId: string): Promise<number> {
      const row = await db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('actorUserId', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;
