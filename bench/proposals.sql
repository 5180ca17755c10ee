-- What was tried by hand against the generated database (node dist/bench/serve-db.js; psql URL), with
-- node dist/bench/time-sql.js URL 'SQL' [RUNS] for p50/p99. Each block is undone at its end: the bench database
-- must stay the real schema. The measured effects are in the bench's notes (results.md) and the issue.

-- P1. The report's scan of `issues`: a covering, partial index so that "now" (and the as-of rewrite, whose bulk is
-- the problems unchanged since asOf) reads a narrow index instead of the wide heap (title, description, …).
CREATE INDEX issues_report_cover_idx ON issues (lead_unit_id)
  INCLUDE (state, substate, deadline_kind, due_at, completed_on_time, rebound_count, filed_at, closed_at, source,
           first_submitted_at, reply_due_at, satisfaction)
  WHERE duplicate_of_id IS NULL;
VACUUM (ANALYZE) issues;  -- index-only scans need the visibility map
-- … time the service's current() statement and HAND_NOW_SQL …
DROP INDEX issues_report_cover_idx;

-- P2. The as-of path: the service sorts every event up to asOf (DISTINCT ON (issue_id) … ORDER BY issue_id, seq DESC).
-- The rewrite in bench/hand-sql.ts (HAND_AS_OF_SQL) reads only the events after asOf (issue_events_at_idx) and the
-- last earlier event of each problem changed since (issue_events_issue_id_seq_key, backwards); every other problem is
-- its current row. No DDL needed; an index-only variant of the "after" scan:
CREATE INDEX issue_events_at_cover_idx ON issue_events (at) INCLUDE (issue_id, type, to_state);
VACUUM (ANALYZE) issue_events;
DROP INDEX issue_events_at_cover_idx;

-- P3. The weekly table from a snapshot: a job right after 00:00 Asia/Shanghai stores each unit's figures as of that
-- midnight (computed by the as-of query, so exact and final), with the week-to-date period counts.
CREATE TABLE unit_figures_daily (
  as_of timestamptz NOT NULL,
  unit_id uuid NOT NULL REFERENCES units(id),
  total int NOT NULL, closed int NOT NULL, completed_on_time int NOT NULL, overdue int NOT NULL, due_soon int NOT NULL,
  rebounds int NOT NULL, filed_in_period int NOT NULL, closed_in_period int NOT NULL, complaints int NOT NULL,
  reply_due int NOT NULL, replied_on_time int NOT NULL, rated int NOT NULL, satisfied int NOT NULL,
  PRIMARY KEY (as_of, unit_id)
);
DROP TABLE unit_figures_daily;

-- P4. The list. (a) A unit's problems it still holds, newest first: the overdue list without a sort.
CREATE INDEX issues_lead_holding_idx ON issues (lead_unit_id, filed_at DESC, id DESC)
  WHERE substate IN ('ASSIGNED','RECTIFYING.inProgress') AND deadline_kind <> 'LONG_TERM';
DROP INDEX issues_lead_holding_idx;
-- (b) lead OR cooperating as two ordered scans merged (UNION … ORDER BY … LIMIT) instead of a BitmapOr and a sort of
--     the unit's every problem; (c) totalCount only when asked, not recounted on every page.
