import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPORT_LEAF_CODE, SCORECARD_LIMITS } from '@cchc/domain/api/scorecards';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../src/modules/evidence/blob-store';
import { docx, EXE, JPEG, PDF, PNG } from '../src/modules/evidence/evidence-fixtures';
import { newId } from '../src/platform/ids';
import { campaignFixture } from '../src/testing/campaign-fixture';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

/** The configured limit of this suite: small, so that "too large" needs no big file. */
const MAX = 64 * 1024;
const LEAF = '1.1.1';
const OTHER_LEAF = '1.2';

/** A multipart body: the fields first, then (unless fileFirst) the file part. */
function form(
  fields: Record<string, string>,
  file?: { name: string; data: Buffer },
  opts: { fileFirst?: boolean } = {},
): { payload: Buffer; headers: Record<string, string>; head: Buffer; tail: Buffer; boundary: string } {
  const boundary = `----cchcEvidence${Math.random().toString(16).slice(2)}`;
  const fieldParts = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const fileHead = file
    ? Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      )
    : Buffer.alloc(0);
  const fileTail = file ? Buffer.from('\r\n') : Buffer.alloc(0);
  const end = Buffer.from(`--${boundary}--\r\n`);
  const head = opts.fileFirst ? fileHead : Buffer.concat([...fieldParts, fileHead]);
  const payload = opts.fileFirst
    ? Buffer.concat([fileHead, file?.data ?? Buffer.alloc(0), fileTail, ...fieldParts, end])
    : Buffer.concat([head, file?.data ?? Buffer.alloc(0), fileTail, end]);
  return {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    head,
    tail: Buffer.concat([fileTail, end]),
    boundary,
  };
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

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) {
      throw new Error(`timed out waiting for: ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(testDialects())('evidence store on %s', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let port: number;
  let focalA: Session;
  let focalB: Session;
  let office: Session;
  let viewer: Session;
  let campaignId: string;
  let scA: string;
  let scB: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-evidence-'));
    t = await createTestApp(dialect, { DATA_DIR: dataDir, EVIDENCE_MAX_BYTES: String(MAX) });
    const f = await campaignFixture(t);
    ({ focalA, focalB, office, campaignId } = f);
    scA = f.scorecardA;
    scB = f.scorecardB;
    viewer = (await t.userWithRole('VIEWER')).session;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const blobsDir = () => path.join(dataDir, 'blobs');
  const tmpDir = () => path.join(dataDir, 'tmp');

  /** Everything an upload could leave behind. */
  async function stored() {
    const count = async (table: 'blob' | 'evidence' | 'campaign_file') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string | number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      blobs: await count('blob'),
      evidence: await count('evidence'),
      campaignFiles: await count('campaign_file'),
      blobFiles: filesUnder(blobsDir()).length,
      tmpFiles: filesUnder(tmpDir()).length,
    };
  }

  function upload(
    session: Session,
    scorecardId: string,
    fields: Record<string, string>,
    file?: { name: string; data: Buffer },
    opts: { fileFirst?: boolean } = {},
  ) {
    const { payload, headers } = form(fields, file, opts);
    return t.app.inject({
      method: 'POST',
      url: `/api/scorecards/${scorecardId}/evidence`,
      headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload,
    });
  }

  const get = (session: Session, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const del = (session: Session, url: string) =>
    t.app.inject({
      method: 'DELETE',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });

  async function auditActions(action: string) {
    return t.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('id').execute();
  }

  /**
   * A real HTTP upload over loopback, sending the file part in 64 KB chunks (`fileBytes` in all)
   * and stopping as soon as the server answers. `abortWhen`: destroy the socket once it holds.
   */
  type RawAnswer = { status: number; body: { error?: { code: string } } | null; sentAtAnswer: number };

  /**
   * A real HTTP upload over loopback. Sends the file part in `chunk`-byte writes (`fileBytes`
   * in all, `pauseMs` between writes) and stops writing as soon as the server answers.
   * `abortWhen`: checked before each write; when it holds, the socket is destroyed mid-body.
   */
  async function rawUpload(opts: {
    session: Session;
    url: string;
    fields: Record<string, string>;
    filename: string;
    fileBytes: number;
    firstBytes?: Buffer;
    chunk?: number;
    pauseMs?: number;
    abortWhen?: () => boolean;
  }): Promise<{ status: number | null; body: RawAnswer['body']; sentAtAnswer: number; aborted: boolean }> {
    const f = form(opts.fields, { name: opts.filename, data: Buffer.alloc(0) });
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: opts.url,
      method: 'POST',
      headers: { ...f.headers, cookie: opts.session.cookie, 'x-csrf-token': opts.session.csrf },
    });
    let sent = 0;
    let aborted = false;
    let answer: RawAnswer | null = null;
    const answered = new Promise<void>((resolve) => {
      req.on('response', (res) => {
        const sentAtAnswer = sent;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          answer = { status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, sentAtAnswer };
          resolve();
        });
        res.on('error', () => resolve());
      });
      // EPIPE/ECONNRESET once the server closed the connection after answering (the response
      // has been read by then), or our own destroy().
      req.on('error', () => setTimeout(resolve, 200));
      req.on('close', () => setTimeout(resolve, 200));
    });
    req.write(f.head);
    if (opts.firstBytes) {
      req.write(opts.firstBytes);
      sent += opts.firstBytes.length;
    }
    const block = Buffer.alloc(opts.chunk ?? 64 * 1024, 0x41);
    while (sent < opts.fileBytes && answer === null && !req.destroyed) {
      if (opts.abortWhen?.()) {
        aborted = true;
        req.destroy();
        break;
      }
      const piece = block.subarray(0, Math.min(block.length, opts.fileBytes - sent));
      const ok = req.write(piece);
      sent += piece.length;
      const waits: Promise<unknown>[] = [
        answered,
        new Promise((r) => setTimeout(r, ok ? (opts.pauseMs ?? 0) : 50)),
      ];
      if (!ok) {
        waits.push(once(req, 'drain').catch(() => undefined));
      }
      await Promise.race(waits);
    }
    if (answer === null && !req.destroyed) {
      req.end(f.tail);
    }
    await answered;
    const a = answer as RawAnswer | null;
    return {
      status: a?.status ?? null,
      body: a?.body ?? null,
      sentAtAnswer: a?.sentAtAnswer ?? sent,
      aborted,
    };
  }

  it('stores a PDF: SHA-256 of the bytes, type by content, count and activity on the scorecard', async () => {
    const before = await t.db
      .selectFrom('scorecard')
      .selectAll()
      .where('id', '=', scA)
      .executeTakeFirstOrThrow();
    const res = await upload(
      focalA,
      scA,
      { leafCode: LEAF, title: 'Kế hoạch CCHC năm 2024', effectiveDate: '2024-01-15' },
      { name: 'ke-hoach.pdf', data: PDF },
    );
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    expect(view).toMatchObject({
      leafCode: LEAF,
      kind: 'FILE',
      title: 'Kế hoạch CCHC năm 2024',
      filename: 'ke-hoach.pdf',
      sizeBytes: PDF.length,
      mimeType: 'application/pdf',
      sha256: createHash('sha256').update(PDF).digest('hex'),
      effectiveDate: '2024-01-15',
      isCarriedDraft: false,
      uploadedByName: 'Người dùng UNIT_FOCAL',
    });
    const after = await t.db
      .selectFrom('scorecard')
      .selectAll()
      .where('id', '=', scA)
      .executeTakeFirstOrThrow();
    expect(after.evidenceCount).toBe(1);
    expect(after.lastActivityAt).toBe(t.clock.now().toISOString());
    // Nothing else moves: an open answer form elsewhere must not become stale.
    expect(after.rowVersion).toBe(before.rowVersion);
    expect(after.updatedAt).toBe(before.updatedAt);
    const [event] = await auditActions('evidence.added');
    expect(event).toMatchObject({ entityType: 'scorecard', entityId: scA });
    expect(JSON.parse(event!.data)).toMatchObject({
      evidenceId: view.id,
      sha256: view.sha256,
      evidenceCount: 1,
    });
    const blobFiles = filesUnder(blobsDir());
    expect(blobFiles.map((f) => path.relative(blobsDir(), f))).toEqual([
      path.join(view.sha256.slice(0, 2), view.sha256.slice(2, 4), view.sha256),
    ]);
    expect(filesUnder(tmpDir())).toEqual([]);

    // Download: the same bytes, attachment by default, inline on request (PDF may be shown).
    const file = await get(focalA, `/api/scorecards/${scA}/evidence/${view.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="ke-hoach.pdf"; filename*=UTF-8''ke-hoach.pdf`,
    );
    const inline = await get(focalA, `/api/scorecards/${scA}/evidence/${view.id}/file?inline=1`);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    // The Office (scorecard.read everywhere) may read it too.
    expect((await get(office, `/api/scorecards/${scA}/evidence/${view.id}/file`)).statusCode).toBe(200);
  });

  it('stores the same content once: two evidence rows, one blob, one file', async () => {
    const before = await stored();
    const first = await upload(focalA, scA, { leafCode: OTHER_LEAF }, { name: 'anh-1.png', data: PNG });
    const second = await upload(focalA, scA, { leafCode: LEAF }, { name: 'ảnh chụp.png', data: PNG });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(first.json().sha256).toBe(second.json().sha256);
    expect(first.json().sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
    expect(second.json().title).toBe('ảnh chụp.png');
    const after = await stored();
    expect(after.blobs - before.blobs).toBe(1);
    expect(after.evidence - before.evidence).toBe(2);
    expect(after.blobFiles - before.blobFiles).toBe(1);
    expect(after.tmpFiles).toBe(0);
  });

  it('serves DOCX as an attachment even with ?inline=1', async () => {
    const data = docx();
    const res = await upload(focalA, scA, { leafCode: LEAF }, { name: 'bao-cao.docx', data });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mimeType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const file = await get(focalA, `/api/scorecards/${scA}/evidence/${res.json().id}/file?inline=1`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe(res.json().mimeType);
    expect(file.headers['content-disposition']).toMatch(/^attachment; /);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(data)).toBe(true);
  });

  it('refuses a file over the limit early: the server answers before the client has sent it', async () => {
    const before = await stored();
    const res = await rawUpload({
      session: focalA,
      url: `/api/scorecards/${scA}/evidence`,
      fields: { leafCode: LEAF },
      filename: 'lon.pdf',
      firstBytes: PDF,
      fileBytes: 64 * 1024 * 1024,
    });
    expect(res.status).toBe(413);
    expect(res.body?.error?.code).toBe('FILE_TOO_LARGE');
    // 64 MB offered; the answer came after the limit plus what socket buffers absorb.
    expect(res.sentAtAnswer).toBeLessThan(16 * 1024 * 1024);
    await until(async () => (await stored()).tmpFiles === 0, 'temp file removed');
    expect(await stored()).toEqual(before);
  });

  it('accepts exactly the limit and refuses one byte more', async () => {
    const exact = Buffer.concat([PDF, Buffer.alloc(MAX - PDF.length, 0x20)]);
    const ok = await upload(focalB, scB, { leafCode: LEAF }, { name: 'vua-du.pdf', data: exact });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().sizeBytes).toBe(MAX);
    const before = await stored();
    const over = await upload(
      focalB,
      scB,
      { leafCode: LEAF },
      { name: 'thua.pdf', data: Buffer.concat([exact, Buffer.from(' ')]) },
    );
    expect(over.statusCode).toBe(413);
    expect(over.json().error.code).toBe('FILE_TOO_LARGE');
    expect(await stored()).toEqual(before);
  }, 30_000);

  it('refuses an executable renamed .pdf, by content', async () => {
    const before = await stored();
    for (const name of ['hoa-don.pdf', 'bao-cao.docx', 'anh.jpg']) {
      const res = await upload(focalA, scA, { leafCode: LEAF }, { name, data: EXE });
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    }
    const html = await upload(
      focalA,
      scA,
      { leafCode: LEAF },
      { name: 'x.pdf', data: Buffer.from('<html>') },
    );
    expect(html.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(await stored()).toEqual(before);
  });

  it('stores a path-traversal file name sanitised, and the file only under blobs/', async () => {
    const before = await stored();
    const res = await upload(focalA, scA, { leafCode: LEAF }, { name: '../../etc/passwd', data: JPEG });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().filename).toBe('passwd');
    expect(res.json().mimeType).toBe('image/jpeg');
    const win = await upload(
      focalA,
      scA,
      { leafCode: LEAF },
      { name: 'C:\\Users\\a\\..\\Quyết định.pdf', data: Buffer.concat([PDF, Buffer.from('%win')]) },
    );
    expect(win.statusCode, win.body).toBe(201);
    expect(win.json().filename).toBe('Quyết định.pdf');
    const row = await t.db
      .selectFrom('evidence')
      .selectAll()
      .where('id', '=', win.json().id)
      .executeTakeFirstOrThrow();
    expect(row.filename).toBe('Quyết định.pdf');
    const file = await get(focalA, `/api/scorecards/${scA}/evidence/${win.json().id}/file`);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Quyet dinh.pdf"; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf`,
    );
    const after = await stored();
    expect(after.blobs - before.blobs).toBe(2);
    expect(after.blobFiles - before.blobFiles).toBe(2);
    // Nothing was written next to DATA_DIR: every stored file is inside blobs/.
    expect(fs.readdirSync(dataDir).sort()).toEqual(['blobs', 'tmp']);
    expect(fs.existsSync(path.join(dataDir, '..', 'etc', 'passwd'))).toBe(false);
  });

  it('refuses an empty file', async () => {
    const before = await stored();
    const res = await upload(focalA, scA, { leafCode: LEAF }, { name: 'rong.pdf', data: Buffer.alloc(0) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('FILE_EMPTY');
    expect(await stored()).toEqual(before);
  });

  it('leaves nothing behind when the connection breaks mid-upload', async () => {
    const before = await stored();
    const events = (await t.db.selectFrom('audit_event').select('id').execute()).length;
    const res = await rawUpload({
      session: focalA,
      url: `/api/scorecards/${scA}/evidence`,
      fields: { leafCode: LEAF },
      filename: 'dut.pdf',
      firstBytes: PDF,
      fileBytes: MAX - 1024,
      chunk: 1024,
      pauseMs: 10,
      // Cut only once the server is writing the temp file, so that its clean-up is what we see.
      abortWhen: () => filesUnder(tmpDir()).length > 0,
    });
    expect(res.aborted).toBe(true);
    expect(res.status).toBeNull();
    await until(async () => (await stored()).tmpFiles === 0, 'temp file removed after abort');
    await new Promise((r) => setTimeout(r, 200));
    expect(await stored()).toEqual(before);
    expect((await t.db.selectFrom('audit_event').select('id').execute()).length).toBe(events);
  });

  it("refuses another unit's evidence by URL, with an audit event, and serves nothing", async () => {
    const own = await upload(
      focalA,
      scA,
      { leafCode: LEAF },
      { name: 'rieng.pdf', data: Buffer.concat([PDF, Buffer.from('%A')]) },
    );
    expect(own.statusCode).toBe(201);
    const id = own.json().id;
    const denied = await get(focalB, `/api/scorecards/${scA}/evidence/${id}/file`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    expect(denied.headers['content-disposition']).toBeUndefined();
    // Through B's own scorecard: still not found, and logged as a probe.
    const probe = await get(focalB, `/api/scorecards/${scB}/evidence/${id}/file`);
    expect(probe.statusCode).toBe(404);
    const events = await auditActions('evidence.accessDenied');
    expect(events).toHaveLength(2);
    // Same instant on the fixed clock: compare as a set.
    expect(events.map((e) => JSON.parse(e.data).reason).sort()).toEqual(['forbidden', 'otherScorecard']);
    expect(events.every((e) => e.entityId === scA && e.actorUserId === focalB.info.user.id)).toBe(true);
    // Neither may B delete it.
    const delRes = await del(focalB, `/api/scorecards/${scA}/evidence/${id}`);
    expect(delRes.statusCode).toBe(403);
    expect(
      (await t.db.selectFrom('evidence').select('deletedAt').where('id', '=', id).executeTakeFirstOrThrow())
        .deletedAt,
    ).toBeNull();
  });

  it("refuses an upload to another unit's scorecard before reading the body", async () => {
    const before = await stored();
    const res = await rawUpload({
      session: focalB,
      url: `/api/scorecards/${scA}/evidence`,
      fields: { leafCode: LEAF },
      filename: 'x.pdf',
      firstBytes: PDF,
      fileBytes: 64 * 1024 * 1024,
    });
    expect(res.status).toBe(403);
    expect(res.sentAtAnswer).toBeLessThan(16 * 1024 * 1024);
    expect(await stored()).toEqual(before);
  });

  it('checks the fields before the file: unknown leaf, file sent first, no file', async () => {
    const before = await stored();
    const unknown = await upload(focalA, scA, { leafCode: '9.9.9' }, { name: 'a.pdf', data: PDF });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'VALIDATION_ERROR',
      fields: { leafCode: expect.any(String) },
    });
    // A criterion of another unit group (8.NV.1 is for NGHIEP_VU; unit A is THAM_MUU) takes no evidence from A.
    const otherGroup = await upload(focalA, scA, { leafCode: '8.NV.1' }, { name: 'a.pdf', data: PDF });
    expect(otherGroup.statusCode).toBe(400);
    expect(otherGroup.json().error.message).toContain('không áp dụng');
    const fileFirst = await upload(
      focalA,
      scA,
      { leafCode: LEAF },
      { name: 'a.pdf', data: PDF },
      { fileFirst: true },
    );
    expect(fileFirst.statusCode).toBe(400);
    expect(fileFirst.json().error.fields).toHaveProperty('leafCode');
    const noFile = await upload(focalA, scA, { leafCode: LEAF });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.fields).toHaveProperty('file');
    const badDate = await upload(
      focalA,
      scA,
      { leafCode: LEAF, effectiveDate: '2024-02-30' },
      { name: 'a.pdf', data: PDF },
    );
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.fields).toHaveProperty('effectiveDate');
    expect(await stored()).toEqual(before);
  });

  it('adds a document reference, removes evidence softly, keeps the count right', async () => {
    const count = async () =>
      (
        await t.db
          .selectFrom('scorecard')
          .select('evidenceCount')
          .where('id', '=', scA)
          .executeTakeFirstOrThrow()
      ).evidenceCount;
    const start = await count();
    const ref = await t.as(focalA).post(`/api/scorecards/${scA}/evidence/reference`, {
      leafCode: OTHER_LEAF,
      title: 'Quyết định ban hành kế hoạch CCHC',
      docNumber: '123/QĐ-TTCP',
      issuer: 'Thanh tra Chính phủ',
      effectiveDate: '2024-01-10',
    });
    expect(ref.statusCode, ref.body).toBe(201);
    expect(ref.json()).toMatchObject({
      kind: 'DOCUMENT_REF',
      docNumber: '123/QĐ-TTCP',
      filename: null,
      sha256: null,
      sizeBytes: null,
    });
    expect(await count()).toBe(start + 1);
    expect((await get(focalA, `/api/scorecards/${scA}/evidence/${ref.json().id}/file`)).statusCode).toBe(404);
    const badRef = await t.as(focalA).post(`/api/scorecards/${scA}/evidence/reference`, {
      leafCode: 'KHONG_CO',
      title: 'x',
      docNumber: '1',
      issuer: 'y',
      effectiveDate: '2024-01-10',
    });
    expect(badRef.statusCode).toBe(400);

    // The signed report is stored as evidence but is not counted as evidence of a criterion.
    const report = await upload(
      focalA,
      scA,
      { leafCode: REPORT_LEAF_CODE },
      { name: 'bao-cao-ky.pdf', data: Buffer.concat([PDF, Buffer.from('%R')]) },
    );
    expect(report.statusCode, report.body).toBe(201);
    expect(await count()).toBe(start + 1);

    const gone = await del(focalA, `/api/scorecards/${scA}/evidence/${ref.json().id}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toEqual({ ok: true });
    expect(await count()).toBe(start);
    const row = await t.db
      .selectFrom('evidence')
      .selectAll()
      .where('id', '=', ref.json().id)
      .executeTakeFirstOrThrow();
    expect(row.deletedAt).toBe(t.clock.now().toISOString());
    expect(row.deletedBy).toBe(focalA.info.user.id);
    const removed = await auditActions('evidence.removed');
    expect(JSON.parse(removed.at(-1)!.data)).toMatchObject({ evidenceId: ref.json().id });
    expect((await del(focalA, `/api/scorecards/${scA}/evidence/${ref.json().id}`)).statusCode).toBe(404);
    // A removed file is no longer served.
    await del(focalA, `/api/scorecards/${scA}/evidence/${report.json().id}`);
    expect((await get(focalA, `/api/scorecards/${scA}/evidence/${report.json().id}/file`)).statusCode).toBe(
      404,
    );
  });

  it('refuses changes once the scorecard is submitted or the deadline has passed, reading nothing', async () => {
    const before = await stored();
    await t.db.updateTable('scorecard').set({ status: 'SUBMITTED' }).where('id', '=', scB).execute();
    try {
      const res = await upload(focalB, scB, { leafCode: LEAF }, { name: 'a.pdf', data: PDF });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('SCORECARD_LOCKED');
    } finally {
      await t.db.updateTable('scorecard').set({ status: 'DRAFT' }).where('id', '=', scB).execute();
    }
    // The self-assessment milestone ended yesterday (Asia/Ho_Chi_Minh).
    const setDue = (dueDate: string) =>
      t.db
        .updateTable('campaign_milestone')
        .set({ dueDate })
        .where('campaignId', '=', campaignId)
        .where('key', '=', 'SELF_ASSESSMENT')
        .execute();
    await setDue('2024-12-09');
    try {
      const late = await upload(focalB, scB, { leafCode: LEAF }, { name: 'a.pdf', data: PDF });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('DEADLINE_PASSED');
      const lateRef = await t.as(focalB).post(`/api/scorecards/${scB}/evidence/reference`, {
        leafCode: LEAF,
        title: 'x',
        docNumber: '1',
        issuer: 'y',
        effectiveDate: '2024-01-10',
      });
      expect(lateRef.json().error.code).toBe('DEADLINE_PASSED');
    } finally {
      await setDue('2024-12-16');
    }
    expect(await stored()).toEqual(before);
  });

  it(`allows at most ${SCORECARD_LIMITS.evidencePerLeafMax} evidence items per leaf`, async () => {
    const leaf = '1.3';
    const now = t.clock.now().toISOString();
    await t.db
      .insertInto('evidence')
      .values(
        Array.from({ length: SCORECARD_LIMITS.evidencePerLeafMax }, (_, i) => ({
          id: newId(),
          scorecardId: scB,
          leafCode: leaf,
          kind: 'DOCUMENT_REF',
          blobSha256: null,
          filename: null,
          title: `Văn bản ${i}`,
          docNumber: String(i),
          issuer: 'TTCP',
          effectiveDate: '2024-01-01',
          isCarriedDraft: 0,
          uploadedBy: focalB.info.user.id,
          uploadedAt: now,
          deletedAt: null,
          deletedBy: null,
        })),
      )
      .execute();
    const before = await stored();
    const res = await upload(
      focalB,
      scB,
      { leafCode: leaf },
      { name: 'a.pdf', data: Buffer.concat([PDF, Buffer.from('%L')]) },
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields).toHaveProperty('leafCode');
    expect(await stored()).toEqual(before);
  });

  it('puts a lost blob file back when the same content is uploaded again', async () => {
    const data = Buffer.concat([PDF, Buffer.from('%restore')]);
    const first = await upload(focalA, scA, { leafCode: LEAF }, { name: 'a.pdf', data });
    const sha = first.json().sha256 as string;
    const file = path.join(blobsDir(), sha.slice(0, 2), sha.slice(2, 4), sha);
    fs.rmSync(file);
    expect((await get(focalA, `/api/scorecards/${scA}/evidence/${first.json().id}/file`)).statusCode).toBe(
      404,
    );
    const again = await upload(focalA, scA, { leafCode: LEAF }, { name: 'b.pdf', data });
    expect(again.statusCode).toBe(201);
    expect(fs.readFileSync(file).equals(data)).toBe(true);
    expect((await get(focalA, `/api/scorecards/${scA}/evidence/${first.json().id}/file`)).statusCode).toBe(
      200,
    );
  });

  it('sweeps stale temp files at start and keeps fresh ones', async () => {
    fs.mkdirSync(tmpDir(), { recursive: true });
    const stale = path.join(tmpDir(), 'upload-stale.part');
    const fresh = path.join(tmpDir(), 'upload-fresh.part');
    const other = path.join(tmpDir(), 'not-ours.txt');
    for (const f of [stale, fresh, other]) {
      fs.writeFileSync(f, 'x');
    }
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(stale, old, old);
    fs.utimesSync(other, old, old);
    const blobs = createBlobStore({ db: t.db, clock: t.clock, dataDir });
    expect(await blobs.sweepTemp()).toBe(1);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
    fs.rmSync(fresh);
    fs.rmSync(other);
  });

  describe('campaign guidance files', () => {
    function uploadGuidance(
      session: Session,
      fields: Record<string, string>,
      file?: { name: string; data: Buffer },
    ) {
      const { payload, headers } = form(fields, file);
      return t.app.inject({
        method: 'POST',
        url: `/api/campaigns/${campaignId}/files`,
        headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf },
        payload,
      });
    }
    const guidance = Buffer.concat([PDF, Buffer.from('%guidance')]);

    it('lets the Office attach, everyone with campaign.read download, and the Office remove', async () => {
      const res = await uploadGuidance(
        office,
        { title: 'Hướng dẫn chấm điểm 2024' },
        { name: 'huong-dan.pdf', data: guidance },
      );
      expect(res.statusCode, res.body).toBe(201);
      const files = res.json().files as { id: string; title: string; sha256: string; mimeType: string }[];
      expect(files).toHaveLength(1);
      expect(files[0]).toMatchObject({
        title: 'Hướng dẫn chấm điểm 2024',
        filename: 'huong-dan.pdf',
        mimeType: 'application/pdf',
        sha256: createHash('sha256').update(guidance).digest('hex'),
      });
      const fileId = files[0]!.id;
      for (const session of [focalA, viewer, office]) {
        const dl = await get(session, `/api/campaigns/${campaignId}/files/${fileId}?inline=1`);
        expect(dl.statusCode).toBe(200);
        expect(dl.rawPayload.equals(guidance)).toBe(true);
        expect(dl.headers['content-disposition']).toMatch(/^inline; /);
      }
      expect((await del(focalA, `/api/campaigns/${campaignId}/files/${fileId}`)).statusCode).toBe(403);
      const removed = await del(office, `/api/campaigns/${campaignId}/files/${fileId}`);
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json().files).toEqual([]);
      expect((await get(focalA, `/api/campaigns/${campaignId}/files/${fileId}`)).statusCode).toBe(404);
      expect((await auditActions('campaign.fileAdded')).map((e) => e.entityId)).toEqual([campaignId]);
      expect((await auditActions('campaign.fileRemoved')).map((e) => JSON.parse(e.data).fileId)).toEqual([
        fileId,
      ]);
    });

    it('refuses a unit officer before reading the file, and bad files with nothing stored', async () => {
      const before = await stored();
      const res = await rawUpload({
        session: focalA,
        url: `/api/campaigns/${campaignId}/files`,
        fields: { title: 'x' },
        filename: 'x.pdf',
        firstBytes: PDF,
        fileBytes: 64 * 1024 * 1024,
      });
      expect(res.status).toBe(403);
      expect(res.sentAtAnswer).toBeLessThan(16 * 1024 * 1024);
      const exe = await uploadGuidance(office, { title: 'Hướng dẫn' }, { name: 'huong-dan.pdf', data: EXE });
      expect(exe.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
      const empty = await uploadGuidance(
        office,
        { title: 'Hướng dẫn' },
        { name: 'huong-dan.pdf', data: Buffer.alloc(0) },
      );
      expect(empty.json().error.code).toBe('FILE_EMPTY');
      const noTitle = await uploadGuidance(office, {}, { name: 'huong-dan.pdf', data: guidance });
      expect(noTitle.json().error.fields).toHaveProperty('title');
      const big = await uploadGuidance(
        office,
        { title: 'Lớn' },
        { name: 'lon.pdf', data: Buffer.concat([PDF, Buffer.alloc(MAX)]) },
      );
      expect(big.json().error.code).toBe('FILE_TOO_LARGE');
      const body = form({ title: 'x' }, { name: 'a.pdf', data: PDF });
      const missing = await t.app.inject({
        method: 'POST',
        url: `/api/campaigns/${newId()}/files`,
        headers: { ...body.headers, cookie: office.cookie, 'x-csrf-token': office.csrf },
        payload: body.payload,
      });
      expect(missing.statusCode).toBe(404);
      expect(await stored()).toEqual(before);
    });
  });
});
