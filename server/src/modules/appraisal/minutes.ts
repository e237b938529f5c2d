import { type CouncilView, SPECIAL_CASE_LABELS } from '@cchc/domain/api/appraisal';
import type { DocumentSettings } from '@cchc/domain/api/reports';
import type { ResultsView } from '@cchc/domain/api/results';
import { formatPointsVi } from '@cchc/domain/scoring/decimal';
import { CAMPAIGN_PHASES } from '@cchc/domain/workflow/campaign.machine';
import { AppError } from '../../errors';
import {
  AlignmentType,
  adminDocument,
  adminHeader,
  blankLine,
  dayMonthYear,
  para,
  run,
  sideBySide,
  signerBlock,
} from '../../platform/documents/admin-document';
import type { AdminDoc, Block } from '../../platform/documents/model';
import { renderDocument } from '../../platform/documents/render';
import { resultsTableBlock } from '../reports/consolidated-report';
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

function specialCaseParagraphs(council: CouncilView, meeting: Meeting | null): Block[] {
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
  settings: DocumentSettings;
  now: Date;
}

/**
 * The minutes of the council's meeting (biên bản họp Hội đồng thẩm định) as an editable DOCX
 * draft for the secretary: the latest recorded meeting (time, place, chair, members present),
 * the ranked results, the special cases decided, room for the conclusion, and the signatures
 * of the secretary and the chair. Blanks (……) stand where nothing is recorded.
 */
export function buildMinutes({ council, results, settings, now }: MinutesInput): AdminDoc {
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
    creator: settings.issuerName,
    title: `Biên bản họp Hội đồng thẩm định Chỉ số cải cách hành chính — ${council.campaignName}`,
    children: [
      adminHeader({
        agencyName: settings.issuerName,
        issuer: settings.councilName,
        symbol: settings.minutesSymbol,
        place: settings.place,
        now,
      }),
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
      resultsTableBlock(results),
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
        { width: 50, children: signerBlock(settings.minutesSecretary, SIGN_NOTE) },
        {
          width: 50,
          children: signerBlock(
            { ...settings.minutesChair, name: meeting?.chairName || settings.minutesChair.name },
            SIGN_NOTE,
          ),
        },
      ]),
    ],
  });
  return document;
}

/** Phases in which the council may have met: from COUNCIL on. */
const COUNCIL_INDEX = CAMPAIGN_PHASES.indexOf('COUNCIL');

/** The council's minutes (biên bản họp Hội đồng thẩm định) as an editable DOCX draft, or a PDF. */
export function createMinutesService(
  appraisal: AppraisalService,
  /** The ranked results (the results module). */
  resultsOf: (ctx: Ctx, campaignId: string) => Promise<ResultsView>,
  /** The document settings (the reports module). */
  settingsOf: () => Promise<DocumentSettings>,
  clock: { now(): Date },
) {
  return {
    /** Refuses before the council step; the caller's access is the council table's. */
    async build(ctx: Ctx, campaignId: string): Promise<{ doc: AdminDoc; baseName: string }> {
      // The appraisal service decides who may see the council's table (Office, council, leadership).
      const council: CouncilView = await appraisal.council(ctx, campaignId);
      if (CAMPAIGN_PHASES.indexOf(council.phase) < COUNCIL_INDEX) {
        throw new AppError(
          'INVALID_STATE_TRANSITION',
          'Kỳ đánh giá chưa đến bước Hội đồng thẩm định nên chưa có biên bản họp Hội đồng.',
        );
      }
      const results: ResultsView = await resultsOf(ctx, campaignId);
      const doc = buildMinutes({ council, results, settings: await settingsOf(), now: clock.now() });
      // Campaign codes are upper-case ASCII, digits, '_' and '-' (CODE_PATTERN): a safe file name.
      return { doc, baseName: `Bien-ban-HDTD-${council.campaignCode}` };
    },

    async render(ctx: Ctx, campaignId: string): Promise<{ filename: string; data: Buffer }> {
      const { doc, baseName } = await this.build(ctx, campaignId);
      return { filename: `${baseName}.docx`, data: await renderDocument(doc, 'docx') };
    },
  };
}

export type MinutesService = ReturnType<typeof createMinutesService>;
