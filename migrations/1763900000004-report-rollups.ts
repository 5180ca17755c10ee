import type { MigrationInterface, QueryRunner } from 'typeorm';

// The table's figures kept current as events are appended, so that closureReport and weeklyReport read a few thousand
// rows instead of every problem and event, now or as of any moment:
//  - report_counts: per lead unit and source, the change in each counted figure (total, closed, …) bucketed by the
//    Shanghai day, month and year of the event that made it. The figures at a moment are all the years' buckets less
//    those after the moment (a few for a recent moment), less the change made later that day (read from the log).
//  - report_intervals: the spans during which a problem was held by a unit with a deadline (HELD) or a complaint awaited
//    its reply (AWAITING_REPLY): overdue, due-soon and reply-due counts at a moment are the spans containing it.
// One trigger on the log keeps both in the statement that appends the events (every path: transitions, filings,
// imports); rectify_rollup_rebuild() recomputes both from the log, set-based, and gives the same rows.
/** Any figure changed: rows that change nothing are not written (no lock taken on a bucket). */
const nonzero = (sign: string, row: string) =>
  ['total', 'closed', 'completed_on_time', 'rebounds', 'complaints', 'replied_on_time', 'rated', 'satisfied']
    .map((c) => `sum(${sign} * ${row}.${c}) <> 0`)
    .join(' OR ');

/** The spans a log row opens: held by its unit with a deadline; a complaint not yet answered. `e`: the row's alias. */
const INTERVAL_KINDS = (e: string) => `
  ('HELD', ${e}.due_at, ${e}.to_state IN ('ASSIGNED','RECTIFYING.inProgress') AND ${e}.deadline_kind <> 'LONG_TERM'),
  ('AWAITING_REPLY', i.reply_due_at, i.source = 'PUBLIC_COMPLAINT' AND ${e}.first_submitted_at IS NULL)`;

