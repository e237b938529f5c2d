import type { SessionInfo } from '@cchc/domain/api/auth';
import type {
  DocumentSettingsInput,
  DocumentSettingsView,
  ExportFormat,
  ExportKind,
  ExportList,
  ExportView,
  ReportDraftInput,
  ReportDraftView,
} from '@cchc/domain/api/reports';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';
import { hasPermission } from '../../lib/auth';
import { isActive } from './model';

/**
 * Calls of the reports and documents pages (domain/src/api/reports.ts): the document settings,
 * the consolidated report's editable text, and export jobs — created with a POST (202 for a new
 * job, 200 when an identical job on the same data is reused) and followed by polling the list.
 */
const enc = encodeURIComponent;
const campaignPath = (id: string) => `/api/campaigns/${enc(id)}`;
const scorecardPath = (id: string) => `/api/scorecards/${enc(id)}`;

export const DOCUMENT_SETTINGS_PATH = '/api/document-settings';
export const documentSettingsKey = ['document-settings'] as const;
export const reportDraftKey = (campaignId: string) => ['report-draft', campaignId] as const;

/** Whose exports a list holds: a campaign's (documents and workbooks) or one unit's scorecard. */
export type ExportOwner = { type: 'campaign'; id: string } | { type: 'scorecard'; id: string };

export const exportsKey = (owner: ExportOwner) => ['exports', owner.type, owner.id] as const;

function exportsPath(owner: ExportOwner): string {
  return `${owner.type === 'campaign' ? campaignPath(owner.id) : scorecardPath(owner.id)}/exports`;
}

export function reportsPageUrl(campaignId: string): string {
  return `/campaigns/${enc(campaignId)}/reports`;
}

export const DOCUMENT_SETTINGS_URL = '/settings/documents';

/**
 * Who opens "Báo cáo, văn bản" and "Thiết lập văn bản": the Office (and the administrator), the
 * council and leadership (docs/reports.md). The server decides what each may do (canEdit).
 */
export const REPORT_READERS = [
  'campaign.manage',
  'council.record',
  'council.decide',
  'campaign.approve',
] as const;

export function canReadReports(session: SessionInfo): boolean {
  return REPORT_READERS.some((action) => hasPermission(session, action));
}

/** How often the list is read again while a job is waiting or running. */
export const POLL_MS = 1000;

export function useDocumentSettings() {
  return useQuery({
    queryKey: documentSettingsKey,
    queryFn: () => api.get<DocumentSettingsView>(DOCUMENT_SETTINGS_PATH),
  });
}

export function useSaveDocumentSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DocumentSettingsInput) =>
      api.put<DocumentSettingsView>(DOCUMENT_SETTINGS_PATH, input),
    onSuccess: (view) => queryClient.setQueryData(documentSettingsKey, view),
  });
}

export function useReportDraft(campaignId: string) {
  return useQuery({
    queryKey: reportDraftKey(campaignId),
    queryFn: () => api.get<ReportDraftView>(`${campaignPath(campaignId)}/report-draft`),
    // The editor keeps its own copy; a refetch on focus would only matter after a conflict.
    refetchOnWindowFocus: false,
  });
}

export function useSaveReportDraft(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReportDraftInput) =>
      api.put<ReportDraftView>(`${campaignPath(campaignId)}/report-draft`, input),
    onSuccess: (view) => queryClient.setQueryData(reportDraftKey(campaignId), view),
  });
}

/** The owner's exports, newest first; read again every second while any is waiting or running. */
export function useExports(owner: ExportOwner) {
  return useQuery({
    queryKey: exportsKey(owner),
    queryFn: () => api.get<ExportList>(exportsPath(owner)),
    refetchInterval: (query) => (query.state.data?.items.some((e) => isActive(e.status)) ? POLL_MS : false),
    refetchIntervalInBackground: false,
  });
}

/** The answer of a create: the job, and whether it is an identical job reused (HTTP 200). */
export interface CreatedExport {
  job: ExportView;
  reused: boolean;
}

/** Puts a job at the top of the owner's cached list (or refreshes it in place). */
function putJob(queryClient: QueryClient, owner: ExportOwner, job: ExportView): void {
  queryClient.setQueryData<ExportList>(exportsKey(owner), (old) => {
    const items = old?.items ?? [];
    return items.some((e) => e.id === job.id)
      ? { items: items.map((e) => (e.id === job.id ? job : e)) }
      : { items: [job, ...items] };
  });
}

/**
 * Requests a document or workbook: of the campaign (`{kind, format}`) or the unit's
 * self-assessment report (`{format}` only, kind self-assessment-report).
 */
export function useCreateExport(owner: ExportOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: { kind: ExportKind; format: ExportFormat }) => {
      const body = owner.type === 'campaign' ? request : { format: request.format };
      const { status, data } = await api.postWithStatus<ExportView>(exportsPath(owner), body);
      return { job: data, reused: status === 200 } satisfies CreatedExport;
    },
    onSuccess: ({ job }) => {
      putJob(queryClient, owner, job);
      return queryClient.invalidateQueries({ queryKey: exportsKey(owner) });
    },
  });
}
