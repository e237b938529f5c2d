/**
 * The index-set interchange format, version 1 (docs/index-set-format.md — the project's copy of
 * the agreed format). These types describe a VALID document as it is imported, stored and
 * exported: points are JSON numbers with at most two decimals, exactly as in the file.
 * The scoring engine converts them to integer hundredths before any arithmetic.
 */

/** Every scoring method of the format, in the order of its table. */
export const METHOD_TYPES = [
  'BOOLEAN',
  'LEVEL_SELECT',
  'DEADLINE',
  'TIERED_PERCENT',
  'PROPORTIONAL',
  'TARGET_ACTUAL',
  'COUNT_CAPPED',
  'COUNT_COMPLIANCE',
  'DEDUCTION',
  'MANUAL',
  'SURVEY',
] as const;
export type MethodType = (typeof METHOD_TYPES)[number];

export type Method =
  | { type: 'BOOLEAN'; noPoints?: number }
  | { type: 'LEVEL_SELECT'; levels: { label: string; points: number }[] }
  | { type: 'DEADLINE'; onTimePoints: number; latePoints: number; notDonePoints: number }
  | { type: 'TIERED_PERCENT'; tiers: { minPercent: number; points: number }[] }
  | { type: 'PROPORTIONAL'; floorPercent?: number }
  | { type: 'TARGET_ACTUAL' }
  | { type: 'COUNT_CAPPED'; pointsPerItem: number }
  | { type: 'COUNT_COMPLIANCE'; required: number; latePointsPerItem?: number }
  | { type: 'DEDUCTION'; categories: { label: string; points: number }[] }
  | { type: 'MANUAL' }
  | { type: 'SURVEY'; optionWeights: Record<string, number> };

export interface Leaf {
  code: string;
  name: string;
  maxPoints: number;
  method: Method;
  guidance?: string;
  evidence?: string;
  /** Default true. */
  evidenceRequired?: boolean;
  /** Unit-group codes; absent = all groups. */
  applicableTo?: string[];
}

export interface Node {
  code: string;
  name: string;
  /** Optional cap on the sum of the children's points. */
  maxPoints?: number;
  applicableTo?: string[];
  children: (Node | Leaf)[];
}

export interface AdjustmentGroup {
  maxPoints: number;
  items: Leaf[];
}

export interface ClassificationBand {
  label: string;
  minPercent: number;
  minEachFieldPercent?: number;
}

export interface IndexSetDocument {
  formatVersion: 1;
  code: string;
  name: string;
  year: number;
  legalBasis?: { number?: string; date?: string; title?: string };
  unitGroups: { code: string; name: string }[];
  /** Top-level nodes are the fields (lĩnh vực). */
  nodes: Node[];
  adjustments?: { bonus?: AdjustmentGroup; penalty?: AdjustmentGroup };
  classification: ClassificationBand[];
  ranking: { ties: 'dense' | 'competition'; scope: 'all' | 'unitGroup' };
}

export function isLeaf(item: Node | Leaf): item is Leaf {
  return 'method' in item;
}

/** A problem found in a document, located by JSON path (`nodes[0].children[1].maxPoints`) or
 * by sheet/row/column for Excel (`Cây chỉ số!F12`). Message in Vietnamese. */
export interface LocatedError {
  path: string;
  message: string;
}
