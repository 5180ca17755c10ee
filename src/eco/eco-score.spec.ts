// The 一单一表 score (eco-score.ts): the list part, the table part, their mix and the ranking.
import { describe, expect, it } from '@jest/globals';
import type { AccountabilityCounts } from '../accountability/accountability.record.js';
import {
  accountabilityDeduction,
  DEFAULT_WEIGHTS,
  listScore,
  rankByScore,
  tableScore,
  unitScore,
  type IndicatorOutcome,
  type ListFigures,
} from './eco-score.js';
import type { EcoStatus } from './eco.types.js';

const W = DEFAULT_WEIGHTS;
const list = (f: Partial<ListFigures> = {}): ListFigures => ({
  total: 10,
  closureRate: 0.9,
  onTimeRate: 0.8,
  overdue: 0,
  rebounds: 0,
  ...f,
});
const b = (status: EcoStatus): IndicatorOutcome => ({ attribute: 'BINDING', status });
const e = (status: EcoStatus): IndicatorOutcome => ({ attribute: 'EXPECTED', status });

describe('the list part', () => {
  it('weighs the closure and on-time rates 0.6 / 0.4 by default', () => {
    expect(listScore(list(), W)).toBeCloseTo(100 * (0.6 * 0.9 + 0.4 * 0.8), 12); // 86
  });

  it('takes points off per overdue problem and per rebound', () => {
    expect(listScore(list({ overdue: 2 }), W)).toBeCloseTo(82, 12);
    expect(listScore(list({ overdue: 2, rebounds: 1 }), W)).toBeCloseTo(79, 12);
  });

  it('never goes below 0', () => {
    expect(listScore(list({ overdue: 100 }), W)).toBe(0);
  });

  it('does not apply to a unit that leads no problem', () => {
    expect(listScore(null, W)).toBeNull();
    expect(listScore(list({ total: 0, closureRate: 0, onTimeRate: 0 }), W)).toBeNull();
  });

  it('follows the configured weights and penalties', () => {
    const w = { ...W, closureRateWeight: 1, onTimeRateWeight: 0, overduePenalty: 5, reboundPenalty: 0 };
    expect(listScore(list({ overdue: 1, rebounds: 3 }), w)).toBeCloseTo(85, 12);
  });

  it('is 100 for a perfect record', () => {
    expect(listScore(list({ closureRate: 1, onTimeRate: 1 }), W)).toBe(100);
  });
});

describe('the table part', () => {
  it('is the weighted share on track: binding ×2, at risk half, off track and missing nothing; the rest left out', () => {
    const outcomes = [
      b('ON_TRACK'),
      b('OFF_TRACK'),
      e('AT_RISK'),
      e('ON_TRACK'),
      b('MISSING'),
      e('PENDING_TARGET'),
      b('AWAITING_REPORT'),
      b('AWAITING_CONFIRMATION'),
    ];
    // weights 2 + 2 + 1 + 1 + 2 = 8; credit 2 + 0 + 0.5 + 1 + 0 = 3.5
    expect(tableScore(outcomes, W)).toEqual({ score: (100 * 3.5) / 8, judged: 5, onTrack: 2 });
  });

  it('weighs a binding indicator on track more than an expected one', () => {
    const bindingOk = tableScore([b('ON_TRACK'), e('OFF_TRACK')], W).score!;
    const expectedOk = tableScore([b('OFF_TRACK'), e('ON_TRACK')], W).score!;
    expect(bindingOk).toBeCloseTo(200 / 3, 12);
    expect(expectedOk).toBeCloseTo(100 / 3, 12);
    expect(bindingOk).toBeGreaterThan(expectedOk);
  });

  it('does not apply when nothing is judged', () => {
    expect(tableScore([], W).score).toBeNull();
    expect(tableScore([b('PENDING_TARGET'), e('AWAITING_REPORT')], W)).toEqual({ score: null, judged: 0, onTrack: 0 });
  });

  it('follows the configured at-risk credit and weights', () => {
    expect(tableScore([b('AT_RISK')], { ...W, atRiskCredit: 0 }).score).toBe(0);
    expect(tableScore([b('AT_RISK')], { ...W, atRiskCredit: 1 }).score).toBe(100);
    expect(tableScore([b('ON_TRACK'), e('OFF_TRACK')], { ...W, bindingWeight: 1, expectedWeight: 1 }).score).toBe(50);
  });

  it('counts a missing report as failed', () => {
    expect(tableScore([b('MISSING')], W).score).toBe(0);
  });
});

describe('the score', () => {
  it('mixes the two parts half and half by default, rounded to two decimals', () => {
    // list 86, table 100 × 2/3 = 66.666…
    expect(unitScore(list(), [b('ON_TRACK'), e('OFF_TRACK')], W)).toEqual({
      listScore: 86,
      tableScore: 66.67,
      score: 76.33,
      accountabilityDeduction: 0,
      judgedIndicators: 2,
      onTrackIndicators: 1,
    });
  });

  it('follows the configured list and table weights', () => {
    expect(unitScore(list(), [b('OFF_TRACK')], { ...W, listWeight: 3, tableWeight: 1 }).score).toBe(64.5);
  });

  it('is the one part that applies when the other does not', () => {
    expect(unitScore(null, [b('ON_TRACK')], W)).toMatchObject({ listScore: null, tableScore: 100, score: 100 });
    expect(unitScore(list(), [e('PENDING_TARGET')], W)).toMatchObject({ listScore: 86, tableScore: null, score: 86 });
  });

  it('is null when neither applies', () => {
    expect(unitScore(null, [], W)).toMatchObject({ listScore: null, tableScore: null, score: null });
  });
});

