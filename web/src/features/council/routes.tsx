import { useParams } from 'react-router-dom';
import { CouncilPage } from './components/council-page';
import { ResultsPage } from './components/results-page';

/** "Hội đồng thẩm định" of one campaign. Keyed by id so that nothing leaks between campaigns. */
export function CouncilRoute() {
  const { id = '' } = useParams();
  return <CouncilPage key={id} campaignId={id} />;
}

/** "Kết quả xếp hạng" of one campaign: ranking, leadership approval, appeals and amendments. */
export function ResultsRoute() {
  const { id = '' } = useParams();
  return <ResultsPage key={id} campaignId={id} />;
}
