import { useParams } from 'react-router-dom';
import { DocumentSettingsPage } from './components/document-settings-page';
import { ReportsPage } from './components/reports-page';

/** "Báo cáo, văn bản" of one campaign. Keyed by id so that nothing leaks between campaigns. */
export function ReportsRoute() {
  const { id = '' } = useParams();
  return <ReportsPage key={id} campaignId={id} />;
}

/** "Thiết lập văn bản": agency, document symbols, signers and recipients of generated documents. */
export function DocumentSettingsRoute() {
  return <DocumentSettingsPage />;
}
