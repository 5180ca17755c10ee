import type { MigrationInterface, QueryRunner } from 'typeorm';

// Two more rollups kept by triggers on the log, for figures at any moment that read at most half an hour of the log:
//  - report_counts_hourly: report_counts' changes by the hour (UTC hours are Shanghai hours), for the part of a day
//    before a moment's nearer hour;
//  - report_period_counts: filedInPeriod and closedInPeriod counted like the other figures (the week's problems, ~13 k
//    at a million, under the unit that led them at the moment took a log lookup each): per hour an event was logged,
//    lead unit and source, the change in the number of problems (duplicates aside) filed on a day (kind F, since = that
//    day) or last closed by then on a day (kind C, since = the day of the problem's last close). A period beginning at
//    a Shanghai midnight P and a moment T count the rows logged from P to T's nearer hour whose `since` lies in P's day
//    to T's (a problem is filed before its events and closed before the events after), with the change between that
//    hour and T from the log.
const NIL = `'00000000-0000-0000-0000-000000000000'`;
const FIGURES = [
  'total',
  'closed',
  'completed_on_time',
  'rebounds',
  'complaints',
  'replied_on_time',
  'rated',
  'satisfied',
];
/** The UTC (and Shanghai) hour an instant falls in, whatever the session's time zone. */
const HOUR = (at: string) => `(date_trunc('hour', ${at} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;
/**
 * In a trigger: for each appended event n, the view's row after it (sign 1) and the one before it (sign -1), as `d`; the
 * problems' ids as one array, a condition the view's window can take inside (a per-row reference cannot).
 */
const NEW_EVENT_CHANGES = (view: string) => `new_events n
        JOIN (SELECT * FROM ${view} WHERE issue_id = ANY (ARRAY(SELECT issue_id FROM new_events))) f
          ON f.issue_id = n.issue_id AND f.seq IN (n.seq, n.seq - 1)
        CROSS JOIN LATERAL (SELECT CASE WHEN f.seq = n.seq THEN 1 ELSE -1 END AS sign, f.*) d`;
/** In a rebuild: each row of the view added in its event's hour and taken away in the next event's (`f`, `s`). */
const LOG_CHANGES = (
  view: string,
) => `(SELECT f.*, lead(f.at) OVER (PARTITION BY f.issue_id ORDER BY f.seq) AS next_at FROM ${view} f) f
          CROSS JOIN LATERAL (VALUES (1, ${HOUR('f.at')}), (-1, ${HOUR('f.next_at')})) s(sign, hour)`;

export class ReportPeriodCounts1763900000006 implements MigrationInterface {
  name = 'ReportPeriodCounts1763900000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_counts_hourly (
        hour timestamptz NOT NULL,
        unit_id uuid NOT NULL,
        source text NOT NULL,
        ${FIGURES.map((c) => `${c} int NOT NULL`).join(',\n        ')},
        PRIMARY KEY (hour, unit_id, source)
      )`);
    // As rectify_rollup_events (migration 1763900000004) with hours for buckets.
    await q.query(`
      CREATE FUNCTION rectify_hourly_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_counts_hourly AS r
        SELECT ${HOUR('n.at')}, d.unit_id, d.source, ${FIGURES.map((c) => `sum(d.sign * d.${c})`).join(', ')}
        FROM ${NEW_EVENT_CHANGES('report_event_figures')}
        GROUP BY 1, 2, 3
        HAVING ${FIGURES.map((c) => `sum(d.sign * d.${c}) <> 0`).join(' OR ')}
        ORDER BY 1, 2, 3
        ON CONFLICT (hour, unit_id, source) DO UPDATE SET ${FIGURES.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER issue_events_hourly AFTER INSERT ON issue_events
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION rectify_hourly_events()`);
    await q.query(`
      CREATE FUNCTION rectify_hourly_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE report_counts_hourly;
        INSERT INTO report_counts_hourly
        SELECT s.hour, f.unit_id, f.source, ${FIGURES.map((c) => `sum(s.sign * f.${c})`).join(', ')}
          FROM ${LOG_CHANGES('report_event_figures')}
         WHERE s.hour IS NOT NULL
         GROUP BY 1, 2, 3
        HAVING ${FIGURES.map((c) => `sum(s.sign * f.${c}) <> 0`).join(' OR ')};
      $$`);

    await q.query(`
      CREATE TABLE report_period_counts (
        hour timestamptz NOT NULL,
        kind char(1) NOT NULL CHECK (kind IN ('F','C')),
        since date NOT NULL,
        unit_id uuid NOT NULL,
        source text NOT NULL,
        n int NOT NULL,
        -- (n too: a week's rows are summed from the index alone)
        PRIMARY KEY (hour, kind, since, unit_id, source) INCLUDE (n)
      )`);
    // Per log row: where the problem stands after that event for the period figures. The one definition the trigger,
    // the rebuild and the report's same-day correction share.
    await q.query(`
      CREATE VIEW report_period_marks AS
      SELECT e.issue_id, e.seq, e.at, coalesce(e.lead_unit_id, ${NIL}) AS unit_id, i.source,
        (e.duplicate_of_id IS NULL) AS counted,
        rectify_day(i.filed_at) AS filed_day,
        rectify_day(max(e.at) FILTER (WHERE e.type = 'close') OVER (PARTITION BY e.issue_id ORDER BY e.seq)) AS closed_day
      FROM issue_events e JOIN issues i ON i.id = e.issue_id`);
    // As rectify_rollup_events: once per statement, each row written once, in key order.
    await q.query(`
      CREATE FUNCTION rectify_period_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_period_counts AS r (hour, kind, since, unit_id, source, n)
        SELECT ${HOUR('n.at')}, k.kind, k.since, d.unit_id, d.source, sum(d.sign)
        FROM ${NEW_EVENT_CHANGES('report_period_marks')}
        CROSS JOIN LATERAL (VALUES ('F', d.filed_day), ('C', d.closed_day)) k(kind, since)
        WHERE d.counted AND k.since IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(d.sign) <> 0
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (hour, kind, since, unit_id, source) DO UPDATE SET n = r.n + EXCLUDED.n;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER issue_events_period AFTER INSERT ON issue_events
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION rectify_period_events()`);
    await q.query(`
      CREATE FUNCTION rectify_period_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE report_period_counts;
        INSERT INTO report_period_counts (hour, kind, since, unit_id, source, n)
        SELECT s.hour, k.kind, k.since, f.unit_id, f.source, sum(s.sign)
          FROM ${LOG_CHANGES('report_period_marks')}
          CROSS JOIN LATERAL (VALUES ('F', f.filed_day), ('C', f.closed_day)) k(kind, since)
         WHERE s.hour IS NOT NULL AND f.counted AND k.since IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(s.sign) <> 0;
      $$`);
    // Every table derived from the log, rebuilt from it: after a load that bypassed the triggers, or a restore.
    await q.query(`
      CREATE FUNCTION rectify_derived_rebuild() RETURNS void LANGUAGE sql AS $$
        SELECT rectify_rollup_rebuild();
        SELECT rectify_hourly_rebuild();
        SELECT rectify_period_rebuild();
      $$`);
    await q.query(`SELECT rectify_hourly_rebuild()`);
    await q.query(`SELECT rectify_period_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rectify_derived_rebuild()`);
    await q.query(`DROP FUNCTION rectify_period_rebuild()`);
    await q.query(`DROP TRIGGER issue_events_period ON issue_events`);
    await q.query(`DROP FUNCTION rectify_period_events()`);
    await q.query(`DROP VIEW report_period_marks`);
    await q.query(`DROP TABLE report_period_counts`);
    await q.query(`DROP FUNCTION rectify_hourly_rebuild()`);
    await q.query(`DROP TRIGGER issue_events_hourly ON issue_events`);
    await q.query(`DROP FUNCTION rectify_hourly_events()`);
    await q.query(`DROP TABLE report_counts_hourly`);
  }
}
