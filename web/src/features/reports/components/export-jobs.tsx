import {
  DownloadOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  FileWordOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import {
  EXPORT_KIND_LABELS,
  type ExportFormat,
  type ExportKind,
  type ExportStatus,
  type ExportView,
} from '@cchc/domain/api/reports';
import { Alert, App, Button, Empty, Flex, Progress, Table, type TableProps, Tag, Typography } from 'antd';
import { type CSSProperties, type ReactNode, useCallback, useState } from 'react';
import { QueryError } from '../../../components/ui/query-error';
import { describeError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { pickLabel, useLang } from '../../../lib/i18n';
import { type ExportOwner, useCreateExport, useExports } from '../api';
import { useReportsT } from '../messages';
import { formatSize, isActive } from '../model';

/** The row of a job just requested (or reused) is tinted for a few seconds. */
const HIGHLIGHT_CSS =
  '.rp-export-row-new > td{background:#fffbe6 !important;transition:background 1s}.rp-export-row > td{transition:background 1s}';

export const FORMAT_ICONS: Record<ExportFormat, ReactNode> = {
  docx: <FileWordOutlined aria-hidden style={{ color: '#1d4e89' }} />,
  pdf: <FilePdfOutlined aria-hidden style={{ color: '#b3261e' }} />,
  xlsx: <FileExcelOutlined aria-hidden style={{ color: '#1e6b3a' }} />,
};

/** The same icons uncoloured, for buttons (a coloured icon would vanish on a primary button). */
const BUTTON_ICONS: Record<ExportFormat, ReactNode> = {
  docx: <FileWordOutlined aria-hidden />,
  pdf: <FilePdfOutlined aria-hidden />,
  xlsx: <FileExcelOutlined aria-hidden />,
};

function FormatTag({ format }: { format: ExportFormat }) {
  return (
    <Tag icon={FORMAT_ICONS[format]} style={{ marginInlineEnd: 0, fontWeight: 500 }}>
      {format.toUpperCase()}
    </Tag>
  );
}

/** Explicit colours with AA contrast, like components/ui/status-tag (which has no "failed" tone). */
const STATUS_STYLE: Record<ExportStatus, CSSProperties> = {
  PENDING: { color: '#3a3a3a', background: '#eeeeee', borderColor: '#cfcfcf' },
  RUNNING: { color: '#0b3a6e', background: '#e6eef8', borderColor: '#9db6d6' },
  DONE: { color: '#1b5e20', background: '#e8f5e9', borderColor: '#a5d6a7' },
  FAILED: { color: '#8c1d18', background: '#fdecea', borderColor: '#f1aeb5' },
};

/**
 * Requests exports of one owner and remembers, per kind, the last refusal (shown beside the
 * buttons of that kind: "Hội đồng thẩm định chưa thông qua…") and the job to highlight.
 */
export function useExportRequester(owner: ExportOwner) {
  const t = useReportsT();
  const lang = useLang();
  const { message } = App.useApp();
  const create = useCreateExport(owner);
  const [errors, setErrors] = useState<Partial<Record<ExportKind, string>>>({});
  const [highlightId, setHighlightId] = useState<string | null>(null);

  const [pendingKeys, setPendingKeys] = useState<ReadonlySet<string>>(new Set());
  const { mutateAsync } = create;

  // mutateAsync, not mutate with callbacks: TanStack Query calls per-mutate callbacks for the latest
  // call only, and several buttons may be clicked before the first answer arrives.
  const request = useCallback(
    async (kind: ExportKind, format: ExportFormat) => {
      const key = `${kind}:${format}`;
      setErrors((old) => ({ ...old, [kind]: undefined }));
      setPendingKeys((old) => new Set(old).add(key));
      const kindLabel = pickLabel(EXPORT_KIND_LABELS[kind], lang);
      try {
        const { job, reused } = await mutateAsync({ kind, format });
        setHighlightId(job.id);
        window.setTimeout(() => setHighlightId((id) => (id === job.id ? null : id)), 4000);
        if (reused) {
          void message.info(t(isActive(job.status) ? 'create.joinedRunning' : 'create.joinedDone'), 6);
        } else {
          void message.success(t('create.created', { kind: kindLabel, format: format.toUpperCase() }));
        }
      } catch (error) {
        const text = describeError(error, lang);
        setErrors((old) => ({ ...old, [kind]: text }));
        void message.error(`${t('create.failed', { kind: kindLabel })}: ${text}`, 6);
      } finally {
        setPendingKeys((old) => {
          const next = new Set(old);
          next.delete(key);
          return next;
        });
      }
    },
    [mutateAsync, lang, message, t],
  );

  const pending = (kind: ExportKind, format: ExportFormat) => pendingKeys.has(`${kind}:${format}`);

  return { request, pending, errors, highlightId };
}

export type ExportRequester = ReturnType<typeof useExportRequester>;

/** "Tạo DOCX" / "Tạo PDF" / "Tạo XLSX" of one kind (data-testid `export-<kind>-<format>`). */
export function CreateExportButton({
  kind,
  format,
  requester,
  primary = false,
}: {
  kind: ExportKind;
  format: ExportFormat;
  requester: ExportRequester;
  primary?: boolean;
}) {
  const t = useReportsT();
  const lang = useLang();
  const action = t(`create.${format}`);
  return (
    <Button
      type={primary ? 'primary' : 'default'}
      icon={BUTTON_ICONS[format]}
      loading={requester.pending(kind, format)}
      onClick={() => void requester.request(kind, format)}
      aria-label={t('create.aria', { action, kind: pickLabel(EXPORT_KIND_LABELS[kind], lang) })}
      data-testid={`export-${kind}-${format}`}
    >
      {action}
    </Button>
  );
}

/** The last refusal of a kind's request, kept beside its buttons until the next request. */
export function ExportRefusal({ kind, requester }: { kind: ExportKind; requester: ExportRequester }) {
  const text = requester.errors[kind];
  return text ? (
    <Alert
      type="error"
      showIcon
      title={text}
      style={{ marginTop: 8 }}
      data-testid={`export-${kind}-refused`}
    />
  ) : null;
}

/** What a job has come to: a progress bar with its stage, the download link, or the error. */
function JobResult({ job }: { job: ExportView }) {
  const t = useReportsT();
  const lang = useLang();
  if (isActive(job.status)) {
    const percent = Math.max(0, Math.min(100, job.progress));
    return (
      <div data-testid={`export-progress-${job.id}`} data-status={job.status} style={{ minWidth: 200 }}>
        <Progress
          percent={percent}
          size="small"
          status="active"
          aria-label={t('progress.aria', { percent })}
          style={{ margin: 0 }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {job.stage ?? (job.status === 'PENDING' ? t('progress.waiting') : '')}
        </Typography.Text>
      </div>
    );
  }
  if (job.status === 'FAILED') {
    return (
      <Typography.Text type="danger" data-testid={`export-error-${job.id}`}>
        {job.error?.message ?? t('status.FAILED')}
      </Typography.Text>
    );
  }
  if (!job.downloadUrl) {
    return null;
  }
  const size = job.sizeBytes !== null ? formatSize(job.sizeBytes, lang) : '';
  const name = job.fileName ?? pickLabel(EXPORT_KIND_LABELS[job.kind], lang);
  return (
    <Flex vertical gap={2}>
      <a
        href={job.downloadUrl}
        download={job.fileName ?? true}
        aria-label={t('download.aria', { name, size })}
        data-testid={`export-download-${job.id}`}
        style={{ fontWeight: 500 }}
      >
        <DownloadOutlined aria-hidden /> {t('download.label')}
        {size ? <span style={{ fontWeight: 400 }}> ({size})</span> : null}
      </a>
      {job.fileName ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {job.fileName}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/**
 * The owner's generated files, newest first (data-testid `exports-table`). The list is polled
 * every second while a job is waiting or running (useExports), so bars move and links appear
 * without reloading.
 */
export function ExportJobsTable({
  owner,
  highlightId,
  showKind = true,
  pageSize = 10,
}: {
  owner: ExportOwner;
  highlightId?: string | null;
  showKind?: boolean;
  pageSize?: number;
}) {
  const t = useReportsT();
  const lang = useLang();
  const list = useExports(owner);

  if (list.isError && !list.data) {
    return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  }
  const items = list.data?.items ?? [];
  const polling = items.some((e) => isActive(e.status));

  const columns: TableProps<ExportView>['columns'] = [
    {
      title: showKind ? t('col.file') : t('col.format'),
      key: 'file',
      render: (_, job) =>
        showKind ? (
          <Flex gap={8} align="center" wrap>
            <span style={{ fontWeight: 500 }}>{pickLabel(EXPORT_KIND_LABELS[job.kind], lang)}</span>
            <FormatTag format={job.format} />
          </Flex>
        ) : (
          <FormatTag format={job.format} />
        ),
    },
    {
      title: t('col.requestedBy'),
      dataIndex: 'requestedByName',
      key: 'requestedBy',
      responsive: ['md'],
    },
    {
      title: t('col.createdAt'),
      key: 'createdAt',
      render: (_, job) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.createdAt, lang)}</span>,
    },
    {
      title: t('col.result'),
      key: 'result',
      width: '34%',
      render: (_, job) => (
        <Flex vertical gap={4} align="flex-start">
          <span data-testid={`export-status-${job.id}`} data-status={job.status}>
            <Tag style={{ ...STATUS_STYLE[job.status], marginInlineEnd: 0 }}>{t(`status.${job.status}`)}</Tag>
          </span>
          <JobResult job={job} />
        </Flex>
      ),
    },
  ];

  return (
    <>
      <style>{HIGHLIGHT_CSS}</style>
      {polling ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 13 }}>
          <SyncOutlined spin aria-hidden /> {t('files.refreshing')}
        </Typography.Text>
      ) : null}
      <Table<ExportView>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={items}
        columns={columns}
        pagination={items.length > pageSize ? { pageSize, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        rowClassName={(job) => (job.id === highlightId ? 'rp-export-row rp-export-row-new' : 'rp-export-row')}
        onRow={(job) =>
          ({
            'data-testid': `export-row-${job.id}`,
            'data-status': job.status,
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('files.empty')} /> }}
        data-testid="exports-table"
      />
    </>
  );
}
