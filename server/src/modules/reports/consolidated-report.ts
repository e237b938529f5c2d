import { SPECIAL_CASE_LABELS, type SpecialCaseKind } from '@cchc/domain/api/appraisal';
import type { DocumentSettings, ReportSection } from '@cchc/domain/api/reports';
import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import { daysUntil, formatLocalDateVi, localDateOf } from '@cchc/domain/campaign/calendar';
import type { FieldAnalysis, LostCriterion, SelfVsAppraised } from '@cchc/domain/reports/analysis';
import { averageOf } from '@cchc/domain/results/results';
import { formatPercentVi, formatPointsVi } from '@cchc/domain/scoring/decimal';
import { CAMPAIGN_PHASES } from '@cchc/domain/workflow/campaign.machine';
import {
  AlignmentType,
  adminDocument,
  adminHeader,
  cell,
  para,
  recipients,
  row,
  sideBySide,
  signerBlock,
  table,
} from '../../platform/documents/admin-document';
import type { AdminDoc, Block, Row } from '../../platform/documents/model';
import { rankedTable } from './ranked-table';

/**
 * The consolidated report on the scoring results (báo cáo tổng hợp kết quả chấm điểm, plan
 * §III.4, due 31/12) that the Office sends to leadership: purpose and basis, organisation of the
 * cycle (dates achieved against planned), the results table, per-field analysis, the criteria
 * most often lost, self-assessment against appraisal, late units and special cases, proposals.
 * Every number comes from the data; the prose sections are the Office's edited text.
 */
export interface ConsolidatedReportInput {
  settings: DocumentSettings;
  now: Date;
  results: ResultsView;
  indexSet: { code: string; version: number };
  /** `achievedAt`: when it was actually done (an instant), or null. */
  milestones: readonly { label: string; dueDate: string; achievedAt: string | null }[];
  sections: Record<ReportSection, string>;
  fields: readonly FieldAnalysis[];
  lost: readonly LostCriterion[];
  selfVsAppraised: SelfVsAppraised;
  late: readonly { unitName: string; submittedAt: string | null; deadline: string }[];
  specialCases: readonly { unitName: string; kind: SpecialCaseKind; reason: string; decisionText: string }[];
}

const center = AlignmentType.CENTER;
const heading = (text: string) => para(text, { bold: true, align: AlignmentType.LEFT });
const subheading = (text: string) => para(text, { bold: true, italics: true, align: AlignmentType.LEFT });
const line = (text: string) => para(text, { indent: true });

/** Prose typed by the Office: one paragraph per non-empty line. */
function prose(text: string): Block[] {
  const lines = text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return lines.length > 0 ? lines.map(line) : [line('(Không có nội dung.)')];
}

const dateOf = (iso: string) => formatLocalDateVi(localDateOf(new Date(iso)));

/** Tied units are all named up to five, then counted: a field where everyone scored 100 % stays short. */
function names(list: readonly string[]): string {
  return list.length <= 5
    ? list.join(', ')
    : `${list.slice(0, 5).join(', ')} và ${list.length - 5} đơn vị khác`;
}

/** "20/12/2024", with the delay when later than planned. */
function achieved(dueDate: string, at: string | null): string {
  if (at === null) {
    return 'Chưa thực hiện';
  }
  const local = localDateOf(new Date(at));
  const late = daysUntil(dueDate, new Date(`${local}T05:00:00.000Z`));
  return late < 0 ? `${formatLocalDateVi(local)} (chậm ${-late} ngày)` : formatLocalDateVi(local);
}

/** The header row of a data table, repeated on each page. */
function header(titles: string[]): Row {
  return row(
    titles.map((t) => cell(t, { bold: true, align: center })),
    { header: true },
  );
}

/** Rank, unit, self, appraised, final, index %, band — ranked within groups when the set says so. */
export function resultsTableBlock(results: ResultsView): Block {
  const c =
    (text: (r: ResultRow) => string, o: { bold?: boolean } = {}) =>
    (r: ResultRow) =>
      cell(text(r), { ...o, align: center });
  return rankedTable(results, [
    { title: 'Xếp hạng', width: 9, cell: c((r) => String(r.rank)) },
    { title: 'Đơn vị', width: 31, cell: (r) => cell(r.unit.name) },
    { title: 'Điểm tự chấm', width: 12, cell: c((r) => formatPointsVi(r.selfPoints)) },
    { title: 'Điểm thẩm định', width: 12, cell: c((r) => formatPointsVi(r.appraisedPoints)) },
    { title: 'Điểm cuối cùng', width: 12, cell: c((r) => formatPointsVi(r.finalPoints), { bold: true }) },
    { title: 'Chỉ số CCHC', width: 12, cell: c((r) => formatPercentVi(r.indexPercent)) },
    { title: 'Xếp loại', width: 12, cell: c((r) => r.band ?? '—') },
  ]);
}

