import { Col, Flex, Row, Typography } from 'antd';
import { PageHeader } from '../../components/ui/page-header';
import { OpenCampaignsCard, TodoCard } from '../../features/dashboard/components/home-campaigns';
import { RoleOverview } from '../../features/dashboard/components/role-overview';
import { useRequiredSession } from '../../lib/auth';
import { useT } from '../../lib/i18n';

export function HomeRoute() {
  const t = useT();
  const session = useRequiredSession();
  return (
    <>
      <PageHeader title={t('home.title')} />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }} data-testid="home-greeting">
        {t('home.greeting', { name: session.user.fullName })}
      </Typography.Title>
      <Typography.Paragraph>{t('home.intro')}</Typography.Paragraph>
      <Row gutter={[20, 20]}>
        <Col xs={24} xl={14}>
          <Flex vertical gap={20}>
            <TodoCard session={session} />
            <RoleOverview session={session} />
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <OpenCampaignsCard />
        </Col>
      </Row>
    </>
  );
}
