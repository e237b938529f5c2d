import type { Database } from '../../db/database';
import type { AuditEventTable } from '../../db/tables';
import { newId } from '../../platform/ids';
import { currentRequestScope } from '../../platform/request-scope';
import { chainHash } from './audit-chain';
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

export type AuditRow = AuditEventTable;

export interface AuditFilter {
  fromAt?: string;
  toAt?: string;
  /** A user id or a username. */
  actor?: string;
  actions?: readonly string[];
  entityType?: string;
  entityId?: string;
  /** Events before this sequence number (keyset paging, newest first). */
  beforeSeq?: number;
  limit: number;
}

export function auditRepo(db: Database) {
  /**
   * Appends one event to the chain. The head row is updated first: on PostgreSQL that row lock
   * (and on SQLite the write lock) makes concurrent appends take turns, so every event links to
   * the one committed just before it. Callers append last in their transaction, which keeps the
   * lock short. Request id, IP and roles come from the request scope when the caller has them.
   */
  async function appendIn(tx: Database, e: AuditInput): Promise<void> {
    const scope = currentRequestScope();
    const actor = scope?.actor();
    const roles =
      actor && actor.userId === e.actorUserId
        ? JSON.stringify(actor.roles.map((g) => (g.unitId ? `${g.role}@${g.unitId}` : g.role)))
        : null;
    const head = await tx
      .updateTable('audit_chain_head')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('id', '=', 1)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    const row = {
      seq: Number(head.seq),
      prevHash: head.hash,
      id: newId(e.at.getTime()),
      at: e.at.toISOString(),
      actorUserId: e.actorUserId,
      actorRoles: roles,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      data: JSON.stringify(e.data ?? {}),
      ip: e.ip ?? scope?.ip ?? null,
      requestId: scope?.requestId ?? null,
    };
    const hash = chainHash(row);
    await tx
      .insertInto('audit_event')
      .values({ ...row, hash })
      .execute();
    await tx.updateTable('audit_chain_head').set({ hash }).where('id', '=', 1).execute();
  }

  return {
    async append(e: AuditInput): Promise<void> {
      if (db.isTransaction) {
        await appendIn(db, e);
      } else {
        await db.transaction().execute((tx) => appendIn(tx, e));
      }
    },

    async listForEntity(entityType: string, entityId: string) {
      return db
        .selectFrom('audit_event')
        .selectAll()
        .where('entityType', '=', entityType)
        .where('entityId', '=', entityId)
        .orderBy('seq')
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

    /** Newest first, one page past `beforeSeq`, with the actor's name. */
    async list(f: AuditFilter) {
      let q = db
        .selectFrom('audit_event as e')
        .leftJoin('app_user as u', 'u.id', 'e.actorUserId')
        .selectAll('e')
        .select(['u.username as actorUsername', 'u.fullName as actorFullName']);
      if (f.fromAt) {
        q = q.where('e.at', '>=', f.fromAt);
      }
      if (f.toAt) {
        q = q.where('e.at', '<', f.toAt);
      }
      if (f.actor) {
        const actor = f.actor;
        q = q.where((eb) =>
          eb.or([eb('e.actorUserId', '=', actor), eb('u.username', '=', actor.toLowerCase())]),
        );
      }
      if (f.actions && f.actions.length > 0) {
        q = q.where('e.action', 'in', [...f.actions]);
      }
      if (f.entityType) {
        q = q.where('e.entityType', '=', f.entityType);
      }
      if (f.entityId) {
        q = q.where('e.entityId', '=', f.entityId);
      }
      if (f.beforeSeq !== undefined) {
        q = q.where('e.seq', '<', f.beforeSeq);
      }
      return q.orderBy('e.seq', 'desc').limit(f.limit).execute();
    },

    async head(): Promise<{ seq: number; hash: string } | undefined> {
      const row = await db
        .selectFrom('audit_chain_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .executeTakeFirst();
      return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
    },

    /** Events in chain order after `afterSeq`, one page at a time (for verification). */
    async chainPage(afterSeq: number, limit: number): Promise<AuditRow[]> {
      return db
        .selectFrom('audit_event')
        .selectAll()
        .where((eb) => eb.or([eb('seq', '>', afterSeq), eb('seq', 'is', null)]))
        .orderBy('seq')
        .limit(limit)
        .execute();
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;
