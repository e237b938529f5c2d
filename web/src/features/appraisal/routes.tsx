import { useParams } from 'react-router-dom';
import { AppraisalOverviewPage } from './components/overview-page';
import { AppraisalWorkspacePage } from './components/workspace-page';

/** /campaigns/:id/appraisal — the units under appraisal in one campaign (assignment for the Office). */
export function AppraisalOverviewRoute() {
  const { id = '' } = useParams();
  return <AppraisalOverviewPage key={id} campaignId={id} />;
}

/** /scorecards/:id/appraisal — one unit's review workspace (?leaf=, ?filter=, ?tab=). */
export function AppraisalWorkspaceRoute() {
  const { id = '' } = useParams();
  return <AppraisalWorkspacePage key={id} scorecardId={id} />;
}
