import type { ResultsView } from '@cchc/domain/api/results';
import { Empty, Flex, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useResultsT } from '../messages';
import { groupOptions } from '../model';
import { GroupFilter } from './group-filter';
import { HeatmapChart } from './heatmap-chart';
import { RankingChart } from './ranking-chart';
import { SelfVsAppraisedChart } from './self-appraised-chart';
import { YearOverYearChart } from './yoy-chart';

/** "Biểu đồ": ranking bars, field heatmap, self vs appraised, year over year — for all or one group. */
export function ChartsTab({ view }: { view: ResultsView }) {
  const t = useResultsT();
  const [group, setGroup] = useState<string | null>(null);
  const groups = useMemo(() => groupOptions(view), [view]);
  const rows = useMemo(
    () => view.rows.filter((r) => group === null || r.unit.groupCode === group),
    [view.rows, group],
  );

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} align="center" wrap>
        <GroupFilter groups={groups} value={group} onChange={setGroup} testId="charts-group-filter" />
        <Typography.Text type="secondary">
          {t('ranking.count', { count: rows.length, total: view.rows.length })}
        </Typography.Text>
      </Flex>
      {rows.length === 0 ? (
        <Empty description={t('ranking.noRows')} />
      ) : (
        <>
          <RankingChart view={view} rows={rows} />
          <HeatmapChart view={view} rows={rows} />
          <SelfVsAppraisedChart rows={rows} />
          <YearOverYearChart view={view} rows={rows} />
        </>
      )}
    </Flex>
  );
}