export class ReportRollups1763900000004 implements MigrationInterface {
  name = 'ReportRollups1763900000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_counts (
        grain char(1) NOT NULL CHECK (grain IN ('D','M','Y')),
        bucket date NOT NULL,
        -- the nil uuid stands for "no lead unit yet"
        unit_id uuid NOT NULL,
        source text NOT NULL,
        total int NOT NULL,
        closed int NOT NULL,
        completed_on_time int NOT NULL,
        rebounds int NOT NULL,
        complaints int NOT NULL,
        replied_on_time int NOT NULL,
        rated int NOT NULL,
        satisfied int NOT NULL,
        PRIMARY KEY (grain, bucket, unit_id, source)
      )`);
    await q.query(`
      CREATE TABLE report_intervals (
        issue_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('HELD','AWAITING_REPLY')),
        unit_id uuid,
        source text NOT NULL,
        due_at timestamptz,
        from_at timestamptz NOT NULL,
        to_at timestamptz
      )`);
    await q.query(`CREATE INDEX report_intervals_open_idx ON report_intervals (issue_id) WHERE to_at IS NULL`);
    // The spans open at a moment: those still open, and those closed after it (few, for a recent moment).
    await q.query(
      `CREATE INDEX report_intervals_still_open_idx ON report_intervals (from_at) INCLUDE (kind, unit_id, source, due_at) WHERE to_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX report_intervals_closed_idx ON report_intervals (to_at) INCLUDE (from_at, kind, unit_id, source, due_at) WHERE to_at IS NOT NULL`,
    );

    // Problems closed (销号) in a period: the table's closedInPeriod.
    await q.query(
      `CREATE INDEX issue_events_close_at_idx ON issue_events (at) INCLUDE (issue_id) WHERE type = 'close'`,
    );
    await q.query(
      `CREATE FUNCTION rectify_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$ SELECT (at AT TIME ZONE 'Asia/Shanghai')::date $$`,
    );

    // Per log row: the problem's counted figures right after that event (zero for a duplicate), under its lead unit then.
    // Rebounds are the revisit(rebound) events so far. The one definition the trigger and the rebuild share.
    await q.query(`
      CREATE VIEW report_event_figures AS
      SELECT f.issue_id, f.seq, f.at, f.unit_id, f.source,
        f.a AS total, f.a * f.c AS closed, f.a * f.c * (f.completed_on_time IS TRUE)::int AS completed_on_time,
        f.a * f.rebounds AS rebounds, f.a * f.p AS complaints,
        f.a * f.p * (f.first_submitted_at <= f.reply_due_at IS TRUE)::int AS replied_on_time,
        f.a * f.p * f.c * (f.satisfaction IS NOT NULL)::int AS rated,
        f.a * f.p * f.c * (f.satisfaction IN ('SATISFIED','BASICALLY_SATISFIED') IS TRUE)::int AS satisfied
      FROM (
        SELECT e.issue_id, e.seq, e.at, coalesce(e.lead_unit_id, '00000000-0000-0000-0000-000000000000') AS unit_id, i.source,
          e.completed_on_time, e.first_submitted_at, i.reply_due_at, e.satisfaction,
          (e.duplicate_of_id IS NULL)::int AS a,
          (split_part(e.to_state, '.', 1) IN ('CLOSED','REVISITED'))::int AS c,
          (i.source = 'PUBLIC_COMPLAINT')::int AS p,
          (count(*) FILTER (WHERE e.type = 'revisit' AND e.to_state = 'RECTIFYING.inProgress')
            OVER (PARTITION BY e.issue_id ORDER BY e.seq))::int AS rebounds
        FROM issue_events e JOIN issues i ON i.id = e.issue_id
      ) f`);

    // An event adds the problem's figures after it and takes away those after the event before it, in the bucket of
    // its moment; a progress report changes nothing and writes nothing. Once per statement, over all the rows it
    // appended (an import appends thousands): each bucket row is written once, in key order, so two transactions
    // never wait on each other's rows crosswise. A span closes at the problem's first new event; each new event
    // opens its own, closed by the next new one.
    await q.query(`
      CREATE FUNCTION rectify_rollup_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_counts AS r
        SELECT g.grain, date_trunc(g.unit, rectify_day(n.at))::date,
               d.unit_id, d.source, sum(d.sign * d.total), sum(d.sign * d.closed), sum(d.sign * d.completed_on_time),
               sum(d.sign * d.rebounds), sum(d.sign * d.complaints), sum(d.sign * d.replied_on_time), sum(d.sign * d.rated),
               sum(d.sign * d.satisfied)
        FROM new_events n
        -- The problems' ids as one array: a condition the view's window can take inside (a per-row reference cannot).
        JOIN (SELECT * FROM report_event_figures WHERE issue_id = ANY (ARRAY(SELECT issue_id FROM new_events))) f
          ON f.issue_id = n.issue_id AND f.seq IN (n.seq, n.seq - 1)
        CROSS JOIN LATERAL (SELECT CASE WHEN f.seq = n.seq THEN 1 ELSE -1 END AS sign, f.*) d
        CROSS JOIN (VALUES ('D', 'day'), ('M', 'month'), ('Y', 'year')) g(grain, unit)
        GROUP BY 1, 2, 3, 4
        HAVING ${nonzero('d.sign', 'd')}
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (grain, bucket, unit_id, source) DO UPDATE SET
          total = r.total + EXCLUDED.total, closed = r.closed + EXCLUDED.closed,
          completed_on_time = r.completed_on_time + EXCLUDED.completed_on_time, rebounds = r.rebounds + EXCLUDED.rebounds,
          complaints = r.complaints + EXCLUDED.complaints, replied_on_time = r.replied_on_time + EXCLUDED.replied_on_time,
          rated = r.rated + EXCLUDED.rated, satisfied = r.satisfied + EXCLUDED.satisfied;

        -- (never before the span's start, should another server's clock run behind)
        UPDATE report_intervals ri SET to_at = greatest(f.at, ri.from_at)
          FROM (SELECT DISTINCT ON (issue_id) issue_id, at FROM new_events ORDER BY issue_id, seq) f
         WHERE ri.issue_id = f.issue_id AND ri.to_at IS NULL;
        INSERT INTO report_intervals (issue_id, kind, unit_id, source, due_at, from_at, to_at)
        SELECT n.issue_id, k.kind, n.lead_unit_id, i.source, k.due_at, n.at,
               CASE WHEN n.next_at IS NOT NULL THEN greatest(n.next_at, n.at) END
          FROM (SELECT n.*, lead(n.at) OVER (PARTITION BY n.issue_id ORDER BY n.seq) AS next_at FROM new_events n) n
          JOIN issues i ON i.id = n.issue_id
          CROSS JOIN LATERAL (VALUES ${INTERVAL_KINDS('n')}) k(kind, due_at, open)
         WHERE k.open IS TRUE AND n.duplicate_of_id IS NULL;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER issue_events_rollup AFTER INSERT ON issue_events
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION rectify_rollup_events()`);

    // The same rows from the whole log at once (each event's figures added on its day, taken away on the next event's
    // day): for a load that bypassed the trigger, a check, and the data already here.
    await q.query(`
      CREATE FUNCTION rectify_rollup_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE report_counts, report_intervals;
        INSERT INTO report_counts
        SELECT 'D', s.day, f.unit_id, f.source, sum(s.sign * f.total), sum(s.sign * f.closed), sum(s.sign * f.completed_on_time),
               sum(s.sign * f.rebounds), sum(s.sign * f.complaints), sum(s.sign * f.replied_on_time), sum(s.sign * f.rated),
               sum(s.sign * f.satisfied)
          FROM (SELECT f.*, lead(f.at) OVER (PARTITION BY f.issue_id ORDER BY f.seq) AS next_at FROM report_event_figures f) f
          CROSS JOIN LATERAL (VALUES (1, rectify_day(f.at)), (-1, rectify_day(f.next_at))) s(sign, day)
         WHERE s.day IS NOT NULL
         GROUP BY 2, 3, 4
        HAVING ${nonzero('s.sign', 'f')};
        INSERT INTO report_counts
        SELECT g.grain, date_trunc(g.unit, bucket)::date, unit_id, source, sum(total), sum(closed), sum(completed_on_time),
               sum(rebounds), sum(complaints), sum(replied_on_time), sum(rated), sum(satisfied)
          FROM report_counts CROSS JOIN (VALUES ('M', 'month'), ('Y', 'year')) g(grain, unit)
         WHERE report_counts.grain = 'D' GROUP BY 1, 2, 3, 4
        HAVING sum(total) <> 0 OR sum(closed) <> 0 OR sum(completed_on_time) <> 0 OR sum(rebounds) <> 0 OR sum(complaints) <> 0
            OR sum(replied_on_time) <> 0 OR sum(rated) <> 0 OR sum(satisfied) <> 0;
        INSERT INTO report_intervals (issue_id, kind, unit_id, source, due_at, from_at, to_at)
        SELECT e.issue_id, k.kind, e.lead_unit_id, i.source, k.due_at, e.at,
               CASE WHEN e.next_at IS NOT NULL THEN greatest(e.next_at, e.at) END
          FROM (SELECT e.*, lead(e.at) OVER (PARTITION BY e.issue_id ORDER BY e.seq) AS next_at FROM issue_events e) e
          JOIN issues i ON i.id = e.issue_id
          CROSS JOIN LATERAL (VALUES ${INTERVAL_KINDS('e')}) k(kind, due_at, open)
         WHERE k.open IS TRUE AND e.duplicate_of_id IS NULL;
      $$`);
    await q.query(`SELECT rectify_rollup_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER issue_events_rollup ON issue_events`);
    await q.query(`DROP FUNCTION rectify_rollup_rebuild()`);
    await q.query(`DROP FUNCTION rectify_rollup_events()`);
    await q.query(`DROP VIEW report_event_figures`);
    await q.query(`DROP FUNCTION rectify_day(timestamptz)`);
    await q.query(`DROP INDEX issue_events_close_at_idx`);
    await q.query(`DROP TABLE report_intervals`);
    await q.query(`DROP TABLE report_counts`);
  }
}
