import type { DocumentSettings } from '@cchc/domain/api/reports';
import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import { formatLocalDateVi } from '@cchc/domain/campaign/calendar';
import { TASK_RATING_LABELS } from '@cchc/domain/results/results';
import { formatPercentVi, formatPointsVi } from '@cchc/domain/scoring/decimal';
import {
  AlignmentType,
  adminDocument,
  adminHeader,
  cell,
  dayMonthYear,
  pageBreak,
  para,
  recipients,
  run,
  sideBySide,
  signerBlock,
} from '../../platform/documents/admin-document';
import type { AdminDoc } from '../../platform/documents/model';
import { rankedTable } from './ranked-table';

/**
 * The draft decision approving and announcing the Administrative Reform Index (quyết định phê
 * duyệt, công bố Chỉ số CCHC, plan §III.4), signed by the head of the agency, with the ranked
 * list as its annex. Drafted only once the council has approved the results (the service checks).
 * The number comes from the announcement record when the Office has entered it, else it is left
 * blank for the clerk.
 */
export interface ApprovalDecisionInput {
  settings: DocumentSettings;
  now: Date;
  results: ResultsView;
  indexSet: { code: string; version: number };
}

const center = AlignmentType.CENTER;
const line = (text: string) => para(text, { indent: true });

export function buildApprovalDecision({ settings, now, results, indexSet }: ApprovalDecisionInput): AdminDoc {
  const year = results.year;
  const n = results.rows.length;
  const a = results.announcement;
  const reference = a
    ? `Quyết định số ${a.decisionNumber} ${dayMonthYear(a.decisionDate)}`
    : `Quyết định số       /${settings.decisionSymbol} ngày …… tháng …… năm ……`;

  const c = (text: (r: ResultRow) => string) => (r: ResultRow) => cell(text(r), { align: center });
  const annex = rankedTable(results, [
    { title: 'Xếp hạng', width: 9, cell: c((r) => String(r.rank)) },
    { title: 'Đơn vị', width: 35, cell: (r) => cell(r.unit.name) },
    { title: 'Tổng điểm', width: 13, cell: c((r) => formatPointsVi(r.finalPoints)) },
    { title: 'Chỉ số CCHC', width: 13, cell: c((r) => formatPercentVi(r.indexPercent)) },
    { title: 'Xếp loại', width: 12, cell: c((r) => r.band ?? '—') },
    { title: 'Mức hoàn thành nhiệm vụ', width: 18, cell: c((r) => TASK_RATING_LABELS[r.rating].vi) },
  ]);

  return adminDocument({
    creator: settings.issuerName,
    title: `Quyết định phê duyệt, công bố Chỉ số cải cách hành chính năm ${year}`,
    children: [
      adminHeader({
        agencyName: settings.agencyName,
        issuer: settings.issuerName,
        symbol: settings.decisionSymbol,
        number: a?.decisionNumber,
        place: settings.place,
        now,
      }),
      para(''),
      para('QUYẾT ĐỊNH', { bold: true, align: center, size: 28 }),
      para(
        `Phê duyệt và công bố Chỉ số cải cách hành chính năm ${year} của các đơn vị thuộc ${settings.issuerName}`,
        { bold: true, align: center, size: 28 },
      ),
      para(''),
      para(settings.headTitle.toUpperCase(), { bold: true, align: center }),
      para(''),
      line(
        `Căn cứ Kế hoạch xác định Chỉ số cải cách hành chính năm ${year} của các đơn vị thuộc ${settings.issuerName};`,
      ),
      line(`Căn cứ Bộ chỉ số ${indexSet.code} (phiên bản ${indexSet.version}) và hướng dẫn chấm điểm;`),
      line(`Căn cứ kết quả thẩm định của ${settings.councilName};`),
      line(`Theo đề nghị của ${settings.officeName}.`),
      para(''),
      para('QUYẾT ĐỊNH:', { bold: true, align: center }),
      para(
        [
          run('Điều 1. ', { bold: true }),
          run(
            `Phê duyệt và công bố Chỉ số cải cách hành chính năm ${year} của ${n} đơn vị thuộc ${settings.issuerName} (Phụ lục kèm theo).`,
          ),
        ],
        {
          indent: true,
        },
      ),
      para(
        [
          run('Điều 2. ', { bold: true }),
          run(
            `Kết quả Chỉ số cải cách hành chính năm ${year} là căn cứ để đánh giá, xếp loại mức độ hoàn thành nhiệm vụ và bình xét thi đua, khen thưởng năm ${year} đối với tập thể và người đứng đầu các đơn vị.`,
          ),
        ],
        { indent: true },
      ),
      para(
        [
          run('Điều 3. ', { bold: true }),
          run(
            `Quyết định này có hiệu lực kể từ ngày ký. ${settings.officeName}, Thủ trưởng các đơn vị có tên tại Phụ lục và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.`,
          ),
        ],
        { indent: true },
      ),
      para(''),
      sideBySide([
        { width: 45, children: recipients(settings.decisionRecipients) },
        { width: 55, children: signerBlock(settings.decisionSigner) },
      ]),
      pageBreak(),
      para('PHỤ LỤC', { bold: true, align: center }),
      para(`KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${year}`, { bold: true, align: center }),
      para(`(Kèm theo ${reference} của ${settings.headTitle})`, { italics: true, align: center }),
      ...(a?.announcedOn
        ? [para(`Công bố ngày ${formatLocalDateVi(a.announcedOn)}`, { italics: true, align: center })]
        : []),
      para(''),
      annex,
    ],
  });
}
