import { DeleteOutlined, DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { CAMPAIGN_LIMITS, type CampaignDetail, type CampaignFileView } from '@cchc/domain/api/campaigns';
import { App, Button, Card, Empty, Flex, Input, Popconfirm, Table, Typography, Upload } from 'antd';
import { useEffect, useId, useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useUnsavedWork } from '../../../lib/session-recovery';
import { campaignFileUrl, useDeleteCampaignFile, useUpdateCampaign, useUploadCampaignFile } from '../api';
import { useCampaignWriteError } from './shared';

export function formatBytes(bytes: number, lang: 'vi' | 'en'): string {
  const nf = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${nf.format(bytes / 1024)} KB`;
  }
  return `${nf.format(bytes / (1024 * 1024))} MB`;
}

const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/** "Hướng dẫn chấm điểm": the guidance text (the Office edits it) and the attached documents. */
export function GuidanceTab({ campaign: c }: { campaign: CampaignDetail }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const textId = useId();
  const titleId = useId();
  const canEdit = c.allowedActions.includes('campaign.manage') && c.phase !== 'CLOSED';
  const [text, setText] = useState(c.guidanceText);
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const update = useUpdateCampaign(c.id);
  const upload = useUploadCampaignFile(c.id);
  const remove = useDeleteCampaignFile(c.id);
  const onError = useCampaignWriteError(c.id);
  const dirty = text !== c.guidanceText;
  useUnsavedWork(dirty);

  // A reload (another user's save, a conflict) brings the server's text unless the user is typing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the server's text changes
  useEffect(() => {
    if (!dirty) {
      setText(c.guidanceText);
    }
  }, [c.guidanceText]);

  const save = () =>
    update.mutate(
      { rowVersion: c.rowVersion, guidanceText: text },
      {
        onSuccess: () => void message.success(t('campaigns.guidanceSaved')),
        onError: (e) => {
          onError(e);
        },
      },
    );

  const send = () => {
    if (!file) {
      return;
    }
    upload.mutate(
      { title: title.trim() || file.name.replace(/\.[^.]+$/, ''), file },
      {
        onSuccess: () => {
          void message.success(t('campaigns.fileUploaded', { name: file.name }));
          setFile(null);
          setTitle('');
        },
        onError,
      },
    );
  };

  const columns = [
    {
      title: t('campaigns.fileTitle'),
      key: 'title',
      render: (_: unknown, f: CampaignFileView) => (
        <Flex vertical gap={0}>
          <a href={campaignFileUrl(c.id, f.id)} download data-testid={`campaign-file-${f.filename}`}>
            {f.title}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.filename} · {formatBytes(f.sizeBytes, lang)} · SHA-256 {f.sha256.slice(0, 12)}…
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('campaigns.uploadedAt'),
      key: 'at',
      width: 150,
      render: (_: unknown, f: CampaignFileView) => formatDateTime(f.uploadedAt, lang),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_: unknown, f: CampaignFileView) => (
        <Flex gap={4} wrap>
          {INLINE_TYPES.has(f.mimeType) ? (
            <Button
              size="small"
              type="link"
              icon={<EyeOutlined />}
              href={campaignFileUrl(c.id, f.id, true)}
              target="_blank"
              rel="noopener"
              aria-label={`${t('campaigns.view')} ${f.title}`}
            >
              {t('campaigns.view')}
            </Button>
          ) : null}
          <Button
            size="small"
            type="link"
            icon={<DownloadOutlined />}
            href={campaignFileUrl(c.id, f.id)}
            download
            aria-label={`${t('campaigns.download')} ${f.title}`}
          >
            {t('campaigns.download')}
          </Button>
          {canEdit ? (
            <Popconfirm
              title={t('campaigns.fileDeleteConfirm', { name: f.title })}
              okText={t('campaigns.delete')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                remove.mutateAsync(f.id).then(() => void message.success(t('campaigns.fileDeleted')), onError)
              }
            >
              <Button
                size="small"
                type="link"
                danger
                icon={<DeleteOutlined />}
                aria-label={`${t('campaigns.delete')} ${f.title}`}
              >
                {t('campaigns.delete')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('campaigns.guidanceText')}>
        {canEdit ? (
          <Flex vertical gap={8}>
            <label htmlFor={textId} className="sr-only">
              {t('campaigns.guidanceText')}
            </label>
            <Input.TextArea
              id={textId}
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoSize={{ minRows: 6, maxRows: 24 }}
              maxLength={CAMPAIGN_LIMITS.guidanceMax}
              showCount
              placeholder={t('campaigns.guidancePlaceholder')}
              data-testid="campaign-guidance-text"
            />
            <Flex gap={8} justify="flex-end" style={{ marginTop: 12 }}>
              {dirty ? (
                <Button onClick={() => setText(c.guidanceText)} disabled={update.isPending}>
                  {t('campaigns.discard')}
                </Button>
              ) : null}
              <Button
                type="primary"
                onClick={save}
                disabled={!dirty}
                loading={update.isPending}
                data-testid="campaign-guidance-save"
              >
                {t('common.save')}
              </Button>
            </Flex>
          </Flex>
        ) : c.guidanceText.trim() ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {c.guidanceText}
          </Typography.Paragraph>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.noGuidance')} />
        )}
      </Card>
      <Card size="small" title={t('campaigns.guidanceFiles')}>
        {canEdit ? (
          <Flex gap={8} wrap align="flex-end" style={{ marginBottom: 12 }}>
            <Flex vertical gap={2} style={{ flex: '1 1 260px' }}>
              <label htmlFor={titleId} style={{ fontSize: 13 }}>
                {t('campaigns.fileTitle')}
              </label>
              <Input
                id={titleId}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                placeholder={file ? file.name.replace(/\.[^.]+$/, '') : t('campaigns.fileTitlePlaceholder')}
                data-testid="campaign-file-title"
              />
            </Flex>
            <Upload
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
            >
              <Button icon={<UploadOutlined />} data-testid="campaign-file-pick">
                {t('campaigns.chooseFile')}
              </Button>
            </Upload>
            <Button
              type="primary"
              disabled={!file}
              loading={upload.isPending}
              onClick={send}
              data-testid="campaign-file-upload"
            >
              {t('campaigns.upload')}
            </Button>
          </Flex>
        ) : null}
        <Table<CampaignFileView>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={c.files}
          pagination={false}
          locale={{ emptyText: t('campaigns.noFiles') }}
        />
      </Card>
    </Flex>
  );
}
