import type { Action } from '@cchc/domain/access/policy';
import { UNIT_SCOPED_ROLES } from '@cchc/domain/access/roles';
import type { ChangePasswordInput, LoginInput, SessionInfo } from '@cchc/domain/api/auth';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from './api-client';

/**
 * The signed-in session, as the server describes it. `null` means "not signed in".
 * Shared by layouts, guards and features; the forms live in features/auth.
 */
export const SESSION_KEY = ['auth', 'session'] as const;

async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const info = await api.get<SessionInfo>('/api/auth/me');
    setCsrfToken(info.csrfToken);
    return info;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: 5 * 60_000,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

/** The session of a page rendered under the authentication guard. */
export function useRequiredSession(): SessionInfo {
  const { data } = useSession();
  if (!data) {
    throw new Error('useRequiredSession() outside the authentication guard');
  }
  return data;
}

/** Forgets everything cached for the previous user and stores the new session (or none). */
export function replaceSession(queryClient: QueryClient, info: SessionInfo | null): void {
  setCsrfToken(info?.csrfToken ?? null);
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  queryClient.setQueryData(SESSION_KEY, info);
}

let sessionExpired = false;

/** Remembers that the session was lost (a 401 mid-use) so that /login can say why. */
export function markSessionExpired(): void {
  sessionExpired = true;
}

export function wasSessionExpired(): boolean {
  return sessionExpired;
}

export function clearSessionExpired(): void {
  sessionExpired = false;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<SessionInfo>('/api/auth/login', input),
    onSuccess: (info) => replaceSession(queryClient, info),
  });
}

/**
 * Signs in again on the page after the session was lost (see lib/session-recovery): the cached
 * data stays — the page and its unsaved work live on. If someone else signs in, everything cached
 * for the previous user is dropped as on a normal sign-in.
 */
export function useRelogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<SessionInfo>('/api/auth/login', input),
    onSuccess: (info) => {
      const previous = queryClient.getQueryData<SessionInfo | null>(SESSION_KEY);
      if (previous && previous.user.id !== info.user.id) {
        replaceSession(queryClient, info);
        return;
      }
      setCsrfToken(info.csrfToken);
      queryClient.setQueryData(SESSION_KEY, info);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout'),
    // Signed out locally even if the server could not be reached.
    onSettled: () => replaceSession(queryClient, null),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => api.post<{ ok: true }>('/api/auth/password', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}

export function hasPermission(session: SessionInfo, action: Action): boolean {
  return session.permissions.includes(action);
}

/** True when every role of the user is tied to one unit (focal officer, unit head). */
export function isUnitScopedOnly(session: SessionInfo): boolean {
  const roles = session.user.roles;
  return roles.length > 0 && roles.every((grant) => UNIT_SCOPED_ROLES.has(grant.role));
}
