import { describe, expect, it } from 'vitest';
import { SheetBoundsScanner, sheetNamesByPart } from './sheet-bounds';

/** Feeds `xml` in chunks of `size` bytes, as a ZIP stream would. */
function scan(xml: string, size: number): string | undefined {
  const scanner = new SheetBoundsScanner();
  const bytes = Buffer.from(xml, 'utf8');
  for (let at = 0; at < bytes.length; at += size) {
    scanner.push(bytes.subarray(at, at + size));
  }
  scanner.end();
  return scanner.found;
}

const sheet = (body: string) =>
  `<?xml version="1.0"?><worksheet><cols><col min="1" max="3" width="9"/></cols><sheetData>${body}</sheetData></worksheet>`;

describe('SheetBoundsScanner', () => {
  const cases: [string, string, string | undefined][] = [
    ['a normal sheet', sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1"/></row>'), undefined],
    ['the last row', sheet('<row r="1048576"><c r="A1048576"/></row>'), undefined],
    [
      'Vietnamese text',
      sheet('<row r="2"><c r="B2" t="inlineStr"><is><t>Cây chỉ số &lt;r="9999999"&gt;</t></is></c></row>'),
      undefined,
    ],
    ['a wide col', '<cols><col min="1" max="60000000"/></cols>', 'cột 60.000.000'],
    ['a col with a huge min', '<cols><col max="2" min="16385"/></cols>', 'cột 16.385'],
    ['a tall row', sheet('<row r="1048577"/>'), 'dòng 1.048.577'],
    ['an absurd row number', sheet(`<row r="${'9'.repeat(400)}"/>`), `dòng ${'9'.repeat(20)}…`],
    ['a cell past the last row', sheet('<row r="3"><c r="A2000000000"/></row>'), 'ô A2000000000'],
    ['a cell past XFD', sheet('<row r="3"><c r="XFE3"/></row>'), 'ô XFE3'],
    ['a cell with many letters', sheet('<row r="3"><c r="ZZZZZZZZZZZZ3"/></row>'), 'ô ZZZZZZZZZZZZ3'],
    ['hex character references', sheet('<row r="&#x32;000000000"/>'), 'dòng 2.000.000.000'],
    ['single quotes and a ">" in a value', sheet(`<row a='>' r='2000000000'/>`), 'dòng 2.000.000.000'],
  ];

  it.each(cases)('%s, whatever the chunk size', (_what, xml, expected) => {
    for (const size of [1, 2, 3, 7, 64, 65_536]) {
      expect(scan(xml, size), `chunks of ${size}`).toBe(expected);
    }
  });

  it('ignores prefixed elements and other attributes (ExcelJS does not read them)', () => {
    expect(scan('<x:row r="2000000000"/><cols><col min="1" max="2" width="60000000"/></cols>', 5)).toBe(
      undefined,
    );
  });

  it('scans each byte once: a 20 MB part of text without "<" is quick', () => {
    const started = performance.now();
    expect(
      scan(
        sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'x'.repeat(20_000_000)}</t></is></c></row>`),
        65_536,
      ),
    ).toBe(undefined);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});

describe('sheetNamesByPart', () => {
  it('names the parts as the workbook does (relative or absolute targets, any prefix on r:id)', () => {
    const workbook =
      '<workbook><sheets><sheet name="Th&#244;ng tin" sheetId="1" r:id="rId4"/><sheet name="Cây chỉ số" sheetId="2" ns1:id="rId5"/></sheets></workbook>';
    const rels =
      '<Relationships><Relationship Id="rId4" Target="worksheets/sheet1.xml"/><Relationship Target="/xl/worksheets/sheet7.xml" Id="rId5"/></Relationships>';
    expect([...sheetNamesByPart(workbook, rels)]).toEqual([
      ['xl/worksheets/sheet1.xml', 'Thông tin'],
      ['xl/worksheets/sheet7.xml', 'Cây chỉ số'.normalize('NFC')],
    ]);
  });
});
