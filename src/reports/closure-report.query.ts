// The figures of domain.md ("The figures"), counted per lead unit in one pass.
// Now: from the problems' current columns. As of a past moment: from the current columns of the problems unchanged
// since, and the last log row at that moment of those changed since (the log records the state, lead unit and
// deadline after each event) — so last week's table reads the same next month.
// Duplicates (marked by the office) count in neither.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IssueSource } from '../../workflows/issue.types.js';
import type { UnitRecord } from '../units/unit.record.js';
import { unitJsonOf } from '../units/units.repository.js';

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
  /** Read with the figures (one statement, not a second for the units). */
  unit: UnitRecord | null;
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
  s.lead_unit_id AS "unitId", ${unitJsonOf('s.lead_unit_id')} AS unit,
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
const SOURCE = (alias: string) => `CASE WHEN $6::boolean AND parent.id IS NOT NULL THEN parent.source ELSE ${alias}.source END`;

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
           AND ($3::text[] IS NULL OR ${SOURCE('i')} = ANY($3::text[]))
           AND ($4::uuid IS NULL OR i.lead_unit_id IN (SELECT id FROM subtree))
       )
       SELECT ${FIGURES} FROM s GROUP BY s.lead_unit_id`,
      [scope.asOf, scope.periodStart, scope.sources, scope.unitId, scope.dueSoonUntil, scope.childrenUnderParentSource ?? false],
    );
  }

  /**
   * A problem with no event after asOf was, at asOf, exactly its current row; only the problems changed since (few,
   * for last week) need their last log row at or before asOf. Rebounds at asOf are the current count less those
   * logged after. Relies on a problem's events being logged in time order, which its row lock guarantees.
   */
  asOf(scope: ReportScope): Promise<CountsRow[]> {
    return this.db.query(
      `WITH RECURSIVE ${SUBTREE},
       after AS MATERIALIZED (
         SELECT e.issue_id,
           count(*) FILTER (WHERE e.type = 'revisit' AND e.to_state = 'RECTIFYING.inProgress')::int AS rebounds_after
         FROM issue_events e WHERE e.at > $1 GROUP BY e.issue_id
       ),
       was AS MATERIALIZED (
         SELECT a.issue_id, a.rebounds_after, l.*
         FROM after a CROSS JOIN LATERAL (
           SELECT e.to_state, e.lead_unit_id, e.due_at, e.deadline_kind, e.completed_on_time, e.first_submitted_at,
             e.satisfaction, e.duplicate_of_id
           FROM issue_events e WHERE e.issue_id = a.issue_id AND e.at <= $1 ORDER BY e.seq DESC LIMIT 1
         ) l
       ),
       ${CLOSED_IN_PERIOD},
       facts AS (
         SELECT i.id, i.source, i.parent_id, i.filed_at, i.reply_due_at,
           CASE WHEN w.issue_id IS NULL THEN i.substate ELSE w.to_state END AS substate,
           CASE WHEN w.issue_id IS NULL THEN i.lead_unit_id ELSE w.lead_unit_id END AS lead_unit_id,
           CASE WHEN w.issue_id IS NULL THEN i.due_at ELSE w.due_at END AS due_at,
           CASE WHEN w.issue_id IS NULL THEN i.deadline_kind ELSE w.deadline_kind END AS deadline_kind,
           CASE WHEN w.issue_id IS NULL THEN i.completed_on_time ELSE w.completed_on_time END AS completed_on_time,
           CASE WHEN w.issue_id IS NULL THEN i.first_submitted_at ELSE w.first_submitted_at END AS first_submitted_at,
           CASE WHEN w.issue_id IS NULL THEN i.satisfaction ELSE w.satisfaction END AS satisfaction,
           CASE WHEN w.issue_id IS NULL THEN i.duplicate_of_id ELSE w.duplicate_of_id END AS duplicate_of_id,
           i.rebound_count - coalesce(w.rebounds_after, 0) AS rebounds
         FROM issues i LEFT JOIN was w ON w.issue_id = i.id
         WHERE i.filed_at <= $1
       ),
       s AS (
         SELECT f.lead_unit_id, split_part(f.substate, '.', 1) AS state, f.completed_on_time, f.due_at, f.rebounds, f.filed_at,
           ${HELD('f.substate', 'f.deadline_kind')} AS held,
           (c.issue_id IS NOT NULL) AS closed_in_period,
           f.source = 'PUBLIC_COMPLAINT' AS complaint, f.first_submitted_at, f.reply_due_at, f.satisfaction
         FROM facts f
         LEFT JOIN issues parent ON parent.id = f.parent_id
         LEFT JOIN closed_in_period c ON c.issue_id = f.id
         WHERE f.duplicate_of_id IS NULL
           AND ($3::text[] IS NULL OR ${SOURCE('f')} = ANY($3::text[]))
           AND ($4::uuid IS NULL OR f.lead_unit_id IN (SELECT id FROM subtree))
       )
       SELECT ${FIGURES} FROM s GROUP BY s.lead_unit_id`,
      [scope.asOf, scope.periodStart, scope.sources, scope.unitId, scope.dueSoonUntil, scope.childrenUnderParentSource ?? false],
    );
  }
}
