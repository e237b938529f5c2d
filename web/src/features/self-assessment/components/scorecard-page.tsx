import {
  ArrowLeftOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  ExclamationCircleOutlined,
  FieldTimeOutlined,
  FileWordOutlined,
  HistoryOutlined,
  LoadingOutlined,
  RollbackOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { REPORT_LEAF_CODE, type ScorecardView } from '@cchc/domain/api/scorecards';
import { daysUntil } from '@cchc/domain/campaign/calendar';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { isUnderAppraisal, SCORECARD_STATUS_LABELS } from '@cchc/domain/workflow/scorecard.machine';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Grid, Progress, Result, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError, isApiError } from '../../../lib/api-client';

import { formatDate, formatDateTime, formatPercent, formatPoints } from '../../../lib/format';
import { type TFunction, useLang, useT } from '../../../lib/i18n';
import { ScorecardAuditButton } from '../../audit/components/scorecard-audit';
import { ScorecardReportExports } from '../../reports/components/scorecard-report-exports';
import { scorecardKey, useCarryForward, useScorecard } from '../api';
import { ScorecardExcelButtons } from '../excel-round-trip';
import { buildOutline, evidenceByLeaf, type LeafFacts, leafFacts, liveProgress } from '../model';
import { type Autosave, useAutosave } from '../use-autosave';
import { EvidenceItem } from './evidence-section';
import { LeafPanel } from './leaf-panel';
import { LeafTree, type TreeFilter } from './leaf-tree';
import { ExtensionModal, ReturnModal } from './office-actions';
import { SubmitModal } from './submit-modal';

/** Hover and focus look of the tree's leaf buttons (inline styles cannot say :hover). */
const TREE_CSS = `.sa-leaf:hover{background:#f2f5f9 !important}.sa-leaf[aria-current="true"]:hover{background:#dde8f5 !important}`;

/** "2 giờ 5 phút" from minutes. */
export function durationText(minutes: number, t: TFunction): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) {
    parts.push(t('sa.days', { count: days }));
  }
  if (hours) {
    parts.push(t('sa.hours', { count: hours }));
  }
  if (mins || parts.length === 0) {
    parts.push(t('sa.minutes', { count: mins }));
  }
  return parts.join(' ');
}

function DeadlineLine({ view }: { view: ScorecardView }) {
  const t = useT();
  const lang = useLang();
  if (!view.dueDate) {
    return null;
  }
  const d = daysUntil(view.dueDate, new Date());
  const submitted = view.status === 'SUBMITTED';
  const color = submitted ? undefined : d < 0 ? '#c62828' : d <= 3 ? '#7a3e00' : undefined;
  const rest = submitted
    ? ''
    : d > 0
      ? ` — ${t('campaigns.daysLeft', { count: d })}`
      : d === 0
        ? ` — ${t('campaigns.dueToday')}`
        : ` — ${t('campaigns.daysOverdue', { count: -d })}`;
  return (
    <span style={{ color, fontWeight: 500 }} data-testid="sa-deadline">
      <CalendarOutlined aria-hidden /> {t('sa.deadline', { date: formatDate(view.dueDate, lang) })}
      {rest}
    </span>
  );
}

