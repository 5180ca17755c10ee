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
//   mix        = (wList × list + wTable × table) / (wList + wTable) when both apply, the one that applies otherwise.
//   deduction  = interviewPenalty × 约谈 + publicCriticismPenalty × 通报批评 + accountabilityPenalty × 问责, counting
//                the unit's records decided (Asia/Shanghai day) in the period and not revoked.
//   score      = max(0, mix − deduction); null when neither part applies (nothing to deduct from).
// The deduction comes off the score, not a part: a record is about the unit, not about one part, and so an interview
// costs the configured points whatever the mix's weights are.
// Scores are rounded to two decimals; units are ranked by the rounded score (1, 2, 2, 4), units without one last.
import { NO_ACCOUNTABILITY, type AccountabilityCounts } from '../accountability/accountability.record.js';
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
  /** Points off the score per interview (约谈) decided in the period. */
  interviewPenalty: number;
  /** Points off the score per public criticism (通报批评). */
  publicCriticismPenalty: number;
  /** Points off the score per accountability (问责). */
  accountabilityPenalty: number;
}

/** The weights' names, in the order the settings keep them. */
export const WEIGHT_KEYS = [
  'listWeight',
  'tableWeight',
  'closureRateWeight',
  'onTimeRateWeight',
  'overduePenalty',
  'reboundPenalty',
  'bindingWeight',
  'expectedWeight',
  'atRiskCredit',
  'interviewPenalty',
  'publicCriticismPenalty',
  'accountabilityPenalty',
] as const satisfies readonly (keyof ScoreWeights)[];

/**
 * Defaults: list and table count half each; binding indicators twice expected ones; an at-risk indicator half; an
 * interview of a unit's leaders costs more than its public criticism, accountability most.
 */
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
  interviewPenalty: 5,
  publicCriticismPenalty: 3,
  accountabilityPenalty: 10,
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
  /** Points the unit's accountability records take off (before the floor at 0). */
  accountabilityDeduction: number;
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

export function accountabilityDeduction(counts: AccountabilityCounts, w: ScoreWeights): number {
  return (
    w.interviewPenalty * counts.INTERVIEW +
    w.publicCriticismPenalty * counts.PUBLIC_CRITICISM +
    w.accountabilityPenalty * counts.ACCOUNTABILITY
  );
}

export function unitScore(
  list: ListFigures | null,
  outcomes: IndicatorOutcome[],
  w: ScoreWeights,
  accountability: AccountabilityCounts = NO_ACCOUNTABILITY,
): ScoreParts {
  const l = listScore(list, w);
  const t = tableScore(outcomes, w);
  let mix: number | null;
  if (l !== null && t.score !== null) {
    const sum = w.listWeight + w.tableWeight;
    mix = sum > 0 ? (w.listWeight * l + w.tableWeight * t.score) / sum : null;
  } else {
    mix = l ?? t.score;
  }
  const deduction = accountabilityDeduction(accountability, w);
  const score = mix === null ? null : Math.max(0, mix - deduction);
  return {
    listScore: l === null ? null : round2(l),
    tableScore: t.score === null ? null : round2(t.score),
    score: score === null ? null : round2(score),
    accountabilityDeduction: round2(deduction),
    judgedIndicators: t.judged,
    onTrackIndicators: t.onTrack,
  };
}

/** The list's figures a score row shows beside its parts: a closure table's row (a unit's, or a district's whole). */
export interface ScoredList extends ListFigures {
  closed: number;
}

/** A score row's figures (UnitScore's, DistrictScore's): the parts and what they were computed from. */
export interface ScoredFigures {
  score: number | null;
  listScore: number | null;
  tableScore: number | null;
  problems: number;
  closed: number;
  closureRate: number;
  onTimeRate: number;
  overdue: number;
  rebounds: number;
  indicators: number;
  judgedIndicators: number;
  onTrackIndicators: number;
  accountabilityDeduction: number;
  interviews: number;
  publicCriticisms: number;
  accountabilityActions: number;
}

/**
 * One row of a ranking (a unit's among the district's units, a district's among the city's districts): the score of
 * its list figures, its indicators' outcomes and its accountability records under the weights, with those figures.
 */
export function scoreFigures(
  list: ScoredList | null,
  outcomes: IndicatorOutcome[],
  w: ScoreWeights,
  counts: AccountabilityCounts = NO_ACCOUNTABILITY,
): ScoredFigures {
  const parts = unitScore(list, outcomes, w, counts);
  return {
    score: parts.score,
    listScore: parts.listScore,
    tableScore: parts.tableScore,
    problems: list?.total ?? 0,
    closed: list?.closed ?? 0,
    closureRate: list?.closureRate ?? 0,
    onTimeRate: list?.onTimeRate ?? 0,
    overdue: list?.overdue ?? 0,
    rebounds: list?.rebounds ?? 0,
    indicators: outcomes.length,
    judgedIndicators: parts.judgedIndicators,
    onTrackIndicators: parts.onTrackIndicators,
    accountabilityDeduction: parts.accountabilityDeduction,
    interviews: counts.INTERVIEW,
    publicCriticisms: counts.PUBLIC_CRITICISM,
    accountabilityActions: counts.ACCOUNTABILITY,
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
