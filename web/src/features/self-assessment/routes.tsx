import { useParams } from 'react-router-dom';
import { ScorecardPage } from './components/scorecard-page';

/** /scorecards/:id — a unit's self-assessment (?leaf= selects a criterion). */
export function ScorecardRoute() {
  const { id = '' } = useParams();
  return <ScorecardPage key={id} id={id} />;
}