function SaveIndicator({ autosave }: { autosave: Autosave }) {
  const t = useT();
  const lang = useLang();
  const saves = Object.values(autosave.saves);
  const count = (s: string) => saves.filter((x) => x.status === s).length;
  let content: React.ReactNode;
  let color = 'rgba(0,0,0,0.65)';
  if (count('saving') > 0) {
    content = (
      <>
        <LoadingOutlined aria-hidden /> {t('sa.saving')}
      </>
    );
  } else if (count('conflict') > 0) {
    color = '#c62828';
    content = (
      <>
        <ExclamationCircleOutlined aria-hidden /> {t('sa.conflicts', { count: count('conflict') })}
      </>
    );
  } else if (count('error') > 0) {
    color = '#c62828';
    content = (
      <>
        <ExclamationCircleOutlined aria-hidden /> {t('sa.errors', { count: count('error') })}
      </>
    );
  } else if (count('pending') > 0) {
    content = t('sa.pending');
  } else if (count('invalid') > 0) {
    color = '#7a3e00';
    content = (
      <>
        <ExclamationCircleOutlined aria-hidden /> {t('sa.invalidCount', { count: count('invalid') })}
      </>
    );
  } else if (autosave.lastSavedAt) {
    content = (
      <>
        <CheckCircleOutlined aria-hidden />{' '}
        {t('sa.savedAt', {
          time: autosave.lastSavedAt.toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
            hour: '2-digit',
            minute: '2-digit',
            timeZone: 'Asia/Ho_Chi_Minh',
          }),
        })}
      </>
    );
  } else {
    content = t('sa.autosaveHint');
  }
  return (
    <span role="status" style={{ color, fontSize: 13 }} data-testid="sa-save-status">
      {content}
    </span>
  );
}

function Meter({
  label,
  value,
  percent,
  testId,
  color,
}: {
  label: string;
  value: React.ReactNode;
  percent: number;
  testId: string;
  color?: string;
}) {
  return (
    <Flex vertical gap={2} style={{ flex: '1 1 200px', minWidth: 180 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <span style={{ fontSize: 16, fontWeight: 600 }} data-testid={testId}>
        {value}
      </span>
      <Progress
        percent={Math.round(percent)}
        showInfo={false}
        size="small"
        strokeColor={color}
        aria-label={label}
      />
    </Flex>
  );
}

/** Who submitted and when, the head's note and the signed report: seen by the unit and the Office. */
function SubmittedCard({ view }: { view: ScorecardView }) {
  const t = useT();
  const lang = useLang();
  const report =
    view.evidence.find((e) => e.id === view.signedReportEvidenceId) ??
    view.evidence.filter((e) => e.leafCode === REPORT_LEAF_CODE).at(-1);
  const at = formatDateTime(view.submittedAt, lang);
  const title = view.submittedByName
    ? t('sa.submittedBy', { at, name: view.submittedByName })
    : t('sa.submittedAtShort', { at });
  const accent = view.minutesLate ? '#b26a00' : '#2e7d32';
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderInlineStart: `4px solid ${accent}` }}
      data-testid="sa-submitted-banner"
    >
      <Flex vertical gap={6}>
        <strong style={{ fontSize: 15 }}>
          <CheckCircleOutlined aria-hidden style={{ color: accent }} /> {title}
          {view.minutesLate ? ` (${t('sa.lateBy', { late: durationText(view.minutesLate, t) })})` : ''}
        </strong>
        {view.submitNote ? (
          <div data-testid="sa-submitted-note">
            <Typography.Text type="secondary">{t('sa.submitNoteLabel')}:</Typography.Text>{' '}
            <span style={{ whiteSpace: 'pre-wrap' }}>{view.submitNote}</span>
          </div>
        ) : null}
        <div data-testid="sa-submitted-report">
          <Typography.Text type="secondary">{t('sa.signedReport')}:</Typography.Text>
          {report ? (
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              <EvidenceItem scorecardId={view.id} ev={report} canDelete={false} />
            </ul>
          ) : (
            <> {t('sa.noSignedReport')}</>
          )}
        </div>
      </Flex>
    </Card>
  );
}

/** The focal officer's workspace: one unit's scorecard in one campaign (issue 4 §2–3). */
export function ScorecardPage({ id }: { id: string }) {
  const t = useT();
  const scorecard = useScorecard(id);
  if (scorecard.isPending) {
    return <Skeleton active paragraph={{ rows: 10 }} />;
  }
  if (scorecard.isError) {
    if (isApiError(scorecard.error) && (scorecard.error.status === 404 || scorecard.error.status === 403)) {
      return (
        <Result
          status={scorecard.error.status === 404 ? '404' : '403'}
          title={scorecard.error.status === 404 ? t('sa.notFound') : t('forbidden.title')}
          extra={
            <Link to="/campaigns">
              <Button type="primary">{t('campaigns.backToList')}</Button>
            </Link>
          }
        />
      );
    }
    return <QueryError error={scorecard.error} onRetry={() => void scorecard.refetch()} />;
  }
  return <Workspace view={scorecard.data} />;
}

