import type { IndexSetSummary } from '@cchc/domain/api/index-sets';
import { CODE_PATTERN, LIMITS } from '@cchc/domain/validation';
import { App, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { FormModal } from '../../../components/ui/form-modal';
import { applyApiError } from '../../../lib/forms';
import { useLang, useT } from '../../../lib/i18n';
import { useCloneIndexSet } from '../api';
import { YEAR_MAX, YEAR_MIN } from '../limits';
import { DecimalInput } from './decimal-input';

interface CloneValues {
  code: string;
  name: string;
  year: number;
}

/** "Nhân bản cho năm khác": a new set (new code, version 1) copied from `source`; opens it. */
export function CloneModal({ source, onClose }: { source: IndexSetSummary; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CloneValues>();
  const [error, setError] = useState<string | null>(null);
  const clone = useCloneIndexSet();
  const nextYear = source.year + 1;
  const suggestedCode = source.code.includes(String(source.year))
    ? source.code.replace(String(source.year), String(nextYear))
    : `${source.code}-${nextYear}`;

  const onFinish = (values: CloneValues) => {
    setError(null);
    clone.mutate(
      { id: source.id, input: { code: values.code.trim(), name: values.name.trim(), year: values.year } },
      {
        onSuccess: (created) => {
          void message.success(t('indexSets.cloned', { code: created.code }));
          onClose();
          navigate(`/index-sets/${created.id}`);
        },
        onError: (e) => setError(applyApiError(form, e, lang)),
      },
    );
  };

  return (
    <FormModal<CloneValues>
      title={t('indexSets.cloneTitle', { code: source.code, version: source.version })}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={clone.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      okText={t('indexSets.cloneSubmit')}
      testId="index-set-clone-form"
      initialValues={{
        code: suggestedCode,
        name: source.name.replace(String(source.year), String(nextYear)),
        year: nextYear,
      }}
    >
      <Form.Item
        label={t('indexSets.setCode')}
        name="code"
        extra={t('indexSets.cloneCodeHint')}
        normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
        rules={[
          { required: true, message: t('common.required') },
          { max: LIMITS.indexSetCodeMax, message: t('common.maxLength', { max: LIMITS.indexSetCodeMax }) },
          { pattern: CODE_PATTERN, message: t('units.codeInvalid') },
        ]}
      >
        <Input autoComplete="off" spellCheck={false} />
      </Form.Item>
      <Form.Item
        label={t('indexSets.setName')}
        name="name"
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { max: LIMITS.nameMax, message: t('common.maxLength', { max: LIMITS.nameMax }) },
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
      <Form.Item
        label={t('indexSets.year')}
        name="year"
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: async (_, value: unknown) => {
              if (
                typeof value === 'number' &&
                (!Number.isInteger(value) || value < YEAR_MIN || value > YEAR_MAX)
              ) {
                throw new Error(t('indexSets.errYear', { min: YEAR_MIN, max: YEAR_MAX }));
              }
            },
          },
        ]}
      >
        <DecimalInput step={1} style={{ maxWidth: 160 }} data-testid="index-set-clone-year" />
      </Form.Item>
    </FormModal>
  );
}
