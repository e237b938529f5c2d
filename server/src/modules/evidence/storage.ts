import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where file contents live. Deliberately small so that an S3 (or other object store)
 * implementation is a single file: keys are content addresses (`aa/bb/<sha256>`), values are
 * immutable, and `put` takes a finished local temp file (already hashed and type-checked).
 */
export interface BlobStorage {
  /** Moves (or uploads) the finished local file `tempPath` to `key`; the temp file is gone afterwards. */
  put(key: string, tempPath: string): Promise<void>;
  /** A stream of the stored bytes; rejects with NOT_FOUND semantics (`code === 'ENOENT'`) when absent. */
  openRead(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; no error when it is already absent. */
  delete(key: string): Promise<void>;
}

/** `aa/bb/<sha256>`: two levels of 256 folders keep every folder small. */
export function storageKeyFor(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    throw new Error(`not a sha256: ${sha256}`);
  }
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/**
 * Refuses anything that storageKeyFor did not make, in every implementation: a key is never
 * resolved on disk or sent to an object store unless it is a content address.
 */
export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY.test(key)) {
    throw new Error(`invalid storage key: ${key}`);
  }
}

/** Best-effort fsync of a folder so that a rename into it survives a power cut (no-op where unsupported). */
export async function syncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open folders; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/**
 * Local disk under `<DATA_DIR>/blobs`. The temp folder must be on the same file system (it is:
 * both live under DATA_DIR), so `put` is one atomic rename: a reader sees the whole file or none.
 */
export function localDiskStorage(root: string): BlobStorage & { root: string; pathOf(key: string): string } {
  function pathOf(key: string): string {
    // Keys are made by storageKeyFor; refuse anything else rather than resolve it on disk.
    assertStorageKey(key);
    return path.join(root, ...key.split('/'));
  }
  return {
    root,
    pathOf,
    async put(key, tempPath) {
      const target = pathOf(key);
      const dir = path.dirname(target);
      // The first folder created, when any: `aa/` and `aa/bb/` of a new prefix.
      const created = await fsp.mkdir(dir, { recursive: true });
      await fsp.rename(tempPath, target);
      await syncDir(dir);
      // A new folder's own entry lives in its parent: without syncing the parents a power cut could
      // lose the folder, and with it a file that a committed `blob` row already points at.
      if (created !== undefined) {
        for (let d = dir; d !== path.dirname(created) && d !== path.dirname(d); d = path.dirname(d)) {
          await syncDir(path.dirname(d));
        }
      }
    },
    async openRead(key) {
      const file = pathOf(key);
      // Open first so that a missing file rejects here, not later inside the HTTP response.
      const handle = await fsp.open(file, 'r');
      return handle.createReadStream() as unknown as Readable;
    },
    async exists(key) {
      try {
        await fsp.access(pathOf(key), fs.constants.F_OK);
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await fsp.rm(pathOf(key), { force: true });
    },
  };
}
