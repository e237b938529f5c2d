import { SendOutlined } from '@ant-design/icons';
import {
  APPRAISAL_LIMITS,
  type AppraisalView,
  type ExplanationView,
  type LeafAppraisalView,
} from '@cchc/domain/api/appraisal';
import { localDateOf } from '@cchc/domain/campaign/calendar';
import { Alert, App, Button, Card, DatePicker, Flex, Input, Popconfirm } from 'antd';
import dayjs from 'dayjs';
import { useId, useState } from 'react';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import {
  useRequestExplanation,
  useRespondExplanation,
  useUploadExplanationFile,
  useWithdrawExplanation,
} from '../api';
import { useAT } from '../i18n';
import { isOverdue } from '../model';
import { AttachmentList, DATE_PICKER_FORMAT, Heading, labelStyle, mutedStyle, UploadButton } from './shared';

const red = '#a4262c';

/** The working group asks the unit to explain one leaf (round 1), with a due date. */
export function ExplanationRequestForm({ view, leaf }: { view: AppraisalView; leaf: LeafAppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const { message } = App.useApp();
  const request = useRequestExplanation(view.scorecardId);
  const questionId = useId();
  const dueId = useId();
  const headingId = useId();
  const [question, setQuestion] = useState('');
  const [due, setDue] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ question?: string; dueDate?: string; form?: string }>({});
  const today = localDateOf(new Date());

  const send = () => {
    // Both required fields are checked together, so that one click shows every missing one.
    const missing = {
      question: question.trim() === '' ? at('request.questionRequired') : undefined,
      dueDate: due === null ? at('request.dueRequired') : undefined,
    };
    if (missing.question || missing.dueDate || due === null) {
      setErrors(missing);
      return;
    }
    setErrors({});
    request.mutate(
      { leafCode: leaf.leafCode, question, dueDate: due },
      {
        onSuccess: () => {
          setQuestion('');
          setDue(null);
          void message.success(at('request.sent', { code: leaf.leafCode }));
        },
        onError: (e) => {
          const fields = isApiError(e) ? e.fields : {};
          if (fields.question || fields.dueDate) {
            setErrors({ question: fields.question, dueDate: fields.dueDate });
          } else {
            setErrors({ form: describeError(e, lang) });
          }
        },
      },
    );
  };

  return (
    <section aria-labelledby={headingId} data-testid="request-explanation-form">
      <Heading level={3} id={headingId}>
        {at('request.heading')}
      </Heading>
      <Flex vertical gap={10}>
        <Flex vertical gap={2}>
          <label htmlFor={questionId} style={labelStyle}>
            {at('request.question')}{' '}
            <span aria-hidden style={{ color: red }}>
              *
            </span>
          </label>
          <Input.TextArea
            id={questionId}
            value={question}
            onChange={(e) => {
              setQuestion(e.target.value);
              setErrors({});
            }}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={APPRAISAL_LIMITS.reasonMax}
            aria-required
            aria-invalid={errors.question ? true : undefined}
            aria-describedby={errors.question ? 'request-question-error' : undefined}
            status={errors.question ? 'error' : undefined}
            data-testid="request-explanation-question"
          />
          {errors.question ? (
            <span id="request-question-error" style={{ color: red, fontSize: 12 }}>
              {errors.question}
            </span>
          ) : null}
        </Flex>
        <Flex gap={12} align="flex-end" wrap>
          <Flex vertical gap={2}>
            <label htmlFor={dueId} style={labelStyle}>
              {at('request.due')}{' '}
              <span aria-hidden style={{ color: red }}>
                *
              </span>
            </label>
            <DatePicker
              id={dueId}
              value={due ? dayjs(due) : null}
              format={DATE_PICKER_FORMAT[lang]}
              placeholder={at('request.duePlaceholder')}
              disabledDate={(d) => d.format('YYYY-MM-DD') < today}
              onChange={(d) => {
                setDue(d ? d.format('YYYY-MM-DD') : null);
                setErrors({});
              }}
              aria-required
              aria-invalid={errors.dueDate ? true : undefined}
              aria-describedby={errors.dueDate ? 'request-due-error' : undefined}
              status={errors.dueDate ? 'error' : undefined}
              data-testid="request-explanation-due"
            />
          </Flex>
          <Button
            icon={<SendOutlined />}
            onClick={send}
            loading={request.isPending}
            data-testid="request-explanation"
          >
            {at('request.send')}
          </Button>
        </Flex>
        {errors.dueDate ? (
          <span id="request-due-error" style={{ color: red, fontSize: 12 }}>
            {errors.dueDate}
          </span>
        ) : null}
        {errors.form ? <Alert type="error" showIcon role="alert" title={errors.form} /> : null}
      </Flex>
    </section>
  );
}

const STATUS_TONE = { OPEN: 'warning', ANSWERED: 'active', CLOSED: 'inactive' } as const;

/**
 * One explanation: what was asked and by when, the unit's answer and supplementary files. The
 * unit answers here while it may (`canRespond`); afterwards everyone sees it read-only.
 */
