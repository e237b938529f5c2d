import type { IndexSetSummary } from '@cchc/domain/api/index-sets';
import { App, Button, type ButtonProps, Popconfirm, Tooltip } from 'antd';
import { useNavigate } from 'react-router-dom';
import { describeError } from '../../../lib/api-client';
import { useLang, useT } from '../../../lib/i18n';
import { exportUrl, useNewIndexSetVersion, usePublishIndexSet } from '../api';

/** "Tải JSON" / "Tải Excel": plain download links (the session cookie goes along). */
export function DownloadButtons({
  set,
  size,
  type,
}: {
  set: IndexSetSummary;
  size?: ButtonProps['size'];
  type?: ButtonProps['type'];
}) {
  const t = useT();
  const label = `${set.code} v${set.version}`;
  return (
    <>
      <Button
        size={size}
        type={type}
        href={exportUrl(set.id, 'json')}
        download
        aria-label={`${t('indexSets.downloadJson')} ${label}`}
        data-testid={`index-set-download-json-${set.code}-v${set.version}`}
      >
        {t('indexSets.downloadJson')}
      </Button>
      <Button
        size={size}
        type={type}
        href={exportUrl(set.id, 'xlsx')}
        download
        aria-label={`${t('indexSets.downloadXlsx')} ${label}`}
        data-testid={`index-set-download-xlsx-${set.code}-v${set.version}`}
      >
        {t('indexSets.downloadXlsx')}
      </Button>
    </>
  );
}

/** "Ban hành" behind a Popconfirm that says the version is frozen for good. */
export function PublishButton({
  set,
  size,
  type,
  disabledReason,
  testId,
}: {
  set: IndexSetSummary;
  size?: ButtonProps['size'];
  type?: ButtonProps['type'];
  /** When set, the button is disabled and says why (e.g. unsaved changes). */
  disabledReason?: string | null;
  testId?: string;
}) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const publish = usePublishIndexSet();
  const label = `${set.code} v${set.version}`;
  return (
    <Popconfirm
      title={t('indexSets.publishConfirm', { name: label })}
      description={<div style={{ maxWidth: 320 }}>{t('indexSets.publishConfirmHint')}</div>}
      okText={t('indexSets.publish')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'index-set-publish-confirm' } as ButtonProps}
      disabled={Boolean(disabledReason)}
      onConfirm={() =>
        publish.mutateAsync(set.id).then(
          (saved) =>
            void message.success(t('indexSets.published', { name: `${saved.code} v${saved.version}` })),
          (error: unknown) => void message.error(describeError(error, lang)),
        )
      }
    >
      <Tooltip title={disabledReason}>
        <Button
          size={size}
          type={type}
          loading={publish.isPending}
          disabled={Boolean(disabledReason)}
          aria-label={type === 'link' ? `${t('indexSets.publish')} ${label}` : undefined}
          data-testid={testId ?? `index-set-publish-${set.code}-v${set.version}`}
        >
          {t('indexSets.publish')}
        </Button>
      </Tooltip>
    </Popconfirm>
  );
}

/** "Tạo phiên bản mới": a DRAFT copy of this version, opened right away. */
export function NewVersionButton({
  set,
  size,
  type,
  disabledReason,
  testId,
}: {
  set: IndexSetSummary;
  size?: ButtonProps['size'];
  type?: ButtonProps['type'];
  /** When set, the button is disabled and says why (e.g. unsaved changes would not be copied). */
  disabledReason?: string | null;
  testId?: string;
}) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const newVersion = useNewIndexSetVersion();
  const label = `${set.code} v${set.version}`;
  return (
    <Tooltip title={disabledReason}>
      <Button
        size={size}
        type={type}
        loading={newVersion.isPending}
        disabled={Boolean(disabledReason)}
        aria-label={type === 'link' ? `${t('indexSets.newVersion')} ${label}` : undefined}
        data-testid={testId ?? `index-set-new-version-${set.code}-v${set.version}`}
        onClick={() =>
          newVersion.mutate(set.id, {
            onSuccess: (created) => {
              void message.success(
                t('indexSets.versionCreated', { name: `${created.code} v${created.version}` }),
              );
              navigate(`/index-sets/${created.id}`);
            },
            onError: (error) => void message.error(describeError(error, lang)),
          })
        }
      >
        {t('indexSets.newVersion')}
      </Button>
    </Tooltip>
  );
}
