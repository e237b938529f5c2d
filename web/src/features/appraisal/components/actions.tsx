import { CheckSquareOutlined } from '@ant-design/icons';
import {
  APPRAISAL_LIMITS,
  type AppraisalView,
  type ScorecardTransitionInput,
} from '@cchc/domain/api/appraisal';
import { SCORECARD_ACTION_LABELS } from '@cchc/domain/workflow/scorecard.machine';
import { Alert, App, Button, Flex, Input, Modal } from 'antd';
import { useId, useState } from 'react';
import { describeError, isApiError } from '../../../lib/api-client';
import { useLang, useT } from '../../../lib/i18n';
import { useAcceptRemaining, useScorecardTransition } from '../api';
import { type AppraisalKey, useAT } from '../i18n';
import { acceptableCount, needsDecision } from '../model';

type TransitionAction = ScorecardTransitionInput['action'];
const KNOWN: readonly string[] = [
  'requestExplanations',
  'completeReview',
  'closeExplanation',
  'councilApprove',
  'councilReopen',
  'reopenReview',
] satisfies TransitionAction[];
const WITH_REASON: readonly string[] = ['reopenReview', 'councilReopen'];

function bodyKey(action: TransitionAction): AppraisalKey {
  switch (action) {
    case 'requestExplanations':
    case 'completeReview':
    case 'closeExplanation':
    case 'reopenReview':
      return `transition.body.${action}`;
    default:
      return 'transition.body.other';
  }
}

/**
 * The scorecard transitions the caller may take now (view.transitions), each behind a confirm.
 * A REVIEW_INCOMPLETE refusal hands its leaf codes to the page, which lists them.
 */
export function TransitionButtons({
  view,
  onIncomplete,
}: {
  view: AppraisalView;
  onIncomplete: (leafCodes: string[]) => void;
}) {
  const at = useAT();
  const t = useT();
  const lang = useLang();
  const { message } = App.useApp();
  const transition = useScorecardTransition(view.scorecardId);
  const [open, setOpen] = useState<TransitionAction | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  const actions = view.transitions.filter((a): a is TransitionAction => KNOWN.includes(a));
  const label = (a: TransitionAction) => SCORECARD_ACTION_LABELS[a][lang];
  const explanationCount = view.leaves.filter((l) => l.explanation !== null).length;
  // The round may be closed once every request is answered or past its due date: say what it waits for.
  const waiting = view.leaves.flatMap((l) => (l.explanation?.status === 'OPEN' ? [l.explanation] : []));
  const latestDue = waiting
    .map((x) => x.dueDate)
    .sort()
    .at(-1)
    ?.split('-')
    .reverse()
    .join('/');

  const close = () => {
    setOpen(null);
    setReason('');
    setError(null);
  };
  const run = () => {
    if (open === null) {
      return;
    }
    const action = open;
    setError(null);
    transition.mutate(
      { action, rowVersion: view.rowVersion, reason },
      {
        onSuccess: () => {
          close();
          onIncomplete([]);
          void message.success(at('transition.done', { action: label(action) }));
        },
        onError: (e) => {
          if (isApiError(e) && e.code === 'REVIEW_INCOMPLETE') {
            const codes = Array.isArray(e.details.leafCodes) ? e.details.leafCodes.map(String) : [];
            close();
            onIncomplete(
              codes.length > 0
                ? codes
                : view.leaves.filter((l) => needsDecision(view, l)).map((l) => l.leafCode),
            );
            return;
          }
          setError(describeError(e, lang));
        },
      },
    );
  };

  if (actions.length === 0) {
    return null;
  }
  return (
    <>
      {actions.map((a) => (
        <Button
          key={a}
          type={a === 'completeReview' || a === 'councilApprove' ? 'primary' : 'default'}
          danger={a === 'reopenReview' || a === 'councilReopen'}
          onClick={() => setOpen(a)}
          // Sending the explanation round needs at least one request (added per criterion).
          disabled={a === 'requestExplanations' && explanationCount === 0}
          title={
            a === 'requestExplanations' && explanationCount === 0 ? at('transition.noRequests') : undefined
          }
          data-testid={`transition-${a}`}
        >
          {label(a)}
        </Button>
      ))}
      {waiting.length > 0 && actions.includes('closeExplanation') ? (
        <span style={{ fontSize: 13, color: '#5c6470', maxWidth: 420 }} data-testid="explanation-waiting">
          {at('transition.waiting', { count: waiting.length, due: latestDue ?? '' })}
        </span>
      ) : null}
      <Modal
        open={open !== null}
        title={open ? at('transition.confirmTitle', { action: label(open) }) : ''}
        okText={open ? label(open) : ''}
        cancelText={t('common.cancel')}
        onOk={run}
        onCancel={close}
        confirmLoading={transition.isPending}
        okButtonProps={{ 'data-testid': 'transition-confirm' }}
        destroyOnHidden
      >
        {open ? (
          <Flex vertical gap={10}>
            <p style={{ margin: 0 }}>{at(bodyKey(open), { count: explanationCount })}</p>
            {WITH_REASON.includes(open) ? (
              <Flex vertical gap={2}>
                <label htmlFor={reasonId}>{at('transition.reasonOptional')}</label>
                <Input.TextArea
                  id={reasonId}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  maxLength={APPRAISAL_LIMITS.reasonMax}
                  data-testid="transition-reason"
                />
              </Flex>
            ) : null}
            {error ? (
              <Alert type="error" showIcon role="alert" title={error} data-testid="transition-error" />
            ) : null}
          </Flex>
        ) : null}
      </Modal>
    </>
  );
}

/** "Công nhận tất cả tiêu chí còn lại": accepts every undecided leaf at its self-score, after a confirm. */
export function AcceptRemainingButton({ view }: { view: AppraisalView }) {
  const at = useAT();
  const t = useT();
  const lang = useLang();
  const { modal, message } = App.useApp();
  const accept = useAcceptRemaining(view.scorecardId);
  if (!view.allowedActions.includes('appraisal.acceptRemaining')) {
    return null;
  }
  // Leaves with an explanation request stay undecided: count only what will be accepted.
  const count = acceptableCount(view);
  const onClick = () =>
    modal.confirm({
      title: at('acceptRemaining.title'),
      content: <span data-testid="accept-remaining-count">{at('acceptRemaining.body', { count })}</span>,
      okText: at('acceptRemaining.ok'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'accept-remaining-confirm' },
      onOk: () =>
        accept.mutateAsync(view.rowVersion).then(
          (v) =>
            void message.success(
              at('acceptRemaining.done', { count: Math.max(0, count - acceptableCount(v)) }),
            ),
          (e: unknown) => void message.error(describeError(e, lang)),
        ),
    });
  return (
    <Button
      icon={<CheckSquareOutlined />}
      onClick={onClick}
      disabled={count === 0}
      data-testid="accept-remaining"
    >
      {at('acceptRemaining.button')}
    </Button>
  );
}
