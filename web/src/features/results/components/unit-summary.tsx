import type { UnitResultsView } from '@cchc/domain/api/results';
import { TASK_RATING_LABELS } from '@cchc/domain/results/results';
import { CAMPAIGN_PHASE_LABELS } from '@cchc/domain/workflow/campaign.machine';
import { Card, Flex, Progress, Tag } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { formatPercent, formatPoints } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { useUnitResultsT } from '../unit-messages';
import { pointsNumber, signedPercentPoints } from '../unit-model';

const muted: CSSProperties = { color: 'rgba(0,0,0,0.65)' };
const ACCENT = { self: '#5b6b7f', appraised: '#1d4e89', final: '#2e7d32' } as const;
const bandTag: CSSProperties = {
  color: '#0d3c78',
  background: '#e3eefc',
  borderColor: '#9fc2ef',
  marginInlineEnd: 0,
  fontSize: 13,
};

/** One headline figure: a small label, a large value, an optional line below. */
function Figure({
  label,
  value,
  below,
  testId,
}: {
  label: string;
  value: ReactNode;
  below?: ReactNode;
  testId: string;
}) {
  return (
    <Flex vertical gap={2} style={{ flex: '1 1 200px', minWidth: 180 }} data-testid={testId}>
      <span style={{ ...muted, fontSize: 13 }}>{label}</span>
      <span style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.25 }} data-testid={`${testId}-value`}>
        {value}
      </span>
      {below ? <span style={{ fontSize: 13 }}>{below}</span> : null}
    </Flex>
  );
}

function PointsCard({
  kind,
  title,
  points,
  maxPoints,
  indexPercent,
  band,
}: {
  kind: 'self' | 'appraised' | 'final';
  title: string;
  points: number;
  /** Only for the final result (self and appraised maxima may differ after council decisions). */
  maxPoints?: number;
  indexPercent: number;
  band: string | null;
}) {
  const ut = useUnitResultsT();
  const lang = useLang();
  return (
    <Card
      size="small"
      style={{ flex: '1 1 220px', minWidth: 200, borderTop: `3px solid ${ACCENT[kind]}` }}
      data-testid={`unit-results-${kind}`}
    >
      <Flex vertical gap={2}>
        <h3 style={{ margin: 0, fontSize: 14, fontWeight: 600, color: 'rgba(0,0,0,0.7)' }}>{title}</h3>
        <span style={{ fontSize: 18, fontWeight: 600 }} data-testid={`unit-results-${kind}-points`}>
          {formatPoints(points, lang)}
          {maxPoints !== undefined ? (
            <span style={{ ...muted, fontSize: 13, fontWeight: 400 }}>
              {' '}
              / {pointsNumber(maxPoints, lang)}
            </span>
          ) : null}
        </span>
        <span>
          <span style={muted}>{ut('ur.index')}: </span>
          <strong>{formatPercent(indexPercent, lang)}</strong>
          <span style={muted}> · {ut('ur.band')}: </span>
          <strong>{band ?? ut('ur.noBand')}</strong>
        </span>
        <Progress
          percent={Math.max(0, Math.min(100, indexPercent / 100))}
          showInfo={false}
          size="small"
          strokeColor={ACCENT[kind]}
          aria-label={`${title}: ${ut('ur.index')} ${formatPercent(indexPercent, lang)}`}
        />
      </Flex>
    </Card>
  );
}

/** Header figures: campaign, rank (overall and in the group), index and band, rating, points. */
export function UnitSummary({ view, groupName }: { view: UnitResultsView; groupName: string }) {
  const ut = useUnitResultsT();
  const lang = useLang();
  const inGroup = view.rankingScope === 'unitGroup';
  const change = view.previous ? view.final.indexPercent - view.previous.indexPercent : null;
  return (
    <section aria-labelledby="unit-summary-heading">
      <Card
        title={
          <Flex wrap gap={'0 12px'} align="baseline" style={{ whiteSpace: 'normal' }}>
            <h2 id="unit-summary-heading" style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>
              {view.campaignName}
            </h2>
            <span style={{ ...muted, fontSize: 13, fontWeight: 400 }}>
              {view.campaignCode} · {CAMPAIGN_PHASE_LABELS[view.phase][lang]}
            </span>
          </Flex>
        }
      >
        <Flex gap={24} wrap>
          <Figure
            testId="unit-results-rank"
            label={ut('ur.rank')}
            value={ut('ur.rankOf', { rank: view.rank, count: view.rankedCount })}
            below={
              <>
                <span style={muted}>
                  {inGroup ? ut('ur.rankScopeGroup', { group: groupName }) : ut('ur.rankScopeAll')}
                </span>
                <br />
                <span data-testid="unit-results-rank-other">
                  {inGroup
                    ? ut('ur.rankOverall', { rank: view.rankOverall })
                    : ut('ur.rankInGroup', { group: groupName, rank: view.rankInGroup })}
                </span>
              </>
            }
          />
          <Figure
            testId="unit-results-index"
            label={ut('ur.index')}
            value={formatPercent(view.final.indexPercent, lang)}
            below={
              <span>
                <span style={muted}>{ut('ur.band')}: </span>
                <Tag style={bandTag} data-testid="unit-results-band">
                  {view.final.band ?? ut('ur.noBand')}
                </Tag>
              </span>
            }
          />
          <Figure
            testId="unit-results-rating"
            label={ut('ur.rating')}
            value={<span style={{ fontSize: 18 }}>{TASK_RATING_LABELS[view.rating][lang]}</span>}
            below={<span style={muted}>{ut('ur.ratingHint')}</span>}
          />
          <Figure
            testId="unit-results-previous"
            label={
              view.previous
                ? ut('ur.previous', { campaign: view.previous.campaignCode })
                : ut('ur.fieldPrevious')
            }
            value={
              view.previous ? (
                <span style={{ fontSize: 18 }}>
                  {ut('ur.previousValue', {
                    index: formatPercent(view.previous.indexPercent, lang),
                    rank: view.previous.rank,
                  })}
                </span>
              ) : (
                <span style={{ fontSize: 16, fontWeight: 400, ...muted }}>{ut('ur.previousNone')}</span>
              )
            }
            below={
              change !== null ? (
                <span>
                  <span style={muted}>{ut('ur.change')}: </span>
                  <strong style={{ color: change < 0 ? '#b3261e' : change > 0 ? '#1b5e20' : undefined }}>
                    {signedPercentPoints(change, lang)}
                  </strong>
                </span>
              ) : undefined
            }
          />
        </Flex>
      </Card>
      <Flex gap={12} wrap style={{ marginTop: 12 }}>
        <PointsCard
          kind="self"
          title={ut('ur.self')}
          points={view.self.points}
          indexPercent={view.self.indexPercent}
          band={view.self.band}
        />
        <PointsCard
          kind="appraised"
          title={ut('ur.appraised')}
          points={view.appraised.points}
          indexPercent={view.appraised.indexPercent}
          band={view.appraised.band}
        />
        <PointsCard
          kind="final"
          title={ut('ur.final')}
          points={view.final.points}
          maxPoints={view.final.maxPoints}
          indexPercent={view.final.indexPercent}
          band={view.final.band}
        />
      </Flex>
      {view.final.bonus !== 0 || view.final.penalty !== 0 ? (
        <p style={{ ...muted, margin: '8px 0 0' }}>
          {ut('ur.bonusPenaltyText', {
            bonus: formatPoints(view.final.bonus, lang),
            penalty: formatPoints(view.final.penalty, lang),
          })}
        </p>
      ) : null}
    </section>
  );
}
