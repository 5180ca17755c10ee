import type { MigrationInterface, QueryRunner } from 'typeorm';

// A fold's work in proportion to the facts its new rows change. Since migration 21 a fold reads only a problem's rows
// after its head, but it still cost ~0.1 ms a new row: each row booked its +1s and the −1s of the row before (eleven
// figures, up to four thresholds, each unit it counts under), and a progress report or a publication — most of the
// log — changes no fact, so all of it cancelled in the sums; and the facts were computed twice (the bookings, then the
// heads). Now:
//  - a row whose facts equal the row before's books nothing (figure_tail_bookings drops it before booking): its +1s
//    are the −1s of the row before at the same moments, under the same keys, so the sums are the same without both;
//  - one function folds (rectify_figures_fold): the facts of the problems with rows in the range once, booked and made
//    their heads in one statement; JIT off (on a server with LLVM the planner's guess for the late-days insert,
//    millions of rows, made each fold compile for ~1.7 s to fold a handful of rows).
// No rebuild: the bookings are the same. A previous version's projector, in a rolling upgrade, fails its fold
// (rectify_figure_heads_advance is gone) and rolls it back whole until it is replaced; its reads stay exact.
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
const DAY_KEY = ['unit_id', 'role', 'source', 'family_source'];
const BOOKING_KEY = [...DAY_KEY, 'batch'];
const nonzero = (prefix = '') => FIGURES.map((c) => `${prefix}${c} <> 0`).join(' OR ');
const sums = (prefix = '') => FIGURES.map((c) => `sum(${prefix}${c})::int AS ${c}`).join(', ');
const AFTER = `interval '1 microsecond'`;
const PROJECTOR_LOCK = 7_263_018;

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
/** The facts of a row a booking reads that may differ from the row before's (the rest are the problem's). */
const CHANGING = HEAD_COLUMNS.filter((c) => !['issue_id', 'seq', 'at'].includes(c));

/**
 * The bookings of a relation of facts (figure_tail_facts' columns): a head books only its −1. With `changesOnly`,
 * the rows whose facts equal the row before's are left out first.
 */
