import { UsersList } from '../../features/users/components/users-list';
import { useT } from '../../lib/i18n';

export function AdminUsersRoute() {
  const t = useT();
  return <UsersList title={t('users.adminPageTitle')} manage />;
}
