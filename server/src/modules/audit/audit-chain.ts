import { createHash } from 'node:crypto';

/** `prevHash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns of an audit event that its hash covers: all of them except the hash itself. */
export interface ChainedFields {
  seq: number;
  prevHash: string;
  id: string;
  at: string;
  actorUserId: string | null;
  actorRoles: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The stored JSON text, byte for byte (re-serialising could reorder keys). */
  data: string;
  ip: string | null;
  requestId: string | null;
}

/**
 * SHA-256 (hex) of an event's chained form, version 1: a JSON array of a version tag and every
 * field in a fixed order. JSON keeps null distinct from "" and escapes every separator, so two
 * different events cannot share a form. The migration that created the chain holds a frozen copy.
 */
export function chainHash(e: ChainedFields): string {
  const canonical = JSON.stringify([
    1,
    e.seq,
    e.prevHash,
    e.id,
    e.at,
    e.actorUserId,
    e.actorRoles,
    e.action,
    e.entityType,
    e.entityId,
    e.data,
    e.ip,
    e.requestId,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainProblem =
  | 'MISSING_CHAIN_FIELDS'
  | 'SEQ_GAP'
  | 'PREV_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'HEAD_MISMATCH'
  | 'ANCHOR_MISMATCH';

export interface ChainBreak {
  problem: ChainProblem;
  /** The first event that does not verify (null when the chain is fine but its head is not). */
  event: { seq: number | null; id: string; at: string; action: string } | null;
  message: string;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  broken: ChainBreak | null;
}

type StoredEvent = { [K in keyof ChainedFields]: ChainedFields[K] | null } & { hash: string | null };

/**
 * Walks events in `seq` order and stops at the first one that does not verify: a changed field
 * (HASH_MISMATCH), a replaced or reordered event (PREV_HASH_MISMATCH), a deleted one (SEQ_GAP), or
 * events removed from the end (the head row disagrees). Stateful so that millions of rows can be
 * streamed through it in pages.
 */
export function chainVerifier(anchor?: { seq: number; hash: string }) {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let broken: ChainBreak | null = null;

  const fail = (problem: ChainProblem, e: StoredEvent, message: string) => {
    broken = {
      problem,
      event: { seq: e.seq, id: e.id ?? '?', at: e.at ?? '?', action: e.action ?? '?' },
      message,
    };
  };

  return {
    /** Feeds the next event; false once the chain is broken (stop feeding). */
    push(e: StoredEvent): boolean {
      if (broken) {
        return false;
      }
      if (e.seq === null || e.prevHash === null || e.hash === null) {
        fail('MISSING_CHAIN_FIELDS', e, 'Bản ghi thiếu số thứ tự hoặc mã băm.');
        return false;
      }
      if (Number(e.seq) !== expectedSeq) {
        fail(
          'SEQ_GAP',
          e,
          `Thiếu bản ghi: sau số ${expectedSeq - 1} là số ${e.seq} (bản ghi ${expectedSeq} đã bị xoá hoặc chèn sai).`,
        );
        return false;
      }
      if (e.prevHash !== prevHash) {
        fail(
          'PREV_HASH_MISMATCH',
          e,
          'Mã băm của bản ghi trước không khớp: bản ghi trước đã bị thay hoặc xoá.',
        );
        return false;
      }
      const recomputed = chainHash({ ...(e as ChainedFields), seq: Number(e.seq) });
      if (recomputed !== e.hash) {
        fail('HASH_MISMATCH', e, 'Nội dung bản ghi đã bị sửa sau khi ghi (mã băm không khớp).');
        return false;
      }
      if (anchor && anchor.seq === expectedSeq && anchor.hash !== e.hash) {
        fail(
          'ANCHOR_MISMATCH',
          e,
          `Bản ghi số ${anchor.seq} có mã băm ${e.hash}, không phải ${anchor.hash} như đã ghi nhận: chuỗi đã bị dựng lại.`,
        );
        return false;
      }
      prevHash = e.hash;
      expectedSeq += 1;
      checked += 1;
      return true;
    },

    /** The verdict, given the stored head row. */
    finish(head: { seq: number; hash: string } | undefined): ChainVerdict {
      const headSeq = head ? Number(head.seq) : 0;
      const headHash = head?.hash ?? GENESIS_HASH;
      if (!broken && (headSeq !== checked || headHash !== prevHash)) {
        broken = {
          problem: 'HEAD_MISMATCH',
          event: null,
          message: `Đầu chuỗi ghi ${headSeq} bản ghi nhưng chỉ có ${checked} bản ghi hợp lệ: các bản ghi cuối đã bị xoá.`,
        };
      }
      if (!broken && anchor && checked < anchor.seq) {
        broken = {
          problem: 'ANCHOR_MISMATCH',
          event: null,
          message: `Bản ghi số ${anchor.seq} đã ghi nhận không còn: chuỗi chỉ có ${checked} bản ghi.`,
        };
      }
      return { ok: broken === null, checked, headSeq, headHash, broken };
    },
  };
}