function bookingsOf(facts: string, changesOnly: boolean): string {
  const rows = changesOnly
    ? `(SELECT c.* FROM (
          SELECT ff.*, ROW(${CHANGING.map((c) => `ff.${c}`).join(', ')})
                 IS NOT DISTINCT FROM lag(ROW(${CHANGING.map((c) => `ff.${c}`).join(', ')})) OVER w AS unchanged
            FROM ${facts} ff WINDOW w AS (PARTITION BY ff.issue_id ORDER BY ff.seq)) c
         WHERE NOT c.unchanged)`
    : facts;
  return `
      SELECT f.issue_id, b.at, r.unit_id, r.role, f.source, f.family_source, f.batch, f.filed_at, f.closed_at,
        ${FIGURES.map((c) => `e.sign * b.${c} AS ${c}`).join(', ')}
      FROM (SELECT ff.*, lead(ff.at) OVER w AS next_at FROM ${rows} ff WINDOW w AS (PARTITION BY ff.issue_id ORDER BY ff.seq)) f
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

/** The bookings of a relation of facts summed per moment and key, those that do not cancel. */
const summed = (facts: string, changesOnly: boolean) => `
        SELECT at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at, ${sums()}
          FROM (${bookingsOf(facts, changesOnly)}) c
         GROUP BY at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at
        HAVING ${FIGURES.map((c) => `sum(${c}) <> 0`).join(' OR ')}`;

/** Each problem's last row of a relation of facts, as its head. */
const headsOf = (facts: string, where = 'true') => `
  INSERT INTO figure_heads AS h (${HEAD_COLUMNS.join(', ')})
  SELECT DISTINCT ON (issue_id) ${HEAD_COLUMNS.join(', ')} FROM ${facts} WHERE NOT head AND ${where} ORDER BY issue_id, seq DESC
  ON CONFLICT (issue_id) DO UPDATE SET (${HEAD_COLUMNS.slice(1).join(', ')}) = ROW(${HEAD_COLUMNS.slice(1)
    .map((c) => `EXCLUDED.${c}`)
    .join(', ')})`;

/** Migration 21's rebuild, its bookings made by `changesOnly` or not (the same rows either way). */
const rebuild = (changesOnly: boolean) => `
      CREATE OR REPLACE FUNCTION rectify_figures_rebuild(through date) RETURNS void LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(${PROJECTOR_LOCK});
        TRUNCATE figure_bookings, figure_days, figure_heads;
        UPDATE figure_projection SET folded_below = pg_snapshot_xmin(pg_current_snapshot()), days_through = NULL;
        WITH f AS MATERIALIZED (SELECT * FROM figure_tail_facts),
        heads AS (${headsOf('f')})
        INSERT INTO figure_bookings (at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at, ${FIGURES.join(', ')})
        ${summed('f', changesOnly)};
        SELECT rectify_figures_roll(through);
      $$`;

export class FigureFold1763900000037 implements MigrationInterface {
  name = 'FigureFold1763900000037';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW figure_tail_bookings AS ${bookingsOf('figure_tail_facts', true)}`);
    await q.query(rebuild(true));
    await q.query(`DROP FUNCTION rectify_figure_heads_advance(uuid[])`);
    // Only the projector calls it, under its lock, in a snapshot that sees every transaction below `below` finished.
    // The problems with rows in [since, below) are folded from their heads through every row of theirs it sees; a row
    // it cannot see belongs to a transaction at or above `below`, which the live tail finds and reads from the head.
    // Bookings in days already rolled (a transaction that committed after its day was rolled) go into those days too.
    // PL/pgSQL, so that a connection plans the statement once (a SQL function's is planned at every call before
    // PostgreSQL 18: ~4 ms a beat); most beats of a quiet service find nothing logged and only move the position.
    await q.query(`
      CREATE FUNCTION rectify_figures_fold(since xid8, below xid8) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM issue_events WHERE tx >= since AND tx < below) THEN
          WITH f AS MATERIALIZED (
            SELECT * FROM figure_tail_facts
             WHERE issue_id = ANY (ARRAY(SELECT DISTINCT issue_id FROM issue_events WHERE tx >= since AND tx < below))
          ),
          heads AS (${headsOf('f')}),
          b AS MATERIALIZED (${summed('f', true)}),
          booked AS (
            INSERT INTO figure_bookings (at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at, ${FIGURES.join(', ')})
            SELECT at, ${BOOKING_KEY.join(', ')}, filed_at, closed_at, ${FIGURES.join(', ')} FROM b
          )
          INSERT INTO figure_days AS d (day, ${DAY_KEY.join(', ')}, ${FIGURES.join(', ')})
          SELECT g.day::date, ${DAY_KEY.join(', ')}, ${FIGURES.map((c) => `sum(b.${c})::int`).join(', ')}
            FROM b CROSS JOIN figure_projection p
            CROSS JOIN LATERAL generate_series(rectify_day(b.at), p.days_through, interval '1 day') g(day)
           WHERE rectify_day(b.at) <= p.days_through
           GROUP BY 1, ${DAY_KEY.join(', ')}
          ON CONFLICT (day, ${DAY_KEY.join(', ')}) DO UPDATE SET ${FIGURES.map((c) => `${c} = d.${c} + EXCLUDED.${c}`).join(', ')};
        END IF;
        UPDATE figure_projection SET folded_below = below;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rectify_figures_fold(xid8, xid8)`);
    await q.query(`
      CREATE FUNCTION rectify_figure_heads_advance(issues uuid[]) RETURNS void LANGUAGE sql AS $$
        ${headsOf('figure_tail_facts', 'issue_id = ANY (issues)')};
      $$`);
    await q.query(rebuild(false));
    await q.query(`CREATE OR REPLACE VIEW figure_tail_bookings AS ${bookingsOf('figure_tail_facts', false)}`);
  }
}
