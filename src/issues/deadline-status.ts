// "Overdue" and "due soon" (domain.md, Deadlines): only while the unit still holds the problem. "Held" is written here
// once for TypeScript and once for the queries' SQL (heldSql); the figures' bookings use the SQL function rectify_held.
import type { IssueRecord } from './issue.record.js';

const HOLDING = new Set(['ASSIGNED', 'RECTIFYING.inProgress']);
const HOLDING_SUBSTATES = [...HOLDING];

/**
 * "Held, with a deadline that can pass" over a row's columns, in the words of the holding indexes' predicates
 * (migrations 12, 13) so that the planner reads those indexes.
 */
export const heldSql = (substate: string, deadlineKind: string): string =>
  `${substate} IN (${HOLDING_SUBSTATES.map((s) => `'${s}'`).join(',')}) AND ${deadlineKind} <> 'LONG_TERM'`;

type DeadlineFields = Pick<IssueRecord, 'substate' | 'deadlineKind' | 'dueAt'>;

function held(issue: DeadlineFields): boolean {
  return HOLDING.has(issue.substate) && issue.deadlineKind !== 'LONG_TERM' && issue.dueAt !== null;
}

export function isOverdue(issue: DeadlineFields, now: Date): boolean {
  return held(issue) && issue.dueAt!.getTime() < now.getTime();
}

export function isDueSoon(issue: DeadlineFields, now: Date, windowDays: number): boolean {
  if (!held(issue)) return false;
  const due = issue.dueAt!.getTime();
  return due >= now.getTime() && due < now.getTime() + windowDays * 86_400_000;
}
