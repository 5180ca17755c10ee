// The figures of domain.md ("The figures"), counted per lead unit in one pass.
// Now: from the problems' current columns. As of a past moment: from each problem's last log row at that moment,
// which records the state, lead unit and deadline after the event — so last week's table reads the same next month.
// Duplicates (marked by the office) count in neither.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IssueSource } from '../../workflows/issue.types.js';

export interface Counts {
  total: number;
  closed: number;
  completedOnTime: number;
  overdue: number;
  dueSoon: number;
  rebounds: number;
  filedInPeriod: number;
  closedInPeriod: number;
  complaints: number;
  replyDue: number;
  repliedOnTime: number;
  rated: number;
  satisfied: number;
}

export interface CountsRow extends Counts {
  unitId: string | null;
}

export interface ReportScope {
  asOf: Date;
  periodStart: Date;
  dueSoonUntil: Date;
  sources: IssueSource[] | null;
  /** Count a derived problem (举一反三) under its parent's source, e.g. with the central inspection's batch. */
  childrenUnderParentSource?: boolean;
  /** Restrict to problems led by this unit or any unit under it. */
  unitId: string | null;
}

const SUBTREE = `subtree AS (
  SELECT id FROM units WHERE id = $4::uuid
  UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
)`;

/** Aggregates over a relation `s` with the columns of one problem at asOf. $1 asOf, $2 periodStart, $5 due-soon end. */
const FIGURES = `
  s.lead_unit_id AS "unitId",
  count(*)::int AS total,
  count(*) FILTER (WHERE s.state IN ('CLOSED','REVISITED'))::int AS closed,
  count(*) FILTER (WHERE s.state IN ('CLOSED','REVISITED') AND s.completed_on_time)::int AS "completedOnTime",
  count(*) FILTER (WHERE s.held AND s.due_at < $1)::int AS overdue,
  count(*) FILTER (WHERE s.held AND s.due_at >= $1 AND s.due_at < $5)::int AS "dueSoon",
  coalesce(sum(s.rebounds), 0)::int AS rebounds,
  count(*) FILTER (WHERE s.filed_at >= $2 AND s.filed_at <= $1)::int AS "filedInPeriod",
  count(*) FILTER (WHERE s.closed_in_period)::int AS "closedInPeriod",
  count(*) FILTER (WHERE s.complaint)::int AS complaints,
  count(*) FILTER (WHERE s.complaint AND (s.first_submitted_at IS NOT NULL OR s.reply_due_at < $1))::int AS "replyDue",
  count(*) FILTER (WHERE s.complaint AND s.first_submitted_at <= s.reply_due_at)::int AS "repliedOnTime",
  count(*) FILTER (WHERE s.complaint AND s.state IN ('CLOSED','REVISITED') AND s.satisfaction IS NOT NULL)::int AS rated,
  count(*) FILTER (WHERE s.complaint AND s.state IN ('CLOSED','REVISITED')
                     AND s.satisfaction IN ('SATISFIED','BASICALLY_SATISFIED'))::int AS satisfied`;

/** Problems closed (销号) during the period, even if a rebound has reopened them since: read from the log in both paths. */
const CLOSED_IN_PERIOD = `closed_in_period AS (
  SELECT DISTINCT e.issue_id FROM issue_events e WHERE e.type = 'close' AND e.at >= $2 AND e.at <= $1
)`;

/** The source a problem counts under ($6: derived problems under their parent's). */
const SOURCE = `CASE WHEN $6::boolean AND parent.id IS NOT NULL THEN parent.source ELSE i.source END`;

const HELD = (substate: string, kind: string) =>
  `(${substate} IN ('ASSIGNED','RECTIFYING.inProgress') AND ${kind} <> 'LONG_TERM')`;

@Injectable()
export class ClosureReportQuery {
  constructor(private readonly db: DataSource) {}

  current(scope: ReportScope): Promise<CountsRow[]> {
    return this.db.query(
      `WITH RECURSIVE ${SUBTREE},
       ${CLOSED_IN_PERIOD},
       s AS (
         SELECT i.lead_unit_id, i.state, i.completed_on_time, i.due_at, i.rebound_count AS rebounds, i.filed_at,
           ${HELD('i.substate', 'i.deadline_kind')} AS held,
           (c.issue_id IS NOT NULL) AS closed_in_period,
           i.source = 'PUBLIC_COMPLAINT' AS complaint, i.first_submitted_at, i.reply_due_at, i.satisfaction
         FROM issues i
         LEFT JOIN issues parent ON parent.id = i.parent_id
         LEFT JOIN closed_in_period c ON c.issue_id = i.id
         WHERE i.filed_at <= $1 AND i.duplicate_of_id IS NULL
           AND ($3::text[] IS NULL OR ${SOURCE} = ANY($3::text[]))
           AND ($4::uuid IS NULL OR i.lead_unit_id IN (SELECT id FROM subtree))
       )
       SELECT ${FIGURES} FROM s GROUP BY s.lead_unit_id`,
      [scope.asOf, scope.periodStart, scope.sources, scope.unitId, scope.dueSoonUntil, scope.childrenUnderParentSource ?? false],
    );
  }

  asOf(scope: ReportScope): Promise<CountsRow[]> {
    return this.db.query(
      `WITH RECURSIVE ${SUBTREE},
       last AS (
         SELECT DISTINCT ON (e.issue_id) e.issue_id, e.to_state, e.lead_unit_id, e.due_at, e.deadline_kind,
           e.completed_on_time, e.first_submitted_at, e.satisfaction, e.duplicate_of_id
         FROM issue_events e WHERE e.at <= $1
         ORDER BY e.issue_id, e.seq DESC
       ),
       rebounded AS (
         SELECT e.issue_id, count(*) AS n FROM issue_events e
          WHERE e.type = 'revisit' AND e.to_state = 'RECTIFYING.inProgress' AND e.at <= $1 GROUP BY e.issue_id
       ),
       ${CLOSED_IN_PERIOD},
       s AS (
         SELECT l.lead_unit_id, split_part(l.to_state, '.', 1) AS state, l.completed_on_time, l.due_at,
           coalesce(r.n, 0) AS rebounds, i.filed_at,
           ${HELD('l.to_state', 'l.deadline_kind')} AS held,
           (c.issue_id IS NOT NULL) AS closed_in_period,
           i.source = 'PUBLIC_COMPLAINT' AS complaint, l.first_submitted_at, i.reply_due_at, l.satisfaction
         FROM last l
         JOIN issues i ON i.id = l.issue_id
         LEFT JOIN issues parent ON parent.id = i.parent_id
         LEFT JOIN rebounded r ON r.issue_id = l.issue_id
         LEFT JOIN closed_in_period c ON c.issue_id = l.issue_id
         WHERE l.duplicate_of_id IS NULL
           AND ($3::text[] IS NULL OR ${SOURCE} = ANY($3::text[]))
           AND ($4::uuid IS NULL OR l.lead_unit_id IN (SELECT id FROM subtree))
       )
       SELECT ${FIGURES} FROM s GROUP BY s.lead_unit_id`,
      [scope.asOf, scope.periodStart, scope.sources, scope.unitId, scope.dueSoonUntil, scope.childrenUnderParentSource ?? false],
    );
  }
}
