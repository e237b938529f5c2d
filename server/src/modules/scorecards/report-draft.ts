import type { ScorecardView, SubmissionCheck } from '@cchc/domain/api/scorecards';
import { localDateOf } from '@cchc/domain/campaign/calendar';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { formatPercentVi, formatPointsVi, toHundredths } from '@cchc/domain/scoring/decimal';
import { applicableAdjustments, applicableTree, type PreviewNode } from '@cchc/domain/scoring/engine';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

/**
 * The unit's self-assessment report (báo cáo tự đánh giá) as an editable DOCX draft for the head
 * to check, sign and upload back (issue 4 §3). Layout of an administrative document under
 * Decree 30/2020/NĐ-CP: agency block and national motto, number, place and date, title, body,
 * recipients, signature; Times New Roman 13–14 pt; A4 with margins top/bottom 20 mm, left 30 mm,
 * right 15 mm. The agency name and place are settings (AGENCY_NAME, DOCUMENT_PLACE).
 */
const MM = 56.7; // twips per millimetre
const FONT = 'Times New Roman';
const SIZE = 26; // half-points: 13 pt
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER } as const;

const run = (text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({ text, font: FONT, size: o.size ?? SIZE, bold: o.bold, italics: o.italics });

function para(
  text: string | TextRun[],
  o: {
    bold?: boolean;
    italics?: boolean;
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    indent?: boolean;
    size?: number;
  } = {},
) {
  return new Paragraph({
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    indent: o.indent ? { firstLine: Math.round(10 * MM) } : undefined,
    spacing: { after: 80, line: 300 },
    children: typeof text === 'string' ? [run(text, o)] : text,
  });
}

function cell(
  text: string,
  o: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; width?: number } = {},
) {
  return new TableCell({
    width: o.width ? { size: o.width, type: WidthType.PERCENTAGE } : undefined,
    children: [
      new Paragraph({
        alignment: o.align ?? AlignmentType.LEFT,
        children: [run(text, { bold: o.bold, size: 24 })],
      }),
    ],
  });
}

export interface ReportDraftInput {
  view: ScorecardView;
  summary: SubmissionCheck['summary'];
  agencyName: string;
  place: string;
  now: Date;
}

