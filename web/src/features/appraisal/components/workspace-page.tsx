import { ArrowLeftOutlined } from '@ant-design/icons';
import type { AppraisalView } from '@cchc/domain/api/appraisal';
import { REVIEW_STAGE_LABELS } from '@cchc/domain/appraisal/appraisal';
import { Alert, Badge, Button, Flex, Grid, Result, Skeleton, Tabs } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useAppraisal, useSelfAssessment } from '../api';
import { useAT } from '../i18n';
import { type LeafFilter, matchesFilter, needsDecision } from '../model';
import { AcceptRemainingButton, TransitionButtons } from './actions';
import { LEAF_LIST_CSS, LeafList } from './leaf-list';
import { LeafPanel } from './leaf-panel';
import { AmendmentsList, AppealsSection, SnapshotsTable, SpecialCasesTable } from './records';
import { mutedStyle, ScorecardStatusTag } from './shared';
import { TotalsRow } from './totals';

const TAB_KEYS = ['leaves', 'snapshots', 'special', 'amendments', 'appeals'] as const;
type TabKey = (typeof TAB_KEYS)[number];
const FILTERS: readonly LeafFilter[] = ['all', 'undecided', 'disputed', 'explanation'];

/** /scorecards/:id/appraisal — the review workspace of one unit (working group, Office, council, the unit). */
export function AppraisalWorkspacePage({ scorecardId }: { scorecardId: string }) {
  const t = useT();
  const at = useAT();
  const appraisal = useAppraisal(scorecardId);
  if (appraisal.isPending) {
    return <Skeleton active paragraph={{ rows: 12 }} />;
  }
  if (appraisal.isError) {
    const e = appraisal.error;
    if (isApiError(e) && (e.status === 404 || e.status === 403)) {
      return (
        <Result
          status={e.status === 404 ? '404' : '403'}
          title={
            <h1 style={{ fontSize: 24, margin: 0 }}>
              {e.status === 404 ? t('sa.notFound') : t('forbidden.title')}
            </h1>
          }
          subTitle={e.message}
          extra={
            <Link to="/campaigns">
              <Button type="primary">{t('campaigns.backToList')}</Button>
            </Link>
          }
        />
      );
    }
    return (
      <>
        <h1 className="sr-only">{at('ws.title', { unit: '' })}</h1>
        <QueryError error={e} onRetry={() => void appraisal.refetch()} />
      </>
    );
  }
  return <Workspace view={appraisal.data} />;
}

