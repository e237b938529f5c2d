import { ArrowRightOutlined, InfoCircleOutlined } from '@ant-design/icons';
import type { UnitResultsView } from '@cchc/domain/api/results';
import { Button, Flex, Result, Skeleton } from 'antd';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { isApiError } from '../../../lib/api-client';
import { useDocumentTitle } from '../../../lib/document-title';
import { useUnitGroups } from '../../../lib/organisation';
import { useUnitResults } from '../unit-api';
import { useUnitResultsT } from '../unit-messages';
import { UnitDrilldown } from './unit-drilldown';
import { UnitRadar } from './unit-radar';
import { UnitSummary } from './unit-summary';
import { UnitWhyRank } from './unit-why-rank';

/** The page's heading in a state without data (the page keeps one `<h1>`). */
function StateTitle({ text }: { text: string }) {
  useDocumentTitle(text);
  return <h1 style={{ fontSize: 24, margin: 0 }}>{text}</h1>;
}

/**
 * /scorecards/:id/results — one unit's results once leadership approved them: rank, index, band,
 * suggested rating, fields against the average, why this rank, and every criterion down to the
 * leaves (which open the appraisal workspace, where evidence and history live).
 */
export function UnitResultsPage({ scorecardId }: { scorecardId: string }) {
  const ut = useUnitResultsT();
  const results = useUnitResults(scorecardId);
  if (results.isPending) {
    return <Skeleton active paragraph={{ rows: 12 }} />;
  }
  if (results.isError) {
    const e = results.error;
    // Before leadership's approval a unit has no results yet: an information, not a failure.
    if (isApiError(e) && e.code === 'RESULTS_NOT_APPROVED') {
      return (
        <div data-testid="unit-results-not-approved">
          <Result
            status="info"
            icon={<InfoCircleOutlined aria-hidden />}
            title={<StateTitle text={ut('ur.notApprovedTitle')} />}
            subTitle={e.message}
            extra={
              <Flex gap={8} wrap justify="center">
                <Link to={`/scorecards/${encodeURIComponent(scorecardId)}/appraisal`}>
                  <Button type="primary" icon={<ArrowRightOutlined aria-hidden />}>
                    {ut('ur.openAppraisal')}
                  </Button>
                </Link>
                <Link to="/">
                  <Button>{ut('ur.backHome')}</Button>
                </Link>
              </Flex>
            }
          />
        </div>
      );
    }
    if (isApiError(e) && (e.status === 404 || e.status === 403)) {
      return (
        <div data-testid="unit-results-unavailable">
          <Result
            status={e.status === 404 ? '404' : '403'}
            title={<StateTitle text={ut('ur.notFound')} />}
            subTitle={e.message}
            extra={
              <Link to="/">
                <Button type="primary">{ut('ur.backHome')}</Button>
              </Link>
            }
          />
        </div>
      );
    }
    return (
      <>
        <StateTitle text={ut('ur.titleShort')} />
        <QueryError error={e} onRetry={() => void results.refetch()} />
      </>
    );
  }
  return <UnitResultsContent view={results.data} />;
}

function UnitResultsContent({ view }: { view: UnitResultsView }) {
  const ut = useUnitResultsT();
  const groups = useUnitGroups();
  const groupName = groups.data?.find((g) => g.code === view.unit.groupCode)?.name ?? view.unit.groupCode;
  return (
    <div data-testid="unit-results-page">
      <PageHeader
        title={ut('ur.title', { unit: view.unit.name })}
        extra={
          view.canOpenAppraisal ? (
            <Link to={`/scorecards/${encodeURIComponent(view.scorecardId)}/appraisal`}>
              <Button icon={<ArrowRightOutlined aria-hidden />}>{ut('ur.openAppraisal')}</Button>
            </Link>
          ) : null
        }
      />
      <Flex vertical gap={16}>
        <UnitSummary view={view} groupName={groupName} />
        <UnitRadar view={view} />
        <UnitWhyRank view={view} />
        <UnitDrilldown view={view} />
      </Flex>
    </div>
  );
}
