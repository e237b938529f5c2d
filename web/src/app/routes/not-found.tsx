import { NotFoundResult } from '../../components/ui/result-pages';

export function NotFoundRoute() {
  return <NotFoundResult signedIn />;
}
