import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue.updatedAt: the time of the problem's last event, for "changed since" (IssueFilter.updatedAfter) and the
// UPDATED_AT order. The transition's own statement sets it with the event it appends (issues.repository.ts); a new
// problem is born at its filing event, whatever inserts it (a trigger fills a row that does not say, such as a COPY of
// the bench's generator or a restore of a backup made before this column). rectify_updated_at_rebuild() reads it back
// from the log, set-based: the backfill here, and part of rectify_derived_rebuild() so that rows loaded without it
// (restores, the bench) end up right. Keyset indexes per order: the whole list and one lead unit's list.
export class IssueUpdatedAt1763900000015 implements MigrationInterface {
  name = 'IssueUpdatedAt1763900000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE issues ADD COLUMN updated_at timestamptz`);
    await q.query(`
      CREATE FUNCTION rectify_updated_at_rebuild() RETURNS void LANGUAGE sql AS $$
        UPDATE issues i SET updated_at = e.last
          FROM (SELECT issue_id, max(at) AS last FROM issue_events GROUP BY issue_id) e
         WHERE e.issue_id = i.id AND i.updated_at IS DISTINCT FROM e.last;
      $$`);
    // The backfill moves no problem between the list's count rows: their statement trigger would only net 2 × a million
    // rows to nothing (the lock this statement holds keeps every other writer out meanwhile).
    await q.query(`ALTER TABLE issues DISABLE TRIGGER issues_list_counts_update`);
    await q.query(`SELECT rectify_updated_at_rebuild()`);
    await q.query(`ALTER TABLE issues ENABLE TRIGGER issues_list_counts_update`);
    await q.query(`UPDATE issues SET updated_at = filed_at WHERE updated_at IS NULL`); // (every problem has a log row; none is expected)
    await q.query(`ALTER TABLE issues ALTER COLUMN updated_at SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION rectify_issue_born() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.updated_at := NEW.filed_at;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER issues_born BEFORE INSERT ON issues FOR EACH ROW WHEN (NEW.updated_at IS NULL) EXECUTE FUNCTION rectify_issue_born()`,
    );
    await q.query(`CREATE INDEX issues_updated_idx ON issues (updated_at, id)`);
    await q.query(`CREATE INDEX issues_lead_updated_idx ON issues (lead_unit_id, updated_at, id)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_derived_rebuild() RETURNS void LANGUAGE sql AS $$
        SELECT rectify_updated_at_rebuild();
        SELECT rectify_rollup_rebuild();
        SELECT rectify_hourly_rebuild();
        SELECT rectify_period_rebuild();
        SELECT rectify_list_counts_rebuild();
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_derived_rebuild() RETURNS void LANGUAGE sql AS $$
        SELECT rectify_rollup_rebuild();
        SELECT rectify_hourly_rebuild();
        SELECT rectify_period_rebuild();
        SELECT rectify_list_counts_rebuild();
      $$`);
    await q.query(`DROP TRIGGER issues_born ON issues`);
    await q.query(`DROP FUNCTION rectify_issue_born()`);
    await q.query(`DROP FUNCTION rectify_updated_at_rebuild()`);
    await q.query(`ALTER TABLE issues DROP COLUMN updated_at`); // (its indexes go with it)
  }
}
