import type { Leaf } from '@cchc/domain/index-set/format';

/** A valid answer for `leaf` that earns points where the method allows (test and demo data). */
export function goodAnswer(leaf: Leaf): unknown {
  const m = leaf.method;
  switch (m.type) {
    case 'BOOLEAN':
      return { value: true };
    case 'LEVEL_SELECT':
      return { level: [...m.levels].sort((a, b) => b.points - a.points)[0]!.label };
    case 'DEADLINE':
      return { status: 'onTime' };
    case 'TIERED_PERCENT':
    case 'PROPORTIONAL':
      return { percent: 100 };
    case 'TARGET_ACTUAL':
      return { target: 10, actual: 10 };
    case 'COUNT_CAPPED':
      // Enough items to reach the cap.
      return { count: Math.ceil(leaf.maxPoints / m.pointsPerItem) };
    case 'COUNT_COMPLIANCE':
      return { onTime: m.required, late: 0 };
    case 'DEDUCTION':
      return { counts: {} };
    case 'MANUAL':
      return { points: leaf.maxPoints, comment: 'Tự chấm theo hướng dẫn.' };
    case 'SURVEY':
      return { counts: { [Object.keys(m.optionWeights)[0]!]: 10 } };
  }
}
