import type { MigrationInterface, QueryRunner } from 'typeorm';

// The sign-off chain after acceptance (issue.machine.ts, version 3): each problem keeps the chain its acceptance fixed,
// when its public notice ends and how often the chain sent the work back; the office keeps one closure policy per
// source (none: acceptance, then 销号, as before). VERIFIED, a leaf until now, is VERIFIED.signedOff: accepted, 销号
// next — where the chain ends — so the office's queue names it instead.
const OFFICE_QUEUE_BEFORE = `'FILED', 'RECTIFYING.submitted', 'VERIFIED'`;
const OFFICE_QUEUE_AFTER = `'FILED', 'RECTIFYING.submitted', 'VERIFIED.signedOff', 'VERIFIED.objected', 'VERIFIED.cityReview'`;

const awaitsOffice = (queue: string) => `
  CREATE OR REPLACE FUNCTION rectify_awaits_office(substate text, pending_extension jsonb, duplicate_of_id uuid) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN duplicate_of_id IS NULL AND (
      substate IN (${queue})
      OR (substate = 'RECTIFYING.inProgress' AND pending_extension IS NOT NULL AND jsonb_typeof(pending_extension) = 'object'))`;

export class SignOffChain1763900000025 implements MigrationInterface {
  name = 'SignOffChain1763900000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE issues
        ADD COLUMN sign_off_steps text[] NOT NULL DEFAULT '{}',
        ADD COLUMN notice_ends_at timestamptz,
        ADD COLUMN sent_back_count int NOT NULL DEFAULT 0`);
    await q.query(`UPDATE issues SET substate = 'VERIFIED.signedOff' WHERE substate = 'VERIFIED'`);
    await q.query(awaitsOffice(OFFICE_QUEUE_AFTER));
    // (an index over a function reads it when rows are written: rebuilt for the new definition)
    await q.query(`REINDEX INDEX issues_awaits_office_idx`);
    // the sweep's notices that have run their days, and the public page's notices
    await q.query(`CREATE INDEX issues_notice_idx ON issues (notice_ends_at) WHERE substate = 'VERIFIED.publicNotice'`);
    await q.query(`
      CREATE TABLE closure_policies (
        source text PRIMARY KEY,
        steps text[] NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE closure_policies`);
    await q.query(`DROP INDEX issues_notice_idx`);
    // (a problem part-way through the chain goes back to plain VERIFIED: the chain's steps are not kept)
    await q.query(`UPDATE issues SET substate = 'VERIFIED' WHERE substate LIKE 'VERIFIED.%'`);
    await q.query(awaitsOffice(OFFICE_QUEUE_BEFORE));
    await q.query(`REINDEX INDEX issues_awaits_office_idx`);
    await q.query(
      `ALTER TABLE issues DROP COLUMN sign_off_steps, DROP COLUMN notice_ends_at, DROP COLUMN sent_back_count`,
    );
  }
}
