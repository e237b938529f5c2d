import type { CloneIndexSetInput, IndexSetDetail, IndexSetSummary } from '@cchc/domain/api/index-sets';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/** Index sets (Bộ chỉ số): the list, one version with its document, and the writes on them. */
export const INDEX_SETS_KEY = ['index-sets'] as const;

const base = '/api/index-sets';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Download links (plain anchors: the session cookie goes along). */
export function exportUrl(id: string, format: 'json' | 'xlsx'): string {
  return `${one(id)}/export/${format}`;
}

export function useIndexSets() {
  return useQuery({
    queryKey: INDEX_SETS_KEY,
    queryFn: () => api.get<IndexSetSummary[]>(base),
  });
}

export function useIndexSet(id: string) {
  return useQuery({
    queryKey: [...INDEX_SETS_KEY, id],
    queryFn: () => api.get<IndexSetDetail>(one(id)),
  });
}

/**
 * Every write returns a version: its cache entry is replaced, everything else about index sets
 * (the list, other versions whose `isLatest` or actions may have changed) is refetched.
 */
function useIndexSetMutation<TVars, TResult extends IndexSetSummary>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (result) => {
      const key = [...INDEX_SETS_KEY, result.id];
      if ('document' in result) {
        queryClient.setQueryData(key, result);
      }
      return queryClient.invalidateQueries({
        queryKey: INDEX_SETS_KEY,
        predicate: (q) => !('document' in result && q.queryKey[1] === result.id),
      });
    },
  });
}

/** POST multipart (field `file`): a new DRAFT version of the code found in the file. */
export function useImportIndexSet() {
  return useIndexSetMutation((file: File) => api.upload<IndexSetSummary>(`${base}/import`, { file }));
}

export function useSaveIndexSetDocument() {
  return useIndexSetMutation(({ id, document }: { id: string; document: IndexSetDocument }) =>
    api.put<IndexSetDetail>(`${one(id)}/document`, { document }),
  );
}

export function usePublishIndexSet() {
  return useIndexSetMutation((id: string) => api.post<IndexSetDetail>(`${one(id)}/publish`));
}

export function useNewIndexSetVersion() {
  return useIndexSetMutation((id: string) => api.post<IndexSetDetail>(`${one(id)}/versions`));
}

export function useCloneIndexSet() {
  return useIndexSetMutation(({ id, input }: { id: string; input: CloneIndexSetInput }) =>
    api.post<IndexSetDetail>(`${one(id)}/clone`, input),
  );
}
