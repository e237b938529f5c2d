import type { IndexSetSummary } from '@cchc/domain/api/index-sets';

/**
 * Where a published version stands among the versions of its code: the newest PUBLISHED one is
 * the version in force ("Hiện hành"), older published ones are superseded ("Cũ"). Drafts have no
 * standing. Computed from the list the user can see.
 */
export type VersionStanding = 'current' | 'superseded';

export function versionStandings(
  sets: readonly Pick<IndexSetSummary, 'id' | 'code' | 'version' | 'status'>[],
): Map<string, { standing: VersionStanding; currentVersion: number }> {
  const newest = new Map<string, number>();
  for (const set of sets) {
    if (set.status === 'PUBLISHED') {
      newest.set(set.code, Math.max(newest.get(set.code) ?? 0, set.version));
    }
  }
  const standings = new Map<string, { standing: VersionStanding; currentVersion: number }>();
  for (const set of sets) {
    const currentVersion = newest.get(set.code);
    if (set.status === 'PUBLISHED' && currentVersion !== undefined) {
      standings.set(set.id, {
        standing: set.version === currentVersion ? 'current' : 'superseded',
        currentVersion,
      });
    }
  }
  return standings;
}
