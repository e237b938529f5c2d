import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import type { TableProps } from 'antd';
import { useMemo } from 'react';
import type { EChartOption } from '../../../components/charts/echart';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useResultsT } from '../messages';
import { byIndex, percentNumber } from '../model';
import { ChartCard } from './chart-card';

/** Light fills (black text stays readable on each), low → high; each cell also shows its number. */
const PIECES = [
  { min: 0, lt: 50, color: '#f4b4ae' },
  { min: 50, lt: 70, color: '#f9d3a5' },
  { min: 70, lt: 80, color: '#fbeaa8' },
  { min: 80, lt: 90, color: '#dcedc1' },
  { min: 90, lt: 100, color: '#acd9ab' },
  { min: 100, color: '#80c783' },
];

interface HeatRow {
  key: string;
  name: string;
  fields: Map<string, number | null>;
}

/** Field indices of every unit (rows) by field (columns), with the average as the last row. */
export function HeatmapChart({ view, rows }: { view: ResultsView; rows: ResultRow[] }) {
  const t = useResultsT();
  const lang = useLang();
  const heatRows = useMemo<HeatRow[]>(
    () => [
      ...byIndex(rows).map((r) => ({
        key: r.scorecardId,
        name: r.unit.name,
        fields: new Map(r.fields.map((f) => [f.code, f.percent])),
      })),
      {
        key: 'average',
        name: t('charts.heatmap.average'),
        fields: new Map(view.fieldAverages.map((f) => [f.code, f.percent])),
      },
    ],
    [rows, view.fieldAverages, t],
  );

  const option = useMemo<EChartOption>(() => {
    const data: [number, number, number | '-'][] = [];
    heatRows.forEach((row, y) => {
      view.fields.forEach((field, x) => {
        const p = row.fields.get(field.code);
        data.push([x, y, p === null || p === undefined ? '-' : p / 100]);
      });
    });
    return {
      grid: { left: 8, right: 16, top: 70, bottom: 56, containLabel: true },
      tooltip: {
        formatter: (p: { value: [number, number, number | '-'] }) => {
          const [x, y, v] = p.value;
          const field = view.fields[x];
          const row = heatRows[y];
          const text = v === '-' ? t('charts.notApplicable') : formatPercent(Math.round(v * 100), lang);
          return `${row?.name ?? ''}<br/>${field?.code}. ${field?.name}: ${text}`;
        },
      },
      xAxis: {
        type: 'category',
        position: 'top',
        data: view.fields.map((f) => `${f.code}. ${f.name}`),
        axisLabel: { interval: 0, width: 110, overflow: 'truncate', fontSize: 12, color: '#1f2a37' },
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: heatRows.map((r) => r.name),
        axisLabel: {
          width: 200,
          overflow: 'truncate',
          fontSize: 12,
          color: '#1f2a37',
          formatter: (value: string, i: number) => (i === heatRows.length - 1 ? `{avg|${value}}` : value),
          rich: { avg: { fontWeight: 'bold', fontSize: 12 } },
        },
      },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        bottom: 4,
        pieces: PIECES.map((p) => ({
          ...p,
          label: p.lt === undefined ? '100%' : `${p.min}–${p.lt}%`,
        })),
        textStyle: { color: '#1f2a37' },
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: {
            show: true,
            color: '#111',
            fontSize: 11,
            formatter: (p: { value: [number, number, number | '-'] }) =>
              p.value[2] === '-' ? '' : percentNumber(Math.round(p.value[2] * 100), lang).replace(/[,.]00$/, ''),
          },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
        },
      ],
    };
  }, [heatRows, view.fields, lang, t]);

  const tableColumns: TableProps<HeatRow>['columns'] = [
    { title: t('col.unit'), key: 'unit', fixed: 'left', render: (_, r) => r.name },
    ...view.fields.map((f) => ({
      title: <span title={f.name}>{f.code}</span>,
      key: f.code,
      align: 'right' as const,
      render: (_: unknown, r: HeatRow) => {
        const p = r.fields.get(f.code);
        return p === null || p === undefined ? t('charts.na') : formatPercent(p, lang);
      },
    })),
  ];

  return (
    <ChartCard<HeatRow>
      id="chart-heatmap"
      testId="chart-heatmap"
      title={t('charts.heatmap.title')}
      caption={t('charts.heatmap.caption')}
      option={option}
      height={Math.max(260, heatRows.length * 26 + 150)}
      rowKey={(r) => r.key}
      tableRows={heatRows}
      tableColumns={tableColumns}
    />
  );
}
