import type { MethodType } from '@cchc/domain/index-set/format';

/**
 * The index-set workbook template (docs/index-set-excel.md): sheet names, columns and the
 * Vietnamese words people choose from. The writer prints the first spelling; the reader also
 * accepts the aliases, compared with matchKey (no case, no diacritics), because the workbook is
 * filled in by hand.
 */

export const SHEETS = {
  info: { name: 'Thông tin', aliases: ['Thông tin chung'] },
  groups: { name: 'Khối đơn vị', aliases: ['Khối'] },
  tree: { name: 'Cây chỉ số', aliases: ['Chỉ số', 'Bộ chỉ số'] },
  adjustments: { name: 'Điểm thưởng, trừ', aliases: ['Điểm thưởng trừ', 'Thưởng, trừ', 'Điểm cộng, trừ'] },
  classification: { name: 'Xếp loại', aliases: [] },
  help: { name: 'Hướng dẫn', aliases: [] },
  lists: { name: 'Danh mục', aliases: [] },
} as const;

export type DataSheet = 'info' | 'groups' | 'tree' | 'adjustments' | 'classification';

/** Sheets the reader looks at; `adjustments` may be left out when a set has no bonus or penalty. */
export const DATA_SHEETS: readonly DataSheet[] = ['info', 'groups', 'tree', 'adjustments', 'classification'];
export const REQUIRED_SHEETS: readonly DataSheet[] = ['info', 'groups', 'tree', 'classification'];

export interface ColumnDef<K extends string = string> {
  key: K;
  header: string;
  aliases: readonly string[];
  required: boolean;
  width: number;
  /** Shown as a cell note on the header so the person filling in knows what to type. */
  note: string;
}

function col<K extends string>(
  key: K,
  header: string,
  width: number,
  required: boolean,
  note: string,
  aliases: readonly string[] = [],
): ColumnDef<K> {
  return { key, header, aliases, required, width, note };
}

/** Columns shared by tree leaves and bonus/penalty items. */
export type ItemKey =
  | 'code'
  | 'name'
  | 'maxPoints'
  | 'method'
  | 'params'
  | 'applicableTo'
  | 'guidance'
  | 'evidence'
  | 'evidenceRequired';
export type TreeKey = 'level' | 'kind' | ItemKey;
export type AdjustmentKey = 'kind' | ItemKey;

const ITEM_COLUMNS = {
  code: col(
    'code',
    'Mã',
    12,
    true,
    'Mã duy nhất trong cả bộ chỉ số, ví dụ 1.1.2. Nên định dạng ô là Văn bản.',
    ['Mã chỉ số', 'Mã tiêu chí'],
  ),
  name: col('name', 'Tên', 60, true, 'Tên lĩnh vực, tiêu chí hoặc tiêu chí thành phần.', [
    'Tên chỉ số',
    'Tên tiêu chí',
    'Nội dung',
  ]),
  maxPoints: col(
    'maxPoints',
    'Điểm tối đa',
    11,
    true,
    'Số, tối đa 2 chữ số thập phân (1,5 hoặc 1.5). Với Nhóm: giới hạn tổng điểm, có thể để trống.',
    ['Điểm', 'Điểm chuẩn', 'Điểm tối đa (điểm)'],
  ),
  method: col('method', 'Phương pháp chấm', 24, true, 'Chọn trong danh sách (xem trang Hướng dẫn).', [
    'Phương pháp',
    'Cách chấm',
  ]),
  params: col(
    'params',
    'Tham số',
    40,
    true,
    'Tham số của phương pháp chấm, các mục cách nhau bằng dấu chấm phẩy, ví dụ: Đúng hạn: 1,5; Chậm: 0,75; Không thực hiện: 0.',
    ['Tham số chấm', 'Tham số phương pháp'],
  ),
  applicableTo: col(
    'applicableTo',
    'Áp dụng cho khối',
    22,
    false,
    'Mã khối, cách nhau bằng dấu phẩy. Để trống = áp dụng cho tất cả các khối.',
    ['Áp dụng', 'Khối áp dụng', 'Áp dụng cho'],
  ),
  guidance: col('guidance', 'Hướng dẫn chấm', 45, false, 'Có thể để trống.', [
    'Hướng dẫn',
    'Hướng dẫn chấm điểm',
  ]),
  evidence: col('evidence', 'Tài liệu kiểm chứng', 35, false, 'Có thể để trống.', ['Tài liệu', 'Kiểm chứng']),
  evidenceRequired: col(
    'evidenceRequired',
    'Bắt buộc kiểm chứng',
    13,
    false,
    'Có hoặc Không. Để trống = Có (mặc định).',
    ['Bắt buộc'],
  ),
} as const;

