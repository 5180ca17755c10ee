// The figures of domain.md ("The figures"), counted per lead unit in one pass over the problems.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IssueSource } from '../../workflows/issue.types.js';

export interface CountsRow {
  unitId: string | null;
  total: number;
  closed: number;
  completedOnTime: number;
  overdue: number;
  dueSoon: number;
  rebounds: number;
  filedInPeriod: number;
  closedInPeriod: number;
}

export interface ReportScope {
  asOf: Date;
  periodStart: Date;
  dueSoonUntil: Date;
  sources: IssueSource[] | null;
  /** Restrict to problems led by this unit or any unit under it. */
  unitId: string | null;
}

@Injectable()
export class ClosureReportQuery {
  constructor(private readonly db: DataSource) {}

  /** Figures now, from the problems' current columns. */
  async current(scope: ReportScope): Promise<CountsRow[]> {
    return this.db.query(
      `WITH RECURSIVE subtree AS (
         SELECT id FROM units WHERE id = $4::uuid
         UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
       )
       SELECT i.lead_unit_id AS "unitId",
         count(*)::int AS total,
         count(*) FILTER (WHERE i.state IN ('CLOSED','REVISITED'))::int AS closed,
         count(*) FILTER (WHERE i.state IN ('CLOSED','REVISITED') AND i.completed_on_time)::int AS "completedOnTime",
         count(*) FILTER (WHERE ${HOLDING} AND i.due_at < $1)::int AS overdue,
         count(*) FILTER (WHERE ${HOLDING} AND i.due_at >= $1 AND i.due_at < $5)::int AS "dueSoon",
         coalesce(sum(i.rebound_count), 0)::int AS rebounds,
         count(*) FILTER (WHERE i.filed_at >= $2 AND i.filed_at <= $1)::int AS "filedInPeriod",
         count(*) FILTER (WHERE i.closed_at >= $2 AND i.closed_at <= $1)::int AS "closedInPeriod"
       FROM issues i
       WHERE i.filed_at <= $1
         AND ($3::text[] IS NULL OR i.source = ANY($3::text[]))
         AND ($4::uuid IS NULL OR i.lead_unit_id IN (SELECT id FROM subtree))
       GROUP BY i.lead_unit_id`,
      [scope.asOf, scope.periodStart, scope.sources, scope.unitId, scope.dueSoonUntil],
    );
  }
}

const HOLDING = `i.substate IN ('ASSIGNED','RECTIFYING.inProgress') AND i.deadline_kind <> 'LONG_TERM'`;
