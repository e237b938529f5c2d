import { BellOutlined } from '@ant-design/icons';
import type { NotificationView } from '@cchc/domain/api/reminders';
import { Badge, Button, Empty, Flex, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDate, formatDateTime } from '../../../lib/format';
import { type Lang, useLang, useT } from '../../../lib/i18n';
import { useMarkAllRead, useMarkRead, useNotifications } from '../api';

function ago(iso: string, lang: Lang): string {
  const rtf = new Intl.RelativeTimeFormat(lang === 'vi' ? 'vi' : 'en', { numeric: 'auto' });
  const diff = (new Date(iso).getTime() - Date.now()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 60) {
    return rtf.format(Math.round(diff), 'second');
  }
  if (abs < 3600) {
    return rtf.format(Math.round(diff / 60), 'minute');
  }
  if (abs < 86400) {
    return rtf.format(Math.round(diff / 3600), 'hour');
  }
  if (abs < 86400 * 7) {
    return rtf.format(Math.round(diff / 86400), 'day');
  }
  return formatDate(iso, lang);
}

function Item({ n, onOpen }: { n: NotificationView; onOpen: (n: NotificationView) => void }) {
  const lang = useLang();
  const unread = n.readAt === null;
  return (
    <li>
      <button
        type="button"
        onClick={() => onOpen(n)}
        data-testid={`notification-${n.id}`}
        style={{
          display: 'flex',
          gap: 10,
          width: '100%',
          textAlign: 'start',
          border: 0,
          borderTop: '1px solid #eef0f3',
          background: unread ? '#f3f7fc' : '#ffffff',
          padding: '10px 12px',
          cursor: 'pointer',
          font: 'inherit',
          color: 'inherit',
        }}
      >
        <span
          aria-hidden
          style={{
            flex: 'none',
            width: 8,
            height: 8,
            marginTop: 7,
            borderRadius: '50%',
            background: unread ? '#1d4e89' : 'transparent',
          }}
        />
        <span style={{ flex: 1, minWidth: 0 }}>
          <span style={{ display: 'block', fontWeight: unread ? 600 : 400 }}>{n.title}</span>
          <span
            style={{
              display: '-webkit-box',
              WebkitLineClamp: 2,
              WebkitBoxOrient: 'vertical',
              overflow: 'hidden',
              fontSize: 13,
              color: 'rgba(0,0,0,0.7)',
            }}
          >
            {n.body}
          </span>
          <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.62)' }} title={formatDateTime(n.createdAt, lang)}>
            {ago(n.createdAt, lang)}
          </span>
        </span>
      </button>
    </li>
  );
}

/**
 * The bell in the header: the unread count, and a dropdown of the latest notifications; opening
 * one marks it read and follows its link (e.g. the unit's scorecard).
 */
export function NotificationsBell() {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = list.data?.unreadCount ?? 0;
  const items = list.data?.items ?? [];

  const onOpen = (n: NotificationView) => {
    if (n.readAt === null) {
      markRead.mutate(n.id);
    }
    setOpen(false);
    if (n.link?.startsWith('/')) {
      navigate(n.link);
    }
  };

  const content = (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }} data-testid="notifications-panel">
      <Flex justify="space-between" align="center" style={{ padding: '4px 12px 8px' }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        {unread > 0 ? (
          <Button type="link" size="small" onClick={() => markAll.mutate()} loading={markAll.isPending}>
            {t('notifications.markAll')}
          </Button>
        ) : null}
      </Flex>
      {items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('notifications.empty')}
          style={{ margin: '12px 0' }}
        />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 420, overflow: 'auto' }}>
          {items.map((n) => (
            <Item key={n.id} n={n} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          void list.refetch();
        }
      }}
      styles={{ container: { padding: '8px 0' } }}
    >
      <Button
        type="text"
        aria-label={unread > 0 ? t('notifications.labelUnread', { count: unread }) : t('notifications.title')}
        data-testid="header-notifications"
        style={{ color: '#ffffff', paddingInline: 8 }}
      >
        <Badge count={unread} size="small" offset={[2, -2]} color="#d32f2f">
          <BellOutlined style={{ color: '#ffffff', fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
