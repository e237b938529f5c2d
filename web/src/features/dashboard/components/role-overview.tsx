import { ROLE_LABELS, type Role } from '@cchc/domain/access/roles';
import type { SessionInfo } from '@cchc/domain/api/auth';
import { Card, List, Tag, Typography } from 'antd';
import { type MessageKey, useLang, useT } from '../../../lib/i18n';

const DUTY: Record<Role, MessageKey> = {
  SYSTEM_ADMIN: 'duty.SYSTEM_ADMIN',
  OFFICE_STAFF: 'duty.OFFICE_STAFF',
  UNIT_FOCAL: 'duty.UNIT_FOCAL',
  UNIT_HEAD: 'duty.UNIT_HEAD',
  WORKING_GROUP: 'duty.WORKING_GROUP',
  COUNCIL_MEMBER: 'duty.COUNCIL_MEMBER',
  LEADERSHIP: 'duty.LEADERSHIP',
  VIEWER: 'duty.VIEWER',
};

/** The user's roles (with their unit) and what each role does in the yearly cycle. */
export function RoleOverview({ session }: { session: SessionInfo }) {
  const t = useT();
  const lang = useLang();
  const grants = session.user.roles;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('home.yourRoles')}</h2>} data-testid="home-roles">
      {grants.length === 0 ? (
        <Typography.Paragraph style={{ margin: 0 }}>{t('home.noRoles')}</Typography.Paragraph>
      ) : (
        <List
          itemLayout="vertical"
          dataSource={grants}
          rowKey={(g) => `${g.role}:${g.unitId ?? ''}`}
          renderItem={(g) => (
            <List.Item style={{ paddingInline: 0 }}>
              <div style={{ marginBottom: 6 }}>
                <Tag color="blue" style={{ fontSize: 13, paddingBlock: 2, marginInlineEnd: 8 }}>
                  {ROLE_LABELS[g.role][lang]}
                </Tag>
                {g.unitName ? (
                  <Typography.Text>
                    {t('home.unit')}: <strong>{g.unitName}</strong>
                    {g.unitCode ? ` (${g.unitCode})` : ''}
                  </Typography.Text>
                ) : null}
              </div>
              <Typography.Paragraph style={{ margin: 0 }}>{t(DUTY[g.role])}</Typography.Paragraph>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
