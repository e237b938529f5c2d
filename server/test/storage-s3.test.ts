import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { createDb, type Database } from '../src/db/database';
import { AppError } from '../src/errors';
import { createBackup } from '../src/modules/backup/backup';
import { BackupError } from '../src/modules/backup/manifest';
import { restoreBackup } from '../src/modules/backup/restore';
import { createBlobStore } from '../src/modules/evidence/blob-store';
import { PDF, PNG } from '../src/modules/evidence/evidence-fixtures';
import { storageKeyFor } from '../src/modules/evidence/storage';
import { normalisePrefix, s3Storage, storageFromConfig } from '../src/modules/evidence/storage-s3';
import { loggerOptions } from '../src/platform/logger';
import { campaignFixture } from '../src/testing/campaign-fixture';
import { runCli } from '../src/testing/cli-process';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

/**
 * The S3 evidence storage against s3rver, a local S3-compatible server (an npm devDependency, so
 * this file never skips): the BlobStorage contract, then the whole app on SQLite and PostgreSQL
 * (upload, download, dedupe, an unreachable store), then backup and restore through the bucket.
 */

interface S3rverInstance {
  run(): Promise<{ port: number; address: string }>;
  close(): Promise<void>;
}
type S3rverCtor = new (options: {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets?: { name: string }[];
}) => S3rverInstance;
// s3rver ships no types; a local constructor type keeps the rest of the file checked.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverCtor;

const serverDir = path.resolve(import.meta.dirname, '..');
const BUCKET = 'cchc-test';
/** s3rver's built-in account. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

let root: string;
let s3rver: S3rverInstance;
let endpoint: string;
/** A client of the test itself, to look into the bucket behind the storage's back. */
let admin: S3Client;

