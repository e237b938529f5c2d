import type { ScorecardView, SubmissionCheck } from '@cchc/domain/api/scorecards';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { formatPercentVi, formatPointsVi, toHundredths } from '@cchc/domain/scoring/decimal';
import { applicableAdjustments, applicableTree, type PreviewNode } from '@cchc/domain/scoring/engine';
import {
  AlignmentType,
  adminDocument,
  adminHeader,
  blankLine,
  cell,
  para,
  recipients,
  row,
  sideBySide,
  signature,
  table,
} from '../../platform/documents/admin-document';
import type { AdminDoc, Row } from '../../platform/documents/model';

/**
 * The unit's self-assessment report (báo cáo tự đánh giá) as an editable DOCX draft for the head
 * to check, sign and upload back (issue 4 §3), laid out as an administrative document under
 * Decree 30/2020/NĐ-CP (platform/admin-document.ts). The agency name and place are settings
 * (AGENCY_NAME, DOCUMENT_PLACE).
 */
export interface ReportDraftInput {
  view: ScorecardView;
  summary: SubmissionCheck['summary'];
  agencyName: string;
  place: string;
  now: Date;
}

export function buildReportDraft({ view, summary, agencyName, place, now }: ReportDraftInput): AdminDoc {
  const doc = view.indexSet.document as unknown as IndexSetDocument;
  const answers = new Map(view.answers.map((a) => [a.leafCode, a]));
  const evidenceOf = (code: string) => view.evidence.filter((e) => e.leafCode === code);
  const year = view.campaign.year;

  const header = adminHeader({
    agencyName,
    issuer: view.unit.name,
    symbol: `BC-${view.unit.code}`,
    place,
    now,
  });

  const rows: Row[] = [
    row(
      [
        cell('Mã', { bold: true }),
        cell('Lĩnh vực, tiêu chí', { bold: true }),
        cell('Điểm tối đa', { bold: true, align: AlignmentType.CENTER }),
        cell('Điểm tự chấm', { bold: true, align: AlignmentType.CENTER }),
        cell('Tài liệu kiểm chứng, giải thích', { bold: true }),
      ],
      { header: true },
    ),
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
      row([
        cell(code),
        cell(name),
        cell(formatPointsVi(max), { align: AlignmentType.CENTER }),
        cell(points, { align: AlignmentType.CENTER }),
        cell(proof),
      ]),
    );
  };
  const visit = (n: PreviewNode, depth: number) => {
    if (n.leaf) {
      leafRow(n.code, n.name, n.maxPoints);
      return;
    }
    rows.push(
      row([
        cell(n.code, { bold: depth === 0 }),
        cell(n.name, { bold: depth === 0 }),
        cell(formatPointsVi(n.maxPoints), { bold: depth === 0, align: AlignmentType.CENTER }),
        cell('', {}),
        cell('', {}),
      ]),
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
        row([
          cell(''),
          cell(title, { bold: true }),
          cell(formatPointsVi(group.maxPoints), { bold: true, align: AlignmentType.CENTER }),
          cell(''),
          cell(''),
        ]),
      );
      for (const item of group.items) {
        leafRow(item.code, item.name, toHundredths(item.maxPoints));
      }
    }
  }

  const document = adminDocument({
    creator: agencyName,
    title: `Báo cáo kết quả tự đánh giá Chỉ số CCHC năm ${year} — ${view.unit.name}`,
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
      table([9, 41, 10, 10, 30], rows),
      para(''),
      para('III. ĐỀ XUẤT, KIẾN NGHỊ', { bold: true }),
      blankLine('', { indent: true }),
      blankLine(),
      para(''),
      sideBySide([
        { children: recipients(['- Như trên;', `- Lưu: VT, ${view.unit.code}.`]) },
        { children: signature('THỦ TRƯỞNG ĐƠN VỊ', '(Ký, ghi rõ họ tên và đóng dấu)') },
      ]),
    ],
  });
  return document;
}
