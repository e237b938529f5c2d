import { averageOf } from '../results/results';

/**
 * The numbers of the consolidated report (issue 7 §2): per-field analysis, the criteria most
 * often lost, and self-assessment against appraisal. Pure: the server passes the ranked units.
 * Points and percents are integer hundredths, as everywhere.
 */

export interface AnalysisUnit {
  code: string;
  name: string;
  selfPoints: number;
  finalPoints: number;
  /** Final fields: index percent of each field (null where it does not apply). */
  fields: readonly { code: string; percent: number | null }[];
  /** Final criteria (depth 1) that apply to the unit, with points and maximum. */
  criteria: readonly { code: string; name: string; maxPoints: number; points: number }[];
}

export interface FieldAnalysis {
  code: string;
  name: string;
  /** Average field index over the units where it applies. */
  average: number | null;
  /** Units with the highest (lowest) index — all of them when tied. */
  highest: { percent: number; units: string[] } | null;
  lowest: { percent: number; units: string[] } | null;
}

/** For each field: the average, and the units at the top and the bottom (ties listed together). */
export function fieldAnalysis(
  fields: readonly { code: string; name: string }[],
  units: readonly AnalysisUnit[],
): FieldAnalysis[] {
  return fields.map((f) => {
    const values: { percent: number; name: string }[] = [];
    for (const u of units) {
      const p = u.fields.find((x) => x.code === f.code)?.percent;
      if (p !== undefined && p !== null) {
        values.push({ percent: p, name: u.name });
      }
    }
    if (values.length === 0) {
      return { code: f.code, name: f.name, average: null, highest: null, lowest: null };
    }
    const max = Math.max(...values.map((v) => v.percent));
    const min = Math.min(...values.map((v) => v.percent));
    const at = (p: number) => values.filter((v) => v.percent === p).map((v) => v.name);
    return {
      code: f.code,
      name: f.name,
      average: averageOf(values.map((v) => v.percent)),
      highest: { percent: max, units: at(max) },
      lowest: { percent: min, units: at(min) },
    };
  });
}

export interface LostCriterion {
  code: string;
  name: string;
  maxPoints: number;
  /** Units scoring below the criterion's maximum. */
  unitsLosing: number;
  /** Units the criterion applies to. */
  unitsApplicable: number;
  /** Σ (max − points) over the units. */
  pointsLost: number;
}

/**
 * Criteria ordered by how many units lost points on them, then by the points lost, then by code;
 * criteria nobody lost points on are left out.
 */
export function criteriaMostLost(units: readonly AnalysisUnit[], limit = 10): LostCriterion[] {
  const by = new Map<string, LostCriterion>();
  for (const u of units) {
    for (const c of u.criteria) {
      let e = by.get(c.code);
      if (!e) {
        e = {
          code: c.code,
          name: c.name,
          maxPoints: c.maxPoints,
          unitsLosing: 0,
          unitsApplicable: 0,
          pointsLost: 0,
        };
        by.set(c.code, e);
      }
      e.unitsApplicable++;
      const lost = c.maxPoints - c.points;
      if (lost > 0) {
        e.unitsLosing++;
        e.pointsLost += lost;
      }
    }
  }
  return [...by.values()]
    .filter((e) => e.unitsLosing > 0)
    .sort(
      (a, b) => b.unitsLosing - a.unitsLosing || b.pointsLost - a.pointsLost || a.code.localeCompare(b.code),
    )
    .slice(0, limit);
}

export interface SelfVsAppraised {
  units: number;
  /** Units whose final points differ from their self-score. */
  adjusted: number;
  /** Of those, units scored lower (higher) than they scored themselves. */
  lowered: number;
  raised: number;
  /** Average of self − final over all units (hundredths, may be negative). */
  averageDifference: number | null;
  /** The largest differences by absolute value, then unit code. */
  largest: { code: string; name: string; selfPoints: number; finalPoints: number; difference: number }[];
}

export function selfVsAppraised(units: readonly AnalysisUnit[], limit = 10): SelfVsAppraised {
  const diffs = units.map((u) => ({
    code: u.code,
    name: u.name,
    selfPoints: u.selfPoints,
    finalPoints: u.finalPoints,
    difference: u.selfPoints - u.finalPoints,
  }));
  return {
    units: units.length,
    adjusted: diffs.filter((d) => d.difference !== 0).length,
    lowered: diffs.filter((d) => d.difference > 0).length,
    raised: diffs.filter((d) => d.difference < 0).length,
    averageDifference: averageOf(diffs.map((d) => d.difference)),
    largest: diffs
      .filter((d) => d.difference !== 0)
      .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.code.localeCompare(b.code))
      .slice(0, limit),
  };
}
