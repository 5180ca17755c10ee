// The figures of domain.md from the rollups the log's trigger keeps (migration 1763900000004), now or as of any
// moment, in time that grows with a day's events and the problems open at that moment, not with the whole list:
//  - counted figures (total, closed, …): the day and month buckets before asOf, plus, when asOf falls inside a day
//    that has events after it, that day's change so far read from the log;
//  - overdue, due soon, reply due: the spans (held with a deadline, complaint awaiting its reply) containing asOf;
//  - filed and closed in the period: those problems, under the unit that led them at asOf.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CountsRow, ReportScope } from './closure-report.query.js';

const NO_UNIT = '00000000-0000-0000-0000-000000000000';
const COUNTED = ['total', 'closed', 'completed_on_time', 'rebounds', 'complaints', 'replied_on_time', 'rated', 'satisfied'];
const sums = (sign = '') => COUNTED.map((c) => `sum(${sign}${c})::int AS ${c}`).join(', ');
/** Rows of a relation with unit_id and source within the request's sources ($3) and unit subtree ($4). */
const IN_SCOPE = `($3::text[] IS NULL OR source = ANY($3::text[])) AND ($4::uuid IS NULL OR unit_id IN (SELECT id FROM subtree))`;

@Injectable()
export class RollupReportQuery {
  constructor(private readonly db: DataSource) {}

  /** $1 asOf, $2 periodStart, $3 sources, $4 unit, $5 due-soon end. */
  figures(scope: ReportScope): Promise<CountsRow[]> {
    return this.db.query(
      `WITH RECURSIVE subtree AS (
         SELECT id FROM units WHERE id = $4::uuid
         UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
       ),
       -- Whole days up to asOf's day; its own day whole too when nothing was logged after asOf (now, or a day's end).
       p AS (
         SELECT d, date_trunc('month', d)::date AS month, start,
           NOT EXISTS (SELECT 1 FROM issue_events e WHERE e.at > $1::timestamptz AND e.at < start + interval '1 day') AS whole_day
         FROM (SELECT rectify_day($1::timestamptz) AS d, (rectify_day($1::timestamptz)::timestamp AT TIME ZONE 'Asia/Shanghai') AS start) x
       ),
       buckets AS (
         SELECT r.unit_id, r.source, ${COUNTED.map((c) => `r.${c}`).join(', ')}
           FROM report_counts r, p
          WHERE (r.grain = 'M' AND r.bucket < p.month)
             OR (r.grain = 'D' AND r.bucket >= p.month AND (r.bucket < p.d OR (r.bucket = p.d AND p.whole_day)))
       ),
       -- Otherwise asOf's day so far: each problem logged that day, its figures at asOf less those at the day's start.
       touched AS (
         SELECT DISTINCT e.issue_id FROM issue_events e, p
          WHERE NOT p.whole_day AND e.at >= p.start AND e.at <= $1::timestamptz
       ),
       today AS (
         SELECT f.unit_id, f.source, ${COUNTED.map((c) => `s.sign * f.${c} AS ${c}`).join(', ')}
           FROM touched t CROSS JOIN p
           CROSS JOIN LATERAL (VALUES (1), (-1)) s(sign)
           CROSS JOIN LATERAL (
             SELECT * FROM report_event_figures f
              WHERE f.issue_id = t.issue_id AND (CASE WHEN s.sign = 1 THEN f.at <= $1::timestamptz ELSE f.at < p.start END)
              ORDER BY f.seq DESC LIMIT 1
           ) f
       ),
       counted AS (
         SELECT unit_id, ${sums()} FROM (SELECT * FROM buckets UNION ALL SELECT * FROM today) x
          WHERE ${IN_SCOPE} GROUP BY unit_id
       ),
       spans AS (
         SELECT unit_id,
           count(*) FILTER (WHERE kind = 'HELD' AND due_at < $1)::int AS overdue,
           count(*) FILTER (WHERE kind = 'HELD' AND due_at >= $1 AND due_at < $5)::int AS due_soon,
           count(*) FILTER (WHERE kind = 'AWAITING_REPLY' AND (due_at IS NULL OR due_at >= $1))::int AS awaiting
         FROM (SELECT ri.kind, ri.source, ri.due_at, coalesce(ri.unit_id, '${NO_UNIT}') AS unit_id FROM report_intervals ri
                WHERE tstzrange(ri.from_at, ri.to_at, '[)') @> $1::timestamptz) r
         WHERE ${IN_SCOPE}
         GROUP BY unit_id
       ),
       period AS (
         SELECT i.id, i.source, i.filed_at >= $2 AS filed, c.issue_id IS NOT NULL AS closed
           FROM (SELECT id AS issue_id FROM issues WHERE filed_at >= $2 AND filed_at <= $1
                 UNION SELECT issue_id FROM issue_events WHERE type = 'close' AND at >= $2 AND at <= $1) x
           JOIN issues i ON i.id = x.issue_id
           LEFT JOIN (SELECT DISTINCT issue_id FROM issue_events WHERE type = 'close' AND at >= $2 AND at <= $1) c ON c.issue_id = i.id
       ),
       in_period AS (
         SELECT unit_id, count(*) FILTER (WHERE filed)::int AS filed, count(*) FILTER (WHERE closed)::int AS closed
         FROM (
           SELECT coalesce(l.lead_unit_id, '${NO_UNIT}') AS unit_id, pr.source, pr.filed, pr.closed
             FROM period pr CROSS JOIN LATERAL (
               SELECT e.lead_unit_id, e.duplicate_of_id FROM issue_events e
                WHERE e.issue_id = pr.id AND e.at <= $1 ORDER BY e.seq DESC LIMIT 1
             ) l
            WHERE l.duplicate_of_id IS NULL
         ) x
         WHERE ${IN_SCOPE}
         GROUP BY unit_id
       )
       SELECT nullif(c.unit_id, '${NO_UNIT}') AS "unitId", c.total, c.closed, c.completed_on_time AS "completedOnTime",
         coalesce(s.overdue, 0) AS overdue, coalesce(s.due_soon, 0) AS "dueSoon", c.rebounds,
         coalesce(ip.filed, 0) AS "filedInPeriod", coalesce(ip.closed, 0) AS "closedInPeriod", c.complaints,
         c.complaints - coalesce(s.awaiting, 0) AS "replyDue", c.replied_on_time AS "repliedOnTime", c.rated, c.satisfied
       FROM counted c
       LEFT JOIN spans s ON s.unit_id = c.unit_id
       LEFT JOIN in_period ip ON ip.unit_id = c.unit_id
       WHERE c.total > 0`,
      [scope.asOf, scope.periodStart, scope.sources, scope.unitId, scope.dueSoonUntil],
    );
  }
}