export function ExplanationBlock({
  view,
  explanation: x,
}: {
  view: AppraisalView;
  explanation: ExplanationView;
}) {
  const at = useAT();
  const lang = useLang();
  const { message } = App.useApp();
  const headingId = useId();
  const responseId = useId();
  const withdraw = useWithdrawExplanation(view.scorecardId);
  const respond = useRespondExplanation();
  const upload = useUploadExplanationFile();
  const [response, setResponse] = useState(x.response ?? '');
  const [error, setError] = useState<string | null>(null);
  const overdue = isOverdue(x.dueDate);
  const canWithdraw =
    view.allowedActions.includes('appraisal.requestExplanation') && view.status === 'IN_REVIEW';

  const save = () => {
    setError(null);
    respond.mutate(
      { requestId: x.id, response },
      {
        onSuccess: () => void message.success(at('explanation.saved')),
        onError: (e) =>
          setError(isApiError(e) && e.fields.response ? e.fields.response : describeError(e, lang)),
      },
    );
  };

  return (
    <section aria-labelledby={headingId} data-testid={`explanation-${x.leafCode}`}>
      <Card size="small" style={{ borderInlineStart: '4px solid #b26a00' }}>
        <Flex gap={8} align="center" wrap style={{ marginBottom: 6 }}>
          <Heading level={3} id={headingId} style={{ margin: 0 }}>
            {at('explanation.heading')}
          </Heading>
          <span data-testid="explanation-status" data-status={x.status}>
            <StatusTag status={STATUS_TONE[x.status]}>{at(`explanation.status.${x.status}`)}</StatusTag>
          </span>
          {overdue && x.response === null ? (
            <span data-testid="explanation-overdue">
              <StatusTag status="warning">{at('explanation.overdue')}</StatusTag>
            </span>
          ) : null}
        </Flex>
        <div style={{ marginBottom: 4 }}>
          <span style={mutedStyle}>{at('explanation.question')}: </span>
          <span style={{ whiteSpace: 'pre-wrap' }} data-testid="explanation-question">
            {x.question}
          </span>
        </div>
        <Flex gap={16} wrap style={mutedStyle}>
          <span data-testid="explanation-due" style={{ fontWeight: 500, color: overdue ? red : undefined }}>
            {at('explanation.due', { date: formatDate(x.dueDate, lang) })}
          </span>
          <span>
            {at('explanation.requestedBy', {
              name: x.requestedByName,
              at: formatDateTime(x.requestedAt, lang),
            })}
          </span>
        </Flex>
        {canWithdraw ? (
          <Popconfirm
            title={at('request.withdrawConfirm')}
            onConfirm={() =>
              withdraw.mutateAsync(x.id).then(
                () => void message.success(at('request.withdrawn')),
                (e: unknown) => void message.error(describeError(e, lang)),
              )
            }
          >
            <Button size="small" danger style={{ marginTop: 8 }} data-testid="explanation-withdraw">
              {at('request.withdraw')}
            </Button>
          </Popconfirm>
        ) : null}

        <div style={{ marginTop: 10, paddingTop: 10, borderTop: '1px solid #eef0f3' }}>
          {x.canRespond ? (
            <Flex vertical gap={8}>
              <Flex vertical gap={2}>
                <label htmlFor={responseId} style={labelStyle}>
                  {at('explanation.response')}{' '}
                  <span aria-hidden style={{ color: red }}>
                    *
                  </span>
                </label>
                <Input.TextArea
                  id={responseId}
                  value={response}
                  onChange={(e) => {
                    setResponse(e.target.value);
                    setError(null);
                  }}
                  autoSize={{ minRows: 3, maxRows: 12 }}
                  maxLength={APPRAISAL_LIMITS.responseMax}
                  aria-required
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? 'explanation-response-error' : undefined}
                  status={error ? 'error' : undefined}
                  data-testid="explanation-response"
                />
                {error ? (
                  <span id="explanation-response-error" role="alert" style={{ color: red, fontSize: 12 }}>
                    {error}
                  </span>
                ) : null}
              </Flex>
              {x.respondedAt ? (
                <span style={mutedStyle}>
                  {at('explanation.respondedBy', {
                    name: x.respondedByName ?? '',
                    at: formatDateTime(x.respondedAt, lang),
                  })}
                </span>
              ) : null}
              <Flex justify="flex-end">
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  onClick={save}
                  loading={respond.isPending}
                  data-testid="explanation-response-save"
                >
                  {at('explanation.save')}
                </Button>
              </Flex>
            </Flex>
          ) : (
            <>
              <div style={labelStyle}>{at('explanation.response')}</div>
              {x.response ? (
                <>
                  <p
                    style={{ whiteSpace: 'pre-wrap', margin: '2px 0' }}
                    data-testid="explanation-response-text"
                  >
                    {x.response}
                  </p>
                  <span style={mutedStyle}>
                    {at('explanation.respondedBy', {
                      name: x.respondedByName ?? '',
                      at: formatDateTime(x.respondedAt, lang),
                    })}
                  </span>
                </>
              ) : (
                <p style={{ ...mutedStyle, margin: '2px 0' }}>{at('explanation.noResponse')}</p>
              )}
            </>
          )}
          <div style={{ marginTop: 8 }}>
            <div style={labelStyle}>{at('explanation.files')}</div>
            {x.files.length === 0 && !x.canRespond ? (
              <span style={mutedStyle}>{at('explanation.noFiles')}</span>
            ) : null}
            <AttachmentList files={x.files} canDelete={x.canRespond} testId="explanation-files" />
            {x.canRespond ? (
              <UploadButton
                label={at('upload.label')}
                onUpload={(file) => upload.mutateAsync({ requestId: x.id, file })}
                testId="explanation-file-upload"
              />
            ) : null}
          </div>
          {!x.canRespond && (x.status === 'CLOSED' || overdue) ? (
            <p style={{ ...mutedStyle, margin: '8px 0 0' }}>{at('explanation.closedHint')}</p>
          ) : null}
        </div>
      </Card>
    </section>
  );
}
