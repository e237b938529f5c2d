import { type CouncilView, SPECIAL_CASE_LABELS } from '@cchc/domain/api/appraisal';
import type { ResultsView } from '@cchc/domain/api/results';
import { formatPercentVi, formatPointsVi } from '@cchc/domain/scoring/decimal';
import { CAMPAIGN_PHASES } from '@cchc/domain/workflow/campaign.machine';
import { AlignmentType, Packer, type Paragraph, Table, TableRow, WidthType } from 'docx';
import { AppError } from '../../errors';
import {
  adminDocument,
  adminHeader,
  blankLine,
  cell,
  dayMonthYear,
  para,
  run,
  sideBySide,
  signature,
  tableGrid,
} from '../../platform/admin-document';
import type { Ctx } from '../shared/context';
import type { AppraisalService } from './appraisal.service';

const SIGN_NOTE = '(Ký, ghi rõ họ tên)';

type Meeting = CouncilView['meetings'][number];

/** The meeting the minutes record: the latest held (then the latest entered), or null. */
function latestMeeting(meetings: readonly Meeting[]): Meeting | null {
  return (
    [...meetings].sort((a, b) => b.heldOn.localeCompare(a.heldOn) || b.at.localeCompare(a.at))[0] ?? null
  );
}

const center = AlignmentType.CENTER;

function resultsTable(results: ResultsView): Table {
  const columns = [
    { title: 'Xếp hạng', width: 10 },
    { title: 'Đơn vị', width: 30 },
    { title: 'Điểm tự chấm', width: 12 },
    { title: 'Điểm thẩm định', width: 12 },
    { title: 'Điểm cuối cùng', width: 12 },
    { title: 'Chỉ số CCHC', width: 12 },
    { title: 'Xếp loại', width: 12 },
  ];
  const spanning = (text: string, o: { bold?: boolean; italics?: boolean } = {}) =>
    new TableRow({ children: [cell(text, { ...o, columnSpan: columns.length })] });
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      children: columns.map((c) => cell(c.title, { bold: true, align: center, width: c.width })),
    }),
  ];
  let group: string | null = null;
  for (const r of results.rows) {
    // Ranked within each group of units: a heading row where a group starts.
    if (results.rankingScope === 'unitGroup' && r.unit.groupCode !== group) {
      group = r.unit.groupCode;
      rows.push(spanning(`Khối: ${group}`, { bold: true }));
    }
    rows.push(
      new TableRow({
        cantSplit: true,
        children: [
          cell(String(r.rank), { align: center }),
          cell(r.unit.name),
          cell(formatPointsVi(r.selfPoints), { align: center }),
          cell(formatPointsVi(r.appraisedPoints), { align: center }),
          cell(formatPointsVi(r.finalPoints), { bold: true, align: center }),
          cell(formatPercentVi(r.indexPercent), { align: center }),
          cell(r.band ?? '—', { align: center }),
        ],
      }),
    );
  }
  if (results.rows.length === 0) {
    rows.push(spanning('Chưa có đơn vị nào trong kỳ đánh giá.', { italics: true }));
  }
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: tableGrid(columns.map((c) => c.width)),
    rows,
  });
}

function specialCaseParagraphs(council: CouncilView, meeting: Meeting | null): Paragraph[] {
  // The cases of this meeting, and those recorded without naming a meeting; not an earlier meeting's.
  const cases = council.specialCases.filter(
    (c) => meeting === null || c.meetingId === null || c.meetingId === meeting.id,
  );
  if (cases.length === 0) {
    return [para('Không có trường hợp đặc biệt.', { indent: true })];
  }
  return cases.flatMap((c, i) => {
    const leaf = c.leafCode ? `, tiêu chí ${c.leafCode}` : '';
    const points =
      c.kind === 'SCORE_CHANGE' && c.points !== null ? ` (điểm Hội đồng: ${formatPointsVi(c.points)})` : '';
    return [
      para(
        [
          run(`${i + 1}. ${c.unitName}`, { bold: true }),
          run(` — ${SPECIAL_CASE_LABELS[c.kind].vi}${leaf}${points}.`),
        ],
        { indent: true },
      ),
      para(`Lý do: ${c.reason}`, { indent: true }),
      para(`Hội đồng quyết định: ${c.decisionText}`, { indent: true }),
    ];
  });
}

export interface MinutesInput {
  council: CouncilView;
  results: ResultsView;
  agencyName: string;
  place: string;
  now: Date;
}

/**
 * The minutes of the council's meeting (biên bản họp Hội đồng thẩm định) as an editable DOCX
 * draft for the secretary: the latest recorded meeting (time, place, chair, members present),
 * the ranked results, the special cases decided, room for the conclusion, and the signatures
 * of the secretary and the chair. Blanks (……) stand where nothing is recorded.
 */
