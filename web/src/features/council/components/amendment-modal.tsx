import { type AmendmentView, APPRAISAL_LIMITS, type AppraisalView } from '@cchc/domain/api/appraisal';
import { Alert, App, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { describeError } from '../../../lib/api-client';
import { applyApiError } from '../../../lib/forms';
import { useLang } from '../../../lib/i18n';
import { useCreateAmendment, useDecideAppeal, useScorecardAppraisal } from '../api';
import { useCouncilT } from '../messages';
import { type ChangeRow, LeafChangesEditor, toLeafChanges } from './leaf-changes';
import { AmendmentDiff, CouncilFormModal, textRules } from './shared';

/** The amendment a write just added: the one not in the view before, else the newest. */
function newestAmendment(view: AppraisalView, before: readonly string[]): AmendmentView | null {
  const added = view.amendments.filter((a) => !before.includes(a.id));
  const pool = added.length > 0 ? added : view.amendments;
  return [...pool].sort((a, b) => b.at.localeCompare(a.at))[0] ?? null;
}

interface AmendmentForm {
  reason: string;
  decisionText: string;
  changes: ChangeRow[];
}

/**
 * "Điều chỉnh kết quả": after approval, the council corrects one unit's result by a decision with a
 * reason (the earlier version stays); the answer's diff shows index, points, band and rank before → after.
 */
export function AmendmentModal({
  campaignId,
  scorecardId,
  unit,
  onClose,
}: {
  campaignId: string;
  scorecardId: string;
  unit: string;
  onClose: () => void;
}) {
  const t = useCouncilT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<AmendmentForm>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<AmendmentView | null>(null);
  const appraisal = useScorecardAppraisal(scorecardId);
  const create = useCreateAmendment(campaignId);

  const onFinish = (values: AmendmentForm) => {
    setError(null);
    const before = appraisal.data?.amendments.map((a) => a.id) ?? [];
    create.mutate(
      {
        scorecardId,
        input: {
          reason: values.reason,
          decisionText: values.decisionText,
          changes: toLeafChanges(values.changes),
        },
      },
      {
        onSuccess: (view) => {
          void message.success(t('results.amended', { unit }));
          setDone(newestAmendment(view, before));
        },
        onError: (e) => setError(applyApiError(form, e, lang)),
      },
    );
  };

  return (
    <CouncilFormModal<AmendmentForm>
      title={t('results.amendTitle', { unit })}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={create.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      testId="amendment-form"
      saveTestId="amendment-save"
      width={820}
      initialValues={{ reason: '', decisionText: '', changes: [{ kind: 'ADJUST' }] }}
      done={done ? <AmendmentDiff amendment={done} /> : undefined}
    >
      <Alert type="info" showIcon title={t('results.amendHint')} style={{ marginBottom: 12 }} />
      {appraisal.isError ? (
        <Alert
          type="warning"
          showIcon
          title={describeError(appraisal.error, lang)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <LeafChangesEditor leaves={appraisal.data?.leaves ?? []} loading={appraisal.isPending} required />
      <Form.Item
        name="reason"
        label={t('council.reason')}
        rules={textRules(t, APPRAISAL_LIMITS.reasonMax)}
        style={{ marginTop: 16 }}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="amendment-reason" />
      </Form.Item>
      <Form.Item
        name="decisionText"
        label={t('council.decisionText')}
        rules={textRules(t, APPRAISAL_LIMITS.decisionTextMax)}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="amendment-decision" />
      </Form.Item>
    </CouncilFormModal>
  );
}

interface AppealForm {
  accept: boolean;
  reason: string;
  decisionText: string;
  changes: ChangeRow[];
}

/**
 * "Quyết định" on an appeal: accept with leaf changes (an amendment: index, band and rank are
 * recomputed and the difference shown) or reject; a reason either way.
 */
export function AppealDecisionModal({
  campaignId,
  appeal,
  onClose,
}: {
  campaignId: string;
  appeal: { id: string; scorecardId: string; unitName: string; leafCode: string | null };
  onClose: () => void;
}) {
  const t = useCouncilT();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<AppealForm>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<AmendmentView | null>(null);
  const appraisal = useScorecardAppraisal(appeal.scorecardId);
  const decide = useDecideAppeal(campaignId);
  const accept = Form.useWatch('accept', form);

  const onFinish = (values: AppealForm) => {
    setError(null);
    const before = appraisal.data?.amendments.map((a) => a.id) ?? [];
    decide.mutate(
      {
        appealId: appeal.id,
        input: {
          accept: values.accept,
          reason: values.reason,
          decisionText: values.decisionText ?? '',
          changes: values.accept ? toLeafChanges(values.changes) : [],
        },
      },
      {
        onSuccess: (view) => {
          void message.success(t('appeals.decided', { unit: appeal.unitName }));
          if (!values.accept) {
            onClose();
            return;
          }
          const decided = view.appeals.find((a) => a.id === appeal.id);
          const amendment =
            view.amendments.find((a) => a.id === decided?.amendmentId) ?? newestAmendment(view, before);
          if (amendment) {
            setDone(amendment);
          } else {
            onClose();
          }
        },
        onError: (e) => setError(applyApiError(form, e, lang)),
      },
    );
  };

  return (
    <CouncilFormModal<AppealForm>
      title={t('appeals.decideTitle', { unit: appeal.unitName })}
      form={form}
      onFinish={onFinish}
      onClose={onClose}
      submitting={decide.isPending}
      error={error}
      onErrorDismiss={() => setError(null)}
      testId="appeal-decision-form"
      saveTestId="appeal-decision-save"
      width={820}
      initialValues={{
        accept: true,
        reason: '',
        decisionText: '',
        changes: [{ kind: 'ADJUST', leafCode: appeal.leafCode ?? undefined }],
      }}
      done={done ? <AmendmentDiff amendment={done} /> : undefined}
    >
      {appraisal.isError ? (
        <Alert
          type="warning"
          showIcon
          title={describeError(appraisal.error, lang)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form.Item name="accept" label={t('appeals.outcome')}>
        <Radio.Group
          options={[
            { value: true, label: t('appeals.accept') },
            { value: false, label: t('appeals.reject') },
          ]}
          data-testid="appeal-outcome"
        />
      </Form.Item>
      {accept !== false ? (
        <div style={{ marginBottom: 16 }}>
          <LeafChangesEditor leaves={appraisal.data?.leaves ?? []} loading={appraisal.isPending} required />
        </div>
      ) : null}
      <Form.Item name="reason" label={t('council.reason')} rules={textRules(t, APPRAISAL_LIMITS.reasonMax)}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="appeal-reason" />
      </Form.Item>
      <Form.Item
        name="decisionText"
        label={t('council.decisionText')}
        rules={textRules(t, APPRAISAL_LIMITS.decisionTextMax, false)}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid="appeal-decision-text" />
      </Form.Item>
    </CouncilFormModal>
  );
}
