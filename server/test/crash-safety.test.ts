import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { REPORT_LEAF_CODE } from '@cchc/domain/api/scorecards';
import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../src/db/database';
import { createBlobStore } from '../src/modules/evidence/blob-store';
import { storageKeyFor } from '../src/modules/evidence/storage';
import { systemClock } from '../src/platform/clock';
import { goodAnswer } from '../src/seed/demo-answers';
import { createTestDb, type TestDb, testDialects } from '../src/testing/test-db';

/**
 * Crash safety (issue 8 item 7): the real server process is killed with SIGKILL — no shutdown
 * hook runs, exactly like a power cut for the process — in the middle of an evidence upload, of
 * scorecard submissions and of index-set imports, then restarted on the same DATA_DIR and
 * database. After every restart the store must hold no half-written record, no row pointing at a
 * missing or partial file, no temp file, and every write acknowledged (2xx received) before the
 * kill. See docs/crash-safety.md.
 */

const serverDir = path.resolve(import.meta.dirname, '..');
const doc = demo as unknown as IndexSetDocument;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) {
      throw new Error(`timed out waiting for: ${what}`);
    }
    await sleep(10);
  }
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

/** A PDF by its magic bytes (the store checks content, not names), random so that every one is new content. */
function randomPdf(bytes: number): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.4\n%'), randomBytes(Math.max(0, bytes - 10))]);
}

/** A multipart body: text fields, then one file part (the order the evidence route requires). */
function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = `----cchcCrash${randomBytes(8).toString('hex')}`;
  const head = Buffer.concat([
    ...Object.entries(fields).map(([k, v]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
  ]);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    head,
    tail,
    body: Buffer.concat([head, file.data, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The server process, as an operator runs it.

interface Server {
  child: ChildProcess;
  base: string;
  output(): string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'true',
      SERVE_WEB: 'false',
      LOG_LEVEL: 'warn',
      // Logins happen from one address in a burst; the limit is not what this test is about.
      LOGIN_RATE_PER_MINUTE: '10000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    out += d;
  });
  child.stderr!.on('data', (d: string) => {
    out += d;
  });
  // main.ts prints the address once it listens (after migrations, the demo seed and the temp sweep).
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 90 s:\n${out}`));
    }, 90_000); // a ceiling for a loaded CI machine; the first start (demo seed) takes ~7 s on an idle one
    const onData = () => {
      const m = /đang chạy: http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        resolve(Number(m[1]));
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  return { child, base: `http://127.0.0.1:${port}`, output: () => out };
}

/** SIGKILL: no signal handler, no `finally`, no flush — the process is simply gone. */
async function killHard(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) {
    return;
  }
  const exited = once(server.child, 'exit');
  server.child.kill('SIGKILL');
  await exited;
}

// ---------------------------------------------------------------------------------------------
// HTTP as a browser does it: session cookie plus the CSRF header on writes.

interface Session {
  cookie: string;
  csrf: string;
}

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field.
  json: any;
  raw: Buffer;
}

async function send(
  base: string,
  session: Session | null,
  method: string,
  url: string,
  body?: { json: unknown } | { multipart: ReturnType<typeof multipart> },
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET') {
      headers['x-csrf-token'] = session.csrf;
    }
  }
  let payload: Buffer | string | undefined;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body) {
    headers['content-type'] = body.multipart.contentType;
    payload = body.multipart.body;
  }
  const res = await fetch(`${base}${url}`, { method, headers, body: payload });
  // Acknowledged means the whole response arrived: the body is read before the caller sees it.
  const raw = Buffer.from(await res.arrayBuffer());
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, json: isJson ? JSON.parse(raw.toString('utf8')) : null, raw };
}

async function login(base: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cchc_session='));
  if (res.status !== 200 || !cookie || !body.csrfToken) {
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  }
  return { cookie, csrf: body.csrfToken };
}

/** One request of a burst: acknowledged (2xx fully received), refused (an error status), or in flight at the kill. */
interface Attempt<T> {
  n: number;
  outcome: 'pending' | 'acked' | 'refused';
  status?: number;
  result?: T;
  meta: Record<string, string>;
}

/**
 * Runs `loops` request loops side by side until `stop()` says so or the server is gone. A request
 * whose connection dies stays 'pending': the server may or may not have committed it.
 */
