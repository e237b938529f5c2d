import { Card, Timeline, Typography } from 'antd';
import { formatDate } from '../../../lib/format';
import { type MessageKey, useLang, useT } from '../../../lib/i18n';

interface Milestone {
  label: MessageKey;
  /** ISO date of the deadline; null when the plan names a period instead (see `when`). */
  before: string | null;
  when?: MessageKey;
}

// Static for now: the milestones of the 2024 plan. In issue 4 they become campaign data (the yearly
// scoring campaign with its own deadlines) loaded from the API.
const PLAN_2024: readonly Milestone[] = [
  { label: 'home.milestone.guide', before: '2024-12-10' },
  { label: 'home.milestone.self', before: '2024-12-16' },
  { label: 'home.milestone.appraise', before: '2024-12-25' },
  { label: 'home.milestone.summary', before: '2024-12-31' },
  { label: 'home.milestone.announce', before: null, when: 'home.milestone.announceWhen' },
];

/** "Kế hoạch năm 2024": the plan's milestones. */
export function PlanTimeline() {
  const t = useT();
  const lang = useLang();
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('home.plan')}</h2>} data-testid="home-plan">
      <Typography.Paragraph>{t('home.planIntro')}</Typography.Paragraph>
      <Timeline
        items={PLAN_2024.map((m) => ({
          key: m.label,
          content: (
            <>
              <div style={{ fontWeight: 600 }}>{t(m.label)}</div>
              <div>
                {m.before
                  ? t('home.before', { date: formatDate(m.before, lang) })
                  : m.when
                    ? t(m.when)
                    : null}
              </div>
            </>
          ),
        }))}
      />
    </Card>
  );
}
