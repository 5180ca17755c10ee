import type { MigrationInterface, QueryRunner } from 'typeorm';

// Two reads that grew with the whole district instead of what they report on.
//
// 1. The first assignment of each complaint (交办率, complaint-report.query.ts), looked up for every complaint of every
// round each time complaints by round are read (the weekly bulletin's 群众举报 sheet): a bitmap scan of each complaint's
// whole log. An index over the assignments alone answers min(at) from the index.
//
// 2. A batch's table (closureReport(batch: …)) summed every booking of the batch from its first: a batch of a generated
// quarter is tens of thousands of problems and hundreds of thousands of bookings, read for every table. figure_days
// keeps no batch (its keys would multiply by every batch ever filed, for every day), so each batch's bookings are kept
// summed once, up to the end of the last rolled day (figure_projection.days_through): figure_batch_sums. A table then
// reads those sums and the batch's bookings since (or, for a moment before that end, the sums less the bookings after
// it) — a day's bookings instead of the batch's whole life.
//
// Kept by two triggers, so that every writer of the bookings keeps them (the fold's late bookings into rolled days,
// the roll, a rebuild) without their statements changing:
//  - bookings inserted at a moment before the end of the last rolled day (a transaction that committed after its day
//    was rolled) are added at once;
//  - when the last rolled day moves on, the bookings of the days it passes are added; when it is cleared (a rebuild
//    starts again from nothing), the sums are.
// So the sums are always the batch's bookings before the end of days_through, per batch and key.
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
const KEY = ['batch', 'unit_id', 'role', 'source', 'family_source'];
/** The end of a rolled Shanghai day, as figure_days' sums are taken at. */
const endOf = (day: string) => `((${day} + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/** Adds `sign` × the bookings of `from` (a relation with figure_bookings' columns) that match `where`. */
const add = (from: string, where: string, sign = '') => `
  INSERT INTO figure_batch_sums AS s (${KEY.join(', ')}, ${FIGURES.join(', ')})
  SELECT ${KEY.map((k) => `b.${k}`).join(', ')}, ${FIGURES.map((c) => `${sign}sum(b.${c})::int`).join(', ')}
    FROM ${from} b
   WHERE b.batch IS NOT NULL AND ${where}
   GROUP BY ${KEY.map((k) => `b.${k}`).join(', ')}
  ON CONFLICT (${KEY.join(', ')}) DO UPDATE SET ${FIGURES.map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(', ')}`;

export class ReadPaths1763900000041 implements MigrationInterface {
  name = 'ReadPaths1763900000041';

  async up(q: QueryRunner): Promise<void> {
    // (writes to the log wait while it is built: seconds at a million problems)
    await q.query(`CREATE INDEX issue_events_assign_idx ON issue_events (issue_id, at) WHERE type = 'assign'`);
    await q.query(`
      CREATE TABLE figure_batch_sums (
        batch text NOT NULL,
        unit_id uuid NOT NULL,
        role text NOT NULL,
        source text NOT NULL,
        family_source text NOT NULL,
        ${FIGURES.map((c) => `${c} int NOT NULL`).join(',\n        ')},
        PRIMARY KEY (${KEY.join(', ')})
      )`);
    await q.query(`
      CREATE FUNCTION rectify_batch_sums_booked() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        rolled_end timestamptz := (SELECT ${endOf('p.days_through')} FROM figure_projection p);
      BEGIN
        -- (nothing rolled: a rebuild's bookings, which its roll adds)
        IF rolled_end IS NOT NULL THEN
          ${add('added', 'b.at < rolled_end')};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER figure_bookings_batch_sums AFTER INSERT ON figure_bookings
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION rectify_batch_sums_booked()`);
    // (days_through only moves forward or is cleared; a move back is subtracted all the same)
    await q.query(`
      CREATE FUNCTION rectify_batch_sums_rolled() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.days_through IS NULL THEN
          DELETE FROM figure_batch_sums;
        ELSIF OLD.days_through IS NULL THEN
          ${add('figure_bookings', `b.at < ${endOf('NEW.days_through')}`)};
        ELSIF NEW.days_through > OLD.days_through THEN
          ${add('figure_bookings', `b.at >= ${endOf('OLD.days_through')} AND b.at < ${endOf('NEW.days_through')}`)};
        ELSIF NEW.days_through < OLD.days_through THEN
          ${add('figure_bookings', `b.at >= ${endOf('NEW.days_through')} AND b.at < ${endOf('OLD.days_through')}`, '-')};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER figure_projection_batch_sums AFTER UPDATE OF days_through ON figure_projection
        FOR EACH ROW WHEN (OLD.days_through IS DISTINCT FROM NEW.days_through) EXECUTE FUNCTION rectify_batch_sums_rolled()`);
    // The sums of the bookings folded so far (every batch's bookings once: tens of seconds at a million problems); the
    // triggers' locks keep a projector from folding meanwhile.
    await q.query(add('figure_bookings', `b.at < (SELECT ${endOf('p.days_through')} FROM figure_projection p)`));
    await q.query(`ANALYZE figure_batch_sums`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER figure_projection_batch_sums ON figure_projection`);
    await q.query(`DROP TRIGGER figure_bookings_batch_sums ON figure_bookings`);
    await q.query(`DROP FUNCTION rectify_batch_sums_rolled()`);
    await q.query(`DROP FUNCTION rectify_batch_sums_booked()`);
    await q.query(`DROP TABLE figure_batch_sums`);
    await q.query(`DROP INDEX issue_events_assign_idx`);
  }
}
