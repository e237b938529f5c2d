import type {
  AdjustmentGroup,
  IndexSetDocument,
  Leaf,
  LocatedError,
  Node,
} from '@cchc/domain/index-set/format';
import { isLeaf } from '@cchc/domain/index-set/format';
import { hasAtMostTwoDecimals, toHundredths } from '@cchc/domain/scoring/decimal';
import { itemMaximum } from '@cchc/domain/scoring/engine';

/**
 * Pure, immutable edits on an index-set document held by the editor. A tree item is addressed by
 * its index path in `nodes` ([2, 0] = nodes[2].children[0]); bonus and penalty items by their
 * index in `adjustments.<kind>.items`. The document may be temporarily invalid while it is being
 * edited (an empty number, a duplicate code): the server validates it on save.
 */

export type TreeItem = Node | Leaf;
export type AdjustmentKind = 'bonus' | 'penalty';

/** What the editor has selected. */
export type Selection =
  | { area: 'tree'; path: number[] }
  | { area: 'adjustment'; kind: AdjustmentKind; index: number }
  | { area: 'general' };

/** Stable string key of a tree path, used as antd Tree key: [2, 0] → 'n:2.0'. */
export function pathKey(path: readonly number[]): string {
  return `n:${path.join('.')}`;
}

export function keyPath(key: string): number[] | null {
  if (!key.startsWith('n:')) {
    return null;
  }
  const parts = key.slice(2).split('.').map(Number);
  return parts.every((n) => Number.isInteger(n) && n >= 0) ? parts : null;
}

export function getAt(doc: IndexSetDocument, path: readonly number[]): TreeItem | undefined {
  let items: TreeItem[] = doc.nodes;
  let found: TreeItem | undefined;
  for (const index of path) {
    found = items[index];
    if (!found) {
      return undefined;
    }
    items = isLeaf(found) ? [] : found.children;
  }
  return found;
}

/** The children list that holds `path`'s item (the top-level nodes for a field). */
function siblingsOf(doc: IndexSetDocument, path: readonly number[]): TreeItem[] | undefined {
  if (path.length === 1) {
    return doc.nodes;
  }
  const parent = getAt(doc, path.slice(0, -1));
  return parent && !isLeaf(parent) ? parent.children : undefined;
}

/** Replaces the children list of `parentPath` ([] = the top-level nodes). */
function withChildren(
  doc: IndexSetDocument,
  parentPath: readonly number[],
  fn: (children: TreeItem[]) => TreeItem[],
): IndexSetDocument {
  const rec = (items: TreeItem[], depth: number): TreeItem[] => {
    if (depth === parentPath.length) {
      return fn(items);
    }
    const index = parentPath[depth]!;
    return items.map((item, i) =>
      i === index && !isLeaf(item) ? { ...item, children: rec(item.children, depth + 1) } : item,
    );
  };
  // Only nodes can be at the top level.
  return { ...doc, nodes: rec(doc.nodes, 0) as Node[] };
}

export function replaceAt(doc: IndexSetDocument, path: readonly number[], item: TreeItem): IndexSetDocument {
  const index = path[path.length - 1]!;
  return withChildren(doc, path.slice(0, -1), (items) => items.map((it, i) => (i === index ? item : it)));
}

export function removeAt(doc: IndexSetDocument, path: readonly number[]): IndexSetDocument {
  const index = path[path.length - 1]!;
  return withChildren(doc, path.slice(0, -1), (items) => items.filter((_, i) => i !== index));
}

/** Appends `item` under `parentPath` ([] = a new field); returns the document and the new path. */
export function appendChild(
  doc: IndexSetDocument,
  parentPath: readonly number[],
  item: TreeItem,
): { doc: IndexSetDocument; path: number[] } {
  let length = 0;
  const next = withChildren(doc, parentPath, (items) => {
    length = items.length;
    return [...items, item];
  });
  return { doc: next, path: [...parentPath, length] };
}

/** Moves an item among its siblings by `delta` (−1 up, +1 down); returns the new path. */
export function moveSibling(
  doc: IndexSetDocument,
  path: readonly number[],
  delta: number,
): { doc: IndexSetDocument; path: number[] } {
  const siblings = siblingsOf(doc, path) ?? [];
  const index = path[path.length - 1]!;
  const target = index + delta;
  if (target < 0 || target >= siblings.length) {
    return { doc, path: [...path] };
  }
  const next = withChildren(doc, path.slice(0, -1), (items) => {
    const copy = [...items];
    const [moved] = copy.splice(index, 1);
    copy.splice(target, 0, moved!);
    return copy;
  });
  return { doc: next, path: [...path.slice(0, -1), target] };
}

function isPrefix(prefix: readonly number[], path: readonly number[]): boolean {
  return prefix.length <= path.length && prefix.every((n, i) => path[i] === n);
}

