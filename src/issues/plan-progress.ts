// 序时推进: how far a plan says the work should be by a moment, and whether it is behind — the TypeScript side; the
// table's count is its SQL twin (src/reports/closure-stages.query.ts, BEHIND_SCHEDULE).
import type { RectificationPlan } from '../../workflows/issue.types.js';

/** Expected progress by `at` (序时进度): the share of the plan's milestones due by then, as a whole percentage. */
export function expectedProgress(plan: RectificationPlan, at: Date): number {
  const due = plan.milestones.filter((m) => Date.parse(m.dueAt) <= at.getTime()).length;
  return Math.round((100 * due) / plan.milestones.length);
}

/**
 * SQL twin of overdueMilestones over the problem row `i`: its plan in force, and a subquery of the milestones (column
 * `m`) past `now` (an SQL expression) and not done, earliest first.
 */
export const PLAN_IN_FORCE_SQL = `i.plan IS NOT NULL AND i.plan->>'status' = 'IN_FORCE'`;
export const overdueMilestonesSql = (now: string): string =>
  `(SELECT m FROM jsonb_array_elements(i.plan->'milestones') m
     WHERE m->>'doneAt' IS NULL AND (m->>'dueAt')::timestamptz < ${now} ORDER BY (m->>'dueAt')::timestamptz)`;

/** A milestone past its date while not done (节点逾期), of a plan in force. */
export function overdueMilestones(plan: RectificationPlan, at: Date): RectificationPlan['milestones'] {
  if (plan.status !== 'IN_FORCE') return [];
  return plan.milestones.filter((m) => m.doneAt === null && Date.parse(m.dueAt) < at.getTime());
}
