import { deflateRawSync } from 'node:zlib';
import demo from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { parseIndexSet } from '@cchc/domain/index-set/validate';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  EXCEL_MAX_COLUMNS,
  EXCEL_MAX_ROWS,
  MAX_REPORTED_ERRORS,
  MAX_XLSX_ENTRIES,
  MAX_XLSX_FILE_BYTES,
  MAX_XLSX_UNCOMPRESSED_BYTES,
  readIndexSetXlsx,
  writeIndexSetXlsx,
  XLSX_FILE_MESSAGES,
  XLSX_RATIO_CHECK_MIN_BYTES,
} from './index-set-xlsx';
import { outOfSheetMessage } from './sheet-bounds';
import { unzip, workbookWithXml, type ZipPart, zip } from './test-workbooks';
import { readWorkbook } from './xlsx-reader';

const demoDoc = demo as IndexSetDocument;

/** The demo workbook with some parts' XML rewritten. */
function demoWithXml(edit: (name: string, xml: string) => string): Promise<Buffer> {
  return workbookWithXml(demoDoc, edit);
}

/** The demo workbook as a person would change it in Excel. */
async function demoEdited(edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeIndexSetXlsx(demoDoc)) as unknown as ExcelJS.Buffer);
  edit(wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) {
    throw new Error(`no sheet ${name}`);
  }
  return ws;
}

async function errorsOf(data: Buffer): Promise<{ path: string; message: string }[]> {
  const result = await readIndexSetXlsx(data);
  if (result.ok) {
    throw new Error('expected the workbook to be rejected');
  }
  return result.errors;
}

