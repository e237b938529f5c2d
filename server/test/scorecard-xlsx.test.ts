import { answerableLeaves } from '@cchc/domain/campaign/self-assessment';
import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeIndexSetXlsx } from '../src/modules/index-sets/xlsx/index-set-xlsx';
import { unzip, zip } from '../src/modules/index-sets/xlsx/test-workbooks';
import { newId } from '../src/platform/ids';
import { type CampaignFixture, campaignFixture } from '../src/testing/campaign-fixture';
import { multipartFile } from '../src/testing/multipart';
import { createTestApp, type Session, type TestApp } from '../src/testing/test-app';
import { testDialects } from '../src/testing/test-db';

const doc = demo as unknown as IndexSetDocument;
const SHEET = 'Phiếu tự chấm';

type Cell = ExcelJS.CellValue;

/** The filled-in workbook, as a person would leave it after typing in Excel. */
class Workbook {
  private constructor(readonly wb: ExcelJS.Workbook) {}

  static async load(data: Buffer): Promise<Workbook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
    return new Workbook(wb);
  }

  get sheet(): ExcelJS.Worksheet {
    return this.wb.getWorksheet(SHEET)!;
  }

  headerRow(): number {
    for (let r = 1; r <= 12; r += 1) {
      if (this.sheet.getRow(r).getCell(1).value === 'Mã tiêu chí') {
        return r;
      }
    }
    throw new Error('no header row');
  }

  column(header: string): number {
    const row = this.sheet.getRow(this.headerRow());
    for (let c = 1; c <= row.cellCount; c += 1) {
      if (row.getCell(c).value === header) {
        return c;
      }
    }
    throw new Error(`no column ${header}`);
  }

  rowOf(leafCode: string): number {
    const key = this.column('Mã kỹ thuật');
    let found = 0;
    this.sheet.eachRow((row, n) => {
      if (row.getCell(key).value === leafCode) {
        found = n;
      }
    });
    if (!found) {
      throw new Error(`no row ${leafCode}`);
    }
    return found;
  }

  cell(leafCode: string, header: string): ExcelJS.Cell {
    return this.sheet.getCell(this.rowOf(leafCode), this.column(header));
  }

  /** `Phiếu tự chấm!G12` of a leaf's cell. */
  ref(leafCode: string, header: string): string {
    return `${SHEET}!${this.cell(leafCode, header).address}`;
  }

  set(leafCode: string, header: string, value: Cell): this {
    this.cell(leafCode, header).value = value;
    return this;
  }

  async buffer(): Promise<Buffer> {
    return Buffer.from(await this.wb.xlsx.writeBuffer());
  }
}

