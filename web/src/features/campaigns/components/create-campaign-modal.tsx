import type { CampaignSummary, CreateCampaignInput } from '@cchc/domain/api/campaigns';
import { LIMITS } from '@cchc/domain/validation';
import { App, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { FormModal } from '../../../components/ui/form-modal';
import { applyApiError } from '../../../lib/forms';
import { useLang, useT } from '../../../lib/i18n';
import { useUnits } from '../../../lib/organisation';
import { useCreateCampaign, usePublishedIndexSets } from '../api';

interface Values {
  code: string;
  name: string;
  year: number;
  indexSetId: string;
  previousCampaignId?: string;
  unitMode: 'all' | 'some';
  unitIds?: string[];
}

const defaultName = (year: number) => `Đánh giá, xác định Chỉ số CCHC năm ${year}`;

/** CCHC-2026, or CCHC-2026-2 … when that code is taken (codes are unique across campaigns). */
function suggestCode(year: number, campaigns: readonly CampaignSummary[]): string {
  const taken = new Set(campaigns.map((c) => c.code));
  let code = `CCHC-${year}`;
  for (let n = 2; taken.has(code); n += 1) {
    code = `CCHC-${year}-${n}`;
  }
  return code;
}

/**
 * "Tạo kỳ đánh giá" (the Office): code, name, year, a published index-set version, last year's
 * campaign (to carry answers forward) and the participating units — all units of the set's groups
 * unless the Office picks some. Milestones and the reminder ladder start from the plan's defaults.
 */
export function CreateCampaignModal({
  campaigns,
  onClose,
}: {
  campaigns: CampaignSummary[];
  onClose: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const create = useCreateCampaign();
  const sets = usePublishedIndexSets(true);
  const units = useUnits();
  const year = Form.useWatch('year', form) ?? new Date().getFullYear();
  const unitMode = Form.useWatch('unitMode', form) ?? 'all';

  // The newest published version is the likely choice.
  useEffect(() => {
    const newest = [...(sets.data ?? [])].sort((a, b) => b.year - a.year || b.version - a.version)[0];
    if (newest && !form.getFieldValue('indexSetId')) {
      form.setFieldValue('indexSetId', newest.id);
    }
  }, [sets.data, form]);

  const previousOptions = campaigns
    .filter((c) => c.year < year)
    .map((c) => ({ value: c.id, label: `${c.code} — ${c.name} (${c.year})` }));
  const unitOptions = (units.data ?? [])
    .filter((u) => u.isActive && u.groupId)
    .map((u) => ({ value: u.id, label: `${u.code} — ${u.name}${u.groupName ? ` (${u.groupName})` : ''}` }));

  const onFinish = (values: Values) => {
    setError(null);
    const input: CreateCampaignInput = {
      code: values.code.trim(),
      name: values.name.trim(),
      year: values.year,
      indexSetId: values.indexSetId,
      previousCampaignId: values.previousCampaignId ?? null,
      ...(values.unitMode === 'some' ? { unitIds: values.unitIds ?? [] } : {}),
    };
    create.mutate(input, {
      onSuccess: (detail) => {
        void message.success(t('campaigns.created', { code: detail.code }));
        onClose();
        navigate(`/campaigns/${detail.id}`);
      },
      onError: (e) => setError(applyApiError(form, e, lang)),
    });
  };

  const thisYear = new Date().getFullYear();
  return (
    <FormModal<Values>
      title={t('campaigns.create')}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={create.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      okText={t('campaigns.createSubmit')}
      width={640}
      testId="campaign-create-form"
      initialValues={{
        year: thisYear,
        code: suggestCode(thisYear, campaigns),
        name: defaultName(thisYear),
        unitMode: 'all',
      }}
    >
      <Form.Item
        name="year"
        label={t('campaigns.year')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <InputNumber<number>
          min={2000}
          max={2100}
          style={{ width: 140 }}
          onChange={(y) => {
            // Keep the suggested code and name in step with the year until the user edits them.
            if (typeof y === 'number') {
              const code = form.getFieldValue('code') as string;
              if (/^CCHC-\d{4}(-\d+)?$/.test(code ?? '')) {
                form.setFieldValue('code', suggestCode(y, campaigns));
              }
              const name = form.getFieldValue('name') as string;
              if (/^Đánh giá, xác định Chỉ số CCHC năm \d{4}$/.test(name ?? '')) {
                form.setFieldValue('name', defaultName(y));
              }
            }
          }}
        />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('campaigns.code')}
        extra={t('campaigns.codeHint')}
        rules={[
          { required: true, message: t('common.required') },
          { max: LIMITS.indexSetCodeMax, message: t('common.maxLength', { max: LIMITS.indexSetCodeMax }) },
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('campaigns.name')}
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { max: LIMITS.nameMax, message: t('common.maxLength', { max: LIMITS.nameMax }) },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="indexSetId"
        label={t('campaigns.indexSetPublished')}
        rules={[{ required: true, message: t('common.requiredSelect') }]}
      >
        <Select
          loading={sets.isPending}
          options={(sets.data ?? []).map((s) => ({
            value: s.id,
            label: `${s.code} v${s.version} — ${s.name} (${s.year})`,
          }))}
          notFoundContent={t('campaigns.noPublishedSet')}
          data-testid="campaign-create-index-set"
        />
      </Form.Item>
      <Form.Item
        name="previousCampaignId"
        label={t('campaigns.previousCampaign')}
        extra={t('campaigns.previousCampaignHint')}
      >
        <Select allowClear options={previousOptions} placeholder={t('campaigns.noPrevious')} />
      </Form.Item>
      <Form.Item name="unitMode" label={t('campaigns.participants')}>
        <Radio.Group
          options={[
            { value: 'all', label: t('campaigns.allUnits') },
            { value: 'some', label: t('campaigns.someUnits') },
          ]}
        />
      </Form.Item>
      {unitMode === 'some' ? (
        <Form.Item
          name="unitIds"
          label={t('campaigns.chooseUnits')}
          rules={[{ required: true, type: 'array', min: 1, message: t('campaigns.chooseUnitsRequired') }]}
        >
          <Select
            mode="multiple"
            allowClear
            loading={units.isPending}
            options={unitOptions}
            optionFilterProp="label"
            maxTagCount="responsive"
          />
        </Form.Item>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('campaigns.allUnitsHint')}
        </Typography.Paragraph>
      )}
    </FormModal>
  );
}
