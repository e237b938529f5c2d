import { useCallback } from 'react';
import { type Lang, type TParams, useLang } from '../../lib/i18n';

/**
 * Texts of the internal results page (tabs Xếp hạng, Biểu đồ, Công bố, Thiết lập) and of the
 * presentation view. Vietnamese first; same `{name}` syntax as lib/i18n. The unit results and
 * public pages keep their texts in unit-messages.ts.
 */
const vi = {
  'tabs.label': 'Các phần của trang kết quả',
  'tabs.ranking': 'Xếp hạng',
  'tabs.charts': 'Biểu đồ',
  'tabs.publish': 'Công bố',
  'tabs.settings': 'Thiết lập',
  'page.present': 'Trình chiếu',

  'col.rank': 'Hạng',
  'col.unit': 'Đơn vị',
  'col.group': 'Khối',
  'col.self': 'Tự chấm',
  'col.appraised': 'Thẩm định',
  'col.final': 'Điểm cuối cùng',
  'col.max': 'Tối đa',
  'col.bonusPenalty': 'Thưởng / trừ',
  'col.index': 'Chỉ số (%)',
  'col.band': 'Xếp loại',
  'col.rating': 'Đề xuất mức hoàn thành nhiệm vụ',
  'col.delta': 'So với năm {year} (điểm %)',
  'col.special': 'Trường hợp đặc biệt',
  'col.actions': 'Thao tác',

  'delta.up': 'tăng {value} điểm phần trăm',
  'delta.down': 'giảm {value} điểm phần trăm',
  'delta.same': 'không đổi',
  'delta.newTitle': 'Không có kết quả trong kỳ so sánh',

  'ranking.title': 'Bảng xếp hạng',
  'ranking.groupFilter': 'Lọc theo khối',
  'ranking.allGroups': 'Tất cả các khối',
  'ranking.search': 'Tìm đơn vị',
  'ranking.searchPlaceholder': 'Tên hoặc mã đơn vị',
  'ranking.largeText': 'Chữ lớn',
  'ranking.count': '{count}/{total} đơn vị',
  'ranking.noRows': 'Không có đơn vị nào phù hợp.',
  'ranking.loadError': 'Không tải được trang này của bảng xếp hạng. Thử lại.',
  'charts.sampled':
    'Kỳ có {total} đơn vị: các biểu đồ cột vẽ {edge} đơn vị chỉ số cao nhất và {edge} đơn vị thấp nhất; phân bố chỉ số và bản đồ nhiệt theo khối tính trên mọi đơn vị.',
  'charts.histogram.title': 'Phân bố chỉ số CCHC',
  'charts.histogram.caption': 'Số đơn vị theo khoảng chỉ số (5 điểm phần trăm), màu theo mức xếp loại.',
  'charts.histogram.range': 'Khoảng chỉ số',
  'charts.histogram.units': 'Số đơn vị',
  'charts.heatmap.byGroupRow': '{group} ({count} đơn vị)',
  'ranking.sortHint': 'Bấm để sắp xếp',
  'ranking.csv': 'Tải CSV (nội bộ)',
  'ranking.publicPage': 'Trang công bố',
  'ranking.amend': 'Điều chỉnh kết quả',
  'ranking.amendShort': 'Điều chỉnh',
  'ranking.noPrevious': 'Chưa chọn kỳ đánh giá để so sánh với năm trước.',
  'ranking.openSettings': 'Chọn trong Thiết lập',

  'charts.showTable': 'Xem bảng số liệu của biểu đồ',
  'charts.dataTableOf': 'Bảng số liệu: {title}',
  'charts.noBand': 'Không xếp loại',
  'charts.bandLegend': 'Chú giải màu theo xếp loại',
  'charts.notApplicable': 'không áp dụng',
  'charts.na': 'Không áp dụng',
  'charts.self': 'Tự chấm',
  'charts.appraised': 'Thẩm định',
  'charts.selfPoints': 'Tự chấm (điểm, chỉ số)',
  'charts.appraisedPoints': 'Thẩm định (điểm, chỉ số)',
  'charts.gap': 'Chênh lệch chỉ số',
  'charts.rankN': 'hạng {rank}',
  'charts.ranking.title': 'Chỉ số của các đơn vị',
  'charts.ranking.caption':
    'Mỗi thanh là chỉ số (%) của một đơn vị, xếp từ cao xuống thấp; màu thanh là xếp loại, ghi rõ ở cuối thanh.',
  'charts.heatmap.title': 'Chỉ số theo lĩnh vực',
  'charts.heatmap.caption':
    'Mỗi ô là chỉ số (%) của một đơn vị (hàng) ở một lĩnh vực (cột); màu càng đậm càng cao, ô trống là lĩnh vực không áp dụng; hàng cuối là bình quân mọi đơn vị.',
  'charts.heatmap.average': 'Bình quân (mọi đơn vị)',
  'charts.selfVsAppraised.title': 'Tự chấm và thẩm định',
  'charts.selfVsAppraised.caption':
    'Với mỗi đơn vị: chấm rỗng (cam) là chỉ số tự chấm, chấm đặc (xanh) là chỉ số sau thẩm định; đoạn nối càng dài, kết quả tự chấm càng được điều chỉnh nhiều. Trục không bắt đầu từ 0.',
  'charts.yoy.title': 'So sánh với năm trước',
  'charts.yoy.caption':
    'Với mỗi đơn vị có kết quả trong {previous}: chấm rỗng (xám) là chỉ số năm {year}, chấm đặc (xanh) là chỉ số năm {current}; chấm đặc nằm bên phải là tăng. Trục không bắt đầu từ 0.',
  'charts.yoy.none':
    'Chưa chọn kỳ đánh giá để so sánh. Văn phòng chọn kỳ năm trước ở tab “Thiết lập” (mục “Kỳ so sánh”), rồi bấm “Lưu thiết lập”.',
  'charts.yoy.openSettings': 'Mở Thiết lập',
  'charts.yoy.previous': 'Năm {year}',
  'charts.yoy.current': 'Năm {year}',
  'charts.yoy.previousShort': 'Năm {year}',
  'charts.yoy.currentShort': 'Năm {year}',
  'charts.yoy.change': 'Thay đổi (điểm %)',
  'charts.yoy.notThen': 'Không tham gia',

  'publish.explain':
    'Công bố kết quả mở trang kết quả công khai (xem không cần đăng nhập) và dữ liệu mở CSV/JSON gồm hạng, điểm, chỉ số, xếp loại và chỉ số theo lĩnh vực — không có điểm tự chấm hay chi tiết thẩm định.',
  'publish.notApproved':
    'Kết quả chưa được Lãnh đạo phê duyệt. Quyết định công bố được ghi và kết quả được công bố sau khi phê duyệt.',
  'publish.announcement': 'Quyết định công bố',
  'publish.readOnly': 'Chỉ Văn phòng ghi quyết định công bố.',
  'publish.decisionNumber': 'Số quyết định',
  'publish.decisionNumberHint': 'Ví dụ: 123/QĐ-TTCP',
  'publish.decisionDate': 'Ngày quyết định',
  'publish.announcedOn': 'Ngày hội nghị công bố',
  'publish.announcedOnHint': 'Có thể nhập sau.',
  'publish.place': 'Địa điểm',
  'publish.note': 'Ghi chú',
  'publish.save': 'Lưu quyết định',
  'publish.saved': 'Đã lưu quyết định công bố.',
  'publish.publication': 'Công bố kết quả',
  'publish.decision': 'Quyết định',
  'publish.decisionText': 'Quyết định số {number} ngày {date}',
  'publish.noDecision': 'Chưa ghi quyết định công bố.',
  'publish.needsDecision': 'Lưu quyết định công bố trước khi công bố kết quả.',
  'publish.publish': 'Công bố kết quả',
  'publish.confirmTitle': 'Công bố kết quả?',
  'publish.confirmBody':
    'Kết quả được công bố theo quyết định số {number} ngày {date}: trang công khai và dữ liệu mở được mở cho mọi người, không cần đăng nhập. Sau khi công bố, mức xếp loại và so sánh năm trước không thay đổi được nữa.',
  'publish.done': 'Đã công bố kết quả.',
  'publish.publishedTitle': 'Kết quả đã được công bố',
  'publish.publishedBy': 'Công bố lúc {at} bởi {name}.',
  'publish.someone': '(không rõ)',
  'publish.openPublic': 'Mở trang công bố',
  'publish.openPresentation': 'Trình chiếu',
  'publish.previewPresentation': 'Xem trước phần trình chiếu',
  'publish.openCsv': 'Dữ liệu mở (CSV)',
  'publish.openJson': 'Dữ liệu mở (JSON)',

  'settings.intro':
    'Các thiết lập này dùng cho bảng xếp hạng, biểu đồ và trang công bố; lưu được cho tới khi kết quả được công bố.',
  'settings.readOnly':
    'Chỉ xem: thiết lập do Văn phòng quyết định và không thay đổi được sau khi kết quả đã công bố.',
  'settings.ratingTitle': 'Đề xuất mức hoàn thành nhiệm vụ theo xếp loại',
  'settings.ratingHint':
    'Chỉ số là một căn cứ để xếp loại chất lượng hằng năm (Nghị định 90/2020/NĐ-CP, sửa đổi bởi Nghị định 48/2023/NĐ-CP); Văn phòng chọn mức đề xuất cho từng xếp loại của bộ chỉ số.',
  'settings.ratingFor': 'Mức hoàn thành nhiệm vụ của xếp loại {band}',
  'settings.unclassified': 'Không xếp loại được',
  'settings.previousTitle': 'Kỳ so sánh',
  'settings.previous': 'Kỳ đánh giá năm trước',
  'settings.previousNone': 'Không so sánh',
  'settings.previousHint':
    'Đơn vị được so sánh theo mã đơn vị; tiêu chí được so sánh theo bảng đối chiếu bên dưới.',
  'settings.noCandidates': 'Chưa có kỳ đánh giá nào khác có kết quả được phê duyệt.',
  'settings.mappingTitle': 'Đối chiếu tiêu chí với kỳ so sánh',
  'settings.mappingHint':
    'Mặc định, mỗi lĩnh vực, tiêu chí được so sánh với mục cùng mã của kỳ trước (nếu có). Chọn mã khác khi bộ chỉ số đã đổi, hoặc “Không so sánh”.',
  'settings.mappingNoPrevious': 'Chọn kỳ so sánh để đối chiếu tiêu chí.',
  'settings.mappingAfterSave':
    'Đã đổi kỳ so sánh: bấm “Lưu thiết lập” để nạp các tiêu chí của kỳ này; tiêu chí được so sánh theo cùng mã cho tới khi bạn điều chỉnh.',
  'settings.onlyChanged': 'Chỉ hiện dòng khác mặc định ({count})',
  'settings.noChanged': 'Không có dòng nào khác mặc định.',
  'settings.current': 'Lĩnh vực, tiêu chí năm nay',
  'settings.previousCode': 'So với mục của kỳ trước',
  'settings.mappingFor': 'Mục kỳ trước tương ứng với {code}',
  'settings.mappingState': 'Trạng thái',
  'settings.noCompare': 'Không so sánh',
  'settings.overridden': 'Đã điều chỉnh',
  'settings.default': 'Mặc định',
  'settings.save': 'Lưu thiết lập',
  'settings.saved': 'Đã lưu thiết lập kết quả.',
  'settings.conflict':
    'Thiết lập vừa được người khác lưu sau khi bạn mở. Đã tải lại giá trị hiện tại; hãy xem lại rồi lưu lại.',

  'form.required': 'Bắt buộc nhập.',
  'form.requiredDate': 'Bắt buộc chọn ngày.',
  'form.datePlaceholder': 'Chọn ngày',
  'form.maxLength': 'Tối đa {max} ký tự.',
  'form.cancel': 'Huỷ',

  'present.pageTitle': 'Trình chiếu kết quả',
  'present.kicker': 'CÔNG BỐ KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH',
  'present.units': '{count} đơn vị',
  'present.scopeAll': 'xếp hạng chung',
  'present.scopeGroup': 'xếp hạng trong từng khối',
  'present.ranking': 'Bảng xếp hạng',
  'present.bands': 'Kết quả xếp loại',
  'present.unitCount': '{count} đơn vị',
  'present.counter': 'Trang {n}/{total}',
  'present.slide': 'trang trình chiếu',
  'present.draft': 'Chưa công bố',
  'present.prev': 'Trang trước',
  'present.next': 'Trang sau',
  'present.auto': 'Tự chuyển trang ({seconds} giây)',
  'present.fullscreen': 'Toàn màn hình',
  'present.exitFullscreen': 'Thoát toàn màn hình',
  'present.exit': 'Thoát (Esc)',
  'present.keysHint':
    'Phím mũi tên, Space hoặc Page Up/Page Down để chuyển trang; Esc để quay lại trang kết quả.',
};

