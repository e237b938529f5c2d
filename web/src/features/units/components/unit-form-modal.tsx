import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind, type UnitView } from '@cchc/domain/api/organisation';
import { CODE_PATTERN, LIMITS } from '@cchc/domain/validation';
import { App, Form, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { FormModal } from '../../../components/ui/form-modal';
import { applyApiError } from '../../../lib/forms';
import { useLang, useT } from '../../../lib/i18n';
import { useUnitGroups } from '../../../lib/organisation';
import { useCreateUnit, useUpdateUnit } from '../api';

interface UnitValues {
  code: string;
  name: string;
  kind: UnitKind;
  groupId?: string | null;
}

/** Add (unit = null) or edit a unit. */
export function UnitFormModal({ unit, onClose }: { unit: UnitView | null; onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<UnitValues>();
  const [error, setError] = useState<string | null>(null);
  const groups = useUnitGroups();
  const create = useCreateUnit();
  const update = useUpdateUnit();

  const groupOptions = useMemo(
    () =>
      (groups.data ?? [])
        .filter((g) => g.isActive || g.id === unit?.groupId)
        .map((g) => ({ value: g.id, label: `${g.name} (${g.code})` })),
    [groups.data, unit?.groupId],
  );

  const onFinish = (values: UnitValues) => {
    setError(null);
    const input = {
      code: values.code.trim(),
      name: values.name.trim(),
      kind: values.kind,
      groupId: values.groupId ?? null,
    };
    const onError = (e: unknown) => setError(applyApiError(form, e, lang));
    if (unit) {
      update.mutate(
        { id: unit.id, patch: input },
        {
          onSuccess: (saved) => {
            void message.success(t('units.updated', { code: saved.code }));
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(input, {
        onSuccess: (saved) => {
          void message.success(t('units.created', { code: saved.code }));
          onClose();
        },
        onError,
      });
    }
  };

  return (
    <FormModal<UnitValues>
      title={unit ? t('units.editTitle', { code: unit.code }) : t('units.addTitle')}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={create.isPending || update.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      testId="unit-form"
      initialValues={
        unit ? { code: unit.code, name: unit.name, kind: unit.kind, groupId: unit.groupId } : undefined
      }
    >
      <Form.Item
        label={t('units.code')}
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
        label={t('units.name')}
        name="name"
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { max: LIMITS.nameMax, message: t('common.maxLength', { max: LIMITS.nameMax }) },
        ]}
      >
        <Input autoComplete="off" maxLength={LIMITS.nameMax} />
      </Form.Item>
      <Form.Item
        label={t('units.kind')}
        name="kind"
        rules={[{ required: true, message: t('common.requiredSelect') }]}
      >
        <Select
          placeholder={t('units.selectKind')}
          options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k][lang] }))}
        />
      </Form.Item>
      <Form.Item label={t('units.group')} name="groupId">
        <Select
          allowClear
          placeholder={t('units.selectGroup')}
          loading={groups.isPending}
          options={groupOptions}
        />
      </Form.Item>
    </FormModal>
  );
}
