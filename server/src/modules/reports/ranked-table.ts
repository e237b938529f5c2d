import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import { AlignmentType, cell, row, table } from '../../platform/documents/admin-document';
import type { Cell, Row, TableBlock } from '../../platform/documents/model';

/**
 * The ranked list of a document (report, decision annex, minutes): a repeated header row, one row
 * per unit in published order kept on one page, and a heading row where a group starts when the
 * set ranks within groups (its name: the demo's groups are named "Khối …" already).
 */
export function rankedTable(
  results: Pick<ResultsView, 'rows' | 'groups' | 'rankingScope'>,
  columns: readonly { title: string; width: number; cell: (r: ResultRow) => Cell }[],
  empty = 'Chưa có đơn vị nào trong kỳ đánh giá.',
): TableBlock {
  const rows: Row[] = [
    row(
      columns.map((c) => cell(c.title, { bold: true, align: AlignmentType.CENTER })),
      { header: true },
    ),
  ];
  const groupName = new Map(results.groups.map((g) => [g.code, g.name]));
  let group: string | null = null;
  for (const r of results.rows) {
    if (results.rankingScope === 'unitGroup' && r.unit.groupCode !== group) {
      group = r.unit.groupCode;
      rows.push(
        row([cell(groupName.get(group) ?? `Khối ${group}`, { bold: true, columnSpan: columns.length })]),
      );
    }
    rows.push(
      row(
        columns.map((c) => c.cell(r)),
        { cantSplit: true },
      ),
    );
  }
  if (results.rows.length === 0) {
    rows.push(row([cell(empty, { italics: true, columnSpan: columns.length })]));
  }
  return table(
    columns.map((c) => c.width),
    rows,
  );
}
