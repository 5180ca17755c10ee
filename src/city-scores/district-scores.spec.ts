// The score row both rankings share (scoreFigures: a unit among the district's units, a district among the city's),
// the previous period a rank is compared with, and the bulletin's words for a change of rank, a period and the weights.
import { describe, expect, it } from '@jest/globals';
import { parsePeriod } from '../eco/eco-period.js';
import { DEFAULT_WEIGHTS, scoreFigures, unitScore } from '../eco/eco-score.js';
import { periodText, rankChangeText, weightsNote } from './district-scores-export.service.js';
import { previousPeriod } from './district-scores.service.js';

const period = (key: string) => parsePeriod(key)!;

describe('scoreFigures: one definition of a score row', () => {
  // Seed 001: 2,913 problems, 2,864 closed (98.3%).
  const list = { total: 2913, closed: 2864, closureRate: 2864 / 2913, onTimeRate: 0.9, overdue: 3, rebounds: 1 };

  it('is unitScore’s parts with the figures they were computed from', () => {
    const outcomes = [
      { attribute: 'BINDING' as const, status: 'ON_TRACK' as const },
      { attribute: 'EXPECTED' as const, status: 'AT_RISK' as const },
      { attribute: 'EXPECTED' as const, status: 'AWAITING_REPORT' as const },
    ];
    const counts = { INTERVIEW: 1, PUBLIC_CRITICISM: 0, ACCOUNTABILITY: 2 };
    const parts = unitScore(list, outcomes, DEFAULT_WEIGHTS, counts);
    expect(scoreFigures(list, outcomes, DEFAULT_WEIGHTS, counts)).toEqual({
      score: parts.score,
      listScore: parts.listScore,
      tableScore: parts.tableScore,
      problems: 2913,
      closed: 2864,
      closureRate: 2864 / 2913,
      onTimeRate: 0.9,
      overdue: 3,
      rebounds: 1,
      indicators: 3,
      judgedIndicators: 2,
      onTrackIndicators: 1,
      accountabilityDeduction: 25,
      interviews: 1,
      publicCriticisms: 0,
      accountabilityActions: 2,
    });
    // 100 × (0.6 × 0.9832 + 0.4 × 0.9) − 2 × 3 − 3 × 1 = 86.0; table 100 × (2 + 0.5) / 3 = 83.33; mixed 84.66 − 25.
    expect([parts.listScore, parts.tableScore, parts.score]).toEqual([85.99, 83.33, 59.66]);
  });

  it('has nothing to score without a list or a judged indicator', () => {
    expect(scoreFigures(null, [], DEFAULT_WEIGHTS)).toMatchObject({
      score: null,
      listScore: null,
      tableScore: null,
      problems: 0,
      closed: 0,
      closureRate: 0,
      accountabilityDeduction: 0,
    });
  });

  it('follows the weights it is given (the city’s are not the district’s)', () => {
    const onTimeOnly = {
      ...DEFAULT_WEIGHTS,
      closureRateWeight: 0,
      onTimeRateWeight: 1,
      overduePenalty: 0,
      reboundPenalty: 0,
    };
    expect(scoreFigures(list, [], onTimeOnly).score).toBe(90);
  });
});

describe('previousPeriod: the period a rank is compared with', () => {
  it('is the period before, of the same kind', () => {
    expect(['2026-Q3', '2026-Q1', '2026', '2026-01', '2026-10'].map((k) => previousPeriod(period(k)).key)).toEqual([
      '2026-Q2',
      '2025-Q4',
      '2025',
      '2025-12',
      '2026-09',
    ]);
  });

  it('has none before 2000: the period stands for itself', () => {
    const first = period('2000-Q1');
    expect(previousPeriod(first)).toBe(first);
  });
});

describe('the bulletin’s words', () => {
  it('writes a change of rank as an arrow and its places', () => {
    expect([4, -2, 0, null].map(rankChangeText)).toEqual(['↑4', '↓2', '—', '—']);
  });

  it('names the period in Chinese', () => {
    expect(['2026-Q2', '2026', '2026-09'].map((k) => periodText(period(k)))).toEqual([
      '2026年第二季度',
      '2026年度',
      '2026年9月',
    ]);
  });

  it('states the weights used', () => {
    const note = weightsNote(DEFAULT_WEIGHTS);
    expect(note).toContain('问题清单得分 × 50% + 生态报表得分 × 50%');
    expect(note).toContain('销号率 × 60% + 按时率 × 40%');
    expect(note).toContain('约谈每次5分，通报批评每次3分，问责每次10分');
  });
});
