import { UnitGroupsList } from '../../features/units/components/unit-groups-list';
import { hasPermission, useRequiredSession } from '../../lib/auth';
import { useT } from '../../lib/i18n';

export function AdminUnitGroupsRoute() {
  const t = useT();
  const session = useRequiredSession();
  return (
    <UnitGroupsList title={t('groups.pageTitle')} canCreate={hasPermission(session, 'unitGroup.create')} />
  );
}
