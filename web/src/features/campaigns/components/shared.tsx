import { daysUntil, isLocalDate } from '@cchc/domain/campaign/calendar';
import { CAMPAIGN_PHASE_LABELS, type CampaignPhase } from '@cchc/domain/workflow/campaign.machine';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback } from 'react';
import { StatusTag } from '../../../components/ui/status-tag';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDate } from '../../../lib/format';
import { type Lang, type TFunction, useLang, useT } from '../../../lib/i18n';
import { CAMPAIGNS_KEY } from '../api';

/** Phase of a campaign as a tag: set-up in grey, open work in amber, finished steps in green. */
export function PhaseTag({ phase }: { phase: CampaignPhase }) {
  const lang = useLang();
  const status =
    phase === 'SETUP' || phase === 'GUIDANCE_ISSUED'
      ? 'inactive'
      : phase === 'SELF_ASSESSMENT' || phase === 'APPRAISAL' || phase === 'COUNCIL'
        ? 'warning'
        : 'active';
  return (
    <span data-testid="campaign-phase" data-phase={phase}>
      <StatusTag status={status}>{CAMPAIGN_PHASE_LABELS[phase][lang]}</StatusTag>
    </span>
  );
}

const VND: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};

/** 15500000 → '15.500.000 đ' (vi) or '15,500,000 VND' (en). */
export function formatVnd(amount: number, lang: Lang): string {
  return lang === 'vi' ? `${VND.vi.format(amount)} đ` : `${VND.en.format(amount)} VND`;
}

/** Whole days from today to a local deadline (negative when past), on the Vietnamese calendar. */
export function daysLeft(localDate: string): number {
  return daysUntil(localDate, new Date());
}

/** 'còn 6 ngày' / 'hạn cuối hôm nay' / 'đã quá hạn 2 ngày'. */
export function countdownText(localDate: string, t: TFunction): string {
  if (!isLocalDate(localDate)) {
    return '';
  }
  const d = daysLeft(localDate);
  if (d > 0) {
    return t('campaigns.daysLeft', { count: d });
  }
  if (d === 0) {
    return t('campaigns.dueToday');
  }
  return t('campaigns.daysOverdue', { count: -d });
}

/** '16/12/2024 — còn 6 ngày', coloured when close or past. */
export function Deadline({ date, testId }: { date: string | null; testId?: string }) {
  const t = useT();
  const lang = useLang();
  if (!date) {
    return <span>{t('common.none')}</span>;
  }
  const d = daysLeft(date);
  const color = d < 0 ? '#c62828' : d <= 3 ? '#7a3e00' : undefined;
  return (
    <span data-testid={testId} style={{ whiteSpace: 'nowrap' }}>
      {formatDate(date, lang)} <span style={{ color, fontSize: 12 }}>({countdownText(date, t)})</span>
    </span>
  );
}

/**
 * What every campaign write does on failure: a 409 EDIT_CONFLICT (someone saved first) reloads the
 * campaign and says so — the user repeats the change on fresh data; anything else shows its message.
 */
export function useCampaignWriteError(campaignId: string) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const t = useT();
  const lang = useLang();
  return useCallback(
    (error: unknown) => {
      if (isApiError(error) && error.code === 'EDIT_CONFLICT') {
        void message.warning(t('campaigns.conflictReloaded'), 6);
        void queryClient.invalidateQueries({ queryKey: [...CAMPAIGNS_KEY, campaignId] });
        return;
      }
      void message.error(describeError(error, lang), 6);
    },
    [message, queryClient, t, lang, campaignId],
  );
}
