import { createHash } from 'node:crypto';
import { allowedActions, can } from '@cchc/domain/access/policy';
import {
  type CloneIndexSetInput,
  INDEX_SET_ITEM_ACTIONS,
  type IndexSetDetail,
  type IndexSetStatus,
  type IndexSetSummary,
} from '@cchc/domain/api/index-sets';
import { type IndexSetDocument, isLeaf, type Node } from '@cchc/domain/index-set/format';
import { parseIndexSet } from '@cchc/domain/index-set/validate';
import {
  findIndexSetTransition,
  INDEX_SET_TRANSITIONS,
  type IndexSetTransitionAction,
} from '@cchc/domain/workflow/index-set.machine';
import { isUniqueViolation } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../errors';
import { newId } from '../../platform/ids';
import { auditRepo } from '../audit/audit.repo';
import { type Ctx, requirePermission, type ServiceDeps } from '../shared/context';
import { documentFromFile, invalid } from './index-set-file';
import { type IndexSetRow, indexSetsRepo } from './index-sets.repo';
import { writeIndexSetXlsx } from './xlsx/index-set-xlsx';

function countLeaves(nodes: readonly Node[]): number {
  let n = 0;
  for (const node of nodes) {
    for (const child of node.children) {
      n += isLeaf(child) ? 1 : countLeaves([child]);
    }
  }
  return n;
}

function serialise(doc: IndexSetDocument): { document: string; documentHash: string; leafCount: number } {
  const document = JSON.stringify(doc);
  return {
    document,
    documentHash: createHash('sha256').update(document).digest('hex'),
    leafCount: countLeaves(doc.nodes),
  };
}

/**
 * Import writes one new version per code at a time. The lock is per process; the unique
 * (code, version) constraint covers several processes: the loser gets the same clear error.
 */
const importing = new Set<string>();