async function documentOf(data: Buffer): Promise<unknown> {
  const result = await readIndexSetXlsx(data);
  if (!result.ok) {
    throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 2)}`);
  }
  return result.document;
}

// ---------------------------------------------------------------------------------------------

describe('round trip', () => {
  it('gives back the demo set exactly, key order and absent keys included', async () => {
    const document = await documentOf(await writeIndexSetXlsx(demoDoc));
    expect(document).toEqual(demo);
    expect(JSON.stringify(document)).toBe(JSON.stringify(demo));
  });

  it('keeps every optional key and parameter as it was', async () => {
    const doc: IndexSetDocument = {
      formatVersion: 1,
      code: 'EDGE-2025',
      name: 'Bộ chỉ số biên',
      year: 2025,
      unitGroups: [{ code: 'A', name: 'Khối A' }],
      nodes: [
        {
          code: '1',
          name: 'Lĩnh vực có giới hạn',
          maxPoints: 5.25,
          applicableTo: ['A'],
          children: [
            {
              code: '1.1',
              name: 'Đạt',
              maxPoints: 2,
              method: { type: 'BOOLEAN', noPoints: 0.5 },
              evidenceRequired: false,
            },
            {
              code: '1.2',
              name: 'Tỷ lệ',
              maxPoints: 3,
              method: { type: 'PROPORTIONAL', floorPercent: 33.5 },
              evidenceRequired: true,
            },
            {
              code: '1.3',
              name: 'Báo cáo',
              maxPoints: 3,
              method: { type: 'COUNT_COMPLIANCE', required: 12 },
            },
            {
              code: '1.4',
              name: 'Mức có dấu câu',
              maxPoints: 2,
              method: {
                type: 'LEVEL_SELECT',
                levels: [
                  { label: 'Mức 1: đầy đủ; đúng hạn', points: 2 },
                  { label: 'Mức 2', points: 0.75 },
                ],
              },
              guidance: 'Dòng một\nDòng hai',
            },
            { code: '1.5', name: 'Chỉ tiêu', maxPoints: 1, method: { type: 'TARGET_ACTUAL' } },
            { code: '1.6', name: 'Chấm tay', maxPoints: 1, method: { type: 'MANUAL' }, applicableTo: ['A'] },
          ],
        },
      ],
      adjustments: {
        penalty: {
          maxPoints: 2,
          items: [
            {
              code: 'P1',
              name: 'Vi phạm',
              maxPoints: 2,
              method: { type: 'DEDUCTION', categories: [{ label: 'Nhắc nhở', points: 0.25 }] },
            },
          ],
        },
      },
      classification: [
        { label: 'Đạt', minPercent: 50.5, minEachFieldPercent: 10 },
        { label: 'Chưa đạt', minPercent: 0 },
      ],
      ranking: { ties: 'competition', scope: 'unitGroup' },
    };
    const document = await documentOf(await writeIndexSetXlsx(doc));
    expect(JSON.stringify(document)).toBe(JSON.stringify(doc));
  });
});

describe('round trip of text that collides with the cell syntax', () => {
  it('keeps labels with ";", quotes, colons and commas, and unusual group codes, exactly', async () => {
    const labels = ['Mức 1; đủ', '"Tốt" nhất', '"A": 1; "B"', 'Mức: 2, đủ', 'Dòng 1\nDòng 2', '“Khá”'];
    const doc: IndexSetDocument = {
      formatVersion: 1,
      code: 'DAU-CAU-2025',
      name: 'Nhãn có dấu câu',
      year: 2025,
      unitGroups: [
        { code: 'Khối A.1', name: 'Khối A, B; C' },
        { code: 'nhóm-b', name: 'Nhóm "B"' },
      ],
      nodes: [
        {
          code: '1',
          name: 'Lĩnh vực',
          applicableTo: ['Khối A.1', 'nhóm-b'],
          children: [
            {
              code: '1.1',
              name: 'Chọn mức',
              maxPoints: 2,
              method: { type: 'LEVEL_SELECT', levels: labels.map((label, i) => ({ label, points: i / 4 })) },
              applicableTo: ['nhóm-b'],
            },
            {
              code: '1.2',
              name: 'Khảo sát',
              maxPoints: 1,
              method: {
                type: 'SURVEY',
                optionWeights: Object.fromEntries(labels.map((l, i) => [l, i / 10])),
              },
            },
          ],
        },
      ],
      adjustments: {
        penalty: {
          maxPoints: 2,
          items: [
            {
              code: 'P1',
              name: 'Vi phạm',
              maxPoints: 2,
              method: { type: 'DEDUCTION', categories: labels.map((label) => ({ label, points: 0.25 })) },
            },
          ],
        },
      },
      classification: [{ label: 'Đạt', minPercent: 0 }],
      ranking: { ties: 'dense', scope: 'all' },
    };
    expect(parseIndexSet(doc).ok).toBe(true);
    const document = await documentOf(await writeIndexSetXlsx(doc));
    expect(JSON.stringify(document)).toBe(JSON.stringify(doc));
  });
});

describe('a workbook filled in by hand', () => {
  const nfd = (text: string) => text.normalize('NFD');

  async function handmade(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const info = wb.addWorksheet(nfd('Thông tin'));
    info.addRows([
      ['Thông tin', 'Giá trị'],
      [nfd('Mã bộ chỉ số'), ' TEST-2025 '],
      [nfd('Tên bộ chỉ số'), nfd('Bộ chỉ số thử nghiệm')],
      ['NĂM', '2025'],
      ['Phiên bản định dạng', 1],
      [],
      ['Số văn bản', '12/QĐ-VP'],
      ['Ngày văn bản', '5/1/2025'],
      ['Cách xếp hạng đồng hạng', 'Thi đấu'],
      ['Phạm vi xếp hạng', 'theo khối'],
    ]);
    const groups = wb.addWorksheet('Khối đơn vị');
    groups.addRows([['Mã khối', 'Tên khối'], ['A', nfd('Khối A')], [], ['B', 'Khối B']]);
    const tree = wb.addWorksheet('Cây chỉ số');
    tree.addRows([
      [
        'Cấp',
        'Mã',
        'Tên',
        'Loại',
        'Điểm tối đa',
        'Phương pháp chấm',
        'Tham số',
        'Áp dụng cho khối',
        'Hướng dẫn chấm',
        'Tài liệu kiểm chứng',
        'Bắt buộc kiểm chứng',
        'Ghi chú riêng',
      ],
      [1, 1, nfd('Lĩnh vực một'), 'Nhóm', null, null, null, null, null, null, null, 'cột lạ được bỏ qua'],
      [
        2,
        '1.1',
        'Tiêu chí có thời hạn',
        'Tiêu chí',
        '1,5',
        'Theo thời hạn',
        'Chậm: 0,75; Đúng hạn: 1,5 điểm; Không thực hiện: 0',
        null,
        '  Hướng dẫn  ',
        null,
        'không',
      ],
      ['2', '1.2', 'Nhóm con', 'nhóm', 4, null, null, 'A, Khối B'],
      [3, '1.2.1', 'Tỷ lệ', 'tieu chi', 4, 'bac theo ty le', '>= 90 %: 4\n>=50%: 2;\n≥0%: 0'],
      [3, '1.2.2', 'Khảo sát', 'Tiêu chí', 2, 'SURVEY', 'A: 1; B: 0,5', null, null, null, 'Có'],
      [],
      [1, '2', 'Lĩnh vực hai', 'Nhóm'],
      [2, '2.1', 'Đạt hay không', 'Tiêu chí', 2, 'Đạt/Không đạt', ''],
      [2, '2.2', 'Đếm', 'Tiêu chí', '0.5', 'Đếm số lượng', '0,25'],
      [2, '2.3', 'Báo cáo', 'Tiêu chí', ' 3 ', nfd('Đếm đúng hạn và chậm'), 'Số yêu cầu: 4'],
    ]);
    const adjustments = wb.addWorksheet('Điểm thưởng, trừ');
    adjustments.addRows([
      ['Loại', 'Mã', 'Tên', 'Điểm tối đa', 'Phương pháp chấm', 'Tham số'],
      ['Điểm trừ', null, 'Tổng điểm trừ tối đa', 2],
      ['Tiêu chí', 'P1', 'Chậm báo cáo', 2, 'Đếm số lượng', 'Điểm mỗi lần: 0,5'],
    ]);
    const bands = wb.addWorksheet('Xếp loại');
    bands.addRows([
      ['Xếp loại', 'Từ (%)', 'Mỗi lĩnh vực tối thiểu (%)'],
      ['Tốt', 0.8, '60%'],
      ['Đạt', '50', null],
      ['Chưa đạt', 0],
    ]);
    bands.getCell('B2').numFmt = '0%';
    // Someone's own working sheet: not part of the template, so even its formula is fine.
    wb.addWorksheet('Nháp').getCell('A1').value = { formula: '1+1', result: 2 };
    return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }

  it('reads into the expected document', async () => {
    const expected = {
      formatVersion: 1,
      code: 'TEST-2025',
      name: 'Bộ chỉ số thử nghiệm',
      year: 2025,
      legalBasis: { number: '12/QĐ-VP', date: '2025-01-05' },
      unitGroups: [
        { code: 'A', name: 'Khối A' },
        { code: 'B', name: 'Khối B' },
      ],
      nodes: [
        {
          code: '1',
          name: 'Lĩnh vực một',
          children: [
            {
              code: '1.1',
              name: 'Tiêu chí có thời hạn',
              maxPoints: 1.5,
              method: { type: 'DEADLINE', onTimePoints: 1.5, latePoints: 0.75, notDonePoints: 0 },
              guidance: 'Hướng dẫn',
              evidenceRequired: false,
            },
            {
              code: '1.2',
              name: 'Nhóm con',
              maxPoints: 4,
              applicableTo: ['A', 'B'],
              children: [
                {
                  code: '1.2.1',
                  name: 'Tỷ lệ',
                  maxPoints: 4,
                  method: {
                    type: 'TIERED_PERCENT',
                    tiers: [
                      { minPercent: 90, points: 4 },
                      { minPercent: 50, points: 2 },
                      { minPercent: 0, points: 0 },
                    ],
                  },
                },
                {
                  code: '1.2.2',
                  name: 'Khảo sát',
                  maxPoints: 2,
                  method: { type: 'SURVEY', optionWeights: { A: 1, B: 0.5 } },
                  evidenceRequired: true,
                },
              ],
            },
          ],
        },
        {
          code: '2',
          name: 'Lĩnh vực hai',
          children: [
            { code: '2.1', name: 'Đạt hay không', maxPoints: 2, method: { type: 'BOOLEAN' } },
            {
              code: '2.2',
              name: 'Đếm',
              maxPoints: 0.5,
              method: { type: 'COUNT_CAPPED', pointsPerItem: 0.25 },
            },
            { code: '2.3', name: 'Báo cáo', maxPoints: 3, method: { type: 'COUNT_COMPLIANCE', required: 4 } },
          ],
        },
      ],
      adjustments: {
        penalty: {
          maxPoints: 2,
          items: [
            {
              code: 'P1',
              name: 'Chậm báo cáo',
              maxPoints: 2,
              method: { type: 'COUNT_CAPPED', pointsPerItem: 0.5 },
            },
          ],
        },
      },
      classification: [
        { label: 'Tốt', minPercent: 80, minEachFieldPercent: 60 },
        { label: 'Đạt', minPercent: 50 },
        { label: 'Chưa đạt', minPercent: 0 },
      ],
      ranking: { ties: 'competition', scope: 'unitGroup' },
    };
    const document = await documentOf(await handmade());
    expect(JSON.stringify(document)).toBe(JSON.stringify(expected));
  });

  it('locates the JSON paths of the hand-made layout (extra column, blank rows)', async () => {
    const result = await readIndexSetXlsx(await handmade());
    if (!result.ok) {
      throw new Error('expected ok');
    }
    expect(result.locate('nodes[1].children[0].method')).toBe('Cây chỉ số!F9');
    expect(result.locate('unitGroups[1].code')).toBe('Khối đơn vị!A4');
    expect(result.locate('legalBasis.title')).toBe('Thông tin!A1');
    expect(result.locate('year')).toBe('Thông tin!B4');
  });
});

describe('locate', () => {
  it('maps JSON paths of nodes, leaves, fields and parameters to cells', async () => {
    const result = await readIndexSetXlsx(await writeIndexSetXlsx(demoDoc));
    if (!result.ok) {
      throw new Error('expected ok');
    }
    const { locate } = result;
    // Rows: 2 = "1", 3 = "1.1", 4 = "1.1.1", 5 = "1.1.2", 6 = "1.2" … 15 = "3".
    expect(locate('nodes[0].name')).toBe('Cây chỉ số!C2');
    expect(locate('nodes[0].children[0].children[1].maxPoints')).toBe('Cây chỉ số!E5');
    expect(locate('nodes[0].children[0].children[1].method')).toBe('Cây chỉ số!F5');
    expect(locate('nodes[0].children[0].children[1].method.type')).toBe('Cây chỉ số!F5');
    expect(locate('nodes[0].children[0].children[1].method.tiers[2].points')).toBe('Cây chỉ số!G5');
    expect(locate('nodes[0].children[1]')).toBe('Cây chỉ số!B6');
    expect(locate('nodes[0].children[1].method.latePointsPerItem')).toBe('Cây chỉ số!G6');
    expect(locate('nodes[0].children[0].children[0].evidenceRequired')).toBe('Cây chỉ số!K4');
    expect(locate('nodes[0].children[0].children[0].guidance')).toBe('Cây chỉ số!I4');
    expect(locate('nodes[0].children[0].children[0].evidence')).toBe('Cây chỉ số!J4');
    expect(locate('nodes[2].applicableTo[0]')).toBe('Cây chỉ số!H15');
    expect(locate('nodes[2].children')).toBe('Cây chỉ số!B15');
    expect(locate('nodes[2].maxPoints')).toBe('Cây chỉ số!E15');
    expect(locate('nodes')).toBe('Cây chỉ số!A1');
    // Other spellings of the same path.
    expect(locate('/nodes/0/children/0/children/1/maxPoints')).toBe('Cây chỉ số!E5');
    expect(locate('$.nodes[0].name')).toBe('Cây chỉ số!C2');
    expect(locate('nodes.0.children.0.code')).toBe('Cây chỉ số!B3');
    // Other sheets.
    expect(locate('formatVersion')).toBe('Thông tin!B2');
    expect(locate('code')).toBe('Thông tin!B3');
    expect(locate('legalBasis.date')).toBe('Thông tin!B7');
    expect(locate('legalBasis')).toBe('Thông tin!B6');
    expect(locate('ranking.scope')).toBe('Thông tin!B10');
    expect(locate('unitGroups[1].name')).toBe('Khối đơn vị!B3');
    expect(locate('unitGroups')).toBe('Khối đơn vị!A1');
    expect(locate('adjustments.bonus.maxPoints')).toBe('Điểm thưởng, trừ!D2');
    expect(locate('adjustments.penalty.items[0].method.pointsPerItem')).toBe('Điểm thưởng, trừ!F6');
    expect(locate('adjustments.penalty.items[1].name')).toBe('Điểm thưởng, trừ!C7');
    expect(locate('classification[0].minEachFieldPercent')).toBe('Xếp loại!C2');
    expect(locate('classification[4].label')).toBe('Xếp loại!A6');
    // Nothing to point at.
    expect(locate('')).toBeUndefined();
    expect(locate('somethingElse')).toBeUndefined();
  });
});

describe('rejected workbooks', () => {
  it('reports a formula cell', async () => {
    const data = await demoEdited((wb) => {
      sheet(wb, 'Cây chỉ số').getCell('E4').value = { formula: '1+0.5', result: 1.5 };
    });
    expect(await errorsOf(data)).toEqual([
      { path: 'Cây chỉ số!E4', message: 'Ô có công thức; hãy dán giá trị.' },
    ]);
  });

  it('reports a merged range', async () => {
    const data = await demoEdited((wb) => {
      sheet(wb, 'Cây chỉ số').mergeCells('C4:C5');
    });
    expect(await errorsOf(data)).toEqual([
      {
        path: 'Cây chỉ số!C4:C5',
        message: 'Vùng ô C4:C5 bị gộp (merge); hãy bỏ gộp ô và ghi giá trị vào từng ô.',
      },
    ]);
  });

  it('reports a bad number at its cell', async () => {
    const data = await demoEdited((wb) => {
      sheet(wb, 'Cây chỉ số').getCell('E12').value = '1.234,5';
    });
    expect(await errorsOf(data)).toEqual([
      { path: 'Cây chỉ số!E12', message: '“1.234,5” không phải là số (ví dụ hợp lệ: 1,5 hoặc 1.5).' },
    ]);
  });

  it('reports a missing required column', async () => {
    const data = await demoEdited((wb) => {
      sheet(wb, 'Cây chỉ số').getCell('D1').value = 'Kiểu';
    });
    expect(await errorsOf(data)).toEqual([{ path: 'Cây chỉ số!1:1', message: 'Thiếu cột “Loại”.' }]);
  });

  it('lists every problem at once', async () => {
    const data = await demoEdited((wb) => {
      sheet(wb, 'Thông tin').getCell('B7').value = '31/02/2024';
      const tree = sheet(wb, 'Cây chỉ số');
      tree.getCell('E4').value = { formula: '1+0.5', result: 1.5 };
      tree.getCell('E5').value = 'ba';
      tree.getCell('F6').value = 'Chấm kiểu mới';
      tree.getCell('A7').value = 5;
      tree.getCell('G8').value = 'Điểm mỗi lần: 1; Điểm thưởng: 2';
      tree.getCell('K9').value = 'Chắc chắn';
      sheet(wb, 'Điểm thưởng, trừ').getCell('A3').value = 'Thưởng thêm';
      wb.removeWorksheet(sheet(wb, 'Xếp loại').id);
    });
    const errors = await errorsOf(data);
    expect(errors.map((e) => e.path)).toEqual([
      'Xếp loại',
      'Thông tin!B7',
      'Cây chỉ số!E4',
      'Cây chỉ số!E5',
      'Cây chỉ số!F6',
      'Cây chỉ số!A7',
      'Cây chỉ số!G8',
      'Cây chỉ số!K9',
      'Điểm thưởng, trừ!A3',
    ]);
    expect(errors[0]?.message).toBe('Thiếu trang tính “Xếp loại”.');
    expect(errors[1]?.message).toBe('Ngày “31/02/2024” không hợp lệ; ghi dạng dd/mm/yyyy, ví dụ 12/12/2023.');
    expect(errors[4]?.message).toMatch(/^Không rõ phương pháp chấm “Chấm kiểu mới”/);
    expect(errors[5]?.message).toMatch(/^Cấp 5 không có mục cha/);
    expect(errors[6]?.message).toMatch(/^Không rõ tham số “Điểm thưởng” của phương pháp “Đếm số lượng”/);
    expect(errors[7]?.message).toBe('“Chắc chắn”: ghi “Có” hoặc “Không”, hoặc để trống.');
    expect(errors[8]?.message).toMatch(/^Không rõ loại “Thưởng thêm”/);
  });

  it('reports a tree whose levels do not nest', async () => {
    const data = await demoEdited((wb) => {
      const tree = sheet(wb, 'Cây chỉ số');
      tree.getCell('A2').value = 2; // first row not a field
      tree.getCell('A5').value = 4; // under the leaf 1.1.1 (row 4)
      tree.getCell('D10').value = 'Tiêu chí'; // field "2" as a leaf
    });
    const errors = await errorsOf(data);
    expect(errors.map((e) => e.path)).toEqual(['Cây chỉ số!A2', 'Cây chỉ số!A5', 'Cây chỉ số!D10']);
    expect(errors[1]?.message).toMatch(/^Dòng này nằm dưới tiêu chí “1\.1\.1” \(dòng 4\)/);
    expect(errors[2]?.message).toBe('Dòng cấp 1 là lĩnh vực nên Loại phải là “Nhóm”.');
  });

  it('reports a missing required sheet and ignores unknown ones', async () => {
    const data = await demoEdited((wb) => {
      wb.removeWorksheet(sheet(wb, 'Khối đơn vị').id);
      wb.addWorksheet('Ghi chú').getCell('A1').value = { formula: 'NOW()' };
    });
    expect(await errorsOf(data)).toEqual([
      { path: 'Khối đơn vị', message: 'Thiếu trang tính “Khối đơn vị”.' },
    ]);
  });
});

describe('a very wrong workbook', () => {
  it(`stops listing after ${MAX_REPORTED_ERRORS} problems and says how many more there are`, async () => {
    const wb = new ExcelJS.Workbook();
    const tree = wb.addWorksheet('Cây chỉ số');
    tree.addRow(['Cấp', 'Mã', 'Tên', 'Loại', 'Điểm tối đa', 'Phương pháp chấm', 'Tham số']);
    for (let i = 0; i < MAX_REPORTED_ERRORS + 50; i += 1) {
      tree.addRow([1, `F${i}`, 'Lĩnh vực', 'Nhóm', 'nhiều']);
    }
    const errors = await errorsOf(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    // Three missing sheets, then one error per row.
    expect(errors.at(-1)).toEqual({
      path: '',
      message: 'Còn 53 lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi tải lại.',
    });
  });
});

describe('rejected files', () => {
  const file = (message: string) => [{ path: '', message }];

  it('rejects a text file renamed .xlsx', async () => {
    expect(await errorsOf(Buffer.from('Mã,Tên\n1,Công tác chỉ đạo\n'))).toEqual(
      file(XLSX_FILE_MESSAGES.notXlsx),
    );
  });

  it('rejects a ZIP that is not a workbook', async () => {
    const data = zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    expect(await errorsOf(data)).toEqual(file(XLSX_FILE_MESSAGES.notXlsx));
  });

  it('rejects a legacy .xls or password-protected file', async () => {
    const ole = Buffer.alloc(512);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    expect(await errorsOf(ole)).toEqual(file(XLSX_FILE_MESSAGES.legacyOrEncrypted));
  });

  it('rejects a file above the upload limit', async () => {
    expect(await errorsOf(Buffer.alloc(MAX_XLSX_FILE_BYTES + 1))).toEqual(file(XLSX_FILE_MESSAGES.tooLarge));
  });

  it('rejects a broken workbook part', async () => {
    const data = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet') }]);
    expect(await errorsOf(data)).toEqual(file(XLSX_FILE_MESSAGES.corrupt));
  });

  it('rejects a ZIP bomb by compression ratio, without inflating it', async () => {
    const size = MAX_XLSX_UNCOMPRESSED_BYTES + 5 * 1024 * 1024; // ~25 MB of zeros → ~25 KB
    const zeros = deflateRawSync(Buffer.alloc(size));
    const data = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), deflated: { bytes: zeros, size } },
    ]);
    expect(data.length).toBeLessThan(100_000);
    expect(await errorsOf(data)).toEqual(file(XLSX_FILE_MESSAGES.ratio('xl/worksheets/sheet1.xml')));
  });

  it('rejects a ZIP bomb by total size, even when each part is small', async () => {
    const zeros = deflateRawSync(Buffer.alloc(XLSX_RATIO_CHECK_MIN_BYTES));
    const count = Math.ceil(MAX_XLSX_UNCOMPRESSED_BYTES / XLSX_RATIO_CHECK_MIN_BYTES) + 1;
    const parts: ZipPart[] = [{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }];
    for (let i = 0; i < count; i += 1) {
      parts.push({
        name: `xl/media/image${i}.png`,
        data: Buffer.alloc(0),
        deflated: { bytes: zeros, size: XLSX_RATIO_CHECK_MIN_BYTES },
      });
    }
    expect(await errorsOf(zip(parts))).toEqual(file(XLSX_FILE_MESSAGES.tooBigUncompressed));
  });

  it('rejects a part that inflates to more than it declares', async () => {
    const size = 5 * 1024 * 1024;
    const data = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      {
        name: 'xl/worksheets/sheet1.xml',
        data: Buffer.alloc(0),
        deflated: { bytes: deflateRawSync(Buffer.alloc(size)), size },
        declaredSize: 100,
      },
    ]);
    expect(await errorsOf(data)).toEqual(file(XLSX_FILE_MESSAGES.sizeMismatch));
  });

  it('rejects too many parts', async () => {
    const parts: ZipPart[] = [{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }];
    for (let i = 0; i < MAX_XLSX_ENTRIES; i += 1) {
      parts.push({ name: `xl/part${i}.xml`, data: Buffer.from('<x/>') });
    }
    expect(await errorsOf(zip(parts))).toEqual(file(XLSX_FILE_MESSAGES.tooManyEntries));
  });
});

describe('small files that ExcelJS alone would expand cell by cell', () => {
  it('reports a merge over the whole sheet instead of allocating it', async () => {
    const data = await demoWithXml((name, xml) =>
      name === 'xl/worksheets/sheet5.xml'
        ? xml.replace(
            '</sheetData>',
            '</sheetData><mergeCells count="1"><mergeCell ref="A8:XFD1048576"/></mergeCells>',
          )
        : xml,
    );
    expect(await errorsOf(data)).toEqual([
      {
        path: 'Xếp loại!A8:XFD1048576',
        message: 'Vùng ô A8:XFD1048576 bị gộp (merge); hãy bỏ gộp ô và ghi giá trị vào từng ô.',
      },
    ]);
  });

  it('ignores defined names and data validations over whole columns', async () => {
    let edits = 0;
    const data = await demoWithXml((name, xml) => {
      if (name === 'xl/workbook.xml') {
        edits += 1;
        return xml.replace(
          '</sheets>',
          `</sheets><definedNames><definedName name="All">'Cây chỉ số'!$A$1:$XFD$1048576</definedName></definedNames>`,
        );
      }
      if (name === 'xl/worksheets/sheet2.xml') {
        edits += 1;
        return xml.replace(
          /<dataValidations[\s\S]*<\/dataValidations>/,
          '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>',
        );
      }
      return xml;
    });
    expect(edits).toBe(2);
    expect(await documentOf(data)).toEqual(demo);
  });
});

describe("sheets beyond Excel's own size (ExcelJS would allocate by the declared numbers)", () => {
  const TREE = 'xl/worksheets/sheet3.xml'; // "Cây chỉ số"
  const BANDS = 'xl/worksheets/sheet5.xml'; // "Xếp loại"
  const HELP = 'xl/worksheets/sheet6.xml'; // "Hướng dẫn" (ignored on import, still loaded)

  const withSheetXml = (edits: Record<string, (xml: string) => string>) =>
    demoWithXml((name, xml) => edits[name]?.(xml) ?? xml);
  const addRow = (row: string) => (xml: string) => xml.replace('</sheetData>', `${row}</sheetData>`);
  const wideColumns = (max: string) => (xml: string) =>
    xml.replace(
      /<cols>[\s\S]*?<\/cols>/,
      `<cols><col min="1" max="${max}" width="12" customWidth="1"/></cols>`,
    );

  /** Rejected with exactly `errors`, and fast: nothing was allocated or walked by those numbers. */
  async function expectRejectedQuickly(data: Buffer, errors: { path: string; message: string }[]) {
    const started = performance.now();
    const result = await readIndexSetXlsx(data);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.ok ? [] : result.errors).toEqual(errors);
  }

  it('rejects <col max="60000000"> (the server ran out of memory)', async () => {
    const data = await withSheetXml({ [TREE]: wideColumns('60000000') });
    await expectRejectedQuickly(data, [
      { path: 'Cây chỉ số', message: outOfSheetMessage('Cây chỉ số', 'cột 60.000.000') },
    ]);
    expect(outOfSheetMessage('Cây chỉ số', 'cột 60.000.000')).toBe(
      'Trang tính “Cây chỉ số” bị từ chối: có cột 60.000.000, vượt quá giới hạn của Excel (16.384 cột, đến cột XFD, và 1.048.576 dòng). Tệp không do Excel lưu hoặc đã bị sửa ngoài Excel; hãy mở bằng Excel và lưu lại.',
    );
  });

  // Found by the fuzzing tests (index-set-xlsx.property.test.ts): ExcelJS indexes its worksheets
  // by sheetId, and this one blocked the event loop for over five minutes.
  it('rejects a sheetId of 1 431 185 551, or a worksheet part numbered past 10 000', async () => {
    const message =
      'Tệp bị từ chối: có trang tính mang số hiệu quá lớn (sheetId hoặc tên phần sheetN.xml lớn hơn 10.000). Tệp không do Excel lưu hoặc đã bị sửa ngoài Excel; hãy mở bằng Excel và lưu lại.';
    const hugeId = await demoWithXml((name, xml) =>
      name === 'xl/workbook.xml' ? xml.replace('sheetId="2"', 'sheetId="1431185551"') : xml,
    );
    expect(message).toBe(XLSX_FILE_MESSAGES.sheetNumber);
    await expectRejectedQuickly(hugeId, [{ path: '', message }]);
    const parts = [...(await unzip(await writeIndexSetXlsx(demoDoc)))].map(([name, data]) => ({
      name: name === BANDS ? 'xl/worksheets/sheet99999.xml' : name,
      data,
    }));
    await expectRejectedQuickly(zip(parts), [{ path: '', message }]);
  });

  it('rejects a row numbered 2 000 000 000 (minutes of blocked event loop)', async () => {
    const data = await withSheetXml({
      [BANDS]: addRow('<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>'),
    });
    await expectRejectedQuickly(data, [
      { path: 'Xếp loại', message: outOfSheetMessage('Xếp loại', 'dòng 2.000.000.000') },
    ]);
  });

  it('rejects a cell reference beyond the last row or column, in any sheet', async () => {
    const data = await withSheetXml({
      [BANDS]: addRow('<row r="20"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>'),
      [HELP]: addRow('<row r="90"><c r="XFE90" t="inlineStr"><is><t>x</t></is></c></row>'),
    });
    await expectRejectedQuickly(data, [
      { path: 'Xếp loại', message: outOfSheetMessage('Xếp loại', 'ô A2000000000') },
      { path: 'Hướng dẫn', message: outOfSheetMessage('Hướng dẫn', 'ô XFE90') },
    ]);
  });

  it('sees through character references and ">" inside attribute values', async () => {
    const data = await withSheetXml({
      [TREE]: wideColumns('&#54;0000000'),
      [BANDS]: addRow('<row x=">" r=\'2000000000\'><c r="A1"/></row>'),
    });
    await expectRejectedQuickly(data, [
      { path: 'Cây chỉ số', message: outOfSheetMessage('Cây chỉ số', 'cột 60.000.000') },
      { path: 'Xếp loại', message: outOfSheetMessage('Xếp loại', 'dòng 2.000.000.000') },
    ]);
  });

  it("checks ExcelJS's parsed model too, before it allocates (the second line of defence)", async () => {
    // readWorkbook alone, without the raw-XML scan of the container check.
    const started = performance.now();
    const wide = await readWorkbook(await withSheetXml({ [TREE]: wideColumns('60000000') }));
    const tall = await readWorkbook(
      await withSheetXml({ [BANDS]: addRow('<row r="2000000000"><c r="B2000000000"><v>1</v></c></row>') }),
    );
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(wide).toEqual({
      ok: false,
      errors: [{ path: 'Cây chỉ số', message: outOfSheetMessage('Cây chỉ số', 'cột 60.000.000') }],
    });
    expect(tall).toEqual({
      ok: false,
      errors: [{ path: 'Xếp loại', message: outOfSheetMessage('Xếp loại', 'dòng 2.000.000.000') }],
    });
  });

  it('accepts the last column and the last row of Excel', async () => {
    const data = await withSheetXml({
      [HELP]: (xml) => {
        const last = `<col min="${EXCEL_MAX_COLUMNS}" max="${EXCEL_MAX_COLUMNS}" width="5" customWidth="1"/>`;
        expect(xml).toContain('</cols>');
        return addRow(
          `<row r="${EXCEL_MAX_ROWS}"><c r="XFD${EXCEL_MAX_ROWS}" t="inlineStr"><is><t>cuối</t></is></c></row>`,
        )(xml.replace('</cols>', `${last}</cols>`));
      },
    });
    expect(await documentOf(data)).toEqual(demo);
  });
});

describe('long texts', () => {
  it('reports a cell longer than Excel allows, once, at the cell', async () => {
    const data = await demoEdited((wb) => {
      sheet(wb, 'Cây chỉ số').getCell('I4').value = 'x'.repeat(40_000);
    });
    expect(await errorsOf(data)).toEqual([
      {
        path: 'Cây chỉ số!I4',
        message: 'Ô có 40.000 ký tự, vượt quá giới hạn 32.767 ký tự của một ô Excel; hãy rút gọn nội dung.',
      },
    ]);
  });

  it('reads one long shared text used in thousands of cells quickly; the validator refuses it', async () => {
    // A few KB of .xlsx: ExcelJS writes the text once in sharedStrings.xml, every cell points to it.
    const text = 'Hướng dẫn chấm điểm chi tiết. '.normalize('NFD').repeat(700); // 20 999 characters (NFC, trimmed)
    const rows = 3_000;
    const data = await demoEdited((wb) => {
      const tree = sheet(wb, 'Cây chỉ số');
      for (let i = 0; i < rows; i++) {
        tree.addRow([2, `X.${i}`, `Tiêu chí ${i}`, 'Tiêu chí', 1, 'Đạt/Không đạt', null, null, text, text]);
      }
    });
    expect(data.length).toBeLessThan(200_000);
    const started = performance.now();
    const read = await readIndexSetXlsx(data);
    if (!read.ok) {
      throw new Error(JSON.stringify(read.errors.slice(0, 3)));
    }
    const parsed = parseIndexSet(read.document);
    // About 1 s (mostly ExcelJS); cleaning the text again at every read of every cell took 6 s.
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors[0]).toEqual({
      path: 'nodes[7].children[7].guidance',
      message: 'Hướng dẫn chấm dài quá 10.000 ký tự (đang có 20.999 ký tự).',
    });
    expect(read.locate(errors[0]?.path ?? '')).toBe('Cây chỉ số!I43');
    expect(errors.at(-1)?.message).toMatch(/^Còn \d+ lỗi khác chưa liệt kê/);
  });
});
