import type { MigrationInterface, QueryRunner } from 'typeorm';

// The counted figures and the period counts of migration 1763900000006 by five-minute marks instead of hours: a moment's
// figures read the log between it and its nearer mark, at most two and a half minutes of it instead of half an hour.
// Offices sign for and submit in a morning burst: at a million problems a moment at 08:31 (2,300 events an hour) read
// 9,690 log rows of 2,058 problems twice, 124 ms of a 125 ms table (bench/ data, EXPLAIN ANALYZE). About twice the rows
// (a week of bench/ data: 44 k keys against 20.5 k): a week's period counts would read 17.8 k of them, so the period
// counts are also kept by Shanghai day (report_period_counts_daily), and a period reads whole days from those and only
// its last day's marks.
// Names stay (report_counts_hourly, the `hour` columns now hold marks): an instance of the previous version, in a
// rolling upgrade, reads whole hours from the same rows, twelve marks to an hour, and gets the same figures. The
// functions keep their names and triggers; each is what migration 1763900000006 wrote, with marks for hours and the
// daily counts beside.
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
/** The five-minute mark an instant falls in (Shanghai's offset is whole hours), whatever the session's time zone. */
const MARK = (at: string) => `date_bin('5 minutes', ${at}, timestamptz '2000-01-01 00:00:00+00')`;
/** The UTC (and Shanghai) hour an instant falls in: migration 1763900000006's grain, for `down`. */
const HOUR = (at: string) => `(date_trunc('hour', ${at} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;

/** For each appended event n, the view's row after it (sign 1) and the one before it (sign -1), as `d`. */
const NEW_EVENT_CHANGES = (view: string) => `new_events n
        JOIN (SELECT * FROM ${view} WHERE issue_id = ANY (ARRAY(SELECT issue_id FROM new_events))) f
          ON f.issue_id = n.issue_id AND f.seq IN (n.seq, n.seq - 1)
        CROSS JOIN LATERAL (SELECT CASE WHEN f.seq = n.seq THEN 1 ELSE -1 END AS sign, f.*) d`;

/** The four functions of migration 1763900000006 by `bucket`; with `daily`, keeping report_period_counts_daily too. */
function functions(bucket: (at: string) => string, daily: boolean): string[] {
  const logChanges = (
    view: string,
  ) => `(SELECT f.*, lead(f.at) OVER (PARTITION BY f.issue_id ORDER BY f.seq) AS next_at FROM ${view} f) f
          CROSS JOIN LATERAL (VALUES (1, ${bucket('f.at')}), (-1, ${bucket('f.next_at')})) s(sign, hour)`;
  const periodChanges = `SELECT ${bucket('n.at')} AS hour, k.kind, k.since, d.unit_id, d.source, d.sign
        FROM ${NEW_EVENT_CHANGES('report_period_marks')}
        CROSS JOIN LATERAL (VALUES ('F', d.filed_day), ('C', d.closed_day)) k(kind, since)
        WHERE d.counted AND k.since IS NOT NULL`;
  /**
   * Each row written once, in key order, so two transactions never wait on each other's rows crosswise (the two tables,
   * too, are written in the same order by every transaction: one plan, the same for all).
   */
  const upsert = (
    table: string,
    key: string,
    keyOf: string,
    from: string,
  ) => `INSERT INTO ${table} AS r (${key}, kind, since, unit_id, source, n)
        SELECT ${keyOf}, c.kind, c.since, c.unit_id, c.source, sum(c.sign) FROM ${from} c
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(c.sign) <> 0
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (${key}, kind, since, unit_id, source) DO UPDATE SET n = r.n + EXCLUDED.n`;
  return [
    `CREATE OR REPLACE FUNCTION rectify_hourly_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_counts_hourly AS r
        SELECT ${bucket('n.at')}, d.unit_id, d.source, ${FIGURES.map((c) => `sum(d.sign * d.${c})`).join(', ')}
        FROM ${NEW_EVENT_CHANGES('report_event_figures')}
        GROUP BY 1, 2, 3
        HAVING ${FIGURES.map((c) => `sum(d.sign * d.${c}) <> 0`).join(' OR ')}
        ORDER BY 1, 2, 3
        ON CONFLICT (hour, unit_id, source) DO UPDATE SET ${FIGURES.map((c) => `${c} = r.${c} + EXCLUDED.${c}`).join(', ')};
        RETURN NULL;
      END $$`,
    `CREATE OR REPLACE FUNCTION rectify_hourly_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE report_counts_hourly;
        INSERT INTO report_counts_hourly
        SELECT s.hour, f.unit_id, f.source, ${FIGURES.map((c) => `sum(s.sign * f.${c})`).join(', ')}
          FROM ${logChanges('report_event_figures')}
         WHERE s.hour IS NOT NULL
         GROUP BY 1, 2, 3
        HAVING ${FIGURES.map((c) => `sum(s.sign * f.${c}) <> 0`).join(' OR ')};
      $$`,
    daily
      ? `CREATE OR REPLACE FUNCTION rectify_period_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH changes AS MATERIALIZED (${periodChanges}),
        marks AS (${upsert('report_period_counts', 'hour', 'c.hour', 'changes')})
        ${upsert('report_period_counts_daily', 'day', 'rectify_day(c.hour)', 'changes')};
        RETURN NULL;
      END $$`
      : `CREATE OR REPLACE FUNCTION rectify_period_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${upsert('report_period_counts', 'hour', 'c.hour', `(${periodChanges})`)};
        RETURN NULL;
      END $$`,
    `CREATE OR REPLACE FUNCTION rectify_period_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE report_period_counts;
        INSERT INTO report_period_counts (hour, kind, since, unit_id, source, n)
        SELECT s.hour, k.kind, k.since, f.unit_id, f.source, sum(s.sign)
          FROM ${logChanges('report_period_marks')}
          CROSS JOIN LATERAL (VALUES ('F', f.filed_day), ('C', f.closed_day)) k(kind, since)
         WHERE s.hour IS NOT NULL AND f.counted AND k.since IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(s.sign) <> 0;${
          daily
            ? `
        TRUNCATE report_period_counts_daily;
        INSERT INTO report_period_counts_daily (day, kind, since, unit_id, source, n)
        SELECT rectify_day(hour), kind, since, unit_id, source, sum(n) FROM report_period_counts
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(n) <> 0;`
            : ''
        }
      $$`,
  ];
}

export class ReportFiveMinuteMarks1763900000014 implements MigrationInterface {
  name = 'ReportFiveMinuteMarks1763900000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_period_counts_daily (
        day date NOT NULL,
        kind char(1) NOT NULL CHECK (kind IN ('F','C')),
        since date NOT NULL,
        unit_id uuid NOT NULL,
        source text NOT NULL,
        n int NOT NULL,
        PRIMARY KEY (day, kind, since, unit_id, source) INCLUDE (n)
      )`);
    for (const sql of functions(MARK, true)) await q.query(sql);
    await q.query(`SELECT rectify_hourly_rebuild()`);
    await q.query(`SELECT rectify_period_rebuild()`);
    // (the tables' statistics are stale after a rebuild: the table's plans read their rows ~2× slower until analyzed)
    await q.query(`ANALYZE report_counts_hourly, report_period_counts, report_period_counts_daily`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of functions(HOUR, false)) await q.query(sql);
    await q.query(`DROP TABLE report_period_counts_daily`);
    await q.query(`SELECT rectify_hourly_rebuild()`);
    await q.query(`SELECT rectify_period_rebuild()`);
    await q.query(`ANALYZE report_counts_hourly, report_period_counts`);
  }
}
