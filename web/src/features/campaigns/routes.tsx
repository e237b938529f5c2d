import { useParams } from 'react-router-dom';
import { CampaignDetailPage } from './components/campaign-detail';
import { CampaignsListPage } from './components/campaigns-list';

/** "Kỳ đánh giá": the list (with "Tạo kỳ đánh giá" for the Office). */
export function CampaignsRoute() {
  return <CampaignsListPage />;
}

/** One campaign, its tabs keyed by ?tab=. Keyed by id so that nothing leaks between campaigns. */
export function CampaignDetailRoute() {
  const { id = '' } = useParams();
  return <CampaignDetailPage key={id} id={id} />;
}
