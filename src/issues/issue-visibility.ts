import type { Actor } from '../../workflows/issue.types.js';
import type { IssueRecord } from './issue.record.js';

/** A unit sees the problems it leads or cooperates on; the office, leaders and the scheduler see all. */
export function canSee(actor: Actor, issue: Pick<IssueRecord, 'leadUnitId' | 'cooperatingUnitIds'>): boolean {
  if (actor.role !== 'UNIT') return true;
  return actor.unitId !== null && (issue.leadUnitId === actor.unitId || issue.cooperatingUnitIds.includes(actor.unitId));
}
