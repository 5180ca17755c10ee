import type { MigrationInterface, QueryRunner } from 'typeorm';

// The report reads the spans opened or closed since the counted hour, and counts the hour's log rows, by index-only
// scans: they visit the table for every row on a page not marked all-visible. PostgreSQL's defaults vacuum a table
// after a fifth of it changed (1.3 M of 6.4 M spans, 1.8 M of 9 M events) and skip index cleanup when under 2% of
// pages hold dead rows, which leaves those pages unmarked for good: after an hour of 40 k transitions, "now" took
// 60–80 ms instead of 37 (43 k heap fetches twice; bench/, 1 M problems). Vacuumed after ~0.2% instead, with index
// cleanup (~3 s over the spans' 2 GB of indexes at that size, at most once a minute while traffic lasts).
export class VacuumHotTables1763900000008 implements MigrationInterface {
  name = 'VacuumHotTables1763900000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE report_intervals SET (
        autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_scale_factor = 0.002,
        autovacuum_vacuum_insert_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0.002,
        vacuum_index_cleanup = on)`);
    await q.query(
      `ALTER TABLE issue_events SET (autovacuum_vacuum_insert_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0.002)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE issue_events RESET (autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor)`,
    );
    await q.query(`
      ALTER TABLE report_intervals RESET (
        autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor,
        autovacuum_vacuum_insert_threshold, autovacuum_vacuum_insert_scale_factor, vacuum_index_cleanup)`);
  }
}
