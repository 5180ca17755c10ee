import type { MigrationInterface, QueryRunner } from 'typeorm';

// The spans open at each counted instant are kept (migration 1763900000005): ~560 rows an instant at a million
// problems, and the scheduler counts every hour for "now" — some 5 M rows a year. The service prunes instants a week
// old but for each Shanghai day's last hour (where a past day's or week's table starts from); a pruned instant is
// counted again when asked. The count function reads an instant's rows in statements of their own, so a prune between
// them would leave it an instant marked counted without its rows: readers take a shared advisory lock, the prune the
// exclusive one.
const NIL = `'00000000-0000-0000-0000-000000000000'`;
/** Also in src/reports/rollup-report.query.ts. */
const PRUNE_LOCK = 7_263_004;

/** rectify_span_counts() as migration 1763900000005 made it, with the shared lock or without. */
const LOCK = `        -- (shared: readers never wait on each other; a prune waits for them, and they for it)
        PERFORM pg_advisory_xact_lock_shared(${PRUNE_LOCK});
`;
const countFunction = (locked: boolean) => `
      CREATE OR REPLACE FUNCTION rectify_span_counts(p_at timestamptz, p_soon_hours int)
      RETURNS TABLE (unit_id uuid, source text, held_overdue int, held_soon int, awaiting_far int) LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        slack_end timestamptz := p_at + interval '2 hours';
        soon_end timestamptz := p_at + make_interval(hours => p_soon_hours);
      BEGIN
${locked ? LOCK : ''}        IF NOT EXISTS (SELECT 1 FROM report_span_counts_done d WHERE d.at = p_at AND d.soon_hours = p_soon_hours) THEN
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
      END $$`;

export class SpanCountsPrune1763900000011 implements MigrationInterface {
  name = 'SpanCountsPrune1763900000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(countFunction(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(countFunction(false));
  }
}
