import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Config, StorageConfig } from '../../config';
import { AppError } from '../../errors';
import { assertStorageKey, type BlobStorage, localDiskStorage } from './storage';

export interface S3StorageOptions {
  bucket: string;
  /** Default us-east-1 (what MinIO, Ceph and s3rver accept when they do not care). */
  region?: string;
  /** For MinIO, Ceph RGW, s3rver…; unset = AWS S3 of `region`. */
  endpoint?: string | null;
  /** `http://host/bucket/key` instead of `http://bucket.host/key` (most self-hosted servers need it). */
  forcePathStyle?: boolean;
  /** Unset = the SDK's default chain (AWS_* variables, ~/.aws, instance or pod role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | null;
  /** Prepended to every key, e.g. `cchc/` to share a bucket; normalised to end with `/`. */
  prefix?: string;
  /** Files up to this size go up in one PutObject, larger ones as multipart parts of this size. */
  partSizeBytes?: number;
  /** Parts in flight per multipart upload (memory ≈ (queueSize + 1) × partSize per upload). */
  queueSize?: number;
  /** TCP connect limit: an unreachable endpoint fails within this, not the OS's minutes. */
  connectionTimeoutMs?: number;
  /** Socket inactivity limit: a server that accepts but stops answering fails within this. */
  socketTimeoutMs?: number;
  /** Attempts per request (the SDK retries network errors and 5xx with backoff). */
  maxAttempts?: number;
}

export type S3BlobStorage = BlobStorage & {
  readonly kind: 's3';
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  /** The object key of a storage key (prefix + key). */
  objectKey(key: string): string;
  /** `s3://bucket/prefix` for messages (never a credential). */
  describe(): string;
  /** One object under the prefix, or null: restore refuses a non-empty target. */
  firstObject(): Promise<string | null>;
  /** Throws (Vietnamese message) when the bucket cannot be reached with these settings. */
  check(): Promise<void>;
};

const MiB = 1024 * 1024;
/** S3's smallest part (except the last) is 5 MiB; 8 MiB keeps nearly every evidence file in one request. */
export const DEFAULT_PART_SIZE = 8 * MiB;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10_000;
const PREFIX = /^(?!\/)(?!.*\.\.)[A-Za-z0-9!_.*'()/-]*$/;

/** `a/b` → `a/b/`; '' stays ''. Throws on what S3 (or a reader of the bucket) would trip on. */
export function normalisePrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) {
    throw new Error(`invalid S3 prefix: ${prefix}`);
  }
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function statusOf(error: unknown): number | undefined {
  return (error as SdkError)?.$metadata?.httpStatusCode;
}

/** A missing object: GetObject says NoSuchKey, HeadObject (no body) only 404. A missing bucket is not this. */
function isMissingObject(error: unknown): boolean {
  const e = error as SdkError;
  return (
    e?.name === 'NoSuchKey' ||
    e?.name === 'NotFound' ||
    (statusOf(error) === 404 && e?.name !== 'NoSuchBucket')
  );
}

/** Errors of the local temp file, not of the object store. */
const LOCAL_FILE_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'EIO', 'EMFILE']);

/** Worth retrying later: no answer at all (refused, reset, timeout, DNS) or the server's own 5xx. */
function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) {
    return status >= 500 || status === 429;
  }
  return !LOCAL_FILE_ERRORS.has((error as SdkError)?.code ?? '');
}

/**
 * One error shape for the callers: a transient failure becomes SERVICE_UNAVAILABLE (503, the
 * user may retry), anything else (access denied, no such bucket) a plain Error (500: the
 * operator must fix the settings). Both keep the SDK's name and message for the log, nothing more
 * (the SDK error holds the request, whose headers carry the signature).
 */
function storageFailure(operation: string, where: string, error: unknown): Error {
  const e = error as SdkError;
  const cause = `${e?.name ?? 'Error'}${e?.code && e.code !== e.name ? ` ${e.code}` : ''}: ${e?.message ?? String(error)}`;
  if (isTransient(error)) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'Kho lưu trữ tệp (S3) tạm thời không kết nối được; tệp chưa được lưu hoặc chưa đọc được, vui lòng thử lại sau.',
      { details: { storage: where, operation, cause } },
    );
  }
  return new Error(`Kho lưu trữ tệp ${where}: ${operation} thất bại (${cause})`);
}

function notFound(objectKey: string): NodeJS.ErrnoException {
  // The interface's contract (blob-store and the download routes test `code === 'ENOENT'`).
  return Object.assign(new Error(`ENOENT: no such object ${objectKey}`), { code: 'ENOENT' });
}

/**
 * Evidence files in an S3-compatible object store (AWS S3, MinIO, Ceph RGW…). Objects are
 * immutable content addresses, so several app processes on several machines can share one
 * bucket without coordination: two puts of one key write the same bytes.
 *
 * Integrity (see docs/evidence-store.md): a file of at most one part is sent with
 * `x-amz-checksum-sha256` set to its content address (the SHA-256 computed while it was received),
 * so a server that implements checksums (AWS S3, MinIO, recent Ceph) refuses bytes that differ;
 * a multipart upload carries an SDK-computed SHA-256 per part for the same reason. Whatever the
 * server, the object's size is read back (HeadObject) and must equal the file's: a server that
 * ignores checksum headers still cannot keep a truncated object. ETags are not compared: they
 * are the MD5 only for single-part objects without SSE-KMS/SSE-C, so they would refuse valid
 * uploads on some buckets.
 */
