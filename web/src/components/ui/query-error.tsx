import { Alert, Button } from 'antd';
import { describeError } from '../../lib/api-client';
import { useLang, useT } from '../../lib/i18n';

/** A failed read, with a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const lang = useLang();
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.loadError')}
      description={describeError(error, lang)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
