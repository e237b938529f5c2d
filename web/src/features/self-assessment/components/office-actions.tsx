import { SCORECARD_LIMITS, type ScorecardView } from '@cchc/domain/api/scorecards';
import { Alert, App, DatePicker, Flex, Input, Modal } from 'antd';
import dayjs from 'dayjs';
import { useId, useState } from 'react';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useExtendScorecard, useReturnScorecard } from '../api';

const PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;

function useErrorText() {
  const t = useT();
  const lang = useLang();
  return (e: unknown) =>
    isApiError(e) && e.code === 'EDIT_CONFLICT' ? t('sa.scorecardConflict') : describeError(e, lang);
}

/** "Trả lại": the Office sends a submitted scorecard back to the unit, with a reason. */
export function ReturnModal({ view, onClose }: { view: ScorecardView; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ret = useReturnScorecard(view.id);
  const errorText = useErrorText();
  return (
    <Modal
      open
      title={t('sa.returnTitle', { unit: view.unit.name })}
      okText={t('sa.return')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !reason.trim(), loading: ret.isPending, danger: true }}
      onOk={() =>
        ret.mutate(
          { rowVersion: view.rowVersion, reason: reason.trim() },
          {
            onSuccess: () => {
              void message.success(t('sa.returned'));
              onClose();
            },
            onError: (e) => setError(errorText(e)),
          },
        )
      }
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Flex vertical gap={4}>
        <label htmlFor={reasonId}>{t('sa.returnReason')}</label>
        <Input.TextArea
          id={reasonId}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={SCORECARD_LIMITS.reasonMax}
        />
      </Flex>
    </Modal>
  );
}

/** "Gia hạn": the Office gives one unit a later deadline (or removes the extension). */
export function ExtensionModal({ view, onClose }: { view: ScorecardView; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const dateId = useId();
  const reasonId = useId();
  const [date, setDate] = useState<string | null>(view.dueDate);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const extend = useExtendScorecard(view.id);
  const errorText = useErrorText();
  return (
    <Modal
      open
      title={t('sa.extendTitle', { unit: view.unit.name })}
      okText={t('sa.extend')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !reason.trim() || !date, loading: extend.isPending }}
      onOk={() =>
        extend.mutate(
          { rowVersion: view.rowVersion, extendedUntil: date, reason: reason.trim() },
          {
            onSuccess: (v) => {
              void message.success(t('sa.extended', { date: formatDate(v.dueDate, lang) }));
              onClose();
            },
            onError: (e) => setError(errorText(e)),
          },
        )
      }
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Flex vertical gap={12}>
        <Flex vertical gap={4}>
          <label htmlFor={dateId}>{t('sa.extendUntil')}</label>
          <DatePicker
            id={dateId}
            value={date ? dayjs(date) : null}
            format={PICKER_FORMAT[lang]}
            onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : null)}
            style={{ width: 200 }}
          />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor={reasonId}>{t('sa.extendReason')}</label>
          <Input.TextArea
            id={reasonId}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={SCORECARD_LIMITS.reasonMax}
          />
        </Flex>
      </Flex>
    </Modal>
  );
}
