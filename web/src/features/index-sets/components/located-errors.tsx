import type { LocatedError } from '@cchc/domain/index-set/format';
import { Alert, Button, Table, type TableProps, Typography } from 'antd';
import { isApiError } from '../../../lib/api-client';
import { useLang, useT } from '../../../lib/i18n';

/**
 * A problem to list. The validator's and the server's messages are Vietnamese only (`vietnamese`):
 * the English UI shows them as they are, marked as Vietnamese; the editor's own checks are in the
 * UI language.
 */
export type ShownError = LocatedError & { vietnamese?: boolean };

/** Marks messages that come from the domain validator (Vietnamese only). */
export function vietnameseErrors(errors: readonly LocatedError[]): ShownError[] {
  return errors.map((error) => ({ ...error, vietnamese: true }));
}

/** The `details.errors` of an INDEX_SET_INVALID answer (every problem, by location). */
export function locatedErrorsOf(error: unknown): ShownError[] {
  if (!isApiError(error) || error.code !== 'INDEX_SET_INVALID') {
    return [];
  }
  const list = error.details.errors;
  if (!Array.isArray(list)) {
    return [];
  }
  return list.flatMap((e: unknown) => {
    if (typeof e !== 'object' || e === null) {
      return [];
    }
    const { path, message } = e as { path?: unknown; message?: unknown };
    return typeof message === 'string'
      ? [{ path: typeof path === 'string' ? path : '', message, vietnamese: true }]
      : [];
  });
}

/**
 * The summary message and the whole list of problems (Vị trí / Lỗi). With `onLocate`, locations
 * that point at something in the editor become buttons that select it.
 */
export function LocatedErrors({
  title,
  errors,
  testId,
  canLocate,
  onLocate,
  onClose,
}: {
  title: string;
  errors: ShownError[];
  testId: string;
  canLocate?: (error: LocatedError) => boolean;
  onLocate?: (error: LocatedError) => void;
  onClose?: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const columns: TableProps<ShownError & { key: number }>['columns'] = [
    {
      title: t('indexSets.errorPath'),
      dataIndex: 'path',
      key: 'path',
      width: '38%',
      render: (path: string, error) =>
        onLocate && canLocate?.(error) ? (
          <Button
            type="link"
            size="small"
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
            onClick={() => onLocate(error)}
            aria-label={t('indexSets.errorGoTo', { path })}
          >
            <code style={{ wordBreak: 'break-all' }}>{path}</code>
          </Button>
        ) : (
          <code style={{ wordBreak: 'break-all' }}>{path || t('common.none')}</code>
        ),
    },
    {
      title: t('indexSets.errorMessage'),
      dataIndex: 'message',
      key: 'message',
      render: (text: string, error) =>
        error.vietnamese && lang !== 'vi' ? (
          <>
            <span lang="vi">{text}</span>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('common.inVietnamese')}
            </Typography.Text>
          </>
        ) : (
          text
        ),
    },
  ];
  return (
    <div data-testid={testId} style={{ marginBottom: 16 }}>
      <Alert
        type="error"
        showIcon
        title={title}
        description={t('indexSets.errorCount', { count: errors.length })}
        closable={onClose ? { onClose, 'aria-label': t('indexSets.errorsClose') } : undefined}
        style={{ marginBottom: 8 }}
      />
      {/* Every error is listed (no paging); a long list scrolls in a keyboard-focusable region. */}
      <section
        aria-label={title}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe)
        tabIndex={0}
        style={{ maxHeight: 420, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6 }}
      >
        <Table<ShownError & { key: number }>
          size="small"
          columns={columns}
          dataSource={errors.map((e, key) => ({ ...e, key }))}
          pagination={false}
        />
      </section>
    </div>
  );
}
