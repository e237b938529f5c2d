import { useParams } from 'react-router-dom';
import { PublicListPage } from './components/public-list-page';
import { PublicResultsPage } from './components/public-results-page';

/**
 * The public pages (no login): they render outside the signed-in layout (app/router.tsx) and call
 * only /api/public/… .
 */
export function PublicResultsListRoute() {
  return <PublicListPage />;
}

/** /public/results/:code — one published campaign. */
export function PublicResultsRoute() {
  const { code = '' } = useParams();
  return <PublicResultsPage key={code} code={code} />;
}
