import type { CampaignSummary, MonitoringView } from '@cchc/domain/api/campaigns';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/**
 * The Office's dashboard: the campaign list (to pick one) and one campaign's monitoring view.
 * Keys sit under ['campaigns'] so that campaign and scorecard writes refresh them.
 */
export function useCampaignOptions() {
  return useQuery({ queryKey: ['campaigns'], queryFn: () => api.get<CampaignSummary[]>('/api/campaigns') });
}

export function useMonitoring(campaignId: string | null) {
  return useQuery({
    queryKey: ['campaigns', campaignId, 'monitoring'],
    queryFn: () =>
      api.get<MonitoringView>(`/api/campaigns/${encodeURIComponent(campaignId ?? '')}/monitoring`),
    enabled: campaignId !== null,
    // A dashboard: keep it current while it is on screen.
    refetchInterval: 60_000,
  });
}
