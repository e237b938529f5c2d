import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import { type TableProps, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EChartOption } from '../../../components/charts/echart';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useResultsT } from '../messages';
import { byIndex } from '../model';
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
export function HeatmapChart({
  view,
  rows,
  groupRows,
}: {
  view: Pick<ResultsView, 'fields' | 'fieldAverages'>;
  rows: ResultRow[];
  /** Large campaigns: one row per group (its average field indices) instead of one per unit. */
  groupRows?: { key: string; name: string; fields: readonly { code: string; percent: number | null }[] }[];
}) {
  const t = useResultsT();
  const lang = useLang();
  const box = useRef<HTMLDivElement>(null);
  const [boxWidth, setBoxWidth] = useState(1000);
  useEffect(() => {
    const el = box.current;
    if (!el) {
      return;
    }
    const observer = new ResizeObserver(() => setBoxWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // Column labels as wide as a column (the unit names take ~250 px); codes only when too narrow.
  const columnWidth = Math.floor((boxWidth - 270) / Math.max(1, view.fields.length)) - 6;
  const heatRows = useMemo<HeatRow[]>(
    () => [
      ...(groupRows
        ? groupRows.map((g) => ({
            key: g.key,
            name: g.name,
            fields: new Map(g.fields.map((f) => [f.code, f.percent])),
          }))
        : byIndex(rows).map((r) => ({
            key: r.scorecardId,
            name: r.unit.name,
            fields: new Map(r.fields.map((f) => [f.code, f.percent])),
          }))),
      {
        key: 'average',
        name: t('charts.heatmap.average'),
        fields: new Map(view.fieldAverages.map((f) => [f.code, f.percent])),
      },
    ],
    [rows, groupRows, view.fieldAverages, t],
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
      grid: { left: 8, right: 16, top: 36, bottom: 56, containLabel: true },
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
        data: view.fields.map((f) => (columnWidth < 70 ? f.code : `${f.code}. ${f.name}`)),
        axisLabel: {
          interval: 0,
          width: Math.max(20, columnWidth),
          overflow: 'truncate',
          fontSize: 12,
          color: '#1f2a37',
        },
        // No axis line: it would show as a stray underline above a column's empty (N/A) first cell.
        axisLine: { show: false },
        axisTick: { show: false },
        splitArea: { show: true, areaStyle: { color: ['#f3f4f6'] } },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        axisLine: { show: false },
        axisTick: { show: false },
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
              p.value[2] === '-' ? '' : formatPercent(Math.round(p.value[2] * 100), lang).replace('%', ''),
          },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
        },
      ],
    };
  }, [heatRows, view.fields, lang, t, columnWidth]);

  const tableColumns: TableProps<HeatRow>['columns'] = [
    { title: t('col.unit'), key: 'unit', fixed: 'left', render: (_, r) => r.name },
    ...view.fields.map((f) => ({
      title: `${f.code}. ${f.name}`,
      key: f.code,
      align: 'right' as const,
      render: (_: unknown, r: HeatRow) => {
        const p = r.fields.get(f.code);
        return p === null || p === undefined ? t('charts.na') : formatPercent(p, lang);
      },
    })),
  ];

  return (
    <div ref={box}>
      <ChartCard<HeatRow>
        id="chart-heatmap"
        testId="chart-heatmap"
        title={t('charts.heatmap.title')}
        caption={t('charts.heatmap.caption')}
        option={option}
        height={Math.max(240, heatRows.length * 26 + 110)}
        rowKey={(r) => r.key}
        tableRows={heatRows}
        tableColumns={tableColumns}
        legend={
          columnWidth < 70 ? (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
              {view.fields.map((f) => `${f.code}. ${f.name}`).join(' · ')}
            </Typography.Paragraph>
          ) : undefined
        }
      />
    </div>
  );
}
