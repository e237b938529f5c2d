import type { NotificationList } from '@cchc/domain/api/reminders';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

/** The signed-in user's in-app notifications (reminders, returns, decisions), newest first. */
export const NOTIFICATIONS_KEY = ['notifications'] as const;

export function useNotifications() {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: () => api.get<NotificationList>('/api/notifications', { limit: 20 }),
    // The bell is on every page: a light poll keeps its count honest without a push channel.
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    retry: false,
  });
}

function useNotificationWrite<TVars>(fn: (vars: TVars) => Promise<NotificationList>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkRead() {
  return useNotificationWrite((id: string) =>
    api.post<NotificationList>(`/api/notifications/${encodeURIComponent(id)}/read`),
  );
}

export function useMarkAllRead() {
  return useNotificationWrite(() => api.post<NotificationList>('/api/notifications/read-all'));
}
