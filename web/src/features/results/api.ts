import type {
  AnnouncementInput,
  AnnouncementView,
  ResultsCharts,
  ResultsPage,
  ResultsSettingsInput,
  ResultsSettingsView,
  ResultsView,
} from '@cchc/domain/api/results';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';
import { resultsKey } from '../council/api';

/**
 * The internal results page's own calls (domain/src/api/results.ts): the results settings (rating
 * mapping, previous campaign, criterion mapping) and the announcement. The ranked results
 * themselves (GET …/results) and the publish transition are the council feature's queries, so
 * that one cache entry feeds the table, the charts and the presentation view.
 */
const enc = encodeURIComponent;
const campaignPath = (id: string) => `/api/campaigns/${enc(id)}`;

export const resultsSettingsKey = (campaignId: string) => ['results-settings', campaignId] as const;

/** Internal CSV (self and appraised scores too), served as an attachment. */
export function resultsCsvUrl(campaignId: string): string {
  return `${campaignPath(campaignId)}/results/csv`;
}

/** The public page of a published campaign (no login). */
export function publicPageUrl(campaignCode: string): string {
  return `/public/results/${enc(campaignCode)}`;
}

/** Open data of a published campaign: CSV and JSON (no login). */
export function publicDataUrls(campaignCode: string): { csv: string; json: string } {
  const base = `/api/public/results/${enc(campaignCode)}`;
  return { csv: `${base}/csv`, json: base };
}

export function presentationUrl(campaignId: string): string {
  return `/campaigns/${enc(campaignId)}/presentation`;
}

export function resultsPageUrl(campaignId: string, tab?: string): string {
  const path = `/campaigns/${enc(campaignId)}/results`;
  return tab ? `${path}?tab=${enc(tab)}` : path;
}

export function unitResultsUrl(scorecardId: string): string {
  return `/scorecards/${enc(scorecardId)}/results`;
}

/** What one page of the ranking asks the server for (docs/results.md, "Paging"). */
export interface RankingParams {
  page: number;
  pageSize: number;
  sort: string;
  order: 'asc' | 'desc';
  group: string | null;
  q: string;
}

export function rankingQueryString(p: RankingParams): string {
  const qs = new URLSearchParams({
    page: String(p.page),
    pageSize: String(p.pageSize),
    sort: p.sort,
    order: p.order,
  });
  if (p.group) {
    qs.set('group', p.group);
  }
  if (p.q.trim()) {
    qs.set('q', p.q.trim());
  }
  return qs.toString();
}

/**
 * One page of the ranking, sorted, filtered and searched by the server. Under the council
 * feature's results key, so that everything that refetches the results refetches the pages too;
 * the previous page stays on screen while the next one loads.
 */
export function useResultsPage(campaignId: string, params: RankingParams) {
  return useQuery({
    queryKey: [...resultsKey(campaignId), 'page', params],
    queryFn: () => api.get<ResultsPage>(`${campaignPath(campaignId)}/results?${rankingQueryString(params)}`),
    placeholderData: keepPreviousData,
  });
}

/** What the charts draw for all units or one group (every unit up to 100, else the ends and aggregates). */
export function useResultsCharts(campaignId: string, group: string | null) {
  return useQuery({
    queryKey: [...resultsKey(campaignId), 'charts', group],
    queryFn: () =>
      api.get<ResultsCharts>(
        `${campaignPath(campaignId)}/results/charts${group ? `?group=${enc(group)}` : ''}`,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useResultsSettings(campaignId: string) {
  return useQuery({
    queryKey: resultsSettingsKey(campaignId),
    queryFn: () => api.get<ResultsSettingsView>(`${campaignPath(campaignId)}/results/settings`),
  });
}

/** Saves the settings; the answer replaces the cache entry and the results are recomputed. */
export function useSaveResultsSettings(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ResultsSettingsInput) =>
      api.put<ResultsSettingsView>(`${campaignPath(campaignId)}/results/settings`, input),
    onSuccess: (view) => {
      queryClient.setQueryData(resultsSettingsKey(campaignId), view);
      return queryClient.invalidateQueries({ queryKey: resultsKey(campaignId) });
    },
  });
}

/** Records (or corrects) the announcement decision; the results view carries it. */
export function useSaveAnnouncement(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AnnouncementInput) =>
      api.put<AnnouncementView>(`${campaignPath(campaignId)}/announcement`, input),
    onSuccess: (announcement) => {
      queryClient.setQueryData<ResultsView>(resultsKey(campaignId), (old) =>
        old ? { ...old, announcement } : old,
      );
      return queryClient.invalidateQueries({ queryKey: resultsKey(campaignId) });
    },
  });
}
