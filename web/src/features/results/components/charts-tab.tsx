import type { ResultsCharts, ResultsPage } from '@cchc/domain/api/results';
import { RESULTS_LIMITS } from '@cchc/domain/api/results';
import { Alert, Empty, Flex, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { QueryError } from '../../../components/ui/query-error';
import { useResultsCharts } from '../api';
import { useResultsT } from '../messages';
import { groupNamer, groupOptionsOf } from '../model';
import { GroupFilter } from './group-filter';
import { HeatmapChart } from './heatmap-chart';
import { IndexHistogram } from './index-histogram';
import { RankingChart } from './ranking-chart';
import { SelfVsAppraisedChart } from './self-appraised-chart';
import { YearOverYearChart } from './yoy-chart';

/**
 * "Biểu đồ": ranking bars, field heatmap, self vs appraised, year over year — for all or one group.
 * The server sends what can be drawn usefully (docs/results.md, "Charts at scale"): up to 100
 * units every unit, as before; above, the 20 highest and 20 lowest indices for the bar charts, the
 * index distribution by band and a heatmap of each group's average field indices.
 */
export function ChartsTab({ view }: { view: ResultsPage }) {
  const t = useResultsT();
  const [group, setGroup] = useState<string | null>(null);
  const groups = useMemo(() => groupOptionsOf(view), [view]);
  const charts = useResultsCharts(view.campaignId, group);

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} align="center" wrap>
        <GroupFilter groups={groups} value={group} onChange={setGroup} testId="charts-group-filter" />
        {charts.data ? (
          <Typography.Text type="secondary">
            {t('ranking.count', { count: charts.data.total, total: view.stats.units })}
          </Typography.Text>
        ) : null}
      </Flex>
      {charts.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : charts.isError ? (
        <QueryError error={charts.error} onRetry={() => void charts.refetch()} />
      ) : charts.data.total === 0 ? (
        <Empty description={t('ranking.noRows')} />
      ) : (
        <ChartsContent view={view} charts={charts.data} />
      )}
    </Flex>
  );
}

function ChartsContent({ view, charts }: { view: ResultsPage; charts: ResultsCharts }) {
  const t = useResultsT();
  const groupName = groupNamer(view);
  const rows = charts.rows;
  if (charts.complete) {
    return (
      <>
        <RankingChart view={view} rows={rows} />
        <HeatmapChart view={view} rows={rows} />
        <SelfVsAppraisedChart rows={rows} />
        <YearOverYearChart view={view} rows={rows} />
      </>
    );
  }
  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t('charts.sampled', { total: charts.total, edge: RESULTS_LIMITS.chartEdge })}
        data-testid="charts-sampled"
      />
      <IndexHistogram bands={view.bands} histogram={charts.histogram} />
      <RankingChart view={view} rows={rows} />
      <HeatmapChart
        view={{ fields: view.fields, fieldAverages: charts.fieldAverages }}
        rows={[]}
        groupRows={charts.groupFieldAverages.map((g) => ({
          key: g.groupCode,
          name: t('charts.heatmap.byGroupRow', { group: groupName(g.groupCode), count: g.count }),
          fields: g.fields,
        }))}
      />
      <SelfVsAppraisedChart rows={rows} />
      <YearOverYearChart view={view} rows={rows} />
    </>
  );
}
