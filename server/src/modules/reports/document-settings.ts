import type { DocumentSettings } from '@cchc/domain/api/reports';
import type { Database } from '../../db/database';
import { reportsRepo } from './reports.repo';

/**
 * The settings of generated documents until the Office saves its own (Thiết lập văn bản): the
 * agency and place from AGENCY_NAME and DOCUMENT_PLACE, the rest as the Government Inspectorate
 * writes them. Every line is editable in the app; nothing here is used once settings are saved.
 */
export function defaultDocumentSettings(env: { agencyName: string; place: string }): DocumentSettings {
  return {
    agencyName: '',
    issuerName: env.agencyName,
    officeName: 'Văn phòng',
    councilName: 'Hội đồng thẩm định Chỉ số cải cách hành chính',
    place: env.place,
    headTitle: 'Tổng Thanh tra Chính phủ',
    reportSymbol: 'BC-VP',
    decisionSymbol: 'QĐ-TTCP',
    minutesSymbol: 'BB-HĐTĐ',
    reportSigner: { authority: '', title: 'Chánh Văn phòng', name: '' },
    decisionSigner: {
      authority: 'KT. Tổng Thanh tra Chính phủ',
      title: 'Phó Tổng Thanh tra Chính phủ',
      name: '',
    },
    minutesChair: { authority: '', title: 'Chủ tịch Hội đồng', name: '' },
    minutesSecretary: { authority: '', title: 'Thư ký', name: '' },
    reportRecipients: ['- Tổng Thanh tra Chính phủ (để báo cáo);', '- Hội đồng thẩm định;', '- Lưu: VT, VP.'],
    decisionRecipients: [
      '- Như Điều 3;',
      '- Tổng Thanh tra Chính phủ (để báo cáo);',
      '- Cổng Thông tin điện tử;',
      '- Lưu: VT, VP.',
    ],
  };
}

/** The stored settings over the defaults (a field added later keeps its default), and their version. */
export async function loadDocumentSettings(
  db: Database,
  env: { agencyName: string; place: string },
): Promise<{
  settings: DocumentSettings;
  rowVersion: number;
  updatedAt: string | null;
  updatedByName: string | null;
}> {
  const row = await reportsRepo(db).documentSettings();
  const defaults = defaultDocumentSettings(env);
  if (!row) {
    return { settings: defaults, rowVersion: 0, updatedAt: null, updatedByName: null };
  }
  return {
    settings: { ...defaults, ...(JSON.parse(row.settings) as Partial<DocumentSettings>) },
    rowVersion: row.rowVersion,
    updatedAt: row.updatedAt,
    updatedByName: row.updatedByName ?? null,
  };
}