export async function renderReportDraft({
  view,
  summary,
  agencyName,
  place,
  now,
}: ReportDraftInput): Promise<Buffer> {
  const doc = view.indexSet.document as unknown as IndexSetDocument;
  const answers = new Map(view.answers.map((a) => [a.leafCode, a]));
  const evidenceOf = (code: string) => view.evidence.filter((e) => e.leafCode === code);
  const [y, m, d] = localDateOf(now).split('-');
  const year = view.campaign.year;

  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 42, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              para(agencyName.toUpperCase(), { align: AlignmentType.CENTER, size: 24 }),
              para(view.unit.name.toUpperCase(), { bold: true, align: AlignmentType.CENTER, size: 24 }),
              para(`Số:       /BC-${view.unit.code}`, { align: AlignmentType.CENTER }),
            ],
          }),
          new TableCell({
            width: { size: 58, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              para('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', {
                bold: true,
                align: AlignmentType.CENTER,
                size: 24,
              }),
              para('Độc lập - Tự do - Hạnh phúc', { bold: true, align: AlignmentType.CENTER }),
              para(`${place}, ngày ${Number(d)} tháng ${Number(m)} năm ${y}`, {
                italics: true,
                align: AlignmentType.CENTER,
              }),
            ],
          }),
        ],
      }),
    ],
  });

  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      children: [
        cell('Mã', { bold: true, width: 9 }),
        cell('Lĩnh vực, tiêu chí', { bold: true, width: 41 }),
        cell('Điểm tối đa', { bold: true, align: AlignmentType.CENTER, width: 10 }),
        cell('Điểm tự chấm', { bold: true, align: AlignmentType.CENTER, width: 10 }),
        cell('Tài liệu kiểm chứng, giải thích', { bold: true, width: 30 }),
      ],
    }),
  ];
  const leafRow = (code: string, name: string, max: number) => {
    const a = answers.get(code);
    const ev = evidenceOf(code);
    const proof = [
      ...ev.map((e) =>
        e.kind === 'DOCUMENT_REF'
          ? `${e.docNumber ?? ''} ngày ${e.effectiveDate?.split('-').reverse().join('/') ?? ''} của ${e.issuer ?? ''}: ${e.title}`
          : e.title,
      ),
      ...(a?.naClaimed ? [`Đề nghị không áp dụng: ${a.naReason}`] : []),
      ...(a && !a.naClaimed && ev.length === 0 && a.noEvidenceReason
        ? [`Giải thích: ${a.noEvidenceReason}`]
        : []),
    ].join('; ');
    const points = !a || a.value === null ? (a?.naClaimed ? 'Không áp dụng' : '—') : formatPointsVi(a.points);
    rows.push(
      new TableRow({
        children: [
          cell(code),
          cell(name),
          cell(formatPointsVi(max), { align: AlignmentType.CENTER }),
          cell(points, { align: AlignmentType.CENTER }),
          cell(proof),
        ],
      }),
    );
  };
  const visit = (n: PreviewNode, depth: number) => {
    if (n.leaf) {
      leafRow(n.code, n.name, n.maxPoints);
      return;
    }
    rows.push(
      new TableRow({
        children: [
          cell(n.code, { bold: depth === 0 }),
          cell(n.name, { bold: depth === 0 }),
          cell(formatPointsVi(n.maxPoints), { bold: depth === 0, align: AlignmentType.CENTER }),
          cell('', {}),
          cell('', {}),
        ],
      }),
    );
    for (const c of n.children ?? []) {
      visit(c, depth + 1);
    }
  };
  for (const field of applicableTree(doc, view.groupCode)) {
    visit(field, 0);
  }
  const adj = applicableAdjustments(doc, view.groupCode);
  for (const [title, group] of [
    ['Điểm thưởng', adj.bonus],
    ['Điểm trừ', adj.penalty],
  ] as const) {
    if (group && group.items.length > 0) {
      rows.push(
        new TableRow({
          children: [
            cell(''),
            cell(title, { bold: true }),
            cell(formatPointsVi(group.maxPoints), { bold: true, align: AlignmentType.CENTER }),
            cell(''),
            cell(''),
          ],
        }),
      );
      for (const item of group.items) {
        leafRow(item.code, item.name, toHundredths(item.maxPoints));
      }
    }
  }

  const document = new Document({
    creator: agencyName,
    title: `Báo cáo kết quả tự đánh giá Chỉ số CCHC năm ${year} — ${view.unit.name}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(20 * MM),
              bottom: Math.round(20 * MM),
              left: Math.round(30 * MM),
              right: Math.round(15 * MM),
            },
          },
        },
        children: [
          header,
          para(''),
          para('BÁO CÁO', { bold: true, align: AlignmentType.CENTER, size: 28 }),
          para(`Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm ${year}`, {
            bold: true,
            align: AlignmentType.CENTER,
            size: 28,
          }),
          para(`Kính gửi: Hội đồng thẩm định Chỉ số cải cách hành chính — ${agencyName}`, {
            align: AlignmentType.CENTER,
          }),
          para(
            `Thực hiện kế hoạch và hướng dẫn chấm điểm của kỳ đánh giá "${view.campaign.name}" theo Bộ chỉ số ${view.indexSet.code} (phiên bản ${view.indexSet.version}), ${view.unit.name} báo cáo kết quả tự đánh giá, chấm điểm như sau:`,
            { indent: true },
          ),
          para('I. KẾT QUẢ TỰ ĐÁNH GIÁ', { bold: true }),
          para(
            `Tổng điểm tự chấm: ${formatPointsVi(summary.selfPoints)}/${formatPointsVi(summary.maxPoints)} điểm; chỉ số tự đánh giá: ${formatPercentVi(summary.indexPercent)}.`,
            { indent: true },
          ),
          para(
            `Số tiêu chí đã chấm: ${summary.answered}/${summary.applicable}; số tài liệu kiểm chứng: ${summary.evidenceCount}; số tiêu chí đề nghị không áp dụng: ${summary.naClaims}.`,
            { indent: true },
          ),
          para('II. BẢNG ĐIỂM CHI TIẾT', { bold: true }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
          para(''),
          para('III. ĐỀ XUẤT, KIẾN NGHỊ', { bold: true }),
          para('…………………………………………………………………………………………………', { indent: true }),
          para(''),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
            rows: [
              new TableRow({
                children: [
                  new TableCell({
                    borders: NO_BORDERS,
                    children: [
                      para('Nơi nhận:', { bold: true, italics: true, size: 24, align: AlignmentType.LEFT }),
                      para('- Như trên;', { size: 22, align: AlignmentType.LEFT }),
                      para(`- Lưu: VT, ${view.unit.code}.`, { size: 22, align: AlignmentType.LEFT }),
                    ],
                  }),
                  new TableCell({
                    borders: NO_BORDERS,
                    children: [
                      para('THỦ TRƯỞNG ĐƠN VỊ', { bold: true, align: AlignmentType.CENTER }),
                      para('(Ký, ghi rõ họ tên và đóng dấu)', { italics: true, align: AlignmentType.CENTER }),
                    ],
                  }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
