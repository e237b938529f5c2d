import type { ResultRow } from '@cchc/domain/api/results';
import { useMemo } from 'react';
import type { EChartOption } from '../../../components/charts/echart';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { pointsNumber } from '../../council/model';
import { useResultsT } from '../messages';
import { byIndex } from '../model';
import { ChartCard } from './chart-card';
import { DeltaText } from './delta';
import { barsHeight } from './ranking-chart';

const SELF_COLOR = '#8fb3dc';
const APPRAISED_COLOR = '#0f3057';

/** Each unit's self-assessed index beside its appraised index (grouped bars), best unit on top. */
export function SelfVsAppraisedChart({ rows }: { rows: ResultRow[] }) {
  const t = useResultsT();
  const lang = useLang();
  const sorted = useMemo(() => byIndex(rows), [rows]);
  const option = useMemo<EChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 36, bottom: 30, containLabel: true },
      legend: { top: 0, textStyle: { color: '#1f2a37', fontSize: 13 } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const r = sorted[params[0]?.dataIndex ?? -1];
          return r
            ? `${r.unit.name}<br/>${t('charts.self')}: ${formatPercent(r.selfIndexPercent, lang)} (${pointsNumber(r.selfPoints, lang)})<br/>${t('charts.appraised')}: ${formatPercent(r.appraisedIndexPercent, lang)} (${pointsNumber(r.appraisedPoints, lang)})`
            : '';
        },
      },
      xAxis: {
        type: 'value',
        min: 0,
        max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)),
        axisLabel: { formatter: (v: number) => `${v}%` },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: sorted.map((r) => r.unit.name),
        axisLabel: { width: 200, overflow: 'truncate', fontSize: 12, color: '#1f2a37' },
      },
      series: [
        {
          name: t('charts.self'),
          type: 'bar',
          barGap: '10%',
          barMaxWidth: 12,
          itemStyle: { color: SELF_COLOR, borderColor: '#4a78ad', borderWidth: 1 },
          data: sorted.map((r) => r.selfIndexPercent / 100),
        },
        {
          name: t('charts.appraised'),
          type: 'bar',
          barMaxWidth: 12,
          itemStyle: { color: APPRAISED_COLOR },
          data: sorted.map((r) => r.appraisedIndexPercent / 100),
        },
      ],
    }),
    [sorted, lang, t],
  );

  return (
    <ChartCard<ResultRow>
      id="chart-self-vs-appraised"
      testId="chart-self-vs-appraised"
      title={t('charts.selfVsAppraised.title')}
      caption={t('charts.selfVsAppraised.caption')}
      option={option}
      height={barsHeight(sorted.length, 30) + 20}
      rowKey={(r) => r.scorecardId}
      tableRows={sorted}
      tableColumns={[
        { title: t('col.unit'), key: 'unit', render: (_, r) => r.unit.name },
        {
          title: t('charts.selfPoints'),
          key: 'self',
          align: 'right',
          render: (_, r) => `${pointsNumber(r.selfPoints, lang)} (${formatPercent(r.selfIndexPercent, lang)})`,
        },
        {
          title: t('charts.appraisedPoints'),
          key: 'appraised',
          align: 'right',
          render: (_, r) =>
            `${pointsNumber(r.appraisedPoints, lang)} (${formatPercent(r.appraisedIndexPercent, lang)})`,
        },
        {
          title: t('charts.gap'),
          key: 'gap',
          align: 'right',
          render: (_, r) => <DeltaText delta={r.appraisedIndexPercent - r.selfIndexPercent} />,
        },
      ]}
    />
  );
}
