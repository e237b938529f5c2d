import { IndexSetsList } from '../../features/index-sets/components/index-sets-list';
import { hasPermission, useRequiredSession } from '../../lib/auth';

/** "Bộ chỉ số": every version the user may see; the Office (and admins) also import files. */
export function IndexSetsRoute() {
  const session = useRequiredSession();
  return <IndexSetsList canImport={hasPermission(session, 'indexSet.edit')} />;
}
