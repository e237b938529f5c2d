import type { MethodType } from '@cchc/domain/index-set/format';
import type { ColumnDef } from '../../index-sets/xlsx/template';

/**
 * The scorecard workbook (docs/scorecard-excel.md): sheet names, the title block, the columns and
 * the words people type. The writer prints the first spelling; the reader also accepts the
 * aliases, compared with matchKey (no case, no diacritics, no punctuation).
 */

/** Version of this workbook layout, recorded in _meta; a file of another layout is refused. */
export const SCORECARD_XLSX_FORMAT = '1';

export const SHEET_NAMES = {
  main: 'Phiếu tự chấm',
  help: 'Hướng dẫn',
  lists: '_lists',
  meta: '_meta',
} as const;

/** Row of the column headers; the rows above are the title block (frozen with it). */
export const HEADER_ROW = 7;

/** Title block: label in column A, value in column B (no merged cells: the reader refuses them). */
export const TITLE_ROWS = {
  title: 1,
  campaign: 2,
  unit: 3,
  group: 4,
  deadline: 5,
  generated: 6,
} as const;

/** Cells that hold method inputs: which ones a row uses depends on its scoring method. */
export type InputKey =
  | 'choice'
  | 'percent'
  | 'numerator'
  | 'denominator'
  | 'count'
  | 'late'
  | 'counts'
  | 'manualPoints'
  | 'manualComment';

/** Cells every answerable row has besides the method inputs. */
export type ExtraKey = 'note' | 'noEvidenceReason' | 'naClaimed' | 'naReason' | 'status';

/** Informational and technical columns. */
export type InfoKey =
  | 'code'
  | 'name'
  | 'maxPoints'
  | 'method'
  | 'points'
  | 'evidenceCount'
  | 'leafKey'
  | 'rowVersion';

export type ColumnKey = InputKey | ExtraKey | InfoKey;

function col<K extends ColumnKey>(
  key: K,
  header: string,
  width: number,
  required: boolean,
  note: string,
  aliases: readonly string[] = [],
): ColumnDef<K> {
  return { key, header, aliases, required, width, note };
}

/**
 * Every column, left to right. Input and extra columns are required: a missing "Ghi chú" column
 * would otherwise read as every note cleared. The informational ones may be deleted.
 */
export const COLUMNS: readonly ColumnDef<ColumnKey>[] = [
  col('code', 'Mã tiêu chí', 16, false, 'Mã của lĩnh vực, tiêu chí (không sửa).'),
  col('name', 'Nội dung', 50, false, 'Tên lĩnh vực, tiêu chí.'),
  col('maxPoints', 'Điểm tối đa', 9, false, 'Điểm tối đa của tiêu chí đối với đơn vị.'),
  col('method', 'Phương pháp chấm', 34, false, 'Phương pháp chấm và cách ghi kết quả của dòng này.'),
  col('choice', 'Lựa chọn', 22, true, 'Có/Không, mức đạt được, hoặc Đúng hạn/Trễ hạn/Không thực hiện.'),
  col('percent', 'Tỷ lệ (%)', 9, true, 'Tỷ lệ hoàn thành, từ 0 đến 100.', ['Tỷ lệ', 'Tỷ lệ %']),
  col('numerator', 'Tử số / Thực hiện', 11, true, 'Tử số của tỷ lệ, hoặc kết quả thực hiện so với chỉ tiêu.'),
  col('denominator', 'Mẫu số / Chỉ tiêu', 11, true, 'Mẫu số của tỷ lệ, hoặc chỉ tiêu được giao.'),
  col('count', 'Số lượng / Số đúng hạn', 11, true, 'Số lượng; với tiêu chí đúng hạn/chậm: số đúng hạn.'),
  col('late', 'Số chậm hạn', 9, true, 'Số thực hiện chậm hạn.'),
  col('counts', 'Số lượng theo loại', 28, true, 'Dạng Nhãn=số; Nhãn=số (ví dụ Khiển trách=1; Cảnh cáo=0).'),
  col('manualPoints', 'Điểm chấm trực tiếp', 10, true, 'Số điểm, từ 0 đến điểm tối đa.'),
  col('manualComment', 'Nhận xét chấm trực tiếp', 26, true, 'Bắt buộc khi chấm trực tiếp.'),
  col('points', 'Điểm tự chấm', 9, false, 'Do hệ thống tính khi tạo tệp; không đọc khi tải lên.'),
  col('status', 'Trạng thái', 16, true, 'Nháp lấy từ năm trước: chọn “Xác nhận” để dùng.'),
  col('evidenceCount', 'Số tài liệu kiểm chứng', 10, false, 'Số tài liệu đã tải lên hệ thống.'),
  col('note', 'Ghi chú', 30, true, 'Ghi chú của đơn vị.'),
  col(
    'noEvidenceReason',
    'Giải thích khi không có tài liệu',
    30,
    true,
    'Bắt buộc khi tiêu chí có điểm mà chưa có tài liệu kiểm chứng.',
  ),
  col('naClaimed', 'Đề nghị không áp dụng', 11, true, 'Có/Không (để trống = Không).'),
  col('naReason', 'Lý do', 28, true, 'Lý do đề nghị không áp dụng.', ['Lý do không áp dụng']),
  col('leafKey', 'Mã kỹ thuật', 10, true, 'Cột kỹ thuật, không sửa.'),
  col('rowVersion', 'Phiên bản', 8, true, 'Cột kỹ thuật, không sửa.'),
];