export const TREE_COLUMNS: readonly ColumnDef<TreeKey>[] = [
  col(
    'level',
    'Cấp',
    6,
    true,
    '1 = lĩnh vực, 2 = tiêu chí, 3 = tiêu chí thành phần… Mỗi dòng là con của dòng cấp nhỏ hơn gần nhất phía trên.',
    ['Cấp độ'],
  ),
  ITEM_COLUMNS.code,
  ITEM_COLUMNS.name,
  col('kind', 'Loại', 10, true, 'Nhóm (có mục con, không chấm trực tiếp) hoặc Tiêu chí (được chấm điểm).', [
    'Loại dòng',
  ]),
  ITEM_COLUMNS.maxPoints,
  ITEM_COLUMNS.method,
  ITEM_COLUMNS.params,
  ITEM_COLUMNS.applicableTo,
  ITEM_COLUMNS.guidance,
  ITEM_COLUMNS.evidence,
  ITEM_COLUMNS.evidenceRequired,
];

export const ADJUSTMENT_COLUMNS: readonly ColumnDef<AdjustmentKey>[] = [
  col(
    'kind',
    'Loại',
    13,
    true,
    'Điểm thưởng / Điểm trừ (dòng mở đầu nhóm, ghi điểm tối đa của nhóm) hoặc Tiêu chí (một khoản thưởng/trừ của nhóm phía trên).',
    ['Loại dòng'],
  ),
  ITEM_COLUMNS.code,
  ITEM_COLUMNS.name,
  ITEM_COLUMNS.maxPoints,
  ITEM_COLUMNS.method,
  ITEM_COLUMNS.params,
  ITEM_COLUMNS.applicableTo,
  ITEM_COLUMNS.guidance,
  ITEM_COLUMNS.evidence,
  ITEM_COLUMNS.evidenceRequired,
];

export const GROUP_COLUMNS: readonly ColumnDef<'code' | 'name'>[] = [
  col('code', 'Mã khối', 18, true, 'Chữ in hoa, số, gạch dưới, ví dụ NGHIEP_VU.', ['Mã']),
  col('name', 'Tên khối', 45, true, 'Ví dụ: Khối nghiệp vụ.', ['Tên']),
];

export const CLASSIFICATION_COLUMNS: readonly ColumnDef<'label' | 'minPercent' | 'minEachFieldPercent'>[] = [
  col('label', 'Xếp loại', 20, true, 'Tên mức xếp loại, ví dụ Xuất sắc.', ['Mức xếp loại', 'Tên xếp loại']),
  col('minPercent', 'Từ (%)', 12, true, 'Chỉ số tối thiểu (%) để đạt mức này. Xếp từ cao xuống thấp.', [
    'Từ',
    'Tối thiểu (%)',
    'Chỉ số từ (%)',
  ]),
  col(
    'minEachFieldPercent',
    'Mỗi lĩnh vực tối thiểu (%)',
    18,
    false,
    'Có thể để trống. Nếu ghi: mọi lĩnh vực phải đạt ít nhất mức này.',
    ['Mỗi lĩnh vực tối thiểu', 'Lĩnh vực tối thiểu (%)'],
  ),
];

export type InfoKey =
  | 'formatVersion'
  | 'code'
  | 'name'
  | 'year'
  | 'legalNumber'
  | 'legalDate'
  | 'legalTitle'
  | 'ties'
  | 'scope';

export interface InfoRowDef {
  key: InfoKey;
  label: string;
  aliases: readonly string[];
  /** JSON path of the value in the document, for locate(). */
  path: string;
  note: string;
}

