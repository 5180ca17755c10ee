import type { MigrationInterface, QueryRunner } from 'typeorm';

// Overdue, due-soon and reply-due counts at a moment are the spans (report_intervals) open then: ~70 k at a million
// problems, too many to count per request. The past does not change, so the spans open at the start of a finished hour
// are counted once per (unit, source) and kept: a request reads that hour's few hundred rows, the spans opened or
// closed since (an hour's or so), and live the spans due near the moment (whose class depends on the exact moment).
//  - held_overdue: HELD spans due before that instant (overdue at any later moment while still open);
//  - held_soon: HELD spans due from two hours after it to `soon_hours` after it (due soon at any moment in those two
//    hours, for a due-soon window of `soon_hours`);
//  - awaiting_far: complaints awaiting their reply with no due date or one two hours or more after it.
// An hour is counted on first request, only once it began long enough ago (see rollup-report.query.ts). Should an
// event be logged at or before a counted instant after all (another server's clock behind, a restore), the log's
// trigger forgets that instant and every later one.
const NIL = `'00000000-0000-0000-0000-000000000000'`;

export class ReportSpanCounts1763900000005 implements MigrationInterface {
  name = 'ReportSpanCounts1763900000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_span_counts (
        at timestamptz NOT NULL,
        soon_hours int NOT NULL,
        unit_id uuid NOT NULL,
        source text NOT NULL,
        held_overdue int NOT NULL,
        held_soon int NOT NULL,
        awaiting_far int NOT NULL,
        PRIMARY KEY (at, soon_hours, unit_id, source)
      )`);
    // An instant counted (it may hold no rows at all).
    await q.query(
      `CREATE TABLE report_span_counts_done (at timestamptz NOT NULL, soon_hours int NOT NULL, PRIMARY KEY (at, soon_hours))`,
    );
    // The spans opened in a window (closed since or not), and those due near a moment.
    await q.query(
      `CREATE INDEX report_intervals_closed_from_idx ON report_intervals (from_at) INCLUDE (to_at, kind, unit_id, source, due_at) WHERE to_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX report_intervals_due_idx ON report_intervals (due_at) INCLUDE (from_at, to_at, kind, unit_id, source) WHERE due_at IS NOT NULL`,
    );

    await q.query(`
      CREATE FUNCTION rectify_span_counts(p_at timestamptz, p_soon_hours int)
      RETURNS TABLE (unit_id uuid, source text, held_overdue int, held_soon int, awaiting_far int) LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        slack_end timestamptz := p_at + interval '2 hours';
        soon_end timestamptz := p_at + make_interval(hours => p_soon_hours);
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM report_span_counts_done d WHERE d.at = p_at AND d.soon_hours = p_soon_hours) THEN
          INSERT INTO report_span_counts (at, soon_hours, unit_id, source, held_overdue, held_soon, awaiting_far)
          SELECT p_at, p_soon_hours, coalesce(r.unit_id, ${NIL}), r.source,
            count(*) FILTER (WHERE r.kind = 'HELD' AND r.due_at < p_at),
            count(*) FILTER (WHERE r.kind = 'HELD' AND r.due_at >= slack_end AND r.due_at < soon_end),
            count(*) FILTER (WHERE r.kind = 'AWAITING_REPLY' AND (r.due_at IS NULL OR r.due_at >= slack_end))
          FROM (
            SELECT kind, unit_id, source, due_at FROM report_intervals WHERE to_at IS NULL AND from_at <= p_at
            UNION ALL
            SELECT kind, unit_id, source, due_at FROM report_intervals WHERE to_at > p_at AND from_at <= p_at
          ) r
          GROUP BY 3, 4
          HAVING count(*) FILTER (WHERE r.kind = 'HELD' AND r.due_at < p_at) > 0
              OR count(*) FILTER (WHERE r.kind = 'HELD' AND r.due_at >= slack_end AND r.due_at < soon_end) > 0
              OR count(*) FILTER (WHERE r.kind = 'AWAITING_REPLY' AND (r.due_at IS NULL OR r.due_at >= slack_end)) > 0
          ON CONFLICT DO NOTHING;
          INSERT INTO report_span_counts_done (at, soon_hours) VALUES (p_at, p_soon_hours) ON CONFLICT DO NOTHING;
        END IF;
        RETURN QUERY SELECT s.unit_id, s.source, s.held_overdue, s.held_soon, s.awaiting_far
          FROM report_span_counts s WHERE s.at = p_at AND s.soon_hours = p_soon_hours;
      END $$`);

    // An event at or before a counted instant (a span opened or closed then) makes its counts and every later one's
    // stale. Events are logged at the present, so this deletes nothing but in the cases above.
    await q.query(`
      CREATE FUNCTION rectify_span_counts_forget() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          TRUNCATE report_span_counts, report_span_counts_done;
        ELSE
          DELETE FROM report_span_counts_done WHERE at >= (SELECT min(at) FROM new_events);
          DELETE FROM report_span_counts WHERE at >= (SELECT min(at) FROM new_events);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER issue_events_span_counts AFTER INSERT ON issue_events
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION rectify_span_counts_forget()`);
    // A rebuild of the spans (a restore, a load) truncates them: what was counted from them goes too.
    await q.query(`
      CREATE TRIGGER report_intervals_span_counts AFTER TRUNCATE ON report_intervals
        FOR EACH STATEMENT EXECUTE FUNCTION rectify_span_counts_forget()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER report_intervals_span_counts ON report_intervals`);
    await q.query(`DROP TRIGGER issue_events_span_counts ON issue_events`);
    await q.query(`DROP FUNCTION rectify_span_counts_forget()`);
    await q.query(`DROP FUNCTION rectify_span_counts(timestamptz, int)`);
    await q.query(`DROP INDEX report_intervals_due_idx`);
    await q.query(`DROP INDEX report_intervals_closed_from_idx`);
    await q.query(`DROP TABLE report_span_counts_done`);
    await q.query(`DROP TABLE report_span_counts`);
  }
}
