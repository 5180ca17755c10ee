import type { MigrationInterface, QueryRunner } from 'typeorm';

// The city hands problems down (市级下达, issue #28). The city's office files a problem into its own list (the CITY
// row's `issues`, 市级清单) and a copy into each district's list; the two are linked both ways without a foreign key
// across districts (a key between two tenant tables pairs district_id with district_id, and the two problems live in
// different districts: on Citus, on different shards):
//
// - `city_hand_downs`, the city's: one row per problem of a batch (its Idempotency key and position, the city's
//   problem, the districts it went to). A retry with the same key finds what the first call filed and files only what
//   it did not get to. Keyed in the city's district, its foreign key to the city's own problem.
// - `hand_down_links`, each district's: its problem, which city problem it came from, and what the district may know
//   of it (its code, title, the city's document number, when and by whom) — a district never reads the city's row, so
//   the link carries it. One copy per city problem per district (UNIQUE (city_issue_id, district_id)), which is also
//   what keeps a retry racing the first call from filing twice.
//
// Both are tenant tables like every other (migration 42): district_id last in every key, row security enabled and
// forced with the same policy. District B reads none of district A's links; the city (all) reads every one.

const POLICY = `(district_id = (SELECT rectify_current_district()) OR (SELECT rectify_city_wide()))`;

export class HandDowns1763900000043 implements MigrationInterface {
  name = 'HandDowns1763900000043';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE city_hand_downs (
        batch_key text NOT NULL,
        item_no int NOT NULL CHECK (item_no >= 0),
        request_hash text NOT NULL,
        city_issue_id uuid NOT NULL,
        target_district_ids uuid[] NOT NULL,
        document_number text,
        handed_at timestamptz NOT NULL,
        handed_by text NOT NULL,
        district_id uuid NOT NULL DEFAULT rectify_session_district() REFERENCES districts (id),
        PRIMARY KEY (batch_key, item_no, district_id),
        UNIQUE (city_issue_id, district_id),
        FOREIGN KEY (city_issue_id, district_id) REFERENCES issues (id, district_id)
      )`);
    await q.query(`
      CREATE TABLE hand_down_links (
        issue_id uuid NOT NULL,
        city_issue_id uuid NOT NULL,
        city_issue_code text NOT NULL,
        city_issue_title text NOT NULL,
        document_number text,
        handed_at timestamptz NOT NULL,
        handed_by text NOT NULL,
        district_id uuid NOT NULL DEFAULT rectify_session_district() REFERENCES districts (id),
        PRIMARY KEY (issue_id, district_id),
        UNIQUE (city_issue_id, district_id),
        FOREIGN KEY (issue_id, district_id) REFERENCES issues (id, district_id)
      )`);
    await q.query(
      `COMMENT ON TABLE hand_down_links IS 'A district''s problem handed down by the city (市级下达): the city''s problem it came from, as far as the district may know it'`,
    );
    for (const t of ['city_hand_downs', 'hand_down_links']) {
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY rectify_district ON ${t} USING ${POLICY} WITH CHECK ${POLICY}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hand_down_links`);
    await q.query(`DROP TABLE city_hand_downs`);
  }
}
