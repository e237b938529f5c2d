import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { ScorecardView } from '@cchc/domain/api/scorecards';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Space, Table, type TableProps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, describeError, isApiError } from '../../lib/api-client';
import { type Lang, useLang } from '../../lib/i18n';

/**
 * "Tải phiếu Excel" / "Tải lên phiếu Excel" (issue 4 §5, docs/scorecard-excel.md): the unit
 * downloads its scorecard as a workbook, fills it in Excel and uploads it back. The upload is all
 * or nothing; a refused file lists every problem with its cell (Phiếu tự chấm!F12).
 */

/** Answer of POST /api/scorecards/:id/xlsx (server: ScorecardXlsxImportResult). */
export interface ScorecardExcelImportResult {
  /** Rows saved (changed in the file). */
  saved: number;
  /** Rows with a result left as they were. */
  unchanged: number;
  /** Rows without a result (unanswered), skipped. */
  blank: number;
  /** The scorecard after the import: replace the page's cached copy with it. */
  scorecard: ScorecardView;
}

export interface ScorecardExcelButtonsProps {
  scorecardId: string;
  /** ScorecardView.editable: whether the upload button is shown (downloading is always possible). */
  editable: boolean;
  /** Called after a successful upload, with the counts and the refreshed scorecard. */
  onImported?: (result: ScorecardExcelImportResult) => void;
}

/** Same limit as the server (SCORECARD_XLSX_MAX_BYTES). */
const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TEXT = {
  vi: {
    download: 'Tải phiếu Excel',
    downloadHint: 'Tải phiếu tự chấm dạng Excel để điền rồi tải lên lại',
    upload: 'Tải lên phiếu Excel',
    uploading: 'Đang đọc tệp…',
    tooLarge: 'Tệp quá lớn: tối đa 5 MB.',
    saved: (r: ScorecardExcelImportResult) =>
      r.saved === 0
        ? `Không có thay đổi nào để lưu (${r.unchanged} tiêu chí giữ nguyên, ${r.blank} chưa chấm).`
        : `Đã lưu ${r.saved} tiêu chí; ${r.unchanged} giữ nguyên; ${r.blank} chưa chấm.`,
    errorCount: (n: number) => `${n} lỗi; không có gì được lưu. Sửa trong tệp rồi tải lên lại.`,
    location: 'Vị trí',
    leaf: 'Tiêu chí',
    message: 'Lỗi',
    close: 'Đóng danh sách lỗi',
    inVietnamese: '',
  },
  en: {
    download: 'Download Excel form',
    downloadHint: 'Download the scorecard as an Excel workbook to fill in and upload back',
    upload: 'Upload Excel form',
    uploading: 'Reading the file…',
    tooLarge: 'The file is too large: at most 5 MB.',
    saved: (r: ScorecardExcelImportResult) =>
      r.saved === 0
        ? `Nothing to save (${r.unchanged} unchanged, ${r.blank} unanswered).`
        : `Saved ${r.saved} criteria; ${r.unchanged} unchanged; ${r.blank} unanswered.`,
    errorCount: (n: number) => `${n} problem(s); nothing was saved. Fix the file and upload it again.`,
    location: 'Location',
    leaf: 'Criterion',
    message: 'Problem',
    close: 'Close the list of problems',
    inVietnamese: '(in Vietnamese)',
  },
} as const satisfies Record<Lang, unknown>;

interface FileProblem {
  location: string;
  leafCode: string;
  message: string;
}

/** `details.errors` of a SCORECARD_FILE_INVALID answer. */
function problemsOf(error: unknown): FileProblem[] {
  if (!isApiError(error) || error.code !== 'SCORECARD_FILE_INVALID' || !Array.isArray(error.details.errors)) {
    return [];
  }
  return error.details.errors.flatMap((e: unknown) => {
    if (typeof e !== 'object' || e === null) {
      return [];
    }
    const { location, leafCode, message } = e as Record<string, unknown>;
    return typeof message === 'string'
      ? [
          {
            location: typeof location === 'string' ? location : '',
            leafCode: typeof leafCode === 'string' ? leafCode : '',
            message,
          },
        ]
      : [];
  });
}