describe('the accountability deduction', () => {
  const records = (c: Partial<AccountabilityCounts>): AccountabilityCounts => ({
    INTERVIEW: 0,
    PUBLIC_CRITICISM: 0,
    ACCOUNTABILITY: 0,
    ...c,
  });

  it('costs 5 per interview (约谈), 3 per public criticism (通报批评), 10 per accountability (问责) by default', () => {
    expect(accountabilityDeduction(records({ INTERVIEW: 1 }), W)).toBe(5);
    expect(accountabilityDeduction(records({ INTERVIEW: 2, PUBLIC_CRITICISM: 1, ACCOUNTABILITY: 1 }), W)).toBe(23);
    expect(accountabilityDeduction(records({}), W)).toBe(0);
  });

  it('comes off the mixed score, not a part: the parts stay, the score drops by exactly the deduction', () => {
    // list 86, table 66.666…, mix 76.333… (unrounded); one interview and one criticism: 5 + 3 = 8 → 68.333… → 68.33
    const before = unitScore(list(), [b('ON_TRACK'), e('OFF_TRACK')], W);
    const after = unitScore(list(), [b('ON_TRACK'), e('OFF_TRACK')], W, records({ INTERVIEW: 1, PUBLIC_CRITICISM: 1 }));
    expect(after).toEqual({ ...before, score: 68.33, accountabilityDeduction: 8 });
    // whatever the mix's weights: list 3 : table 1 → (3 × 86 + 0) / 4 = 64.5, less 10 for one 问责 = 54.5
    expect(
      unitScore(list(), [b('OFF_TRACK')], { ...W, listWeight: 3, tableWeight: 1 }, records({ ACCOUNTABILITY: 1 })),
    ).toMatchObject({ listScore: 86, tableScore: 0, score: 54.5, accountabilityDeduction: 10 });
  });

  it('follows the configured penalties', () => {
    const w = { ...W, interviewPenalty: 2.5, publicCriticismPenalty: 0, accountabilityPenalty: 20 };
    // 100 (list 100, no table) − 2 × 2.5 − 0 − 20 = 75
    const perfect = list({ closureRate: 1, onTimeRate: 1 });
    const c = records({ INTERVIEW: 2, PUBLIC_CRITICISM: 4, ACCOUNTABILITY: 1 });
    expect(unitScore(perfect, [], w, c)).toMatchObject({ score: 75, accountabilityDeduction: 25 });
  });

  it('never takes the score below 0, and shows the whole deduction', () => {
    // list 100 × (0.6 × 0.1 + 0.4 × 0.1) = 10, two 问责: 20 points off → 0
    const c = records({ ACCOUNTABILITY: 2 });
    expect(unitScore(list({ closureRate: 0.1, onTimeRate: 0.1 }), [], W, c)).toMatchObject({
      listScore: 10,
      score: 0,
      accountabilityDeduction: 20,
    });
  });

  it('leaves a unit with nothing to score without a score, its deduction shown', () => {
    expect(unitScore(null, [], W, records({ INTERVIEW: 1 }))).toMatchObject({
      score: null,
      accountabilityDeduction: 5,
    });
  });

  it('ranks by the score after the deduction', () => {
    const a = { code: 'A', rank: null as number | null, ...unitScore(list(), [], W, records({ INTERVIEW: 1 })) }; // 81
    const z = { code: 'Z', rank: null as number | null, ...unitScore(list({ closureRate: 0.85 }), [], W) }; // 83
    expect(rankByScore([a, z], (x, y) => x.code.localeCompare(y.code)).map((r) => [r.code, r.score, r.rank])).toEqual([
      ['Z', 83, 1],
      ['A', 81, 2],
    ]);
  });
});

describe('the ranking', () => {
  const row = (code: string, score: number | null) => ({ code, score, rank: null as number | null });
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);

  it('ranks by score, ties sharing a rank (1, 2, 2, 4), units without a score last and unranked', () => {
    const ranked = rankByScore([row('D', 70), row('A', null), row('B', 80), row('C', 80), row('E', 95)], byCode);
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([
      ['E', 1],
      ['B', 2],
      ['C', 2],
      ['D', 4],
      ['A', null],
    ]);
  });

  it('orders ties and unscored rows by the tie-break', () => {
    const ranked = rankByScore([row('Z', null), row('Y', 50), row('X', 50), row('W', null)], byCode);
    expect(ranked.map((r) => [r.code, r.rank])).toEqual([
      ['X', 1],
      ['Y', 1],
      ['W', null],
      ['Z', null],
    ]);
  });

  it('answers nothing for nothing', () => {
    expect(rankByScore([], byCode)).toEqual([]);
  });
});
