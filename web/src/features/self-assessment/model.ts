import type { AnswerView, EvidenceView, ScorecardView } from '@cchc/domain/api/scorecards';
import { REPORT_LEAF_CODE } from '@cchc/domain/api/scorecards';
import { type LeafKind, type SelfAnswer, selfProgress } from '@cchc/domain/campaign/self-assessment';
import type { IndexSetDocument, Leaf } from '@cchc/domain/index-set/format';
import { toHundredths } from '@cchc/domain/scoring/decimal';
import { applicableAdjustments, applicableTree, type PreviewNode } from '@cchc/domain/scoring/engine';
import { type LeafScore, scoreLeaf } from '@cchc/domain/scoring/methods';

/**
 * The self-assessment page's model: the applicable outline of the unit's index set, the
 * officer's unsaved edits (drafts), and what each leaf's state is — all pure, so that the tree
 * icons, the progress meter and the live points follow every keystroke.
 */

export type Answer = Record<string, unknown>;

/** What the officer edits for one leaf; saved as one PUT. */
export interface Draft {
  value: Answer;
  note: string;
  noEvidenceReason: string;
  naClaimed: boolean;
  naReason: string;
}

export interface LeafEntry {
  code: string;
  leaf: Leaf;
  kind: LeafKind;
  /** Hundredths. */
  maxPoints: number;
  /** Ancestors, field first (for the breadcrumb). */
  trail: { code: string; name: string }[];
}

export interface OutlineNode {
  code: string;
  name: string;
  maxPoints: number;
  /** Set for a leaf. */
  entry?: LeafEntry;
  children?: OutlineNode[];
}

export interface Outline {
  /** Fields (top-level nodes), then the bonus and penalty sections when they have items. */
  sections: OutlineNode[];
  /** Every answerable leaf in page order. */
  leaves: LeafEntry[];
  byCode: Map<string, LeafEntry>;
}

export const BONUS_SECTION = '__BONUS__';
export const PENALTY_SECTION = '__PENALTY__';

export function buildOutline(
  doc: IndexSetDocument,
  group: string,
  labels: { bonus: string; penalty: string },
): Outline {
  const leaves: LeafEntry[] = [];
  const convert = (n: PreviewNode, trail: { code: string; name: string }[]): OutlineNode => {
    if (n.leaf) {
      const entry: LeafEntry = {
        code: n.code,
        leaf: n.leaf,
        kind: 'CRITERION',
        maxPoints: n.maxPoints,
        trail,
      };
      leaves.push(entry);
      return { code: n.code, name: n.name, maxPoints: n.maxPoints, entry };
    }
    const here = [...trail, { code: n.code, name: n.name }];
    return {
      code: n.code,
      name: n.name,
      maxPoints: n.maxPoints,
      children: (n.children ?? []).map((c) => convert(c, here)),
    };
  };
  const sections = applicableTree(doc, group).map((f) => convert(f, []));
  const adj = applicableAdjustments(doc, group);
  const addSection = (
    code: string,
    name: string,
    kind: LeafKind,
    group: { maxPoints: number; items: Leaf[] } | null,
  ) => {
    if (!group || group.items.length === 0) {
      return;
    }
    const trail = [{ code, name }];
    sections.push({
      code,
      name,
      maxPoints: group.maxPoints,
      children: group.items.map((leaf) => {
        const entry: LeafEntry = {
          code: leaf.code,
          leaf,
          kind,
          maxPoints: toHundredths(leaf.maxPoints),
          trail,
        };
        leaves.push(entry);
        return { code: leaf.code, name: leaf.name, maxPoints: entry.maxPoints, entry };
      }),
    });
  };
  addSection(BONUS_SECTION, labels.bonus, 'BONUS', adj.bonus);
  addSection(PENALTY_SECTION, labels.penalty, 'PENALTY', adj.penalty);
  return { sections, leaves, byCode: new Map(leaves.map((l) => [l.code, l])) };
}

/** Drops empty inputs; an answer with nothing left is "not answered" (undefined). */
export function cleanAnswer(answer: Answer | undefined): Answer | undefined {
  if (!answer) {
    return undefined;
  }
  const out: Answer = {};
  for (const [key, value] of Object.entries(answer)) {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      continue;
    }
    if (key === 'counts' && typeof value === 'object') {
      const counts = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).filter(([, n]) => typeof n === 'number'),
      );
      if (Object.keys(counts).length > 0) {
        out.counts = counts;
      }
      continue;
    }
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function draftOf(answer: AnswerView | undefined): Draft {
  const value = answer?.value;
  return {
    value: typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Answer) : {},
    note: answer?.note ?? '',
    noEvidenceReason: answer?.noEvidenceReason ?? '',
    naClaimed: answer?.naClaimed ?? false,
    naReason: answer?.naReason ?? '',
  };
}

