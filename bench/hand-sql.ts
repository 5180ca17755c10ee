// The figures of domain.md written from their definitions over the problems and the log, independently of the
// service's bookings: a problem's facts at a moment are its last log row by then, rebounds the rebound events by then,
// closed in the period the problems with a close event in it. Slow on purpose (it reads the whole log up to the
// moment): the bench checks the service's figures against it unit by unit, the e2e tests at every moment they try.
// A problem counts under its lead unit (LEAD), or under each unit cooperating on it (COOPERATING): those the last assign
// or reassign by then named, none after a return.
// Parameters: $1 asOf, $2 periodStart, $3 the due-soon horizon, $4 sources (or NULL), $5 a unit and its sub-units (or
// NULL), $6 count derived problems under their parents' sources, $7 the role, $8 a batch or a round (or NULL).

export const HAND_SQL = `
  WITH RECURSIVE subtree AS (
    SELECT id FROM units WHERE id = $5::uuid
    UNION ALL SELECT u.id FROM units u JOIN subtree t ON u.parent_id = t.id
  ),
  was AS (
    SELECT DISTINCT ON (e.issue_id) e.issue_id, e.to_state, e.lead_unit_id, e.due_at, e.deadline_kind, e.completed_on_time,
      e.first_submitted_at, e.satisfaction, e.duplicate_of_id
    FROM issue_events e WHERE e.at <= $1::timestamptz ORDER BY e.issue_id, e.seq DESC
  ),
  holders AS (
    SELECT DISTINCT ON (e.issue_id) e.issue_id,
      CASE WHEN e.type = 'return' THEN '[]'::jsonb ELSE e.payload -> 'cooperatingUnitIds' END AS cooperating
    FROM issue_events e
    WHERE $7::text = 'COOPERATING' AND e.at <= $1::timestamptz AND e.type IN ('assign', 'reassign', 'return') ORDER BY e.issue_id, e.seq DESC
  ),
  rebounds AS (
    SELECT issue_id, count(*)::int AS n FROM issue_events
     WHERE at <= $1::timestamptz AND type = 'revisit' AND to_state = 'RECTIFYING.inProgress' GROUP BY issue_id
  ),
  closed_in_period AS (
    SELECT DISTINCT issue_id FROM issue_events WHERE type = 'close' AND at >= $2::timestamptz AND at <= $1::timestamptz
  ),
  s AS (
    SELECT u.unit_id,
      split_part(w.to_state, '.', 1) IN ('CLOSED', 'REVISITED') AS closed,
      w.to_state IN ('ASSIGNED', 'RECTIFYING.inProgress') AND w.deadline_kind IS DISTINCT FROM 'LONG_TERM' AS held,
      w.completed_on_time, w.due_at, coalesce(r.n, 0) AS rebounds, i.filed_at, c.issue_id IS NOT NULL AS closed_in_period,
      i.source = 'PUBLIC_COMPLAINT' AS complaint, w.first_submitted_at, i.reply_due_at, w.satisfaction
    FROM was w
    JOIN issues i ON i.id = w.issue_id
    LEFT JOIN issues parent ON parent.id = i.parent_id
    LEFT JOIN rebounds r ON r.issue_id = w.issue_id
    LEFT JOIN closed_in_period c ON c.issue_id = w.issue_id
    LEFT JOIN holders h ON h.issue_id = w.issue_id
    CROSS JOIN LATERAL (
      SELECT w.lead_unit_id WHERE $7::text = 'LEAD'
      UNION ALL
      SELECT x::uuid FROM jsonb_array_elements_text(coalesce(h.cooperating, '[]'::jsonb)) x WHERE $7::text = 'COOPERATING'
    ) u(unit_id)
    WHERE w.duplicate_of_id IS NULL
      AND ($8::text IS NULL OR i.batch = $8::text OR left(i.batch, length($8::text) + 1) = $8::text || ' ')
      AND ($4::text[] IS NULL OR (CASE WHEN $6::boolean AND parent.id IS NOT NULL THEN parent.source ELSE i.source END) = ANY($4::text[]))
      AND ($5::uuid IS NULL OR u.unit_id IN (SELECT id FROM subtree))
  )
  SELECT s.unit_id AS "unitId",
    count(*)::int AS total,
    count(*) FILTER (WHERE s.closed)::int AS closed,
    count(*) FILTER (WHERE s.closed AND s.completed_on_time)::int AS "completedOnTime",
    count(*) FILTER (WHERE s.held AND s.due_at < $1::timestamptz)::int AS overdue,
    count(*) FILTER (WHERE s.held AND s.due_at >= $1::timestamptz AND s.due_at < $3::timestamptz)::int AS "dueSoon",
    sum(s.rebounds)::int AS rebounds,
    count(*) FILTER (WHERE s.filed_at >= $2::timestamptz AND s.filed_at <= $1::timestamptz)::int AS "filedInPeriod",
    count(*) FILTER (WHERE s.closed_in_period)::int AS "closedInPeriod",
    count(*) FILTER (WHERE s.complaint)::int AS complaints,
    count(*) FILTER (WHERE s.complaint AND (s.first_submitted_at IS NOT NULL OR s.reply_due_at < $1::timestamptz))::int AS "replyDue",
    count(*) FILTER (WHERE s.complaint AND s.first_submitted_at <= s.reply_due_at)::int AS "repliedOnTime",
    count(*) FILTER (WHERE s.complaint AND s.closed AND s.satisfaction IS NOT NULL)::int AS rated,
    count(*) FILTER (WHERE s.complaint AND s.closed AND s.satisfaction IN ('SATISFIED', 'BASICALLY_SATISFIED'))::int AS satisfied
  FROM s
  GROUP BY s.unit_id`;

export interface HandScope {
  asOf: Date;
  periodStart: Date;
  dueSoonUntil: Date;
  sources?: readonly string[] | null;
  unitId?: string | null;
  childrenUnderParentSource?: boolean;
  unitRole?: 'LEAD' | 'COOPERATING';
  batch?: string | null;
}

export const handParams = (s: HandScope): unknown[] => [
  s.asOf,
  s.periodStart,
  s.dueSoonUntil,
  s.sources?.length ? s.sources : null,
  s.unitId ?? null,
  s.childrenUnderParentSource ?? false,
  s.unitRole ?? 'LEAD',
  s.batch ?? null,
];

/**
 * The export's overdue sheet at $1, from every problem's last log row by then (DISTINCT ON over the whole log): the
 * problems a unit held past their deadline, oldest deadline first.
 */
export const OVERDUE_SCAN = `
  WITH last AS (
    SELECT DISTINCT ON (e.issue_id) e.issue_id, e.to_state, e.lead_unit_id, e.due_at, e.deadline_kind, e.duplicate_of_id
      FROM issue_events e WHERE e.at <= $1 ORDER BY e.issue_id, e.seq DESC
  )
  SELECT i.code FROM last l JOIN issues i ON i.id = l.issue_id
   WHERE l.duplicate_of_id IS NULL AND l.to_state IN ('ASSIGNED','RECTIFYING.inProgress') AND l.deadline_kind <> 'LONG_TERM' AND l.due_at < $1
   ORDER BY l.due_at, i.code`;
