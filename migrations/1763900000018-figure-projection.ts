import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ReportRollups1763900000004 } from './1763900000004-report-rollups.js';
import { ReportSpanCounts1763900000005 } from './1763900000005-report-span-counts.js';
import { ReportPeriodCounts1763900000006 } from './1763900000006-report-period-counts.js';
import { VacuumHotTables1763900000008 } from './1763900000008-vacuum-hot-tables.js';
import { SpanCountsPrune1763900000011 } from './1763900000011-span-counts-prune.js';
import { ReportFiveMinuteMarks1763900000014 } from './1763900000014-report-five-minute-marks.js';

// The figures off the write path. The log is the only truth; a figure at a moment T is a count of problems whose facts
// at T (their last log row by T) meet a condition, some of which start at a threshold (overdue once the deadline has
// passed, due soon N days before it, reply due once answered or past the reply deadline). So each log row's facts,
// holding from its time to the next row's, add +1 to a figure at max(its time, threshold) and −1 at max(the next row's
// time, threshold): signed bookings on one time axis, per unit and source. A figure is the sum of the bookings up to T.
//  - figure_bookings: the bookings of the log rows folded so far (one projector, off the transaction that logs);
//  - figure_days: their running sums at the end of each Shanghai day, so that a moment reads one day's row per key and
//    that day's bookings;
//  - the log rows not folded yet (transactions from figure_projection.folded_below on) are booked live by the same view.
// Filed / closed in a period are the bookings of `total` whose problem was filed / last closed from the period's start.
// This replaces the rollups, spans, span counts, marks and period counts of migrations 4, 5, 6, 11 and 14 and their
// four triggers on the log.
const NIL = `'00000000-0000-0000-0000-000000000000'`;

/** Every figure a booking carries, in one order. */
const FIGURES = [
  'total',
  'closed',
  'completed_on_time',
  'rebounds',
  'complaints',
  'replied_on_time',
  'rated',
  'satisfied',
  'overdue',
  'due_within',
  'reply_due',
];
const KEY = ['unit_id', 'source', 'family_source'];
const nonzero = (prefix = '') => FIGURES.map((c) => `${prefix}${c} <> 0`).join(' OR ');
const sums = (prefix = '') => FIGURES.map((c) => `sum(${prefix}${c})::int AS ${c}`).join(', ');
const figureColumns = FIGURES.map((c) => `${c} int NOT NULL`).join(', ');
/** One microsecond: "after a deadline" is strictly later than it, and times are kept to the microsecond. */
const AFTER = `interval '1 microsecond'`;

/** Held by the one projector folding the log, and by a rebuild (src/reports/figure-projector.service.ts). */
const PROJECTOR_LOCK = 7_263_018;

const OLD_TRIGGERS = ['issue_events_rollup', 'issue_events_span_counts', 'issue_events_hourly', 'issue_events_period'];

export class FigureProjection1763900000018 implements MigrationInterface {
  name = 'FigureProjection1763900000018';