function burst<T>(
  loops: number,
  next: (loop: number, n: number) => { meta: Record<string, string>; run: () => Promise<Reply> },
  toResult: (reply: Reply) => T,
) {
  const attempts: Attempt<T>[] = [];
  let stopped = false;
  let counter = 0;
  const done = Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (!stopped) {
        const n = counter++;
        const { meta, run } = next(loop, n);
        const attempt: Attempt<T> = { n, outcome: 'pending', meta };
        attempts.push(attempt);
        try {
          const reply = await run();
          attempt.status = reply.status;
          if (reply.status >= 200 && reply.status < 300) {
            attempt.outcome = 'acked';
            attempt.result = toResult(reply);
          } else {
            attempt.outcome = 'refused';
          }
        } catch {
          return; // the server was killed: this request's fate is decided by what was committed
        }
      }
    }),
  );
  return {
    attempts,
    acked: () => attempts.filter((a) => a.outcome === 'acked').length,
    stop() {
      stopped = true;
    },
    done,
  };
}

// ---------------------------------------------------------------------------------------------

/** Every write acknowledged so far, across all kills: each must survive every later restart. */
interface Ledger {
  answers: Map<string, number>;
  evidence: Map<string, { sha256: string; sizeBytes: number }>;
  imports: Map<string, { code: string; version: number }>;
  transitions: number;
}

/** The large document of scenario (c): the demo set with long scoring guidance on every leaf (~550 KB). */
function bigIndexSet(code: string): Record<string, unknown> {
  const copy = structuredClone(demo) as Record<string, unknown>;
  copy.code = code;
  copy.name = 'Bộ chỉ số thử nghiệm dung lượng lớn';
  let i = 0;
  const visit = (node: Record<string, unknown>) => {
    if (node.method) {
      i++;
      const phrase = `Hướng dẫn chấm chi tiết tiêu chí ${String(node.code)}, đoạn ${i}: kiểm tra văn bản, số liệu và tài liệu kiểm chứng. `;
      node.guidance = phrase.repeat(Math.floor(9000 / phrase.length));
      node.evidence = `Tài liệu kiểm chứng ${i}: `.padEnd(5000, 'x');
    }
    for (const child of (node.children as Record<string, unknown>[] | undefined) ?? []) {
      visit(child);
    }
  };
  for (const node of copy.nodes as Record<string, unknown>[]) {
    visit(node);
  }
  return copy;
}