type Dictionary = Record<keyof typeof vi, string>;
export type ResultsMessageKey = keyof typeof vi;

const en: Dictionary = {
  'tabs.label': 'Parts of the results page',
  'tabs.ranking': 'Ranking',
  'tabs.charts': 'Charts',
  'tabs.publish': 'Publication',
  'tabs.settings': 'Settings',
  'page.present': 'Present',

  'col.rank': 'Rank',
  'col.unit': 'Unit',
  'col.group': 'Group',
  'col.self': 'Self',
  'col.appraised': 'Appraised',
  'col.final': 'Final points',
  'col.max': 'Max',
  'col.bonusPenalty': 'Bonus / penalty',
  'col.index': 'Index (%)',
  'col.band': 'Band',
  'col.rating': 'Suggested task rating',
  'col.delta': 'vs {year} (pp)',
  'col.special': 'Special cases',
  'col.actions': 'Actions',

  'delta.up': 'up {value} percentage points',
  'delta.down': 'down {value} percentage points',
  'delta.same': 'unchanged',
  'delta.newTitle': 'No result in the compared campaign',

  'ranking.title': 'Ranking',
  'ranking.groupFilter': 'Filter by group',
  'ranking.allGroups': 'All groups',
  'ranking.search': 'Find a unit',
  'ranking.searchPlaceholder': 'Unit name or code',
  'ranking.largeText': 'Large text',
  'ranking.count': '{count}/{total} units',
  'ranking.noRows': 'No matching unit.',
  'ranking.loadError': 'This page of the ranking could not be loaded. Try again.',
  'charts.sampled':
    '{total} units: the bar charts draw the {edge} highest and the {edge} lowest indices; the index distribution and the heatmap by group cover every unit.',
  'charts.histogram.title': 'Index distribution',
  'charts.histogram.caption': 'Units per index range (5 percentage points), coloured by band.',
  'charts.histogram.range': 'Index range',
  'charts.histogram.units': 'Units',
  'charts.heatmap.byGroupRow': '{group} ({count} units)',
  'ranking.sortHint': 'Click to sort',
  'ranking.csv': 'Download CSV (internal)',
  'ranking.publicPage': 'Public page',
  'ranking.amend': 'Amend the result',
  'ranking.amendShort': 'Amend',
  'ranking.noPrevious': 'No campaign is chosen for the year-over-year comparison.',
  'ranking.openSettings': 'Choose one in Settings',

  'charts.showTable': 'Show the numbers as a table',
  'charts.dataTableOf': 'Data table: {title}',
  'charts.noBand': 'No band',
  'charts.bandLegend': 'Colour legend by band',
  'charts.notApplicable': 'not applicable',
  'charts.na': 'Not applicable',
  'charts.self': 'Self',
  'charts.appraised': 'Appraised',
  'charts.selfPoints': 'Self (points, index)',
  'charts.appraisedPoints': 'Appraised (points, index)',
  'charts.gap': 'Index difference',
  'charts.rankN': 'rank {rank}',
  'charts.ranking.title': 'Index of the units',
  'charts.ranking.caption':
    "Each bar is one unit's index (%), highest first; the colour is the band, also written at the end of the bar.",
  'charts.heatmap.title': 'Index by field',
  'charts.heatmap.caption':
    "Each cell is a unit's (row) index (%) in a field (column); darker is higher, blank means the field does not apply; the last row is the average of all units.",
  'charts.heatmap.average': 'Average (all units)',
  'charts.selfVsAppraised.title': 'Self-assessed and appraised',
  'charts.selfVsAppraised.caption':
    'For each unit: the hollow (orange) dot is the self-assessed index, the filled (blue) dot the appraised one; the longer the line, the more the appraisal changed. The axis does not start at 0.',
  'charts.yoy.title': 'Compared with last year',
  'charts.yoy.caption':
    'For each unit with a result in {previous}: the hollow (grey) dot is the {year} index, the filled (blue) dot the {current} index; a filled dot to the right is an increase. The axis does not start at 0.',
  'charts.yoy.none':
    'No campaign is chosen for comparison. The Office chooses last year’s campaign in the “Settings” tab (“Compared campaign”), then clicks “Save settings”.',
  'charts.yoy.openSettings': 'Open Settings',
  'charts.yoy.previous': '{year}',
  'charts.yoy.current': '{year}',
  'charts.yoy.previousShort': '{year}',
  'charts.yoy.currentShort': '{year}',
  'charts.yoy.change': 'Change (pp)',
  'charts.yoy.notThen': 'Did not take part',

  'publish.explain':
    'Publishing opens the public results page (no login needed) and open data as CSV/JSON: rank, points, index, band and field indices — no self-assessed scores, no appraisal details.',
  'publish.notApproved':
    'Leadership has not approved the results yet. The decision is recorded and the results published after approval.',
  'publish.announcement': 'Announcement decision',
  'publish.readOnly': 'Only the Office records the announcement decision.',
  'publish.decisionNumber': 'Decision number',
  'publish.decisionNumberHint': 'E.g. 123/QĐ-TTCP',
  'publish.decisionDate': 'Decision date',
  'publish.announcedOn': 'Conference date',
  'publish.announcedOnHint': 'May be entered later.',
  'publish.place': 'Place',
  'publish.note': 'Note',
  'publish.save': 'Save the decision',
  'publish.saved': 'Announcement decision saved.',
  'publish.publication': 'Publish the results',
  'publish.decision': 'Decision',
  'publish.decisionText': 'Decision No. {number} of {date}',
  'publish.noDecision': 'No announcement decision yet.',
  'publish.needsDecision': 'Save the announcement decision before publishing.',
  'publish.publish': 'Publish the results',
  'publish.confirmTitle': 'Publish the results?',
  'publish.confirmBody':
    'The results are published under decision No. {number} of {date}: the public page and open data become available to everyone without login. After publication the ratings and the year-over-year settings can no longer change.',
  'publish.done': 'Results published.',
  'publish.publishedTitle': 'The results are published',
  'publish.publishedBy': 'Published at {at} by {name}.',
  'publish.someone': '(unknown)',
  'publish.openPublic': 'Open the public page',
  'publish.openPresentation': 'Present',
  'publish.previewPresentation': 'Preview the presentation',
  'publish.openCsv': 'Open data (CSV)',
  'publish.openJson': 'Open data (JSON)',

  'settings.intro':
    'These settings apply to the ranking, the charts and the public page; they can be saved until the results are published.',
  'settings.readOnly':
    'Read only: the Office decides these settings, and they cannot change once the results are published.',
  'settings.ratingTitle': 'Suggested task rating per band',
  'settings.ratingHint':
    'The index is one input of the yearly quality rating (Decree 90/2020/NĐ-CP as amended by Decree 48/2023/NĐ-CP); the Office chooses the suggested rating for each band of the index set.',
  'settings.ratingFor': 'Task rating for band {band}',
  'settings.unclassified': 'Fits no band',
  'settings.previousTitle': 'Compared campaign',
  'settings.previous': 'Last year’s campaign',
  'settings.previousNone': 'No comparison',
  'settings.previousHint': 'Units are compared by unit code; criteria by the mapping below.',
  'settings.noCandidates': 'No other campaign has approved results yet.',
  'settings.mappingTitle': 'Criterion mapping to the compared campaign',
  'settings.mappingHint':
    'By default each field and criterion compares with the same code last time (when it exists). Choose another code when the set changed, or “No comparison”.',
  'settings.mappingNoPrevious': 'Choose a compared campaign to map criteria.',
  'settings.mappingAfterSave':
    'The compared campaign changed: click “Save settings” to load its criteria; criteria compare by the same code until you change the mapping.',
  'settings.onlyChanged': 'Only rows that differ from the default ({count})',
  'settings.noChanged': 'No row differs from the default.',
  'settings.current': 'This year’s field or criterion',
  'settings.previousCode': 'Compared with last time',
  'settings.mappingFor': 'Previous item for {code}',
  'settings.mappingState': 'State',
  'settings.noCompare': 'No comparison',
  'settings.overridden': 'Changed',
  'settings.default': 'Default',
  'settings.save': 'Save settings',
  'settings.saved': 'Results settings saved.',
  'settings.conflict':
    'Someone else saved the settings after you opened them. The current values are reloaded; review them and save again.',

  'form.required': 'Required.',
  'form.requiredDate': 'Please choose a date.',
  'form.datePlaceholder': 'Choose a date',
  'form.maxLength': 'At most {max} characters.',
  'form.cancel': 'Cancel',

  'present.pageTitle': 'Results presentation',
  'present.kicker': 'ADMINISTRATIVE REFORM INDEX RESULTS',
  'present.units': '{count} units',
  'present.scopeAll': 'one ranking of all units',
  'present.scopeGroup': 'ranked within each group',
  'present.ranking': 'Ranking',
  'present.bands': 'Results by band',
  'present.unitCount': '{count} units',
  'present.counter': 'Slide {n}/{total}',
  'present.slide': 'slide',
  'present.draft': 'Not published',
  'present.prev': 'Previous',
  'present.next': 'Next',
  'present.auto': 'Auto-advance ({seconds} s)',
  'present.fullscreen': 'Full screen',
  'present.exitFullscreen': 'Exit full screen',
  'present.exit': 'Exit (Esc)',
  'present.keysHint':
    'Arrow keys, Space or Page Up/Page Down change slides; Esc returns to the results page.',
};

const DICTIONARIES: Record<Lang, Dictionary> = { vi, en };

export type ResultsT = (key: ResultsMessageKey, params?: TParams) => string;

export function translateResults(lang: Lang, key: ResultsMessageKey, params?: TParams): string {
  const template = DICTIONARIES[lang][key];
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The feature's translation function for the current UI language. */
export function useResultsT(): ResultsT {
  const lang = useLang();
  return useCallback(
    (key: ResultsMessageKey, params?: TParams) => translateResults(lang, key, params),
    [lang],
  );
}
