// "Overdue" and "due soon" (domain.md, Deadlines): only while the unit still holds the problem.
// The SQL twin of these predicates is in issue-list.query.ts; both must say the same.
import type { IssueRecord } from './issue.record.js';

const HOLDING = new Set(['ASSIGNED', 'RECTIFYING.inProgress']);
export const HOLDING_SUBSTATES = [...HOLDING];

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
