/**
 * The closed list of error codes the API can return. Services throw `AppError(code)`;
 * `server/src/http/error-handler.ts` is the only place that turns a code into an HTTP status.
 * Each code carries a Vietnamese default message (the UI language) and an English one.
 */
export const ERROR_CODES = {
  /** Request body, query or params failed schema validation. */
  VALIDATION_ERROR: { status: 400, vi: 'Dữ liệu không hợp lệ.', en: 'Invalid input.' },
  /** Request body is not parseable JSON. */
  INVALID_JSON: {
    status: 400,
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'Body is not valid JSON.',
  },
  /** No session cookie, or the session expired, was revoked, or was forged. */
  UNAUTHENTICATED: {
    status: 401,
    vi: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.',
    en: 'Your session is invalid or has expired. Please sign in again.',
  },
  /**
   * Sign-in refused: unknown username, wrong password, or an account temporarily locked after
   * repeated failures. Deliberately one answer for all three, so that it does not reveal which
   * usernames exist; the audit log keeps the real reason.
   */
  INVALID_CREDENTIALS: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khoá do nhập sai nhiều lần. Thử lại sau ít phút.',
    en: 'Wrong username or password, or the account is temporarily locked after repeated failed sign-ins. Try again in a few minutes.',
  },
  /** Account deactivated by an administrator. Same message as wrong credentials would leak less,
   * but a deactivated official needs to know whom to ask. */
  ACCOUNT_DISABLED: {
    status: 403,
    vi: 'Tài khoản đã bị vô hiệu hoá. Liên hệ quản trị hệ thống.',
    en: 'Account deactivated. Contact the system administrator.',
  },
  /** Cookie-authenticated write without the matching X-CSRF-Token header. */
  CSRF_INVALID: {
    status: 403,
    vi: 'Thiếu hoặc sai mã chống giả mạo (CSRF). Vui lòng tải lại trang.',
    en: 'Missing or wrong CSRF token. Reload the page.',
  },
  /** The password was set by an administrator and must be changed before anything else. */
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    vi: 'Bạn cần đổi mật khẩu trước khi tiếp tục.',
    en: 'Change your password before continuing.',
  },
  /** The policy `can(actor, action, resource)` said no. */
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You may not do this.' },
  /** Route or entity does not exist (or is invisible to the actor). */
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy.', en: 'Not found.' },
  /** Unique key already taken (unit code, group code, username). */
  DUPLICATE: { status: 409, vi: 'Giá trị đã tồn tại.', en: 'Already exists.' },
  /** A referenced entity (unit, group) does not exist. */
  REFERENCE_NOT_FOUND: {
    status: 422,
    vi: 'Đối tượng được tham chiếu không tồn tại.',
    en: 'A referenced record does not exist.',
  },
  /** A unit-scoped role (focal officer, unit head) was given without a unit. */
  ROLE_REQUIRES_UNIT: {
    status: 422,
    vi: 'Vai trò này phải gắn với một đơn vị.',
    en: 'This role must be assigned to a unit.',
  },
  /** The workflow has no such transition from the entity's current state. */
  INVALID_STATE_TRANSITION: {
    status: 409,
    vi: 'Không thể thực hiện thao tác ở trạng thái hiện tại.',
    en: 'Not possible in the current state.',
  },
  /** Current password wrong when changing password. */
  WRONG_PASSWORD: { status: 422, vi: 'Mật khẩu hiện tại không đúng.', en: 'Current password is wrong.' },
  /** New password does not meet the policy. */
  WEAK_PASSWORD: {
    status: 422,
    vi: 'Mật khẩu mới phải có ít nhất 10 ký tự, gồm chữ và số.',
    en: 'The new password needs at least 10 characters with letters and digits.',
  },
  /** The action conflicts with the entity's current state (e.g. deactivating oneself). */
  CONFLICT: {
    status: 409,
    vi: 'Thao tác xung đột với trạng thái hiện tại.',
    en: 'Conflicts with the current state.',
  },
  /** An index-set file breaks the format; `details.errors` lists every problem by location. */
  INDEX_SET_INVALID: {
    status: 422,
    vi: 'Bộ chỉ số không hợp lệ; không có gì được lưu. Xem danh sách lỗi.',
    en: 'The index set is invalid; nothing was saved. See the list of errors.',
  },
  /** A published (frozen) version cannot be edited; create a new version instead. */
  INDEX_SET_FROZEN: {
    status: 409,
    vi: 'Bộ chỉ số đã ban hành nên không sửa được; hãy tạo phiên bản mới.',
    en: 'This version is published and frozen; create a new version.',
  },
  /** Another import or new version of the same code is being written right now. */
  IMPORT_IN_PROGRESS: {
    status: 409,
    vi: 'Đang có một lần nhập khác cho cùng mã bộ chỉ số; vui lòng thử lại sau.',
    en: 'Another import of the same index-set code is running; try again shortly.',
  },
  /** The uploaded file is neither JSON nor XLSX (checked by content, not by name). */
  UNSUPPORTED_FILE: {
    status: 415,
    vi: 'Tệp không phải JSON hoặc Excel (.xlsx).',
    en: 'The file is neither JSON nor Excel (.xlsx).',
  },
  /** A campaign must use a PUBLISHED (frozen) index-set version. */
  INDEX_SET_NOT_PUBLISHED: {
    status: 422,
    vi: 'Kỳ đánh giá phải dùng một bộ chỉ số đã ban hành.',
    en: 'A campaign must use a published index set.',
  },
  /** The deadline (Asia/Ho_Chi_Minh) has passed; `details.dueDate` says which. */
  DEADLINE_PASSED: {
    status: 409,
    vi: 'Đã quá hạn; không thể thay đổi nữa.',
    en: 'The deadline has passed; no more changes.',
  },
  /** The scorecard is submitted or the self-assessment phase is not open. */
  SCORECARD_LOCKED: {
    status: 409,
    vi: 'Phiếu tự đánh giá đã nộp hoặc đã khoá; không sửa được.',
    en: 'The scorecard is submitted or locked.',
  },
  /** Someone saved the same record after you read it; `details.current` holds their value. */
  EDIT_CONFLICT: {
    status: 409,
    vi: 'Người khác vừa lưu nội dung này sau khi bạn mở. Xem giá trị hiện tại rồi lưu lại.',
    en: 'Someone else saved this after you opened it. Review the current value and save again.',
  },
  /** An answer outside its method's range; `fields` names the leaf. */
  ANSWER_INVALID: {
    status: 422,
    vi: 'Giá trị chấm không hợp lệ với phương pháp chấm của tiêu chí.',
    en: "The answer does not fit the criterion's scoring method.",
  },
  /** Submission checks failed; `details.problems` lists each leaf and what is missing. */
  SUBMISSION_INCOMPLETE: {
    status: 422,
    vi: 'Chưa thể nộp: còn tiêu chí chưa chấm hoặc thiếu giải thích. Xem danh sách.',
    en: 'Cannot submit yet: some criteria are unanswered or lack an explanation.',
  },
  /** Upload larger than the configured limit; nothing was kept. */
  FILE_TOO_LARGE: {
    status: 413,
    vi: 'Tệp vượt quá dung lượng cho phép; không có gì được lưu.',
    en: 'The file exceeds the size limit; nothing was stored.',
  },
  /** Upload content is not an allowed type (checked by content, not by name). */
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    vi: 'Loại tệp không được phép (chỉ PDF, DOCX, XLSX, DOC, XLS, JPG, PNG hoặc ZIP của các loại này).',
    en: 'File type not allowed (PDF, DOCX, XLSX, DOC, XLS, JPG, PNG or a ZIP of those).',
  },
  /** Empty upload. */
  FILE_EMPTY: { status: 422, vi: 'Tệp rỗng.', en: 'The file is empty.' },
  /** The client went away mid-upload; nothing was kept. */
  UPLOAD_ABORTED: {
    status: 400,
    vi: 'Tải lên bị gián đoạn; không có gì được lưu.',
    en: 'The upload was interrupted; nothing was stored.',
  },
  /** A scorecard workbook belongs to another unit or campaign, or its rows are invalid. */
  SCORECARD_FILE_INVALID: {
    status: 422,
    vi: 'Tệp phiếu chấm không hợp lệ; không có gì được lưu. Xem danh sách lỗi.',
    en: 'The scorecard workbook is invalid; nothing was saved.',
  },
  /** An appraised score outside [0, the leaf's maximum]; `fields.points` says the range. */
  SCORE_OUT_OF_RANGE: {
    status: 422,
    vi: 'Điểm thẩm định phải nằm trong khoảng từ 0 đến điểm tối đa của tiêu chí.',
    en: "An appraised score must be between 0 and the criterion's maximum.",
  },
  /** A change of a unit's score (or a decision) without its mandatory reason. */
  REASON_REQUIRED: {
    status: 422,
    vi: 'Phải nêu lý do cho thay đổi này.',
    en: 'A reason is required for this change.',
  },
  /** A working-group member acting on a unit not assigned to them. */
  NOT_ASSIGNED: {
    status: 403,
    vi: 'Bạn không được phân công thẩm định đơn vị này.',
    en: 'You are not assigned to appraise this unit.',
  },
  /** A member may never appraise their own unit (conflict of interest). */
  CONFLICT_OF_INTEREST: {
    status: 403,
    vi: 'Không được thẩm định đơn vị nơi mình công tác (xung đột lợi ích).',
    en: 'A member may not appraise their own unit (conflict of interest).',
  },
  /** A step needs the working group's review to be finished first; `details.units` lists them. */
  NOT_REVIEWED: {
    status: 409,
    vi: 'Đơn vị chưa được Tổ giúp việc thẩm định xong.',
    en: 'The working group has not finished reviewing this unit.',
  },
  /** Review round cannot finish: some leaves are undecided; `details.leafCodes` lists them. */
  REVIEW_INCOMPLETE: {
    status: 422,
    vi: 'Còn tiêu chí chưa thẩm định. Xem danh sách.',
    en: 'Some criteria have not been reviewed yet.',
  },
  /** Approved or published results change only by an amendment with a reason. */
  RESULTS_FROZEN: {
    status: 409,
    vi: 'Kết quả đã được phê duyệt/công bố; chỉ có thể điều chỉnh bằng quyết định sửa đổi (có lý do).',
    en: 'Results are approved or published; change them only by an amendment with a reason.',
  },
  /** Results are not approved by leadership yet (publication, announcement, a unit's own results). */
  RESULTS_NOT_APPROVED: {
    status: 409,
    vi: 'Kết quả chưa được lãnh đạo phê duyệt.',
    en: 'The results are not approved yet.',
  },
  /** Publishing needs the announcement record (decision number and date) first. */
  ANNOUNCEMENT_REQUIRED: {
    status: 422,
    vi: 'Nhập số và ngày quyết định công bố trước khi công bố kết quả.',
    en: 'Record the announcement decision (number and date) before publishing.',
  },
  /** Appeals are accepted only within the window the Office set. */
  APPEAL_WINDOW_CLOSED: {
    status: 409,
    vi: 'Không trong thời hạn nhận kiến nghị.',
    en: 'Appeals are not open.',
  },
  /** Body too large. */
  /** The approval decision is drafted only once the council approved every unit's result. */
  COUNCIL_NOT_APPROVED: {
    status: 409,
    vi: 'Hội đồng thẩm định chưa thông qua kết quả nên chưa lập được dự thảo quyết định.',
    en: 'The council has not approved the results yet.',
  },
  /** A campaign-wide report needs at least one submitted self-assessment. */
  NO_SUBMITTED_UNITS: {
    status: 409,
    vi: 'Chưa có đơn vị nào nộp kết quả tự đánh giá nên chưa lập được báo cáo.',
    en: 'No unit has submitted its self-assessment yet.',
  },
  /** The export job has not finished (or failed): nothing to download. */
  EXPORT_NOT_READY: {
    status: 409,
    vi: 'Tệp chưa được tạo xong.',
    en: 'The export is not ready.',
  },
  /** The export's file was removed (older than the retention period). */
  EXPORT_GONE: {
    status: 410,
    vi: 'Tệp đã được xóa theo thời hạn lưu. Hãy tạo lại.',
    en: 'The export file was removed; request it again.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'Payload too large.' },
  /** Rate limit hit. */
  RATE_LIMITED: { status: 429, vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau.', en: 'Too many requests.' },
  /** Database unreachable. */
  SERVICE_UNAVAILABLE: { status: 503, vi: 'Hệ thống tạm thời không khả dụng.', en: 'Service unavailable.' },
  /** Anything unexpected; the response carries a correlation id found in the logs. */
  INTERNAL: {
    status: 500,
    vi: 'Lỗi hệ thống. Vui lòng báo quản trị kèm mã tham chiếu.',
    en: 'Internal error. Report it with the reference id.',
  },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** Field-level problems, keyed by dotted path, Vietnamese text. */
    fields?: Record<string, string>;
    details?: Record<string, unknown>;
    requestId?: string;
  };
}
