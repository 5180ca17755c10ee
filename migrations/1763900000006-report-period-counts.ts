import type { MigrationInterface, QueryRunner } from 'typeorm';

// filedInPeriod and closedInPeriod counted like the other figures: the week's problems (~13 k at a million) under the
// unit that led them at the moment took a log lookup each. report_period_counts holds, per day an event was logged, lead
// unit and source, the change in the number of problems (duplicates aside) filed on a day (kind F, since = that day) or
// last closed by then on a day (kind C, since = the day of the problem's last close). A period beginning at a Shanghai
// midnight P and a moment T then count the rows logged from P's day to T's day whose `since` lies in the same days
// (a problem is filed before its events and closed before the events after), less the change made later on T's day.
const NIL = `'00000000-0000-0000-0000-000000000000'`;

export class ReportPeriodCounts1763900000006 implements MigrationInterface {
  name = 'ReportPeriodCounts1763900000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_period_counts (
        day date NOT NULL,
        kind char(1) NOT NULL CHECK (kind IN ('F','C')),
        since date NOT NULL,
        unit_id uuid NOT NULL,
        source text NOT NULL,
        n int NOT NULL,
        PRIMARY KEY (day, kind, since, unit_id, source)
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
        INSERT INTO report_period_counts AS r (day, kind, since, unit_id, source, n)
        SELECT rectify_day(n.at), k.kind, k.since, d.unit_id, d.source, sum(d.sign)
        FROM new_events n
        JOIN (SELECT * FROM report_period_marks WHERE issue_id = ANY (ARRAY(SELECT issue_id FROM new_events))) f
          ON f.issue_id = n.issue_id AND f.seq IN (n.seq, n.seq - 1)
        CROSS JOIN LATERAL (SELECT CASE WHEN f.seq = n.seq THEN 1 ELSE -1 END AS sign, f.*) d
        CROSS JOIN LATERAL (VALUES ('F', d.filed_day), ('C', d.closed_day)) k(kind, since)
        WHERE d.counted AND k.since IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(d.sign) <> 0
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (day, kind, since, unit_id, source) DO UPDATE SET n = r.n + EXCLUDED.n;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER issue_events_period AFTER INSERT ON issue_events
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION rectify_period_events()`);
    await q.query(`
      CREATE FUNCTION rectify_period_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE report_period_counts;
        INSERT INTO report_period_counts (day, kind, since, unit_id, source, n)
        SELECT s.day, k.kind, k.since, f.unit_id, f.source, sum(s.sign)
          FROM (SELECT f.*, lead(f.at) OVER (PARTITION BY f.issue_id ORDER BY f.seq) AS next_at FROM report_period_marks f) f
          CROSS JOIN LATERAL (VALUES (1, rectify_day(f.at)), (-1, rectify_day(f.next_at))) s(sign, day)
          CROSS JOIN LATERAL (VALUES ('F', f.filed_day), ('C', f.closed_day)) k(kind, since)
         WHERE s.day IS NOT NULL AND f.counted AND k.since IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(s.sign) <> 0;
      $$`);
    // Every table derived from the log, rebuilt from it: after a load that bypassed the triggers, or a restore.
    await q.query(`
      CREATE FUNCTION rectify_derived_rebuild() RETURNS void LANGUAGE sql AS $$
        SELECT rectify_rollup_rebuild();
        SELECT rectify_period_rebuild();
      $$`);
    await q.query(`SELECT rectify_period_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rectify_derived_rebuild()`);
    await q.query(`DROP FUNCTION rectify_period_rebuild()`);
    await q.query(`DROP TRIGGER issue_events_period ON issue_events`);
    await q.query(`DROP FUNCTION rectify_period_events()`);
    await q.query(`DROP VIEW report_period_marks`);
    await q.query(`DROP TABLE report_period_counts`);
  }
}