export const INFO_ROWS: readonly InfoRowDef[] = [
  {
    key: 'formatVersion',
    label: 'Phiên bản định dạng',
    aliases: ['Phiên bản'],
    path: 'formatVersion',
    note: 'Luôn là 1.',
  },
  { key: 'code', label: 'Mã bộ chỉ số', aliases: ['Mã'], path: 'code', note: 'Ví dụ: TTCP-CCHC-2024.' },
  { key: 'name', label: 'Tên bộ chỉ số', aliases: ['Tên'], path: 'name', note: '' },
  { key: 'year', label: 'Năm', aliases: ['Năm áp dụng', 'Năm đánh giá'], path: 'year', note: 'Ví dụ: 2024.' },
  {
    key: 'legalNumber',
    label: 'Số văn bản',
    aliases: ['Số quyết định', 'Số văn bản ban hành'],
    path: 'legalBasis.number',
    note: 'Văn bản ban hành bộ chỉ số, ví dụ 699/QĐ-TTTP. Có thể để trống.',
  },
  {
    key: 'legalDate',
    label: 'Ngày văn bản',
    aliases: ['Ngày ban hành', 'Ngày quyết định'],
    path: 'legalBasis.date',
    note: 'dd/mm/yyyy, ví dụ 12/12/2023. Có thể để trống.',
  },
  {
    key: 'legalTitle',
    label: 'Trích yếu',
    aliases: ['Trích yếu văn bản'],
    path: 'legalBasis.title',
    note: 'Có thể để trống.',
  },
  {
    key: 'ties',
    label: 'Cách xếp hạng đồng hạng',
    aliases: ['Xếp hạng đồng hạng', 'Đồng hạng'],
    path: 'ranking.ties',
    note: 'Liền mạch: 1, 2, 2, 3. Thi đấu: 1, 2, 2, 4.',
  },
  {
    key: 'scope',
    label: 'Phạm vi xếp hạng',
    aliases: [],
    path: 'ranking.scope',
    note: 'Toàn bộ đơn vị, hoặc xếp hạng riêng trong từng khối.',
  },
];

export const INFO_HEADERS = ['Thông tin', 'Giá trị', 'Ghi chú'] as const;

export const TIES = {
  dense: { label: 'Liền mạch (1, 2, 2, 3)', keys: ['lien mach', 'dense'] },
  competition: { label: 'Thi đấu (1, 2, 2, 4)', keys: ['thi dau', 'competition'] },
} as const;

export const SCOPES = {
  all: { label: 'Toàn bộ đơn vị', keys: ['toan bo', 'tat ca', 'all'] },
  unitGroup: {
    label: 'Theo từng khối',
    keys: ['theo tung khoi', 'theo khoi', 'tung khoi', 'unitgroup', 'unit group'],
  },
} as const;

export const NODE_KIND = { label: 'Nhóm', keys: ['nhom', 'linh vuc', 'nhom tieu chi', 'node'] } as const;
export const LEAF_KIND = {
  label: 'Tiêu chí',
  keys: ['tieu chi', 'tieu chi thanh phan', 'chi tieu', 'leaf'],
} as const;
export const BONUS_KIND = {
  label: 'Điểm thưởng',
  keys: ['diem thuong', 'thuong', 'diem cong', 'bonus'],
} as const;
export const PENALTY_KIND = { label: 'Điểm trừ', keys: ['diem tru', 'tru', 'penalty'] } as const;

export const YES = { label: 'Có', keys: ['co', 'x', 'yes', 'true', '1', 'bat buoc'] } as const;
export const NO = { label: 'Không', keys: ['khong', 'no', 'false', '0', 'khong bat buoc'] } as const;

/** Parameter names of the methods whose parameters are fixed keys (in document key order). */
export interface ParamDef {
  key: string;
  label: string;
  aliases: readonly string[];
  percent?: boolean;
}

export interface MethodDef {
  type: MethodType;
  /** The Vietnamese name in the dropdown. No commas: Excel list validations split on them. */
  name: string;
  aliases: readonly string[];
  /** How the Tham số cell is written, for the help sheet. */
  paramsHelp: string;
  paramsExample: string;
  /** Fixed-key parameters; undefined for list-shaped parameters (levels, tiers, …). */
  params?: readonly ParamDef[];
}

