import type { UnitGroupView } from '@cchc/domain/api/organisation';
import { CODE_PATTERN, LIMITS } from '@cchc/domain/validation';
import { App, Form, Input } from 'antd';
import { useState } from 'react';
import { FormModal } from '../../../components/ui/form-modal';
import { applyApiError } from '../../../lib/forms';
import { useLang, useT } from '../../../lib/i18n';
import { useCreateUnitGroup, useUpdateUnitGroup } from '../api';

interface GroupValues {
  code: string;
  name: string;
}

/** Add (group = null) or edit a unit group. */
export function UnitGroupFormModal({ group, onClose }: { group: UnitGroupView | null; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<GroupValues>();
  const [error, setError] = useState<string | null>(null);
  const create = useCreateUnitGroup();
  const update = useUpdateUnitGroup();

  const onFinish = (values: GroupValues) => {
    setError(null);
    const input = { code: values.code.trim(), name: values.name.trim() };
    const onError = (e: unknown) => setError(applyApiError(form, e, lang));
    const onSuccess = (saved: UnitGroupView) => {
      void message.success(t(group ? 'groups.updated' : 'groups.created', { code: saved.code }));
      onClose();
    };
    if (group) {
      update.mutate({ id: group.id, patch: input }, { onSuccess, onError });
    } else {
      create.mutate(input, { onSuccess, onError });
    }
  };

  return (
    <FormModal<GroupValues>
      title={group ? t('groups.editTitle', { code: group.code }) : t('groups.addTitle')}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={create.isPending || update.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      testId="unit-group-form"
      initialValues={group ? { code: group.code, name: group.name } : undefined}
    >
      <Form.Item
        label={t('groups.code')}
        name="code"
        extra={t('units.codeHint')}
        normalize={(value: string) => value.toUpperCase().replace(/\s/g, '')}
        rules={[
          { required: true, message: t('common.required') },
          { max: LIMITS.codeMax, message: t('common.maxLength', { max: LIMITS.codeMax }) },
          { pattern: CODE_PATTERN, message: t('units.codeInvalid') },
        ]}
      >
        <Input autoComplete="off" spellCheck={false} maxLength={LIMITS.codeMax} style={{ maxWidth: 240 }} />
      </Form.Item>
      <Form.Item
        label={t('groups.name')}
        name="name"
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { max: LIMITS.nameMax, message: t('common.maxLength', { max: LIMITS.nameMax }) },
        ]}
      >
        <Input autoComplete="off" maxLength={LIMITS.nameMax} />
      </Form.Item>
    </FormModal>
  );
}