/**
 * Moves an item to position `toIndex` among the children of `toParent` (drag and drop). Leaves
 * may not become fields, and an item may not go inside itself; both return null.
 */
export function moveTo(
  doc: IndexSetDocument,
  from: readonly number[],
  toParent: readonly number[],
  toIndex: number,
): { doc: IndexSetDocument; path: number[] } | null {
  const item = getAt(doc, from);
  if (!item || isPrefix(from, toParent)) {
    return null;
  }
  if (toParent.length === 0 && isLeaf(item)) {
    return null;
  }
  const parent = toParent.length === 0 ? null : getAt(doc, toParent);
  if (parent && isLeaf(parent)) {
    return null;
  }
  // Removing `from` shifts later siblings (and the target parent, if it sits after `from`) up by one.
  const fromParent = from.slice(0, -1);
  const fromIndex = from[from.length - 1]!;
  const adjustedParent = [...toParent];
  if (adjustedParent.length > fromParent.length && isPrefix(fromParent, adjustedParent)) {
    const level = fromParent.length;
    if (adjustedParent[level]! > fromIndex) {
      adjustedParent[level] = adjustedParent[level]! - 1;
    }
  }
  let index = toIndex;
  if (fromParent.length === toParent.length && isPrefix(fromParent, toParent) && toIndex > fromIndex) {
    index -= 1;
  }
  const removed = removeAt(doc, from);
  let at = 0;
  const next = withChildren(removed, adjustedParent, (items) => {
    at = Math.max(0, Math.min(index, items.length));
    const copy = [...items];
    copy.splice(at, 0, item);
    return copy;
  });
  return { doc: next, path: [...adjustedParent, at] };
}

export function adjustmentGroup(doc: IndexSetDocument, kind: AdjustmentKind): AdjustmentGroup | undefined {
  return doc.adjustments?.[kind];
}

export function withAdjustment(
  doc: IndexSetDocument,
  kind: AdjustmentKind,
  group: AdjustmentGroup | undefined,
): IndexSetDocument {
  const adjustments = { ...doc.adjustments };
  if (group) {
    adjustments[kind] = group;
  } else {
    delete adjustments[kind];
  }
  const next: IndexSetDocument = { ...doc, adjustments };
  if (!adjustments.bonus && !adjustments.penalty) {
    delete next.adjustments;
  }
  return next;
}

/** Every code used in the set (tree and bonus/penalty items). */
export function allCodes(doc: IndexSetDocument): Set<string> {
  const codes = new Set<string>();
  const walk = (items: TreeItem[]) => {
    for (const item of items) {
      codes.add(item.code);
      if (!isLeaf(item)) {
        walk(item.children);
      }
    }
  };
  walk(doc.nodes);
  for (const kind of ['bonus', 'penalty'] as const) {
    for (const item of doc.adjustments?.[kind]?.items ?? []) {
      codes.add(item.code);
    }
  }
  return codes;
}

/** `base` if free, else `base-2`, `base-3`, … */
export function freeCode(doc: IndexSetDocument, base: string): string {
  const codes = allCodes(doc);
  if (!codes.has(base)) {
    return base;
  }
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!codes.has(candidate)) {
      return candidate;
    }
  }
}

/** The code a new child of `parentPath` would get: '3' for a field, '1.2.4' under node 1.2. */
export function suggestChildCode(doc: IndexSetDocument, parentPath: readonly number[]): string {
  if (parentPath.length === 0) {
    return freeCode(doc, String(doc.nodes.length + 1));
  }
  const parent = getAt(doc, parentPath);
  if (!parent || isLeaf(parent)) {
    return freeCode(doc, 'MOI');
  }
  return freeCode(doc, `${parent.code}.${parent.children.length + 1}`);
}

export function countLeaves(items: readonly TreeItem[]): number {
  return items.reduce((sum, item) => sum + (isLeaf(item) ? 1 : countLeaves(item.children)), 0);
}

/**
 * Points → integer hundredths (the domain's exact conversion) for display; null while the value
 * being edited is not valid points yet (emptied, three decimals…).
 */
export function pointsOrNull(points: unknown): number | null {
  return hasAtMostTwoDecimals(points) ? toHundredths(points) : null;
}

/**
 * The domain's maximum of an item over every group, node caps applied (hundredths); null while a
 * value below it is not valid points yet — the editor shows "—" rather than a wrong sum.
 */
export function maximumOrNull(item: TreeItem): number | null {
  try {
    return itemMaximum(item);
  } catch {
    return null;
  }
}

/** Tiers of a TIERED_PERCENT method, highest threshold first (empty thresholds last). */
export function sortTiers<T extends { minPercent?: number | null }>(tiers: readonly T[]): T[] {
  const rank = (tier: T | undefined) =>
    typeof tier?.minPercent === 'number' ? tier.minPercent : Number.NEGATIVE_INFINITY;
  return [...tiers].sort((a, b) => rank(b) - rank(a));
}