describe('start-up sweep of upload temp files', () => {
  it("removes at once what a dead process of this host left; keeps live uploads, other hosts' and unowned fresh files", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-sweep-'));
    try {
      // The sweep never touches the database.
      const blobs = createBlobStore({ db: null as unknown as Database, clock: systemClock, dataDir });
      // An upload of this process, still receiving: its temp file names its owner.
      const source = new PassThrough();
      const upload = blobs
        .storeUpload(source, { maxBytes: 1024 * 1024, filename: 'dang-tai.pdf' })
        .catch((e: unknown) => e);
      source.write(Buffer.from('%PDF-1.4\n'));
      await until(() => filesUnder(blobs.tmpDir).length === 1, 'the temp file of a running upload');
      const live = path.basename(filesUnder(blobs.tmpDir)[0]!);
      const owner = /^upload-[0-9a-f-]{36}\.(\d+)@([A-Za-z0-9_-]+)\.part$/.exec(live);
      expect(owner?.[1]).toBe(String(process.pid));
      const dead = spawn(process.execPath, ['-e', '']);
      await once(dead, 'exit');
      const name = (pid: number, host = owner![2]) => `upload-${randomUUID()}.${pid}@${host}.part`;
      const files = {
        deadProcess: name(dead.pid!),
        // Our pid but not our upload: an earlier process that had this pid (pid 1 in a container).
        earlierLifeOfOurPid: name(process.pid),
        aliveProcess: name(process.ppid),
        otherHost: name(dead.pid!, 'may-chu-khac'),
        unowned: `upload-${randomUUID()}.part`,
      };
      for (const f of Object.values(files)) {
        fs.writeFileSync(path.join(blobs.tmpDir, f), 'x');
      }
      expect(await blobs.sweepTemp()).toBe(2);
      expect(fs.readdirSync(blobs.tmpDir).sort()).toEqual(
        [live, files.aliveProcess, files.otherHost, files.unowned].sort(),
      );
      source.destroy();
      // The upload fails and takes its temp file with it (this is not the crash path). A client
      // going away is UPLOAD_ABORTED (400), not a disk error (500).
      expect(await upload).toMatchObject({ code: 'UPLOAD_ABORTED' });
      expect(fs.existsSync(path.join(blobs.tmpDir, live))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(testDialects())('crash safety (SIGKILL) on %s', (dialect) => {
  let dataDir: string;
  let pg: TestDb | null = null;
  let env: Record<string, string>;
  let server: Server;
  let passwords: Map<string, string>;
  let focal: Session;
  let head: Session;
  let office: Session;
  let scorecardId: string;
  let criteria: string[];
  const ledger: Ledger = { answers: new Map(), evidence: new Map(), imports: new Map(), transitions: 0 };

  const tmpDir = () => path.join(dataDir, 'tmp');
  const blobsDir = () => path.join(dataDir, 'blobs');
  const partFiles = () => filesUnder(tmpDir()).filter((f) => /upload-.*\.part$/.test(path.basename(f)));

  /** A fresh connection per check: what is read is what the database holds on disk, not a cache. */
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const { db } =
      dialect === 'sqlite'
        ? createDb({ kind: 'sqlite', file: path.join(dataDir, 'cchc.sqlite') })
        : createDb({ kind: 'postgres', url: pg!.url! });
    try {
      return await fn(db);
    } finally {
      await db.destroy();
    }
  }

  const api = (session: Session | null, method: string, url: string, json?: unknown) =>
    send(server.base, session, method, url, json === undefined ? undefined : { json });

  async function restart(): Promise<void> {
    server = await startServer(env);
  }

  function uploadEvidence(session: Session, leafCode: string, title: string, data: Buffer) {
    return send(server.base, session, 'POST', `/api/scorecards/${scorecardId}/evidence`, {
      multipart: multipart({ leafCode, title }, { name: `${title}.pdf`, data }),
    });
  }

  function importFile(name: string, data: Buffer) {
    return send(server.base, office, 'POST', '/api/index-sets/import', {
      multipart: multipart({}, { name, data }),
    });
  }

  /**
   * The invariants that hold after any crash, checked on the database and DATA_DIR as the
   * restarted server left them (it has run its start-up sweep before it prints its address).
   */
  async function verifyStore(label: string): Promise<void> {
    // No temp file survives the restart: the sweep removed what the killed process left.
    expect(partFiles(), `${label}: temp files after restart`).toEqual([]);
    // Every file in the store is complete: it is named by the SHA-256 of its content.
    for (const file of filesUnder(blobsDir())) {
      expect(sha256(fs.readFileSync(file)), `${label}: partial file in the store: ${file}`).toBe(
        path.basename(file),
      );
    }
    await withDb(async (db) => {
      // Every blob row points at its complete file: right place, size and hash.
      const blobs = await db.selectFrom('blob').selectAll().execute();
      for (const b of blobs) {
        expect(b.storageKey).toBe(storageKeyFor(b.sha256));
        const file = path.join(blobsDir(), ...b.storageKey.split('/'));
        expect(fs.existsSync(file), `${label}: blob row without its file ${b.sha256}`).toBe(true);
        const data = fs.readFileSync(file);
        expect(data.length, `${label}: size of ${b.sha256}`).toBe(Number(b.sizeBytes));
        expect(sha256(data), `${label}: content of ${b.sha256}`).toBe(b.sha256);
      }
      const blobShas = new Set(blobs.map((b) => b.sha256));
      const evidence = await db.selectFrom('evidence').selectAll().execute();
      for (const e of evidence.filter((x) => x.kind === 'FILE')) {
        expect(blobShas.has(e.blobSha256 ?? ''), `${label}: evidence ${e.id} without its blob`).toBe(true);
      }
      // Evidence row and its audit event are one transaction: both or neither.
      const events = await db
        .selectFrom('audit_event')
        .select(['action', 'data'])
        .where('entityId', '=', scorecardId)
        .where('action', '=', 'evidence.added')
        .execute();
      const own = evidence.filter((e) => e.scorecardId === scorecardId);
      expect(
        events.map((a) => (JSON.parse(a.data) as { evidenceId: string }).evidenceId).sort(),
        `${label}: evidence rows vs evidence.added events`,
      ).toEqual(own.map((e) => e.id).sort());
      // The scorecard's evidence count is written in the same transaction as the rows.
      const sc = await db
        .selectFrom('scorecard')
        .selectAll()
        .where('id', '=', scorecardId)
        .executeTakeFirstOrThrow();
      expect(sc.evidenceCount, `${label}: evidenceCount`).toBe(
        own.filter((e) => e.deletedAt === null && e.leafCode !== REPORT_LEAF_CODE).length,
      );

      // Index sets: each row holds its whole document (hash) and has exactly one creation event.
      const sets = await db
        .selectFrom('index_set')
        .select(['id', 'code', 'version', 'document', 'documentHash'])
        .execute();
      for (const s of sets) {
        expect(sha256(s.document), `${label}: document of ${s.code} v${s.version}`).toBe(s.documentHash);
      }
      const created = await db
        .selectFrom('audit_event')
        .select('entityId')
        .where('entityType', '=', 'indexSet')
        .where('action', 'in', ['indexSet.imported', 'indexSet.versionCreated', 'indexSet.cloned'])
        .execute();
      expect(created.map((c) => c.entityId).sort(), `${label}: index-set rows vs creation events`).toEqual(
        sets.map((s) => s.id).sort(),
      );

      // Every acknowledged write is still there.
      const answers = await db
        .selectFrom('scorecard_answer')
        .select(['leafCode', 'rowVersion'])
        .where('scorecardId', '=', scorecardId)
        .execute();
      for (const [leafCode, version] of ledger.answers) {
        const a = answers.find((x) => x.leafCode === leafCode);
        expect(a?.rowVersion ?? -1, `${label}: acknowledged answer ${leafCode}`).toBeGreaterThanOrEqual(
          version,
        );
      }
      for (const [id, want] of ledger.evidence) {
        const e = evidence.find((x) => x.id === id);
        expect(e?.blobSha256, `${label}: acknowledged evidence ${id}`).toBe(want.sha256);
        expect(Number(blobs.find((b) => b.sha256 === want.sha256)?.sizeBytes)).toBe(want.sizeBytes);
      }
      for (const [id, want] of ledger.imports) {
        const s = sets.find((x) => x.id === id);
        expect(s && { code: s.code, version: s.version }, `${label}: acknowledged import ${id}`).toEqual(
          want,
        );
      }
      const transitions = await db
        .selectFrom('audit_event')
        .select('id')
        .where('entityId', '=', scorecardId)
        .where('action', 'in', ['scorecard.submitted', 'scorecard.returned'])
        .execute();
      expect(transitions.length, `${label}: acknowledged transitions`).toBeGreaterThanOrEqual(
        ledger.transitions,
      );
    });
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-crash-'));
    if (dialect === 'postgres') {
      // An empty database of its own (migrated; the server seeds the demo into it on first start).
      pg = await createTestDb('postgres');
    }
    env = { DATA_DIR: dataDir, ...(pg ? { DATABASE_URL: pg.url! } : {}) };
    server = await startServer(env);
    // The demo seed prints each account's password once.
    passwords = new Map(
      [...server.output().matchAll(/^ {2}(\S+)\s+([a-z]{4}-\d{4}-[a-z]{4})\s/gm)].map((m) => [m[1]!, m[2]!]),
    );
    focal = await login(server.base, 'daumoi.vpc', passwords.get('daumoi.vpc')!);
    head = await login(server.base, 'thutruong.vpc', passwords.get('thutruong.vpc')!);
    office = await login(server.base, 'vanphong', passwords.get('vanphong')!);
    // Vụ Pháp chế's scorecard in the demo campaign open for self-assessment (nothing answered yet).
    scorecardId = await withDb(async (db) => {
      const row = await db
        .selectFrom('scorecard as s')
        .innerJoin('unit as u', 'u.id', 's.unitId')
        .innerJoin('campaign as c', 'c.id', 's.campaignId')
        .select('s.id')
        .where('u.code', '=', 'VPC')
        .where('c.phase', '=', 'SELF_ASSESSMENT')
        .executeTakeFirstOrThrow();
      return row.id;
    });
    const view = await api(focal, 'GET', `/api/scorecards/${scorecardId}`);
    expect(view.status).toBe(200);
    const leaves = [...answerableLeaves(doc, view.json.groupCode as string)].filter(
      ([, l]) => l.kind === 'CRITERION',
    );
    criteria = leaves.map(([code]) => code);
    // Every criterion answered (acknowledged writes of their own), so that the head can submit.
    for (const [code, { leaf }] of leaves) {
      const res = await api(
        focal,
        'PUT',
        `/api/scorecards/${scorecardId}/answers/${encodeURIComponent(code)}`,
        {
          rowVersion: 0,
          value: goodAnswer(leaf),
          noEvidenceReason: 'Tài liệu kiểm chứng lưu bản giấy tại đơn vị',
        },
      );
      expect(res.status, res.raw.toString()).toBe(200);
      ledger.answers.set(code, res.json.rowVersion as number);
    }
  }, 150_000);

  afterAll(async () => {
    if (server) {
      await killHard(server);
    }
    await pg?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * Uploads of new random content by the focal officer, each with a unique title, spread over the
   * criteria after the first four (at most 50 files per leaf; a slow import keeps this loop busy).
   */
  function uploadBurst() {
    return burst(
      1,
      (_loop, n) => {
        const data = randomPdf(randomInt(64 * 1024, 512 * 1024));
        const title = `burst-${n}`;
        return {
          meta: { title, sha256: sha256(data), size: String(data.length) },
          run: () => uploadEvidence(focal, criteria[4 + (n % (criteria.length - 4))]!, title, data),
        };
      },
      (reply) => reply.json as { id: string; sha256: string },
    );
  }

  /** After the restart: each upload of the burst is there once, with its content (acknowledged), or wholly absent. */
  async function checkUploadBurst(attempts: Attempt<{ id: string }>[], label: string): Promise<void> {
    await withDb(async (db) => {
      for (const a of attempts) {
        const rows = await db
          .selectFrom('evidence')
          .select(['id', 'blobSha256'])
          .where('title', '=', a.meta.title!)
          .execute();
        expect(rows.length, `${label}: ${a.meta.title} (${a.outcome})`).toBe(
          a.outcome === 'acked' ? 1 : rows.length,
        );
        expect(rows.length, `${label}: ${a.meta.title} twice`).toBeLessThanOrEqual(1);
        if (rows[0]) {
          expect(rows[0].blobSha256).toBe(a.meta.sha256);
        }
      }
    });
  }

  it('(a) evidence upload: killed with half the body sent, nothing of it remains; earlier uploads all do', async () => {
    // Acknowledged uploads first: small, large, and the same content twice (one blob, two rows).
    const small = randomPdf(200 * 1024);
    const large = randomPdf(2 * 1024 * 1024);
    for (const [i, [leaf, data]] of (
      [
        [criteria[0]!, small],
        [criteria[1]!, large],
        [criteria[2]!, small],
      ] as const
    ).entries()) {
      const res = await uploadEvidence(focal, leaf, `acked-${i}`, data);
      expect(res.status, res.raw.toString()).toBe(201);
      expect(res.json.sha256).toBe(sha256(data));
      ledger.evidence.set(res.json.id, { sha256: sha256(data), sizeBytes: data.length });
    }

    // Half of an 8 MB upload, sent over a raw socket with the full Content-Length announced.
    const whole = randomPdf(8 * 1024 * 1024);
    const half = whole.length / 2;
    const {
      head: formHead,
      tail,
      contentType,
    } = multipart({ leafCode: criteria[3]!, title: 'half-sent' }, { name: 'half-sent.pdf', data: whole });
    const url = new URL(`${server.base}/api/scorecards/${scorecardId}/evidence`);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        'content-type': contentType,
        'content-length': String(formHead.length + whole.length + tail.length),
        cookie: focal.cookie,
        'x-csrf-token': focal.csrf,
      },
    });
    let responseStatus: number | null = null;
    const settled = new Promise<void>((resolve) => {
      req.on('response', (res) => {
        responseStatus = res.statusCode ?? null;
        res.resume();
        res.on('close', () => resolve());
      });
      req.on('error', () => resolve());
    });
    req.write(formHead);
    for (let off = 0; off < half; off += 64 * 1024) {
      if (!req.write(whole.subarray(off, Math.min(off + 64 * 1024, half)))) {
        await once(req, 'drain');
      }
    }
    // Deterministic "during": the server has streamed (nearly) all of the half into its temp file.
    await until(
      () =>
        partFiles().some((f) => (fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0) >= half - 256 * 1024),
      'the server writing the half-sent upload',
    );
    expect(partFiles()).toHaveLength(1);
    await killHard(server);
    await settled;
    expect(responseStatus, 'the half-sent upload was never answered').toBeNull();
    // What the kill left: the temp file, as the dead process had it.
    expect(partFiles()).toHaveLength(1);

    await restart();
    await verifyStore('(a) half-sent upload');
    await withDb(async (db) => {
      expect(await db.selectFrom('evidence').select('id').where('title', '=', 'half-sent').execute()).toEqual(
        [],
      );
      const partial = [sha256(whole), sha256(whole.subarray(0, half))];
      expect(await db.selectFrom('blob').select('sha256').where('sha256', 'in', partial).execute()).toEqual(
        [],
      );
      // Neither the whole content nor its received half reached the store.
      expect(
        filesUnder(blobsDir())
          .map((f) => path.basename(f))
          .filter((s) => partial.includes(s)),
      ).toEqual([]);
    });
    // The acknowledged files download intact from the restarted server (the session survived too).
    for (const [id, want] of ledger.evidence) {
      const file = await api(focal, 'GET', `/api/scorecards/${scorecardId}/evidence/${id}/file`);
      expect(file.status).toBe(200);
      expect(sha256(file.raw)).toBe(want.sha256);
    }
  }, 120_000);

  it('(b) scorecard submission: submit/return in a loop, killed at a varied moment — each transition whole with its audit event', async () => {
    // The signed report the head submits with (acknowledged).
    const report = randomPdf(50 * 1024);
    const uploaded = await uploadEvidence(head, REPORT_LEAF_CODE, 'bao-cao-da-ky', report);
    expect(uploaded.status, uploaded.raw.toString()).toBe(201);
    const reportId = uploaded.json.id as string;
    ledger.evidence.set(reportId, { sha256: sha256(report), sizeBytes: report.length });
    const checks = await api(head, 'GET', `/api/scorecards/${scorecardId}/checks`);
    expect(checks.json.ok, JSON.stringify(checks.json.problems)).toBe(true);
    const before = await api(head, 'GET', `/api/scorecards/${scorecardId}`);
    expect(before.json.status).toBe('DRAFT');
    const baseVersion = before.json.rowVersion as number;
    const baseEvents = ledger.transitions;

    // One chain of transitions (each needs the version the previous one produced): head submits,
    // the Office returns, again and again. Submissions and returns are told apart by their note/reason.
    let version = baseVersion;
    const loop = burst(
      1,
      (_loop, n) => {
        const submit = n % 2 === 0;
        const text = `${submit ? 'Nộp' : 'Trả lại'} lần ${n}`;
        const v = version;
        return {
          meta: { action: submit ? 'submit' : 'return', text },
          run: () =>
            submit
              ? api(head, 'POST', `/api/scorecards/${scorecardId}/submit`, {
                  rowVersion: v,
                  note: text,
                  signedReportEvidenceId: reportId,
                })
              : api(office, 'POST', `/api/scorecards/${scorecardId}/return`, { rowVersion: v, reason: text }),
        };
      },
      (reply) => {
        version = reply.json.rowVersion as number;
        return reply.json as { rowVersion: number; status: string };
      },
    );
    const minAcks = randomInt(4, 9);
    await until(() => loop.acked() >= minAcks, `${minAcks} acknowledged transitions`);
    const delay = randomInt(0, 60);
    await sleep(delay);
    loop.stop();
    await killHard(server);
    await loop.done;
    const label = `(b) transitions killed ${delay} ms after ${minAcks} acks`;
    const attempts = loop.attempts;
    expect(
      attempts.filter((a) => a.outcome === 'refused'),
      label,
    ).toEqual([]);
    const acked = attempts.filter((a) => a.outcome === 'acked').length;
    const pending = attempts.filter((a) => a.outcome === 'pending').length;
    // The chain is sequential: the acknowledged ones come first, at most one was in flight.
    expect(attempts.slice(0, acked).every((a) => a.outcome === 'acked')).toBe(true);
    expect(pending).toBeLessThanOrEqual(1);
    ledger.transitions = baseEvents + acked;

    await restart();
    await verifyStore(label);
    await withDb(async (db) => {
      const events = await db
        .selectFrom('audit_event')
        .select(['action', 'at', 'data'])
        .where('entityId', '=', scorecardId)
        .where('action', 'in', ['scorecard.submitted', 'scorecard.returned'])
        .execute();
      const applied = events.length - baseEvents;
      expect([acked, acked + pending], `${label}: applied transitions`).toContain(applied);
      // Exactly the first `applied` attempts took effect: the returns by their reasons, the submissions by count.
      const effective = attempts.slice(0, applied);
      const returns = events.filter((e) => e.action === 'scorecard.returned');
      expect(returns.map((e) => (JSON.parse(e.data) as { reason: string }).reason).sort()).toEqual(
        effective
          .filter((a) => a.meta.action === 'return')
          .map((a) => a.meta.text)
          .sort(),
      );
      expect(events.filter((e) => e.action === 'scorecard.submitted')).toHaveLength(
        effective.filter((a) => a.meta.action === 'submit').length,
      );
      // The scorecard row agrees with its audit trail: version, status, and the last submission's fields.
      const sc = await db
        .selectFrom('scorecard')
        .selectAll()
        .where('id', '=', scorecardId)
        .executeTakeFirstOrThrow();
      expect(sc.rowVersion, label).toBe(baseVersion + applied);
      const last = effective.at(-1);
      expect(sc.status, label).toBe(
        last ? (last.meta.action === 'submit' ? 'SUBMITTED' : 'RETURNED') : 'DRAFT',
      );
      const lastSubmit = effective.filter((a) => a.meta.action === 'submit').at(-1);
      if (lastSubmit) {
        expect(sc.submitNote).toBe(lastSubmit.meta.text);
        const submittedAts = events.filter((e) => e.action === 'scorecard.submitted').map((e) => e.at);
        expect(sc.submittedAt).toBe(submittedAts.sort().at(-1));
      }
      const lastReturn = effective.filter((a) => a.meta.action === 'return').at(-1);
      if (lastReturn) {
        expect(sc.returnReason).toBe(lastReturn.meta.text);
      }
      // A return notifies the unit in the same transaction: notifications exactly for the returns that happened.
      const notes = await db
        .selectFrom('notification')
        .select(['createdAt'])
        .where('kind', '=', 'SCORECARD_RETURNED')
        .where('link', '=', `/scorecards/${scorecardId}`)
        .execute();
      const perReturn = new Map<string, number>();
      for (const n of notes) {
        perReturn.set(n.createdAt, (perReturn.get(n.createdAt) ?? 0) + 1);
      }
      expect([...perReturn.keys()].sort(), `${label}: notifications`).toEqual(
        returns.map((e) => e.at).sort(),
      );
      expect(new Set(perReturn.values()).size).toBeLessThanOrEqual(1);
    });

    // Work goes on after the restart from the persisted version (no lock left behind). It ends
    // with the scorecard returned, so that (c) can upload evidence to it again.
    let now = (await api(head, 'GET', `/api/scorecards/${scorecardId}`)).json as {
      status: string;
      rowVersion: number;
    };
    if (now.status !== 'SUBMITTED') {
      const submitted = await api(head, 'POST', `/api/scorecards/${scorecardId}/submit`, {
        rowVersion: now.rowVersion,
        note: 'Nộp sau khởi động lại',
        signedReportEvidenceId: reportId,
      });
      expect(submitted.status, submitted.raw.toString()).toBe(200);
      now = submitted.json;
    }
    const returned = await api(office, 'POST', `/api/scorecards/${scorecardId}/return`, {
      rowVersion: now.rowVersion,
      reason: 'Trả lại sau khởi động lại',
    });
    expect(returned.status, returned.raw.toString()).toBe(200);
    ledger.transitions = (
      await withDb((db) =>
        db
          .selectFrom('audit_event')
          .select('id')
          .where('entityId', '=', scorecardId)
          .where('action', 'in', ['scorecard.submitted', 'scorecard.returned'])
          .execute(),
      )
    ).length;
  }, 120_000);

  it('(c) index-set import: large JSON and XLSX imports, uploads alongside, killed at a varied moment — each import all or nothing, each upload whole or absent', async () => {
    // The source of the workbook: a large set imported as JSON (acknowledged), exported to XLSX,
    // and imported once from XLSX (acknowledged) as the reference for the workbook imports.
    const json = Buffer.from(JSON.stringify(bigIndexSet('CRASH-X')));
    expect(json.length).toBeGreaterThan(400 * 1024);
    const source = await importFile('crash-x.json', json);
    expect(source.status, source.raw.toString()).toBe(201);
    ledger.imports.set(source.json.id, { code: 'CRASH-X', version: 1 });
    const xlsx = await api(office, 'GET', `/api/index-sets/${source.json.id}/export/xlsx`);
    expect(xlsx.status).toBe(200);
    const reference = await importFile('crash-x.xlsx', xlsx.raw);
    expect(reference.status, reference.raw.toString()).toBe(201);
    ledger.imports.set(reference.json.id, { code: 'CRASH-X', version: 2 });

    // Two loops side by side: new codes from JSON, new versions of CRASH-X from the workbook.
    const imports = burst(
      2,
      (loop, n) =>
        loop === 0
          ? {
              meta: { kind: 'json', code: `CRASH-J-${n}` },
              run: () => importFile(`j-${n}.json`, Buffer.from(JSON.stringify(bigIndexSet(`CRASH-J-${n}`)))),
            }
          : { meta: { kind: 'xlsx', code: 'CRASH-X' }, run: () => importFile(`x-${n}.xlsx`, xlsx.raw) },
      (reply) => reply.json as { id: string; code: string; version: number },
    );
    // Evidence uploads at the same time: the kill also lands between an upload's steps (temp
    // file, rename into the store, blob row, evidence row) at a moment no test could pick by hand.
    const uploads = uploadBurst();
    await until(() => imports.acked() >= 3 && uploads.acked() >= 2, 'three imports and two uploads', 60_000);
    const delay = randomInt(0, 400);
    await sleep(delay);
    imports.stop();
    uploads.stop();
    await killHard(server);
    await Promise.all([imports.done, uploads.done]);
    const label = `(c) imports and uploads killed ${delay} ms after 3 + 2 acks`;
    expect(
      imports.attempts.filter((a) => a.outcome === 'refused'),
      label,
    ).toEqual([]);
    expect(
      uploads.attempts.filter((a) => a.outcome === 'refused'),
      label,
    ).toEqual([]);
    for (const a of imports.attempts.filter((x) => x.outcome === 'acked')) {
      ledger.imports.set(a.result!.id, { code: a.result!.code, version: a.result!.version });
    }
    for (const a of uploads.attempts.filter((x) => x.outcome === 'acked')) {
      ledger.evidence.set(a.result!.id, { sha256: a.meta.sha256!, sizeBytes: Number(a.meta.size) });
    }

    await restart();
    await verifyStore(label);
    await checkUploadBurst(uploads.attempts, label);
    await withDb(async (db) => {
      const rows = await db
        .selectFrom('index_set')
        .select(['id', 'code', 'version', 'status', 'document'])
        .where('code', 'like', 'CRASH-%')
        .execute();
      const byCode = (code: string) => rows.filter((r) => r.code === code);
      const sourceDoc = JSON.parse(byCode('CRASH-X').find((r) => r.version === 1)!.document) as Record<
        string,
        unknown
      >;
      const referenceDoc = byCode('CRASH-X').find((r) => r.version === 2)!.document;
      // JSON imports: acknowledged ones exist, the one in flight exists wholly or not at all.
      for (const a of imports.attempts.filter((x) => x.meta.kind === 'json')) {
        const found = byCode(a.meta.code!);
        expect(found.length, `${label}: ${a.meta.code} (${a.outcome})`).toBe(
          a.outcome === 'acked' ? 1 : found.length,
        );
        expect(found.length).toBeLessThanOrEqual(1);
        for (const r of found) {
          expect(JSON.parse(r.document)).toEqual({ ...sourceDoc, code: a.meta.code });
          expect(r).toMatchObject({ version: 1, status: 'DRAFT' });
        }
      }
      // Workbook imports: versions 1..m without a gap, m between the acknowledged and the attempted count.
      const xs = imports.attempts.filter((x) => x.meta.kind === 'xlsx');
      const ackedX = xs.filter((x) => x.outcome === 'acked').length;
      const pendingX = xs.filter((x) => x.outcome === 'pending').length;
      const versions = byCode('CRASH-X')
        .map((r) => r.version)
        .sort((p, q) => p - q);
      expect(versions, label).toEqual(versions.map((_, i) => i + 1));
      expect(versions.length).toBeGreaterThanOrEqual(2 + ackedX);
      expect(versions.length).toBeLessThanOrEqual(2 + ackedX + pendingX);
      for (const r of byCode('CRASH-X').filter((x) => x.version >= 2)) {
        expect(r.document === referenceDoc, `${label}: CRASH-X v${r.version} whole`).toBe(true);
      }
    });

    // No import lock survived the kill: the next workbook import gets the next version.
    const after = await importFile('after.xlsx', xlsx.raw);
    expect(after.status, after.raw.toString()).toBe(201);
    ledger.imports.set(after.json.id, { code: 'CRASH-X', version: after.json.version });
    await verifyStore('(c) after one more import');
  }, 120_000);
});
