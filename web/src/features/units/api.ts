import type {
  CreateUnitGroupInput,
  CreateUnitInput,
  UnitGroupView,
  UnitView,
  UpdateUnitGroupInput,
  UpdateUnitInput,
} from '@cchc/domain/api/organisation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client';
import { UNIT_GROUPS_KEY, UNITS_KEY } from '../../lib/organisation';

/** Writes on units and unit groups; every success refreshes both lists (group unit counts change too). */
function useOrganisationMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: UNITS_KEY }),
        queryClient.invalidateQueries({ queryKey: UNIT_GROUPS_KEY }),
      ]),
  });
}

export function useCreateUnit() {
  return useOrganisationMutation((input: CreateUnitInput) => api.post<UnitView>('/api/units', input));
}

export function useUpdateUnit() {
  return useOrganisationMutation(({ id, patch }: { id: string; patch: UpdateUnitInput }) =>
    api.patch<UnitView>(`/api/units/${encodeURIComponent(id)}`, patch),
  );
}

export function useSetUnitActive() {
  return useOrganisationMutation(({ id, active }: { id: string; active: boolean }) =>
    api.post<UnitView>(`/api/units/${encodeURIComponent(id)}/${active ? 'activate' : 'deactivate'}`),
  );
}

export function useCreateUnitGroup() {
  return useOrganisationMutation((input: CreateUnitGroupInput) =>
    api.post<UnitGroupView>('/api/unit-groups', input),
  );
}

export function useUpdateUnitGroup() {
  return useOrganisationMutation(({ id, patch }: { id: string; patch: UpdateUnitGroupInput }) =>
    api.patch<UnitGroupView>(`/api/unit-groups/${encodeURIComponent(id)}`, patch),
  );
}
