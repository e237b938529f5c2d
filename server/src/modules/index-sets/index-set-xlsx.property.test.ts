import demoJson from '@cchc/domain/data/demo-index-set.json' with { type: 'json' };
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { FUZZ_SEED } from '@cchc/domain/testing/fuzz-seed';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteEditsArbitrary, editBytes, importOutcome } from '../../testing/index-set-import';
import { writeIndexSetXlsx } from './xlsx/index-set-xlsx';
import { SHEETS } from './xlsx/template';
import { unzip, zip } from './xlsx/test-workbooks';

// A fixed seed: CI must give the same verdict on the same code. The seeds that found the bugs
// below were random ones; to explore new inputs, change FUZZ_SEED locally (docs/fuzzing.md).
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FUZZ_SEED });

/**
 * Property-based fuzzing of the Excel side of the index-set import (zip-guard, ExcelJS loading,
 * the sheet readers, then parseIndexSet): the demo set exported with the real exporter, then
 * changed the way people (cells typed over, rows deleted, sheets renamed or removed, formulas,
 * merges) and broken tools (XML edited, bytes flipped, file truncated) change it. The import must
 * always end in a documented outcome (testing/index-set-import.ts), never an exception or a hang.
 * The round trip of random valid sets is in index-set-xlsx-roundtrip.property.test.ts.
 * docs/fuzzing.md says how to run one property and replay a failure.
 */

const demo = demoJson as unknown as IndexSetDocument;
const demoXlsx = await writeIndexSetXlsx(demo);
const demoParts = await unzip(demoXlsx);

/** Per run: an import that does not settle (a ZIP stream that never ends…) fails the property. */
const RUN_TIMEOUT_MS = 15_000;

const TEMPLATE_SHEETS = Object.values(SHEETS).map((s) => s.name);

/** An error location of an Excel import: the whole file (''), a sheet, or `Sheet!Cell`. */
function expectExcelLocation(path: string, sheetNames: readonly string[]): void {
  const known = [...TEMPLATE_SHEETS, ...sheetNames].map((n) => n.normalize('NFC'));
  const ok = path === '' || known.some((name) => path === name || path.startsWith(`${name}!`));
  expect(ok, `"${path}" is not a sheet or cell of the workbook`).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// What people type into cells.

type CellValue = ExcelJS.CellValue;

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<CellValue>(
      null,
      '',
      ' ',
      'Nhóm',
      'Tiêu chí',
      'Có',
      'Không',
      'Điểm thưởng',
      'Điểm trừ',
      '1',
      '2',
      '3',
      '0',
      '-1',
      '1,5',
      '1.5',
      '1.234,5',
      '1e400',
      '12/12/2023',
      '31/02/2023',
      '=SUM(A1:A3)',
      'BOOLEAN',
      'Tỷ lệ thuận',
      'Chọn mức',
      'Khảo sát',
      'Đúng hạn: 1,5; Chậm: abc',
      'Đúng hạn: 1,5; Đúng hạn: 1',
      '"Đầy đủ; đúng hạn": 2; Chưa đầy đủ: 1',
      '"không đóng: 2',
      '≥120%: 3; ≥-5%: 1',
      'Đạt: 2, Không đạt: 1',
      ':',
      ';;;',
      'THAM_MUU, KHONG_CO',
      'tham muu;;NGHIEP_VU',
      'Cạnh tranh',
      'Theo khối',
      'x'.repeat(40_000),
      0,
      -0.5,
      1.005,
      1e21,
      Number.MAX_SAFE_INTEGER,
      45272,
      true,
      false,
      new Date(Date.UTC(2023, 11, 12)),
      new Date(Date.UTC(1899, 11, 31)),
      { formula: 'A1+1', result: 3 },
      { formula: 'A1', result: { error: '#REF!' } },
      { error: '#N/A' },
      { richText: [{ text: 'Tiêu ' }, { text: 'chí' }] },
      { text: 'Nhóm', hyperlink: 'https://example.invalid' },
    ),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
);

const EDIT_KINDS = [
  'set',
  'set',
  'set',
  'set',
  'clear',
  'deleteRows',
  'insertRow',
  'renameSheet',
  'removeSheet',
  'merge',
  'percentFormat',
] as const;