type Outcome = { message: string; problems: FileProblem[]; fileName: string } | null;

export function ScorecardExcelButtons({ scorecardId, editable, onImported }: ScorecardExcelButtonsProps) {
  const lang = useLang();
  const text = TEXT[lang];
  const { message } = App.useApp();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const path = `/api/scorecards/${encodeURIComponent(scorecardId)}/xlsx`;
  const upload = useMutation({
    mutationFn: (file: File) => api.upload<ScorecardExcelImportResult>(path, { file }),
  });

  const send = (file: File) => {
    setOutcome(null);
    if (file.size > MAX_BYTES) {
      setOutcome({ message: text.tooLarge, problems: [], fileName: file.name });
      return;
    }
    upload.mutate(file, {
      onSuccess: (result) => {
        void message.success(text.saved(result));
        onImported?.(result);
      },
      onError: (error) => {
        setOutcome({ message: describeError(error, lang), problems: problemsOf(error), fileName: file.name });
      },
    });
  };

  const columns: TableProps<FileProblem & { key: number }>['columns'] = [
    {
      title: text.location,
      dataIndex: 'location',
      key: 'location',
      width: '24%',
      render: (location: string) => <code style={{ wordBreak: 'break-all' }}>{location || '—'}</code>,
    },
    {
      title: text.leaf,
      dataIndex: 'leafCode',
      key: 'leafCode',
      width: '12%',
      render: (code: string) => code || '—',
    },
    {
      title: text.message,
      dataIndex: 'message',
      key: 'message',
      render: (problem: string) =>
        lang === 'vi' ? (
          problem
        ) : (
          <>
            <span lang="vi">{problem}</span>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {text.inVietnamese}
            </Typography.Text>
          </>
        ),
    },
  ];

  return (
    <div data-testid="scorecard-excel">
      <Space wrap>
        <Button
          icon={<DownloadOutlined aria-hidden />}
          href={path}
          download
          title={text.downloadHint}
          data-testid="scorecard-excel-download"
        >
          {text.download}
        </Button>
        {editable ? (
          <Upload
            accept={ACCEPT}
            multiple={false}
            maxCount={1}
            showUploadList={false}
            disabled={upload.isPending}
            // The file goes through our API client (CSRF header, typed errors), not antd's XHR.
            beforeUpload={(file) => {
              send(file);
              return false;
            }}
          >
            <Button
              icon={<UploadOutlined aria-hidden />}
              loading={upload.isPending}
              data-testid="scorecard-excel-upload"
            >
              {upload.isPending ? text.uploading : text.upload}
            </Button>
          </Upload>
        ) : null}
      </Space>
      <div aria-live="polite" style={{ marginTop: outcome ? 12 : 0 }}>
        {outcome ? (
          <div data-testid="scorecard-excel-errors">
            <Alert
              type="error"
              showIcon
              title={`${outcome.fileName}: ${outcome.message}`}
              description={outcome.problems.length > 0 ? text.errorCount(outcome.problems.length) : undefined}
              closable={{ onClose: () => setOutcome(null), 'aria-label': text.close }}
              style={{ marginBottom: outcome.problems.length > 0 ? 8 : 0 }}
            />
            {outcome.problems.length > 0 ? (
              // Every problem is listed (no paging); a long list scrolls in a keyboard-focusable region.
              <section
                aria-label={outcome.message}
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe)
                tabIndex={0}
                style={{ maxHeight: 360, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6 }}
              >
                <Table<FileProblem & { key: number }>
                  size="small"
                  columns={columns}
                  dataSource={outcome.problems.map((p, key) => ({ ...p, key }))}
                  pagination={false}
                />
              </section>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
