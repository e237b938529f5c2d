import type { IndexSetDocument } from '@cchc/domain/index-set/format';

/**
 * A safety copy of an unsaved edit in this tab's sessionStorage, keyed by version id. It is
 * written when the work is at risk — a save refused because the session was lost, or the page
 * being closed or reloaded with changes — and offered back when the editor opens again.
 */
export interface StoredDraft {
  /** When the copy was made (ISO). */
  savedAt: string;
  /** `updatedAt` of the version the edit started from: a later save makes the copy outdated. */
  baseUpdatedAt: string;
  document: IndexSetDocument;
}

const key = (id: string) => `cchc.indexSetDraft.${id}`;

export function storeDraft(id: string, draft: StoredDraft): void {
  try {
    globalThis.sessionStorage?.setItem(key(id), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the in-page copy is all there is.
  }
}

export function readDraft(id: string): StoredDraft | null {
  try {
    const text = globalThis.sessionStorage?.getItem(key(id));
    if (!text) {
      return null;
    }
    const value = JSON.parse(text) as Partial<StoredDraft>;
    if (
      typeof value.savedAt === 'string' &&
      typeof value.baseUpdatedAt === 'string' &&
      typeof value.document === 'object' &&
      value.document !== null
    ) {
      return value as StoredDraft;
    }
    return null;
  } catch {
    return null;
  }
}

export function clearDraft(id: string): void {
  try {
    globalThis.sessionStorage?.removeItem(key(id));
  } catch {
    // Nothing to clear.
  }
}
