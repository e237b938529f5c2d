import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import { useMemo } from 'react';
import type { EChartOption } from '../../../components/charts/echart';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { BandTag } from '../../council/components/shared';
import { useResultsT } from '../messages';
import { bandColor, byIndex } from '../model';
import { ChartCard } from './chart-card';

/** Chart height for `n` horizontal bars with a little room for the axes. */
export const barsHeight = (n: number, perBar = 26) => Math.max(220, n * perBar + 70);

/** Band legend in text (swatch + name), shared by the charts coloured by band. */
export function BandLegend({ bands, withNone }: { bands: readonly string[]; withNone: boolean }) {
  const t = useResultsT();
  const items = [
    ...bands.map((b) => ({ band: b as string | null, label: b })),
    ...(withNone ? [{ band: null, label: t('charts.noBand') }] : []),
  ];
  return (
    <ul
      aria-label={t('charts.bandLegend')}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 14, listStyle: 'none', margin: '8px 0 0', padding: 0 }}
    >
      {items.map((item) => (
        <li key={item.label} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <span
            aria-hidden="true"
            style={{ width: 14, height: 14, borderRadius: 3, background: bandColor(item.band, bands) }}
          />
          <span>{item.label}</span>
        </li>
      ))}
    </ul>
  );
}

/** Horizontal bars of every unit's index, best on top, one colour per band (named on each bar). */
export function RankingChart({ view, rows }: { view: Pick<ResultsView, 'bands'>; rows: ResultRow[] }) {
  const t = useResultsT();
  const lang = useLang();
  const sorted = useMemo(() => byIndex(rows), [rows]);
  const option = useMemo<EChartOption>(() => {
    const bandsPresent = [
      ...view.bands.filter((b) => sorted.some((r) => r.band === b)),
      ...(sorted.some((r) => r.band === null || !view.bands.includes(r.band)) ? [null] : []),
    ];
    const inBand = (r: ResultRow, band: string | null) =>
      band === null ? r.band === null || !view.bands.includes(r.band) : r.band === band;
    return {
      grid: { left: 8, right: 150, top: 10, bottom: 30, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number }) => {
          const r = sorted[p.dataIndex];
          return r
            ? `${r.unit.name}<br/>${formatPercent(r.indexPercent, lang)} — ${r.band ?? t('charts.noBand')}`
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
      series: bandsPresent.map((band) => ({
        name: band ?? t('charts.noBand'),
        type: 'bar',
        stack: 'index',
        barMaxWidth: 18,
        itemStyle: { color: bandColor(band, view.bands) },
        label: {
          show: true,
          position: 'right',
          color: '#1f2a37',
          formatter: (p: { dataIndex: number }) => {
            const r = sorted[p.dataIndex];
            return r ? `${formatPercent(r.indexPercent, lang)} · ${r.band ?? t('charts.noBand')}` : '';
          },
        },
        data: sorted.map((r) => (inBand(r, band) ? r.indexPercent / 100 : '-')),
      })),
    };
  }, [sorted, view.bands, lang, t]);

  return (
    <ChartCard<ResultRow>
      id="chart-ranking"
      testId="chart-ranking"
      title={t('charts.ranking.title')}
      caption={t('charts.ranking.caption')}
      option={option}
      height={barsHeight(sorted.length)}
      legend={<BandLegend bands={view.bands} withNone={sorted.some((r) => r.band === null)} />}
      rowKey={(r) => r.scorecardId}
      tableRows={sorted}
      tableColumns={[
        { title: t('col.rank'), key: 'rank', render: (_, r) => r.rank },
        { title: t('col.unit'), key: 'unit', render: (_, r) => r.unit.name },
        {
          title: t('col.index'),
          key: 'index',
          align: 'right',
          render: (_, r) => formatPercent(r.indexPercent, lang),
        },
        { title: t('col.band'), key: 'band', render: (_, r) => <BandTag band={r.band} /> },
      ]}
    />
  );
}
