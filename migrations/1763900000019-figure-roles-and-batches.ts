import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FigureProjection1763900000018 } from './1763900000018-figure-projection.js';

// Two dimensions of the figures in the same bookings (no table per dimension):
//  - the unit's role: each log row books its facts under the lead unit (LEAD) and under each cooperating unit
//    (COOPERATING) — those the last assign or reassign named, none after a return — so a table reads either;
//  - the inspection batch (第N批), a column of the bookings but not of the days: a batch's table sums its own bookings
//    (index on batch, at); a batch is hundreds of problems, the days' keys would multiply by every batch ever filed.
// The views, tables and functions of migration 18 are recreated with the new key and rebuilt from the log; its
// position (figure_projection) stays.
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
  'overdue',
  'due_within',
  'reply_due',
];
/** The key of a day's running sums; a booking's is this and its batch. */
const KEY = ['unit_id', 'role', 'source', 'family_source'];
const BOOKING_KEY = [...KEY, 'batch'];
const nonzero = (prefix = '') => FIGURES.map((c) => `${prefix}${c} <> 0`).join(' OR ');
const sums = (prefix = '') => FIGURES.map((c) => `sum(${prefix}${c})::int AS ${c}`).join(', ');
const figureColumns = FIGURES.map((c) => `${c} int NOT NULL`).join(', ');
const AFTER = `interval '1 microsecond'`;
const PROJECTOR_LOCK = 7_263_018;

export class FigureRolesAndBatches1763900000019 implements MigrationInterface {
  name = 'FigureRolesAndBatches1763900000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rectify_derived_rebuild()`);
    await q.query(`DROP FUNCTION rectify_figures_rebuild(date)`);
    await q.query(`DROP FUNCTION rectify_figures_roll(date)`);
    await q.query(`DROP TABLE figure_days, figure_bookings`);
    await q.query(`DROP VIEW figure_changes`);
    await q.query(`DROP VIEW figure_facts`);

    await q.query(`
      CREATE VIEW figure_facts AS
      SELECT e.issue_id, e.seq, e.tx, e.at,
        coalesce(e.lead_unit_id, ${NIL}) AS unit_id,
        -- the cooperating units after the row: those its group's assign or reassign named (a return clears them)
        CASE WHEN e.holders_set_by IN ('assign', 'reassign') AND jsonb_typeof(e.holders_payload -> 'cooperatingUnitIds') = 'array'
          THEN e.holders_payload -> 'cooperatingUnitIds' ELSE '[]'::jsonb END AS cooperating_unit_ids,
        i.source,
        coalesce(parent.source, i.source) AS family_source,
        i.batch,
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
        CASE WHEN e.first_submitted_at IS NOT NULL THEN '-infinity'::timestamptz ELSE i.reply_due_at + ${AFTER} END AS reply_due_from
      FROM (
        SELECT g.*, first_value(g.type) OVER h AS holders_set_by, first_value(g.payload) OVER h AS holders_payload
        FROM (
          SELECT e.*, count(*) FILTER (WHERE e.type IN ('assign', 'reassign', 'return')) OVER (PARTITION BY e.issue_id ORDER BY e.seq) AS holders
          FROM issue_events e
        ) g
        WINDOW h AS (PARTITION BY g.issue_id, g.holders ORDER BY g.seq)
      ) e
      JOIN issues i ON i.id = e.issue_id
      LEFT JOIN issues parent ON parent.id = i.parent_id
      WINDOW w AS (PARTITION BY e.issue_id ORDER BY e.seq)`);

