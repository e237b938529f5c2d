import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../db/database';
import { AppError } from '../../errors';
import type { Clock } from '../../platform/clock';
import { evidenceRepo } from './evidence.repo';
import { sanitizeFilename } from './filename';
import { sniffFile } from './sniff';
import { type BlobStorage, localDiskStorage, storageKeyFor } from './storage';

export interface StoredBlob {
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  /** The upload's name, cleaned (filename.ts): for the database and Content-Disposition only. */
  filename: string;
}

export interface BlobStoreOptions {
  db: Database;
  clock: Clock;
  /** `<DATA_DIR>`: temp files go to `<DATA_DIR>/tmp`, local blobs to `<DATA_DIR>/blobs`. */
  dataDir: string;
  /** Defaults to the local disk under `<DATA_DIR>/blobs`. */
  storage?: BlobStorage;
}

const TEMP_PREFIX = 'upload-';
const TEMP_SUFFIX = '.part';
/** A temp file untouched for this long belongs to no running upload (an upload writes continuously). */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Temp files carry their owner, `upload-<uuid>.<pid>@<host>.part`, so that the start-up sweep can
 * remove what a killed process left at once: a server restarted seconds after a crash (systemd,
 * Docker) would otherwise keep the half-written file until a restart more than STALE_TEMP_MS
 * later, which may never come. Files of other hosts (a shared DATA_DIR) and names without an
 * owner still go by age alone.
 */
const HOST_TAG = os.hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'host';
const OWNED_TEMP = /^upload-[0-9a-f-]{36}\.(\d+)@([A-Za-z0-9_-]+)\.part$/;
/** Temp files this process is writing now (every blob store of the process shares the folder). */
const liveTemp = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** True when the temp file `name` was left by a dead process of this host (or by an earlier life of this pid). */
function leftByDeadProcess(name: string, file: string): boolean {
  const owner = OWNED_TEMP.exec(name);
  if (!owner || owner[2] !== HOST_TAG) {
    return false;
  }
  const pid = Number(owner[1]);
  // Same pid as ours but not one of our uploads: a previous process with this pid (pid 1 in a container).
  return pid === process.pid ? !liveTemp.has(file) : !processAlive(pid);
}

const MB = 1024 * 1024;
function tooLarge(maxBytes: number): AppError {
  const limit = maxBytes >= MB ? `${Math.round((maxBytes / MB) * 10) / 10} MB` : `${maxBytes} byte`;
  return new AppError(
    'FILE_TOO_LARGE',
    `Tệp vượt quá dung lượng cho phép (${limit.replace('.', ',')}); không có gì được lưu.`,
    { details: { maxBytes } },
  );
}

/**
 * Content-addressed file store. An upload is streamed to a temp file while it is hashed and
 * counted (memory use does not depend on the file size), checked by content, then moved into
 * the storage under its SHA-256 — or dropped when that content is already stored.
 *
 * Crash safety: the temp file is renamed into place (atomic) before the `blob` row is written,
 * so a row always points at a complete file. A crash in between leaves at most a file without a
 * row (harmless, rewritten by the next identical upload) or a temp file (removed by sweepTemp).
 */