interface CellEdit {
  kind: (typeof EDIT_KINDS)[number];
  sheet: number;
  row: number;
  col: number;
  count: number;
  value: CellValue;
}

const cellEditArb: fc.Arbitrary<CellEdit> = fc.record({
  kind: fc.constantFrom(...EDIT_KINDS),
  sheet: fc.nat(),
  row: fc.nat(),
  col: fc.nat(),
  count: fc.nat({ max: 5 }),
  value: cellValue,
});

/** Names a person might give a sheet (the reader matches names without case or diacritics). */
const SHEET_NAMES = [
  'Thong tin',
  'CÂY CHỈ SỐ',
  'Chỉ số',
  'Khối',
  'Sheet1',
  'Xếp loại',
  'Điểm thưởng trừ',
  'Ghi chú',
];

/** Applies one edit; an edit ExcelJS itself refuses (a duplicate sheet name…) is skipped. */
function applyEdit(wb: ExcelJS.Workbook, e: CellEdit): void {
  const sheets = wb.worksheets;
  if (sheets.length === 0) {
    return;
  }
  const ws = sheets[e.sheet % sheets.length] as ExcelJS.Worksheet;
  // Rows and columns of the data, plus a few past its end.
  const row = 1 + (e.row % (ws.rowCount + 3));
  const col = 1 + (e.col % (Math.max(ws.columnCount, 3) + 2));
  try {
    switch (e.kind) {
      case 'set':
        ws.getCell(row, col).value = e.value;
        break;
      case 'clear':
        ws.getCell(row, col).value = null;
        break;
      case 'deleteRows':
        ws.spliceRows(row, 1 + e.count);
        break;
      case 'insertRow':
        ws.insertRow(row, [e.value, e.value]);
        break;
      case 'renameSheet':
        ws.name = SHEET_NAMES[e.count % SHEET_NAMES.length] as string;
        break;
      case 'removeSheet':
        wb.removeWorksheet(ws.id);
        break;
      case 'merge':
        ws.mergeCells(row, col, row + (e.count % 3), col + 1);
        break;
      case 'percentFormat':
        ws.getCell(row, col).numFmt = '0%';
        break;
    }
  } catch {
    // ExcelJS refuses some edits (overlapping merges, duplicate names): not what is tested here.
  }
}

// ---------------------------------------------------------------------------------------------
// What broken tools do to the XML parts.

/** XML that a hand-edited or hostile workbook may contain. */
const XML_SNIPPETS = [
  '<c r="XFD1048576"><v>1</v></c>',
  '<c r="A1048577"><v>1</v></c>',
  '<row r="99999999"><c r="A99999999"><v>1</v></c></row>',
  '<mergeCell ref="A1:XFD1048576"/>',
  '<c r="B2" t="s"><v>999999</v></c>',
  '<c r="B2" t="s"><v>-1</v></c>',
  '<c r="C3" t="e"><v>#DIV/0!</v></c>',
  '<c r="C3" t="b"><v>7</v></c>',
  '<c r="C3" t="d"><v>not a date</v></c>',
  '<c r="C3"><f>SUM(A:A)</f><v>3</v></c>',
  '<c r="C3" t="inlineStr"><is><t>Nhóm</t></is></c>',
  '<v>NaN</v>',
  '<v>1e999</v>',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#xD800;',
  '&undefined;',
  '<![CDATA[x]]>',
  '<!-- comment -->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '&b;',
  '<sheet name="Cây chỉ số" sheetId="9" r:id="rId99"/>',
  '<definedName name="x">\'Cây chỉ số\'!$A:$XFD</definedName>',
  '<col min="1" max="16385" width="9"/>',
  '<dimension ref="A1:XFD1048576"/>',
  '</row>',
  '</sheetData>',
  '<',
  '>',
  '"',
];

interface XmlEdit {
  part: number;
  kind: 'truncate' | 'cut' | 'insert' | 'digits' | 'dropElement';
  at: number;
  length: number;
  snippet: number;
}

