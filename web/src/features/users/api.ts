import type { Role } from '@cchc/domain/access/roles';
import type { CreateUserInput, UpdateUserInput, UserView } from '@cchc/domain/api/users';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';

export const USERS_KEY = ['users'] as const;

export interface UsersFilter {
  q?: string;
  role?: Role;
  unitId?: string;
  includeInactive?: boolean;
}

export function useUsers(filter: UsersFilter) {
  const params = {
    q: filter.q?.trim() || undefined,
    role: filter.role,
    unitId: filter.unitId,
    includeInactive: filter.includeInactive ? 'true' : undefined,
  };
  return useQuery({
    queryKey: [...USERS_KEY, params],
    queryFn: () => api.get<UserView[]>('/api/users', params),
    placeholderData: keepPreviousData,
  });
}

function useUsersMutation<TVars>(fn: (vars: TVars) => Promise<UserView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export function useCreateUser() {
  return useUsersMutation((input: CreateUserInput) => api.post<UserView>('/api/users', input));
}

export function useUpdateUser() {
  return useUsersMutation(({ id, patch }: { id: string; patch: UpdateUserInput }) =>
    api.patch<UserView>(userPath(id), patch),
  );
}

export function useSetUserActive() {
  return useUsersMutation(({ id, active }: { id: string; active: boolean }) =>
    api.post<UserView>(`${userPath(id)}/${active ? 'activate' : 'deactivate'}`),
  );
}

export function useResetPassword() {
  return useUsersMutation(({ id, newPassword }: { id: string; newPassword: string }) =>
    api.post<UserView>(`${userPath(id)}/reset-password`, { newPassword }),
  );
}