/** Object keys under `prefix`. */
async function objectsUnder(prefix: string, bucket = BUCKET): Promise<string[]> {
  const out = await admin.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A finished temp file, as blob-store hands it to put(). */
function tempFile(data: Buffer): string {
  const file = path.join(root, 'tmp', `upload-${randomBytes(6).toString('hex')}.part`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return file;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * A TCP relay in front of s3rver that the test can cut: `down` drops every connection (open
 * ones included) as a crashed or unreachable object store would; `stall` accepts and never
 * answers, as a hung one would.
 */
async function relay(targetPort: number) {
  const sockets = new Set<net.Socket>();
  const state = { mode: 'up' as 'up' | 'down' | 'stall' };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (state.mode === 'down') {
      client.destroy();
      return;
    }
    if (state.mode === 'stall') {
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    set(mode: 'up' | 'down' | 'stall') {
      state.mode = mode;
      if (mode !== 'up') {
        for (const s of sockets) {
          s.destroy();
        }
      }
    },
    async close() {
      for (const s of sockets) {
        s.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const cli = runCli;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-storage-s3-'));
  s3rver = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(root, 's3rver'),
    configureBuckets: [{ name: BUCKET }],
  });
  const address = await s3rver.run();
  endpoint = `http://127.0.0.1:${address.port}`;
  admin = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});

afterAll(async () => {
  admin?.destroy();
  await s3rver?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('s3Storage: the BlobStorage contract against s3rver', () => {
  const storage = () =>
    s3Storage({ bucket: BUCKET, endpoint, forcePathStyle: true, credentials: CREDENTIALS, prefix: 'unit' });

  it('puts a file (temp file gone), sees it, reads the same bytes, deletes it, and deletes an absent key quietly', async () => {
    const s = storage();
    const data = randomBytes(300 * 1024);
    const key = storageKeyFor(sha256(data));
    const temp = tempFile(data);
    expect(await s.exists(key)).toBe(false);

    await s.put(key, temp);
    expect(fs.existsSync(temp)).toBe(false);
    expect(await s.exists(key)).toBe(true);
    // Under the prefix, normalised with its slash.
    expect(await objectsUnder('unit/')).toEqual([`unit/${key}`]);
    const back = await readAll(await s.openRead(key));
    expect(back.equals(data)).toBe(true);
    expect(sha256(back)).toBe(key.slice(-64));

    // Content addressed: putting the same key again is fine and changes nothing.
    await s.put(key, tempFile(data));
    expect(await objectsUnder('unit/')).toEqual([`unit/${key}`]);

    await s.delete(key);
    expect(await s.exists(key)).toBe(false);
    expect(await objectsUnder('unit/')).toEqual([]);
    await expect(s.delete(key)).resolves.toBeUndefined();
    s.client.destroy();
  });

  it('rejects openRead of an absent key with code ENOENT (the interface contract)', async () => {
    const s = storage();
    const key = storageKeyFor(sha256(Buffer.from('không có')));
    const error = await s.openRead(key).then(
      () => null,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(error?.code).toBe('ENOENT');
    s.client.destroy();
  });

  it('sends the content address as x-amz-checksum-sha256 on a single-part put', async () => {
    const s = storage();
    const seen: string[] = [];
    s.client.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        if (headers['x-amz-checksum-sha256']) {
          seen.push(headers['x-amz-checksum-sha256']);
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordChecksum' },
    );
    const data = randomBytes(1024);
    const digest = sha256(data);
    await s.put(storageKeyFor(digest), tempFile(data));
    expect(seen).toEqual([Buffer.from(digest, 'hex').toString('base64')]);
    await s.delete(storageKeyFor(digest));
    s.client.destroy();
  });

  it('sends a 20 MB file as multipart and gets it back identical', async () => {
    const s = storage();
    const commands: string[] = [];
    const partChecksums: string[] = [];
    s.client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName as string);
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    s.client.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        if (headers['x-amz-checksum-sha256']) {
          partChecksums.push(headers['x-amz-checksum-sha256']);
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordPartChecksums' },
    );
    const data = randomBytes(20 * 1024 * 1024);
    const key = storageKeyFor(sha256(data));
    const temp = tempFile(data);
    await s.put(key, temp);
    expect(fs.existsSync(temp)).toBe(false);
    // 8 MiB parts: 8 + 8 + 4 MiB, then the size check.
    expect(commands).toEqual([
      'CreateMultipartUploadCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'CompleteMultipartUploadCommand',
      'HeadObjectCommand',
    ]);
    // Each part carries its own SHA-256 as a plain header (no aws-chunked trailer); two parts
    // are in flight at once, so their order is not fixed.
    const MiB = 1024 * 1024;
    expect(partChecksums.sort()).toEqual(
      [data.subarray(0, 8 * MiB), data.subarray(8 * MiB, 16 * MiB), data.subarray(16 * MiB)]
        .map((p) => createHash('sha256').update(p).digest('base64'))
        .sort(),
    );
    const back = await readAll(await s.openRead(key));
    expect(back.length).toBe(data.length);
    expect(sha256(back)).toBe(key.slice(-64));
    await s.delete(key);
    s.client.destroy();
  });

  it('refuses keys that are not content addresses, before any request', async () => {
    const s = storage();
    const temp = tempFile(Buffer.from('x'));
    for (const key of ['../../etc/passwd', 'aa/bb/cc', `AB/CD/${'a'.repeat(64)}`, `${'a'.repeat(64)}`]) {
      await expect(s.put(key, temp)).rejects.toThrow(/invalid storage key/);
      await expect(s.openRead(key)).rejects.toThrow(/invalid storage key/);
      await expect(s.exists(key)).rejects.toThrow(/invalid storage key/);
      await expect(s.delete(key)).rejects.toThrow(/invalid storage key/);
    }
    expect(fs.existsSync(temp)).toBe(true);
    expect(() => normalisePrefix('/tuyet-doi')).toThrow(/invalid S3 prefix/);
    expect(() => normalisePrefix('a/../b')).toThrow(/invalid S3 prefix/);
    expect(normalisePrefix('cchc')).toBe('cchc/');
    expect(normalisePrefix('')).toBe('');
    s.client.destroy();
  });

  it('refuses an object whose stored size differs from the file (a server that ignores checksums), keeping the temp file', async () => {
    const s = storage();
    // Loses the last 10 bytes on the way, as a faulty proxy would; s3rver ignores checksum headers.
    s.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Body?: Buffer; ContentLength?: number };
        if (context.commandName === 'PutObjectCommand' && Buffer.isBuffer(input.Body)) {
          const cut = input.Body.subarray(0, input.Body.length - 10);
          args.input = { ...args.input, Body: cut, ContentLength: cut.length };
        }
        return next(args);
      },
      { step: 'initialize', name: 'truncate' },
    );
    const data = randomBytes(4096);
    const key = storageKeyFor(sha256(data));
    const temp = tempFile(data);
    await expect(s.put(key, temp)).rejects.toThrow(/có 4086 byte sau khi tải lên, tệp có 4096 byte/);
    expect(fs.existsSync(temp)).toBe(true);
    // The wrong object is gone: exists() is false, so the next upload of the content puts it again.
    expect(await s.exists(key)).toBe(false);
    s.client.destroy();
  });

  it('fails cleanly and quickly when the endpoint is unreachable or hangs; the temp file stays', async () => {
    const refused = s3Storage({
      bucket: BUCKET,
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    const data = randomBytes(2048);
    const key = storageKeyFor(sha256(data));
    const temp = tempFile(data);
    let started = Date.now();
    const error = await refused.put(key, temp).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SERVICE_UNAVAILABLE');
    expect(fs.existsSync(temp)).toBe(true);
    // exists() must not answer "absent" when it cannot know.
    await expect(refused.exists(key)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(refused.openRead(key)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    refused.client.destroy();

    // A server that accepts the connection and never answers: the socket timeout ends it.
    const hung = await relay(Number(new URL(endpoint).port));
    hung.set('stall');
    const stalled = s3Storage({
      bucket: BUCKET,
      endpoint: hung.url,
      forcePathStyle: true,
      credentials: CREDENTIALS,
      socketTimeoutMs: 300,
      maxAttempts: 2,
    });
    started = Date.now();
    await expect(stalled.put(key, temp)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fs.existsSync(temp)).toBe(true);
    stalled.client.destroy();
    await hung.close();
  });
});

describe('configuration of the S3 storage', () => {
  it('reads STORAGE_DRIVER and S3_*, with local disk by default', () => {
    expect(loadConfig({}).storage).toEqual({ driver: 'local' });
    expect(
      loadConfig({
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_BUCKET: 'cchc-minh-chung',
        S3_ACCESS_KEY_ID: 'khoa',
        S3_SECRET_ACCESS_KEY: 'bi-mat',
        S3_PREFIX: 'cchc',
      }).storage,
    ).toEqual({
      driver: 's3',
      bucket: 'cchc-minh-chung',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      prefix: 'cchc/',
      accessKeyId: 'khoa',
      secretAccessKey: 'bi-mat',
    });
    // AWS itself: virtual-hosted URLs, credentials from the SDK's chain.
    expect(
      loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b1', S3_REGION: 'ap-southeast-1' }).storage,
    ).toMatchObject({
      endpoint: null,
      forcePathStyle: false,
      region: 'ap-southeast-1',
      accessKeyId: null,
      secretAccessKey: null,
    });
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' })).toThrow(
      'Cấu hình không hợp lệ — S3_BUCKET: bắt buộc khi STORAGE_DRIVER=s3 (tên bucket chứa tệp minh chứng)',
    );
    expect(() => loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b1', S3_ACCESS_KEY_ID: 'k' })).toThrow(
      /S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: phải đặt cả hai hoặc bỏ cả hai/,
    );
    expect(() => loadConfig({ STORAGE_DRIVER: 'ftp' })).toThrow(ConfigError);
    expect(() => loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b1', S3_ENDPOINT: 'minio:9000' })).toThrow(
      /S3_ENDPOINT/,
    );
    expect(() => loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b1', S3_PREFIX: '../x' })).toThrow(
      /S3_PREFIX/,
    );
    const local = storageFromConfig(loadConfig({ DATA_DIR: '/tmp/cchc-x' }));
    expect((local as { root?: string }).root).toBe('/tmp/cchc-x/blobs');
  });

  it('stops the server at start with one clear line when the bucket is missing', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-s3-boot-'));
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: dataDir,
        PORT: '0',
        SEED_DEMO: 'false',
        STORAGE_DRIVER: 's3',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([
      'LỖI: Cấu hình không hợp lệ — S3_BUCKET: bắt buộc khi STORAGE_DRIVER=s3 (tên bucket chứa tệp minh chứng)',
    ]);
  });

  it('never logs the secret key (logger redaction)', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const app = Fastify({ logger: loggerOptions('info', stream) });
    const config = loadConfig({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'b1',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 'rat-bi-mat-123',
    });
    app.log.info({ storage: config.storage }, 'storage');
    app.log.info({ s3: { credentials: { accessKeyId: 'k', secretAccessKey: 'rat-bi-mat-123' } } }, 'client');
    await app.close();
    expect(lines.join('')).not.toContain('rat-bi-mat-123');
    expect(lines.join('')).toContain('[redacted]');
  });
});

/** A multipart body with the fields first and the file part last, as the upload routes expect. */
function form(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = `----cchcS3${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  return {
    payload: Buffer.concat([
      Buffer.from(
        `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(testDialects())('evidence on S3 through the app on %s', (dialect) => {
  let t: TestApp;
  let link: Awaited<ReturnType<typeof relay>>;
  let dataDir: string;
  let focalA: Session;
  let scorecardA: string;
  /** Each suite its own prefix in the shared bucket. */
  const prefix = `app-${dialect}/`;
  const s3Env = (over: Record<string, string> = {}) => ({
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: endpoint,
    S3_BUCKET: BUCKET,
    S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    S3_PREFIX: prefix,
    ...over,
  });
  const targets: TestDb[] = [];

  beforeAll(async () => {
    link = await relay(Number(new URL(endpoint).port));
    dataDir = path.join(root, `app-${dialect}`);
    // The app reaches s3rver through the relay, so that a test can cut it.
    t = await createTestApp(dialect, { DATA_DIR: dataDir, ...s3Env({ S3_ENDPOINT: link.url }) });
    const f = await campaignFixture(t);
    focalA = f.focalA;
    scorecardA = f.scorecardA;
  });
  afterAll(async () => {
    await t?.close();
    await link?.close();
    for (const target of targets) {
      await target.destroy();
    }
  });

  const upload = (leafCode: string, file: { name: string; data: Buffer }) => {
    const { payload, headers } = form({ leafCode, title: `Minh chứng ${leafCode}` }, file);
    return t.app.inject({
      method: 'POST',
      url: `/api/scorecards/${scorecardA}/evidence`,
      headers: { ...headers, cookie: focalA.cookie, 'x-csrf-token': focalA.csrf },
      payload,
    });
  };
  const download = (evidenceId: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/scorecards/${scorecardA}/evidence/${evidenceId}/file`,
      headers: { cookie: focalA.cookie },
    });
  const blobRows = () => t.db.selectFrom('blob').select(['sha256', 'storageKey']).orderBy('sha256').execute();
  let firstEvidence: string;

  it('uploads through the route, downloads the same bytes, stores identical content once, writes nothing under DATA_DIR/blobs', async () => {
    const first = await upload('1.1.1', { name: 'ke-hoach.pdf', data: PDF });
    expect(first.statusCode, first.body).toBe(201);
    firstEvidence = first.json<{ id: string }>().id;
    const got = await download(firstEvidence);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.rawPayload.equals(PDF)).toBe(true);

    // The same content again, on another criterion: a second evidence row, one object.
    const second = await upload('1.2', { name: 'ban-sao.pdf', data: PDF });
    expect(second.statusCode, second.body).toBe(201);
    const key = storageKeyFor(sha256(PDF));
    expect(await blobRows()).toEqual([{ sha256: sha256(PDF), storageKey: key }]);
    expect(await objectsUnder(prefix)).toEqual([`${prefix}${key}`]);
    expect((await download(second.json<{ id: string }>().id)).rawPayload.equals(PDF)).toBe(true);

    // Only the temp folder lives in DATA_DIR, and it is empty again.
    expect(fs.existsSync(path.join(dataDir, 'blobs'))).toBe(false);
    expect(filesUnder(path.join(dataDir, 'tmp'))).toEqual([]);
  });

  it('answers 503 within seconds when the object store is unreachable, leaves no row behind, and works again when it is back', async () => {
    const data = Buffer.concat([PNG, randomBytes(64)]);
    const evidenceBefore = await t.db.selectFrom('evidence').select('id').execute();
    link.set('down');
    try {
      const started = Date.now();
      const res = await upload('1.1.1', { name: 'anh.png', data });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
      // No blob row (it would point at an object that is not there), no evidence row, no temp file.
      expect((await blobRows()).map((b) => b.sha256)).toEqual([sha256(PDF)]);
      expect(await t.db.selectFrom('evidence').select('id').execute()).toEqual(evidenceBefore);
      expect(filesUnder(path.join(dataDir, 'tmp'))).toEqual([]);
      // A download cannot tell "absent" from "unreachable": 503, not 404.
      expect((await download(firstEvidence)).statusCode).toBe(503);
    } finally {
      link.set('up');
    }
    const again = await upload('1.1.1', { name: 'anh.png', data });
    expect(again.statusCode, again.body).toBe(201);
    expect((await download(again.json<{ id: string }>().id)).rawPayload.equals(data)).toBe(true);
    expect(await objectsUnder(prefix)).toEqual(
      [storageKeyFor(sha256(PDF)), storageKeyFor(sha256(data))].map((k) => `${prefix}${k}`).sort(),
    );
  });

  it('backs up every object from the bucket (never silently without them) and restores them into an empty prefix', async () => {
    // The instance the backup sees: the test app's database (a file copy for SQLite) and the bucket.
    let srcEnv: Record<string, string>;
    if (dialect === 'sqlite') {
      await sql`vacuum into ${path.join(dataDir, 'cchc.sqlite')}`.execute(t.db);
      srcEnv = { DATA_DIR: dataDir, ...s3Env() };
    } else {
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.db);
      const url = new URL(inject('pgUrl')!);
      url.pathname = `/${rows[0]!.name}`;
      srcEnv = { DATA_DIR: dataDir, DATABASE_URL: url.toString(), ...s3Env() };
    }
    const blobs = await blobRows();
    expect(blobs).toHaveLength(2);

    // The store unreachable: the backup fails, and leaves nothing.
    const backups = path.join(root, `backups-${dialect}`);
    link.set('down');
    try {
      const refused = await createBackup(
        loadConfig({ ...srcEnv, S3_ENDPOINT: link.url }),
        path.join(backups, 'hong'),
      ).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BackupError);
      expect((refused as BackupError).message).toMatch(
        new RegExp(
          `^Không đọc được tệp minh chứng ${prefix}[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64} từ s3://${BUCKET}/${prefix}: `,
        ),
      );
      expect(fs.readdirSync(backups)).toEqual([]);
    } finally {
      link.set('up');
    }

    const backupDir = path.join(backups, 'ban-1');
    const summary = await createBackup(loadConfig(srcEnv), backupDir);
    expect(summary.blobFiles).toBe(2);
    expect(summary.manifest.warnings).toEqual([]);
    for (const b of blobs) {
      const entry = summary.manifest.files.find((f) => f.path === `blobs/${b.storageKey}`);
      expect(entry?.sha256, b.storageKey).toBe(b.sha256);
      expect(sha256(fs.readFileSync(path.join(backupDir, 'blobs', b.storageKey)))).toBe(b.sha256);
    }

    // An empty instance with its own prefix in the bucket.
    const target = async (name: string, env: Record<string, string>) => {
      const dir = path.join(root, `${name}-${dialect}`);
      if (dialect === 'sqlite') {
        return { dataDir: dir, env: { DATA_DIR: dir, ...env }, db: null as Database | null };
      }
      const made = await createTestDb('postgres');
      targets.push(made);
      return { dataDir: dir, env: { DATA_DIR: dir, DATABASE_URL: made.url!, ...env }, db: made.db };
    };
    const restorePrefix = `restore-${dialect}/`;
    const dst = await target('dst', s3Env({ S3_PREFIX: restorePrefix }));
    // Through the real CLI, as an operator runs it (asynchronously: s3rver answers from this process).
    const restored = await cli(dst.env, 'restore', backupDir);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(
      `  Tệp: 2 tệp minh chứng vào s3://${BUCKET}/${restorePrefix}, 0 tệp xuất vào ${dst.dataDir}\n`,
    );
    // No warning of its own (Node 20 adds the AWS SDK's notice that it will need Node 22 in 2027).
    expect(restored.stderr).not.toContain('CẢNH BÁO');
    expect(await objectsUnder(restorePrefix)).toEqual(
      blobs.map((b) => `${restorePrefix}${b.storageKey}`).sort(),
    );
    const dstStorage = storageFromConfig(loadConfig(dst.env));
    for (const b of blobs) {
      expect(sha256(await readAll(await dstStorage.openRead(b.storageKey)))).toBe(b.sha256);
    }
    // Evidence files went to the bucket only; the restore's staging and marker are gone.
    expect(fs.existsSync(path.join(dst.dataDir, 'blobs'))).toBe(false);
    expect(
      fs
        .readdirSync(dst.dataDir)
        .filter((n) => !/-(wal|shm)$/.test(n))
        .sort(),
    ).toEqual(dialect === 'sqlite' ? ['cchc.sqlite'] : []);
    const dstDb = dst.db ?? createDb({ kind: 'sqlite', file: path.join(dst.dataDir, 'cchc.sqlite') }).db;
    try {
      const rows = await dstDb
        .selectFrom('blob')
        .select(['sha256', 'storageKey'])
        .orderBy('sha256')
        .execute();
      expect(rows).toEqual(blobs);
      const evidence = await dstDb.selectFrom('evidence').select('id').orderBy('id').execute();
      expect(evidence).toEqual(await t.db.selectFrom('evidence').select('id').orderBy('id').execute());
    } finally {
      if (!dst.db) {
        await dstDb.destroy();
      }
    }

    // A prefix that already holds objects is not an empty instance: refused, nothing written.
    const busy = await target('busy', s3Env());
    const refusedRestore = await restoreBackup(loadConfig(busy.env), backupDir).catch((e: unknown) => e);
    expect(refusedRestore).toBeInstanceOf(BackupError);
    expect((refusedRestore as BackupError).message).toMatch(
      new RegExp(`^Hệ thống đích không trống \\(s3://${BUCKET}/${prefix} có đối tượng ${prefix}`),
    );
    expect(fs.existsSync(path.join(busy.dataDir, 'cchc.sqlite'))).toBe(false);
    if (busy.db) {
      expect(await busy.db.selectFrom('evidence').select('id').execute()).toEqual([]);
    }
    // …and the objects it found are untouched (a refused restore deletes nothing).
    expect(await objectsUnder(prefix)).toEqual(blobs.map((b) => `${prefix}${b.storageKey}`).sort());

    // The backup's layout does not depend on the driver: the same folder restores onto local disk.
    const local = await target('local', {});
    const onDisk = await restoreBackup(loadConfig(local.env), backupDir);
    expect(onDisk.blobTarget).toBe(path.join(local.dataDir, 'blobs'));
    for (const b of blobs) {
      expect(sha256(fs.readFileSync(path.join(local.dataDir, 'blobs', b.storageKey)))).toBe(b.sha256);
    }
  });

  it('a blob store whose S3 put fails writes no blob row and leaves no temp file', async () => {
    const brokenDir = path.join(root, `broken-${dialect}`);
    const broken = createBlobStore({
      db: t.db,
      clock: t.clock,
      dataDir: brokenDir,
      storage: s3Storage({
        bucket: BUCKET,
        endpoint: `http://127.0.0.1:${await closedPort()}`,
        forcePathStyle: true,
        credentials: CREDENTIALS,
      }),
    });
    const data = Buffer.concat([PDF, randomBytes(32)]);
    await expect(
      broken.storeUpload(Readable.from([data]), { maxBytes: 1024 * 1024, filename: 'x.pdf' }),
    ).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(
      await t.db.selectFrom('blob').select('sha256').where('sha256', '=', sha256(data)).execute(),
    ).toEqual([]);
    expect(filesUnder(path.join(brokenDir, 'tmp'))).toEqual([]);
  });
});