export const METHODS: readonly MethodDef[] = [
  {
    type: 'BOOLEAN',
    name: 'Đạt/Không đạt',
    aliases: ['Có/Không', 'Đạt - Không đạt'],
    paramsHelp: 'Để trống (không đạt = 0 điểm), hoặc: Điểm nếu không đạt: số điểm.',
    paramsExample: 'Điểm nếu không đạt: 0,5',
    params: [{ key: 'noPoints', label: 'Điểm nếu không đạt', aliases: ['Không đạt', 'Điểm không đạt'] }],
  },
  {
    type: 'LEVEL_SELECT',
    name: 'Chọn mức',
    aliases: ['Theo mức', 'Chọn mức độ'],
    paramsHelp: 'Các mức, mỗi mức dạng Tên mức: điểm, cách nhau bằng dấu chấm phẩy.',
    paramsExample: 'Đầy đủ: 2; Chưa đầy đủ: 1; Không thực hiện: 0',
  },
  {
    type: 'DEADLINE',
    name: 'Theo thời hạn',
    aliases: ['Thời hạn', 'Đúng hạn/Chậm'],
    paramsHelp: 'Đúng hạn: điểm; Chậm: điểm; Không thực hiện: điểm.',
    paramsExample: 'Đúng hạn: 1,5; Chậm: 0,75; Không thực hiện: 0',
    params: [
      { key: 'onTimePoints', label: 'Đúng hạn', aliases: ['Đúng thời hạn'] },
      { key: 'latePoints', label: 'Chậm', aliases: ['Chậm hạn', 'Trễ hạn', 'Quá hạn', 'Chậm thời hạn'] },
      {
        key: 'notDonePoints',
        label: 'Không thực hiện',
        aliases: ['Chưa thực hiện', 'Không ban hành', 'Không'],
      },
    ],
  },
  {
    type: 'TIERED_PERCENT',
    name: 'Bậc theo tỷ lệ',
    aliases: ['Theo bậc tỷ lệ', 'Bậc tỷ lệ %', 'Bậc theo tỷ lệ %'],
    paramsHelp:
      'Các bậc, mỗi bậc dạng ≥tỷ lệ%: điểm (có thể viết >= thay cho ≥), cách nhau bằng dấu chấm phẩy.',
    paramsExample: '≥100%: 3,5; ≥80%: 2; ≥0%: 0',
  },
  {
    type: 'PROPORTIONAL',
    name: 'Tỷ lệ thuận',
    aliases: ['Theo tỷ lệ', 'Tỷ lệ'],
    paramsHelp: 'Để trống, hoặc: Ngưỡng tối thiểu: tỷ lệ% (dưới ngưỡng được 0 điểm).',
    paramsExample: 'Ngưỡng tối thiểu: 50%',
    params: [{ key: 'floorPercent', label: 'Ngưỡng tối thiểu', aliases: ['Ngưỡng'], percent: true }],
  },
  {
    type: 'TARGET_ACTUAL',
    name: 'Chỉ tiêu – thực hiện',
    aliases: ['Chỉ tiêu/Thực hiện', 'Kế hoạch – thực hiện', 'Theo chỉ tiêu'],
    paramsHelp: 'Để trống.',
    paramsExample: '',
    params: [],
  },
  {
    type: 'COUNT_CAPPED',
    name: 'Đếm số lượng',
    aliases: ['Theo số lượng', 'Đếm số lần'],
    paramsHelp: 'Điểm mỗi lần: số điểm (tổng không vượt điểm tối đa).',
    paramsExample: 'Điểm mỗi lần: 1',
    params: [
      {
        key: 'pointsPerItem',
        label: 'Điểm mỗi lần',
        aliases: ['Mỗi lần', 'Điểm mỗi mục', 'Điểm mỗi trường hợp'],
      },
    ],
  },
  {
    type: 'COUNT_COMPLIANCE',
    name: 'Đếm đúng hạn và chậm',
    aliases: ['Số lần đúng hạn', 'Đúng hạn theo số yêu cầu'],
    paramsHelp: 'Số yêu cầu: số lần phải thực hiện; Điểm mỗi lần chậm: điểm (có thể bỏ, mặc định 0).',
    paramsExample: 'Số yêu cầu: 4; Điểm mỗi lần chậm: 0,375',
    params: [
      { key: 'required', label: 'Số yêu cầu', aliases: ['Số lần yêu cầu', 'Số lượng yêu cầu'] },
      {
        key: 'latePointsPerItem',
        label: 'Điểm mỗi lần chậm',
        aliases: ['Mỗi lần chậm', 'Điểm mỗi lần chậm hạn'],
      },
    ],
  },
  {
    type: 'DEDUCTION',
    name: 'Trừ điểm theo vi phạm',
    aliases: ['Trừ điểm', 'Trừ dần'],
    paramsHelp: 'Các loại vi phạm, mỗi loại dạng Tên loại: điểm trừ mỗi lần, cách nhau bằng dấu chấm phẩy.',
    paramsExample: 'Khiển trách: 1; Cảnh cáo: 2; Cách chức trở lên: 5',
  },
  {
    type: 'MANUAL',
    name: 'Chấm trực tiếp',
    aliases: ['Chấm tay', 'Hội đồng chấm'],
    paramsHelp: 'Để trống.',
    paramsExample: '',
    params: [],
  },
  {
    type: 'SURVEY',
    name: 'Khảo sát',
    aliases: ['Theo khảo sát', 'Phiếu khảo sát'],
    paramsHelp:
      'Các phương án trả lời, mỗi phương án dạng Phương án: hệ số (0 đến 1), cách nhau bằng dấu chấm phẩy.',
    paramsExample: 'A: 1; B: 0,6; C: 0,2; D: 0',
  },
];

export function methodDef(type: MethodType): MethodDef {
  const def = METHODS.find((m) => m.type === type);
  if (!def) {
    throw new Error(`Unknown method type ${type}`);
  }
  return def;
}
