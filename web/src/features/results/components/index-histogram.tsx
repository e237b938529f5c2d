import type { ResultsCharts } from '@cchc/domain/api/results';
import type { EChartOption } from '../../../components/charts/echart';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useResultsT } from '../messages';
import { bandColor } from '../model';
import { ChartCard } from './chart-card';
import { BandLegend } from './ranking-chart';

type Bin = ResultsCharts['histogram'][number];

/** Units per index range, stacked by band (large campaigns: every unit in one picture). */
export function IndexHistogram({ bands, histogram }: { bands: string[]; histogram: Bin[] }) {
  const t = useResultsT();
  const lang = useLang();
  const label = (b: Bin) =>
    b.to === null
      ? `≥ ${formatPercent(b.from, lang)}`
      : `${formatPercent(b.from, lang)} – ${formatPercent(b.to, lang)}`;
  const withNone = histogram.some((b) => b.counts.some((c) => c.band === null));
  const series = [...bands.map((b) => b as string | null), ...(withNone ? [null] : [])];
  // A handful of bins: rebuilt on each render without a memo.
  const option: EChartOption = {
    grid: { left: 8, right: 16, top: 16, bottom: 30, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: histogram.map(label),
      axisLabel: { rotate: 45, fontSize: 11, color: '#1f2a37' },
    },
    yAxis: { type: 'value', name: t('charts.histogram.units') },
    series: series.map((band) => ({
      name: band ?? t('charts.noBand'),
      type: 'bar',
      stack: 'units',
      itemStyle: { color: bandColor(band, bands) },
      data: histogram.map((b) => b.counts.find((c) => c.band === band)?.count ?? 0),
    })),
  };
  const rows = histogram.filter((b) => b.counts.length > 0);
  return (
    <ChartCard<Bin>
      id="chart-histogram"
      testId="chart-histogram"
      title={t('charts.histogram.title')}
      caption={t('charts.histogram.caption')}
      option={option}
      height={340}
      legend={<BandLegend bands={bands} withNone={withNone} />}
      rowKey={(b) => String(b.from)}
      tableRows={rows}
      tableColumns={[
        { title: t('charts.histogram.range'), key: 'range', render: (_, b) => label(b) },
        ...series.map((band) => ({
          title: band ?? t('charts.noBand'),
          key: band ?? 'none',
          align: 'right' as const,
          render: (_: unknown, b: Bin) => b.counts.find((c) => c.band === band)?.count ?? 0,
        })),
      ]}
    />
  );
}
