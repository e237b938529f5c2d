import { ProfileOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Empty, Flex, Grid, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { describeError } from '../../../lib/api-client';
import { hasPermission, useSession } from '../../../lib/auth';
import { formatDateTime } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { useScorecardAudit } from '../api';
import { eventLabel, useAuditT } from '../messages';
import { summarize } from '../summary';
import { SummaryLines } from './entry-parts';

/** The log itself: newest first, with "Tải thêm" for older entries. */
function ScorecardAuditList({ scorecardId }: { scorecardId: string }) {
  const at = useAuditT();
  const t = useT();
  const lang = useLang();
  const log = useScorecardAudit(scorecardId, true);
  const rows = useMemo(() => (log.data?.pages ?? []).flatMap((p) => p.rows), [log.data]);
  if (log.isPending) {
    return <Skeleton active paragraph={{ rows: 6 }} />;
  }
  if (log.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={at('list.loadError')}
        description={describeError(log.error, lang)}
        action={
          <Button size="small" onClick={() => void log.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (rows.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={at('scorecard.empty')} />;
  }
  return (
    <>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="scorecard-audit-list">
        {rows.map((e) => (
          <li
            key={e.seq}
            data-testid={`scorecard-audit-row-${e.seq}`}
            data-action={e.action}
            style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}
          >
            <Flex justify="space-between" gap={8} wrap>
              <strong>{eventLabel(e.action, lang)}</strong>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
              </Typography.Text>
            </Flex>
            <div style={{ fontSize: 13 }}>
              {e.actor ? (
                <>
                  {e.actor.fullName || e.actor.username}{' '}
                  <Typography.Text type="secondary">({e.actor.username})</Typography.Text>
                </>
              ) : (
                <Typography.Text type="secondary">{at('actor.system')}</Typography.Text>
              )}
            </div>
            <div style={{ fontSize: 13, marginTop: 4 }}>
              <SummaryLines lines={summarize(e, lang)} />
            </div>
          </li>
        ))}
      </ol>
      {log.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button
            onClick={() => void log.fetchNextPage()}
            loading={log.isFetchingNextPage}
            data-testid="scorecard-audit-load-more"
          >
            {at('list.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
}

/**
 * "Nhật ký phiếu": a button that opens the scorecard's own log in a drawer (GET
 * /api/scorecards/:id/audit). The unit sees its own work and what was done to the scorecard in
 * the open; the Office sees every event.
 */
export function ScorecardAuditButton({ scorecardId }: { scorecardId: string }) {
  const at = useAuditT();
  const session = useSession();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const full = session.data ? hasPermission(session.data, 'audit.read') : false;
  return (
    <>
      <Button icon={<ProfileOutlined />} onClick={() => setOpen(true)} data-testid="scorecard-audit-open">
        {at('scorecard.open')}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={at('scorecard.title')}
        size={screens.sm ? 560 : '100%'}
        destroyOnHidden
        closable={{ 'aria-label': at('scorecard.close') }}
      >
        <div data-testid="scorecard-audit">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {at(full ? 'scorecard.hint' : 'scorecard.hintUnit')}
          </Typography.Paragraph>
          {open ? <ScorecardAuditList scorecardId={scorecardId} /> : null}
        </div>
      </Drawer>
    </>
  );
}