const xmlEditArb: fc.Arbitrary<XmlEdit> = fc.record({
  part: fc.nat(),
  kind: fc.constantFrom('truncate', 'cut', 'insert', 'insert', 'digits', 'dropElement'),
  at: fc.nat(),
  length: fc.nat({ max: 200 }),
  snippet: fc.nat(),
});

/** The parts worth editing: sheets, shared strings, the workbook, its relations, content types. */
const EDITABLE_PARTS = [...demoParts.keys()].filter((name) => /\.(xml|rels)$/.test(name));

function editXml(xml: string, e: XmlEdit): string {
  const at = xml.length === 0 ? 0 : e.at % xml.length;
  switch (e.kind) {
    case 'truncate':
      return xml.slice(0, at);
    case 'cut':
      return xml.slice(0, at) + xml.slice(at + e.length);
    case 'insert': {
      // Inserted right before a tag, so that the snippet lands between elements.
      const before = xml.indexOf('<', at);
      const where = before < 0 ? at : before;
      return (
        xml.slice(0, where) + (XML_SNIPPETS[e.snippet % XML_SNIPPETS.length] as string) + xml.slice(where)
      );
    }
    case 'digits':
      // Numbers in attributes and values (r="B12", <v>3</v>, sheetId) changed, with room to grow.
      return xml.slice(0, at) + xml.slice(at).replace(/\d+/, String(e.length * 7919 + e.snippet));
    case 'dropElement': {
      const start = xml.indexOf('<', at);
      const end = start < 0 ? -1 : xml.indexOf('>', start);
      return start < 0 || end < 0 ? xml : xml.slice(0, start) + xml.slice(end + 1);
    }
  }
}

function editedWorkbook(edits: readonly XmlEdit[]): Buffer {
  const parts = new Map(demoParts);
  for (const e of edits) {
    const name = EDITABLE_PARTS[e.part % EDITABLE_PARTS.length] as string;
    parts.set(name, Buffer.from(editXml((parts.get(name) as Buffer).toString('utf8'), e)));
  }
  return zip([...parts].map(([name, data]) => ({ name, data })));
}

// ---------------------------------------------------------------------------------------------

// ExcelJS takes 0.1–0.3 s per load or write on a 2-core machine: run counts are kept small so
// that this file stays under about 20 s.
describe('index-set XLSX import properties (fast-check)', { timeout: 120_000 }, () => {
  it('the exported demo workbook imports as the demo set (the base the mutations start from)', async () => {
    const outcome = await importOutcome(demoXlsx);
    expect(outcome).toEqual({ ok: true, document: demo });
  });

  it('cells typed over, rows deleted or inserted, sheets renamed or removed, merges: a documented outcome, located on a sheet or cell', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cellEditArb, { minLength: 1, maxLength: 6 }), async (edits) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(demoXlsx as unknown as ExcelJS.Buffer);
        for (const e of edits) {
          applyEdit(wb, e);
        }
        const names = wb.worksheets.map((ws) => ws.name);
        const data = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
        const outcome = await importOutcome(data);
        if (!outcome.ok && outcome.code === 'INDEX_SET_INVALID') {
          for (const error of outcome.errors) {
            expectExcelLocation(error.path, names);
          }
        }
      }),
      { numRuns: 30, timeout: RUN_TIMEOUT_MS },
    );
  });

  it('XML parts edited (truncated, elements dropped, hostile snippets, numbers changed): a documented outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(xmlEditArb, { minLength: 1, maxLength: 3 }), async (edits) => {
        await importOutcome(editedWorkbook(edits));
      }),
      { numRuns: 60, timeout: RUN_TIMEOUT_MS },
    );
  });

  it('bytes of the file flipped, overwritten, inserted, cut or truncated: a documented outcome', async () => {
    await fc.assert(
      fc.asyncProperty(byteEditsArbitrary, async (edits) => {
        // A valid set is a documented outcome too: the ZIP reader does not check CRC-32, so a
        // byte changed inside a part can turn "tỷ lệ" into another text that still validates
        // (seen in a random run). importOutcome checks that any set it returns re-validates.
        await importOutcome(editBytes(demoXlsx, edits));
      }),
      { numRuns: 80, timeout: RUN_TIMEOUT_MS },
    );
  });
});
