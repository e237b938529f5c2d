import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndexSetsService } from '../src/modules/index-sets/index-sets.service';
import { writeIndexSetXlsx } from '../src/modules/index-sets/xlsx/index-set-xlsx';
import { workbookWithXml } from '../src/modules/index-sets/xlsx/test-workbooks';
import { multipartFile } from '../src/testing/multipart';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

describe.each(testDialects())('index sets on %s', (dialect) => {
  let t: TestApp;
  let office: Session;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    office = (await t.userWithRole('OFFICE_STAFF')).session;
  });
  afterAll(() => t.close());

  const rows = async () =>
    t.db
      .selectFrom('index_set')
      .select(['code', 'version', 'status'])
      .orderBy('code')
      .orderBy('version')
      .execute();

  async function upload(
    session: Session,
    filename: string,
    content: Buffer | { repeat: string; bytes: number },
  ) {
    const { payload, headers } = multipartFile(filename, content);
    return t.app.inject({
      method: 'POST',
      url: '/api/index-sets/import',
      headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload,
    });
  }
  const demoJson = () => Buffer.from(JSON.stringify(demo));

  it('imports the demo set as a new draft version and exports it back identically', async () => {
    const res = await upload(office, 'demo.json', demoJson());
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      code: demo.code,
      version: 1,
      status: 'DRAFT',
      leafCount: 32,
      year: 2024,
    });
    expect(created.allowedActions).toEqual([
      'indexSet.edit',
      'indexSet.publish',
      'indexSet.newVersion',
      'indexSet.clone',
    ]);
    const exported = await t.as(office).get(`/api/index-sets/${created.id}/export/json`);
    expect(exported.headers['content-disposition']).toContain(`${demo.code}-v1.json`);
    expect(JSON.parse(exported.body)).toEqual(demo);
    const second = await upload(office, 'demo.json', demoJson());
    expect(second.json().version).toBe(2);
    const audit = await t.db
      .selectFrom('audit_event')
      .select('action')
      .where('entityId', '=', created.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['indexSet.imported']);
  });

  it('round-trips through Excel: export .xlsx, import it, same document', async () => {
    const list = (await t.as(office).get('/api/index-sets')).json();
    const first = list.find((s: { version: number }) => s.version === 1);
    const xlsx = await t.as(office).get(`/api/index-sets/${first.id}/export/xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const res = await upload(office, 'bo-chi-so.xlsx', xlsx.rawPayload);
    expect(res.statusCode, res.body).toBe(201);
    const back = await t.as(office).get(`/api/index-sets/${res.json().id}`);
    expect(back.json().document).toEqual(demo);
  });

  it('rejects an invalid document with every problem located, and stores nothing', async () => {
    const before = await rows();
    const bad = structuredClone(demo) as unknown as {
      nodes: { children: { code: string; maxPoints?: number }[] }[];
    };
    bad.nodes[0]!.children[1]!.maxPoints = -1;
    bad.nodes[1]!.children[0]!.code = '1.2';
    const res = await upload(office, 'bad.json', Buffer.from(JSON.stringify(bad)));
    expect(res.statusCode).toBe(422);
    const err = res.json().error;
    expect(err.code).toBe('INDEX_SET_INVALID');
    const paths = err.details.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['nodes[0].children[1].maxPoints', 'nodes[1].children[0].code']),
    );
    expect(err.details.errors.every((e: { message: string }) => e.message.length > 5)).toBe(true);
    expect(await rows()).toEqual(before);
  });

  it('rejects a file that is neither JSON nor XLSX, broken JSON, and a 200 MB upload', async () => {
    const before = await rows();
    const text = await upload(office, 'bo-chi-so.xlsx', Buffer.from('đây là một tệp văn bản'));
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_FILE');
    const broken = await upload(office, 'x.json', Buffer.from('{\n  "formatVersion": 1\n  "code": "X"\n}'));
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.details.errors).toEqual([
      {
        path: '$',
        message:
          'Tệp JSON không đọc được: cần dấu phẩy (,) giữa hai trường hoặc dấu "}" đóng đối tượng (dòng 3, cột 3).',
      },
    ]);
    const huge = await upload(office, 'huge.json', { repeat: ' ', bytes: 200 * 1024 * 1024 });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await rows()).toEqual(before);
  });

  it('stores Vietnamese text in NFC even when the file is NFD', async () => {
    const nfd = structuredClone(demo);
    nfd.code = 'NFD-TEST';
    nfd.name = 'Bộ chỉ số thử nghiệm'.normalize('NFD');
    const res = await upload(office, 'nfd.json', Buffer.from(JSON.stringify(nfd)));
    expect(res.statusCode, res.body).toBe(201);
    const stored = await t.db
      .selectFrom('index_set')
      .select(['name', 'document'])
      .where('code', '=', 'NFD-TEST')
      .executeTakeFirstOrThrow();
    expect(stored.name).toBe('Bộ chỉ số thử nghiệm'.normalize('NFC'));
    expect(stored.document).toBe(stored.document.normalize('NFC'));
  });

  it('refuses a second import of the same code while one is running; one version is written', async () => {
    const service = createIndexSetsService({ db: t.db, clock: t.clock });
    const ctx = {
      actor: { userId: office.info.user.id, roles: [{ role: 'OFFICE_STAFF' as const, unitId: null }] },
      ip: null,
    };
    const doc = { ...structuredClone(demo), code: 'CONCURRENT' };
    const data = Buffer.from(JSON.stringify(doc));
    const file = { filename: 'c.json', read: async () => data };
    const results = await Promise.allSettled([service.importFile(ctx, file), service.importFile(ctx, file)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).toBe('IMPORT_IN_PROGRESS');
    expect((await rows()).filter((r) => r.code === 'CONCURRENT')).toHaveLength(1);
  });

  it('edits a draft, then publishing freezes it: edits are refused and nothing changes', async () => {
    const created = (await upload(office, 'demo.json', demoJson())).json();
    const detail = (await t.as(office).get(`/api/index-sets/${created.id}`)).json();
    const doc = detail.document;
    doc.nodes[0].children[0].children[0].name = 'Ban hành kế hoạch CCHC năm (đã sửa)';
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/index-sets/${created.id}/document`,
      headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
      payload: { document: doc },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().document.nodes[0].children[0].children[0].name).toBe(
      'Ban hành kế hoạch CCHC năm (đã sửa)',
    );

    const put = (document: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/index-sets/${created.id}/document`,
        headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
        payload: { document },
      });
    const invalidDoc = structuredClone(doc);
    invalidDoc.classification = [...invalidDoc.classification].reverse();
    const refused = await put(invalidDoc);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.errors[0].path).toMatch(/^classification/);
    const renamed = await put({ ...doc, code: 'KHAC' });
    expect(renamed.json().error.details.errors[0].path).toBe('code');

    const published = await t.as(office).post(`/api/index-sets/${created.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'PUBLISHED' });
    expect(published.json().allowedActions).toEqual(['indexSet.newVersion', 'indexSet.clone']);
    const frozen = await put(doc);
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.code).toBe('INDEX_SET_FROZEN');
    const again = await t.as(office).post(`/api/index-sets/${created.id}/publish`);
    expect(again.json().error.code).toBe('INVALID_STATE_TRANSITION');
    const after = (await t.as(office).get(`/api/index-sets/${created.id}`)).json();
    expect(after.document).toEqual(doc);

    const next = await t.as(office).post(`/api/index-sets/${created.id}/versions`);
    expect(next.statusCode).toBe(201);
    expect(next.json()).toMatchObject({ status: 'DRAFT', version: created.version + 1, isLatest: true });
    expect(next.json().document).toEqual(doc);
  });

  it('clones a set for another year under a new code, refusing a code in use', async () => {
    const list = (await t.as(office).get('/api/index-sets')).json();
    const source = list.find(
      (s: { code: string; version: number }) => s.code === demo.code && s.version === 1,
    );
    const res = await t.as(office).post(`/api/index-sets/${source.id}/clone`, {
      code: 'TTCP-CCHC-2025',
      name: 'Bộ Chỉ số CCHC 2025',
      year: 2025,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'TTCP-CCHC-2025', version: 1, year: 2025, status: 'DRAFT' });
    expect(res.json().document.nodes).toEqual(demo.nodes);
    const dup = await t
      .as(office)
      .post(`/api/index-sets/${source.id}/clone`, { code: 'TTCP-CCHC-2025', name: 'x', year: 2025 });
    expect(dup.statusCode).toBe(409);
  });

  it('shows readers only published sets and lets only the Office change them', async () => {
    const viewer = (await t.userWithRole('VIEWER')).session;
    const all = (await t.as(office).get('/api/index-sets')).json();
    const visible = (await t.as(viewer).get('/api/index-sets')).json();
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((s: { status: string }) => s.status === 'PUBLISHED')).toBe(true);
    expect(visible.every((s: { allowedActions: string[] }) => s.allowedActions.length === 0)).toBe(true);
    const draft = all.find((s: { status: string }) => s.status === 'DRAFT');
    expect((await t.as(viewer).get(`/api/index-sets/${draft.id}`)).statusCode).toBe(404);
    const before = await rows();
    const res = await upload(viewer, 'demo.json', demoJson());
    expect(res.statusCode).toBe(403);
    expect(await rows()).toEqual(before);
    const admin = await t.login('admin', ADMIN_PASSWORD);
    expect((await t.as(admin).get('/api/index-sets')).json()).toHaveLength(all.length);
  });

  /** Everything an import or a refused action could have changed. */
  const snapshot = async () => ({
    sets: await t.db
      .selectFrom('index_set')
      .select(['id', 'code', 'version', 'status', 'documentHash'])
      .orderBy('id')
      .execute(),
    audit: (await t.db.selectFrom('audit_event').select('id').execute()).length,
  });

  it("rejects sheets beyond Excel's size quickly, naming the sheet, and stores nothing", async () => {
    const before = await snapshot();
    const wide = await workbookWithXml(demo as IndexSetDocument, (name, xml) =>
      name === 'xl/worksheets/sheet3.xml'
        ? xml.replace(
            /<cols>[\s\S]*?<\/cols>/,
            '<cols><col min="1" max="60000000" width="9" customWidth="1"/></cols>',
          )
        : name === 'xl/worksheets/sheet5.xml'
          ? xml.replace(
              '</sheetData>',
              '<row r="2000000000"><c r="A2000000000"><v>1</v></c></row></sheetData>',
            )
          : xml,
    );
    const started = performance.now();
    const res = await upload(office, 'to-qua.xlsx', wide);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual([
      {
        path: 'Cây chỉ số',
        message:
          'Trang tính “Cây chỉ số” bị từ chối: có cột 60.000.000, vượt quá giới hạn của Excel (16.384 cột, đến cột XFD, và 1.048.576 dòng). Tệp không do Excel lưu hoặc đã bị sửa ngoài Excel; hãy mở bằng Excel và lưu lại.',
      },
      {
        path: 'Xếp loại',
        message:
          'Trang tính “Xếp loại” bị từ chối: có dòng 2.000.000.000, vượt quá giới hạn của Excel (16.384 cột, đến cột XFD, và 1.048.576 dòng). Tệp không do Excel lưu hoặc đã bị sửa ngoài Excel; hãy mở bằng Excel và lưu lại.',
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses texts past the size limits (JSON and one shared Excel string), and stores nothing', async () => {
    const before = await snapshot();
    const json = structuredClone(demo) as unknown as {
      code: string;
      nodes: { children: { guidance?: string }[] }[];
    };
    json.code = 'QUA-DAI';
    json.nodes[0]!.children[1]!.guidance = 'x'.repeat(10_001);
    const res = await upload(office, 'qua-dai.json', Buffer.from(JSON.stringify(json)));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual([
      {
        path: 'nodes[0].children[1].guidance',
        message: 'Hướng dẫn chấm dài quá 10.000 ký tự (đang có 10.001 ký tự).',
      },
    ]);

    // One 30 000-character text shared by every leaf: a small .xlsx that once stored 100 MB.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await writeIndexSetXlsx({
        ...(demo as IndexSetDocument),
        code: 'QUA-DAI',
      })) as unknown as ExcelJS.Buffer,
    );
    const tree = wb.getWorksheet('Cây chỉ số')!;
    const long = 'Nội dung lặp lại. '.repeat(1_700);
    for (let row = 43; row <= 1_000; row++) {
      tree.getRow(row).values = [
        2,
        `X.${row}`,
        `Tiêu chí ${row}`,
        'Tiêu chí',
        1,
        'Đạt/Không đạt',
        null,
        null,
        long,
        long,
      ];
    }
    const xlsx = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(xlsx.length).toBeLessThan(150_000);
    const fromExcel = await upload(office, 'qua-dai.xlsx', xlsx);
    expect(fromExcel.statusCode).toBe(422);
    const errors = fromExcel.json().error.details.errors as { path: string; message: string }[];
    expect(errors[0]).toEqual({
      path: 'Cây chỉ số!I43',
      message: 'Hướng dẫn chấm dài quá 10.000 ký tự (đang có 30.599 ký tự).',
    });
    expect(errors).toHaveLength(501);
    expect(errors.at(-1)?.message).toMatch(
      /^Còn \d+ lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi tải lại\.$/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('checks the set code on import (a Vietnamese code broke the export), and stores nothing', async () => {
    const before = await snapshot();
    const res = await upload(
      office,
      'ma.json',
      Buffer.from(JSON.stringify({ ...demo, code: 'BỘ-CHỈ-SỐ-2024' })),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual([
      {
        path: 'code',
        message:
          'Mã bộ chỉ số chỉ gồm chữ in hoa không dấu (A–Z), chữ số, "_" và "-", bắt đầu bằng chữ hoặc số, tối đa 40 ký tự (ví dụ TTCP-CCHC-2024).',
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('exports a set stored under a non-ASCII code with an ASCII filename and the exact UTF-8 one', async () => {
    const created = (
      await upload(office, 'demo.json', Buffer.from(JSON.stringify({ ...demo, code: 'CU-2023' })))
    ).json();
    // A set imported before the code rule existed.
    await t.db
      .updateTable('index_set')
      .set({ code: 'Bộ chỉ số (cũ)' })
      .where('id', '=', created.id)
      .execute();
    for (const format of ['json', 'xlsx']) {
      const res = await t.as(office).get(`/api/index-sets/${created.id}/export/${format}`);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="Bo_chi_so_cu_-v1.${format}"; filename*=UTF-8''B%E1%BB%99%20ch%E1%BB%89%20s%E1%BB%91%20%28c%C5%A9%29-v1.${format}`,
      );
    }
  });

  it('checks the permission before the state: a reader publishing gets 403, and nothing changes', async () => {
    const viewer = (await t.userWithRole('VIEWER')).session;
    const draft = (
      await upload(office, 'demo.json', Buffer.from(JSON.stringify({ ...demo, code: 'QUYEN' })))
    ).json();
    const publishedCopy = (
      await upload(office, 'demo.json', Buffer.from(JSON.stringify({ ...demo, code: 'QUYEN-2' })))
    ).json();
    expect((await t.as(office).post(`/api/index-sets/${publishedCopy.id}/publish`)).statusCode).toBe(200);
    const before = await snapshot();
    for (const id of [publishedCopy.id, draft.id]) {
      const res = await t.as(viewer).post(`/api/index-sets/${id}/publish`);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({
        code: 'FORBIDDEN',
        message: 'Bạn không có quyền thực hiện thao tác này.',
      });
    }
    expect(await snapshot()).toEqual(before);
    // The Office still gets the state error for a published set.
    const again = await t.as(office).post(`/api/index-sets/${publishedCopy.id}/publish`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('Bộ chỉ số này đã được ban hành.');
  });
});
