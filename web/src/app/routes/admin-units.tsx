import { UnitsList } from '../../features/units/components/units-list';
import { useT } from '../../lib/i18n';

export function AdminUnitsRoute() {
  const t = useT();
  return <UnitsList title={t('units.adminPageTitle')} manage />;
}
