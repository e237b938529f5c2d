import type { Database } from '../../db/database';
import type { BlobTable, CampaignFileTable, EvidenceTable } from '../../db/tables';

export type BlobRow = BlobTable;
export type EvidenceRow = EvidenceTable;
export type CampaignFileRow = CampaignFileTable;

/** An evidence row with what its view needs: the blob's size and type, the uploader's name. */
export interface EvidenceDetailRow extends EvidenceRow {
  sizeBytes: number | null;
  mimeType: string | null;
  storageKey: string | null;
  uploadedByName: string;
}

export interface CampaignFileDetailRow extends CampaignFileRow {
  sizeBytes: number;
  mimeType: string;
  storageKey: string;
}

/** SQL of the evidence store: blobs, evidence rows, campaign guidance files. */
export function evidenceRepo(db: Database) {
  return {
    findBlob(sha256: string): Promise<BlobRow | undefined> {
      return db.selectFrom('blob').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    },

    /** Same content uploaded twice at once: the second insert is a no-op, not an error. */
    async insertBlobIfAbsent(row: BlobRow): Promise<void> {
      await db
        .insertInto('blob')
        .values(row)
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    },

    async findEvidence(id: string): Promise<EvidenceDetailRow | undefined> {
      const row = await db
        .selectFrom('evidence as e')
        .leftJoin('blob as b', 'b.sha256', 'e.blobSha256')
        .innerJoin('app_user as u', 'u.id', 'e.uploadedBy')
        .selectAll('e')
        .select(['b.sizeBytes', 'b.mimeType', 'b.storageKey', 'u.fullName as uploadedByName'])
        .where('e.id', '=', id)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : { ...row, sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes) };
    },

    async countLiveEvidence(scorecardId: string, leafCode: string): Promise<number> {
      const r = await db
        .selectFrom('evidence')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('scorecardId', '=', scorecardId)
        .where('leafCode', '=', leafCode)
        .where('deletedAt', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async insertEvidence(row: EvidenceRow): Promise<void> {
      await db.insertInto('evidence').values(row).execute();
    },

    /** Soft delete; false when the row was already deleted (a concurrent delete won). */
    async softDeleteEvidence(id: string, at: string, by: string): Promise<boolean> {
      const r = await db
        .updateTable('evidence')
        .set({ deletedAt: at, deletedBy: by })
        .where('id', '=', id)
        .where('deletedAt', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Recomputes the scorecard's evidence count (live rows, the signed report excluded) and
     * stamps its activity time. Deliberately leaves rowVersion and updatedAt alone: adding a
     * file must not make another user's open answer form stale.
     */
    async refreshEvidenceCount(scorecardId: string, excludeLeaf: string, at: string): Promise<number> {
      const r = await db
        .selectFrom('evidence')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('scorecardId', '=', scorecardId)
        .where('deletedAt', 'is', null)
        .where('leafCode', '!=', excludeLeaf)
        .executeTakeFirstOrThrow();
      const n = Number(r.n);
      await db
        .updateTable('scorecard')
        .set({ evidenceCount: n, lastActivityAt: at })
        .where('id', '=', scorecardId)
        .execute();
      return n;
    },

    findCampaign(id: string) {
      return db
        .selectFrom('campaign')
        .select(['id', 'code', 'phase'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async findCampaignFile(id: string): Promise<CampaignFileDetailRow | undefined> {
      const row = await db
        .selectFrom('campaign_file as f')
        .innerJoin('blob as b', 'b.sha256', 'f.blobSha256')
        .selectAll('f')
        .select(['b.sizeBytes', 'b.mimeType', 'b.storageKey'])
        .where('f.id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : { ...row, sizeBytes: Number(row.sizeBytes) };
    },

    async insertCampaignFile(row: CampaignFileRow): Promise<void> {
      await db.insertInto('campaign_file').values(row).execute();
    },

    async softDeleteCampaignFile(id: string, at: string): Promise<boolean> {
      const r = await db
        .updateTable('campaign_file')
        .set({ deletedAt: at })
        .where('id', '=', id)
        .where('deletedAt', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
export type EvidenceRepo = ReturnType<typeof evidenceRepo>;
