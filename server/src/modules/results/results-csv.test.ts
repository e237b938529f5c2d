import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, decimal2 } from './results-csv';

describe('results CSV', () => {
  it('quotes separators and quotes, keeps numbers (negative too) as numbers, defuses formulas', () => {
    expect(csvCell('Vụ Pháp chế')).toBe('Vụ Pháp chế');
    expect(csvCell('Cục I, khu vực 1')).toBe('"Cục I, khu vực 1"');
    expect(csvCell('Ban "A"')).toBe('"Ban ""A"""');
    expect(csvCell(decimal2(-300))).toBe('-3.00');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(null)).toBe('');
  });
  it('writes two decimals with a dot, a BOM and CRLF', () => {
    expect([decimal2(8750), decimal2(5), decimal2(-1), decimal2(null)]).toEqual([
      '87.50',
      '0.05',
      '-0.01',
      null,
    ]);
    expect(csvDocument(['Hạng', 'Đơn vị'], [[1, 'Vụ I']])).toBe('\uFEFFHạng,Đơn vị\r\n1,Vụ I\r\n');
  });
});
