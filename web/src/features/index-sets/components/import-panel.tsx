import { InboxOutlined } from '@ant-design/icons';
import { LIMITS } from '@cchc/domain/validation';
import { Alert, App, Spin, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { describeError } from '../../../lib/api-client';
import { useLang, useT } from '../../../lib/i18n';
import { useImportIndexSet } from '../api';
import { LocatedErrors, locatedErrorsOf, type ShownError } from './located-errors';

type Outcome =
  | { kind: 'invalid'; message: string; errors: ShownError[] }
  | { kind: 'error'; message: string }
  | null;

const ACCEPT =
  '.json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * "Nhập từ tệp": drop or choose a .json / .xlsx file; it becomes a new DRAFT version and opens.
 * A rejected file shows every problem the server found (Vị trí / Lỗi) right here.
 */
export function ImportPanel() {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const importSet = useImportIndexSet();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [fileName, setFileName] = useState<string | null>(null);

  const upload = (file: File) => {
    setOutcome(null);
    setFileName(file.name);
    if (file.size > LIMITS.indexSetUploadBytes) {
      setOutcome({
        kind: 'error',
        message: t('indexSets.importTooLarge', { mb: LIMITS.indexSetUploadBytes / 1024 / 1024 }),
      });
      return;
    }
    importSet.mutate(file, {
      onSuccess: (created) => {
        void message.success(t('indexSets.imported', { code: created.code, version: created.version }));
        navigate(`/index-sets/${created.id}`);
      },
      onError: (error) => {
        const errors = locatedErrorsOf(error);
        setOutcome(
          errors.length > 0
            ? { kind: 'invalid', message: describeError(error, lang), errors }
            : { kind: 'error', message: describeError(error, lang) },
        );
      },
    });
  };

  return (
    <section aria-labelledby="index-set-import-title" style={{ marginBottom: 20 }}>
      <h2 id="index-set-import-title" style={{ fontSize: 16, margin: '0 0 8px' }}>
        {t('indexSets.importTitle')}
      </h2>
      <Spin spinning={importSet.isPending} description={t('indexSets.importing')}>
        <Upload.Dragger
          accept={ACCEPT}
          multiple={false}
          maxCount={1}
          showUploadList={false}
          disabled={importSet.isPending}
          // The file goes through our API client (CSRF header, typed errors), not antd's XHR.
          beforeUpload={(file) => {
            upload(file);
            return false;
          }}
          data-testid="index-set-import"
          aria-label={t('indexSets.importChoose')}
        >
          <p className="ant-upload-drag-icon" style={{ marginBottom: 8 }}>
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">{t('indexSets.importDrop')}</p>
          <p className="ant-upload-hint" style={{ color: 'rgba(0,0,0,0.65)' }}>
            {t('indexSets.importHint', { mb: LIMITS.indexSetUploadBytes / 1024 / 1024 })}
          </p>
        </Upload.Dragger>
      </Spin>
      <div aria-live="polite" style={{ marginTop: outcome ? 12 : 0 }}>
        {outcome?.kind === 'invalid' ? (
          <LocatedErrors
            title={`${fileName ? `${fileName}: ` : ''}${outcome.message}`}
            errors={outcome.errors}
            testId="index-set-import-errors"
            onClose={() => setOutcome(null)}
          />
        ) : null}
        {outcome?.kind === 'error' ? (
          <Alert
            type="error"
            showIcon
            title={fileName ? `${fileName}: ${outcome.message}` : outcome.message}
            data-testid="index-set-import-error"
            closable={{ onClose: () => setOutcome(null), 'aria-label': t('indexSets.errorsClose') }}
          />
        ) : null}
      </div>
    </section>
  );
}
