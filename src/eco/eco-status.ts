// The status rule of the eco-report, pure so that every direction and edge can be tested without a database.
//
// A confirmed value v of an indicator for a period p is judged against up to two references:
//   • the year's target T — the target set for p's year; for the thresholds (AT_LEAST, AT_MOST, EXACTLY) the final
//     target stands in when no year's target is set, since a threshold holds every year;
//   • the path P(t) — trajectories only (HIGHER_BETTER, LOWER_BETTER): the straight line from the baseline
//     (baseline year, baseline value) to the final target (final year, final value), read at the end of p
//     (t = timeOnPath(p); a quarter's end is a fraction of its year) and clamped to the baseline before the baseline
//     year and to the final target after the final year.
// The shortfall d(r) of v against a reference r is how far v falls short of r in the indicator's direction:
//   HIGHER_BETTER, AT_LEAST: max(0, r − v);   LOWER_BETTER, AT_MOST: max(0, v − r);   EXACTLY: |v − r|
// (differences within 1e-9 of the reference's magnitude count as 0, and a miss of exactly m is within m).
// With m the indicator's at-risk margin (≥ 0, in its measurement unit):
//   thresholds:   d(T) = 0 → ON_TRACK;  0 < d(T) ≤ m → AT_RISK;  d(T) > m → OFF_TRACK
//   trajectories: every available shortfall is 0 → ON_TRACK;
//                 a year's target is set and d(T) > m → OFF_TRACK (the year's own target is missed);
//                 no year's target is set and d(P) > m → OFF_TRACK (clearly behind the path);
//                 otherwise AT_RISK (the year's target is met or nearly met but the path lags, or the path is
//                 missed within the margin).
// PENDING_TARGET when there is nothing to judge against: the year's target exists but is pending (由市级下达), or no
// year's target is set and the final target is pending.
import { timeOnPath, type Period } from './eco-period.js';
import type { EcoDirection, EcoStatus, Judgement } from './eco.types.js';

export interface TargetSetting {
  direction: EcoDirection;
  baselineYear: number;
  /** Required for trajectories; the path starts here. */
  baselineValue: number | null;
  finalTargetYear: number;
  /** null: pending, the city has not set it yet. */
  finalTargetValue: number | null;
  /** The target set for the period's year: undefined when none is set for that year, null when it is pending. */
  yearTarget: number | null | undefined;
  atRiskMargin: number;
}

export interface References {
  /** The year's target in force (for thresholds the final target when the year has none). */
  yearTarget: number | null;
  /** The path's value at the period's end; trajectories with a final target only. */
  path: number | null;
  /** Nothing to judge against yet. */
  pending: boolean;
}

export interface Judged extends References {
  status: Judgement;
}

const EPSILON = 1e-9;

export const isTrajectory = (d: EcoDirection): boolean => d === 'HIGHER_BETTER' || d === 'LOWER_BETTER';

/** P(t): the straight line from the baseline to the final target, clamped to its two ends. */
export function pathAt(
  baselineYear: number,
  baselineValue: number,
  finalYear: number,
  finalValue: number,
  t: number,
): number {
  if (finalYear <= baselineYear) return finalValue;
  const progress = Math.min(1, Math.max(0, (t - baselineYear) / (finalYear - baselineYear)));
  return baselineValue + (finalValue - baselineValue) * progress;
}

/** How far `value` falls short of `reference` in the direction (0 when it meets it). */
export function shortfall(direction: EcoDirection, value: number, reference: number): number {
  const raw =
    direction === 'HIGHER_BETTER' || direction === 'AT_LEAST'
      ? reference - value
      : direction === 'LOWER_BETTER' || direction === 'AT_MOST'
        ? value - reference
        : Math.abs(value - reference);
  return raw <= EPSILON * Math.max(1, Math.abs(reference)) ? 0 : raw;
}

/** d > m, with the same rounding tolerance: a miss of exactly the margin is within it. */
function beyond(d: number, m: number): boolean {
  return d - m > EPSILON * Math.max(1, Math.abs(d), Math.abs(m));
}

export function referencesFor(s: TargetSetting, period: Period): References {
  if (!isTrajectory(s.direction)) {
    const target = s.yearTarget === undefined ? s.finalTargetValue : s.yearTarget;
    return { yearTarget: target, path: null, pending: target === null };
  }
  const path =
    s.finalTargetValue !== null && s.baselineValue !== null
      ? pathAt(s.baselineYear, s.baselineValue, s.finalTargetYear, s.finalTargetValue, timeOnPath(period))
      : null;
  const yearTarget = s.yearTarget ?? null;
  // An explicitly pending year's target waits for the city even when a path exists: that year is judged on its own.
  const pending = s.yearTarget === null || (yearTarget === null && path === null);
  return { yearTarget, path, pending };
}

/** The judgement of a confirmed value (see the rule above). */
export function judge(s: TargetSetting, period: Period, value: number): Judged {
  const refs = referencesFor(s, period);
  if (refs.pending) return { ...refs, status: 'PENDING_TARGET' };
  const m = s.atRiskMargin;
  const dYear = refs.yearTarget === null ? null : shortfall(s.direction, value, refs.yearTarget);
  if (!isTrajectory(s.direction))
    return { ...refs, status: dYear === 0 ? 'ON_TRACK' : beyond(dYear!, m) ? 'OFF_TRACK' : 'AT_RISK' };
  const dPath = refs.path === null ? null : shortfall(s.direction, value, refs.path);
  if ((dYear ?? 0) === 0 && (dPath ?? 0) === 0) return { ...refs, status: 'ON_TRACK' };
  if (dYear !== null ? beyond(dYear, m) : beyond(dPath!, m)) return { ...refs, status: 'OFF_TRACK' };
  return { ...refs, status: 'AT_RISK' };
}

/**
 * A contributing unit's own share of a split target (e.g. one town's part): a threshold in the indicator's
 * direction (HIGHER_BETTER as AT_LEAST, LOWER_BETTER as AT_MOST), with the indicator's margin.
 */
export function judgeShare(direction: EcoDirection, share: number, atRiskMargin: number, value: number): Judgement {
  const d = shortfall(direction, value, share);
  return d === 0 ? 'ON_TRACK' : beyond(d, atRiskMargin) ? 'OFF_TRACK' : 'AT_RISK';
}

export interface CellFacts {
  /** The judgement of the confirmed value in force; null when no value is confirmed. */
  judged: Judgement | null;
  /** A report for the period waits for the office. */
  submitted: boolean;
  /** Nothing to judge against yet. */
  targetPending: boolean;
  /** The report deadline: the end of the n-th working day after the period. */
  dueAt: Date;
  now: Date;
}

/**
 * The status of one cell, in this order: a confirmed value is judged; a report waiting for the office is
 * AWAITING_CONFIRMATION (not overdue while the office checks it, as with a problem submitted in time); past the
 * deadline with nothing handed in it is MISSING; before it, PENDING_TARGET when there is no target yet, else
 * AWAITING_REPORT.
 */
export function cellStatus(f: CellFacts): EcoStatus {
  if (f.judged) return f.judged;
  if (f.submitted) return 'AWAITING_CONFIRMATION';
  if (f.now.getTime() > f.dueAt.getTime()) return 'MISSING';
  return f.targetPending ? 'PENDING_TARGET' : 'AWAITING_REPORT';
}
