// 观察期: a closed problem stays under observation for RECTIFY_OBSERVATION_DAYS calendar days (Asia/Shanghai) from its
// closing day before it leaves the open ledger (seed 003: a quarter with no rebound). A rebound reopens it (closedAt is
// cleared); a later closing starts a new period. Duplicates leave the ledger with their original and are never observed.
import type { IssueState } from '../../workflows/issue.types.js';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../common/shanghai-time.js';

type Observed = { state: IssueState; closedAt: Date | null; duplicateOfId: string | null };

const closed = (issue: Observed): boolean =>
  (issue.state === 'CLOSED' || issue.state === 'REVISITED') && issue.closedAt !== null && issue.duplicateOfId === null;

/** The last day (YYYY-MM-DD) of the problem's observation: its closing day and `days - 1` after; null when none. */
export function observationEndDay(issue: Observed, days: number): string | null {
  if (days <= 0 || !closed(issue)) return null;
  return shanghaiDate(addDays(startOfShanghaiDay(shanghaiDate(issue.closedAt!)), days - 1));
}

/** Under observation today: closed, on or before its observation's last day. */
export function isUnderObservation(issue: Observed, now: Date, days: number): boolean {
  const end = observationEndDay(issue, days);
  return end !== null && shanghaiDate(now) <= end;
}

/**
 * The earliest closing still under observation at `now` (the start of the Shanghai day `days - 1` before today); null
 * when there is no observation period. The list's SQL twin compares closed_at with it.
 */
export function observedSince(now: Date, days: number): Date | null {
  if (days <= 0) return null;
  return addDays(startOfShanghaiDay(shanghaiDate(now)), -(days - 1));
}

/** SQL twin of isUnderObservation over the row `i`, with `since` the parameter holding observedSince (NULL: none). */
export const UNDER_OBSERVATION_SQL = (since: string): string =>
  `(i.state IN ('CLOSED', 'REVISITED') AND i.duplicate_of_id IS NULL AND i.closed_at >= ${since}::timestamptz)`;
