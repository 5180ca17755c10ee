import type { MigrationInterface, QueryRunner } from 'typeorm';

// A unit keeps read access to the problems it once led or cooperated on (README: Former holders): one row per unit and
// problem it no longer holds, with the seq of the event that took it away (its view of the log ends there). Kept by a
// row trigger on the problems that fires only when the lead or cooperating units change (assign, reassign, return);
// a unit that holds the problem again leaves the table. Rebuilt from the log (the lead unit after each event, the
// cooperating units in the assign and reassign payloads, none after a return) by rectify_former_holders_rebuild(),
// part of rectify_derived_rebuild().
const REBUILD = `
  INSERT INTO issue_former_holders (unit_id, issue_id, until_seq)
  SELECT g.unit_id, g.issue_id, g.until_seq FROM (
  SELECT h.unit_id, h.issue_id, max(h.next_seq) AS until_seq
    FROM (
      SELECT c.issue_id, u.unit_id, c.next_seq
        FROM (
          SELECT e.issue_id, e.lead_unit_id,
                 CASE WHEN e.type IN ('assign', 'reassign') THEN e.payload -> 'cooperatingUnitIds' END AS coop,
                 lead(e.seq) OVER (PARTITION BY e.issue_id ORDER BY e.seq) AS next_seq
            FROM issue_events e
           WHERE e.type IN ('assign', 'reassign', 'return')
        ) c
        CROSS JOIN LATERAL (
          SELECT c.lead_unit_id AS unit_id WHERE c.lead_unit_id IS NOT NULL
          UNION
          SELECT x::uuid FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.coop) = 'array' THEN c.coop ELSE '[]' END) x
        ) u
    ) h
   GROUP BY h.unit_id, h.issue_id
  -- a span still open (no event after it changed the holders) is a holder now
  HAVING bool_and(h.next_seq IS NOT NULL)
  ) g
  -- (and so is any unit the row names, whatever the log says)
  WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.id = g.issue_id AND (i.lead_unit_id = g.unit_id OR g.unit_id = ANY (i.cooperating_unit_ids)))`;

export class IssueFormerHolders1763900000017 implements MigrationInterface {
  name = 'IssueFormerHolders1763900000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE issue_former_holders (
        unit_id uuid NOT NULL,
        issue_id uuid NOT NULL,
        until_seq int NOT NULL,
        PRIMARY KEY (unit_id, issue_id)
      )`);
    await q.query(`CREATE INDEX issue_former_holders_issue_idx ON issue_former_holders (issue_id)`);
    // NEW.version is the seq of the event being saved (one event, one version).
    await q.query(`
      CREATE FUNCTION rectify_former_holders() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO issue_former_holders AS f (unit_id, issue_id, until_seq)
        SELECT DISTINCT u, NEW.id, NEW.version
          FROM unnest(array_prepend(OLD.lead_unit_id, OLD.cooperating_unit_ids)) u
         WHERE u IS NOT NULL AND u IS DISTINCT FROM NEW.lead_unit_id AND NOT (u = ANY (NEW.cooperating_unit_ids))
        ON CONFLICT (unit_id, issue_id) DO UPDATE SET until_seq = EXCLUDED.until_seq;
        DELETE FROM issue_former_holders
         WHERE issue_id = NEW.id AND (unit_id = NEW.lead_unit_id OR unit_id = ANY (NEW.cooperating_unit_ids));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER issues_former_holders AFTER UPDATE OF lead_unit_id, cooperating_unit_ids ON issues FOR EACH ROW
        WHEN (OLD.lead_unit_id IS DISTINCT FROM NEW.lead_unit_id OR OLD.cooperating_unit_ids IS DISTINCT FROM NEW.cooperating_unit_ids)
        EXECUTE FUNCTION rectify_former_holders()`);
    await q.query(`
      CREATE FUNCTION rectify_former_holders_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE issue_former_holders;
        ${REBUILD};
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_derived_rebuild() RETURNS void LANGUAGE sql AS $$
        SELECT rectify_updated_at_rebuild();
        SELECT rectify_rollup_rebuild();
        SELECT rectify_hourly_rebuild();
        SELECT rectify_period_rebuild();
        SELECT rectify_list_counts_rebuild();
        SELECT rectify_former_holders_rebuild();
      $$`);
    await q.query(`SELECT rectify_former_holders_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_derived_rebuild() RETURNS void LANGUAGE sql AS $$
        SELECT rectify_updated_at_rebuild();
        SELECT rectify_rollup_rebuild();
        SELECT rectify_hourly_rebuild();
        SELECT rectify_period_rebuild();
        SELECT rectify_list_counts_rebuild();
      $$`);
    await q.query(`DROP FUNCTION rectify_former_holders_rebuild()`);
    await q.query(`DROP TRIGGER issues_former_holders ON issues`);
    await q.query(`DROP FUNCTION rectify_former_holders()`);
    await q.query(`DROP TABLE issue_former_holders`);
  }
}
