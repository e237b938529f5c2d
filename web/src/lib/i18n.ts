import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/vi';
import { useCallback, useSyncExternalStore } from 'react';

/**
 * UI language. Vietnamese is the language of the product; English is a convenience switch.
 * The choice is a tiny external store (no provider needed) persisted in localStorage; it also keeps
 * `<html lang>` and the dayjs locale in step.
 */
export const LANGUAGES = ['vi', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'cchc.lang';

const vi = {
  'app.name': 'Chỉ số cải cách hành chính',
  'app.shortName': 'Chỉ số CCHC',
  'app.agency': 'Thanh tra Chính phủ',

  'lang.label': 'Ngôn ngữ',
  'lang.vi': 'Tiếng Việt',
  'lang.en': 'English',

  'common.save': 'Lưu',
  'common.cancel': 'Huỷ',
  'common.edit': 'Sửa',
  'common.actions': 'Thao tác',
  'common.status': 'Trạng thái',
  'common.active': 'Đang sử dụng',
  'common.inactive': 'Ngừng sử dụng',
  'common.retry': 'Thử lại',
  'common.loading': 'Đang tải…',
  'common.backHome': 'Về trang Tổng quan',
  'common.loadError': 'Không tải được dữ liệu',
  'common.required': 'Bắt buộc nhập.',
  'common.requiredSelect': 'Bắt buộc chọn.',
  'common.maxLength': 'Tối đa {max} ký tự.',
  'common.total': 'Tổng số: {count}',
  'common.none': '—',

  'errors.network': 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.',
  'errors.unexpected': 'Đã xảy ra lỗi không mong muốn.',
  'errors.reference': 'Mã tham chiếu: {id}',

  'nav.label': 'Điều hướng chính',
  'nav.home': 'Tổng quan',
  'nav.units': 'Đơn vị',
  'nav.myUnit': 'Đơn vị của tôi',
  'nav.users': 'Người dùng',
  'nav.admin': 'Quản trị hệ thống',
  'nav.adminUnits': 'Đơn vị',
  'nav.adminUnitGroups': 'Khối đơn vị',
  'nav.adminUsers': 'Người dùng',

  'header.changePassword': 'Đổi mật khẩu',
  'header.logout': 'Đăng xuất',
  'header.loggedOut': 'Đã đăng xuất.',

  'login.pageTitle': 'Đăng nhập',
  'login.heading': 'Đăng nhập hệ thống',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.usernameRequired': 'Vui lòng nhập tên đăng nhập.',
  'login.passwordRequired': 'Vui lòng nhập mật khẩu.',
  'login.failed': 'Đăng nhập không thành công',
  'login.lockedUntil': 'Tài khoản sẽ được mở khoá lúc {time}.',
  'login.sessionExpired': 'Phiên đăng nhập đã hết hạn hoặc không còn hiệu lực. Vui lòng đăng nhập lại.',
  'login.footer': 'Thanh tra Chính phủ — Văn phòng (Phòng Kiểm soát thủ tục hành chính)',

  'forbidden.title': '403 — Không có quyền truy cập',
  'forbidden.subTitle': 'Tài khoản của bạn không có quyền xem trang này.',
  'notFound.title': '404 — Không tìm thấy trang',
  'notFound.subTitle': 'Đường dẫn bạn mở không tồn tại hoặc đã được thay đổi.',
  'notFound.toLogin': 'Về trang đăng nhập',
  'routeError.title': 'Trang gặp lỗi',
  'routeError.subTitle': 'Đã xảy ra lỗi khi hiển thị trang. Vui lòng tải lại trang.',
  'routeError.reload': 'Tải lại trang',

  'home.title': 'Tổng quan',
  'home.greeting': 'Xin chào, {name}!',
  'home.intro':
    'Đây là hệ thống chấm điểm Chỉ số cải cách hành chính của các vụ, cục, đơn vị thuộc Thanh tra Chính phủ.',
  'home.yourRoles': 'Vai trò của bạn',
  'home.noRoles': 'Tài khoản chưa được gán vai trò nào. Vui lòng liên hệ quản trị hệ thống.',
  'home.unit': 'Đơn vị',
  'home.plan': 'Kế hoạch năm 2024',
  'home.planIntro': 'Các mốc chính của kỳ đánh giá, xác định Chỉ số cải cách hành chính năm 2024.',
  'home.before': 'Trước {date}',
  'home.milestone.guide': 'Hướng dẫn chấm điểm',
  'home.milestone.self': 'Đơn vị tự chấm điểm, gửi báo cáo',
  'home.milestone.appraise': 'Hội đồng thẩm định',
  'home.milestone.summary': 'Báo cáo tổng hợp',
  'home.milestone.announce': 'Hội nghị công bố',
  'home.milestone.announceWhen': 'Quý I/2025',

  'duty.SYSTEM_ADMIN':
    'Quản lý tài khoản người dùng, phân quyền và cơ cấu tổ chức (đơn vị, khối đơn vị) để các bên tham gia chu kỳ chấm điểm.',
  'duty.OFFICE_STAFF':
    'Là cơ quan thường trực: tổ chức chu kỳ chấm điểm hằng năm, ban hành bộ chỉ số và hướng dẫn, theo dõi tiến độ của các đơn vị và tổng hợp kết quả.',
  'duty.UNIT_FOCAL':
    'Tự chấm điểm các tiêu chí của đơn vị, kèm tài liệu kiểm chứng, và chuẩn bị báo cáo tự chấm điểm để thủ trưởng đơn vị gửi.',
  'duty.UNIT_HEAD':
    'Xem xét kết quả tự chấm điểm do công chức đầu mối chuẩn bị và gửi báo cáo tự chấm điểm của đơn vị đúng hạn.',
  'duty.WORKING_GROUP':
    'Rà soát kết quả tự chấm điểm và tài liệu kiểm chứng của các đơn vị, đề xuất điểm thẩm định cho Hội đồng.',
  'duty.COUNCIL_MEMBER': 'Thẩm định kết quả chấm điểm, quyết định điểm và xếp hạng các đơn vị.',
  'duty.LEADERSHIP': 'Phê duyệt kết quả Chỉ số cải cách hành chính của các đơn vị trước khi công bố.',
  'duty.VIEWER': 'Theo dõi và tra cứu kết quả Chỉ số cải cách hành chính đã được công bố.',

  'units.pageTitle': 'Đơn vị',
  'units.myPageTitle': 'Đơn vị của tôi',
  'units.adminPageTitle': 'Quản lý đơn vị',
  'units.code': 'Mã đơn vị',
  'units.name': 'Tên đơn vị',
  'units.kind': 'Loại đơn vị',
  'units.group': 'Khối',
  'units.noGroup': 'Chưa thuộc khối',
  'units.search': 'Tìm đơn vị',
  'units.searchPlaceholder': 'Tìm theo mã hoặc tên đơn vị',
  'units.includeInactive': 'Hiện cả đơn vị ngừng sử dụng',
  'units.add': 'Thêm đơn vị',
  'units.addTitle': 'Thêm đơn vị',
  'units.editTitle': 'Sửa đơn vị {code}',
  'units.deactivate': 'Ngừng sử dụng',
  'units.activate': 'Sử dụng lại',
  'units.deactivateConfirm': 'Ngừng sử dụng đơn vị “{name}”?',
  'units.deactivateConfirmHint': 'Đơn vị sẽ không còn được chọn khi phân quyền; dữ liệu cũ được giữ nguyên.',
  'units.created': 'Đã thêm đơn vị {code}.',
  'units.updated': 'Đã cập nhật đơn vị {code}.',
  'units.deactivated': 'Đã ngừng sử dụng đơn vị {code}.',
  'units.activated': 'Đã sử dụng lại đơn vị {code}.',
  'units.codeHint': 'Chữ in hoa không dấu, chữ số, “_” hoặc “-”, ví dụ: VPC.',
  'units.codeInvalid': 'Mã chỉ gồm chữ in hoa không dấu, chữ số, “_” hoặc “-”.',
  'units.selectKind': 'Chọn loại đơn vị',
  'units.selectGroup': 'Chọn khối (không bắt buộc)',
  'units.empty': 'Không có đơn vị nào.',

  'groups.pageTitle': 'Khối đơn vị',
  'groups.code': 'Mã khối',
  'groups.name': 'Tên khối',
  'groups.unitCount': 'Số đơn vị',
  'groups.add': 'Thêm khối',
  'groups.addTitle': 'Thêm khối đơn vị',
  'groups.editTitle': 'Sửa khối {code}',
  'groups.deactivateConfirm': 'Ngừng sử dụng khối “{name}”?',
  'groups.created': 'Đã thêm khối {code}.',
  'groups.updated': 'Đã cập nhật khối {code}.',
  'groups.deactivated': 'Đã ngừng sử dụng khối {code}.',
  'groups.activated': 'Đã sử dụng lại khối {code}.',
  'groups.empty': 'Chưa có khối đơn vị nào.',

  'users.pageTitle': 'Người dùng',
  'users.adminPageTitle': 'Quản lý người dùng',
  'users.username': 'Tên đăng nhập',
  'users.fullName': 'Họ và tên',
  'users.email': 'Email',
  'users.roles': 'Vai trò',
  'users.lastLogin': 'Đăng nhập gần nhất',
  'users.never': 'Chưa đăng nhập',
  'users.statusActive': 'Đang hoạt động',
  'users.statusInactive': 'Đã vô hiệu hoá',
  'users.statusLocked': 'Tạm khoá đến {time}',
  'users.search': 'Tìm người dùng',
  'users.searchPlaceholder': 'Tìm theo tên đăng nhập, họ tên hoặc email',
  'users.filterRole': 'Lọc theo vai trò',
  'users.allRoles': 'Tất cả vai trò',
  'users.filterUnit': 'Lọc theo đơn vị',
  'users.allUnits': 'Tất cả đơn vị',
  'users.includeInactive': 'Hiện cả tài khoản đã vô hiệu hoá',
  'users.add': 'Thêm người dùng',
  'users.addTitle': 'Thêm người dùng',
  'users.editTitle': 'Sửa người dùng {username}',
  'users.usernameHint': 'Chữ thường không dấu, chữ số, “.”, “_” hoặc “-”; không đổi được sau khi tạo.',
  'users.usernameInvalid': 'Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, “.”, “_” hoặc “-”.',
  'users.usernameMin': 'Tối thiểu {min} ký tự.',
  'users.emailInvalid': 'Email không hợp lệ.',
  'users.password': 'Mật khẩu ban đầu',
  'users.newPassword': 'Mật khẩu mới',
  'users.generatePassword': 'Tạo mật khẩu',
  'users.passwordHint':
    'Ít nhất {min} ký tự, gồm cả chữ và số. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên.',
  'users.passwordWeak': 'Mật khẩu phải có ít nhất {min} ký tự, gồm cả chữ và số.',
  'users.roleN': 'Vai trò {n}',
  'users.unitN': 'Đơn vị của vai trò {n}',
  'users.selectRole': 'Chọn vai trò',
  'users.selectUnit': 'Chọn đơn vị',
  'users.unitRequired': 'Vai trò này phải gắn với một đơn vị.',
  'users.addRole': 'Thêm vai trò',
  'users.removeRole': 'Bỏ vai trò {n}',
  'users.rolesRequired': 'Phải có ít nhất một vai trò.',
  'users.deactivate': 'Vô hiệu hoá',
  'users.activate': 'Kích hoạt',
  'users.resetPassword': 'Đặt lại mật khẩu',
  'users.resetTitle': 'Đặt lại mật khẩu cho {name}',
  'users.resetHint':
    'Tài khoản sẽ được mở khoá, mọi phiên đăng nhập bị đăng xuất và người dùng phải đổi mật khẩu khi đăng nhập lại.',
  'users.deactivateConfirm': 'Vô hiệu hoá tài khoản “{username}”?',
  'users.deactivateConfirmHint': 'Người dùng sẽ bị đăng xuất và không đăng nhập được nữa.',
  'users.created': 'Đã thêm người dùng {username}.',
  'users.updated': 'Đã cập nhật người dùng {username}.',
  'users.deactivated': 'Đã vô hiệu hoá tài khoản {username}.',
  'users.activated': 'Đã kích hoạt tài khoản {username}.',
  'users.passwordReset': 'Đã đặt lại mật khẩu cho {username}. Hãy chuyển mật khẩu mới cho người dùng.',
  'users.empty': 'Không có người dùng nào.',

  'password.pageTitle': 'Đổi mật khẩu',
  'password.current': 'Mật khẩu hiện tại',
  'password.new': 'Mật khẩu mới',
  'password.confirm': 'Nhập lại mật khẩu mới',
  'password.mismatch': 'Mật khẩu nhập lại không khớp.',
  'password.sameAsCurrent': 'Mật khẩu mới phải khác mật khẩu hiện tại.',
  'password.hint': 'Ít nhất {min} ký tự, gồm cả chữ và số.',
  'password.submit': 'Đổi mật khẩu',
  'password.changed': 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đăng xuất.',
  'password.mustChangeTitle': 'Bạn cần đổi mật khẩu trước khi tiếp tục',
  'password.mustChangeBody':
    'Mật khẩu hiện tại do quản trị hệ thống cấp hoặc vừa được đặt lại. Để bảo vệ tài khoản, hãy đặt mật khẩu mới chỉ mình bạn biết; sau đó bạn có thể dùng các chức năng khác.',
} as const;

export type MessageKey = keyof typeof vi;
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  'app.name': 'Administrative Reform Index',
  'app.shortName': 'PAR Index',
  'app.agency': 'Government Inspectorate of Vietnam',

  'lang.label': 'Language',
  'lang.vi': 'Tiếng Việt',
  'lang.en': 'English',

  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.edit': 'Edit',
  'common.actions': 'Actions',
  'common.status': 'Status',
  'common.active': 'Active',
  'common.inactive': 'Inactive',
  'common.retry': 'Retry',
  'common.loading': 'Loading…',
  'common.backHome': 'Back to overview',
  'common.loadError': 'Could not load data',
  'common.required': 'Required.',
  'common.requiredSelect': 'Required.',
  'common.maxLength': 'At most {max} characters.',
  'common.total': 'Total: {count}',
  'common.none': '—',

  'errors.network': 'Cannot reach the server. Check the network and try again.',
  'errors.unexpected': 'An unexpected error occurred.',
  'errors.reference': 'Reference: {id}',

  'nav.label': 'Main navigation',
  'nav.home': 'Overview',
  'nav.units': 'Units',
  'nav.myUnit': 'My unit',
  'nav.users': 'Users',
  'nav.admin': 'Administration',
  'nav.adminUnits': 'Units',
  'nav.adminUnitGroups': 'Unit groups',
  'nav.adminUsers': 'Users',

  'header.changePassword': 'Change password',
  'header.logout': 'Sign out',
  'header.loggedOut': 'Signed out.',

  'login.pageTitle': 'Sign in',
  'login.heading': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.usernameRequired': 'Enter your username.',
  'login.passwordRequired': 'Enter your password.',
  'login.failed': 'Sign-in failed',
  'login.lockedUntil': 'The account unlocks at {time}.',
  'login.sessionExpired': 'Your session has expired or is no longer valid. Please sign in again.',
  'login.footer': 'Government Inspectorate — Office (Administrative Procedures Control Division)',

  'forbidden.title': '403 — Access denied',
  'forbidden.subTitle': 'Your account may not view this page.',
  'notFound.title': '404 — Page not found',
  'notFound.subTitle': 'The address you opened does not exist or has changed.',
  'notFound.toLogin': 'Go to sign-in',
  'routeError.title': 'Something went wrong',
  'routeError.subTitle': 'The page failed to display. Please reload it.',
  'routeError.reload': 'Reload',

  'home.title': 'Overview',
  'home.greeting': 'Hello, {name}!',
  'home.intro':
    'This is the Administrative Reform Index scoring system for the departments, bureaus and units of the Government Inspectorate.',
  'home.yourRoles': 'Your roles',
  'home.noRoles': 'Your account has no role yet. Please contact the system administrator.',
  'home.unit': 'Unit',
  'home.plan': '2024 plan',
  'home.planIntro': 'Key milestones of the 2024 Administrative Reform Index assessment.',
  'home.before': 'By {date}',
  'home.milestone.guide': 'Scoring guidance issued',
  'home.milestone.self': 'Units self-score and submit their reports',
  'home.milestone.appraise': 'Appraisal council review',
  'home.milestone.summary': 'Summary report',
  'home.milestone.announce': 'Announcement conference',
  'home.milestone.announceWhen': 'Q1 2025',

  'duty.SYSTEM_ADMIN':
    'Manage user accounts, role assignments and the organisation (units, unit groups) for everyone taking part in the scoring cycle.',
  'duty.OFFICE_STAFF':
    'As the standing body, run the yearly scoring cycle, publish the index set and guidance, follow the units’ progress and consolidate the results.',
  'duty.UNIT_FOCAL':
    'Self-score your unit against each criterion with supporting evidence, and prepare the self-assessment report for the unit head.',
  'duty.UNIT_HEAD':
    'Review the self-assessment prepared by the focal officer and submit your unit’s report on time.',
  'duty.WORKING_GROUP':
    'Review the units’ self-scores and evidence and propose appraisal scores to the council.',
  'duty.COUNCIL_MEMBER': 'Appraise the scores, decide the final points and rank the units.',
  'duty.LEADERSHIP': 'Approve the units’ Administrative Reform Index results before they are announced.',
  'duty.VIEWER': 'Follow and look up the published Administrative Reform Index results.',

  'units.pageTitle': 'Units',
  'units.myPageTitle': 'My unit',
  'units.adminPageTitle': 'Manage units',
  'units.code': 'Code',
  'units.name': 'Name',
  'units.kind': 'Kind',
  'units.group': 'Group',
  'units.noGroup': 'No group',
  'units.search': 'Search units',
  'units.searchPlaceholder': 'Search by code or name',
  'units.includeInactive': 'Show inactive units',
  'units.add': 'Add unit',
  'units.addTitle': 'Add unit',
  'units.editTitle': 'Edit unit {code}',
  'units.deactivate': 'Deactivate',
  'units.activate': 'Reactivate',
  'units.deactivateConfirm': 'Deactivate unit “{name}”?',
  'units.deactivateConfirmHint': 'It can no longer be chosen in role assignments; past data is kept.',
  'units.created': 'Unit {code} added.',
  'units.updated': 'Unit {code} updated.',
  'units.deactivated': 'Unit {code} deactivated.',
  'units.activated': 'Unit {code} reactivated.',
  'units.codeHint': 'Upper-case letters without accents, digits, “_” or “-”, e.g. VPC.',
  'units.codeInvalid': 'Use upper-case letters without accents, digits, “_” or “-” only.',
  'units.selectKind': 'Choose a kind',
  'units.selectGroup': 'Choose a group (optional)',
  'units.empty': 'No units.',

  'groups.pageTitle': 'Unit groups',
  'groups.code': 'Code',
  'groups.name': 'Name',
  'groups.unitCount': 'Units',
  'groups.add': 'Add group',
  'groups.addTitle': 'Add unit group',
  'groups.editTitle': 'Edit group {code}',
  'groups.deactivateConfirm': 'Deactivate group “{name}”?',
  'groups.created': 'Group {code} added.',
  'groups.updated': 'Group {code} updated.',
  'groups.deactivated': 'Group {code} deactivated.',
  'groups.activated': 'Group {code} reactivated.',
  'groups.empty': 'No unit groups yet.',

  'users.pageTitle': 'Users',
  'users.adminPageTitle': 'Manage users',
  'users.username': 'Username',
  'users.fullName': 'Full name',
  'users.email': 'Email',
  'users.roles': 'Roles',
  'users.lastLogin': 'Last sign-in',
  'users.never': 'Never',
  'users.statusActive': 'Active',
  'users.statusInactive': 'Deactivated',
  'users.statusLocked': 'Locked until {time}',
  'users.search': 'Search users',
  'users.searchPlaceholder': 'Search by username, name or email',
  'users.filterRole': 'Filter by role',
  'users.allRoles': 'All roles',
  'users.filterUnit': 'Filter by unit',
  'users.allUnits': 'All units',
  'users.includeInactive': 'Show deactivated accounts',
  'users.add': 'Add user',
  'users.addTitle': 'Add user',
  'users.editTitle': 'Edit user {username}',
  'users.usernameHint': 'Lower-case letters without accents, digits, “.”, “_” or “-”; cannot change later.',
  'users.usernameInvalid': 'Use lower-case letters without accents, digits, “.”, “_” or “-” only.',
  'users.usernameMin': 'At least {min} characters.',
  'users.emailInvalid': 'Invalid email address.',
  'users.password': 'Initial password',
  'users.newPassword': 'New password',
  'users.generatePassword': 'Generate',
  'users.passwordHint':
    'At least {min} characters with letters and digits. The user must change it at first sign-in.',
  'users.passwordWeak': 'The password needs at least {min} characters with letters and digits.',
  'users.roleN': 'Role {n}',
  'users.unitN': 'Unit of role {n}',
  'users.selectRole': 'Choose a role',
  'users.selectUnit': 'Choose a unit',
  'users.unitRequired': 'This role must be assigned to a unit.',
  'users.addRole': 'Add role',
  'users.removeRole': 'Remove role {n}',
  'users.rolesRequired': 'At least one role is required.',
  'users.deactivate': 'Deactivate',
  'users.activate': 'Activate',
  'users.resetPassword': 'Reset password',
  'users.resetTitle': 'Reset the password of {name}',
  'users.resetHint':
    'The account is unlocked, all its sessions are signed out and the user must change the password at next sign-in.',
  'users.deactivateConfirm': 'Deactivate account “{username}”?',
  'users.deactivateConfirmHint': 'The user is signed out and can no longer sign in.',
  'users.created': 'User {username} added.',
  'users.updated': 'User {username} updated.',
  'users.deactivated': 'Account {username} deactivated.',
  'users.activated': 'Account {username} activated.',
  'users.passwordReset': 'Password of {username} reset. Pass the new password on to the user.',
  'users.empty': 'No users.',

  'password.pageTitle': 'Change password',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.confirm': 'Confirm new password',
  'password.mismatch': 'The passwords do not match.',
  'password.sameAsCurrent': 'The new password must differ from the current one.',
  'password.hint': 'At least {min} characters with letters and digits.',
  'password.submit': 'Change password',
  'password.changed': 'Password changed. Your other sessions have been signed out.',
  'password.mustChangeTitle': 'Change your password to continue',
  'password.mustChangeBody':
    'Your current password was issued or reset by the system administrator. To protect your account, choose a new password that only you know; the other features become available afterwards.',
};

const DICTIONARIES: Record<Lang, Dictionary> = { vi, en };

export type TParams = Record<string, string | number>;
export type TFunction = (key: MessageKey, params?: TParams) => string;

/** Looks a message up and fills `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, params?: TParams): string {
  const template = DICTIONARIES[lang][key];
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

function readStoredLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return stored === 'en' || stored === 'vi' ? stored : 'vi';
  } catch {
    return 'vi';
  }
}

let current: Lang = readStoredLang();
const listeners = new Set<() => void>();

function apply(lang: Lang): void {
  dayjs.locale(lang);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
  }
}
apply(current);

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) {
    return;
  }
  current = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  apply(lang);
  for (const listener of listeners) {
    listener();
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current language; re-renders the component when it changes. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, getLang, getLang);
}

/** The translation function for the current language. */
export function useT(): TFunction {
  const lang = useLang();
  return useCallback((key: MessageKey, params?: TParams) => translate(lang, key, params), [lang]);
}

/** Picks the label of the current language from a domain `{ vi, en }` label record. */
export function pickLabel(label: { vi: string; en: string }, lang: Lang): string {
  return label[lang];
}
