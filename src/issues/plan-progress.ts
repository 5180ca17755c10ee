// 序时推进: how far a plan says the work should be by a moment, and whether it is behind — the TypeScript side; the
// table's count is its SQL twin (src/reports/closure-stages.query.ts, BEHIND_SCHEDULE).
import type { RectificationPlan } from '../../workflows/issue.types.js';

/** Expected progress by `at` (序时进度): the share of the plan's milestones due by then, as a whole percentage. */
export function expectedProgress(plan: RectificationPlan, at: Date): number {
  const due = plan.milestones.filter((m) => Date.parse(m.dueAt) <= at.getTime()).length;
  return Math.round((100 * due) / plan.milestones.length);
}

/** A milestone past its date while not done (节点逾期), of a plan in force. */
export function overdueMilestones(plan: RectificationPlan, at: Date): RectificationPlan['milestones'] {
  if (plan.status !== 'IN_FORCE') return [];
  return plan.milestones.filter((m) => m.doneAt === null && Date.parse(m.dueAt) < at.getTime());
}
