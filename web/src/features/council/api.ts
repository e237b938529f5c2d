import type {
  AmendmentInput,
  AppealDecisionInput,
  AppraisalView,
  CampaignAppeals,
  CouncilView,
  MeetingInput,
  SpecialCaseInput,
} from '@cchc/domain/api/appraisal';
import type { CampaignDetail, CampaignTransitionInput } from '@cchc/domain/api/campaigns';
import type { ResultsPage } from '@cchc/domain/api/results';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/**
 * The Appraisal Council (Hội đồng thẩm định), leadership approval and the changes after it
 * (domain/src/api/appraisal.ts). Council writes answer with the CouncilView, which replaces the
 * cache entry; writes on one unit answer with its AppraisalView, after which the council view,
 * the results and the appraisal pages (another feature, key ['appraisal', …]) are refetched.
 */
export const COUNCIL_KEY = ['council'] as const;
export const councilKey = (campaignId: string) => [...COUNCIL_KEY, 'campaign', campaignId] as const;
export const resultsKey = (campaignId: string) => [...COUNCIL_KEY, 'results', campaignId] as const;
export const appealsKey = (campaignId: string) => [...COUNCIL_KEY, 'appeals', campaignId] as const;
export const scorecardAppraisalKey = (scorecardId: string) =>
  [...COUNCIL_KEY, 'scorecard', scorecardId] as const;
/** The same entry (and shape, CampaignDetail) as the campaigns feature: a transition updates both. */
const campaignKey = (campaignId: string) => ['campaigns', campaignId] as const;

const enc = encodeURIComponent;
const campaignPath = (id: string) => `/api/campaigns/${enc(id)}`;
const scorecardPath = (id: string) => `/api/scorecards/${enc(id)}`;

/** The minutes draft (biên bản, DOCX), served as an attachment. */
export function minutesUrl(campaignId: string): string {
  return `${campaignPath(campaignId)}/council/minutes`;
}

export function useCouncil(campaignId: string, enabled = true) {
  return useQuery({
    queryKey: councilKey(campaignId),
    queryFn: () => api.get<CouncilView>(`${campaignPath(campaignId)}/council`),
    enabled,
  });
}

/**
 * The campaign's appeals alone (the results page after approval): the council view's list without
 * scoring every unit, which the council view does (tens of seconds at 10,000 units).
 */
export function useCampaignAppeals(campaignId: string, enabled = true) {
  return useQuery({
    queryKey: appealsKey(campaignId),
    queryFn: () => api.get<CampaignAppeals>(`${campaignPath(campaignId)}/appeals`),
    enabled,
  });
}

export function useResults(campaignId: string) {
  return useQuery({
    queryKey: resultsKey(campaignId),
    // The header of the results page (first page of the ranking; counts in `stats`).
    queryFn: () => api.get<ResultsPage>(`${campaignPath(campaignId)}/results`),
  });
}

/** The campaign itself: its phase, rowVersion (for transitions) and the transitions allowed now. */
export function useCampaignInfo(campaignId: string) {
  return useQuery({
    queryKey: campaignKey(campaignId),
    queryFn: () => api.get<CampaignDetail>(campaignPath(campaignId)),
  });
}

/** One unit's appraisal (its leaves for the forms); fetched when a form about that unit opens. */
export function useScorecardAppraisal(scorecardId: string | null) {
  return useQuery({
    queryKey: scorecardAppraisalKey(scorecardId ?? ''),
    queryFn: () => api.get<AppraisalView>(`${scorecardPath(scorecardId ?? '')}/appraisal`),
    enabled: scorecardId !== null,
    staleTime: 0,
  });
}

/** After a write on a unit: its view in the cache, and everything that shows its results refetched. */
function afterUnitWrite(queryClient: QueryClient, campaignId: string, view: AppraisalView) {
  queryClient.setQueryData(scorecardAppraisalKey(view.scorecardId), view);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: councilKey(campaignId) }),
    queryClient.invalidateQueries({ queryKey: resultsKey(campaignId) }),
    queryClient.invalidateQueries({ queryKey: appealsKey(campaignId) }),
    // The appraisal feature's pages (overview and the unit's leaf-by-leaf view).
    queryClient.invalidateQueries({ queryKey: ['appraisal'] }),
  ]);
}