function Workspace({ view }: { view: ScorecardView }) {
  const t = useT();
  const lang = useLang();
  const { modal, message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<TreeFilter>('all');
  const [dialog, setDialog] = useState<'submit' | 'check' | 'return' | 'extend' | null>(null);
  const carry = useCarryForward(view.id);
  const queryClient = useQueryClient();
  const doc = view.indexSet.document as unknown as IndexSetDocument;
  const outline = useMemo(
    () => buildOutline(doc, view.groupCode, { bonus: t('sa.bonusSection'), penalty: t('sa.penaltySection') }),
    [doc, view.groupCode, t],
  );
  const autosave = useAutosave(view.id, outline, view.editable, lang);
  const evidence = useMemo(() => evidenceByLeaf(view.evidence), [view.evidence]);
  const answers = useMemo(() => new Map(view.answers.map((a) => [a.leafCode, a])), [view.answers]);
  const facts = useMemo(() => {
    const out = new Map<string, LeafFacts>();
    for (const entry of outline.leaves) {
      const s = autosave.saves[entry.code]?.status;
      out.set(
        entry.code,
        leafFacts(
          entry,
          answers.get(entry.code),
          autosave.drafts[entry.code],
          evidence.get(entry.code)?.length ?? 0,
          s === 'saving' || s === 'conflict' || s === 'invalid' ? s : undefined,
        ),
      );
    }
    return out;
  }, [outline, answers, autosave.drafts, autosave.saves, evidence]);
  const progress = useMemo(
    () => liveProgress(view, doc, outline, autosave.drafts),
    [view, doc, outline, autosave.drafts],
  );

  const requested = params.get('leaf');
  const selected = requested && outline.byCode.has(requested) ? requested : (outline.leaves[0]?.code ?? null);
  const select = useCallback(
    (code: string) => {
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set('leaf', code);
          return next;
        },
        { replace: true },
      );
      // Bring the panel's top into view when it is not (narrow screens: it is below the tree;
      // wide screens: the officer scrolled down a long leaf). Never scroll when it is visible.
      const panel = document.querySelector('[data-testid="sa-leaf-panel"]');
      const top = panel?.getBoundingClientRect().top;
      if (panel && top !== undefined && (top < 60 || top > window.innerHeight - 120)) {
        panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
      }
    },
    [setParams],
  );
  const index = selected ? outline.leaves.findIndex((l) => l.code === selected) : -1;
  const entry = index >= 0 ? outline.leaves[index] : undefined;
  const prev = index > 0 ? outline.leaves[index - 1] : undefined;
  const next = index >= 0 && index < outline.leaves.length - 1 ? outline.leaves[index + 1] : undefined;
  const nextOpen = outline.leaves
    .slice(index + 1)
    .concat(outline.leaves.slice(0, Math.max(index, 0)))
    .find((l) => {
      const s = facts.get(l.code)?.state;
      return s === 'unanswered' || s === 'carried' || s === 'invalid' || s === 'needsEvidence';
    });

  const canSubmit = view.allowedActions.includes('scorecard.submit');
  const canReturn = view.allowedActions.includes('scorecard.return');
  const canExtend = view.allowedActions.includes('scorecard.extend');
  const carriedCount = outline.leaves.filter((l) => facts.get(l.code)?.carried).length;

  // Keep the tree's filter useful: once nothing matches, show everything again.
  useEffect(() => {
    if (filter === 'carried' && carriedCount === 0) {
      setFilter('all');
    }
  }, [filter, carriedCount]);

  const onCarryForward = () =>
    modal.confirm({
      title: t('sa.carryTitle'),
      content: t('sa.carryBody'),
      okText: t('sa.carry'),
      cancelText: t('common.cancel'),
      onOk: () =>
        carry.mutateAsync().then(
          (v) => {
            const n = v.answers.filter((a) => a.isCarriedDraft).length;
            void message.success(t('sa.carried', { count: n }), 6);
            if (n > 0) {
              setFilter('carried');
            }
          },
          (e: unknown) => void message.error(describeError(e, lang)),
        ),
    });

  const statusStyle =
    view.status === 'SUBMITTED' ? 'active' : view.status === 'RETURNED' ? 'warning' : 'inactive';
  const answeredPct = progress.applicable ? (progress.answered / progress.applicable) * 100 : 0;
  const evidencePct = progress.answered ? (progress.withEvidence / progress.answered) * 100 : 0;
  const pointsPct = progress.maxPoints ? (progress.selfPoints / progress.maxPoints) * 100 : 0;

  return (
    <>
      <style>{TREE_CSS}</style>
      <Flex style={{ marginBottom: 4 }}>
        <Link to={`/campaigns/${view.campaign.id}`} style={{ fontSize: 13 }}>
          <ArrowLeftOutlined /> {view.campaign.code} — {view.campaign.name}
        </Link>
      </Flex>
      <PageHeader
        title={t('sa.pageTitle', { unit: view.unit.name })}
        extra={
          <Flex gap={8} wrap align="center" justify="flex-end">
            {view.editable ? <SaveIndicator autosave={autosave} /> : null}
            <ScorecardAuditButton scorecardId={view.id} />
            {view.canCarryForward && view.editable ? (
              <Button
                icon={<HistoryOutlined />}
                onClick={onCarryForward}
                loading={carry.isPending}
                data-testid="sa-carry-forward"
              >
                {t('sa.carry')}
              </Button>
            ) : null}
            {canExtend ? (
              <Button
                icon={<FieldTimeOutlined />}
                onClick={() => setDialog('extend')}
                data-testid="sa-extend"
              >
                {t('sa.extend')}
              </Button>
            ) : null}
            {canReturn ? (
              <Button
                danger
                icon={<RollbackOutlined />}
                onClick={() => setDialog('return')}
                data-testid="sa-return"
              >
                {t('sa.return')}
              </Button>
            ) : null}
            {view.editable && !canSubmit ? (
              <Button onClick={() => setDialog('check')} data-testid="sa-check-open">
                {t('sa.checkOpen')}
              </Button>
            ) : null}
            {canSubmit ? (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={() => setDialog('submit')}
                data-testid="sa-submit-open"
              >
                {t('sa.submitOpen')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} data-testid="sa-header">
        <Flex gap={16} wrap align="center" style={{ marginBottom: 10 }}>
          <span>
            <Typography.Text type="secondary">{t('sa.unit')}:</Typography.Text>{' '}
            <strong>
              {view.unit.code} — {view.unit.name}
            </strong>
          </span>
          <span data-testid="sa-status" data-status={view.status}>
            <StatusTag status={statusStyle}>{SCORECARD_STATUS_LABELS[view.status][lang]}</StatusTag>
          </span>
          <DeadlineLine view={view} />
          {isUnderAppraisal(view.status) ? (
            <Link to={`/scorecards/${view.id}/appraisal`} data-testid="sa-open-appraisal">
              <AuditOutlined aria-hidden /> {t('sa.viewAppraisal')}
            </Link>
          ) : null}
        </Flex>
        <Flex gap={24} wrap>
          <Meter
            label={t('sa.progressAnswered')}
            value={t('sa.progressAnsweredValue', {
              answered: progress.answered,
              applicable: progress.applicable,
            })}
            percent={answeredPct}
            testId="sa-progress-answered"
          />
          <Meter
            label={t('sa.progressEvidence')}
            value={t('sa.progressEvidenceValue', {
              count: progress.withEvidence,
              answered: progress.answered,
            })}
            percent={evidencePct}
            testId="sa-progress-evidence"
            color="#2e7d32"
          />
          <Meter
            label={t('sa.progressPoints')}
            value={
              <>
                {formatPoints(progress.selfPoints, lang).replace(/ (điểm|points?)$/, '')} /{' '}
                {formatPoints(progress.maxPoints, lang)}
                {progress.indexPercent !== null ? (
                  <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 400 }}>
                    {' '}
                    ({formatPercent(progress.indexPercent, lang)})
                  </Typography.Text>
                ) : null}
              </>
            }
            percent={pointsPct}
            testId="sa-progress-points"
            color="#1d4e89"
          />
        </Flex>
      </Card>

      <Flex gap={8} wrap align="flex-start" style={{ marginBottom: 12 }} data-testid="sa-files">
        <Button
          icon={<FileWordOutlined aria-hidden />}
          href={`/api/scorecards/${encodeURIComponent(view.id)}/report-draft`}
          download
        >
          {t('sa.reportDraft')}
        </Button>
        <div style={{ flex: '1 1 420px', minWidth: 0 }}>
          <ScorecardExcelButtons
            scorecardId={view.id}
            editable={view.editable}
            onImported={(result) => {
              queryClient.setQueryData(scorecardKey(view.id), result.scorecard);
              void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
            }}
          />
        </div>
      </Flex>
      <ScorecardReportExports scorecardId={view.id} />
      {view.status === 'RETURNED' && view.returnReason ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('sa.returnedBanner')}
          description={view.returnReason}
        />
      ) : null}
      {view.status === 'SUBMITTED' && view.submittedAt ? <SubmittedCard view={view} /> : null}
      {!view.editable && view.status !== 'SUBMITTED' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="sa-locked"
          title={view.lockedReason ?? t('sa.readOnly')}
        />
      ) : null}
      {view.editable && carriedCount > 0 ? (
        <Alert
          type="info"
          showIcon
          icon={<HistoryOutlined />}
          style={{ marginBottom: 12 }}
          title={t('sa.carriedPending', { count: carriedCount })}
        />
      ) : null}

      <div
        style={{
          display: 'grid',
          gridTemplateColumns: screens.md
            ? screens.xl
              ? '340px minmax(0, 1fr)'
              : '280px minmax(0, 1fr)'
            : 'minmax(0, 1fr)',
          gap: 16,
          alignItems: 'start',
        }}
      >
        <Card
          size="small"
          styles={{ body: { padding: 8 } }}
          style={
            screens.md
              ? { position: 'sticky', top: 76, maxHeight: 'calc(100vh - 92px)', overflow: 'auto' }
              : undefined
          }
        >
          <LeafTree
            outline={outline}
            facts={facts}
            selected={selected}
            onSelect={select}
            filter={filter}
            onFilter={setFilter}
          />
        </Card>
        {entry ? (
          <LeafPanel
            key={entry.code}
            scorecardId={view.id}
            entry={entry}
            saved={answers.get(entry.code)}
            draft={autosave.drafts[entry.code]}
            save={autosave.saves[entry.code]}
            evidence={evidence.get(entry.code) ?? []}
            editable={view.editable}
            autosave={autosave}
            position={{ index, total: outline.leaves.length }}
            onPrev={prev ? () => select(prev.code) : null}
            onNext={next ? () => select(next.code) : null}
            onNextOpen={
              view.editable && nextOpen && nextOpen.code !== next?.code ? () => select(nextOpen.code) : null
            }
          />
        ) : (
          <Card size="small">
            <Typography.Paragraph type="secondary">{t('sa.noLeaves')}</Typography.Paragraph>
          </Card>
        )}
      </div>

      {dialog === 'submit' || dialog === 'check' ? (
        <SubmitModal
          view={view}
          canSubmit={dialog === 'submit'}
          flushAll={autosave.flushAll}
          onGoToLeaf={(code) => {
            setFilter('all');
            select(code);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'return' ? <ReturnModal view={view} onClose={() => setDialog(null)} /> : null}
      {dialog === 'extend' ? <ExtensionModal view={view} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
