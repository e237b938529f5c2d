import { useCallback } from 'react';
import { type Lang, type TParams, useLang } from '../../lib/i18n';

/**
 * Texts of the reports and documents pages (issue 7): "Báo cáo, văn bản" of a campaign, the
 * "Thiết lập văn bản" settings page and the unit's self-assessment report on the scorecard page.
 * Vietnamese first; same `{name}` syntax as lib/i18n. The kind and section labels come from the
 * domain contract (EXPORT_KIND_LABELS, REPORT_SECTION_LABELS).
 */
const vi = {
  'page.title': 'Báo cáo, văn bản',
  'page.back': 'Quay lại kỳ đánh giá',
  'page.openResults': 'Kết quả xếp hạng',
  'page.openSettings': 'Thiết lập văn bản',
  'page.intro':
    'Văn bản và bảng tính được tạo từ dữ liệu hiện tại của kỳ đánh giá; mỗi yêu cầu chạy nền, tệp xuất hiện ở mục “Tệp đã tạo” khi xong. Tên cơ quan, ký hiệu văn bản và người ký lấy từ “Thiết lập văn bản”.',
  'page.forbidden': 'Bạn không có quyền xem báo cáo, văn bản của kỳ đánh giá này.',

  'documents.title': 'Văn bản',
  'documents.hint': 'DOCX để chỉnh sửa tiếp trong Word; PDF để xem, in và gửi.',
  'workbooks.title': 'Bảng tính Excel',
  'workbooks.hint': 'Bảng tính lớn được ghi dần từng phần; có thể theo dõi tiến độ ở danh sách bên dưới.',
  'kindHint.consolidated-report':
    'Báo cáo của Văn phòng: số liệu lấy từ kết quả chấm điểm, lời văn lấy từ mục “Nội dung báo cáo tổng hợp”.',
  'kindHint.approval-decision':
    'Lập được khi Hội đồng thẩm định đã thông qua kết quả; kèm danh sách xếp hạng các đơn vị.',
  'kindHint.council-minutes': 'Thành phần, nội dung và kết luận của các phiên họp Hội đồng thẩm định.',
  'kindHint.self-assessment-report': 'Báo cáo tự đánh giá của đơn vị, theo kết quả tự chấm.',
  'kindHint.summary-workbook':
    'Mỗi đơn vị một dòng: điểm tự chấm, điểm thẩm định, chỉ số, xếp hạng, xếp loại.',
  'kindHint.detail-workbook': 'Điểm tự chấm và điểm thẩm định của từng tiêu chí, từng đơn vị.',
  'kindHint.field-workbook': 'Chỉ số của các đơn vị theo từng lĩnh vực.',
  'create.docx': 'Tạo DOCX',
  'create.pdf': 'Tạo PDF',
  'create.xlsx': 'Tạo XLSX',
  'create.aria': '{action}: {kind}',
  'create.created': 'Đã gửi yêu cầu tạo “{kind}” ({format}). Tệp sẽ có ở mục “Tệp đã tạo” khi xong.',
  'create.joinedRunning': 'Yêu cầu giống hệt đang được xử lý — dùng lại tệp.',
  'create.joinedDone': 'Yêu cầu giống hệt đã có — dùng lại tệp.',
  'create.failed': 'Không tạo được “{kind}”',

  'files.title': 'Tệp đã tạo',
  'files.scorecardTitle': 'Tệp báo cáo tự đánh giá đã tạo',
  'files.empty': 'Chưa tạo tệp nào.',
  'files.refreshing': 'Đang cập nhật tiến độ…',
  'col.file': 'Văn bản, bảng tính',
  'col.format': 'Định dạng',
  'col.requestedBy': 'Người yêu cầu',
  'col.createdAt': 'Thời điểm yêu cầu',
  'col.result': 'Kết quả',
  'status.PENDING': 'Đang chờ',
  'status.RUNNING': 'Đang tạo',
  'status.DONE': 'Hoàn tất',
  'status.FAILED': 'Lỗi',
  'progress.waiting': 'Đang chờ tới lượt…',
  'progress.aria': 'Tiến độ tạo tệp: {percent}%',
  'download.label': 'Tải về',
  'download.aria': 'Tải về {name} ({size})',
  'download.finishedAt': 'Xong lúc {at}',
  'size.bytes': '{value} byte',
  'size.kb': '{value} KB',
  'size.mb': '{value} MB',

  'draft.title': 'Nội dung báo cáo tổng hợp',
  'draft.intro':
    'Lời văn của các phần trong báo cáo tổng hợp; số liệu (số đơn vị, điểm, xếp hạng) được điền tự động khi tạo văn bản. Nội dung mặc định do hệ thống soạn từ dữ liệu của kỳ đánh giá.',
  'draft.readOnly': 'Chỉ xem: nội dung báo cáo do Văn phòng soạn.',
  'draft.restore': 'Khôi phục mặc định',
  'draft.restoreAria': 'Khôi phục mặc định: {section}',
  'draft.isDefault': 'Đang dùng nội dung mặc định',
  'draft.changed': 'Đã sửa',
  'draft.save': 'Lưu',
  'draft.saved': 'Đã lưu nội dung báo cáo tổng hợp.',
  'draft.lastSaved': 'Lưu lần cuối {at} bởi {name}.',
  'draft.lastSavedNoName': 'Lưu lần cuối {at}.',
  'draft.neverSaved': 'Chưa lưu lần nào — đang dùng nội dung mặc định.',
  'draft.unsaved': 'Có thay đổi chưa lưu — văn bản được tạo theo nội dung đã lưu.',
  'draft.discard': 'Bỏ thay đổi',

  'conflict.title': 'Nội dung vừa được người khác lưu sau khi bạn mở trang.',
  'conflict.titleBy': 'Nội dung vừa được {name} lưu lúc {at}, sau khi bạn mở trang.',
  'conflict.body':
    'Bản của bạn vẫn ở trên màn hình. Chọn “Tải bản đã lưu” để xem bản mới (thay đổi của bạn sẽ mất), hoặc “Lưu đè bằng bản của tôi”.',
  'conflict.reload': 'Tải bản đã lưu',
  'conflict.overwrite': 'Lưu đè bằng bản của tôi',

  'leave.title': 'Rời trang khi chưa lưu?',
  'leave.body': 'Các thay đổi chưa lưu sẽ mất.',
  'leave.ok': 'Rời trang',
  'leave.cancel': 'Ở lại',

  'settings.title': 'Thiết lập văn bản',
  'settings.hint':
    'Thể thức và kỹ thuật trình bày văn bản theo Nghị định 30/2020/NĐ-CP về công tác văn thư: tên cơ quan ban hành, số và ký hiệu, địa danh, quyền hạn và chức vụ người ký, nơi nhận.',
  'settings.readOnly': 'Chỉ xem: thiết lập văn bản do Văn phòng quản lý.',
  'settings.defaults': 'Đang dùng giá trị mặc định của hệ thống; thiết lập chưa được lưu lần nào.',
  'settings.agencyTitle': 'Cơ quan ban hành',
  'settings.agencyName': 'Tên cơ quan chủ quản',
  'settings.agencyNameHint': 'Dòng trên cùng bên trái; để trống nếu không có (ví dụ: THANH TRA CHÍNH PHỦ).',
  'settings.issuerName': 'Tên cơ quan ban hành quyết định',
  'settings.officeName': 'Tên đơn vị tham mưu (Văn phòng)',
  'settings.officeNameHint': 'Đơn vị ban hành báo cáo tổng hợp.',
  'settings.councilName': 'Tên Hội đồng thẩm định',
  'settings.place': 'Địa danh',
  'settings.placeHint': 'Ghi trước ngày tháng: “Hà Nội, ngày … tháng … năm …”.',
  'settings.headTitle': 'Chức danh thủ trưởng cơ quan',
  'settings.headTitleHint': 'Như trong quyết định, ví dụ: Tổng Thanh tra Chính phủ.',
  'settings.symbolsTitle': 'Ký hiệu văn bản',
  'settings.symbolsHint': 'Phần sau số văn bản, ví dụ “BC-VP” cho “Số: …/BC-VP”.',
  'settings.reportSymbol': 'Báo cáo tổng hợp',
  'settings.decisionSymbol': 'Quyết định phê duyệt',
  'settings.minutesSymbol': 'Biên bản họp Hội đồng',
  'settings.symbolPattern': "Chỉ gồm chữ, chữ số, '.', '-' hoặc '/' (ví dụ BC-VP).",
  'settings.signersTitle': 'Người ký',
  'settings.signersHint':
    'Quyền hạn ký ghi khi ký thay, ký thừa lệnh (ví dụ “KT. CHÁNH THANH TRA”); để trống khi ký với chức vụ của mình. Họ tên có thể để trống trong dự thảo.',
  'settings.reportSigner': 'Người ký báo cáo tổng hợp',
  'settings.decisionSigner': 'Người ký quyết định',
  'settings.minutesChair': 'Chủ trì cuộc họp Hội đồng',
  'settings.minutesSecretary': 'Thư ký cuộc họp Hội đồng',
  'settings.authority': 'Quyền hạn ký',
  'settings.authorityPlaceholder': 'Ví dụ: KT. CHÁNH THANH TRA',
  'settings.signerTitle': 'Chức vụ',
  'settings.signerName': 'Họ và tên',
  'settings.recipientsTitle': 'Nơi nhận',
  'settings.recipientsHint': 'Mỗi dòng một nơi nhận, tối đa {max} dòng.',
  'settings.reportRecipients': 'Nơi nhận báo cáo tổng hợp',
  'settings.decisionRecipients': 'Nơi nhận quyết định',
  'settings.recipientsTooMany': 'Tối đa {max} dòng.',
  'settings.recipientTooLong': 'Dòng {line}: tối đa {max} ký tự.',
  'settings.recipientLine': 'Dòng {line}: {message}',
  'settings.save': 'Lưu thiết lập',
  'settings.unsaved': 'Có thay đổi chưa lưu.',
  'settings.saved': 'Đã lưu thiết lập văn bản.',
  'settings.lastSaved': 'Lưu lần cuối {at} bởi {name}.',
  'settings.lastSavedNoName': 'Lưu lần cuối {at}.',
  'settings.conflict': 'Thiết lập vừa được người khác lưu sau khi bạn mở trang.',

  'scorecard.title': 'Báo cáo tự đánh giá',
  'scorecard.hint':
    'Tạo báo cáo tự đánh giá theo kết quả tự chấm đã lưu: PDF để xem, in; DOCX để chỉnh sửa, trình ký.',

  'form.required': 'Bắt buộc nhập.',
  'form.maxLength': 'Tối đa {max} ký tự.',
};

