import { type AnnouncementView, RESULTS_LIMITS } from '@cchc/domain/api/results';
import { Alert, App, Button, DatePicker, Flex, Form, Input } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { applyApiError } from '../../../lib/forms';
import { useLang } from '../../../lib/i18n';
import { useSaveAnnouncement } from '../api';
import { useResultsT } from '../messages';

const PICKER_FORMAT = { vi: 'DD/MM/YYYY', en: 'YYYY-MM-DD' } as const;

interface Values {
  decisionNumber: string;
  decisionDate: Dayjs | null;
  announcedOn: Dayjs | null;
  place: string;
  note: string;
}

const toValues = (a: AnnouncementView | null): Values => ({
  decisionNumber: a?.decisionNumber ?? '',
  decisionDate: a?.decisionDate ? dayjs(a.decisionDate) : null,
  announcedOn: a?.announcedOn ? dayjs(a.announcedOn) : null,
  place: a?.place ?? '',
  note: a?.note ?? '',
});

/**
 * The announcement decision (số và ngày quyết định công bố) and the conference (date, place):
 * publication needs it. Dates are picked as DD/MM/YYYY and sent as YYYY-MM-DD.
 */
export function AnnouncementForm({
  campaignId,
  announcement,
}: {
  campaignId: string;
  announcement: AnnouncementView | null;
}) {
  const t = useResultsT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const save = useSaveAnnouncement(campaignId);
  const max = (n: number): Rule => ({ max: n, message: t('form.maxLength', { max: n }) });

  const onFinish = (v: Values) => {
    setError(null);
    save.mutate(
      {
        decisionNumber: v.decisionNumber.trim(),
        decisionDate: v.decisionDate?.format('YYYY-MM-DD') ?? '',
        announcedOn: v.announcedOn ? v.announcedOn.format('YYYY-MM-DD') : null,
        place: v.place.trim(),
        note: v.note.trim(),
      },
      {
        onSuccess: (saved) => {
          form.setFieldsValue(toValues(saved));
          void message.success(t('publish.saved'));
        },
        onError: (e) => setError(applyApiError(form, e, lang)),
      },
    );
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={toValues(announcement)}
      onFinish={onFinish}
      onValuesChange={() => setError(null)}
      disabled={save.isPending}
      data-testid="announcement-form"
      style={{ maxWidth: 760 }}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="announcement-error"
        />
      ) : null}
      <Flex gap={16} wrap>
        <Form.Item
          name="decisionNumber"
          label={t('publish.decisionNumber')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            max(RESULTS_LIMITS.decisionNumberMax),
          ]}
          extra={t('publish.decisionNumberHint')}
          style={{ flex: '1 1 260px' }}
        >
          <Input data-testid="announcement-number" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="decisionDate"
          label={t('publish.decisionDate')}
          rules={[{ required: true, message: t('form.requiredDate') }]}
          style={{ flex: '0 0 200px' }}
        >
          <DatePicker
            format={PICKER_FORMAT[lang]}
            placeholder={t('form.datePlaceholder')}
            style={{ width: '100%' }}
            data-testid="announcement-decision-date"
          />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item
          name="announcedOn"
          label={t('publish.announcedOn')}
          extra={t('publish.announcedOnHint')}
          style={{ flex: '0 0 200px' }}
        >
          <DatePicker
            format={PICKER_FORMAT[lang]}
            placeholder={t('form.datePlaceholder')}
            style={{ width: '100%' }}
            data-testid="announcement-date"
          />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('publish.place')}
          rules={[max(RESULTS_LIMITS.placeMax)]}
          style={{ flex: '1 1 260px' }}
        >
          <Input data-testid="announcement-place" />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('publish.note')} rules={[max(RESULTS_LIMITS.noteMax)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="announcement-note" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="announcement-save">
        {t('publish.save')}
      </Button>
    </Form>
  );
}
