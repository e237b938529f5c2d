import { DeleteOutlined, EyeOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { AppraisalView, AttachmentView } from '@cchc/domain/api/appraisal';
import { SCORECARD_STATUS_LABELS, type ScorecardStatus } from '@cchc/domain/workflow/scorecard.machine';
import { App, Button, Flex, Popconfirm, Typography, Upload } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { type Lang, useLang } from '../../../lib/i18n';
import { attachmentFileUrl, useDeleteAttachment } from '../api';
import { useAT } from '../i18n';

export const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);
export const DATE_PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;
export const labelStyle: CSSProperties = { fontSize: 13, fontWeight: 500, color: 'rgba(0,0,0,0.78)' };
export const mutedStyle: CSSProperties = { fontSize: 12, color: 'rgba(0,0,0,0.62)' };

/** Scorecard status as a tag: the unit's own work in grey, appraisal under way in amber, done in green. */
export function ScorecardStatusTag({ status }: { status: ScorecardStatus }) {
  const lang = useLang();
  const tone =
    status === 'REVIEWED' || status === 'COUNCIL_APPROVED'
      ? 'active'
      : status === 'IN_REVIEW' || status === 'EXPLANATION' || status === 'RE_REVIEW' || status === 'RETURNED'
        ? 'warning'
        : 'inactive';
  return (
    <span data-testid="appraisal-status" data-status={status}>
      <StatusTag status={tone}>{SCORECARD_STATUS_LABELS[status][lang]}</StatusTag>
    </span>
  );
}

/** A section heading at the given level, styled compactly (headings stay in document order). */
export function Heading({
  level,
  children,
  id,
  style,
}: {
  level: 2 | 3 | 4;
  children: ReactNode;
  id?: string;
  style?: CSSProperties;
}) {
  const size = level === 2 ? 18 : level === 3 ? 15 : 14;
  return (
    <Typography.Title level={level} id={id} style={{ fontSize: size, margin: '0 0 8px', ...style }}>
      {children}
    </Typography.Title>
  );
}

export function formatBytes(bytes: number, lang: Lang): string {
  const nf = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${nf.format(bytes / 1024)} KB`;
  }
  return `${nf.format(bytes / (1024 * 1024))} MB`;
}

/** Supplementary files (explanation, appeal): download, preview in a new tab, delete while allowed. */
export function AttachmentList({
  files,
  canDelete,
  testId,
}: {
  files: readonly AttachmentView[];
  canDelete: boolean;
  testId?: string;
}) {
  const at = useAT();
  const lang = useLang();
  const { message } = App.useApp();
  const remove = useDeleteAttachment();
  if (files.length === 0) {
    return null;
  }
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid={testId}>
      {files.map((f) => (
        <li
          key={f.id}
          style={{ display: 'flex', gap: 8, alignItems: 'flex-start', padding: '4px 0' }}
          data-testid={`attachment-${f.id}`}
        >
          <PaperClipOutlined aria-hidden style={{ marginTop: 4, color: '#1d4e89' }} />
          <Flex vertical gap={0} style={{ flex: 1, minWidth: 0 }}>
            <a href={attachmentFileUrl(f.id)} download style={{ wordBreak: 'break-word' }}>
              {f.filename}
            </a>
            <span style={mutedStyle}>
              {formatBytes(f.sizeBytes, lang)} · {f.uploadedByName}, {formatDateTime(f.uploadedAt, lang)}
            </span>
          </Flex>
          {INLINE_TYPES.has(f.mimeType) ? (
            <Button
              type="link"
              size="small"
              icon={<EyeOutlined />}
              href={attachmentFileUrl(f.id, true)}
              target="_blank"
              rel="noopener"
              aria-label={at('evidence.open', { title: f.filename })}
            />
          ) : null}
          {canDelete ? (
            <Popconfirm
              title={at('attachment.deleteConfirm')}
              onConfirm={() =>
                remove.mutateAsync(f.id).then(
                  () => void message.success(at('attachment.deleted')),
                  (e: unknown) => void message.error(describeError(e, lang)),
                )
              }
            >
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={at('attachment.delete', { name: f.filename })}
                data-testid={`attachment-delete-${f.id}`}
              />
            </Popconfirm>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** One button that uploads each chosen file at once (no queue: supplementary files are few). */
export function UploadButton({
  label,
  onUpload,
  testId,
}: {
  label: string;
  onUpload: (file: File) => Promise<AppraisalView>;
  testId: string;
}) {
  const at = useAT();
  const lang = useLang();
  const { message } = App.useApp();
  return (
    <div data-testid={testId}>
      <Upload
        showUploadList={false}
        beforeUpload={(file) => {
          onUpload(file).then(
            () => void message.success(at('upload.done', { name: file.name })),
            (e: unknown) => void message.error(describeError(e, lang)),
          );
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>{label}</Button>
      </Upload>
    </div>
  );
}