export async function renderMinutes({
  council,
  results,
  agencyName,
  place,
  now,
}: MinutesInput): Promise<Buffer> {
  const meeting = latestMeeting(council.meetings);
  const section = (title: string) => para(title, { bold: true });
  const line = (text: string) => para(text, { indent: true });

  const attendance = meeting
    ? [
        line(`Thời gian: vào hồi …… giờ …… phút, ${dayMonthYear(meeting.heldOn)}.`),
        line(`Địa điểm: ${meeting.place}.`),
        section('II. THÀNH PHẦN THAM DỰ'),
        line(`Chủ trì: ${meeting.chairName}.`),
        line(`Thành viên Hội đồng dự họp (${meeting.membersPresent.length} người):`),
        ...meeting.membersPresent.map((name, i) => line(`${i + 1}. ${name}`)),
        blankLine('Thư ký: ', { indent: true }),
      ]
    : [
        line('Thời gian: vào hồi …… giờ …… phút, ngày …… tháng …… năm ……'),
        blankLine('Địa điểm: ', { indent: true }),
        section('II. THÀNH PHẦN THAM DỰ'),
        blankLine('Chủ trì: ', { indent: true }),
        blankLine('Thành viên Hội đồng dự họp: ', { indent: true }),
        blankLine('Thư ký: ', { indent: true }),
      ];
  const notes = (meeting?.notes ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

  const document = adminDocument({
    creator: agencyName,
    title: `Biên bản họp Hội đồng thẩm định Chỉ số cải cách hành chính — ${council.campaignName}`,
    children: [
      adminHeader({ agencyName, issuer: 'Hội đồng thẩm định', symbol: 'BB-HĐTĐ', place, now }),
      para(''),
      para(
        [
          run('BIÊN BẢN HỌP HỘI ĐỒNG THẨM ĐỊNH ', { bold: true, size: 28 }),
          run('CHỈ SỐ CẢI CÁCH HÀNH CHÍNH', { bold: true, size: 28, breakBefore: 1 }),
        ],
        { align: center },
      ),
      para(council.campaignName, { bold: true, align: center }),
      para(''),
      section('I. THỜI GIAN, ĐỊA ĐIỂM'),
      ...attendance,
      section('III. NỘI DUNG'),
      line(
        `Hội đồng xem xét kết quả tự đánh giá của các đơn vị và kết quả thẩm định của Tổ giúp việc đối với ${results.rows.length} đơn vị, thống nhất kết quả chấm điểm, xếp hạng như sau:`,
      ),
      para('1. Kết quả chấm điểm, xếp hạng', { bold: true, italics: true }),
      resultsTable(results),
      para(''),
      para('2. Các trường hợp đặc biệt Hội đồng đã xem xét', { bold: true, italics: true }),
      ...specialCaseParagraphs(council, meeting),
      ...(notes.length > 0
        ? [para('3. Ý kiến thảo luận', { bold: true, italics: true }), ...notes.map(line)]
        : []),
      section('IV. KẾT LUẬN'),
      blankLine('', { indent: true }),
      blankLine(),
      blankLine(),
      line(
        'Cuộc họp kết thúc vào hồi …… giờ …… phút cùng ngày. Biên bản đã được đọc lại cho các thành viên dự họp cùng nghe và thống nhất.',
      ),
      para(''),
      sideBySide([
        { width: 50, children: signature('THƯ KÝ', SIGN_NOTE, '') },
        { width: 50, children: signature('CHỦ TỊCH HỘI ĐỒNG', SIGN_NOTE, meeting?.chairName ?? '') },
      ]),
    ],
  });
  return Packer.toBuffer(document);
}

/** Phases in which the council may have met: from COUNCIL on. */
const COUNCIL_INDEX = CAMPAIGN_PHASES.indexOf('COUNCIL');

/** The council's minutes (biên bản họp Hội đồng thẩm định) as an editable DOCX draft. */
export function createMinutesService(
  appraisal: AppraisalService,
  /** The ranked results (the results module). */
  resultsOf: (ctx: Ctx, campaignId: string) => Promise<ResultsView>,
  documents: { agencyName: string; place: string },
  clock: { now(): Date },
) {
  return {
    async render(ctx: Ctx, campaignId: string): Promise<{ filename: string; data: Buffer }> {
      // The appraisal service decides who may see the council's table (Office, council, leadership).
      const council: CouncilView = await appraisal.council(ctx, campaignId);
      if (CAMPAIGN_PHASES.indexOf(council.phase) < COUNCIL_INDEX) {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          'Kỳ đánh giá chưa đến bước Hội đồng thẩm định nên chưa có biên bản họp Hội đồng.',
        );
      }
      const results: ResultsView = await resultsOf(ctx, campaignId);
      const data = await renderMinutes({ council, results, ...documents, now: clock.now() });
      // Campaign codes are upper-case ASCII, digits, '_' and '-' (CODE_PATTERN): a safe file name.
      return { filename: `Bien-ban-HDTD-${council.campaignCode}.docx`, data };
    },
  };
}

export type MinutesService = ReturnType<typeof createMinutesService>;