function useUnitWrite<TVars>(campaignId: string, fn: (vars: TVars) => Promise<AppraisalView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (view) => afterUnitWrite(queryClient, campaignId, view),
  });
}

function useCouncilWrite<TVars>(campaignId: string, fn: (vars: TVars) => Promise<CouncilView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (view) => {
      queryClient.setQueryData(councilKey(campaignId), view);
      return queryClient.invalidateQueries({ queryKey: resultsKey(campaignId) });
    },
  });
}

/** Records a new meeting (no id) or corrects one. */
export function useSaveMeeting(campaignId: string) {
  return useCouncilWrite(campaignId, ({ id, input }: { id: string | null; input: MeetingInput }) =>
    id
      ? api.put<CouncilView>(`/api/council-meetings/${enc(id)}`, input)
      : api.post<CouncilView>(`${campaignPath(campaignId)}/council/meetings`, input),
  );
}

export function useSetAppealWindow(campaignId: string) {
  return useCouncilWrite(campaignId, (until: string | null) =>
    api.put<CouncilView>(`${campaignPath(campaignId)}/appeal-window`, { until }),
  );
}

export function useRecordSpecialCase(campaignId: string) {
  return useUnitWrite(
    campaignId,
    ({ scorecardId, input }: { scorecardId: string; input: SpecialCaseInput }) =>
      api.post<AppraisalView>(`${scorecardPath(scorecardId)}/special-cases`, input),
  );
}

export function useDecideAppeal(campaignId: string) {
  return useUnitWrite(campaignId, ({ appealId, input }: { appealId: string; input: AppealDecisionInput }) =>
    api.post<AppraisalView>(`/api/appeals/${enc(appealId)}/decision`, input),
  );
}

export function useCreateAmendment(campaignId: string) {
  return useUnitWrite(campaignId, ({ scorecardId, input }: { scorecardId: string; input: AmendmentInput }) =>
    api.post<AppraisalView>(`${scorecardPath(scorecardId)}/amendments`, input),
  );
}

/**
 * The council approves one unit's result, or reopens it. The concurrency token is the unit's
 * current AppraisalView.rowVersion, read fresh right before acting.
 */
export function useCouncilUnitTransition(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      scorecardId,
      action,
    }: {
      scorecardId: string;
      action: 'councilApprove' | 'councilReopen';
    }) => {
      const current = await queryClient.fetchQuery({
        queryKey: scorecardAppraisalKey(scorecardId),
        queryFn: () => api.get<AppraisalView>(`${scorecardPath(scorecardId)}/appraisal`),
        staleTime: 0,
      });
      return api.post<AppraisalView>(`${scorecardPath(scorecardId)}/appraisal/transitions`, {
        action,
        rowVersion: current.rowVersion,
      });
    },
    onSuccess: (view) => afterUnitWrite(queryClient, campaignId, view),
  });
}

/**
 * A campaign phase transition (convokeCouncil by the Office; approve / returnToAppraisal with a
 * reason by leadership), on the campaigns endpoint. Answers with the CampaignDetail.
 */
export function useCampaignPhaseTransition(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CampaignTransitionInput) =>
      api.post<CampaignDetail>(`${campaignPath(campaignId)}/transitions`, input),
    onSuccess: (detail) => {
      queryClient.setQueryData(campaignKey(campaignId), detail);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: COUNCIL_KEY }),
        queryClient.invalidateQueries({ queryKey: ['appraisal'] }),
        // The campaign list and dashboard show phases too (not this entry: it was just replaced).
        queryClient.invalidateQueries({
          queryKey: ['campaigns'],
          predicate: (q) => q.queryKey[1] !== campaignId || q.queryKey.length > 2,
        }),
      ]);
    },
  });
}