type Dictionary = Record<keyof typeof vi, string>;
export type ReportsMessageKey = keyof typeof vi;

const en: Dictionary = {
  'page.title': 'Reports and documents',
  'page.back': 'Back to the campaign',
  'page.openResults': 'Ranked results',
  'page.openSettings': 'Document settings',
  'page.intro':
    'Documents and workbooks are generated from the campaign’s current data; each request runs in the background and its file appears under “Generated files” when done. Agency names, document symbols and signers come from “Document settings”.',
  'page.forbidden': 'You may not see the reports and documents of this campaign.',

  'documents.title': 'Documents',
  'documents.hint': 'DOCX to keep editing in Word; PDF to read, print and send.',
  'workbooks.title': 'Excel workbooks',
  'workbooks.hint': 'Large workbooks are written piece by piece; follow the progress in the list below.',
  'kindHint.consolidated-report':
    'The Office’s report: figures from the scored results, prose from “Consolidated report text”.',
  'kindHint.approval-decision':
    'Available once the appraisal council has approved the results; includes the ranking of the units.',
  'kindHint.council-minutes': 'Attendance, proceedings and conclusions of the council’s meetings.',
  'kindHint.self-assessment-report': 'The unit’s self-assessment report, from its self-assessed scores.',
  'kindHint.summary-workbook': 'One row per unit: self-assessed and appraised points, index, rank and band.',
  'kindHint.detail-workbook': 'Self-assessed and appraised points of every criterion of every unit.',
  'kindHint.field-workbook': 'The units’ index in each field.',
  'create.docx': 'Create DOCX',
  'create.pdf': 'Create PDF',
  'create.xlsx': 'Create XLSX',
  'create.aria': '{action}: {kind}',
  'create.created': 'Requested “{kind}” ({format}). The file appears under “Generated files” when done.',
  'create.joinedRunning': 'An identical request is already being processed — its file is reused.',
  'create.joinedDone': 'An identical file already exists — it is reused.',
  'create.failed': 'Could not create “{kind}”',

  'files.title': 'Generated files',
  'files.scorecardTitle': 'Generated self-assessment reports',
  'files.empty': 'No file generated yet.',
  'files.refreshing': 'Updating progress…',
  'col.file': 'Document or workbook',
  'col.format': 'Format',
  'col.requestedBy': 'Requested by',
  'col.createdAt': 'Requested at',
  'col.result': 'Result',
  'status.PENDING': 'Waiting',
  'status.RUNNING': 'In progress',
  'status.DONE': 'Done',
  'status.FAILED': 'Failed',
  'progress.waiting': 'Waiting for its turn…',
  'progress.aria': 'Generation progress: {percent}%',
  'download.label': 'Download',
  'download.aria': 'Download {name} ({size})',
  'download.finishedAt': 'Finished at {at}',
  'size.bytes': '{value} bytes',
  'size.kb': '{value} KB',
  'size.mb': '{value} MB',

  'draft.title': 'Consolidated report text',
  'draft.intro':
    'The prose of the consolidated report’s sections; the figures (number of units, points, ranks) are filled in when the document is generated. The default text is written by the system from the campaign’s data.',
  'draft.readOnly': 'Read only: the Office writes the report text.',
  'draft.restore': 'Restore default',
  'draft.restoreAria': 'Restore default: {section}',
  'draft.isDefault': 'Default text',
  'draft.changed': 'Edited',
  'draft.save': 'Save',
  'draft.saved': 'Consolidated report text saved.',
  'draft.lastSaved': 'Last saved {at} by {name}.',
  'draft.lastSavedNoName': 'Last saved {at}.',
  'draft.neverSaved': 'Never saved — the default text is used.',
  'draft.unsaved': 'Unsaved changes — documents use the saved text.',
  'draft.discard': 'Discard changes',

  'conflict.title': 'Someone else saved after you opened the page.',
  'conflict.titleBy': '{name} saved at {at}, after you opened the page.',
  'conflict.body':
    'Your version is still on screen. Choose “Load the saved version” to see theirs (your changes are lost), or “Overwrite with mine”.',
  'conflict.reload': 'Load the saved version',
  'conflict.overwrite': 'Overwrite with mine',

  'leave.title': 'Leave without saving?',
  'leave.body': 'Unsaved changes will be lost.',
  'leave.ok': 'Leave',
  'leave.cancel': 'Stay',

  'settings.title': 'Document settings',
  'settings.hint':
    'Layout and presentation of the documents follow Decree 30/2020/NĐ-CP on clerical work: issuing agency, number and symbol, place, signing authority and title, recipients.',
  'settings.readOnly': 'Read only: the Office manages the document settings.',
  'settings.defaults': 'The system defaults are in use; the settings were never saved.',
  'settings.agencyTitle': 'Issuing agency',
  'settings.agencyName': 'Governing agency',
  'settings.agencyNameHint': 'Top-left line; leave empty when there is none (e.g. THANH TRA CHÍNH PHỦ).',
  'settings.issuerName': 'Agency issuing the decision',
  'settings.officeName': 'Advisory unit (the Office)',
  'settings.officeNameHint': 'Issues the consolidated report.',
  'settings.councilName': 'Appraisal council',
  'settings.place': 'Place',
  'settings.placeHint': 'Written before the date: “Hà Nội, ngày … tháng … năm …”.',
  'settings.headTitle': 'Title of the head of the agency',
  'settings.headTitleHint': 'As the decision names them, e.g. Tổng Thanh tra Chính phủ.',
  'settings.symbolsTitle': 'Document symbols',
  'settings.symbolsHint': 'The part after the number, e.g. “BC-VP” for “Số: …/BC-VP”.',
  'settings.reportSymbol': 'Consolidated report',
  'settings.decisionSymbol': 'Approval decision',
  'settings.minutesSymbol': 'Council minutes',
  'settings.symbolPattern': "Letters, digits, '.', '-' or '/' only (e.g. BC-VP).",
  'settings.signersTitle': 'Signers',
  'settings.signersHint':
    'The authority line is written when signing on behalf of someone (e.g. “KT. CHÁNH THANH TRA”); leave it empty when signing in one’s own title. The name may stay empty in a draft.',
  'settings.reportSigner': 'Signer of the consolidated report',
  'settings.decisionSigner': 'Signer of the decision',
  'settings.minutesChair': 'Chair of the council meeting',
  'settings.minutesSecretary': 'Secretary of the council meeting',
  'settings.authority': 'Signing authority',
  'settings.authorityPlaceholder': 'E.g. KT. CHÁNH THANH TRA',
  'settings.signerTitle': 'Title',
  'settings.signerName': 'Full name',
  'settings.recipientsTitle': 'Recipients',
  'settings.recipientsHint': 'One recipient per line, at most {max} lines.',
  'settings.reportRecipients': 'Recipients of the consolidated report',
  'settings.decisionRecipients': 'Recipients of the decision',
  'settings.recipientsTooMany': 'At most {max} lines.',
  'settings.recipientTooLong': 'Line {line}: at most {max} characters.',
  'settings.recipientLine': 'Line {line}: {message}',
  'settings.save': 'Save settings',
  'settings.unsaved': 'Unsaved changes.',
  'settings.saved': 'Document settings saved.',
  'settings.lastSaved': 'Last saved {at} by {name}.',
  'settings.lastSavedNoName': 'Last saved {at}.',
  'settings.conflict': 'Someone else saved the settings after you opened the page.',

  'scorecard.title': 'Self-assessment report',
  'scorecard.hint':
    'Generate the self-assessment report from the saved self-assessed scores: PDF to read and print, DOCX to edit and sign.',

  'form.required': 'Required.',
  'form.maxLength': 'At most {max} characters.',
};

const DICTIONARIES: Record<Lang, Dictionary> = { vi, en };

export type ReportsT = (key: ReportsMessageKey, params?: TParams) => string;

export function translateReports(lang: Lang, key: ReportsMessageKey, params?: TParams): string {
  const template = DICTIONARIES[lang][key];
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The feature's translation function for the current UI language. */
export function useReportsT(): ReportsT {
  const lang = useLang();
  return useCallback(
    (key: ReportsMessageKey, params?: TParams) => translateReports(lang, key, params),
    [lang],
  );
}
