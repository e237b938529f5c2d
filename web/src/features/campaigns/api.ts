import type {
  BudgetDecisionInput,
  CampaignDetail,
  CampaignSummary,
  CampaignTransitionInput,
  CreateCampaignInput,
  SaveBudgetInput,
  SaveMilestonesInput,
  SaveParticipantsInput,
  UpdateCampaignInput,
} from '@cchc/domain/api/campaigns';
import type { IndexSetSummary } from '@cchc/domain/api/index-sets';
import type {
  DeliveryPage,
  DeliveryQuery,
  ManualReminderInput,
  ManualReminderResult,
  ReminderRulesView,
  SaveReminderRulesInput,
} from '@cchc/domain/api/reminders';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/**
 * Campaigns (Kỳ đánh giá): the list, one campaign, and its writes. Every write answers with the
 * whole CampaignDetail (new rowVersion included), which replaces the cache entry; the list is
 * refetched because phases and counts show there too.
 */
export const CAMPAIGNS_KEY = ['campaigns'] as const;

const base = '/api/campaigns';
export const campaignPath = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** Download link of a guidance file (`inline` shows PDF and images in the browser). */
export function campaignFileUrl(campaignId: string, fileId: string, inline = false): string {
  return `${campaignPath(campaignId)}/files/${encodeURIComponent(fileId)}${inline ? '?inline=1' : ''}`;
}

export function useCampaigns() {
  return useQuery({ queryKey: CAMPAIGNS_KEY, queryFn: () => api.get<CampaignSummary[]>(base) });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: [...CAMPAIGNS_KEY, id],
    queryFn: () => api.get<CampaignDetail>(campaignPath(id)),
  });
}

/** Published index-set versions: a campaign is always run on a frozen version. */
export function usePublishedIndexSets(enabled: boolean) {
  return useQuery({
    // Its own key: the index-sets feature owns ['index-sets'] and may shape it differently.
    queryKey: [...CAMPAIGNS_KEY, 'index-set-options'],
    queryFn: () => api.get<IndexSetSummary[]>('/api/index-sets'),
    enabled,
    select: (sets) => sets.filter((s) => s.status === 'PUBLISHED'),
  });
}

function useCampaignWrite<TVars>(fn: (vars: TVars) => Promise<CampaignDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      queryClient.setQueryData([...CAMPAIGNS_KEY, detail.id], detail);
      return queryClient.invalidateQueries({
        queryKey: CAMPAIGNS_KEY,
        predicate: (q) => q.queryKey.length === 1 || (q.queryKey[1] === detail.id && q.queryKey.length > 2),
      });
    },
  });
}

export function useCreateCampaign() {
  return useCampaignWrite((input: CreateCampaignInput) => api.post<CampaignDetail>(base, input));
}

export function useUpdateCampaign(id: string) {
  return useCampaignWrite((input: UpdateCampaignInput) => api.patch<CampaignDetail>(campaignPath(id), input));
}

export function useSaveMilestones(id: string) {
  return useCampaignWrite((input: SaveMilestonesInput) =>
    api.put<CampaignDetail>(`${campaignPath(id)}/milestones`, input),
  );
}

export function useSaveBudget(id: string) {
  return useCampaignWrite((input: SaveBudgetInput) =>
    api.put<CampaignDetail>(`${campaignPath(id)}/budget`, input),
  );
}

export function useDecideBudget(id: string) {
  return useCampaignWrite((input: BudgetDecisionInput) =>
    api.post<CampaignDetail>(`${campaignPath(id)}/budget/decision`, input),
  );
}

export function useSaveParticipants(id: string) {
  return useCampaignWrite((input: SaveParticipantsInput) =>
    api.put<CampaignDetail>(`${campaignPath(id)}/units`, input),
  );
}

export function useCampaignTransition(id: string) {
  return useCampaignWrite((input: CampaignTransitionInput) =>
    api.post<CampaignDetail>(`${campaignPath(id)}/transitions`, input),
  );
}

/** Multipart: `title` first, then `file` (the server reads the fields before the file part). */
export function useUploadCampaignFile(id: string) {
  return useCampaignWrite(({ title, file }: { title: string; file: File }) =>
    api.upload<CampaignDetail>(`${campaignPath(id)}/files`, { title, file }),
  );
}

export function useDeleteCampaignFile(id: string) {
  return useCampaignWrite((fileId: string) =>
    api.delete<CampaignDetail>(`${campaignPath(id)}/files/${encodeURIComponent(fileId)}`),
  );
}

// Reminders (đôn đốc): the rule ladder, the delivery log and the manual "send now".

const remindersKey = (id: string) => [...CAMPAIGNS_KEY, id, 'reminders'] as const;

export function useReminderRules(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...remindersKey(id), 'rules'],
    queryFn: () => api.get<ReminderRulesView>(`${campaignPath(id)}/reminder-rules`),
    enabled,
  });
}

export function useSaveReminderRules(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveReminderRulesInput) =>
      api.put<ReminderRulesView>(`${campaignPath(id)}/reminder-rules`, input),
    onSuccess: (view) => queryClient.setQueryData([...remindersKey(id), 'rules'], view),
  });
}

export function useReminderDeliveries(
  id: string,
  query: Partial<Pick<DeliveryQuery, 'status' | 'unitId'>> & { page: number; pageSize: number },
  enabled: boolean,
) {
  return useQuery({
    queryKey: [...remindersKey(id), 'deliveries', query],
    queryFn: () =>
      api.get<DeliveryPage>(`${campaignPath(id)}/reminder-deliveries`, {
        status: query.status,
        unitId: query.unitId,
        page: query.page,
        pageSize: query.pageSize,
      }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useSendReminder(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ManualReminderInput) =>
      api.post<ManualReminderResult>(`${campaignPath(id)}/reminders`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...remindersKey(id), 'deliveries'] }),
  });
}
