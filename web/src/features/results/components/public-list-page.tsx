import { ArrowRightOutlined, CalendarOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Skeleton } from 'antd';
import { Link } from 'react-router-dom';
import { QueryError } from '../../../components/ui/query-error';
import { useDocumentTitle } from '../../../lib/document-title';
import { formatDate } from '../../../lib/format';
import { useLang } from '../../../lib/i18n';
import { publicResultsPath, usePublicCampaigns } from '../unit-api';
import { useUnitResultsT } from '../unit-messages';
import { PublicShell } from './public-layout';

/** /public/results — the published campaigns, newest first (no login). */
export function PublicListPage() {
  const ut = useUnitResultsT();
  const lang = useLang();
  const list = usePublicCampaigns();
  useDocumentTitle(ut('pub.listTitle'));
  const campaigns = [...(list.data ?? [])].sort((a, b) => b.year - a.year || b.code.localeCompare(a.code));
  return (
    <PublicShell>
      <div style={{ background: '#ffffff', borderRadius: 8, padding: 20 }} data-testid="public-list">
        <h1 style={{ fontSize: 24, margin: '0 0 8px' }}>{ut('pub.listTitle')}</h1>
        <p style={{ marginTop: 0, maxWidth: 760 }}>{ut('pub.listIntro')}</p>
        {list.isPending ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : campaigns.length === 0 ? (
          <Empty description={ut('pub.listEmpty')} />
        ) : (
          <Flex vertical gap={12} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {campaigns.map((c) => (
              <li key={c.code}>
                <Card size="small" data-testid={`public-campaign-${c.code}`}>
                  <Flex justify="space-between" align="center" wrap gap={12}>
                    <Flex vertical gap={4}>
                      <h2 style={{ fontSize: 17, margin: 0 }}>
                        <Link to={publicResultsPath(c.code)}>{c.name}</Link>
                      </h2>
                      <Flex gap={16} wrap style={{ color: 'rgba(0,0,0,0.7)' }}>
                        <span>{ut('pub.year', { year: c.year })}</span>
                        <span>
                          <TeamOutlined aria-hidden /> {ut('pub.units', { count: c.unitCount })}
                        </span>
                        <span>
                          <CalendarOutlined aria-hidden />{' '}
                          {ut('pub.publishedOn', { date: formatDate(c.publishedAt, lang) })}
                        </span>
                      </Flex>
                    </Flex>
                    <Link to={publicResultsPath(c.code)} aria-hidden tabIndex={-1}>
                      <ArrowRightOutlined /> {ut('pub.open')}
                    </Link>
                  </Flex>
                </Card>
              </li>
            ))}
          </Flex>
        )}
      </div>
    </PublicShell>
  );
}
