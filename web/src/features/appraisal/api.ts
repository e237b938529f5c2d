import type {
  AppealInput,
  AppraisalOverview,
  AppraisalRow,
  AppraisalView,
  ExplanationRequestInput,
  LeafDecisionInput,
  SaveAppraisersInput,
  ScorecardTransitionInput,
} from '@cchc/domain/api/appraisal';
import type { ScorecardView } from '@cchc/domain/api/scorecards';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/**
 * Appraisal (thẩm định) by the working group, and the unit's side of it (explanations, appeals):
 * the HTTP contract is domain/src/api/appraisal.ts. Every write on a scorecard answers with the
 * whole AppraisalView, which replaces the cache entry; the campaign overview and campaign lists
 * are refetched because they show the same totals and counts.
 */
export const APPRAISAL_KEY = ['appraisal'] as const;
export const overviewKey = (campaignId: string) => [...APPRAISAL_KEY, 'campaign', campaignId] as const;
export const appraisalKey = (scorecardId: string) => [...APPRAISAL_KEY, 'scorecard', scorecardId] as const;
/** The self-assessment view (tree, answers, evidence) read beside the appraisal. */
export const selfViewKey = (scorecardId: string) => [...APPRAISAL_KEY, 'self', scorecardId] as const;

const enc = encodeURIComponent;
const scorecardPath = (id: string) => `/api/scorecards/${enc(id)}`;
const appraisalPath = (id: string) => `${scorecardPath(id)}/appraisal`;

/** Evidence of the unit's self-assessment (`inline` shows PDF and images in the browser). */
export function evidenceFileUrl(scorecardId: string, evidenceId: string, inline = false): string {
  return `${scorecardPath(scorecardId)}/evidence/${enc(evidenceId)}/file${inline ? '?inline=1' : ''}`;
}

/** A supplementary file of an explanation or an appeal. */
export function attachmentFileUrl(attachmentId: string, inline = false): string {
  return `/api/attachments/${enc(attachmentId)}/file${inline ? '?inline=1' : ''}`;
}

export function useAppraisalOverview(campaignId: string) {
  return useQuery({
    queryKey: overviewKey(campaignId),
    queryFn: () => api.get<AppraisalOverview>(`/api/campaigns/${enc(campaignId)}/appraisal`),
  });
}

/** The Office assigns working-group members to one unit's scorecard. */
export function useSaveAppraisers(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ scorecardId, userIds }: { scorecardId: string } & SaveAppraisersInput) =>
      api.put<AppraisalRow>(`${scorecardPath(scorecardId)}/appraisers`, { userIds }),
    onSuccess: (row) => {
      queryClient.setQueryData<AppraisalOverview>(overviewKey(campaignId), (o) =>
        o ? { ...o, rows: o.rows.map((r) => (r.scorecardId === row.scorecardId ? row : r)) } : o,
      );
      void queryClient.invalidateQueries({ queryKey: appraisalKey(row.scorecardId) });
    },
  });
}

export function useAppraisal(scorecardId: string) {
  return useQuery({
    queryKey: appraisalKey(scorecardId),
    queryFn: () => api.get<AppraisalView>(appraisalPath(scorecardId)),
  });
}

/** The unit's self-assessment (answers and evidence), for the side-by-side view. */
export function useSelfAssessment(scorecardId: string) {
  return useQuery({
    queryKey: selfViewKey(scorecardId),
    queryFn: () => api.get<ScorecardView>(scorecardPath(scorecardId)),
  });
}

function refreshAround(queryClient: QueryClient, view: AppraisalView) {
  queryClient.setQueryData(appraisalKey(view.scorecardId), view);
  void queryClient.invalidateQueries({ queryKey: overviewKey(view.campaign.id) });
  void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
}

function useAppraisalWrite<TVars>(fn: (vars: TVars) => Promise<AppraisalView>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (view) => refreshAround(queryClient, view) });
}

/** Reloads the view (after a 409: someone else changed it meanwhile). */
export function useReloadAppraisal(scorecardId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: appraisalKey(scorecardId) });
}

/** One leaf's decision; `expectedCurrentId` is the leaf's latest decision the user saw (409 EDIT_CONFLICT if stale). */
export function useDecideLeaf(scorecardId: string) {
  return useAppraisalWrite(({ leafCode, input }: { leafCode: string; input: LeafDecisionInput }) =>
    api.put<AppraisalView>(`${appraisalPath(scorecardId)}/leaves/${enc(leafCode)}`, input),
  );
}

export function useAcceptRemaining(scorecardId: string) {
  return useAppraisalWrite((rowVersion: number) =>
    api.post<AppraisalView>(`${appraisalPath(scorecardId)}/accept-remaining`, { rowVersion }),
  );
}

export function useRequestExplanation(scorecardId: string) {
  return useAppraisalWrite((input: ExplanationRequestInput) =>
    api.post<AppraisalView>(`${appraisalPath(scorecardId)}/explanation-requests`, input),
  );
}

export function useWithdrawExplanation(scorecardId: string) {
  return useAppraisalWrite((requestId: string) =>
    api.delete<AppraisalView>(`${appraisalPath(scorecardId)}/explanation-requests/${enc(requestId)}`),
  );
}

export function useScorecardTransition(scorecardId: string) {
  return useAppraisalWrite((input: ScorecardTransitionInput) =>
    api.post<AppraisalView>(`${appraisalPath(scorecardId)}/transitions`, input),
  );
}

/** The unit answers an explanation request. */
export function useRespondExplanation() {
  return useAppraisalWrite(({ requestId, response }: { requestId: string; response: string }) =>
    api.put<AppraisalView>(`/api/explanation-requests/${enc(requestId)}/response`, { response }),
  );
}

/** Supplementary evidence of an explanation (multipart field `file`). */
export function useUploadExplanationFile() {
  return useAppraisalWrite(({ requestId, file }: { requestId: string; file: File }) =>
    api.upload<AppraisalView>(`/api/explanation-requests/${enc(requestId)}/files`, { file }),
  );
}

export function useDeleteAttachment() {
  return useAppraisalWrite((attachmentId: string) =>
    api.delete<AppraisalView>(`/api/attachments/${enc(attachmentId)}`),
  );
}

/** The unit head files an appeal (kiến nghị) within the window set by the Office. */
export function useFileAppeal(scorecardId: string) {
  return useAppraisalWrite((input: AppealInput) =>
    api.post<AppraisalView>(`${scorecardPath(scorecardId)}/appeals`, input),
  );
}

export function useUploadAppealFile() {
  return useAppraisalWrite(({ appealId, file }: { appealId: string; file: File }) =>
    api.upload<AppraisalView>(`/api/appeals/${enc(appealId)}/files`, { file }),
  );
}
