import { useCallback } from 'react';
import { type Lang, type TParams, useLang } from '../../lib/i18n';

/**
 * Texts of a unit's results page and of the public results pages (Vietnamese first). Kept beside
 * the feature so that the shared dictionary in lib/i18n is not edited by several features at once;
 * same `{name}` syntax.
 */
const vi = {
  'home.myResults': 'Kết quả của đơn vị',

  'ur.title': 'Kết quả Chỉ số CCHC — {unit}',
  'ur.titleShort': 'Kết quả Chỉ số CCHC',
  'ur.notApprovedTitle': 'Kết quả chưa được phê duyệt',
  'ur.openAppraisal': 'Trang thẩm định của đơn vị',
  'ur.backHome': 'Về trang Tổng quan',
  'ur.notFound': 'Không tìm thấy kết quả của đơn vị',
  'ur.campaign': 'Kỳ đánh giá',
  'ur.rank': 'Xếp hạng',
  'ur.rankOf': 'Hạng {rank}/{count}',
  'ur.rankScopeAll': 'trong tất cả đơn vị',
  'ur.rankScopeGroup': 'trong {group}',
  'ur.rankOverall': 'Hạng chung: {rank}',
  'ur.rankInGroup': 'Hạng trong {group}: {rank}',
  'ur.index': 'Chỉ số CCHC',
  'ur.band': 'Xếp loại',
  'ur.noBand': 'Chưa xếp loại',
  'ur.rating': 'Mức hoàn thành nhiệm vụ (đề xuất)',
  'ur.ratingHint': 'Chỉ số là một căn cứ để xếp loại chất lượng; mức đề xuất theo quyết định của Văn phòng.',
  'ur.points': 'Điểm',
  'ur.self': 'Tự chấm',
  'ur.appraised': 'Thẩm định',
  'ur.final': 'Kết quả cuối',
  'ur.pointsOf': '{points} / {max}',
  'ur.bonus': 'Điểm thưởng',
  'ur.penalty': 'Điểm trừ',
  'ur.previous': 'Năm trước ({campaign})',
  'ur.previousValue': '{index} — hạng {rank}',
  'ur.previousNone': 'Không có dữ liệu năm trước',
  'ur.change': 'Thay đổi',
  'ur.scorecardsStatus': 'Trạng thái',

  'ur.radarTitle': 'Chỉ số theo lĩnh vực',
  'ur.radarLabel':
    'Biểu đồ radar chỉ số từng lĩnh vực của đơn vị so với trung bình các đơn vị{previous}. Số liệu có trong bảng bên dưới.',
  'ur.radarPrevious': ' và năm trước',
  'ur.seriesUnit': 'Đơn vị',
  'ur.seriesAverage': 'Trung bình các đơn vị',
  'ur.seriesPrevious': 'Năm trước',
  'ur.field': 'Lĩnh vực',
  'ur.fieldIndex': 'Chỉ số của đơn vị',
  'ur.fieldAverage': 'Trung bình',
  'ur.fieldVsAverage': 'So với trung bình',
  'ur.fieldPrevious': 'Năm trước',
  'ur.notApplicable': 'Không áp dụng',
  'ur.showTable': 'Xem số liệu dạng bảng',

  'ur.whyTitle': 'Vì sao xếp hạng này',
  'ur.whyIntro':
    'Đơn vị đạt {points} trên tối đa {max} (chỉ số {index}), tức mất {lost} so với điểm tối đa. Dưới đây là các lĩnh vực, tiêu chí mất nhiều điểm nhất.',
  'ur.whyAbove': 'Đơn vị xếp ngay trên{name} (hạng {rank}) đạt chỉ số {index}, cao hơn {gap} điểm phần trăm.',
  'ur.whyAboveName': ' — {name}',
  'ur.whyFirst': 'Đơn vị xếp thứ nhất: không có đơn vị nào xếp trên.',
  'ur.whyAboveHidden':
    'So sánh với đơn vị xếp ngay trên chỉ hiển thị cho đơn vị sau khi kết quả được công bố.',
  'ur.whyAboveFields':
    'So với đơn vị xếp ngay trên, chênh lệch được tính theo từng lĩnh vực (cột “Chênh lệch”): số dương là điểm đơn vị kia đạt hơn.',
  'ur.whyChartTitle': 'Các tiêu chí mất nhiều điểm nhất so với điểm tối đa',
  'ur.whyChartLabel':
    'Biểu đồ cột: {count} tiêu chí mất nhiều điểm nhất so với điểm tối đa. Số liệu có trong bảng bên dưới.',
  'ur.whyNoLoss': 'Đơn vị đạt điểm tối đa ở mọi tiêu chí áp dụng.',
  'ur.lostVsMax': 'Mất so với tối đa',
  'ur.abovePoints': 'Đơn vị xếp trên',
  'ur.gapVsAbove': 'Chênh lệch',
  'ur.bonusPenalty': 'Điểm thưởng, điểm trừ',
  'ur.bonusPenaltyText': 'Đơn vị: thưởng {bonus}, trừ {penalty}.',
  'ur.bonusPenaltyAbove': 'Đơn vị xếp trên: thưởng {bonus}, trừ {penalty} (chênh lệch {diff}).',
  'ur.item': 'Lĩnh vực, tiêu chí',
  'ur.code': 'Mã',
  'ur.max': 'Tối đa',
  'ur.achieved': 'Đạt',
  'ur.lostLabel': 'điểm bị mất',

  'ur.treeTitle': 'Chi tiết theo lĩnh vực, tiêu chí',
  'ur.treeHint':
    'Mở từng lĩnh vực để xem các tiêu chí; mỗi tiêu chí thành phần dẫn tới trang thẩm định (tài liệu kiểm chứng, lịch sử chấm).',
  'ur.expandAll': 'Mở tất cả',
  'ur.collapseAll': 'Thu gọn',
  'ur.lost': 'Mất',
  'ur.previousPercent': 'Năm trước (%)',
  'ur.openLeaf': 'Xem thẩm định tiêu chí {code}',
  'ur.tableLabel': 'Bảng chi tiết điểm theo lĩnh vực, tiêu chí',

  'pub.agency': 'Thanh tra Chính phủ',
  'pub.portal': 'Công bố Chỉ số cải cách hành chính',
  'pub.listTitle': 'Kết quả Chỉ số CCHC đã công bố',
  'pub.listIntro':
    'Kết quả xác định Chỉ số cải cách hành chính của các vụ, cục, đơn vị thuộc Thanh tra Chính phủ đã được công bố theo quyết định của Tổng Thanh tra Chính phủ.',
  'pub.listEmpty': 'Chưa có kết quả nào được công bố.',
  'pub.year': 'Năm {year}',
  'pub.units': '{count} đơn vị',
  'pub.publishedOn': 'Công bố ngày {date}',
  'pub.open': 'Xem kết quả',
  'pub.backToList': 'Các kỳ đã công bố',
  'pub.skip': 'Bỏ qua, tới nội dung chính',
  'pub.staffLogin': 'Đăng nhập (cán bộ, công chức)',
  'pub.footer':
    'Thanh tra Chính phủ — Văn phòng (Phòng Kiểm soát thủ tục hành chính). Dữ liệu mở, được phép sử dụng lại khi ghi rõ nguồn.',
  'pub.notFoundTitle': 'Không tìm thấy kết quả đã công bố',
  'pub.notFoundText': 'Mã kỳ đánh giá “{code}” không có kết quả đã công bố, hoặc đường dẫn đã thay đổi.',
  'pub.decision': 'Quyết định công bố',
  'pub.decisionValue': 'Số {number} ngày {date}',
  'pub.publishedAt': 'Ngày công bố',
  'pub.conference': 'Hội nghị công bố',
  'pub.conferenceValue': '{date}, {place}',
  'pub.rankingRule': 'Cách xếp hạng',
  'pub.scope.all': 'Xếp hạng chung tất cả đơn vị',
  'pub.scope.unitGroup': 'Xếp hạng trong từng khối',
  'pub.ties.dense': 'đồng hạng không bỏ hạng kế tiếp',
  'pub.ties.competition': 'đồng hạng bỏ hạng kế tiếp',
  'pub.download': 'Tải dữ liệu',
  'pub.csv': 'Tải CSV',
  'pub.json': 'Dữ liệu JSON',
  'pub.stats.units': 'Số đơn vị',
  'pub.stats.average': 'Chỉ số trung bình',
  'pub.stats.highest': 'Cao nhất',
  'pub.stats.lowest': 'Thấp nhất',
  'pub.rankingTitle': 'Bảng xếp hạng',
  'pub.group': 'Khối',
  'pub.allGroups': 'Tất cả các khối',
  'pub.groupFilter': 'Lọc theo khối',
  'pub.rank': 'Hạng',
  'pub.unit': 'Đơn vị',
  'pub.points': 'Điểm đạt / tối đa',
  'pub.index': 'Chỉ số CCHC',
  'pub.band': 'Xếp loại',
  'pub.noBand': 'Chưa xếp loại',
  'pub.fields': 'Chỉ số thành phần theo lĩnh vực',
  'pub.fieldsOf': 'Chỉ số thành phần của {unit}',
  'pub.notApplicable': 'Không áp dụng',
  'pub.tableLabel': 'Bảng xếp hạng Chỉ số CCHC',
  'pub.shown': 'Hiển thị {count}/{total} đơn vị',
  'pub.chartTitle': 'Biểu đồ xếp hạng',
  'pub.chartLabel':
    'Biểu đồ cột ngang chỉ số CCHC của {count} đơn vị theo thứ tự xếp hạng. Số liệu có trong bảng bên dưới biểu đồ.',
  'pub.chartTable': 'Xem số liệu của biểu đồ dạng bảng',
  'pub.fieldAverages': 'Chỉ số trung bình theo lĩnh vực',
  'pub.fieldAveragesTable': 'Bảng chỉ số trung bình theo lĩnh vực',
  'pub.average': 'Trung bình',
} as const;