/** Index sets (Bộ chỉ số): versioned documents in the interchange format. */
export function createIndexSetsService({ db, clock }: ServiceDeps) {
  const repo = indexSetsRepo(db);

  function summary(ctx: Ctx, row: IndexSetRow, latest: number): IndexSetSummary {
    const isLatest = row.version === latest;
    const resource = { type: 'indexSet' as const, indexSetId: row.id };
    const candidates = allowedActions(ctx.actor, INDEX_SET_ITEM_ACTIONS, resource);
    // The policy says who; the state says whether: only drafts are edited, the machine decides publishing.
    const stateAllows: Record<(typeof INDEX_SET_ITEM_ACTIONS)[number], boolean> = {
      'indexSet.edit': row.status === 'DRAFT',
      'indexSet.publish': findIndexSetTransition(row.status as IndexSetStatus, 'publish') !== null,
      'indexSet.newVersion': true,
      'indexSet.clone': true,
    };
    return {
      id: row.id,
      code: row.code,
      version: row.version,
      year: row.year,
      name: row.name,
      status: row.status as IndexSetStatus,
      leafCount: row.leafCount,
      isLatest,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      publishedAt: row.publishedAt,
      allowedActions: candidates.filter((a) => stateAllows[a]),
    };
  }

  async function loadVisible(ctx: Ctx, id: string) {
    requirePermission(ctx.actor, 'indexSet.read', { type: 'indexSet', indexSetId: id });
    const row = await repo.findById(id);
    if (!row || (row.status !== 'PUBLISHED' && !can(ctx.actor, 'indexSet.readDrafts'))) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy bộ chỉ số.');
    }
    return row;
  }

  async function detail(ctx: Ctx, id: string): Promise<IndexSetDetail> {
    const row = await loadVisible(ctx, id);
    const latest = await repo.latestVersion(row.code);
    return { ...summary(ctx, row, latest), document: JSON.parse(row.document) as Record<string, unknown> };
  }

  /** Inserts `doc` as the next version of its code, under the per-code lock. */
  async function insertNextVersion(
    ctx: Ctx,
    doc: IndexSetDocument,
    basedOnId: string | null,
    event: 'indexSet.imported' | 'indexSet.versionCreated' | 'indexSet.cloned',
    data: Record<string, unknown>,
  ): Promise<string> {
    if (importing.has(doc.code)) {
      throw new AppError('IMPORT_IN_PROGRESS');
    }
    importing.add(doc.code);
    try {
      const id = newId();
      await inTransaction(db, async (tx) => {
        const r = indexSetsRepo(tx);
        const version = (await r.latestVersion(doc.code)) + 1;
        const now = clock.now();
        await r.insert({
          id,
          code: doc.code,
          version,
          year: doc.year,
          name: doc.name,
          ...serialise(doc),
          basedOnId,
          createdBy: ctx.actor.userId,
          now: now.toISOString(),
        });
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: event,
          entityType: 'indexSet',
          entityId: id,
          data: { code: doc.code, version, ...data },
          ip: ctx.ip,
        });
      });
      return id;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('IMPORT_IN_PROGRESS');
      }
      throw error;
    } finally {
      importing.delete(doc.code);
    }
  }

  return {
    async list(ctx: Ctx): Promise<IndexSetSummary[]> {
      requirePermission(ctx.actor, 'indexSet.read');
      const rows = await repo.list({ onlyPublished: !can(ctx.actor, 'indexSet.readDrafts') });
      const latest = await repo.latestVersions();
      return rows.map((r) => summary(ctx, r, latest.get(r.code) ?? r.version));
    },

    get: detail,

    /** The id of `code` at `version` (default: the latest version visible to the actor). */
    async resolveId(ctx: Ctx, code: string, version?: number): Promise<string> {
      requirePermission(ctx.actor, 'indexSet.read');
      const row = await repo.findByCodeVersion(code, version);
      if (!row) {
        throw new AppError(
          'NOT_FOUND',
          `Không có bộ chỉ số "${code}"${version ? ` phiên bản ${version}` : ''}.`,
        );
      }
      return row.id;
    },

    /** Imports a JSON or XLSX file as a new DRAFT version of its code; all or nothing. `read` streams the
     * upload into memory up to the size limit. */
    async importFile(
      ctx: Ctx,
      file: { filename: string; read(): Promise<Buffer> },
    ): Promise<IndexSetSummary> {
      requirePermission(ctx.actor, 'indexSet.edit');
      // The upload is read only after the policy said yes.
      const doc = await documentFromFile(await file.read());
      const id = await insertNextVersion(ctx, doc, null, 'indexSet.imported', {
        filename: file.filename.slice(0, 200),
      });
      const row = (await repo.findById(id))!;
      return summary(ctx, row, row.version);
    },

    /** Replaces the document of a DRAFT version; the code stays (a new code is a clone). */
    async saveDocument(ctx: Ctx, id: string, input: unknown): Promise<IndexSetDetail> {
      requirePermission(ctx.actor, 'indexSet.edit', { type: 'indexSet', indexSetId: id });
      const row = await loadVisible(ctx, id);
      if (row.status !== 'DRAFT') {
        throw new AppError('INDEX_SET_FROZEN');
      }
      const parsed = parseIndexSet(input);
      if (!parsed.ok) {
        throw invalid(parsed.errors);
      }
      const doc = parsed.document;
      if (doc.code !== row.code) {
        throw invalid([
          { path: 'code', message: `Không đổi mã bộ chỉ số khi sửa (${row.code}); hãy dùng "Nhân bản".` },
        ]);
      }
      await inTransaction(db, async (tx) => {
        const now = clock.now();
        const changed = await indexSetsRepo(tx).updateDraft(
          id,
          { year: doc.year, name: doc.name, ...serialise(doc) },
          now.toISOString(),
        );
        if (!changed) {
          throw new AppError('INDEX_SET_FROZEN');
        }
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'indexSet.saved',
          entityType: 'indexSet',
          entityId: id,
          data: { code: row.code, version: row.version, beforeHash: row.documentHash },
          ip: ctx.ip,
        });
      });
      return detail(ctx, id);
    },

    /** The one door for status changes: checks the policy, then the machine, writes the audit event. */
    async transition(ctx: Ctx, id: string, action: IndexSetTransitionAction): Promise<IndexSetDetail> {
      // Who first, then whether: a reader publishing a published set is refused (403) for lacking
      // the right, not told about the state (409). The action's permission is the same from every
      // state, so it is known before the row is loaded.
      const permission = INDEX_SET_TRANSITIONS.find((candidate) => candidate.action === action)?.permission;
      if (!permission) {
        throw new AppError('INVALID_STATE_TRANSITION');
      }
      requirePermission(ctx.actor, permission, { type: 'indexSet', indexSetId: id });
      const row = await loadVisible(ctx, id);
      const t = findIndexSetTransition(row.status as IndexSetStatus, action);
      if (!t) {
        throw new AppError('INVALID_STATE_TRANSITION', 'Bộ chỉ số này đã được ban hành.');
      }
      await inTransaction(db, async (tx) => {
        const now = clock.now();
        if (!(await indexSetsRepo(tx).publish(id, ctx.actor.userId, now.toISOString()))) {
          throw new AppError('INVALID_STATE_TRANSITION');
        }
        await auditRepo(tx).append({
          at: now,
          actorUserId: ctx.actor.userId,
          action: 'indexSet.published',
          entityType: 'indexSet',
          entityId: id,
          data: {
            code: row.code,
            version: row.version,
            from: t.from,
            to: t.to,
            documentHash: row.documentHash,
          },
          ip: ctx.ip,
        });
      });
      return detail(ctx, id);
    },

    /** A new DRAFT version of the same code, starting from this version's document. */
    async newVersion(ctx: Ctx, id: string): Promise<IndexSetDetail> {
      requirePermission(ctx.actor, 'indexSet.newVersion', { type: 'indexSet', indexSetId: id });
      const row = await loadVisible(ctx, id);
      const doc = JSON.parse(row.document) as IndexSetDocument;
      const newIdValue = await insertNextVersion(ctx, doc, row.id, 'indexSet.versionCreated', {
        from: row.version,
      });
      return detail(ctx, newIdValue);
    },

    /** A new set (new code, version 1) for another year, copied from this one. */
    async clone(ctx: Ctx, id: string, input: CloneIndexSetInput): Promise<IndexSetDetail> {
      requirePermission(ctx.actor, 'indexSet.clone', { type: 'indexSet', indexSetId: id });
      const row = await loadVisible(ctx, id);
      if ((await repo.latestVersion(input.code)) > 0) {
        throw new AppError('DUPLICATE', `Mã bộ chỉ số "${input.code}" đã được dùng.`, {
          fields: { code: 'Mã bộ chỉ số đã được dùng.' },
        });
      }
      const parsed = parseIndexSet({
        ...JSON.parse(row.document),
        code: input.code,
        name: input.name,
        year: input.year,
      });
      if (!parsed.ok) {
        throw invalid(parsed.errors);
      }
      const newIdValue = await insertNextVersion(ctx, parsed.document, row.id, 'indexSet.cloned', {
        from: { code: row.code, version: row.version },
      });
      return detail(ctx, newIdValue);
    },

    async exportFile(
      ctx: Ctx,
      id: string,
      format: 'json' | 'xlsx',
    ): Promise<{ filename: string; contentType: string; data: Buffer }> {
      const row = await loadVisible(ctx, id);
      const doc = JSON.parse(row.document) as IndexSetDocument;
      const base = `${row.code}-v${row.version}`;
      return format === 'json'
        ? {
            filename: `${base}.json`,
            contentType: 'application/json; charset=utf-8',
            data: Buffer.from(`${JSON.stringify(doc, null, 2)}\n`),
          }
        : {
            filename: `${base}.xlsx`,
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            data: await writeIndexSetXlsx(doc),
          };
    },
  };
}
export type IndexSetsService = ReturnType<typeof createIndexSetsService>;
