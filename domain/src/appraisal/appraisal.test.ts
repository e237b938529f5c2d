import { describe, expect, it } from 'vitest';
import demo from '../../data/demo-index-set.json' with { type: 'json' };
import { answerableLeaves, type SelfAnswer } from '../campaign/self-assessment';
import type { IndexSetDocument } from '../index-set/format';
import { checkDecision, type LeafDecision, latestDecisions, totalPoints, unitScores } from './appraisal';

const doc = demo as unknown as IndexSetDocument;
const leaf = { code: '1.3', maxPoints: 2, kind: 'CRITERION' as const };

describe('checkDecision', () => {
  it('accepts the self-score as a stored value and the claim "not applicable" as such', () => {
    expect(checkDecision(leaf, { points: 150, naClaimed: false }, 'ROUND1', { kind: 'ACCEPT' })).toEqual({
      ok: true,
      decision: { kind: 'ACCEPT', points: 150, reason: '' },
    });
    expect(checkDecision(leaf, { points: 0, naClaimed: true }, 'ROUND1', { kind: 'ACCEPT' })).toMatchObject({
      decision: { kind: 'NOT_APPLICABLE', points: null },
    });
  });

  it('refuses points outside [0, max] and adjustments without a reason', () => {
    for (const points of [201, -1, 1.5, Number.NaN]) {
      expect(
        checkDecision(leaf, { points: 0, naClaimed: false }, 'ROUND1', {
          kind: 'ADJUST',
          points,
          reason: 'x',
        }),
      ).toMatchObject({
        ok: false,
        problem: { code: 'SCORE_OUT_OF_RANGE', max: 200 },
      });
    }
    expect(
      checkDecision(leaf, { points: 0, naClaimed: false }, 'ROUND1', {
        kind: 'ADJUST',
        points: 100,
        reason: '  ',
      }),
    ).toMatchObject({
      ok: false,
      problem: { code: 'REASON_REQUIRED' },
    });
    // The council's decisions always carry a reason, even to keep a value.
    expect(checkDecision(leaf, { points: 0, naClaimed: false }, 'COUNCIL', { kind: 'ACCEPT' })).toMatchObject(
      { ok: false },
    );
  });

  it('lets the working group confirm a claim of "not applicable", the council declare one', () => {
    expect(
      checkDecision(leaf, { points: 200, naClaimed: false }, 'ROUND1', {
        kind: 'NOT_APPLICABLE',
        reason: 'x',
      }),
    ).toMatchObject({
      ok: false,
      problem: { code: 'NOT_APPLICABLE_NOT_CLAIMED' },
    });
    expect(
      checkDecision(leaf, { points: 200, naClaimed: false }, 'COUNCIL', {
        kind: 'NOT_APPLICABLE',
        reason: 'Không giao',
      }),
    ).toMatchObject({
      ok: true,
      decision: { kind: 'NOT_APPLICABLE', points: null },
    });
    expect(
      checkDecision({ ...leaf, kind: 'BONUS' }, { points: 0, naClaimed: false }, 'COUNCIL', {
        kind: 'NOT_APPLICABLE',
        reason: 'x',
      }),
    ).toMatchObject({ ok: false });
  });
});

describe('unitScores', () => {
  const d = (
    leafCode: string,
    stage: LeafDecision['stage'],
    points: number | null,
    at: string,
  ): LeafDecision => ({
    leafCode,
    stage,
    kind: points === null ? 'NOT_APPLICABLE' : 'ADJUST',
    points,
    reason: 'r',
    createdAt: at,
  });

  it('takes the latest decision of the latest stage; never mixes the three values', () => {
    const latest = latestDecisions([
      d('1.3', 'COUNCIL', 50, '3'),
      d('1.3', 'ROUND1', 100, '1'),
      d('1.3', 'ROUND2', 150, '2'),
      d('1.2', 'ROUND1', 100, '1'),
      d('1.2', 'ROUND1', 200, '2'),
    ]);
    expect(latest.get('1.3')!.points).toBe(50);
    expect(latest.get('1.2')!.points).toBe(200);
  });

  it('scores self, appraised and final separately and renormalises a leaf declared not applicable', () => {
    // Every THAM_MUU criterion answered with full points: 86 of 86.
    const answers: SelfAnswer[] = [...answerableLeaves(doc, 'THAM_MUU')]
      .filter(([, l]) => l.kind === 'CRITERION')
      .map(([code, { leaf: l }]) => ({
        leafCode: code,
        value:
          l.method.type === 'BOOLEAN'
            ? { value: true }
            : l.method.type === 'MANUAL'
              ? { points: l.maxPoints, comment: 'Đạt' }
              : null,
        naClaimed: false,
        naReason: '',
        noEvidenceReason: '',
        isCarriedDraft: false,
        points: 0,
      }))
      .filter((a) => a.value !== null);
    const self = unitScores(doc, { code: 'X', group: 'THAM_MUU' }, answers, []).self;
    const decisions = [d('1.3', 'ROUND1', 100, '1'), d('2.4', 'COUNCIL', null, '2')];
    const s = unitScores(doc, { code: 'X', group: 'THAM_MUU' }, answers, decisions);
    expect(s.self).toEqual(self);
    // 1.3 lost a point in round 1; 2.4 (2 points, left unanswered here) leaves the maximum.
    expect(totalPoints(s.appraised)).toBe(totalPoints(self) - 100);
    expect(s.appraised.maxPoints).toBe(8600);
    expect(s.final.maxPoints).toBe(8400);
    expect(totalPoints(s.final)).toBe(totalPoints(s.appraised));
    expect(s.leaves.find((l) => l.leafCode === '2.4')).toMatchObject({ appraised: undefined, final: null });
    expect(s.undecided).toHaveLength(answerableLeaves(doc, 'THAM_MUU').size - 1);
  });
});
