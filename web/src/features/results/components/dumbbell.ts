import type { EChartOption } from '../../../components/charts/echart';

/**
 * A dumbbell chart (two dots per unit joined by a line) for two indices of the same unit, e.g.
 * self-assessed vs appraised, last year vs this year. Unlike bars it may start the axis above 0,
 * so that differences of a few points stay visible; the dots differ in shape (hollow vs filled)
 * as well as in colour. Values are hundredths of a percent; null leaves the unit's row empty.
 */
export interface DumbbellSeries {
  name: string;
  color: string;
  values: (number | null)[];
}

export function dumbbellOption({
  names,
  from,
  to,
  tooltip,
}: {
  names: string[];
  from: DumbbellSeries;
  to: DumbbellSeries;
  tooltip: (index: number) => string;
}): EChartOption {
  const pct = (v: number | null) => (v === null ? null : v / 100);
  const a = from.values.map(pct);
  const b = to.values.map(pct);
  const all = [...a, ...b].filter((v): v is number => v !== null);
  const low = all.length > 0 ? Math.min(...all) : 0;
  const high = all.length > 0 ? Math.max(...all) : 100;
  const min = Math.max(0, Math.floor((low - 2) / 5) * 5);
  const max = Math.max(100, Math.ceil(high));
  const pair = (i: number) => {
    const x = a[i];
    const y = b[i];
    return x === null || x === undefined || y === null || y === undefined ? null : [x, y];
  };
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 30, containLabel: true },
    legend: { top: 0, data: [from.name, to.name], textStyle: { color: '#1f2a37', fontSize: 13 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => tooltip(params[0]?.dataIndex ?? -1),
    },
    xAxis: {
      type: 'value',
      min,
      max,
      axisLabel: { formatter: (v: number) => `${v}%` },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: names,
      axisLabel: { width: 200, overflow: 'truncate', fontSize: 12, color: '#1f2a37' },
    },
    series: [
      {
        // Invisible base up to the lower dot, then the line between the dots (stacked bars).
        type: 'bar',
        stack: 'dumbbell',
        silent: true,
        barWidth: 3,
        itemStyle: { color: 'transparent' },
        data: names.map((_, i) => {
          const p = pair(i);
          return p ? Math.min(p[0] ?? 0, p[1] ?? 0) : '-';
        }),
      },
      {
        type: 'bar',
        stack: 'dumbbell',
        silent: true,
        barWidth: 3,
        itemStyle: { color: '#6b7280' },
        data: names.map((_, i) => {
          const p = pair(i);
          return p ? Math.abs((p[0] ?? 0) - (p[1] ?? 0)) : '-';
        }),
      },
      {
        name: from.name,
        type: 'scatter',
        symbol: 'emptyCircle',
        symbolSize: 13,
        itemStyle: { color: from.color, borderWidth: 2.5 },
        z: 3,
        data: a.map((v, i) => (v === null ? [null, i] : [v, i])),
      },
      {
        name: to.name,
        type: 'scatter',
        symbol: 'circle',
        symbolSize: 12,
        itemStyle: { color: to.color },
        z: 4,
        data: b.map((v, i) => (v === null ? [null, i] : [v, i])),
      },
    ],
  };
}
