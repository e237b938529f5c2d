import type { PublicCampaignSummary, PublicResultsPage, UnitResultsView } from '@cchc/domain/api/results';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/**
 * Calls of a unit's results page (GET /api/scorecards/:id/results, signed in) and of the public
 * results pages (GET /api/public/results…, no login — these pages call nothing else).
 */
const enc = encodeURIComponent;

export const unitResultsKey = (scorecardId: string) => ['results', 'unit', scorecardId] as const;
export const PUBLIC_RESULTS_KEY = ['public-results'] as const;

export function unitResultsPath(scorecardId: string): string {
  return `/scorecards/${enc(scorecardId)}/results`;
}

/** The appraisal workspace of the scorecard, on one criterion (evidence and history live there). */
export function appraisalLeafPath(scorecardId: string, leafCode: string): string {
  return `/scorecards/${enc(scorecardId)}/appraisal?leaf=${enc(leafCode)}`;
}

export function publicResultsPath(code: string): string {
  return `/public/results/${enc(code)}`;
}

/** Open data of a published campaign. */
export function publicJsonUrl(code: string): string {
  return `/api/public/results/${enc(code)}`;
}

export function publicCsvUrl(code: string): string {
  return `/api/public/results/${enc(code)}/csv`;
}

export function useUnitResults(scorecardId: string) {
  return useQuery({
    queryKey: unitResultsKey(scorecardId),
    queryFn: () => api.get<UnitResultsView>(`/api${unitResultsPath(scorecardId)}`),
  });
}

export function usePublicCampaigns() {
  return useQuery({
    queryKey: PUBLIC_RESULTS_KEY,
    queryFn: () => api.get<PublicCampaignSummary[]>('/api/public/results'),
  });
}

/** One page of a published ranking (the server pages, filters by group; docs/results.md). */
export function usePublicResults(
  code: string,
  params: { page: number; group: string | null } = { page: 1, group: null },
) {
  return useQuery({
    queryKey: [...PUBLIC_RESULTS_KEY, code, params],
    queryFn: () => {
      const qs = new URLSearchParams({ page: String(params.page), pageSize: String(PUBLIC_PAGE_SIZE) });
      if (params.group) {
        qs.set('group', params.group);
      }
      return api.get<PublicResultsPage>(`${publicJsonUrl(code)}?${qs}`);
    },
    placeholderData: keepPreviousData,
  });
}

export const PUBLIC_PAGE_SIZE = 100;
