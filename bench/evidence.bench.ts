/**
 * Evidence upload benchmark (`npm run bench`, after the scoring benchmark): a 1 GB file is
 * uploaded through the real route (POST /api/scorecards/:id/evidence, multipart, loopback HTTP)
 * to a server in its own process — temp SQLite database, temp DATA_DIR on the same disk,
 * EVIDENCE_MAX_BYTES raised — and compared with copying the same file on the same disk
 * (a stream copy and fs.copyFile, each followed by fsync as the store does). Reports MB/s and
 * the peak RSS of the process doing the work. Results go to docs/benchmarks.md by hand.
 *
 *   EVIDENCE_BENCH_MB=64   quick run with a 64 MB file (default 1024)
 *   EVIDENCE_BENCH_RUNS=1  timed runs per method (default 3; the median is reported)
 *   EVIDENCE_BENCH_SKIP=1  skip this benchmark
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';

import { emitFigures } from './emit';

const MB = 1024 * 1024;
const here = import.meta.filename;
const repoRoot = path.resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------
// Child mode 1: the server. Boots the real app on a fresh SQLite database seeded with the demo
// (organisation, users, index set and a campaign open for self-assessment, made through the
// services as `npm start` does), prints {port, scorecardId, username, password} of a focal
// officer's scorecard, then answers "rss" lines on stdin with its memory figures.

async function serveMode(dataDir: string, maxBytes: number): Promise<void> {
  const { loadConfig } = await import('../server/src/config');
  const { createDb } = await import('../server/src/db/database');
  const { migrateToLatest } = await import('../server/src/db/migrate');
  const { buildApp } = await import('../server/src/app');
  const { seedDemo } = await import('../server/src/seed/demo');

  const config = loadConfig({
    DATA_DIR: dataDir,
    EVIDENCE_MAX_BYTES: String(maxBytes),
    SEED_DEMO: 'false',
    SERVE_WEB: 'false',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_PER_MINUTE: '1000',
  });
  const { db, dialect } = createDb(config.database);
  await migrateToLatest(db);
  const focal = (await seedDemo(db)).users.find((u) => u.role === 'UNIT_FOCAL')!;
  const { scorecardId } = await db
    .selectFrom('scorecard as s')
    .innerJoin('unit as u', 'u.id', 's.unitId')
    .select('s.id as scorecardId')
    .where('u.code', '=', focal.unitCode!)
    .executeTakeFirstOrThrow();
  const app = await buildApp({ config, db, dialect, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(
    `${JSON.stringify({ port, scorecardId, username: focal.username, password: focal.password })}\n`,
  );
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'rss') {
      process.stdout.write(`${JSON.stringify(memory())}\n`);
    }
  }
  await app.close();
  await db.destroy();
}

/** Current and peak resident set size of this process, in MB. */
function memory(): { rssMb: number; peakMb: number } {
  return {
    rssMb: Math.round(process.memoryUsage.rss() / MB),
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

// ---------------------------------------------------------------------------------------------
// Child mode 2: a plain copy of the same file, in its own process so that its RSS is its own.

async function copyMode(kind: string, src: string, dst: string): Promise<void> {
  const before = memory();
  const start = performance.now();
  if (kind === 'copyFile') {
    await fsp.copyFile(src, dst);
  } else {
    await pipeline(fs.createReadStream(src), fs.createWriteStream(dst));
  }
  const handle = await fsp.open(dst, 'r+');
  await handle.sync();
  await handle.close();
  const ms = performance.now() - start;
  process.stdout.write(`${JSON.stringify({ ms, before, after: memory() })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Orchestrator.

function child(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', here, ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Reads a child's stdout line by line, each line a JSON value. */
function jsonLines(proc: ReturnType<typeof child>): <T>() => Promise<T> {
  const queue: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let closed = false;
  const rl = createInterface({ input: proc.stdout! });
  rl.on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) {
      waiter(line);
    } else {
      queue.push(line);
    }
  });
  rl.on('close', () => {
    closed = true;
  });
  return <T>() =>
    new Promise<T>((resolve, reject) => {
      const line = queue.shift();
      if (line !== undefined) {
        resolve(JSON.parse(line) as T);
      } else if (closed) {
        reject(new Error('child exited without output'));
      } else {
        waiters.push((l) => resolve(JSON.parse(l) as T));
        proc.once('exit', (code) => reject(new Error(`child exited (${code})`)));
      }
    });
}

async function request(
  port: number,
  opts: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: opts.method,
      path: opts.path,
      headers: opts.headers,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function uploadFile(
  port: number,
  session: { cookie: string; csrf: string },
  scorecardId: string,
  file: string,
): Promise<{ ms: number; status: number; body: string }> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="leafCode"\r\n\r\n1.1.1\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = (await fsp.stat(file)).size;
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/scorecards/${scorecardId}/evidence`,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          ms: performance.now() - start,
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.write(head);
    const input = fs.createReadStream(file, { highWaterMark: MB });
    input.on('error', reject);
    input.pipe(req, { end: false });
    input.on('end', () => req.end(tail));
  });
}

/** A file of `mb` MB that starts like a PDF; the rest is random (incompressible, never deduplicated). */
async function makeSource(file: string, mb: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const block = randomBytes(MB);
  for (let i = 0; i < mb; i++) {
    const chunk = Buffer.from(block);
    if (i === 0) {
      chunk.write('%PDF-1.7\n', 0, 'latin1');
    }
    chunk.writeUInt32LE(i, 64);
    if (!out.write(chunk)) {
      await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

/** Makes every run's content different so that deduplication never short-circuits the store. */
async function stamp(file: string, run: number): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  await handle.write(Buffer.from(`run-${run}-${Date.now()}`.padEnd(32, ' ')), 0, 32, 16);
  await handle.close();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function cpuModel(): string {
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

async function orchestrate(): Promise<void> {
  // biome-ignore lint/style/noProcessEnv: benchmark knobs, documented in the header comment.
  const env = process.env;
  if (env.EVIDENCE_BENCH_SKIP === '1') {
    console.log('Evidence benchmark skipped (EVIDENCE_BENCH_SKIP=1).');
    return;
  }
  const sizeMb = Number(env.EVIDENCE_BENCH_MB ?? 1024);
  const runs = Number(env.EVIDENCE_BENCH_RUNS ?? 3);
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'cchc-evidence-bench-'));
  const dataDir = path.join(work, 'data');
  const src = path.join(work, 'source.pdf');
  const server = child(['--serve', dataDir, String((sizeMb + 16) * MB)]);
  const fromServer = jsonLines(server);
  try {
    process.stderr.write(`Writing a ${sizeMb} MB source file in ${work} …\n`);
    await makeSource(src, sizeMb);
    const { port, scorecardId, username, password } = await fromServer<{
      port: number;
      scorecardId: string;
      username: string;
      password: string;
    }>();
    const serverMemory = () => {
      server.stdin!.write('rss\n');
      return fromServer<{ rssMb: number; peakMb: number }>();
    };
    const login = await request(port, {
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (login.status !== 200) {
      throw new Error(`login failed: ${login.status} ${login.body}`);
    }
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    const session = { cookie, csrf: (JSON.parse(login.body) as { csrfToken: string }).csrfToken };

    const idle = await serverMemory();
    const uploadMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      await stamp(src, run);
      const res = await uploadFile(port, session, scorecardId, src);
      if (res.status !== 201) {
        throw new Error(`upload failed: ${res.status} ${res.body}`);
      }
      uploadMs.push(res.ms);
      process.stderr.write(`  upload run ${run + 1}: ${(res.ms / 1000).toFixed(2)} s\n`);
      // Keep the disk use bounded: the stored copy is not needed any more.
      await fsp.rm(path.join(dataDir, 'blobs'), { recursive: true, force: true });
    }
    const afterUpload = await serverMemory();

    const copies: Record<string, { ms: number[]; peakMb: number; idleMb: number }> = {};
    for (const kind of ['stream', 'copyFile']) {
      copies[kind] = { ms: [], peakMb: 0, idleMb: 0 };
      for (let run = 0; run < runs; run++) {
        const dst = path.join(work, `copy-${kind}`);
        const proc = child(['--copy', kind, src, dst]);
        const r = await jsonLines(proc)<{
          ms: number;
          before: { rssMb: number };
          after: { peakMb: number };
        }>();
        await new Promise((res) => proc.once('exit', res));
        await fsp.rm(dst, { force: true });
        copies[kind].ms.push(r.ms);
        copies[kind].peakMb = Math.max(copies[kind].peakMb, r.after.peakMb);
        copies[kind].idleMb = r.before.rssMb;
        process.stderr.write(`  ${kind} run ${run + 1}: ${(r.ms / 1000).toFixed(2)} s\n`);
      }
    }

    const mbps = (ms: number) => (sizeMb / (ms / 1000)).toFixed(0);
    const up = median(uploadMs);
    const stream = median(copies.stream!.ms);
    const copyFile = median(copies.copyFile!.ms);
    console.log(`# Evidence upload benchmark

- Machine: ${os.availableParallelism()} CPU (nproc), ${cpuModel()}, ${Math.round(os.totalmem() / 1024 / MB)} GB RAM; Node.js ${process.version}; ${new Date().toISOString().slice(0, 10)}
- File: ${sizeMb} MB (random bytes after a PDF header), ${runs} timed runs per method, median; temp folder ${work}

| Method | Median (s) | MB/s | Min–max (s) | Peak RSS of the working process | RSS at rest |
|---|---:|---:|---:|---:|---:|
| Upload through POST /api/scorecards/:id/evidence (loopback) | ${(up / 1000).toFixed(2)} | ${mbps(up)} | ${(Math.min(...uploadMs) / 1000).toFixed(2)}–${(Math.max(...uploadMs) / 1000).toFixed(2)} | ${afterUpload.peakMb} MB (server) | ${idle.rssMb} MB |
| Stream copy (createReadStream → createWriteStream) + fsync | ${(stream / 1000).toFixed(2)} | ${mbps(stream)} | ${(Math.min(...copies.stream!.ms) / 1000).toFixed(2)}–${(Math.max(...copies.stream!.ms) / 1000).toFixed(2)} | ${copies.stream!.peakMb} MB | ${copies.stream!.idleMb} MB |
| fs.copyFile + fsync | ${(copyFile / 1000).toFixed(2)} | ${mbps(copyFile)} | ${(Math.min(...copies.copyFile!.ms) / 1000).toFixed(2)}–${(Math.max(...copies.copyFile!.ms) / 1000).toFixed(2)} | ${copies.copyFile!.peakMb} MB | ${copies.copyFile!.idleMb} MB |

Upload time ÷ stream copy time: ${(up / stream).toFixed(2)}; ÷ copyFile time: ${(up / copyFile).toFixed(2)}.
Server peak RSS before the uploads: ${idle.peakMb} MB, after: ${afterUpload.peakMb} MB.`);
    const rate = (ms: number) => sizeMb / (ms / 1000);
    emitFigures([
      {
        id: 'evidence.upload',
        label: `Evidence upload throughput, ${sizeMb} MB file, through the HTTP route`,
        value: rate(up),
        unit: 'MB/s',
        limit: { label: 'stream copy + fsync on the same disk', value: rate(stream) },
        note: `${runs} runs; fs.copyFile ${rate(copyFile).toFixed(0)} MB/s`,
      },
      {
        id: 'evidence.upload-rss',
        label: `Server peak RSS while uploading ${sizeMb} MB`,
        value: afterUpload.peakMb,
        unit: 'MB',
        limit: { label: 'peak RSS of the stream-copy process', value: copies.stream!.peakMb },
        note: `server at rest ${idle.rssMb} MB`,
      },
    ]);
  } finally {
    server.stdin!.end();
    server.kill();
    await fsp.rm(work, { recursive: true, force: true });
  }
}

const [mode, a, b, c] = process.argv.slice(2);
if (mode === '--serve') {
  await serveMode(a!, Number(b));
} else if (mode === '--copy') {
  await copyMode(a!, b!, c!);
} else {
  await orchestrate();
}
