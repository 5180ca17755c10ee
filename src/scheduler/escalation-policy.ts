// Which rung a problem the unit still holds has reached: 预警 when due soon, 督办 once overdue,
// 挂牌督办 after N days overdue.
import type { EscalationLevel } from '../../workflows/issue.types.js';

const DAY_MS = 86_400_000;

export function reachedLevel(
  dueAt: Date,
  now: Date,
  dueSoonDays: number,
  namedSupervisionDays: number,
): EscalationLevel {
  const late = now.getTime() - dueAt.getTime();
  if (late > namedSupervisionDays * DAY_MS) return 'NAMED_SUPERVISION';
  if (late > 0) return 'SUPERVISION';
  if (-late < dueSoonDays * DAY_MS) return 'WARNING';
  return 'NONE';
}
