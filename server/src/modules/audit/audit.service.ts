import { can } from '@cchc/domain/access/policy';
import type {
  AuditEntryView,
  AuditPage,
  AuditPageQuery,
  AuditQuery,
  AuditVerifyView,
} from '@cchc/domain/api/audit';
import { UNIT_VISIBLE_EVENTS } from '@cchc/domain/audit/events';
import type { Database } from '../../db/database';
import type { ScorecardAccess } from '../scorecards/scorecard-access';
import { type Ctx, requirePermission, type ServiceDeps } from '../shared/context';
import { type AuditRow, auditRepo } from './audit.repo';
import { chainVerifier } from './audit-chain';

type ListedRow = AuditRow & { actorUsername: string | null; actorFullName: string | null };

/** Start of a local day (Asia/Ho_Chi_Minh, UTC+7 all year) as a stored UTC instant. */
function dayStart(localDate: string, plusDays = 0): string {
  const d = new Date(`${localDate}T00:00:00+07:00`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d.toISOString();
}

function view(row: ListedRow, forUnit: boolean): AuditEntryView {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.data);
    data =
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : { value: parsed };
  } catch {
    data = { raw: row.data };
  }
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actor:
      row.actorUserId && row.actorUsername
        ? { userId: row.actorUserId, username: row.actorUsername, fullName: row.actorFullName ?? '' }
        : null,
    actorRoles: row.actorRoles ? (JSON.parse(row.actorRoles) as string[]) : null,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    data,
    ip: forUnit ? null : row.ip,
    requestId: forUnit ? null : row.requestId,
    hash: row.hash,
  };
}

/** Walks the whole chain in pages of `pageSize` (memory stays flat at any length). */
export async function verifyAuditChain(
  db: Database,
  anchor?: { seq: number; hash: string },
  pageSize = 2000,
): Promise<AuditVerifyView> {
  const repo = auditRepo(db);
  // The head first: events appended while the walk runs come after it and are not judged.
  const head = await repo.head();
  const verifier = chainVerifier(anchor);
  let after = 0;
  for (;;) {
    const page = await repo.chainPage(after, pageSize);
    let more = page.length === pageSize;
    for (const row of page) {
      if (head && row.seq !== null && Number(row.seq) > head.seq) {
        more = false;
        break;
      }
      if (!verifier.push(row)) {
        more = false;
        break;
      }
      after = Number(row.seq);
    }
    if (!more) {
      break;
    }
  }
  return verifier.finish(head);
}

/** The audit viewer (Office and administrators) and a scorecard's own log (docs/audit.md). */
export function createAuditService({ db }: ServiceDeps, access: ScorecardAccess) {
  return {
    async list(ctx: Ctx, q: AuditQuery): Promise<AuditPage> {
      requirePermission(ctx.actor, 'audit.read');
      const rows = (await auditRepo(db).list({
        fromAt: q.from ? dayStart(q.from) : undefined,
        toAt: q.to ? dayStart(q.to, 1) : undefined,
        actor: q.actor,
        actions: q.action,
        entityType: q.entityType,
        entityId: q.entityId,
        beforeSeq: q.before,
        limit: q.limit + 1,
      })) as ListedRow[];
      const page = rows.slice(0, q.limit);
      return {
        rows: page.map((r) => view(r, false)),
        nextBefore: rows.length > q.limit ? Number(page[page.length - 1]!.seq) : null,
      };
    },

    /**
     * The log of one scorecard. Whoever may read the scorecard may read its log; a reader without
     * `audit.read` (the unit, an assigned appraiser) sees the unit-visible events only.
     */
    async scorecardLog(ctx: Ctx, scorecardId: string, q: AuditPageQuery): Promise<AuditPage> {
      await access.loadForRead(ctx, scorecardId);
      const full = can(ctx.actor, 'audit.read');
      const rows = (await auditRepo(db).list({
        entityType: 'scorecard',
        entityId: scorecardId,
        actions: full ? undefined : UNIT_VISIBLE_EVENTS,
        beforeSeq: q.before,
        limit: q.limit + 1,
      })) as ListedRow[];
      const page = rows.slice(0, q.limit);
      return {
        rows: page.map((r) => view(r, !full)),
        nextBefore: rows.length > q.limit ? Number(page[page.length - 1]!.seq) : null,
      };
    },

    async verify(ctx: Ctx): Promise<AuditVerifyView> {
      requirePermission(ctx.actor, 'audit.read');
      return verifyAuditChain(db);
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
