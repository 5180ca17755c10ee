import type { MigrationInterface, QueryRunner } from 'typeorm';

// The list's counts off the hot rows. Until now the statement triggers on issues (migrations 9 and 16) added each
// change into the (unit, role, state, sub-state, source, published) count rows: concurrent transitions of one unit's
// problems updated the same rows and waited on each other. Now they only append their signed changes to
// issue_list_count_changes (no key, no row two transactions share); the projector (figure-projector.service.ts), under
// its lock, moves them into issue_list_counts in the same fold that books the figures. A count reads both
// (issue_list_count_rows), so it is exact at every moment, folded or not. An update is seen by a row trigger whose
// WHEN compares the counted columns: an event that moves no count (a progress report, a new deadline) runs no
// function at all; inserts (filings, imports) keep the statement trigger, set-based.
const NIL = `'00000000-0000-0000-0000-000000000000'`;
const KEY = ['unit_id', 'lead', 'state', 'substate', 'source', 'published'];
const COLUMNS = 'id, lead_unit_id, cooperating_unit_ids, state, substate, source, published';

/** Each row's sign under the count rows its problem stands in: its lead unit's and each other cooperating unit's. */
function grouped(rows: string): string {
  return `
        SELECT x.unit_id, x.lead, x.state, x.substate, x.source, x.published, sum(x.sign)::int
          FROM (
            SELECT DISTINCT r.id, r.sign, k.unit_id, k.pos = 1 AS lead, r.state, r.substate, r.source, r.published
              FROM (${rows}) r
              CROSS JOIN LATERAL unnest(array_prepend(coalesce(r.lead_unit_id, ${NIL}::uuid), r.cooperating_unit_ids))
                WITH ORDINALITY k(unit_id, pos)
             WHERE k.pos = 1 OR k.unit_id IS DISTINCT FROM r.lead_unit_id
          ) x
         GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(x.sign) <> 0`;
}

const INSERTED = `SELECT 1 AS sign, ${COLUMNS} FROM new_rows`;
const UPDATED = `SELECT 1 AS sign, ${COLUMNS} FROM new_rows UNION ALL SELECT -1, ${COLUMNS} FROM old_rows`;
const COUNTED = ['lead_unit_id', 'cooperating_unit_ids', 'state', 'substate', 'source', 'published'];
const row = (r: 'NEW' | 'OLD', sign: number) =>
  `SELECT ${sign} AS sign, ${r}.id AS id, ${COUNTED.map((c) => `${r}.${c} AS ${c}`).join(', ')}`;
const ADDED = `ON CONFLICT (${KEY.join(', ')}) DO UPDATE SET n = c.n + EXCLUDED.n`;

export class ListCountChanges1763900000020 implements MigrationInterface {
  name = 'ListCountChanges1763900000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE issue_list_count_changes (LIKE issue_list_counts)`);
    // Reads of a count: what the projector folded and what it has not yet.
    await q.query(`
      CREATE VIEW issue_list_count_rows AS
        SELECT ${KEY.join(', ')}, n FROM issue_list_counts
        UNION ALL
        SELECT ${KEY.join(', ')}, n FROM issue_list_count_changes`);
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_list_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO issue_list_count_changes (${KEY.join(', ')}, n) ${grouped(INSERTED)};
        ELSE
          TRUNCATE issue_list_counts, issue_list_count_changes;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION rectify_list_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO issue_list_count_changes (${KEY.join(', ')}, n) ${grouped(`${row('NEW', 1)} UNION ALL ${row('OLD', -1)}`)};
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER issues_list_counts_update ON issues`);
    await q.query(`
      CREATE TRIGGER issues_list_counts_moved AFTER UPDATE ON issues FOR EACH ROW
        WHEN ((${COUNTED.map((c) => `OLD.${c}`).join(', ')}) IS DISTINCT FROM (${COUNTED.map((c) => `NEW.${c}`).join(', ')}))
        EXECUTE FUNCTION rectify_list_count_moved()`);
    // Only the projector calls it, under its lock (the one writer of issue_list_counts). A change that commits while it
    // runs is not in its snapshot: it stays for the next fold.
    await q.query(`
      CREATE FUNCTION rectify_list_counts_fold() RETURNS void LANGUAGE sql AS $$
        WITH moved AS (DELETE FROM issue_list_count_changes RETURNING ${KEY.join(', ')}, n)
        INSERT INTO issue_list_counts AS c (${KEY.join(', ')}, n)
        SELECT ${KEY.join(', ')}, sum(n)::int FROM moved GROUP BY ${KEY.join(', ')} HAVING sum(n) <> 0
        ${ADDED};
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_list_counts_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE issue_list_counts, issue_list_count_changes;
        INSERT INTO issue_list_counts AS c (${KEY.join(', ')}, n) ${grouped(`SELECT 1 AS sign, ${COLUMNS} FROM issues`)}
        ${ADDED};
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT rectify_list_counts_fold()`);
    await q.query(`DROP TRIGGER IF EXISTS issues_list_counts_moved ON issues`);
    await q.query(`DROP FUNCTION IF EXISTS rectify_list_count_moved()`);
    await q.query(`DROP TRIGGER IF EXISTS issues_list_counts_update ON issues`);
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_list_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO issue_list_counts AS c (${KEY.join(', ')}, n) ${grouped(INSERTED)} ORDER BY 1, 2, 3, 4, 5, 6 ${ADDED};
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO issue_list_counts AS c (${KEY.join(', ')}, n) ${grouped(UPDATED)} ORDER BY 1, 2, 3, 4, 5, 6 ${ADDED};
        ELSE
          TRUNCATE issue_list_counts;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION rectify_list_counts_rebuild() RETURNS void LANGUAGE sql AS $$
        TRUNCATE issue_list_counts;
        INSERT INTO issue_list_counts AS c (${KEY.join(', ')}, n) ${grouped(`SELECT 1 AS sign, ${COLUMNS} FROM issues`)}
        ${ADDED};
      $$`);
    await q.query(`CREATE TRIGGER issues_list_counts_update AFTER UPDATE ON issues REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rectify_list_counts()`);
    await q.query(`DROP FUNCTION rectify_list_counts_fold()`);
    await q.query(`DROP VIEW issue_list_count_rows`);
    await q.query(`DROP TABLE issue_list_count_changes`);
  }
}
