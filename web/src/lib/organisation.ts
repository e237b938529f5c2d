import type { UnitGroupView, UnitView } from '@cchc/domain/api/organisation';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './api-client';

/**
 * Read queries on the organisation, shared by the units feature (which owns the writes) and the
 * users feature (unit pickers). Mutations invalidate by these keys.
 */
export const UNITS_KEY = ['units'] as const;
export const UNIT_GROUPS_KEY = ['unit-groups'] as const;

export interface UnitsFilter {
  q?: string;
  includeInactive?: boolean;
}

export function useUnits(filter: UnitsFilter = {}, options: { enabled?: boolean } = {}) {
  const q = filter.q?.trim() || undefined;
  const includeInactive = filter.includeInactive ?? false;
  return useQuery({
    queryKey: [...UNITS_KEY, { q, includeInactive }],
    queryFn: () =>
      api.get<UnitView[]>('/api/units', { q, includeInactive: includeInactive ? 'true' : undefined }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useUnitGroups(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: UNIT_GROUPS_KEY,
    queryFn: () => api.get<UnitGroupView[]>('/api/unit-groups'),
    enabled: options.enabled ?? true,
  });
}