export function s3Storage(options: S3StorageOptions): S3BlobStorage {
  const bucket = options.bucket;
  const prefix = normalisePrefix(options.prefix ?? '');
  const partSize = Math.max(MIN_PART_SIZE, options.partSizeBytes ?? DEFAULT_PART_SIZE);
  const queueSize = options.queueSize ?? 2;
  const where = `s3://${bucket}/${prefix}`;
  const client = new S3Client({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    // Recent SDKs add CRC32 checksums in aws-chunked trailers to every upload, which servers
    // that predate them (s3rver, older MinIO and Ceph) may reject or store verbatim. Checksums
    // are sent where this file asks for them (see put), as plain headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      // Inactivity, not total time: a 1 GB upload on a slow link is fine as long as bytes move.
      socketTimeout: options.socketTimeoutMs ?? 30_000,
    },
  });

  function objectKey(key: string): string {
    assertStorageKey(key);
    return `${prefix}${key}`;
  }

  async function sizeOf(Key: string): Promise<number | null> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key }));
      return head.ContentLength ?? null;
    } catch (error) {
      if (isMissingObject(error)) {
        return null;
      }
      throw error;
    }
  }

  return {
    kind: 's3',
    bucket,
    prefix,
    client,
    objectKey,
    describe: () => where,

    async put(key, tempPath) {
      const Key = objectKey(key);
      const sha256 = key.slice(-64);
      const { size } = await fsp.stat(tempPath);
      // One request with a Buffer up to the part size: the SDK can retry it (a consumed file
      // stream cannot be replayed), and memory stays bounded by the part size.
      const whole = size <= partSize ? await fsp.readFile(tempPath) : null;
      try {
        if (whole) {
          await client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key,
              Body: whole,
              ContentLength: size,
              ContentType: 'application/octet-stream',
              ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
            }),
          );
        } else {
          // Multipart: parts of `partSize` read from the file as they go, `queueSize` in flight;
          // a failure aborts the multipart upload (no orphaned parts billed).
          const upload = new Upload({
            client,
            params: {
              Bucket: bucket,
              Key,
              Body: fs.createReadStream(tempPath),
              ContentLength: size,
              ContentType: 'application/octet-stream',
              ChecksumAlgorithm: 'SHA256',
            },
            partSize: Math.max(partSize, Math.ceil(size / MAX_PARTS)),
            queueSize,
            leavePartsOnError: false,
          });
          await upload.done();
        }
      } catch (error) {
        throw storageFailure('tải tệp lên', where, error);
      }
      let stored: number | null;
      try {
        stored = await sizeOf(Key);
      } catch (error) {
        throw storageFailure('kiểm tra tệp vừa tải lên', where, error);
      }
      if (stored !== size) {
        // A wrong object under a content address would be served as that content: remove it
        // (best effort), so that exists() says false and the next upload of the content puts it again.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key })).catch(() => undefined);
        throw new Error(
          `Kho lưu trữ tệp ${where}: đối tượng ${Key} có ${stored ?? 'không có'} byte sau khi tải lên, tệp có ${size} byte; không lưu.`,
        );
      }
      // Only now: on any failure above the temp file stays for the caller to remove (blob-store).
      await fsp.rm(tempPath, { force: true });
    },

    async openRead(key) {
      const Key = objectKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
        if (!out.Body) {
          throw notFound(Key);
        }
        return out.Body as Readable;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || isMissingObject(error)) {
          throw notFound(Key);
        }
        throw storageFailure('đọc tệp', where, error);
      }
    },

    async exists(key) {
      const Key = objectKey(key);
      try {
        return (await sizeOf(Key)) !== null;
      } catch (error) {
        throw storageFailure('kiểm tra tệp', where, error);
      }
    },

    async delete(key) {
      const Key = objectKey(key);
      try {
        // S3 answers 204 whether or not the object was there.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
      } catch (error) {
        if (!isMissingObject(error)) {
          throw storageFailure('xoá tệp', where, error);
        }
      }
    },

    async firstObject() {
      try {
        // No MaxKeys=1: s3rver fails (500) when it has to truncate a listing; the default page
        // (at most 1 000 keys) is one request anyway.
        const out = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined }),
        );
        return out.Contents?.[0]?.Key ?? null;
      } catch (error) {
        throw storageFailure('liệt kê tệp', where, error);
      }
    },

    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        if (statusOf(error) === 404) {
          throw new Error(`Kho lưu trữ tệp ${where}: bucket "${bucket}" không tồn tại.`);
        }
        throw storageFailure('kết nối', where, error);
      }
    },
  };
}

/** The S3 storage of STORAGE_DRIVER=s3 settings. */
export function s3StorageFromConfig(s: Extract<StorageConfig, { driver: 's3' }>): S3BlobStorage {
  return s3Storage({
    bucket: s.bucket,
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials:
      s.accessKeyId !== null && s.secretAccessKey !== null
        ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }
        : null,
    prefix: s.prefix,
  });
}

/** The storage the configuration asks for: `<DATA_DIR>/blobs` on local disk, or the S3 bucket. */
export function storageFromConfig(config: Pick<Config, 'dataDir' | 'storage'>): BlobStorage {
  return config.storage.driver === 'local'
    ? localDiskStorage(path.join(config.dataDir, 'blobs'))
    : s3StorageFromConfig(config.storage);
}
