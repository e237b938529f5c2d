import { Alert } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '../../components/ui/page-header';
import { ChangePasswordForm } from '../../features/auth/components/change-password-form';
import { useRequiredSession } from '../../lib/auth';
import { useT } from '../../lib/i18n';

export function ChangePasswordRoute() {
  const t = useT();
  const session = useRequiredSession();
  const navigate = useNavigate();
  const forced = session.user.mustChangePassword;
  return (
    <>
      <PageHeader title={t('password.pageTitle')} />
      {forced ? (
        <Alert
          type="warning"
          showIcon
          title={t('password.mustChangeTitle')}
          description={t('password.mustChangeBody')}
          style={{ marginBottom: 24, maxWidth: 720 }}
          data-testid="must-change-password"
        />
      ) : null}
      <ChangePasswordForm
        onChanged={() => {
          // The session query is refetched by the mutation; once /me says the password is fine, go home.
          if (forced) {
            navigate('/', { replace: true });
          }
        }}
      />
    </>
  );
}
