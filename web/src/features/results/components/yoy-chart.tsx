import type { ResultRow, ResultsView } from '@cchc/domain/api/results';
import { Button, Card, Empty, Typography } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import type { EChartOption } from '../../../components/charts/echart';
import { formatPercent } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { resultsPageUrl } from '../api';
import { useResultsT } from '../messages';
import { byIndex, indexDelta } from '../model';
import { ChartCard } from './chart-card';
import { DeltaText } from './delta';
import { dumbbellOption } from './dumbbell';
import { barsHeight } from './ranking-chart';

const PREVIOUS_COLOR = '#6b7280';
const CURRENT_COLOR = '#1d4e89';

/** This year's index beside the previous campaign's, per unit (units new this year: table only). */
export function YearOverYearChart({
  view,
  rows,
}: {
  view: Pick<ResultsView, 'previousCampaign' | 'year' | 'campaignId'>;
  rows: ResultRow[];
}) {
  const t = useResultsT();
  const lang = useLang();
  const navigate = useNavigate();
  const previous = view.previousCampaign;
  const sorted = useMemo(() => byIndex(rows), [rows]);
  const compared = useMemo(() => sorted.filter((r) => r.previous !== null), [sorted]);

  const option = useMemo<EChartOption>(
    () =>
      dumbbellOption({
        names: compared.map((r) => r.unit.name),
        from: {
          name: t('charts.yoy.previous', { year: previous?.year ?? '' }),
          color: PREVIOUS_COLOR,
          values: compared.map((r) => r.previous?.indexPercent ?? null),
        },
        to: {
          name: t('charts.yoy.current', { year: view.year }),
          color: CURRENT_COLOR,
          values: compared.map((r) => r.indexPercent),
        },
        tooltip: (i) => {
          const r = compared[i];
          return r?.previous
            ? `${r.unit.name}<br/>${previous?.year}: ${formatPercent(r.previous.indexPercent, lang)}<br/>${view.year}: ${formatPercent(r.indexPercent, lang)}`
            : '';
        },
      }),
    [compared, previous, view.year, lang, t],
  );

  if (!previous) {
    return (
      <Card
        size="small"
        title={
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {t('charts.yoy.title')}
          </Typography.Title>
        }
        data-testid="chart-yoy"
      >
        <Empty description={t('charts.yoy.none')}>
          <Button onClick={() => navigate(resultsPageUrl(view.campaignId, 'settings'))}>
            {t('charts.yoy.openSettings')}
          </Button>
        </Empty>
      </Card>
    );
  }

  return (
    <ChartCard<ResultRow>
      id="chart-yoy"
      testId="chart-yoy"
      title={t('charts.yoy.title')}
      caption={t('charts.yoy.caption', {
        previous: previous.name,
        year: previous.year,
        current: view.year,
      })}
      option={option}
      height={barsHeight(compared.length, 28) + 20}
      rowKey={(r) => r.scorecardId}
      tableRows={sorted}
      tableColumns={[
        { title: t('col.unit'), key: 'unit', render: (_, r) => r.unit.name },
        {
          title: t('charts.yoy.previousShort', { year: previous.year }),
          key: 'previous',
          align: 'right',
          render: (_, r) =>
            r.previous
              ? `${formatPercent(r.previous.indexPercent, lang)} (${t('charts.rankN', { rank: r.previous.rank })})`
              : t('charts.yoy.notThen'),
        },
        {
          title: t('charts.yoy.currentShort', { year: view.year }),
          key: 'current',
          align: 'right',
          render: (_, r) => `${formatPercent(r.indexPercent, lang)} (${t('charts.rankN', { rank: r.rank })})`,
        },
        {
          title: t('charts.yoy.change'),
          key: 'delta',
          align: 'right',
          render: (_, r) => <DeltaText delta={indexDelta(r)} />,
        },
      ]}
    />
  );
}