export function buildConsolidatedReport(input: ConsolidatedReportInput): AdminDoc {
  const { settings, results, sections } = input;
  const year = results.year;
  const n = results.rows.length;
  const bandCounts = results.bands.map((b) => ({
    band: b,
    count: results.rows.filter((r) => r.band === b).length,
  }));

  const milestoneTable = table(
    [6, 44, 25, 25],
    [
      header(['TT', 'Công việc', 'Kế hoạch', 'Thực hiện']),
      ...input.milestones.map((m, i) =>
        row([
          cell(String(i + 1), { align: center }),
          cell(m.label),
          cell(formatLocalDateVi(m.dueDate), { align: center }),
          cell(achieved(m.dueDate, m.achievedAt), { align: center }),
        ]),
      ),
    ],
  );

  const fieldTable = table(
    [28, 12, 30, 30],
    [
      header(['Lĩnh vực', 'Trung bình', 'Cao nhất', 'Thấp nhất']),
      ...input.fields.map((f) =>
        row([
          cell(`${f.code}. ${f.name}`),
          cell(f.average === null ? '—' : formatPercentVi(f.average), { align: center }),
          cell(f.highest ? `${formatPercentVi(f.highest.percent)}: ${names(f.highest.units)}` : '—'),
          cell(f.lowest ? `${formatPercentVi(f.lowest.percent)}: ${names(f.lowest.units)}` : '—'),
        ]),
      ),
    ],
  );

  const lostBlocks: Block[] =
    input.lost.length === 0
      ? [line('Không có tiêu chí nào bị trừ điểm.')]
      : [
          table(
            [10, 50, 20, 20],
            [
              header(['Mã', 'Tiêu chí', 'Số đơn vị bị trừ điểm', 'Tổng điểm bị trừ']),
              ...input.lost.map((c) =>
                row([
                  cell(c.code),
                  cell(c.name),
                  cell(`${c.unitsLosing}/${c.unitsApplicable}`, { align: center }),
                  cell(formatPointsVi(c.pointsLost), { align: center }),
                ]),
              ),
            ],
          ),
        ];

  const sva = input.selfVsAppraised;
  const svaBlocks: Block[] = [
    line(
      `Có ${sva.adjusted}/${sva.units} đơn vị có điểm sau thẩm định khác điểm tự chấm (${sva.lowered} đơn vị bị giảm, ${sva.raised} đơn vị được tăng); chênh lệch bình quân (tự chấm − cuối cùng): ${sva.averageDifference === null ? '—' : formatPointsVi(sva.averageDifference)} điểm.`,
    ),
    ...(sva.largest.length > 0
      ? [
          table(
            [40, 20, 20, 20],
            [
              header(['Đơn vị', 'Điểm tự chấm', 'Điểm cuối cùng', 'Chênh lệch']),
              ...sva.largest.map((d) =>
                row([
                  cell(d.name),
                  cell(formatPointsVi(d.selfPoints), { align: center }),
                  cell(formatPointsVi(d.finalPoints), { align: center }),
                  cell(formatPointsVi(d.difference), { align: center }),
                ]),
              ),
            ],
          ),
        ]
      : []),
  ];

  const lateBlocks: Block[] =
    input.late.length === 0
      ? [line('Tất cả các đơn vị nộp kết quả tự đánh giá đúng hạn.')]
      : input.late.map((l, i) =>
          line(
            `${i + 1}. ${l.unitName}: ${l.submittedAt ? `nộp ngày ${dateOf(l.submittedAt)}` : 'chưa nộp'} (hạn ${formatLocalDateVi(l.deadline)}).`,
          ),
        );
  const specialBlocks: Block[] =
    input.specialCases.length === 0
      ? [line('Không có trường hợp đặc biệt.')]
      : input.specialCases.map((c, i) =>
          line(
            `${i + 1}. ${c.unitName} — ${SPECIAL_CASE_LABELS[c.kind].vi}. Lý do: ${c.reason}. Hội đồng quyết định: ${c.decisionText}.`,
          ),
        );

  return adminDocument({
    creator: settings.issuerName,
    title: `Báo cáo tổng hợp kết quả chấm điểm Chỉ số cải cách hành chính năm ${year}`,
    children: [
      adminHeader({
        agencyName: settings.issuerName,
        issuer: settings.officeName,
        symbol: settings.reportSymbol,
        place: settings.place,
        now: input.now,
      }),
      para(''),
      para('BÁO CÁO', { bold: true, align: center, size: 28 }),
      para(`Tổng hợp kết quả chấm điểm Chỉ số cải cách hành chính năm ${year}`, {
        bold: true,
        align: center,
        size: 28,
      }),
      para(`của các đơn vị thuộc ${settings.issuerName}`, { bold: true, align: center, size: 28 }),
      para(''),
      heading('I. MỤC ĐÍCH, CĂN CỨ'),
      ...prose(sections.purpose),
      line(
        `Căn cứ Bộ chỉ số ${input.indexSet.code} (phiên bản ${input.indexSet.version}) áp dụng cho kỳ đánh giá "${results.campaignName}".`,
      ),
      heading('II. TỔ CHỨC TRIỂN KHAI'),
      ...prose(sections.organisation),
      subheading('Tiến độ thực hiện so với kế hoạch'),
      milestoneTable,
      heading('III. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG'),
      line(
        `Tổng số đơn vị được đánh giá: ${n}. ${bandCounts
          .filter((b) => b.count > 0)
          .map((b) => `${b.band}: ${b.count} đơn vị`)
          .join('; ')}${bandCounts.some((b) => b.count > 0) ? '.' : ''}`,
      ),
      subheading('1. Kết quả chấm điểm, xếp hạng'),
      resultsTableBlock(results),
      subheading('2. Phân tích theo lĩnh vực'),
      fieldTable,
      subheading('3. Các tiêu chí bị trừ điểm nhiều nhất'),
      ...lostBlocks,
      subheading('4. So sánh điểm tự chấm và điểm thẩm định'),
      ...svaBlocks,
      subheading('5. Đơn vị nộp chậm, chưa nộp'),
      ...lateBlocks,
      subheading('6. Các trường hợp đặc biệt Hội đồng đã xem xét'),
      ...specialBlocks,
      heading('IV. ĐÁNH GIÁ CHUNG'),
      ...prose(sections.assessment),
      heading('V. TỒN TẠI, HẠN CHẾ'),
      ...prose(sections.limitations),
      heading('VI. KIẾN NGHỊ, ĐỀ XUẤT'),
      ...prose(sections.proposals),
      para(''),
      sideBySide([
        { width: 45, children: recipients(settings.reportRecipients) },
        { width: 55, children: signerBlock(settings.reportSigner) },
      ]),
    ],
  });
}