describe.each(testDialects())('scorecard Excel round trip on %s', (dialect) => {
  let t: TestApp;
  let f: CampaignFixture;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await campaignFixture(t);
  });
  afterAll(() => t.close());

  const url = (sc: string) => `/api/scorecards/${sc}/xlsx`;
  const answers = (sc: string) =>
    t.db
      .selectFrom('scorecard_answer')
      .select([
        'leafCode',
        'value',
        'points',
        'rowVersion',
        'note',
        'naClaimed',
        'naReason',
        'isCarriedDraft',
      ])
      .where('scorecardId', '=', sc)
      .orderBy('leafCode')
      .execute();

  async function download(session: Session, sc: string): Promise<Workbook> {
    const res = await t.as(session).get(url(sc));
    expect(res.statusCode, res.body).toBe(200);
    return Workbook.load(res.rawPayload);
  }

  function upload(session: Session, sc: string, data: Buffer, filename = 'phieu.xlsx') {
    const { payload, headers } = multipartFile(filename, data);
    return t.app.inject({
      method: 'POST',
      url: url(sc),
      headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload,
    });
  }

  function errorsOf(res: { json(): unknown }) {
    return (
      res.json() as {
        error: { details: { errors: { location: string; leafCode: string; message: string }[] } };
      }
    ).error.details.errors;
  }

  /** A scorecard with nothing saved yet, for the tests that need a clean start. */
  let before: Awaited<ReturnType<typeof answers>>;
  beforeEach(async () => {
    before = await answers(f.scorecardA);
  });

  it('exports the unit its scorecard: title block, one row per applicable leaf, hidden technical parts', async () => {
    const res = await t.as(f.focalA).get(url(f.scorecardA));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="phieu-tu-cham-VPTT-CCHC-2024.xlsx"; filename*=UTF-8''phieu-tu-cham-VPTT-CCHC-2024.xlsx`,
    );
    const book = await Workbook.load(res.rawPayload);
    const ws = book.sheet;
    expect(book.wb.worksheets.map((s) => [s.name, s.state])).toEqual([
      [SHEET, 'visible'],
      ['Hướng dẫn', 'visible'],
      ['_lists', 'hidden'],
      ['_meta', 'veryHidden'],
    ]);
    const titleText = [1, 2, 3, 4, 5, 6].map(
      (r) => `${ws.getCell(r, 1).value} ${ws.getCell(r, 2).value ?? ''}`,
    );
    expect(titleText.join('\n')).toContain('Kỳ đánh giá: CCHC-2024 – Đánh giá Chỉ số CCHC năm 2024');
    expect(titleText.join('\n')).toContain('Đơn vị: VPTT – Văn phòng Thanh tra');
    expect(titleText.join('\n')).toContain('Khối: Khối tham mưu, tổng hợp (THAM_MUU)');
    expect(titleText.join('\n')).toContain('Hạn tự đánh giá: 16/12/2024');
    expect(titleText.join('\n')).toMatch(
      /Tạo lúc: \d\d\/\d\d\/\d{4} \d\d:\d\d — bộ chỉ số TTCP-CCHC-2024-DEMO, phiên bản 1/,
    );

    const header = book.headerRow();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header });
    const headers = (ws.getRow(header).values as Cell[]).slice(1);
    expect(headers).toEqual(
      expect.arrayContaining([
        'Mã tiêu chí',
        'Nội dung',
        'Điểm tối đa',
        'Phương pháp chấm',
        'Lựa chọn',
        'Tỷ lệ (%)',
        'Điểm tự chấm',
        'Ghi chú',
        'Giải thích khi không có tài liệu',
        'Đề nghị không áp dụng',
        'Lý do',
        'Mã kỹ thuật',
        'Phiên bản',
      ]),
    );
    expect(ws.getColumn(book.column('Mã kỹ thuật')).hidden).toBe(true);
    expect(ws.getColumn(book.column('Phiên bản')).hidden).toBe(true);

    // Leaves in tree order (criteria, then bonus and penalty), exactly the applicable ones.
    const keyCol = book.column('Mã kỹ thuật');
    const leafRows: string[] = [];
    const headings: string[] = [];
    ws.eachRow((row, n) => {
      if (n <= header) {
        return;
      }
      const key = row.getCell(keyCol).value;
      if (typeof key === 'string') {
        leafRows.push(key);
      } else if (row.getCell(1).value !== null) {
        headings.push(String(row.getCell(1).value));
        // Headings are grey and not editable.
        expect(row.getCell(book.column('Lựa chọn')).protection?.locked).not.toBe(false);
        expect((row.getCell(2).fill as ExcelJS.FillPattern).fgColor?.argb).toMatch(/^FF(D9D9D9|F2F2F2)$/);
      }
    });
    expect(leafRows).toEqual([...answerableLeaves(doc, 'THAM_MUU').keys()]);
    expect(headings.slice(0, 2)).toEqual(['1', '1.1']);
    expect(leafRows).not.toContain('8.NV.1');

    // Inputs that fit each method: a dropdown Có/Không, the levels, the deadline words.
    const bool = book.cell('1.3', 'Lựa chọn');
    expect(bool.protection?.locked).toBe(false);
    expect(bool.dataValidation).toMatchObject({ type: 'list' });
    expect(book.cell('1.3', 'Tỷ lệ (%)').protection?.locked).not.toBe(false);
    expect(String(book.cell('2.4', 'Phương pháp chấm').value)).toContain(
      'Đầy đủ (2 điểm); Chưa đầy đủ (1 điểm)',
    );
    expect(book.cell('1.1.1', 'Phương pháp chấm').value).toContain('Đúng hạn');
    expect(book.cell('1.1.2', 'Điểm tối đa').value).toBe(3.5);
    expect(book.cell('1.1.2', 'Điểm tối đa').numFmt).toBe('#,##0.00');
    expect(book.cell('T1', 'Đề nghị không áp dụng').protection?.locked).not.toBe(false);
    const meta = book.wb.getWorksheet('_meta')!;
    const metaText = JSON.stringify(meta.getSheetValues());
    for (const id of [f.scorecardA, f.campaignId, f.unitA, f.indexSetId]) {
      expect(metaText).toContain(id);
    }
  });

  it('imports what a person typed: engine points stored, all rows at once', async () => {
    const book = await download(f.focalA, f.scorecardA);
    book
      .set('1.3', 'Lựa chọn', 'Có')
      .set('1.3', 'Ghi chú', 'Kế hoạch số 12/KH-VP')
      .set('1.3', 'Giải thích khi không có tài liệu', 'Bản giấy lưu tại Văn phòng')
      .set('1.1.1', 'Lựa chọn', 'trễ hạn')
      .set('1.1.2', 'Tỷ lệ (%)', 85)
      .set('1.2', 'Số lượng / Số đúng hạn', 3)
      .set('1.2', 'Số chậm hạn', 1)
      .set('2.1', 'Tử số / Thực hiện', 17)
      .set('2.1', 'Mẫu số / Chỉ tiêu', 20)
      .set('2.4', 'Lựa chọn', 'Chưa đầy đủ')
      .set('5.4', 'Số lượng theo loại', 'Khiển trách=1; Cảnh cáo=0')
      .set('8.TM.2', 'Điểm chấm trực tiếp', '7,5')
      .set('8.TM.2', 'Nhận xét chấm trực tiếp', 'Hoàn thành phần lớn nhiệm vụ')
      .set('1.4', 'Đề nghị không áp dụng', 'Có')
      .set('1.4', 'Lý do', 'Đơn vị không được giao nhiệm vụ này')
      .set('T1', 'Số lượng / Số đúng hạn', 1);
    const res = await upload(f.focalA, f.scorecardA, await book.buffer());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ saved: 10, unchanged: 0 });
    expect(body.blank).toBe(answerableLeaves(doc, 'THAM_MUU').size - 10);
    expect(body.scorecard.progress.answered).toBe(9);

    const stored = new Map((await answers(f.scorecardA)).map((a) => [a.leafCode, a]));
    const points = (code: string) => stored.get(code)?.points;
    expect(points('1.3')).toBe(200);
    expect(stored.get('1.3')).toMatchObject({ note: 'Kế hoạch số 12/KH-VP', rowVersion: 1 });
    expect(JSON.parse(stored.get('1.3')!.value!)).toEqual({ value: true });
    expect(JSON.parse(stored.get('1.1.1')!.value!)).toEqual({ status: 'late' });
    expect(points('1.1.1')).toBe(75);
    expect(points('1.1.2')).toBe(200);
    // 3 × 3/4 + 1 × 0,375 = 2,625 → 2,63 (rounded once, half away from zero).
    expect(points('1.2')).toBe(263);
    expect(JSON.parse(stored.get('2.1')!.value!)).toEqual({ numerator: 17, denominator: 20 });
    expect(points('2.1')).toBe(425);
    expect(JSON.parse(stored.get('2.4')!.value!)).toEqual({ level: 'Chưa đầy đủ' });
    expect(points('2.4')).toBe(100);
    expect(JSON.parse(stored.get('5.4')!.value!)).toEqual({ counts: { 'Khiển trách': 1 } });
    expect(points('5.4')).toBe(400);
    expect(JSON.parse(stored.get('8.TM.2')!.value!)).toEqual({
      points: 7.5,
      comment: 'Hoàn thành phần lớn nhiệm vụ',
    });
    expect(points('8.TM.2')).toBe(750);
    expect(stored.get('1.4')).toMatchObject({
      naClaimed: 1,
      naReason: 'Đơn vị không được giao nhiệm vụ này',
      value: null,
    });
    expect(points('T1')).toBe(100);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action'])
      .where('entityId', '=', f.scorecardA)
      .where('action', '=', 'scorecard.imported')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('a round trip without edits changes nothing; the exported points are the stored ones', async () => {
    const book = await download(f.focalA, f.scorecardA);
    expect(book.cell('1.2', 'Điểm tự chấm').value).toBe(2.63);
    expect(book.cell('1.1.2', 'Tỷ lệ (%)').value).toBe(85);
    expect(book.cell('5.4', 'Số lượng theo loại').value).toBe('Khiển trách=1');
    expect(book.cell('1.4', 'Đề nghị không áp dụng').value).toBe('Có');
    const res = await upload(f.focalA, f.scorecardA, await book.buffer());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ saved: 0, unchanged: 10 });
    expect(await answers(f.scorecardA)).toEqual(before);
  });

  it("refuses a workbook of another unit's scorecard, naming both, and stores nothing", async () => {
    const other = await download(f.focalB, f.scorecardB);
    other.set('1.3', 'Lựa chọn', 'Không');
    const res = await upload(f.focalA, f.scorecardA, await other.buffer());
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('SCORECARD_FILE_INVALID');
    expect(error.message).toContain('CUC_I – Cục Thanh tra I');
    expect(error.message).toContain('VPTT – Văn phòng Thanh tra');
    expect(errorsOf(res)).toEqual([expect.objectContaining({ location: `${SHEET}!B3`, leafCode: '' })]);
    expect(await answers(f.scorecardA)).toEqual(before);
    expect(await answers(f.scorecardB)).toEqual([]);
  });

  it('lists every value outside its method with its cell, and stores nothing', async () => {
    const book = await download(f.focalA, f.scorecardA);
    book
      .set('1.1.2', 'Tỷ lệ (%)', 130)
      .set('2.4', 'Lựa chọn', 'Xuất sắc')
      .set('1.5', 'Tỷ lệ (%)', 'tám mươi')
      .set('1.3', 'Tỷ lệ (%)', 50)
      .set('2.2', 'Lựa chọn', 'Có') // a good row: not saved either
      .set('4.1', 'Đề nghị không áp dụng', 'Có'); // no reason
    const res = await upload(f.focalA, f.scorecardA, await book.buffer());
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('SCORECARD_FILE_INVALID');
    const errors = errorsOf(res);
    const at = (leaf: string, header: string) => errors.find((e) => e.location === book.ref(leaf, header));
    expect(at('1.1.2', 'Tỷ lệ (%)')).toMatchObject({ leafCode: '1.1.2' });
    expect(at('1.1.2', 'Tỷ lệ (%)')!.message).toContain('130');
    expect(at('2.4', 'Lựa chọn')!.message).toContain('Xuất sắc');
    expect(at('2.4', 'Lựa chọn')!.message).toContain('Đầy đủ; Chưa đầy đủ; Không thực hiện');
    expect(at('1.5', 'Tỷ lệ (%)')!.message).toContain('không phải là số');
    expect(at('1.3', 'Tỷ lệ (%)')!.message).toContain('không dùng cho phương pháp');
    expect(at('4.1', 'Lý do')!.message).toContain('lý do');
    expect(errors).toHaveLength(5);
    expect(book.ref('1.1.2', 'Tỷ lệ (%)')).toMatch(/^Phiếu tự chấm![A-Z]+\d+$/);
    expect(await answers(f.scorecardA)).toEqual(before);
  });

  it('refuses a row changed on the server since the download, and stores nothing', async () => {
    const book = await download(f.focalA, f.scorecardA);
    const current = before.find((a) => a.leafCode === '1.3')!;
    const api = await t.as(f.headA).put(`/api/scorecards/${f.scorecardA}/answers/1.3`, {
      rowVersion: current.rowVersion,
      value: { value: false },
    });
    expect(api.statusCode, api.body).toBe(200);
    const afterApi = await answers(f.scorecardA);
    book.set('1.3', 'Ghi chú', 'Sửa trong Excel').set('2.2', 'Lựa chọn', 'Có');
    const res = await upload(f.focalA, f.scorecardA, await book.buffer());
    expect(res.statusCode, res.body).toBe(422);
    const errors = errorsOf(res);
    expect(errors).toEqual([expect.objectContaining({ leafCode: '1.3' })]);
    expect(errors[0]!.message).toContain('đã được sửa trên hệ thống');
    expect(errors[0]!.location).toBe(book.ref('1.3', 'Mã tiêu chí'));
    expect(await answers(f.scorecardA)).toEqual(afterApi);

    // Rows left untouched in the file keep what the server has now; only edited rows are saved.
    const fresh = await download(f.focalA, f.scorecardA);
    const api2 = await t
      .as(f.headA)
      .put(`/api/scorecards/${f.scorecardA}/answers/1.3`, { rowVersion: 2, value: { value: true } });
    expect(api2.statusCode, api2.body).toBe(200);
    fresh.set('2.2', 'Lựa chọn', 'Có');
    const ok = await upload(f.focalA, f.scorecardA, await fresh.buffer());
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ saved: 1 });
    const stored = new Map((await answers(f.scorecardA)).map((a) => [a.leafCode, a]));
    expect(JSON.parse(stored.get('1.3')!.value!)).toEqual({ value: true });
    expect(stored.get('1.3')!.rowVersion).toBe(3);
    expect(stored.get('2.2')!.points).toBe(300);
  });

  it('gives a clear error for a file that is not a workbook, a formula, or another workbook', async () => {
    const pdf = await upload(f.focalA, f.scorecardA, Buffer.from('%PDF-1.7\n1 0 obj\n'), 'phieu.xlsx');
    expect(pdf.statusCode, pdf.body).toBe(422);
    expect(pdf.json().error).toMatchObject({
      code: 'SCORECARD_FILE_INVALID',
      message: 'Tệp không phải bảng tính Excel (.xlsx).',
    });

    const { payload, headers } = multipartFile('big.xlsx', { repeat: 'x', bytes: 6 * 1024 * 1024 });
    const big = await t.app.inject({
      method: 'POST',
      url: url(f.scorecardA),
      headers: { ...headers, cookie: f.focalA.cookie, 'x-csrf-token': f.focalA.csrf },
      payload,
    });
    expect(big.statusCode, big.body).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');

    const indexSetBook = await upload(f.focalA, f.scorecardA, await writeIndexSetXlsx(doc));
    expect(indexSetBook.statusCode).toBe(422);
    expect(indexSetBook.json().error.message).toContain('không phải phiếu tự chấm');

    const book = await download(f.focalA, f.scorecardA);
    book.set('1.5', 'Tỷ lệ (%)', { formula: '40*2', result: 80 } as Cell);
    const formula = await upload(f.focalA, f.scorecardA, await book.buffer());
    expect(formula.statusCode, formula.body).toBe(422);
    expect(errorsOf(formula)).toEqual([
      {
        location: book.ref('1.5', 'Tỷ lệ (%)'),
        leafCode: '1.5',
        message: 'Ô có công thức; hãy dán giá trị.',
      },
    ]);

    // A merge over the whole sheet (a few bytes that ExcelJS alone would expand cell by cell).
    const parts = await unzip(await (await download(f.focalA, f.scorecardA)).buffer());
    const merged = zip(
      [...parts].map(([name, data]) => ({
        name,
        data:
          name === 'xl/worksheets/sheet1.xml'
            ? Buffer.from(
                data
                  .toString('utf8')
                  .replace(
                    '</sheetData>',
                    '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
                  ),
              )
            : data,
      })),
    );
    const started = Date.now();
    const bomb = await upload(f.focalA, f.scorecardA, merged);
    expect(bomb.statusCode, bomb.body).toBe(422);
    expect(errorsOf(bomb)).toContainEqual(expect.objectContaining({ location: `${SHEET}!A1:XFD1048576` }));
    expect(Date.now() - started).toBeLessThan(5_000);

    // The hidden sheet edited by hand (here: pointed at unit B) is caught by its checksum.
    const tampered = await download(f.focalA, f.scorecardA);
    const meta = tampered.wb.getWorksheet('_meta')!;
    meta.eachRow((row) => {
      if (row.getCell(1).value === 'unitId') {
        row.getCell(2).value = f.unitB;
      }
    });
    const edited = await upload(f.focalA, f.scorecardA, await tampered.buffer());
    expect(edited.statusCode).toBe(422);
    expect(edited.json().error.message).toContain('“_meta”');
    expect(await answers(f.scorecardA)).toEqual(before);
  });

  it('keeps what the sheet cannot show, and confirms a draft from last year only when asked', async () => {
    // A deadline answered with dates on the web page shows as its status; a note edited in Excel
    // must not turn the dates into a status.
    const dates = await t.as(f.focalB).put(`/api/scorecards/${f.scorecardB}/answers/1.1.1`, {
      rowVersion: 0,
      value: { dueDate: '2024-03-31', doneDate: '2024-04-02' },
    });
    expect(dates.statusCode, dates.body).toBe(200);
    // Drafts as "start from last year" leaves them.
    for (const [leafCode, value, points] of [
      ['1.3', { value: true }, 200],
      ['2.2', { value: true }, 300],
    ] as const) {
      await t.db
        .insertInto('scorecard_answer')
        .values({
          id: newId(),
          scorecardId: f.scorecardB,
          leafCode,
          value: JSON.stringify(value),
          points,
          explanation: 'Có',
          note: 'Năm trước',
          noEvidenceReason: '',
          naClaimed: 0,
          naReason: '',
          isCarriedDraft: 1,
          rowVersion: 1,
          updatedBy: f.users.focalB.id,
          updatedAt: '2024-12-01T00:00:00.000Z',
        })
        .execute();
    }
    const book = await download(f.focalB, f.scorecardB);
    expect(book.cell('1.1.1', 'Lựa chọn').value).toBe('Trễ hạn');
    expect(book.cell('1.3', 'Trạng thái').value).toBe('Nháp năm trước');
    expect(book.cell('1.3', 'Trạng thái').protection?.locked).toBe(false);
    book.set('1.1.1', 'Ghi chú', 'Nộp chậm 2 ngày').set('1.3', 'Trạng thái', 'Xác nhận');
    const res = await upload(f.focalB, f.scorecardB, await book.buffer());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ saved: 2, unchanged: 1 });
    const stored = new Map((await answers(f.scorecardB)).map((a) => [a.leafCode, a]));
    expect(JSON.parse(stored.get('1.1.1')!.value!)).toEqual({
      dueDate: '2024-03-31',
      doneDate: '2024-04-02',
    });
    expect(stored.get('1.1.1')).toMatchObject({ note: 'Nộp chậm 2 ngày', rowVersion: 2 });
    expect(stored.get('1.3')).toMatchObject({
      isCarriedDraft: 0,
      points: 200,
      rowVersion: 2,
      note: 'Năm trước',
    });
    expect(stored.get('2.2')).toMatchObject({ isCarriedDraft: 1, rowVersion: 1 });
  });

  it("refuses a unit officer another unit's scorecard, both ways (403)", async () => {
    const get = await t.as(f.focalB).get(url(f.scorecardA));
    expect(get.statusCode).toBe(403);
    const own = await download(f.focalA, f.scorecardA);
    own.set('2.3', 'Lựa chọn', 'Có');
    const post = await upload(f.focalB, f.scorecardA, await own.buffer());
    expect(post.statusCode).toBe(403);
    expect(post.json().error.code).toBe('FORBIDDEN');
    // The Office reads every scorecard (a read-only workbook) but cannot upload one.
    const office = await download(f.office, f.scorecardA);
    expect(office.cell('2.3', 'Lựa chọn').protection?.locked).not.toBe(false);
    expect(String(office.sheet.getCell(6, 4).value)).toContain('chỉ để xem');
    expect((await upload(f.office, f.scorecardA, await own.buffer())).statusCode).toBe(403);
    expect(await answers(f.scorecardA)).toEqual(before);
  });
});