/** The engine's verdict on a draft: null when nothing is entered. Never throws. */
export function scoreDraft(entry: LeafEntry, draft: Draft): LeafScore | null {
  if (draft.naClaimed) {
    return null;
  }
  const cleaned = cleanAnswer(draft.value);
  if (!cleaned) {
    return null;
  }
  try {
    return scoreLeaf(entry.leaf, cleaned);
  } catch {
    return { ok: false, error: 'tiêu chí chưa tính được điểm.' };
  }
}

export type LeafState =
  | 'unanswered'
  | 'answered'
  | 'needsEvidence'
  | 'notApplicable'
  | 'carried'
  | 'invalid'
  | 'saving'
  | 'conflict';

export interface LeafFacts {
  state: LeafState;
  /** Points the leaf has now (the draft's when valid), hundredths; null when none. */
  points: number | null;
  evidenceCount: number;
  carried: boolean;
}

/** Whether the leaf needs documents (or an explanation) once it has points. */
export function evidenceExpected(entry: LeafEntry): boolean {
  return entry.leaf.evidenceRequired !== false && entry.kind !== 'PENALTY';
}

export function evidenceByLeaf(evidence: readonly EvidenceView[]): Map<string, EvidenceView[]> {
  const out = new Map<string, EvidenceView[]>();
  for (const e of evidence) {
    if (e.leafCode === REPORT_LEAF_CODE) {
      continue;
    }
    const list = out.get(e.leafCode) ?? [];
    list.push(e);
    out.set(e.leafCode, list);
  }
  return out;
}

export function leafFacts(
  entry: LeafEntry,
  saved: AnswerView | undefined,
  draft: Draft | undefined,
  evidenceCount: number,
  saving: 'saving' | 'conflict' | 'invalid' | undefined,
): LeafFacts {
  const d = draft ?? draftOf(saved);
  const carried = !draft && Boolean(saved?.isCarriedDraft);
  const score = draft ? scoreDraft(entry, d) : null;
  const points = draft
    ? score?.ok
      ? score.points
      : null
    : saved && !saved.naClaimed && saved.value !== null
      ? saved.points
      : null;
  const base = { points, evidenceCount, carried };
  if (saving === 'conflict') {
    return { ...base, state: 'conflict' };
  }
  if (saving === 'invalid' || (score && !score.ok)) {
    return { ...base, state: 'invalid' };
  }
  if (saving === 'saving') {
    return { ...base, state: 'saving' };
  }
  if (carried) {
    return { ...base, state: 'carried' };
  }
  if (d.naClaimed) {
    return { ...base, state: d.naReason.trim() ? 'notApplicable' : 'invalid' };
  }
  if (points === null) {
    return { ...base, state: 'unanswered' };
  }
  if (evidenceExpected(entry) && points > 0 && evidenceCount === 0 && d.noEvidenceReason.trim() === '') {
    return { ...base, state: 'needsEvidence' };
  }
  return { ...base, state: 'answered' };
}

/**
 * Progress with the officer's valid unsaved edits included (the server recomputes on save).
 * Falls back to the server's numbers if the engine refuses (it should not).
 */
export function liveProgress(
  view: ScorecardView,
  doc: IndexSetDocument,
  outline: Outline,
  drafts: Readonly<Record<string, Draft>>,
): ScorecardView['progress'] & { indexPercent: number | null } {
  const saved = new Map(view.answers.map((a) => [a.leafCode, a]));
  const answers: SelfAnswer[] = [];
  for (const entry of outline.leaves) {
    const a = saved.get(entry.code);
    const draft = drafts[entry.code];
    if (draft) {
      const score = scoreDraft(entry, draft);
      const naOk = draft.naClaimed && draft.naReason.trim() !== '';
      if (naOk || score?.ok) {
        answers.push({
          leafCode: entry.code,
          value: draft.naClaimed ? null : cleanAnswer(draft.value),
          naClaimed: draft.naClaimed,
          naReason: draft.naReason,
          noEvidenceReason: draft.noEvidenceReason,
          isCarriedDraft: false,
          points: score?.ok ? score.points : 0,
        });
        continue;
      }
    }
    if (a) {
      answers.push({
        leafCode: a.leafCode,
        value: a.value,
        naClaimed: a.naClaimed,
        naReason: a.naReason,
        noEvidenceReason: a.noEvidenceReason,
        isCarriedDraft: a.isCarriedDraft,
        points: a.points,
      });
    }
  }
  const counts = new Map([...evidenceByLeaf(view.evidence)].map(([k, v]) => [k, v.length]));
  try {
    const p = selfProgress(doc, view.groupCode, answers, counts);
    return {
      answered: p.answered,
      applicable: p.applicable,
      withEvidence: p.withEvidence,
      selfPoints: p.selfPoints,
      maxPoints: p.maxPoints,
      indexPercent: p.indexPercent,
    };
  } catch {
    return { ...view.progress, indexPercent: null };
  }
}
