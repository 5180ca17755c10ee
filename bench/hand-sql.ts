// The best SQL found by hand for the report's figures, on the schema as it is (no extra index, no rollup),
// to put the service's times in proportion. Parameters: $1 asOf, $2 periodStart, $3 the due-soon horizon.

/** The figures over a relation `s` holding each problem's facts at asOf (same definitions as the service). */
const FIGURES = `
  s.lead_unit_id AS "unitId",
  count(*)::int AS total,
  count(*) FILTER (WHERE s.closed)::int AS closed,
  count(*) FILTER (WHERE s.closed AND s.completed_on_time)::int AS "completedOnTime",
  count(*) FILTER (WHERE s.held AND s.due_at < $1)::int AS overdue,
  count(*) FILTER (WHERE s.held AND s.due_at >= $1 AND s.due_at < $3)::int AS "dueSoon",
  coalesce(sum(s.rebounds), 0)::int AS rebounds,
  count(*) FILTER (WHERE s.filed_at >= $2)::int AS "filedInPeriod",
  count(*) FILTER (WHERE s.closed_in_period)::int AS "closedInPeriod",
  count(*) FILTER (WHERE s.complaint)::int AS complaints,
  count(*) FILTER (WHERE s.complaint AND (s.first_submitted_at IS NOT NULL OR s.reply_due_at < $1))::int AS "replyDue",
  count(*) FILTER (WHERE s.complaint AND s.first_submitted_at <= s.reply_due_at)::int AS "repliedOnTime",
  count(*) FILTER (WHERE s.complaint AND s.closed AND s.satisfaction IS NOT NULL)::int AS rated,
  count(*) FILTER (WHERE s.complaint AND s.closed AND s.satisfaction IN ('SATISFIED','BASICALLY_SATISFIED'))::int AS satisfied`;

/** Now: one pass over the problems' current columns, grouped first, names looked up after (as the service does). */
export const HAND_NOW_SQL = `
  SELECT ${FIGURES}
  FROM (
    SELECT i.lead_unit_id, i.state IN ('CLOSED','REVISITED') AS closed, i.completed_on_time, i.due_at, i.rebound_count AS rebounds,
      i.filed_at, i.substate IN ('ASSIGNED','RECTIFYING.inProgress') AND i.deadline_kind <> 'LONG_TERM' AS held,
      (i.closed_at >= $2 AND i.closed_at <= $1) AS closed_in_period, i.source = 'PUBLIC_COMPLAINT' AS complaint,
      i.first_submitted_at, i.reply_due_at, i.satisfaction
    FROM issues i
    WHERE i.filed_at <= $1 AND i.duplicate_of_id IS NULL
  ) s
  GROUP BY s.lead_unit_id`;

/**
 * As of a past moment. A problem with no event after asOf is, at asOf, exactly its current row; only the problems
 * changed since (few, for a recent week) need their last log row at or before asOf. Rebounds at asOf are the
 * current count less those logged after asOf. Assumes, as the service's own as-of query does, that a problem's
 * events are logged in time order (the row lock serialises them).
 */
export const HAND_AS_OF_SQL = `
  WITH after AS MATERIALIZED (
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
  closed_in_period AS (
    SELECT DISTINCT e.issue_id FROM issue_events e WHERE e.type = 'close' AND e.at >= $2 AND e.at <= $1
  ),
  s AS (
    SELECT
      CASE WHEN w.issue_id IS NULL THEN i.lead_unit_id ELSE w.lead_unit_id END AS lead_unit_id,
      CASE WHEN w.issue_id IS NULL THEN i.substate ELSE w.to_state END AS substate,
      CASE WHEN w.issue_id IS NULL THEN i.deadline_kind ELSE w.deadline_kind END AS deadline_kind,
      CASE WHEN w.issue_id IS NULL THEN i.due_at ELSE w.due_at END AS due_at,
      CASE WHEN w.issue_id IS NULL THEN i.completed_on_time ELSE w.completed_on_time END AS completed_on_time,
      CASE WHEN w.issue_id IS NULL THEN i.first_submitted_at ELSE w.first_submitted_at END AS first_submitted_at,
      CASE WHEN w.issue_id IS NULL THEN i.satisfaction ELSE w.satisfaction END AS satisfaction,
      CASE WHEN w.issue_id IS NULL THEN i.duplicate_of_id ELSE w.duplicate_of_id END AS duplicate_of_id,
      i.rebound_count - coalesce(w.rebounds_after, 0) AS rebounds,
      i.filed_at, i.source = 'PUBLIC_COMPLAINT' AS complaint, i.reply_due_at,
      c.issue_id IS NOT NULL AS closed_in_period
    FROM issues i
    LEFT JOIN was w ON w.issue_id = i.id
    LEFT JOIN closed_in_period c ON c.issue_id = i.id
    WHERE i.filed_at <= $1
  )
  SELECT ${FIGURES}
  FROM (
    SELECT s.*, s.substate IN ('CLOSED','REVISITED') AS closed,
      s.substate IN ('ASSIGNED','RECTIFYING.inProgress') AND s.deadline_kind <> 'LONG_TERM' AS held
    FROM s WHERE s.duplicate_of_id IS NULL
  ) s
  GROUP BY s.lead_unit_id`;
