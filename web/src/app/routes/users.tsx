import { UsersList } from '../../features/users/components/users-list';
import { useT } from '../../lib/i18n';

/** Read-only list of the users the user may see. */
export function UsersRoute() {
  const t = useT();
  return <UsersList title={t('users.pageTitle')} manage={false} />;
}