/** The same document with the tiers of every TIERED_PERCENT leaf sorted (see {@link sortTiers}). */
export function withSortedTiers(doc: IndexSetDocument): IndexSetDocument {
  const leaf = (item: Leaf): Leaf =>
    item.method.type === 'TIERED_PERCENT'
      ? { ...item, method: { ...item.method, tiers: sortTiers(item.method.tiers) } }
      : item;
  const walk = (item: TreeItem): TreeItem =>
    isLeaf(item) ? leaf(item) : { ...item, children: item.children.map(walk) };
  const next: IndexSetDocument = { ...doc, nodes: doc.nodes.map((node) => walk(node) as Node) };
  for (const kind of ['bonus', 'penalty'] as const) {
    const group = doc.adjustments?.[kind];
    if (group) {
      next.adjustments = { ...next.adjustments, [kind]: { ...group, items: group.items.map(leaf) } };
    }
  }
  return next;
}

/**
 * The threshold and points of a new tier: the middle of the widest gap between the existing
 * thresholds (0 % and 100 % included as bounds), with points halfway between its neighbours —
 * never a copy of an existing tier. `max` is the leaf's maximum (points of a tier at 100 %).
 */
export function newTier(
  tiers: readonly { minPercent?: number | null; points?: number | null }[],
  max: number | null | undefined,
): { minPercent: number; points: number } {
  const top = typeof max === 'number' && max >= 0 ? max : 0;
  const known = tiers.filter(
    (tier): tier is { minPercent: number; points?: number | null } =>
      typeof tier.minPercent === 'number' && tier.minPercent >= 0 && tier.minPercent <= 100,
  );
  if (known.length === 0) {
    return { minPercent: 100, points: top };
  }
  const pointsAt = (tier: { points?: number | null } | undefined, fallback: number) =>
    typeof tier?.points === 'number' ? tier.points : fallback;
  // Bounds: 100 % (worth the maximum) and 0 % (worth nothing) unless a tier already sits there.
  const sorted = [...known].sort((a, b) => b.minPercent - a.minPercent);
  const bounds: { minPercent: number; points: number }[] = [];
  if (sorted[0]!.minPercent < 100) {
    bounds.push({ minPercent: 100, points: top });
  }
  for (const tier of sorted) {
    bounds.push({ minPercent: tier.minPercent, points: pointsAt(tier, 0) });
  }
  if (sorted[sorted.length - 1]!.minPercent > 0) {
    bounds.push({ minPercent: 0, points: 0 });
  }
  let best: { minPercent: number; points: number } | null = null;
  let widest = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const upper = bounds[i]!;
    const lower = bounds[i + 1]!;
    const gap = upper.minPercent - lower.minPercent;
    if (gap > widest) {
      widest = gap;
      // Whole percents when the gap allows it, otherwise hundredths (the format's precision).
      const middle = (upper.minPercent + lower.minPercent) / 2;
      const minPercent = gap >= 2 ? Math.round(middle) : Math.round(middle * 100) / 100;
      const pointsMiddle = Math.round(((upper.points + lower.points) / 2) * 100) / 100;
      best = { minPercent, points: pointsMiddle };
    }
  }
  // Every threshold from 0 to 100 is taken to the hundredth: nothing sensible is left to add.
  return best && widest > 0.01 ? best : { minPercent: 0, points: 0 };
}

/**
 * Where a server validation error points in the editor: a tree item (`nodes[2].children[0].maxPoints`
 * → path [2, 0]), a bonus/penalty item, or the general information. Excel locations (import only)
 * and unknown paths give null.
 */
export function locateError(doc: IndexSetDocument, error: LocatedError): Selection | null {
  const tokens = error.path.match(/[A-Za-z_$][\w$]*|\d+/g);
  if (!tokens || error.path.includes('!')) {
    return null;
  }
  if (tokens[0] === 'nodes') {
    const path: number[] = [];
    let i = 1;
    while (i < tokens.length) {
      const n = Number(tokens[i]);
      if (!Number.isInteger(n)) {
        break;
      }
      path.push(n);
      if (tokens[i + 1] !== 'children') {
        break;
      }
      i += 2;
    }
    // The deepest existing item on that path.
    while (path.length > 0 && !getAt(doc, path)) {
      path.pop();
    }
    return path.length > 0 ? { area: 'tree', path } : { area: 'general' };
  }
  if (tokens[0] === 'adjustments' && (tokens[1] === 'bonus' || tokens[1] === 'penalty')) {
    const kind = tokens[1];
    const index = tokens[2] === 'items' ? Number(tokens[3]) : Number.NaN;
    if (Number.isInteger(index) && doc.adjustments?.[kind]?.items[index]) {
      return { area: 'adjustment', kind, index };
    }
    return { area: 'adjustment', kind, index: -1 };
  }
  return { area: 'general' };
}
