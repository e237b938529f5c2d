import { CheckCircleFilled, ExclamationCircleFilled, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  REPORT_LEAF_CODE,
  SCORECARD_LIMITS,
  type ScorecardView,
  type SubmissionCheck,
  type SubmissionProblem,
} from '@cchc/domain/api/scorecards';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Flex,
  Input,
  Modal,
  Spin,
  Steps,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useId, useState } from 'react';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDate, formatPercent, formatPoints } from '../../../lib/format';
import { type MessageKey, useLang, useT } from '../../../lib/i18n';
import { fetchChecks, useSubmitScorecard, useUploadEvidence } from '../api';
import { EvidenceItem } from './evidence-section';

const PROBLEM_KEYS: Record<SubmissionProblem['kind'], MessageKey> = {
  UNANSWERED: 'sa.problem.UNANSWERED',
  NO_EVIDENCE_REASON: 'sa.problem.NO_EVIDENCE_REASON',
  NA_REASON: 'sa.problem.NA_REASON',
  CARRIED_DRAFT: 'sa.problem.CARRIED_DRAFT',
};

/**
 * "Nộp kết quả": check → signed report (required) → confirm → submit. Problems link to their leaf.
 * Without `canSubmit` (the focal officer) it only runs the check, so the unit head finds it clean.
 */
