// 一单一表: one score per unit and period from the list (问题清单) and the table (生态报表), pure for testing.
//
//   list part  = 100 × (wClosure × closureRate + wOnTime × onTimeRate) / (wClosure + wOnTime)
//                − overduePenalty × overdue − reboundPenalty × rebounds,  floored at 0;
//                not applicable (null) when the unit leads no problem — a 0% closure rate of nothing is no failure.
//   table part = 100 × Σ weight(i) × credit(i) / Σ weight(i) over the unit's judged indicators, where
//                weight = bindingWeight for 约束性 (BINDING), expectedWeight for 预期性 (EXPECTED), and
//                credit = 1 ON_TRACK, atRiskCredit AT_RISK, 0 OFF_TRACK, 0 MISSING (an overdue report counts as failed);
//                PENDING_TARGET, AWAITING_REPORT and AWAITING_CONFIRMATION are left out (nothing to judge yet);
//                not applicable (null) when nothing is judged.
//   score      = (wList × list + wTable × table) / (wList + wTable) when both apply, the one that applies otherwise,
//                null when neither does.
// Scores are rounded to two decimals; units are ranked by the rounded score (1, 2, 2, 4), units without one last.
import type { EcoAttribute, EcoStatus } from './eco.types.js';

export interface ScoreWeights {
  listWeight: number;
  tableWeight: number;
  closureRateWeight: number;
  onTimeRateWeight: number;
  /** Points off the list part per overdue problem. */
  overduePenalty: number;
  /** Points off the list part per rebound (反弹). */
  reboundPenalty: number;
  bindingWeight: number;
  expectedWeight: number;
  /** Credit of an AT_RISK indicator, 0..1. */
  atRiskCredit: number;
}

/** Defaults: list and table count half each; binding indicators twice expected ones; an at-risk indicator half. */
export const DEFAULT_WEIGHTS: ScoreWeights = {
  listWeight: 0.5,
  tableWeight: 0.5,
  closureRateWeight: 0.6,
  onTimeRateWeight: 0.4,
  overduePenalty: 2,
  reboundPenalty: 3,
  bindingWeight: 2,
  expectedWeight: 1,
  atRiskCredit: 0.5,
};

export interface ListFigures {
  total: number;
  closureRate: number;
  onTimeRate: number;
  overdue: number;
  rebounds: number;
}

export interface IndicatorOutcome {
  attribute: EcoAttribute;
  status: EcoStatus;
}

export interface ScoreParts {
  listScore: number | null;
  tableScore: number | null;
  score: number | null;
  /** Indicators judged (counted in the table part). */
  judgedIndicators: number;
  onTrackIndicators: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function listScore(list: ListFigures | null, w: ScoreWeights): number | null {
  if (!list || list.total === 0) return null;
  const rateWeights = w.closureRateWeight + w.onTimeRateWeight;
  const base =
    rateWeights > 0
      ? (100 * (w.closureRateWeight * list.closureRate + w.onTimeRateWeight * list.onTimeRate)) / rateWeights
      : 100;
  return Math.max(0, base - w.overduePenalty * list.overdue - w.reboundPenalty * list.rebounds);
}

const CREDIT: Partial<Record<EcoStatus, (w: ScoreWeights) => number>> = {
  ON_TRACK: () => 1,
  AT_RISK: (w) => w.atRiskCredit,
  OFF_TRACK: () => 0,
  MISSING: () => 0,
};

export function tableScore(
  outcomes: IndicatorOutcome[],
  w: ScoreWeights,
): { score: number | null; judged: number; onTrack: number } {
  let weighted = 0;
  let weights = 0;
  let judged = 0;
  for (const o of outcomes) {
    const credit = CREDIT[o.status];
    if (!credit) continue;
    const weight = o.attribute === 'BINDING' ? w.bindingWeight : w.expectedWeight;
    judged++;
    weights += weight;
    weighted += weight * credit(w);
  }
  const onTrack = outcomes.filter((o) => o.status === 'ON_TRACK').length;
  return { score: weights > 0 ? (100 * weighted) / weights : null, judged, onTrack };
}

export function unitScore(list: ListFigures | null, outcomes: IndicatorOutcome[], w: ScoreWeights): ScoreParts {
  const l = listScore(list, w);
  const t = tableScore(outcomes, w);
  let score: number | null;
  if (l !== null && t.score !== null) {
    const sum = w.listWeight + w.tableWeight;
    score = sum > 0 ? (w.listWeight * l + w.tableWeight * t.score) / sum : null;
  } else {
    score = l ?? t.score;
  }
  return {
    listScore: l === null ? null : round2(l),
    tableScore: t.score === null ? null : round2(t.score),
    score: score === null ? null : round2(score),
    judgedIndicators: t.judged,
    onTrackIndicators: t.onTrack,
  };
}

/** Competition ranking (1, 2, 2, 4) by score, highest first; rows without a score come last, unranked. */
export function rankByScore<T extends { score: number | null; rank: number | null }>(
  rows: T[],
  tieBreak: (a: T, b: T) => number,
): T[] {
  const sorted = [...rows].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === null ? (b.score === null ? tieBreak(a, b) : 1) : -1;
    return b.score - a.score || tieBreak(a, b);
  });
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    r.rank = r.score === null ? null : prev && prev.score === r.score ? prev.rank : i + 1;
  });
  return sorted;
}
