import type { MigrationInterface, QueryRunner } from 'typeorm';

// The fold and the live tail read only what is new. Until now each computed a problem's facts over its whole log (the
// running ones — last close, rebounds, the cooperating units an assign named — and the next row's time are windows over
// every row of the problem), so a problem with a long log cost its whole log at every fold and every table. Now the
// projector keeps, per problem, the facts of its last folded row (figure_heads); the facts of the rows after it are
// computed from that row on (figure_tail_facts), and so are their bookings (figure_tail_bookings: the head's −1, each
// new row's +1 and −1). The tail view holds exactly what is not folded yet.
//
// The projector folds problems, not transactions: a fold takes the problems with log rows in its transaction range
// and folds every row of theirs it sees. Whatever it cannot see yet belongs to a transaction still running, at or above
// its new position, so the live tail finds the problem by that row and reads it from its head.
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
const BOOKING_KEY = ['unit_id', 'role', 'source', 'family_source', 'batch'];
const nonzero = (prefix = '') => FIGURES.map((c) => `${prefix}${c} <> 0`).join(' OR ');
const sums = (prefix = '') => FIGURES.map((c) => `sum(${prefix}${c})::int AS ${c}`).join(', ');
const AFTER = `interval '1 microsecond'`;
const PROJECTOR_LOCK = 7_263_018;

/** What a head keeps of its problem's last folded row: the facts a booking needs that the problem row cannot give. */
const HEAD_COLUMNS = [
  'issue_id',
  'seq',
  'at',
  'unit_id',
  'cooperating_unit_ids',
  'closed_at',
  'counted',
  'closed',
  'completed_on_time',
  'rebounds',
  'replied_on_time',
  'satisfaction',
  'held',
  'due_at',
  'reply_due_from',
];

/** The bookings of a relation of facts (figure_tail_facts' columns): a head books only its −1. */
function bookingsOf(facts: string): string {
  return `
      SELECT f.issue_id, b.at, r.unit_id, r.role, f.source, f.family_source, f.batch, f.filed_at, f.closed_at,
        ${FIGURES.map((c) => `e.sign * b.${c} AS ${c}`).join(', ')}
      FROM (SELECT ff.*, lead(ff.at) OVER w AS next_at FROM ${facts} ff WINDOW w AS (PARTITION BY ff.issue_id ORDER BY ff.seq)) f
      CROSS JOIN figure_projection s
      CROSS JOIN LATERAL (
        SELECT f.unit_id, 'LEAD'::text
        UNION ALL SELECT x::uuid, 'COOPERATING' FROM jsonb_array_elements_text(f.cooperating_unit_ids) x
      ) r(unit_id, role)
      CROSS JOIN LATERAL (VALUES (1, f.at), (-1, f.next_at)) e(sign, edge_at)
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
      WHERE e.edge_at IS NOT NULL AND NOT (f.head AND e.sign = 1) AND (${nonzero('b.')})`;
}

/** Each problem's last row of a relation of facts, as its head. */
const headsOf = (facts: string, where = 'true') => `
  INSERT INTO figure_heads AS h (${HEAD_COLUMNS.join(', ')})
  SELECT DISTINCT ON (issue_id) ${HEAD_COLUMNS.join(', ')} FROM ${facts} WHERE NOT head AND ${where} ORDER BY issue_id, seq DESC
  ON CONFLICT (issue_id) DO UPDATE SET (${HEAD_COLUMNS.slice(1).join(', ')}) = ROW(${HEAD_COLUMNS.slice(1)
    .map((c) => `EXCLUDED.${c}`)
    .join(', ')})`;

export class FigureHeads1763900000021 implements MigrationInterface {
  name = 'FigureHeads1763900000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rectify_derived_rebuild()`);
    await q.query(`DROP FUNCTION rectify_figures_rebuild(date)`);
    await q.query(`DROP VIEW figure_changes`);
    await q.query(`DROP VIEW figure_facts`);

    await q.query(`
      CREATE TABLE figure_heads (
        issue_id uuid PRIMARY KEY,
        seq int NOT NULL,
        at timestamptz NOT NULL,
        unit_id uuid NOT NULL,
        cooperating_unit_ids jsonb NOT NULL,
        closed_at timestamptz,
        counted boolean NOT NULL,
        closed boolean NOT NULL,
        completed_on_time boolean NOT NULL,
        rebounds int NOT NULL,
        replied_on_time boolean NOT NULL,
        satisfaction text,
        held boolean NOT NULL,
        due_at timestamptz,
        reply_due_from timestamptz
      )`);

