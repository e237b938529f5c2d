import type {
  AnswerView,
  DocumentReferenceInput,
  EvidenceView,
  ExtensionInput,
  ReturnInput,
  SaveAnswerInput,
  ScorecardView,
  SubmissionCheck,
  SubmitInput,
} from '@cchc/domain/api/scorecards';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/**
 * One unit's scorecard (phiếu tự đánh giá): the view with tree, answers and evidence, and the
 * writes on it. Answer saves go through the autosave of the page (use-autosave.ts), which keeps
 * the cached view's answers in step with the server's rowVersions.
 */
export const SCORECARDS_KEY = ['scorecards'] as const;
export const scorecardKey = (id: string) => [...SCORECARDS_KEY, id] as const;

const one = (id: string) => `/api/scorecards/${encodeURIComponent(id)}`;

export function evidenceFileUrl(scorecardId: string, evidenceId: string, inline = false): string {
  return `${one(scorecardId)}/evidence/${encodeURIComponent(evidenceId)}/file${inline ? '?inline=1' : ''}`;
}

export function useScorecard(id: string) {
  return useQuery({ queryKey: scorecardKey(id), queryFn: () => api.get<ScorecardView>(one(id)) });
}

export function saveAnswer(id: string, leafCode: string, input: SaveAnswerInput): Promise<AnswerView> {
  return api.put<AnswerView>(`${one(id)}/answers/${encodeURIComponent(leafCode)}`, input);
}

/** Replaces one answer in the cached view (after a save, or with the value another user saved). */
export function putCachedAnswer(queryClient: QueryClient, id: string, answer: AnswerView): void {
  queryClient.setQueryData<ScorecardView>(scorecardKey(id), (view) => {
    if (!view) {
      return view;
    }
    const others = view.answers.filter((a) => a.leafCode !== answer.leafCode);
    return { ...view, answers: [...others, answer] };
  });
}

/** Campaign lists and the dashboard show counts that follow the scorecard. */
function invalidateAround(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: ['campaigns'] });
}

function useScorecardWrite<TVars>(id: string, fn: (vars: TVars) => Promise<ScorecardView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (view) => {
      queryClient.setQueryData(scorecardKey(id), view);
      return invalidateAround(queryClient);
    },
  });
}

export function useCarryForward(id: string) {
  return useScorecardWrite(id, () => api.post<ScorecardView>(`${one(id)}/carry-forward`));
}

export function fetchChecks(id: string): Promise<SubmissionCheck> {
  return api.get<SubmissionCheck>(`${one(id)}/checks`);
}

export function useSubmitScorecard(id: string) {
  return useScorecardWrite(id, (input: SubmitInput) => api.post<ScorecardView>(`${one(id)}/submit`, input));
}

export function useReturnScorecard(id: string) {
  return useScorecardWrite(id, (input: ReturnInput) => api.post<ScorecardView>(`${one(id)}/return`, input));
}

export function useExtendScorecard(id: string) {
  return useScorecardWrite(id, (input: ExtensionInput) =>
    api.post<ScorecardView>(`${one(id)}/extension`, input),
  );
}

function useEvidenceCache(id: string) {
  const queryClient = useQueryClient();
  return {
    add(ev: EvidenceView) {
      queryClient.setQueryData<ScorecardView>(scorecardKey(id), (view) =>
        view ? { ...view, evidence: [...view.evidence.filter((e) => e.id !== ev.id), ev] } : view,
      );
      void invalidateAround(queryClient);
    },
    remove(evidenceId: string) {
      queryClient.setQueryData<ScorecardView>(scorecardKey(id), (view) =>
        view ? { ...view, evidence: view.evidence.filter((e) => e.id !== evidenceId) } : view,
      );
      void invalidateAround(queryClient);
    },
  };
}

export interface EvidenceUpload {
  leafCode: string;
  title: string;
  /** Date of the document (YYYY-MM-DD), optional. */
  effectiveDate: string | null;
  file: File;
}

/** Multipart, fields before the file (the server reads them first): leafCode, title, effectiveDate, file. */
export function useUploadEvidence(id: string) {
  const cache = useEvidenceCache(id);
  return useMutation({
    mutationFn: ({ leafCode, title, effectiveDate, file }: EvidenceUpload) =>
      api.upload<EvidenceView>(`${one(id)}/evidence`, {
        leafCode,
        title,
        ...(effectiveDate ? { effectiveDate } : {}),
        file,
      }),
    onSuccess: (ev) => cache.add(ev),
  });
}

export function useAddReference(id: string) {
  const cache = useEvidenceCache(id);
  return useMutation({
    mutationFn: (input: DocumentReferenceInput) =>
      api.post<EvidenceView>(`${one(id)}/evidence/reference`, input),
    onSuccess: (ev) => cache.add(ev),
  });
}

export function useDeleteEvidence(id: string) {
  const cache = useEvidenceCache(id);
  return useMutation({
    mutationFn: (evidenceId: string) =>
      api
        .delete<{ ok: true }>(`${one(id)}/evidence/${encodeURIComponent(evidenceId)}`)
        .then(() => evidenceId),
    onSuccess: (evidenceId) => cache.remove(evidenceId),
  });
}
