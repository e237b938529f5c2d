import { UnitsList } from '../../features/units/components/units-list';
import { isUnitScopedOnly, useRequiredSession } from '../../lib/auth';
import { useT } from '../../lib/i18n';

/** Read-only list of the units the user may see ("Đơn vị của tôi" for unit-scoped roles). */
export function UnitsRoute() {
  const t = useT();
  const session = useRequiredSession();
  const title = isUnitScopedOnly(session) ? t('units.myPageTitle') : t('units.pageTitle');
  return <UnitsList title={title} manage={false} />;
}