type Dictionary = Record<keyof typeof vi, string>;
export type UnitResultsMessageKey = keyof typeof vi;

const en: Dictionary = {
  'home.myResults': "Your unit's results",

  'ur.title': 'Administrative Reform Index — {unit}',
  'ur.titleShort': 'Administrative Reform Index results',
  'ur.notApprovedTitle': 'The results are not approved yet',
  'ur.openAppraisal': "The unit's appraisal page",
  'ur.backHome': 'Back to the overview',
  'ur.notFound': "The unit's results were not found",
  'ur.campaign': 'Campaign',
  'ur.rank': 'Rank',
  'ur.rankOf': 'Rank {rank}/{count}',
  'ur.rankScopeAll': 'among all units',
  'ur.rankScopeGroup': 'within {group}',
  'ur.rankOverall': 'Overall rank: {rank}',
  'ur.rankInGroup': 'Rank within {group}: {rank}',
  'ur.index': 'Index',
  'ur.band': 'Band',
  'ur.noBand': 'Unclassified',
  'ur.rating': 'Task-completion rating (suggested)',
  'ur.ratingHint':
    "The index is one input of the yearly rating; the suggestion follows the Office's mapping.",
  'ur.points': 'Points',
  'ur.self': 'Self-assessed',
  'ur.appraised': 'Appraised',
  'ur.final': 'Final',
  'ur.pointsOf': '{points} / {max}',
  'ur.bonus': 'Bonus',
  'ur.penalty': 'Penalty',
  'ur.previous': 'Previous year ({campaign})',
  'ur.previousValue': '{index} — rank {rank}',
  'ur.previousNone': 'No data for the previous year',
  'ur.change': 'Change',
  'ur.scorecardsStatus': 'Status',

  'ur.radarTitle': 'Index by field',
  'ur.radarLabel':
    "Radar chart of the unit's index in each field against the average of all units{previous}. The numbers are in the table below.",
  'ur.radarPrevious': ' and the previous year',
  'ur.seriesUnit': 'Unit',
  'ur.seriesAverage': 'Average of all units',
  'ur.seriesPrevious': 'Previous year',
  'ur.field': 'Field',
  'ur.fieldIndex': "Unit's index",
  'ur.fieldAverage': 'Average',
  'ur.fieldVsAverage': 'Against the average',
  'ur.fieldPrevious': 'Previous year',
  'ur.notApplicable': 'Not applicable',
  'ur.showTable': 'Show the numbers as a table',

  'ur.whyTitle': 'Why this rank',
  'ur.whyIntro':
    'The unit scored {points} of at most {max} (index {index}), i.e. it lost {lost} against the maximum. The fields and criteria that lost the most are below.',
  'ur.whyAbove':
    'The unit ranked just above{name} (rank {rank}) reached an index of {index}, {gap} percentage points higher.',
  'ur.whyAboveName': ' — {name}',
  'ur.whyFirst': 'The unit ranks first: no unit ranks above it.',
  'ur.whyAboveHidden':
    'The comparison with the unit ranked just above is shown to a unit once the results are published.',
  'ur.whyAboveFields':
    'Against the unit ranked just above, the difference is given per field (column “Difference”): a positive number is what that unit gained more.',
  'ur.whyChartTitle': 'Criteria that lost the most points against the maximum',
  'ur.whyChartLabel':
    'Bar chart: the {count} criteria that lost the most points against the maximum. The numbers are in the table below.',
  'ur.whyNoLoss': 'The unit scored the maximum on every applicable criterion.',
  'ur.lostVsMax': 'Lost against the maximum',
  'ur.abovePoints': 'Unit above',
  'ur.gapVsAbove': 'Difference',
  'ur.bonusPenalty': 'Bonus and penalty',
  'ur.bonusPenaltyText': 'The unit: bonus {bonus}, penalty {penalty}.',
  'ur.bonusPenaltyAbove': 'The unit above: bonus {bonus}, penalty {penalty} (difference {diff}).',
  'ur.item': 'Field, criterion',
  'ur.code': 'Code',
  'ur.max': 'Maximum',
  'ur.achieved': 'Scored',
  'ur.lostLabel': 'points lost',

  'ur.treeTitle': 'Detail by field and criterion',
  'ur.treeHint':
    'Open each field to see its criteria; each sub-criterion leads to the appraisal page (evidence, scoring history).',
  'ur.expandAll': 'Expand all',
  'ur.collapseAll': 'Collapse',
  'ur.lost': 'Lost',
  'ur.previousPercent': 'Previous year (%)',
  'ur.openLeaf': 'Open the appraisal of criterion {code}',
  'ur.tableLabel': 'Points by field and criterion',

  'pub.agency': 'Government Inspectorate',
  'pub.portal': 'Administrative Reform Index — published results',
  'pub.listTitle': 'Published Administrative Reform Index results',
  'pub.listIntro':
    'Administrative Reform Index results of the departments and units of the Government Inspectorate, published by decision of the Inspector General.',
  'pub.listEmpty': 'No results have been published yet.',
  'pub.year': 'Year {year}',
  'pub.units': '{count} units',
  'pub.publishedOn': 'Published on {date}',
  'pub.open': 'See the results',
  'pub.backToList': 'Published campaigns',
  'pub.skip': 'Skip to the main content',
  'pub.staffLogin': 'Sign in (staff)',
  'pub.footer':
    'Government Inspectorate — Office (Administrative Procedure Control Division). Open data; reuse is permitted with attribution.',
  'pub.notFoundTitle': 'No published results found',
  'pub.notFoundText': 'The campaign code “{code}” has no published results, or the link has changed.',
  'pub.decision': 'Decision',
  'pub.decisionValue': 'No. {number} of {date}',
  'pub.publishedAt': 'Published on',
  'pub.conference': 'Announcement conference',
  'pub.conferenceValue': '{date}, {place}',
  'pub.rankingRule': 'Ranking',
  'pub.scope.all': 'One ranking of all units',
  'pub.scope.unitGroup': 'Ranked within each group',
  'pub.ties.dense': 'ties do not skip the next rank',
  'pub.ties.competition': 'ties skip the next rank',
  'pub.download': 'Download the data',
  'pub.csv': 'Download CSV',
  'pub.json': 'JSON data',
  'pub.stats.units': 'Units',
  'pub.stats.average': 'Average index',
  'pub.stats.highest': 'Highest',
  'pub.stats.lowest': 'Lowest',
  'pub.rankingTitle': 'Ranking',
  'pub.group': 'Group',
  'pub.allGroups': 'All groups',
  'pub.groupFilter': 'Filter by group',
  'pub.rank': 'Rank',
  'pub.unit': 'Unit',
  'pub.points': 'Points / maximum',
  'pub.index': 'Index',
  'pub.band': 'Band',
  'pub.noBand': 'Unclassified',
  'pub.fields': 'Field indices',
  'pub.fieldsOf': 'Field indices of {unit}',
  'pub.notApplicable': 'Not applicable',
  'pub.tableLabel': 'Administrative Reform Index ranking',
  'pub.shown': 'Showing {count}/{total} units',
  'pub.chartTitle': 'Ranking chart',
  'pub.chartLabel':
    'Horizontal bar chart of the index of {count} units in rank order. The numbers are in the table below the chart.',
  'pub.chartTable': 'Show the chart as a table',
  'pub.fieldAverages': 'Average index by field',
  'pub.fieldAveragesTable': 'Table of the average index by field',
  'pub.average': 'Average',
};

const DICTIONARIES: Record<Lang, Dictionary> = { vi, en };

export type UnitResultsT = (key: UnitResultsMessageKey, params?: TParams) => string;

export function translateUnitResults(lang: Lang, key: UnitResultsMessageKey, params?: TParams): string {
  const template = DICTIONARIES[lang][key];
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The translation function of the unit results and public pages for the current UI language. */
export function useUnitResultsT(): UnitResultsT {
  const lang = useLang();
  return useCallback(
    (key: UnitResultsMessageKey, params?: TParams) => translateUnitResults(lang, key, params),
    [lang],
  );
}
