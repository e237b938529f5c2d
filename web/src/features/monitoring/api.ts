import type {
  CampaignSummary,
  MonitoringFilter,
  MonitoringSort,
  MonitoringView,
} from '@cchc/domain/api/campaigns';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/**
 * The Office's dashboard: the campaign list (to pick one) and one campaign's monitoring view.
 * Keys sit under ['campaigns'] so that campaign and scorecard writes refresh them.
 */
export function useCampaignOptions() {
  return useQuery({ queryKey: ['campaigns'], queryFn: () => api.get<CampaignSummary[]>('/api/campaigns') });
}

/** What the dashboard asks the server for: one page of unit rows, filtered and sorted there. */
export interface MonitoringParams {
  page: number;
  pageSize: number;
  sort: MonitoringSort;
  order: 'asc' | 'desc';
  status: MonitoringFilter | null;
  group: string | null;
  q: string;
}

export function monitoringQueryString(p: MonitoringParams): string {
  const out = new URLSearchParams({
    page: String(p.page),
    pageSize: String(p.pageSize),
    sort: p.sort,
    order: p.order,
  });
  if (p.status) {
    out.set('status', p.status);
  }
  if (p.group) {
    out.set('group', p.group);
  }
  if (p.q.trim()) {
    out.set('q', p.q.trim());
  }
  return out.toString();
}

/** Campaign-wide totals and one page of rows; the previous page stays on screen while the next loads. */
export function useMonitoring(campaignId: string | null, params: MonitoringParams) {
  return useQuery({
    queryKey: ['campaigns', campaignId, 'monitoring', params],
    queryFn: () =>
      api.get<MonitoringView>(
        `/api/campaigns/${encodeURIComponent(campaignId ?? '')}/monitoring?${monitoringQueryString(params)}`,
      ),
    enabled: campaignId !== null,
    placeholderData: keepPreviousData,
    // A dashboard: keep it current while it is on screen.
    refetchInterval: 60_000,
  });
}