    // Per log row not folded yet (and per head, flagged), the problem's facts after it as the figures read them. A row
    // carries its own facts; the running ones start from the head: the cooperating units the last assign or reassign
    // named (a return clears them), the last close, the rebounds so far. Quals on issue_id reach inside the windows
    // and, through issues.id, the log's (issue_id, seq) index from the head on.
    await q.query(`
      CREATE VIEW figure_tail_facts AS
      SELECT r.issue_id, r.seq, r.at, r.head, r.unit_id,
        coalesce(first_value(r.own_cooperating) OVER h, '[]'::jsonb) AS cooperating_unit_ids,
        i.source,
        coalesce(parent.source, i.source) AS family_source,
        i.batch,
        i.filed_at,
        max(r.own_closed_at) OVER w AS closed_at,
        r.counted, r.closed, r.completed_on_time,
        (sum(r.own_rebounds) OVER w)::int AS rebounds,
        i.source = 'PUBLIC_COMPLAINT' AS complaint,
        r.replied_on_time, r.satisfaction, r.held, r.due_at, r.reply_due_from
      FROM (
        SELECT g.*, count(g.own_cooperating) OVER (PARTITION BY g.issue_id ORDER BY g.seq) AS holders
        FROM (
          SELECT h.issue_id, h.seq, h.at, true AS head, h.unit_id, h.cooperating_unit_ids AS own_cooperating,
            h.closed_at AS own_closed_at, h.rebounds AS own_rebounds, h.counted, h.closed, h.completed_on_time,
            h.replied_on_time, h.satisfaction, h.held, h.due_at, h.reply_due_from
          FROM figure_heads h
          UNION ALL
          SELECT i.id, e.seq, e.at, false, coalesce(e.lead_unit_id, ${NIL}),
            CASE WHEN e.type IN ('assign', 'reassign') AND jsonb_typeof(e.payload -> 'cooperatingUnitIds') = 'array'
                   THEN e.payload -> 'cooperatingUnitIds'
                 WHEN e.type IN ('assign', 'reassign', 'return') THEN '[]'::jsonb END,
            CASE WHEN e.type = 'close' THEN e.at END,
            rectify_rebound(e.type, e.to_state)::int,
            e.duplicate_of_id IS NULL,
            rectify_closed(e.to_state),
            e.completed_on_time IS TRUE,
            e.first_submitted_at <= i.reply_due_at IS TRUE,
            e.satisfaction,
            rectify_held(e.to_state, e.deadline_kind) AND e.due_at IS NOT NULL,
            e.due_at,
            -- a complaint's reply is due from its first submission, or once its reply deadline has passed
            CASE WHEN e.first_submitted_at IS NOT NULL THEN '-infinity'::timestamptz ELSE i.reply_due_at + ${AFTER} END
          FROM issues i
          LEFT JOIN figure_heads h ON h.issue_id = i.id
          JOIN issue_events e ON e.issue_id = i.id AND e.seq > coalesce(h.seq, -1)
        ) g
      ) r
      JOIN issues i ON i.id = r.issue_id
      LEFT JOIN issues parent ON parent.id = i.parent_id
      WINDOW w AS (PARTITION BY r.issue_id ORDER BY r.seq), h AS (PARTITION BY r.issue_id, r.holders ORDER BY r.seq)`);

    // The bookings not folded yet: as migration 19's, once per unit the row's facts count under (the lead and each
    // cooperating unit).
    await q.query(`CREATE VIEW figure_tail_bookings AS ${bookingsOf('figure_tail_facts')}`);

    // The tail a table reads: the bookings not folded yet of the problems with a row at or above the position (each
    // problem with rows not folded has one). A function, so that a connection plans the view once, not every table:
    // planning it took ~10 ms of a 15 ms table at 20,000 problems; PL/pgSQL keeps the plan. STABLE: it reads in the
    // calling statement's snapshot, the one its position was read in. (The problems are repeated as often as they have
    // such rows: a DISTINCT's hash table is sized for the planner's guess of a third of the log, 32 MB at a million.)
    await q.query(`
      CREATE FUNCTION rectify_figure_tail(since xid8) RETURNS SETOF figure_tail_bookings LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN QUERY SELECT * FROM figure_tail_bookings
          WHERE issue_id = ANY (ARRAY(SELECT e.issue_id FROM issue_events e WHERE e.tx >= since));
      END $$`);
    // The projector's step after booking a fold: the folded problems' last rows become their heads.
    await q.query(`
      CREATE FUNCTION rectify_figure_heads_advance(issues uuid[]) RETURNS void LANGUAGE sql AS $$
        ${headsOf('figure_tail_facts', 'issue_id = ANY (issues)')};
      $$`);
    // Every row visible is folded (a row not visible belongs to a transaction at or above the new position).
    await q.query(`
      CREATE FUNCTION rectify_figures_rebuild(through date) RETURNS void LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(${PROJECTOR_LOCK});
        TRUNCATE figure_bookings, figure_days, figure_heads;
        UPDATE figure_projection SET folded_below = pg_snapshot_xmin(pg_current_snapshot()), days_through = NULL;
        WITH f AS MATERIALIZED (SELECT * FROM figure_tail_facts),
        heads AS (${headsOf('f')})
        INSERT INTO figure_bookings (at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at, ${FIGURES.join(', ')})
        SELECT at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at, ${sums()}
          FROM (${bookingsOf('f')}) c
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
    await q.query(`ANALYZE figure_heads, figure_bookings, figure_days`);
  }

  /** Migration 19's views and rebuild, as it made them (its facts over each problem's whole log), rebuilt. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rectify_derived_rebuild()`);
    await q.query(`DROP FUNCTION rectify_figures_rebuild(date)`);
    await q.query(`DROP FUNCTION rectify_figure_heads_advance(uuid[])`);
    await q.query(`DROP FUNCTION rectify_figure_tail(xid8)`);
    await q.query(`DROP VIEW figure_tail_bookings`);
    await q.query(`DROP VIEW figure_tail_facts`);
    await q.query(`DROP TABLE figure_heads`);
    await q.query(`
      CREATE VIEW figure_facts AS
      SELECT e.issue_id, e.seq, e.tx, e.at,
        coalesce(e.lead_unit_id, ${NIL}) AS unit_id,
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
  }
}