export function SubmitModal({
  view,
  canSubmit,
  flushAll,
  onGoToLeaf,
  onClose,
}: {
  view: ScorecardView;
  canSubmit: boolean;
  flushAll: () => Promise<boolean>;
  onGoToLeaf: (code: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const noteId = useId();
  const [step, setStep] = useState(0);
  const [check, setCheck] = useState<SubmissionCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unsaved, setUnsaved] = useState(false);
  const [note, setNote] = useState('');
  const [agreed, setAgreed] = useState(false);
  const submit = useSubmitScorecard(view.id);
  const upload = useUploadEvidence(view.id);
  const reports = view.evidence.filter((e) => e.leafCode === REPORT_LEAF_CODE);
  const report = reports[reports.length - 1];

  const runCheck = useCallback(async () => {
    setChecking(true);
    setError(null);
    try {
      // Answers still waiting for their autosave go first, so the check sees them.
      setUnsaved(!(await flushAll()));
      setCheck(await fetchChecks(view.id));
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setChecking(false);
    }
  }, [flushAll, view.id, lang]);

  useEffect(() => {
    void runCheck();
  }, [runCheck]);

  const doSubmit = () => {
    setError(null);
    submit.mutate(
      { rowVersion: view.rowVersion, note: note.trim(), signedReportEvidenceId: report?.id ?? null },
      {
        onSuccess: () => {
          void message.success(t('sa.submitted'), 6);
          onClose();
        },
        onError: (e) => {
          if (isApiError(e) && e.code === 'SUBMISSION_INCOMPLETE') {
            const problems = (e.details.problems ?? []) as SubmissionProblem[];
            setCheck((c) => (c ? { ...c, ok: false, problems } : c));
            setStep(0);
          }
          setError(describeError(e, lang));
        },
      },
    );
  };

  const summary = check?.summary;
  const steps = canSubmit
    ? [{ title: t('sa.stepCheck') }, { title: t('sa.stepReport') }, { title: t('sa.stepConfirm') }]
    : [{ title: t('sa.stepCheck') }];

  const footer = (() => {
    if (step === 0) {
      return [
        <Button key="close" onClick={onClose}>
          {t('sa.close')}
        </Button>,
        <Button key="recheck" icon={<ReloadOutlined />} onClick={() => void runCheck()} loading={checking}>
          {t('sa.recheck')}
        </Button>,
        ...(canSubmit
          ? [
              <Button
                key="next"
                type="primary"
                disabled={!check?.ok || checking}
                onClick={() => setStep(1)}
                data-testid="sa-submit-next"
              >
                {t('sa.continue')}
              </Button>,
            ]
          : []),
      ];
    }
    if (step === 1) {
      return [
        <Button key="back" onClick={() => setStep(0)}>
          {t('sa.back')}
        </Button>,
        <Button
          key="next"
          type="primary"
          disabled={!report || upload.isPending}
          title={report ? undefined : t('sa.reportRequired')}
          onClick={() => setStep(2)}
          data-testid="sa-submit-next"
        >
          {t('sa.continue')}
        </Button>,
      ];
    }
    return [
      <Button key="back" onClick={() => setStep(1)} disabled={submit.isPending}>
        {t('sa.back')}
      </Button>,
      <Button
        key="submit"
        type="primary"
        disabled={!agreed || !report}
        loading={submit.isPending}
        onClick={doSubmit}
        data-testid="sa-submit-confirm"
      >
        {t('sa.submit')}
      </Button>,
    ];
  })();

  return (
    <Modal
      open
      title={canSubmit ? t('sa.submitTitle', { unit: view.unit.name }) : t('sa.checkTitle')}
      onCancel={onClose}
      footer={footer}
      width={720}
      mask={{ closable: false }}
      destroyOnHidden
      data-testid="sa-submit-dialog"
    >
      <div data-testid="sa-submit-body">
        {steps.length > 1 ? (
          <Steps size="small" current={step} items={steps} style={{ marginBottom: 16 }} />
        ) : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        {step === 0 ? (
          checking && !check ? (
            <Flex justify="center" style={{ padding: 32 }}>
              <Spin description={t('sa.checking')} />
            </Flex>
          ) : check ? (
            <Flex vertical gap={12}>
              {unsaved ? <Alert type="warning" showIcon title={t('sa.unsavedBeforeCheck')} /> : null}
              {check.ok ? (
                <Alert
                  type="success"
                  showIcon
                  icon={<CheckCircleFilled />}
                  title={t('sa.checkOk')}
                  data-testid="sa-check-ok"
                />
              ) : (
                <Alert
                  type="warning"
                  showIcon
                  icon={<ExclamationCircleFilled />}
                  title={t('sa.checkProblems', { count: check.problems.length })}
                  description={
                    <ul
                      style={{ margin: '4px 0 0', paddingInlineStart: 18, maxHeight: 260, overflow: 'auto' }}
                      data-testid="sa-check-problems"
                    >
                      {check.problems.map((p) => (
                        <li key={`${p.leafCode}-${p.kind}`}>
                          <Button
                            type="link"
                            size="small"
                            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
                            onClick={() => {
                              onGoToLeaf(p.leafCode);
                              onClose();
                            }}
                          >
                            {p.leafCode}. {p.leafName}
                          </Button>{' '}
                          — {t(PROBLEM_KEYS[p.kind])}
                        </li>
                      ))}
                    </ul>
                  }
                />
              )}
              {summary ? (
                <Descriptions
                  size="small"
                  bordered
                  column={1}
                  data-testid="sa-check-summary"
                  items={[
                    {
                      key: 'points',
                      label: t('sa.summaryPoints'),
                      children: (
                        <strong>
                          {formatPoints(summary.selfPoints, lang)} / {formatPoints(summary.maxPoints, lang)}
                        </strong>
                      ),
                    },
                    {
                      key: 'index',
                      label: t('sa.summaryIndex'),
                      children: formatPercent(summary.indexPercent, lang),
                    },
                    {
                      key: 'answered',
                      label: t('sa.summaryAnswered'),
                      children: `${summary.answered}/${summary.applicable}`,
                    },
                    { key: 'evidence', label: t('sa.summaryEvidence'), children: summary.evidenceCount },
                    { key: 'na', label: t('sa.summaryNa'), children: summary.naClaims },
                    {
                      key: 'due',
                      label: t('sa.summaryDue'),
                      children: check.dueDate ? formatDate(check.dueDate, lang) : t('common.none'),
                    },
                  ]}
                />
              ) : null}
              {check.wouldBeLate ? (
                <Alert
                  type="error"
                  showIcon
                  title={t('sa.lateWarning', { date: formatDate(check.dueDate, lang) })}
                />
              ) : null}
              {!canSubmit && check.ok ? (
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('sa.headSubmits')}
                </Typography.Paragraph>
              ) : null}
            </Flex>
          ) : null
        ) : null}
        {step === 1 ? (
          <Flex vertical gap={12}>
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('sa.reportHint')}{' '}
              <a href={`/api/scorecards/${encodeURIComponent(view.id)}/report-draft`}>
                {t('sa.reportDraft')}
              </a>
            </Typography.Paragraph>
            {report ? (
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                <EvidenceItem scorecardId={view.id} ev={report} canDelete={view.editable} />
              </ul>
            ) : null}
            <div data-testid="sa-report-drop">
              <Upload.Dragger
                maxCount={1}
                showUploadList={false}
                accept=".pdf,.png,.jpg,.jpeg,.doc,.docx"
                disabled={upload.isPending}
                beforeUpload={(file) => {
                  setError(null);
                  upload.mutate(
                    {
                      leafCode: REPORT_LEAF_CODE,
                      title: t('sa.reportTitle'),
                      effectiveDate: null,
                      file,
                    },
                    {
                      onSuccess: () => void message.success(t('sa.reportUploaded')),
                      onError: (e) => setError(describeError(e, lang)),
                    },
                  );
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}>
                  {upload.isPending ? <Spin /> : <InboxOutlined aria-hidden />}
                </p>
                <p style={{ margin: 0 }}>{report ? t('sa.reportReplace') : t('sa.reportDrop')}</p>
              </Upload.Dragger>
            </div>
            {report ? null : (
              <Typography.Text type="secondary" data-testid="sa-report-required">
                {t('sa.reportRequired')}
              </Typography.Text>
            )}
          </Flex>
        ) : null}
        {step === 2 && summary ? (
          <Flex vertical gap={12}>
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('sa.confirmBody', {
                unit: view.unit.name,
                points: formatPoints(summary.selfPoints, lang),
                max: formatPoints(summary.maxPoints, lang),
              })}
            </Typography.Paragraph>
            {report ? (
              <div data-testid="sa-confirm-report">
                <Typography.Text strong>{t('sa.reportAttached')}:</Typography.Text>
                <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  <EvidenceItem scorecardId={view.id} ev={report} canDelete={false} />
                </ul>
              </div>
            ) : (
              <Alert type="error" showIcon title={t('sa.reportRequired')} />
            )}
            {check?.wouldBeLate ? (
              <Alert
                type="error"
                showIcon
                title={t('sa.lateWarning', { date: formatDate(check.dueDate, lang) })}
              />
            ) : null}
            <Flex vertical gap={2}>
              <label htmlFor={noteId}>{t('sa.submitNote')}</label>
              <Input.TextArea
                id={noteId}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={SCORECARD_LIMITS.noteMax}
              />
            </Flex>
            <Checkbox
              checked={agreed}
              onChange={(e) => setAgreed(e.target.checked)}
              data-testid="sa-submit-agree"
            >
              {t('sa.submitAgree')}
            </Checkbox>
          </Flex>
        ) : null}
      </div>
    </Modal>
  );
}
