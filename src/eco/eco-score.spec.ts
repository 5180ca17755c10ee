// The 一单一表 score (eco-score.ts): the list part, the table part, their mix and the ranking.
import { describe, expect, it } from '@jest/globals';
import {
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