export const INPUT_KEYS: readonly InputKey[] = [
  'choice',
  'percent',
  'numerator',
  'denominator',
  'count',
  'late',
  'counts',
  'manualPoints',
  'manualComment',
];

/** The input cells each method reads. */
export const METHOD_COLUMNS: Record<MethodType, readonly InputKey[]> = {
  BOOLEAN: ['choice'],
  LEVEL_SELECT: ['choice'],
  DEADLINE: ['choice'],
  TIERED_PERCENT: ['percent', 'numerator', 'denominator'],
  PROPORTIONAL: ['percent', 'numerator', 'denominator'],
  TARGET_ACTUAL: ['numerator', 'denominator'],
  COUNT_CAPPED: ['count'],
  COUNT_COMPLIANCE: ['count', 'late'],
  DEDUCTION: ['counts'],
  MANUAL: ['manualPoints', 'manualComment'],
  SURVEY: ['counts'],
};

export function headerOf(key: ColumnKey): string {
  return COLUMNS.find((c) => c.key === key)!.header;
}

/** 1-based column of a key in the exported layout. */
export function columnOf(key: ColumnKey): number {
  return COLUMNS.findIndex((c) => c.key === key) + 1;
}

export interface Word<V> {
  value: V;
  label: string;
  /** matchKey spellings accepted besides the label. */
  keys: readonly string[];
}

export const YES_NO: readonly Word<boolean>[] = [
  { value: true, label: 'Có', keys: ['co', 'x', 'yes', 'true', '1', 'dat'] },
  { value: false, label: 'Không', keys: ['khong', 'no', 'false', '0', 'khong dat'] },
];

export type DeadlineStatus = 'onTime' | 'late' | 'notDone';

export const DEADLINE_WORDS: readonly Word<DeadlineStatus>[] = [
  {
    value: 'onTime',
    label: 'Đúng hạn',
    keys: ['dung han', 'dung thoi han', 'ontime', 'on time', 'hoan thanh dung han'],
  },
  {
    value: 'late',
    label: 'Trễ hạn',
    keys: ['tre han', 'tre', 'cham', 'cham han', 'cham thoi han', 'late', 'hoan thanh cham'],
  },
  {
    value: 'notDone',
    label: 'Không thực hiện',
    keys: ['khong thuc hien', 'khong hoan thanh', 'chua hoan thanh', 'chua thuc hien', 'notdone', 'not done'],
  },
];

/** The Trạng thái cell of a draft carried from last year: keep it a draft, or confirm it. */
export const DRAFT_WORDS: readonly Word<boolean>[] = [
  { value: false, label: 'Nháp năm trước', keys: ['nhap nam truoc', 'nhap', 'chua xac nhan'] },
  { value: true, label: 'Xác nhận', keys: ['xac nhan', 'da xac nhan', 'dong y', 'confirm'] },
];

/** Trạng thái of the other rows (informational). */
export const STATUS_LABELS = {
  unanswered: 'Chưa chấm',
  answered: 'Đã chấm',
  notApplicable: 'Đề nghị không áp dụng',
} as const;

/** What a DEDUCTION or SURVEY cell says when there is nothing to count. */
export const NONE_WORD: Word<null> = {
  value: null,
  label: 'Không có',
  keys: ['khong co', 'khong', 'khong co truong hop nao', '0', 'none'],
};