  async up(q: QueryRunner): Promise<void> {
    for (const t of OLD_TRIGGERS) await q.query(`DROP TRIGGER ${t} ON issue_events`);
    await q.query(`DROP TRIGGER report_intervals_span_counts ON report_intervals`);
    await q.query(`DROP FUNCTION rectify_derived_rebuild()`);
    for (const f of [
      'rectify_rollup_events()',
      'rectify_rollup_rebuild()',
      'rectify_span_counts(timestamptz, int)',
      'rectify_span_counts_forget()',
      'rectify_hourly_events()',
      'rectify_hourly_rebuild()',
      'rectify_period_events()',
      'rectify_period_rebuild()',
    ]) {
      await q.query(`DROP FUNCTION ${f}`);
    }
    await q.query(`DROP VIEW report_period_marks`);
    await q.query(`DROP VIEW report_event_figures`);
    await q.query(`DROP TABLE report_counts, report_intervals, report_span_counts, report_span_counts_done, report_counts_hourly,
      report_period_counts, report_period_counts_daily`);

    // The definitions every figure, index and query shares.
    await q.query(`CREATE FUNCTION rectify_closed(state text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT split_part(state, '.', 1) IN ('CLOSED','REVISITED') $$`);
    await q.query(`CREATE FUNCTION rectify_held(substate text, deadline_kind text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT substate IN ('ASSIGNED','RECTIFYING.inProgress') AND deadline_kind IS DISTINCT FROM 'LONG_TERM' $$`);
    await q.query(`CREATE FUNCTION rectify_rebound(type text, to_state text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT type = 'revisit' AND to_state = 'RECTIFYING.inProgress' $$`);

    // The transaction that logged a row: the projector folds whole transactions, those below the oldest one running,
    // so a row committed late is never skipped. Rows logged before this migration are folded by it (NULL).
    await q.query(`ALTER TABLE issue_events ADD COLUMN tx xid8`);
    await q.query(`ALTER TABLE issue_events ALTER COLUMN tx SET DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE INDEX issue_events_tx_idx ON issue_events (tx) INCLUDE (issue_id) WHERE tx IS NOT NULL`);

    await q.query(`
      CREATE TABLE figure_projection (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        -- every log row of a transaction below this one is in figure_bookings
        folded_below xid8 NOT NULL,
        -- figure_days holds every Shanghai day up to this one (none yet: NULL)
        days_through date,
        -- the due-soon window the bookings were made for (RECTIFY_DUE_SOON_DAYS)
        due_soon_days int NOT NULL
      )`);
    await q.query(
      `INSERT INTO figure_projection (folded_below, days_through, due_soon_days) VALUES (pg_current_xact_id(), NULL, 7)`,
    );

    // Per log row, the problem's facts after it as the figures read them. Quals on issue_id reach inside the window.
    await q.query(`
      CREATE VIEW figure_facts AS
      SELECT e.issue_id, e.seq, e.tx, e.at,
        coalesce(e.lead_unit_id, ${NIL}) AS unit_id, i.source,
        -- the source a derived problem (举一反三) counts under with its parent's
        coalesce(parent.source, i.source) AS family_source,
        i.filed_at,
        max(e.at) FILTER (WHERE e.type = 'close') OVER w AS closed_at,
        e.duplicate_of_id IS NULL AS counted,
        rectify_closed(e.to_state) AS closed,
        e.completed_on_time IS TRUE AS completed_on_time,
        (count(*) FILTER (WHERE rectify_rebound(e.type, e.to_state)) OVER w)::int AS rebounds,
        i.source = 'PUBLIC_COMPLAINT' AS complaint,
        e.first_submitted_at <= i.reply_due_at IS TRUE AS replied_on_time,
        e.satisfaction,
        rectify_held(e.to_state, e.deadline_kind) AND e.due_at IS NOT NULL AS held,
        e.due_at,
        -- a complaint's reply is due from its first submission, or once its reply deadline has passed
        CASE WHEN e.first_submitted_at IS NOT NULL THEN '-infinity'::timestamptz ELSE i.reply_due_at + ${AFTER} END AS reply_due_from
      FROM issue_events e
      JOIN issues i ON i.id = e.issue_id
      LEFT JOIN issues parent ON parent.id = i.parent_id
      WINDOW w AS (PARTITION BY e.issue_id ORDER BY e.seq)`);

    // Per log row, the bookings it makes: its facts' +1s and the −1s of the facts it ends (its predecessor's), each at
    // max(the row's time, the figure's threshold). \`tx\` is the row's transaction: the one that owns the booking.
    await q.query(`
      CREATE VIEW figure_changes AS
      SELECT f.issue_id, e.owner_tx AS tx, b.at, f.unit_id, f.source, f.family_source, f.filed_at, f.closed_at,
        ${FIGURES.map((c) => `e.sign * b.${c} AS ${c}`).join(', ')}
      FROM (
        SELECT ff.*, lead(ff.at) OVER w AS next_at, lead(ff.tx) OVER w AS next_tx
        FROM figure_facts ff WINDOW w AS (PARTITION BY ff.issue_id ORDER BY ff.seq)
      ) f
      CROSS JOIN figure_projection s
      CROSS JOIN LATERAL (VALUES (1, f.tx, f.at), (-1, f.next_tx, f.next_at)) e(sign, owner_tx, edge_at)
      CROSS JOIN LATERAL (
        SELECT f.counted::int AS c, (f.counted AND f.closed)::int AS cc, (f.counted AND f.complaint)::int AS cp
      ) k
      CROSS JOIN LATERAL (VALUES
        (e.edge_at, k.c, k.cc, k.cc * f.completed_on_time::int, k.c * f.rebounds, k.cp, k.cp * f.replied_on_time::int,
          k.cp * f.closed::int * (f.satisfaction IS NOT NULL)::int,
          k.cp * f.closed::int * (f.satisfaction IN ('SATISFIED','BASICALLY_SATISFIED') IS TRUE)::int, 0, 0, 0),
        (greatest(e.edge_at, f.due_at + ${AFTER}), 0, 0, 0, 0, 0, 0, 0, 0, (f.counted AND f.held)::int, 0, 0),
        (greatest(e.edge_at, f.due_at - make_interval(hours => 24 * s.due_soon_days) + ${AFTER}), 0, 0, 0, 0, 0, 0, 0, 0, 0, (f.counted AND f.held)::int, 0),
        (greatest(e.edge_at, f.reply_due_from), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (k.cp = 1 AND f.reply_due_from IS NOT NULL)::int)
      ) b(at, ${FIGURES.join(', ')})
      WHERE e.edge_at IS NOT NULL AND (${nonzero('b.')})`);

    await q.query(`
      CREATE TABLE figure_bookings (
        at timestamptz NOT NULL,
        unit_id uuid NOT NULL,
        source text NOT NULL,
        family_source text NOT NULL,
        filed_at timestamptz NOT NULL,
        closed_at timestamptz,
        ${figureColumns}
      )`);
    // A day's bookings (rolling the days, a moment's day); the problems filed / closed from a period's start.
    await q.query(`CREATE INDEX figure_bookings_at_idx ON figure_bookings (at)`);
    await q.query(
      `CREATE INDEX figure_bookings_filed_idx ON figure_bookings (filed_at) INCLUDE (at, ${KEY.join(', ')}, total) WHERE total <> 0`,
    );
    await q.query(
      `CREATE INDEX figure_bookings_closed_idx ON figure_bookings (closed_at) INCLUDE (at, ${KEY.join(', ')}, total) WHERE total <> 0 AND closed_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE figure_days (
        day date NOT NULL,
        unit_id uuid NOT NULL,
        source text NOT NULL,
        family_source text NOT NULL,
        ${figureColumns},
        PRIMARY KEY (day, unit_id, source, family_source)
      )`);

    // Adds the days after days_through to the one before \`through\`, each from the day before and its bookings.
    await q.query(`
      CREATE FUNCTION rectify_figures_roll(through date) RETURNS void LANGUAGE sql AS $$
        WITH span AS (
          SELECT coalesce(p.days_through + 1, (SELECT rectify_day(min(at)) FROM figure_bookings)) AS first, through - 1 AS last
            FROM figure_projection p
        ),
        daily AS (
          SELECT rectify_day(b.at) AS day, ${KEY.map((k) => `b.${k}`).join(', ')}, ${sums('b.')}
            FROM figure_bookings b, span
           WHERE b.at >= (span.first::timestamp AT TIME ZONE 'Asia/Shanghai') AND b.at < ((span.last + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
           GROUP BY 1, ${KEY.map((_, i) => i + 2).join(', ')}
          UNION ALL
          SELECT d.day, ${KEY.map((k) => `d.${k}`).join(', ')}, ${FIGURES.map((c) => `d.${c}`).join(', ')}
            FROM figure_days d, figure_projection p WHERE d.day = p.days_through
        ),
        keys AS (SELECT DISTINCT ${KEY.join(', ')} FROM daily),
        running AS (
          SELECT g.day::date AS day, ${KEY.map((k) => `k.${k}`).join(', ')},
            ${FIGURES.map((c) => `(sum(coalesce(d.${c}, 0)) OVER w)::int AS ${c}`).join(', ')}
            FROM span
            CROSS JOIN LATERAL generate_series(coalesce((SELECT days_through FROM figure_projection), span.first), span.last, interval '1 day') g(day)
            CROSS JOIN keys k
            LEFT JOIN daily d ON d.day = g.day::date AND ${KEY.map((c) => `d.${c} = k.${c}`).join(' AND ')}
          WINDOW w AS (PARTITION BY ${KEY.map((k) => `k.${k}`).join(', ')} ORDER BY g.day)
        ),
        added AS (
          INSERT INTO figure_days (day, ${KEY.join(', ')}, ${FIGURES.join(', ')})
          SELECT r.* FROM running r, figure_projection p
           WHERE (p.days_through IS NULL OR r.day > p.days_through) AND (${nonzero('r.')})
        )
        UPDATE figure_projection p SET days_through = span.last FROM span
         WHERE span.first IS NOT NULL AND span.last >= coalesce(p.days_through + 1, span.first);
      $$`);
    // Every booking and day from the log (a restore, a change of the due-soon window, a check): the days up to the one
    // before \`through\`.
    await q.query(`
      CREATE FUNCTION rectify_figures_rebuild(through date) RETURNS void LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(${PROJECTOR_LOCK});
        TRUNCATE figure_bookings, figure_days;
        UPDATE figure_projection SET folded_below = pg_snapshot_xmin(pg_current_snapshot()), days_through = NULL;
        INSERT INTO figure_bookings (at, ${KEY.join(', ')}, filed_at, closed_at, ${FIGURES.join(', ')})
        SELECT at, ${KEY.join(', ')}, filed_at, closed_at, ${sums()}
          FROM figure_changes
         WHERE tx IS NULL OR tx < (SELECT folded_below FROM figure_projection)
         GROUP BY at, ${KEY.join(', ')}, filed_at, closed_at
        HAVING ${FIGURES.map((c) => `sum(${c}) <> 0`).join(' OR ')};
        SELECT rectify_figures_roll(through);
      $$`);
    await q.query(`
      CREATE FUNCTION rectify_derived_rebuild() RETURNS void LANGUAGE sql AS $$
        SELECT rectify_updated_at_rebuild();
        SELECT rectify_figures_rebuild(rectify_day(now()));
        SELECT rectify_list_counts_rebuild();
        SELECT rectify_former_holders_rebuild();
      $$`);
    await q.query(`SELECT rectify_figures_rebuild(rectify_day(now()))`);
    // (a one-row table never analyzed is planned as some two thousand rows: every statement joining it goes astray)
    await q.query(`ANALYZE figure_projection, figure_bookings, figure_days`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rectify_derived_rebuild()`);
    await q.query(`DROP FUNCTION rectify_figures_rebuild(date)`);
    await q.query(`DROP FUNCTION rectify_figures_roll(date)`);
    await q.query(`DROP TABLE figure_days, figure_bookings`);
    await q.query(`DROP VIEW figure_changes`);
    await q.query(`DROP VIEW figure_facts`);
    await q.query(`DROP TABLE figure_projection`);
    await q.query(`ALTER TABLE issue_events DROP COLUMN tx`); // (and its index)
    for (const f of ['rectify_closed(text)', 'rectify_held(text, text)', 'rectify_rebound(text, text)'])
      await q.query(`DROP FUNCTION ${f}`);
    // The superseded rollups as their migrations made them, rebuilt from the log.
    await q.query(`DROP INDEX issue_events_close_at_idx`);
    await q.query(`DROP FUNCTION rectify_day(timestamptz)`);
    for (const m of [
      new ReportRollups1763900000004(),
      new ReportSpanCounts1763900000005(),
      new ReportPeriodCounts1763900000006(),
      new VacuumHotTables1763900000008(),
      new SpanCountsPrune1763900000011(),
      new ReportFiveMinuteMarks1763900000014(),
    ]) {
      await m.up(q);
    }
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_derived_rebuild() RETURNS void LANGUAGE sql AS $$
        SELECT rectify_updated_at_rebuild();
        SELECT rectify_rollup_rebuild();
        SELECT rectify_hourly_rebuild();
        SELECT rectify_period_rebuild();
        SELECT rectify_list_counts_rebuild();
        SELECT rectify_former_holders_rebuild();
      $$`);
  }
}