export function createBlobStore({ db, clock, dataDir, storage }: BlobStoreOptions) {
  const tmpDir = path.join(dataDir, 'tmp');
  const store = storage ?? localDiskStorage(path.join(dataDir, 'blobs'));

  /** Streams `source` to a temp file; returns its path, hash and size, or throws with nothing left behind. */
  async function receive(source: Readable, maxBytes: number) {
    await fsp.mkdir(tmpDir, { recursive: true });
    const tempPath = path.join(
      tmpDir,
      `${TEMP_PREFIX}${randomUUID()}.${process.pid}@${HOST_TAG}${TEMP_SUFFIX}`,
    );
    liveTemp.add(tempPath);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let overLimit = false;
    let writeFailed = false;

    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) {
          overLimit = true;
          callback(tooLarge(maxBytes));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    // @fastify/multipart (busboy) enforces the same limit: it truncates the part and emits
    // 'limit'. Either signal stops the upload at once, without waiting for the rest of the body.
    const onLimit = () => {
      overLimit = true;
      meter.destroy(tooLarge(maxBytes));
    };
    source.once('limit', onLimit);
    const out = fs.createWriteStream(tempPath, { flags: 'wx' });
    // pipeline() also destroys `out` with the *client's* error when the upload is cut short: only
    // an error from the file system itself (it names a syscall) is the disk's fault.
    out.once('error', (error: NodeJS.ErrnoException) => {
      writeFailed = typeof error.syscall === 'string';
    });
    try {
      await pipeline(source, meter, out);
      if ((source as Readable & { truncated?: boolean }).truncated) {
        overLimit = true;
        throw tooLarge(maxBytes);
      }
      // Durable before anyone can point at it.
      const handle = await fsp.open(tempPath, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await fsp.rm(tempPath, { force: true });
      liveTemp.delete(tempPath);
      if (overLimit) {
        throw tooLarge(maxBytes);
      }
      if (writeFailed) {
        throw error; // the disk, not the client: a 500 with the real cause in the log
      }
      // The client went away or sent a broken body (@fastify/multipart's premature close,
      // busboy's "Unexpected end of form").
      throw new AppError('UPLOAD_ABORTED', undefined, {
        details: { cause: error instanceof Error ? error.message : String(error) },
      });
    } finally {
      source.off('limit', onLimit);
    }
    return { tempPath, sha256: hash.digest('hex'), sizeBytes };
  }

  return {
    storage: store,
    tmpDir,

    /**
     * Stores an uploaded file: stream → temp file (hashed, counted, stopped at `maxBytes`) →
     * type check by content → storage (once per content). Throws FILE_TOO_LARGE, FILE_EMPTY,
     * FILE_TYPE_NOT_ALLOWED or UPLOAD_ABORTED with nothing stored.
     */
    async storeUpload(source: Readable, opts: { maxBytes: number; filename: string }): Promise<StoredBlob> {
      const filename = sanitizeFilename(opts.filename);
      const { tempPath, sha256, sizeBytes } = await receive(source, opts.maxBytes);
      try {
        if (sizeBytes === 0) {
          throw new AppError('FILE_EMPTY');
        }
        const repo = evidenceRepo(db);
        const existing = await repo.findBlob(sha256);
        if (existing && (await store.exists(existing.storageKey))) {
          return { sha256, sizeBytes: Number(existing.sizeBytes), mimeType: existing.mimeType, filename };
        }
        const sniffed = await sniffFile(tempPath, { sizeBytes, maxBytes: opts.maxBytes });
        if (!sniffed.ok) {
          throw new AppError('FILE_TYPE_NOT_ALLOWED', undefined, { details: { filename } });
        }
        const storageKey = storageKeyFor(sha256);
        await store.put(storageKey, tempPath);
        if (!existing) {
          await repo.insertBlobIfAbsent({
            sha256,
            sizeBytes,
            mimeType: sniffed.mimeType,
            storageKey,
            createdAt: clock.now().toISOString(),
          });
        }
        return { sha256, sizeBytes, mimeType: existing?.mimeType ?? sniffed.mimeType, filename };
      } finally {
        // Gone already when it was moved into the storage; removed in every other case.
        await fsp.rm(tempPath, { force: true });
        liveTemp.delete(tempPath);
      }
    },

    /** The stored bytes of a blob (by its storage key). */
    openRead(storageKey: string): Promise<Readable> {
      return store.openRead(storageKey);
    },

    /**
     * Removes temp files left by a crash or a killed process. Run at start; files younger than
     * `olderThanMs` may belong to an upload of another process sharing DATA_DIR and are kept,
     * unless their name shows a process of this host that is gone (OWNED_TEMP).
     */
    async sweepTemp(olderThanMs: number = STALE_TEMP_MS): Promise<number> {
      let names: string[];
      try {
        names = await fsp.readdir(tmpDir);
      } catch {
        return 0; // no temp folder yet: nothing was ever uploaded
      }
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      for (const name of names) {
        if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX)) {
          continue;
        }
        const file = path.join(tmpDir, name);
        try {
          const stat = await fsp.stat(file);
          if (stat.isFile() && (stat.mtimeMs <= cutoff || leftByDeadProcess(name, file))) {
            await fsp.rm(file, { force: true });
            removed++;
          }
        } catch {
          // Finished (renamed) between readdir and stat: not stale.
        }
      }
      return removed;
    },
  };
}
export type BlobStore = ReturnType<typeof createBlobStore>;
