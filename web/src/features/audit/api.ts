import type { AuditPage, AuditVerifyView } from '@cchc/domain/api/audit';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/**
 * The audit log (GET /api/audit, newest first, keyset paging with `before`), its chain check
 * (GET /api/audit/verify) and one scorecard's log (GET /api/scorecards/:id/audit). Contract in
 * domain/src/api/audit.ts.
 */
export const AUDIT_KEY = ['audit'] as const;
export const PAGE_SIZE = 50;

/** The viewer's filters as the API takes them (and as the page keeps them in its URL). */
export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  /** Event names. */
  action?: string[];
  entityType?: string;
  entityId?: string;
}

export function useAuditLog(filter: AuditFilter) {
  const params = {
    from: filter.from,
    to: filter.to,
    actor: filter.actor?.trim() || undefined,
    action: filter.action?.length ? filter.action.join(',') : undefined,
    entityType: filter.entityType,
    entityId: filter.entityId?.trim() || undefined,
  };
  return useInfiniteQuery({
    queryKey: [...AUDIT_KEY, 'list', params],
    queryFn: ({ pageParam }) =>
      api.get<AuditPage>('/api/audit', { ...params, before: pageParam ?? undefined, limit: PAGE_SIZE }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    // New events arrive all the time: a reopened page shows the log as it is now.
    staleTime: 0,
  });
}

/** Walks the whole chain on the server; run on demand (it reads every event). */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get<AuditVerifyView>('/api/audit/verify') });
}

export function useScorecardAudit(scorecardId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...AUDIT_KEY, 'scorecard', scorecardId],
    queryFn: ({ pageParam }) =>
      api.get<AuditPage>(`/api/scorecards/${encodeURIComponent(scorecardId)}/audit`, {
        before: pageParam ?? undefined,
        limit: PAGE_SIZE,
      }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    enabled,
    staleTime: 0,
  });
}
