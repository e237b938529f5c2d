import {
  APPRAISAL_LIMITS,
  type AppraisalRow,
  type MeetingView,
  SPECIAL_CASE_KINDS,
  SPECIAL_CASE_LABELS,
  type SpecialCaseKind,
} from '@cchc/domain/api/appraisal';
import { Alert, App, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { describeError } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { applyApiError } from '../../../lib/forms';
import { useLang } from '../../../lib/i18n';
import { useRecordSpecialCase, useScorecardAppraisal } from '../api';
import { useCouncilT } from '../messages';
import { parsePoints, pointsNumber } from '../model';
import { CouncilFormModal, leafOptions, leafValue, pointsRules, selfValue, textRules } from './shared';

interface SpecialCaseForm {
  kind: SpecialCaseKind;
  leafCode?: string;
  points?: string;
  reason: string;
  decisionText: string;
  meetingId?: string;
}

/**
 * "Ghi nhận trường hợp đặc biệt": a council decision on one unit — change a leaf's score, declare a
 * leaf not applicable (the index is renormalised), or another exception — with its reason and the
 * decision text, optionally tied to a meeting. The leaves come from the unit's AppraisalView.
 */
export function SpecialCaseModal({
  campaignId,
  row,
  meetings,
  onClose,
}: {
  campaignId: string;
  row: AppraisalRow;
  meetings: readonly MeetingView[];
  onClose: () => void;
}) {
  const t = useCouncilT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<SpecialCaseForm>();
  const [error, setError] = useState<string | null>(null);
  const appraisal = useScorecardAppraisal(row.scorecardId);
  const record = useRecordSpecialCase(campaignId);
  const kind = Form.useWatch('kind', form);
  const leafCode = Form.useWatch('leafCode', form);
  const leaves = appraisal.data?.leaves ?? [];
  const leaf = leaves.find((l) => l.leafCode === leafCode);
  const needsLeaf = kind === 'SCORE_CHANGE' || kind === 'NOT_APPLICABLE';
  const unit = `${row.unit.code} — ${row.unit.name}`;
  const latestMeeting = [...meetings].sort((a, b) => b.heldOn.localeCompare(a.heldOn))[0];

  const onFinish = (values: SpecialCaseForm) => {
    setError(null);
    record.mutate(
      {
        scorecardId: row.scorecardId,
        input: {
          kind: values.kind,
          leafCode: values.kind === 'OTHER' ? null : (values.leafCode ?? null),
          points: values.kind === 'SCORE_CHANGE' ? parsePoints(values.points) : null,
          reason: values.reason,
          decisionText: values.decisionText,
          meetingId: values.meetingId ?? null,
        },
      },
      {
        onSuccess: () => {
          void message.success(t('council.specialSaved', { unit: row.unit.name }));
          onClose();
        },
        onError: (e) => setError(applyApiError(form, e, lang)),
      },
    );
  };

  return (
    <CouncilFormModal<SpecialCaseForm>
      title={t('council.specialTitle', { unit })}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={record.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      testId="special-case-form"
      saveTestId="special-case-save"
      width={720}
      initialValues={{ kind: 'SCORE_CHANGE', reason: '', decisionText: '', meetingId: latestMeeting?.id }}
    >
      {appraisal.isError ? (
        <Alert
          type="warning"
          showIcon
          title={describeError(appraisal.error, lang)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form.Item
        name="kind"
        label={t('council.kind')}
        rules={[{ required: true, message: t('council.requiredSelect') }]}
      >
        <Radio.Group
          options={SPECIAL_CASE_KINDS.map((k) => ({ value: k, label: SPECIAL_CASE_LABELS[k][lang] }))}
          style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          data-testid="special-case-kind"
        />
      </Form.Item>
      {needsLeaf ? (
        <Form.Item
          name="leafCode"
          label={t('council.leaf')}
          rules={[{ required: true, message: t('council.requiredSelect') }]}
          extra={
            leaf ? (
              <span data-testid="special-case-leaf-info">
                {t('council.leafHelp', {
                  max: pointsNumber(leaf.maxPoints, lang),
                  self: leafValue(selfValue(leaf), t, lang),
                  appraised: leafValue(leaf.appraised, t, lang),
                  final: leafValue(leaf.final, t, lang),
                })}
              </span>
            ) : appraisal.isPending ? (
              t('council.loadingLeaves')
            ) : undefined
          }
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={leafOptions(leaves, lang)}
            loading={appraisal.isPending}
            data-testid="special-case-leaf"
          />
        </Form.Item>
      ) : null}
      {kind === 'SCORE_CHANGE' ? (
        <Form.Item
          name="points"
          label={t('council.points')}
          dependencies={['leafCode']}
          rules={pointsRules(t, lang, leaf?.maxPoints ?? null)}
          extra={leaf ? t('council.pointsHelp', { max: pointsNumber(leaf.maxPoints, lang) }) : undefined}
          style={{ maxWidth: 420 }}
        >
          <Input inputMode="decimal" placeholder="8,75" data-testid="special-case-points" />
        </Form.Item>
      ) : null}
      <Form.Item name="reason" label={t('council.reason')} rules={textRules(t, APPRAISAL_LIMITS.reasonMax)}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="special-case-reason" />
      </Form.Item>
      <Form.Item
        name="decisionText"
        label={t('council.decisionText')}
        rules={textRules(t, APPRAISAL_LIMITS.decisionTextMax)}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="special-case-decision" />
      </Form.Item>
      <Form.Item name="meetingId" label={t('council.meeting')}>
        <Select
          allowClear
          placeholder={t('council.meetingNone')}
          options={meetings.map((m) => ({
            value: m.id,
            label: `${formatDate(m.heldOn, lang)} — ${m.place}`,
          }))}
          data-testid="special-case-meeting"
        />
      </Form.Item>
    </CouncilFormModal>
  );
}