    // As migration 18's, each booking made once per unit the row's facts count under: the lead and each cooperating unit.
    await q.query(`
      CREATE VIEW figure_changes AS
      SELECT f.issue_id, e.owner_tx AS tx, b.at, r.unit_id, r.role, f.source, f.family_source, f.batch, f.filed_at, f.closed_at,
        ${FIGURES.map((c) => `e.sign * b.${c} AS ${c}`).join(', ')}
      FROM (
        SELECT ff.*, lead(ff.at) OVER w AS next_at, lead(ff.tx) OVER w AS next_tx
        FROM figure_facts ff WINDOW w AS (PARTITION BY ff.issue_id ORDER BY ff.seq)
      ) f
      CROSS JOIN figure_projection s
      CROSS JOIN LATERAL (
        SELECT f.unit_id, 'LEAD'::text
        UNION ALL SELECT x::uuid, 'COOPERATING' FROM jsonb_array_elements_text(f.cooperating_unit_ids) x
      ) r(unit_id, role)
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
        role text NOT NULL,
        source text NOT NULL,
        family_source text NOT NULL,
        batch text,
        filed_at timestamptz NOT NULL,
        closed_at timestamptz,
        ${figureColumns}
      )`);
    await q.query(`CREATE INDEX figure_bookings_at_idx ON figure_bookings (at)`);
    await q.query(`CREATE INDEX figure_bookings_batch_idx ON figure_bookings (batch, at) WHERE batch IS NOT NULL`);
    await q.query(
      `CREATE INDEX figure_bookings_filed_idx ON figure_bookings (filed_at) INCLUDE (at, ${BOOKING_KEY.join(', ')}, total) WHERE total <> 0`,
    );
    await q.query(
      `CREATE INDEX figure_bookings_closed_idx ON figure_bookings (closed_at) INCLUDE (at, ${BOOKING_KEY.join(', ')}, total) WHERE total <> 0 AND closed_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE figure_days (
        day date NOT NULL,
        unit_id uuid NOT NULL,
        role text NOT NULL,
        source text NOT NULL,
        family_source text NOT NULL,
        ${figureColumns},
        PRIMARY KEY (day, ${KEY.join(', ')})
      )`);

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
        -- each key's running sums on the days it changed, each holding until the next such day (or the last)
        running AS (
          SELECT d.day, ${KEY.map((k) => `d.${k}`).join(', ')}, ${FIGURES.map((c) => `(sum(d.${c}) OVER w)::int AS ${c}`).join(', ')},
            lead(d.day) OVER w AS next_day
            FROM daily d
          WINDOW w AS (PARTITION BY ${KEY.map((k) => `d.${k}`).join(', ')} ORDER BY d.day)
        ),
        added AS (
          INSERT INTO figure_days (day, ${KEY.join(', ')}, ${FIGURES.join(', ')})
          SELECT g.day::date, ${KEY.map((k) => `r.${k}`).join(', ')}, ${FIGURES.map((c) => `r.${c}`).join(', ')}
            FROM running r, span, figure_projection p
            CROSS JOIN LATERAL generate_series(r.day, coalesce(r.next_day - 1, span.last), interval '1 day') g(day)
           WHERE (p.days_through IS NULL OR g.day::date > p.days_through) AND (${nonzero('r.')})
        )
        UPDATE figure_projection p SET days_through = span.last FROM span
         WHERE span.first IS NOT NULL AND span.last >= coalesce(p.days_through + 1, span.first);
      $$`);
    await q.query(`
      CREATE FUNCTION rectify_figures_rebuild(through date) RETURNS void LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(${PROJECTOR_LOCK});
        TRUNCATE figure_bookings, figure_days;
        UPDATE figure_projection SET folded_below = pg_snapshot_xmin(pg_current_snapshot()), days_through = NULL;
        INSERT INTO figure_bookings (at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at, ${FIGURES.join(', ')})
        SELECT at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at, ${sums()}
          FROM figure_changes
         WHERE tx IS NULL OR tx < (SELECT folded_below FROM figure_projection)
         GROUP BY at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at
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
    await q.query(`ANALYZE figure_projection, figure_bookings, figure_days`);
  }

  /** Migration 18's objects as it made them, rebuilt from the log (its down, then its up). */
  async down(q: QueryRunner): Promise<void> {
    const previous = new FigureProjection1763900000018();
    await previous.down(q);
    await previous.up(q);
  }
}