/** The texts offered until the Office edits them: plain, with the campaign's own figures. */
export function defaultSections(o: {
  settings: DocumentSettings;
  results: ResultsView;
  submitted: number;
  participants: number;
}): Record<ReportSection, string> {
  const { results, settings } = o;
  const year = results.year;
  const avg = averageOf(results.rows.map((r) => r.indexPercent));
  const phase = CAMPAIGN_PHASES.indexOf(results.phase);
  const top = results.rows.filter((r) => r.rankOverall === 1).map((r) => r.unit.name);
  return {
    purpose: [
      `Thực hiện Kế hoạch xác định Chỉ số cải cách hành chính năm ${year} của các đơn vị thuộc ${settings.issuerName}, ${settings.officeName} tổng hợp kết quả tự đánh giá, thẩm định, chấm điểm của các đơn vị, báo cáo ${settings.headTitle} xem xét, phê duyệt.`,
      'Mục đích: đánh giá khách quan, thực chất kết quả thực hiện nhiệm vụ cải cách hành chính của từng đơn vị; làm căn cứ đánh giá, xếp loại mức độ hoàn thành nhiệm vụ và bình xét thi đua, khen thưởng.',
    ].join('\n'),
    organisation: [
      `${settings.officeName} đã ban hành hướng dẫn chấm điểm; các đơn vị tự đánh giá, chấm điểm và gửi kết quả kèm tài liệu kiểm chứng trên Hệ thống. Có ${o.submitted}/${o.participants} đơn vị đã nộp kết quả tự đánh giá.`,
      // What happened so far, by the campaign's step: no claim of a council that has not met.
      phase >= CAMPAIGN_PHASES.indexOf('COUNCIL')
        ? `Tổ giúp việc đã thẩm định kết quả tự đánh giá của các đơn vị; ${settings.councilName} đã họp, xem xét và thống nhất kết quả.`
        : phase >= CAMPAIGN_PHASES.indexOf('APPRAISAL')
          ? 'Tổ giúp việc đang thẩm định kết quả tự đánh giá của các đơn vị.'
          : '',
    ]
      .filter((line) => line !== '')
      .join('\n'),
    assessment:
      avg === null
        ? ''
        : `Chỉ số cải cách hành chính trung bình năm ${year} của các đơn vị đạt ${formatPercentVi(avg)}. Đơn vị xếp thứ nhất: ${top.join(', ')}.`,
    limitations:
      'Một số đơn vị chưa cung cấp đầy đủ tài liệu kiểm chứng; việc tự chấm điểm ở một số tiêu chí chưa sát với hướng dẫn.',
    proposals: `Đề nghị ${settings.headTitle} xem xét, phê duyệt và công bố Chỉ số cải cách hành chính năm ${year} của các đơn vị.`,
  };
}
