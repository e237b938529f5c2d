import { useParams } from 'react-router-dom';
import { UnitResultsPage } from './components/unit-results-page';

/** /scorecards/:id/results — one unit's results. Keyed by id so that nothing leaks between units. */
export function UnitResultsRoute() {
  const { id = '' } = useParams();
  return <UnitResultsPage key={id} scorecardId={id} />;
}
