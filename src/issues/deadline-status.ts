// "Overdue" and "due soon" (domain.md, Deadlines): only while the unit still holds the problem. "Held" is written here
// once for TypeScript and once for the queries' SQL (heldSql); the figures' bookings use the SQL function rectify_held.
// "Open" (not closed, not a duplicate) is written here for the queries too (openSql).
import { daysBetween, deadlineDay, shanghaiDate } from '../common/shanghai-time.js';
import type { IssueRecord } from './issue.record.js';

const HOLDING = new Set(['ASSIGNED', 'RECTIFYING.inProgress']);
const HOLDING_SUBSTATES = [...HOLDING];

/**
 * "Held, with a deadline that can pass" over a row's columns, in the words of the holding indexes' predicates
 * (migrations 12, 13) so that the planner reads those indexes.
 */
export const heldSql = (substate: string, deadlineKind: string): string =>
  `${substate} IN (${HOLDING_SUBSTATES.map((s) => `'${s}'`).join(',')}) AND ${deadlineKind} <> 'LONG_TERM'`;

/** Closed: 销号, and looked back on since (回头看) — until a rebound reopens it. */
export const CLOSED_STATES = ['CLOSED', 'REVISITED'] as const;

/** "Open" over a row of `issues` (its alias): not closed, and not a duplicate (a duplicate leaves the figures). */
export const openSql = (alias: string): string =>
  `${alias}.state NOT IN (${CLOSED_STATES.map((s) => `'${s}'`).join(',')}) AND ${alias}.duplicate_of_id IS NULL`;

type DeadlineFields = Pick<IssueRecord, 'substate' | 'deadlineKind' | 'dueAt'>;

function held(issue: DeadlineFields): boolean {
  return HOLDING.has(issue.substate) && issue.deadlineKind !== 'LONG_TERM' && issue.dueAt !== null;
}

export function isOverdue(issue: DeadlineFields, now: Date): boolean {
  return held(issue) && issue.dueAt!.getTime() < now.getTime();
}

/**
 * Calendar days (Asia/Shanghai) from the deadline's day to today while overdue, else 0: the bulletin's 逾期天数 and the
 * overdue reminders count the same way.
 */
export function daysOverdue(issue: DeadlineFields, now: Date): number {
  return isOverdue(issue, now) ? daysBetween(deadlineDay(issue.dueAt!), shanghaiDate(now)) : 0;
}

export function isDueSoon(issue: DeadlineFields, now: Date, windowDays: number): boolean {
  if (!held(issue)) return false;
  const due = issue.dueAt!.getTime();
  return due >= now.getTime() && due < now.getTime() + windowDays * 86_400_000;
}