function Workspace({ view }: { view: AppraisalView }) {
  const at = useAT();
  const lang = useLang();
  const screens = Grid.useBreakpoint();
  const self = useSelfAssessment(view.scorecardId);
  const [params, setParams] = useSearchParams();
  const [incomplete, setIncomplete] = useState<string[]>([]);
  const requestedFilter = params.get('filter') as LeafFilter | null;
  const filter: LeafFilter = requestedFilter && FILTERS.includes(requestedFilter) ? requestedFilter : 'all';
  const requestedTab = params.get('tab') as TabKey | null;
  const tab: TabKey = requestedTab && TAB_KEYS.includes(requestedTab) ? requestedTab : 'leaves';

  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (value === null) {
            next.delete(key);
          } else {
            next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const leaves = view.leaves;
  const requested = params.get('leaf');
  const selected =
    requested && leaves.some((l) => l.leafCode === requested)
      ? requested
      : (leaves.find((l) => matchesFilter(view, l, filter))?.leafCode ?? leaves[0]?.leafCode ?? null);
  const visible = useMemo(
    () => leaves.filter((l) => l.leafCode === selected || matchesFilter(view, l, filter)),
    [leaves, view, filter, selected],
  );
  const index = visible.findIndex((l) => l.leafCode === selected);
  const leaf = leaves.find((l) => l.leafCode === selected);
  const prev = index > 0 ? (visible[index - 1]?.leafCode ?? null) : null;
  const next = index >= 0 && index < visible.length - 1 ? (visible[index + 1]?.leafCode ?? null) : null;

  const select = useCallback(
    (code: string) => {
      setParam('leaf', code);
      const panel = document.querySelector('[data-testid="leaf-panel"]');
      const top = panel?.getBoundingClientRect().top;
      if (panel && top !== undefined && (top < 60 || top > window.innerHeight - 120)) {
        panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
      }
    },
    [setParam],
  );

  const toRespond = leaves.filter((l) => l.explanation?.canRespond && l.explanation.response === null);
  const isReviewer = leaves.some((l) => l.canDecide) || view.allowedActions.includes('appraisal.review');
  // Round 2 counts the explained leaves still without their round-2 decision, as the list's filter does.
  const undecided = leaves.filter((l) => needsDecision(view, l)).length;

  const leavesTab = (
    <Flex gap={16} vertical={!screens.lg} align="flex-start">
      <div
        style={{
          width: screens.lg ? 340 : '100%',
          flex: 'none',
          position: screens.lg ? 'sticky' : undefined,
          top: 12,
          maxHeight: screens.lg ? 'calc(100vh - 24px)' : undefined,
          overflowY: screens.lg ? 'auto' : undefined,
        }}
      >
        <LeafList
          view={view}
          selected={selected}
          onSelect={select}
          filter={filter}
          onFilter={(f) => setParam('filter', f === 'all' ? null : f)}
        />
      </div>
      <div style={{ flex: 1, minWidth: 0, width: '100%' }}>
        {leaf ? (
          <LeafPanel
            view={view}
            leaf={leaf}
            evidence={{ items: self.data?.evidence, error: self.error }}
            prev={prev}
            next={next}
            onSelect={select}
          />
        ) : (
          <p style={mutedStyle}>{at('leaf.none')}</p>
        )}
      </div>
    </Flex>
  );

  const count = (n: number) =>
    n > 0 ? <Badge count={n} color="#5b6b7f" style={{ marginInlineStart: 6 }} /> : null;
  const items = [
    { key: 'leaves', label: at('tabs.leaves'), children: leavesTab },
    {
      key: 'snapshots',
      label: (
        <>
          {at('tabs.snapshots')}
          {count(view.snapshots.length)}
        </>
      ),
      children: (
        <>
          <h2 className="sr-only">{at('tabs.snapshots')}</h2>
          <SnapshotsTable snapshots={view.snapshots} />
        </>
      ),
    },
    {
      key: 'special',
      label: (
        <>
          {at('tabs.specialCases')}
          {count(view.specialCases.length)}
        </>
      ),
      children: (
        <>
          <h2 className="sr-only">{at('tabs.specialCases')}</h2>
          <SpecialCasesTable cases={view.specialCases} />
        </>
      ),
    },
    {
      key: 'amendments',
      label: (
        <>
          {at('tabs.amendments')}
          {count(view.amendments.length)}
        </>
      ),
      children: (
        <>
          <h2 className="sr-only">{at('tabs.amendments')}</h2>
          <AmendmentsList amendments={view.amendments} />
        </>
      ),
    },
    {
      key: 'appeals',
      label: (
        <>
          {at('tabs.appeals')}
          {count(view.appeals.length)}
        </>
      ),
      children: (
        <>
          <h2 className="sr-only">{at('tabs.appeals')}</h2>
          <AppealsSection view={view} />
        </>
      ),
    },
  ].map((item) => ({ ...item, label: <span data-testid={`appraisal-tab-${item.key}`}>{item.label}</span> }));

  return (
    <>
      <style>{LEAF_LIST_CSS}</style>
      <Flex gap={16} wrap style={{ marginBottom: 4, fontSize: 13 }}>
        <Link to={`/campaigns/${view.campaign.id}/appraisal`}>
          <ArrowLeftOutlined aria-hidden /> {at('ws.backToOverview')}
        </Link>
        <Link to={`/scorecards/${view.scorecardId}`}>{at('ws.backToScorecard')}</Link>
      </Flex>
      <PageHeader
        title={at('ws.title', { unit: view.unit.name })}
        extra={
          <Flex gap={8} wrap justify="flex-end">
            <AcceptRemainingButton view={view} />
            <TransitionButtons view={view} onIncomplete={setIncomplete} />
          </Flex>
        }
      />
      <Flex gap={16} wrap align="center" style={{ marginTop: -8, marginBottom: 12, fontSize: 13 }}>
        <ScorecardStatusTag status={view.status} />
        <span>
          <span style={mutedStyle}>{at('ws.campaign')}: </span>
          <Link to={`/campaigns/${view.campaign.id}`}>{view.campaign.name}</Link>
        </span>
        <span data-testid="appraisal-appraisers">
          <span style={mutedStyle}>{at('ws.appraisers')}: </span>
          {view.appraisers.length > 0 ? view.appraisers.map((p) => p.fullName).join(', ') : at('assign.none')}
        </span>
        <span>
          <span style={mutedStyle}>{at('ws.submittedAt')}: </span>
          {view.submittedAt ? formatDateTime(view.submittedAt, lang) : at('ws.notSubmitted')}
        </span>
        {view.decisionStage ? (
          <span data-testid="appraisal-stage">
            <span style={mutedStyle}>{at('ws.stage')}: </span>
            <strong>{REVIEW_STAGE_LABELS[view.decisionStage][lang]}</strong>
          </span>
        ) : null}
        {isReviewer ? (
          <span data-testid="appraisal-undecided">
            {undecided > 0 ? at('ws.undecided', { count: undecided }) : at('ws.allDecided')}
          </span>
        ) : null}
        {view.councilApprovedAt ? (
          <span>
            {at('ws.councilApproved', {
              name: view.councilApprovedByName ?? '',
              at: formatDateTime(view.councilApprovedAt, lang),
            })}
          </span>
        ) : null}
      </Flex>
      {incomplete.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          closable={{ onClose: () => setIncomplete([]) }}
          title={at('incomplete.title')}
          description={
            <>
              {at('incomplete.body')}{' '}
              <Flex gap={6} wrap style={{ marginTop: 4 }} data-testid="review-incomplete-leaves">
                {incomplete.map((code) => (
                  <Button
                    key={code}
                    size="small"
                    onClick={() => {
                      setParam('tab', null);
                      select(code);
                    }}
                  >
                    {code}
                  </Button>
                ))}
              </Flex>
            </>
          }
          style={{ marginBottom: 12 }}
          data-testid="review-incomplete"
        />
      ) : null}
      {toRespond.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={at('explanation.todo', { count: toRespond.length })}
          description={
            <>
              {at('explanation.todoHint')}{' '}
              <Flex gap={6} wrap style={{ marginTop: 4 }}>
                {toRespond.map((l) => (
                  <Button
                    key={l.leafCode}
                    size="small"
                    onClick={() => {
                      setParam('tab', null);
                      select(l.leafCode);
                    }}
                    data-testid={`explanation-todo-${l.leafCode}`}
                  >
                    {l.leafCode}
                  </Button>
                ))}
              </Flex>
            </>
          }
          style={{ marginBottom: 12 }}
          data-testid="explanation-todo"
        />
      ) : null}
      <TotalsRow self={view.self} appraised={view.appraised} final={view.final} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParam('tab', key === 'leaves' ? null : key)}
        items={items}
        data-testid="appraisal-tabs"
      />
    </>
  );
}
